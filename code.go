package pejling

// BenefitGroup is a benefit group (ydelsesgruppe) code as used in official statistics.
type BenefitGroup string

// The benefit groups of DOMAIN.md §2, in the order they are shown.
const (
	DGP   BenefitGroup = "DGP"   // a-dagpenge, insured unemployed
	AMY   BenefitGroup = "AMY"   // arbejdsmarkedsydelse
	KTH   BenefitGroup = "KTH"   // kontanthjælp
	UDH   BenefitGroup = "UDH"   // uddannelseshjælp (folded into KTH from 1 July 2025)
	IYD   BenefitGroup = "IYD"   // integrationsydelse (folded into KTH from 1 July 2025)
	SDP   BenefitGroup = "SDP"   // sygedagpenge, sickness benefit
	JAF   BenefitGroup = "JAF"   // jobafklaringsforløb
	RES   BenefitGroup = "RES"   // ressourceforløb
	LED   BenefitGroup = "LED"   // ledighedsydelse
	FLX   BenefitGroup = "FLX"   // fleksjob
	REVA  BenefitGroup = "REVA"  // revalidering
	FREVA BenefitGroup = "FREVA" // forrevalidering
	FTP   BenefitGroup = "FTP"   // førtidspension
	SUY   BenefitGroup = "SUY"   // SU-related support
)

// BenefitGroups lists every benefit group in display order.
var BenefitGroups = []BenefitGroup{DGP, AMY, KTH, UDH, IYD, SDP, JAF, RES, LED, FLX, REVA, FREVA, FTP, SUY}

// Valid reports whether g is a known benefit group code.
func (g BenefitGroup) Valid() bool {
	for _, k := range BenefitGroups {
		if g == k {
			return true
		}
	}
	return false
}

// MatchGroup is the visitation category of a benefit spell; empty when not given.
type MatchGroup string

// The match groups: the current two and the older three.
const (
	Jobparat        MatchGroup = "jobparat"
	Aktivitetsparat MatchGroup = "aktivitetsparat"
	Match1          MatchGroup = "match1"
	Match2          MatchGroup = "match2"
	Match3          MatchGroup = "match3"
)

// MatchGroups lists every match group.
var MatchGroups = []MatchGroup{Jobparat, Aktivitetsparat, Match1, Match2, Match3}

// Valid reports whether m is empty or a known match group.
func (m MatchGroup) Valid() bool {
	if m == "" {
		return true
	}
	for _, k := range MatchGroups {
		if m == k {
			return true
		}
	}
	return false
}

// ActivationType is the kind of activation offer (tilbud).
type ActivationType string

// The activation types of DOMAIN.md §2. The first three are company placements.
const (
	Praktik      ActivationType = "praktik"       // virksomhedspraktik
	LtsPrivat    ActivationType = "lts_privat"    // løntilskud, private company
	LtsOffentlig ActivationType = "lts_offentlig" // løntilskud, public workplace
	Vejledning   ActivationType = "vejledning"    // vejledning og opkvalificering
	Nytte        ActivationType = "nytte"         // nytteindsats
	Mentor       ActivationType = "mentor"
	AndetTilbud  ActivationType = "andet"
)

// ActivationTypes lists every activation type, company placements first.
var ActivationTypes = []ActivationType{Praktik, LtsPrivat, LtsOffentlig, Vejledning, Nytte, Mentor, AndetTilbud}

// Valid reports whether t is a known activation type.
func (t ActivationType) Valid() bool {
	for _, k := range ActivationTypes {
		if t == k {
			return true
		}
	}
	return false
}

// IsCompanyPlacement reports whether t is a company placement (virksomhedsplacering):
// praktik or løntilskud. Company placements carry the company's CVR.
func (t ActivationType) IsCompanyPlacement() bool {
	return t == Praktik || t == LtsPrivat || t == LtsOffentlig
}

// Expenditure accounts other than benefit:<group>.
const (
	AccountJobcentreOperations = "jobcentre_operations"
	AccountGuidanceUpskilling  = "guidance_upskilling"
)

// Expenditure kinds.
const (
	KindBudget   = "budget"
	KindAccounts = "accounts"
)

// Municipality fact variables every data set should carry besides the framework
// variables (DOMAIN.md §9).
const (
	VarPopulation16to66 = "population_16_66"
	VarPopulation       = "population"
	VarLabourForce      = "labour_force"
)
