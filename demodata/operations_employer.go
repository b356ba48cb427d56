package demodata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// occupation is a DISCO-08 unit group the demo's orders, slots and profiles use, with
// the Danish title and typical skills.
type occupation struct {
	disco, title string
	skills       []string
	licence      bool // the job needs a driving licence
}

var occupations = []occupation{
	{"9333", "lagermedarbejder", []string{"lagerarbejde", "truckcertifikat", "pakning", "scanning"}, false},
	{"5322", "social- og sundhedshjælper", []string{"personlig pleje", "omsorg", "dokumentation", "forflytning"}, false},
	{"5120", "kok", []string{"madlavning", "hygiejne", "køkkendrift", "menuplanlægning"}, false},
	{"9412", "køkkenmedhjælper", []string{"opvask", "hygiejne", "madlavning"}, false},
	{"5223", "butiksassistent", []string{"kundeservice", "kasseekspedition", "varepåfyldning"}, false},
	{"8322", "chauffør", []string{"varelevering", "ruteplanlægning", "kundeservice"}, true},
	{"7112", "murer", []string{"murerarbejde", "flisearbejde", "byggepladsarbejde"}, false},
	{"7411", "elektriker", []string{"el-installation", "fejlfinding", "tavlearbejde"}, true},
	{"9112", "rengøringsassistent", []string{"rengøring", "hygiejne", "maskinbetjening"}, false},
	{"4110", "kontorassistent", []string{"kontorarbejde", "regneark", "kundeservice", "journalisering"}, false},
	{"2512", "softwareudvikler", []string{"programmering", "sql", "test", "versionsstyring"}, false},
	{"5311", "pædagogmedhjælper", []string{"børnepasning", "pædagogik", "omsorg"}, false},
	{"7231", "mekaniker", []string{"fejlfinding", "service af biler", "dæktilpasning"}, true},
	{"9214", "gartneriarbejder", []string{"plantepleje", "havearbejde", "maskinbetjening"}, false},
	{"8160", "fødevareoperatør", []string{"produktion", "hygiejne", "maskinbetjening", "pakning"}, false},
	{"5131", "tjener", []string{"servering", "kundeservice", "barista"}, false},
}

// occupationsOf returns the occupations a company of the DB07 industry takes people
// for, by its first two digits, most likely first.
func occupationsOf(industry string) []int {
	two := 0
	if len(industry) >= 2 {
		two, _ = strconv.Atoi(industry[:2])
	}
	switch {
	case two >= 10 && two <= 11:
		return []int{14, 3, 0}
	case two >= 41 && two <= 43:
		return []int{6, 7, 0}
	case two == 45:
		return []int{12, 5}
	case two == 46:
		return []int{0, 5, 9}
	case two == 47:
		return []int{4, 0}
	case two >= 49 && two <= 53:
		return []int{5, 0}
	case two >= 55 && two <= 56:
		return []int{2, 3, 15}
	case two >= 62 && two <= 63:
		return []int{10, 9}
	case two == 81:
		return []int{8, 13}
	case two >= 86 && two <= 88:
		return []int{1, 5, 3, 8}
	case two == 84 || two == 85:
		return []int{9, 11, 8}
	}
	return []int{0, 8, 4, 9}
}

func (g *opsGen) occupationAt(r *rand.Rand, industry string) occupation {
	o := occupationsOf(industry)
	if r.Float64() < .7 {
		return occupations[o[0]]
	}
	return occupations[o[r.IntN(len(o))]]
}

var contactRoles = []string{"HR-chef", "Direktør", "Driftsleder", "Butikschef", "Afdelingsleder", "Lagerchef", "Køkkenchef", "Indehaver"}

var streets = []string{"Industrivej", "Havnegade", "Nørregade", "Vestergade", "Fabriksvej", "Stationsvej", "Åboulevarden", "Hovedgaden", "Erhvervsvej", "Søndergade"}

