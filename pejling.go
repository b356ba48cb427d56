// Package pejling holds the domain of Pejling, the steering and benchmarking system for
// the employment effort of Danish municipalities: the records of DOMAIN.md §2 (benefit,
// activation and employment spells, companies, municipality facts, expenditure), the
// codes they use, and the service interfaces the adapters implement.
//
// It imports nothing of the project's own: importer/, sqldb/, web/ and the others depend
// on it, never the other way round (docs/architecture.md).
package pejling

// Municipality is one of the 98 Danish municipalities (post-2007 borders).
type Municipality struct {
	Code       int    // three-digit code of Statistics Denmark, e.g. 101 København
	Name       string // Danish name
	RegionCode int
	Region     string
	GroupCode  int    // Statistics Denmark's municipality group (kommunegruppe, 1–5)
	Group      string // name of that group
}

// Dataset describes one register extract: the folder of §9 files and its as_of date,
// the day the extract was taken. Rules of DOMAIN.md §8 that look into the future
// (outflow, 6-month rates) are undecidable past AsOf.
type Dataset struct {
	AsOf        Date
	Name        string
	Description string
}

// BenefitSpell is a period on one public-support benefit (DOMAIN.md §2).
// Its natural key is (PersonID, Start, Municipality, Group).
type BenefitSpell struct {
	PersonID     string
	Municipality int
	Group        BenefitGroup
	Match        MatchGroup // may be empty
	Start        Date
	End          Date    // inclusive; Forever while the spell is running
	Fraction     float64 // 0 < f ≤ 1; part-time benefits count by this share
}

// ActivationSpell is an activation offer (tilbud). Its natural key is
// (PersonID, Start, Municipality, Type, CVR).
type ActivationSpell struct {
	PersonID       string
	Municipality   int
	Group          BenefitGroup // the benefit group at the time
	Type           ActivationType
	Start          Date
	End            Date    // inclusive; a planned end after as_of counts to that end
	HoursPerWeek   float64 // 37 is full time
	CVR            string  // the company's CVR number; required for company placements
	InterventionID string  // optional link to an intervention or supplier
}

// EmploymentSpell is a period of employment from the income registers. Its natural key
// is (PersonID, Start).
type EmploymentSpell struct {
	PersonID string
	Start    Date
	End      Date // Forever while running
}

// Person is everything the register holds about one person: the spells of each kind,
// each in the order of its natural key (so by start day first).
type Person struct {
	ID         string
	Benefit    []BenefitSpell
	Activation []ActivationSpell
	Employment []EmploymentSpell
}

// Company is an employer from the company register, keyed by its CVR number.
type Company struct {
	CVR          string // 8 digits
	Name         string
	Municipality int
	Industry     string // DB07 code; may be empty
	Employees    int    // -1 when unknown
}

// MunicipalityFact is one yearly value of a municipality: population, labour force,
// framework variables. Its natural key is (Municipality, Year, Variable).
type MunicipalityFact struct {
	Municipality int
	Year         int
	Variable     string
	Value        float64
}

// Expenditure is an amount on an account of a municipality for a year, either budget
// or accounts (regnskab). Its natural key is (Municipality, Year, Account, Kind).
type Expenditure struct {
	Municipality int
	Year         int
	Account      string // benefit:<group>, jobcentre_operations or guidance_upskilling
	Kind         string // budget or accounts
	AmountDKK    float64
}