// companies draws the job centre's records of the companies it works with: those that
// hosted the most placements of its citizens, and some large employers, with a service
// package, an owner, an address and one or two contact persons.
func (g *opsGen) companies(m *opsMuniState) {
	r := g.rand(m, opsCompanies)
	cs := m.reg.companies
	order := make([]int, len(cs))
	for i := range order {
		order[i] = i
	}
	weight := func(c opsCompany) float64 {
		return float64(c.hosted)*3 + math.Sqrt(float64(max(c.employees, 0)))
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if wa, wb := weight(cs[a]), weight(cs[b]); wa != wb {
			if wa > wb {
				return -1
			}
			return 1
		}
		return a - b
	})
	n := min(len(cs), max(20, len(m.reg.onBenefit)/100), 150)
	m.companies = order[:n]
	for k, i := range m.companies {
		c := cs[i]
		pkg := pejling.PackageNone
		switch x := float64(k) / float64(n); {
		case x < .06:
			pkg = pejling.PackageGold
		case x < .2:
			pkg = pejling.PackageSilver
		case x < .45:
			pkg = pejling.PackageBronze
		}
		owner := int64(0)
		if pkg != pejling.PackageNone || r.Float64() < .5 {
			owner = pickID(r, m.consultants)
		}
		notes := ""
		if c.hosted > 0 {
			notes = fmt.Sprintf("Har haft %d borgere i praktik eller løntilskud.", c.hosted)
		}
		g.ops.Companies = append(g.ops.Companies, pejling.CompanyRecord{
			Municipality: m.code, CVR: c.cvr,
			Address:  fmt.Sprintf("%s %d", pickS(r, streets), 1+r.IntN(120)),
			Postcode: strconv.Itoa(m.postcode[0] + 10*r.IntN((m.postcode[1]-m.postcode[0])/10+1)),
			City:     m.city, Package: pkg, OwnerID: owner, Notes: notes,
		})
		for j := range 1 + r.IntN(2) {
			given, sur := pickS(r, givenNames), pickS(r, surnames)
			g.ops.Contacts = append(g.ops.Contacts, pejling.CompanyContact{
				Municipality: m.code, CVR: c.cvr, Name: given + " " + sur, Role: contactRoles[(k+j)%len(contactRoles)],
				Phone: fmt.Sprintf("+45 %02d %02d %02d %02d", 20+r.IntN(80), r.IntN(100), r.IntN(100), r.IntN(100)),
				Email: asciiName(given) + "." + asciiName(sur) + "@virksomhed" + c.cvr[:4] + ".dk",
			})
		}
	}
}

var contactOutcomes = map[pejling.ContactTopic][]string{
	pejling.TopicRecruitment: {"Virksomheden forventer at ansætte 2–3 medarbejdere i næste kvartal.", "Aftalt at sende jobopslag til jobcentret.", "Ingen rekrutteringsbehov lige nu."},
	pejling.TopicPlacement:   {"Plads til én borger i praktik fra næste måned.", "Praktikken forløber godt; borgeren møder stabilt.", "Virksomheden kan tage praktikanter igen efter sommerferien."},
	pejling.TopicWageSubsidy: {"Interesse for en løntilskudsstilling på lageret.", "Løntilskudsaftalen er underskrevet.", "Spurgt til reglerne for løntilskud i private virksomheder."},
	pejling.TopicJobOrder:    {"Jobordre modtaget og registreret.", "Kandidater drøftet; virksomheden vender tilbage.", "Jobordren er besat."},
	pejling.TopicFollowUp:    {"Opfølgning efter ansættelse: alt går godt.", "Aftalt nyt møde om samarbejdet.", "Status på samarbejdsaftalen gennemgået."},
	pejling.TopicRetention:   {"Drøftet fastholdelse af en sygemeldt medarbejder.", "Henvist til fastholdelseskonsulent.", "Mulighed for delvis raskmelding undersøgt."},
	pejling.TopicOther:       {"Generel orientering om jobcentrets tilbud.", "Invitation til erhvervsmorgenmad sendt."},
}

var nextSteps = []string{"Ring igen om to uger.", "Send kandidatprofiler.", "Besøg virksomheden.", "Følg op på aftalen.", "Send materiale om løntilskud."}

// contactLog draws the contacts of the last six months with the recorded companies:
// more with the companies of the better packages.
func (g *opsGen) contactLog(m *opsMuniState) {
	r := g.rand(m, opsContactLog)
	start := g.now.AddDate(0, -6, 0)
	staff := append(slices.Clone(m.consultants), m.caseWorkers[:min(2, len(m.caseWorkers))]...)
	topics := pejling.ContactTopics()
	first := len(g.ops.ContactLog)
	for k, i := range m.companies {
		n := 1 + r.IntN(3)
		switch rec := g.ops.Companies[len(g.ops.Companies)-len(m.companies)+k]; rec.Package {
		case pejling.PackageGold:
			n += 5
		case pejling.PackageSilver:
			n += 3
		}
		for range n {
			at := g.openMoment(r, start, g.now)
			if at.IsZero() {
				continue
			}
			topic := topics[r.IntN(len(topics))]
			e := pejling.ContactLogEntry{Municipality: m.code, CVR: m.reg.companies[i].cvr, UserID: pickID(r, staff), At: at,
				Channel: pejling.ContactChannels()[min(r.IntN(6), 4)], Topic: topic, Outcome: pickS(r, contactOutcomes[topic])}
			if r.Float64() < .4 {
				e.NextStep = pickS(r, nextSteps)
				e.NextStepDate = pejling.UTCDay(at) + pejling.Date(7+r.IntN(21))
			}
			g.ops.ContactLog = append(g.ops.ContactLog, e)
		}
	}
	slices.SortStableFunc(g.ops.ContactLog[first:], func(a, b pejling.ContactLogEntry) int { return a.At.Compare(b.At) })
}

var closeNotes = map[pejling.ClosingReason]string{
	pejling.ReasonWithdrawn:       "Virksomheden har alligevel ikke behov.",
	pejling.ReasonFilledElsewhere: "Besat via eget netværk.",
	pejling.ReasonNoCandidates:    "Ingen kandidater med de efterspurgte kvalifikationer.",
	pejling.ReasonUnanswered:      "Virksomheden har ikke svaret på tre henvendelser.",
	pejling.ReasonOther:           "Stillingen er sat i bero på grund af ombygning.",
}

// orders draws the job orders of the last twelve weeks, each with a history made by
// employer.NewOrder and employer.Transition: most acknowledged within the service
// level, some late, some never (overdue while open); filled, closed unfilled with a
// reason, or still open — some of them untouched for longer than the closing rule
// allows, some renewed.
func (g *opsGen) orders(m *opsMuniState) {
	r := g.rand(m, opsOrders)
	n := min(max(30, len(m.reg.onBenefit)/60), 250)
	start := g.now.AddDate(0, 0, -84)
	first := len(g.ops.Orders)
	for range n {
		c := m.reg.companies[m.companies[r.IntN(len(m.companies))]]
		if r.Float64() < .1 { // now and then a company without a record yet
			c = m.reg.companies[r.IntN(len(m.reg.companies))]
		}
		at := g.openMoment(r, start, g.now)
		if at.IsZero() {
			continue
		}
		occ := g.occupationAt(r, c.industry)
		o := pejling.JobOrder{Municipality: m.code, CVR: c.cvr, Kind: pejling.OrderOrdinary, Channel: pejling.ChannelNormal}
		if k := 1 + r.IntN(4); k > 1 && r.Float64() < .4 {
			o.Title = fmt.Sprintf("%d × %s", k, occ.title)
		} else {
			o.Title = occ.title
		}
		if r.Float64() < .25 {
			o.Kind = pejling.OrderSupported
			o.Scheme = []pejling.SupportScheme{pejling.SchemeWageSubsidy, pejling.SchemeWageSubsidy, pejling.SchemeFlexjob, pejling.SchemeSpecialTerms}[r.IntN(4)]
			o.Title += " (" + map[pejling.SupportScheme]string{pejling.SchemeWageSubsidy: "løntilskud", pejling.SchemeFlexjob: "fleksjob", pejling.SchemeSpecialTerms: "særlige vilkår"}[o.Scheme] + ")"
		}
		if r.Float64() < .15 {
			o.Channel = pejling.ChannelHotline
		}
		o.Owner = pickID(r, m.consultants)
		o.Team = m.team[o.Owner]
		o, err := employer.NewOrder(o, o.Owner, at)
		if err != nil {
			panic("demodata: a generated order is invalid: " + err.Error())
		}
		g.ops.Orders = append(g.ops.Orders, g.orderFlow(r, o))
	}
	slices.SortStableFunc(g.ops.Orders[first:], func(a, b pejling.JobOrder) int { return a.CreatedAt.Compare(b.CreatedAt) })
}

// orderFlow plays the order o forward through employer.Transition until its flow ends
// or its next event would be after now.
func (g *opsGen) orderFlow(r *rand.Rand, o pejling.JobOrder) pejling.JobOrder {
	step := func(t pejling.OrderEventType, at time.Time, reason pejling.ClosingReason) bool {
		if at.After(g.now) {
			return false
		}
		ev := pejling.OrderEvent{Type: t, Reason: reason, Note: closeNotes[reason]}
		if reason != pejling.ReasonOther && t == pejling.OrderClose && r.Float64() < .5 {
			ev.Note = ""
		}
		n, err := employer.Transition(o, ev, o.Owner, at)
		if err != nil {
			panic("demodata: a generated order event is refused: " + err.Error())
		}
		o = n
		return true
	}
	// The first answer: within 24 opening hours mostly, late sometimes, never rarely.
	var ack time.Duration
	switch x := r.Float64(); {
	case x < .78:
		ack = time.Duration(r.Float64()*r.Float64()*22*60+15) * time.Minute
	case x < .94:
		ack = time.Duration(25+r.IntN(40)) * time.Hour
	default:
		// Never answered: overdue while open and untouched after 14 days — until, mostly,
		// someone closes it weeks later.
		if r.Float64() < .7 {
			reason := []pejling.ClosingReason{pejling.ReasonWithdrawn, pejling.ReasonFilledElsewhere, pejling.ReasonUnanswered}[r.IntN(3)]
			step(pejling.OrderClose, o.CreatedAt.Add(days(15+r.IntN(12))), reason)
		}
		return o
	}
	t := g.afterOpening(o.CreatedAt, ack)
	if o.Channel == pejling.ChannelHotline && r.Float64() < .75 {
		// Hotline: candidates straight away, within 3 opening hours mostly.
		t = g.afterOpening(o.CreatedAt, time.Duration(20+r.IntN(200))*time.Minute)
		if !step(pejling.OrderSendCandidates, t, "") {
			return o
		}
	} else if !step(pejling.OrderAcknowledge, t, "") {
		return o
	}
	outcome := r.Float64()
	if outcome < .07 { // left alone after the answer: untouched too long once 14 days pass, closed later mostly
		if r.Float64() < .6 {
			step(pejling.OrderClose, t.Add(days(16+r.IntN(12))), pejling.ReasonUnanswered)
		}
		return o
	}
	if outcome < .22 { // closed unfilled without candidates
		reason := []pejling.ClosingReason{pejling.ReasonWithdrawn, pejling.ReasonFilledElsewhere, pejling.ReasonNoCandidates, pejling.ReasonOther}[r.IntN(4)]
		step(pejling.OrderClose, g.afterOpening(t, time.Duration(8+r.IntN(80))*time.Hour), reason)
		return o
	}
	for k := range 1 + r.IntN(3) {
		if o.Status != pejling.OrderCandidatesSent || k > 0 {
			t = g.afterOpening(t, time.Duration(4+r.IntN(60))*time.Hour)
			if !step(pejling.OrderSendCandidates, t, "") {
				return o
			}
		}
		if r.Float64() < .15 { // still wanted: renewed after a quiet spell
			if !step(pejling.OrderRenew, t.Add(days(8+r.IntN(5))), "") {
				return o
			}
			t = o.TouchedAt
		}
	}
	t = g.afterOpening(t, time.Duration(8+r.IntN(60))*time.Hour)
	if outcome < .8 {
		step(pejling.OrderFill, t, "")
	} else {
		step(pejling.OrderClose, t, []pejling.ClosingReason{pejling.ReasonFilledElsewhere, pejling.ReasonUnanswered, pejling.ReasonNoCandidates}[r.IntN(3)])
	}
	return o
}
