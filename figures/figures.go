// Package figures is the key-figure engine: it computes the figures of DOMAIN.md §8 from
// the spells of a data set, for every municipality and benefit group and every period
// asked for, and returns them in the long form of §9.
//
// The engine works one person at a time over person-ordered copies of the spells and
// accumulates into dense arrays indexed by (municipality, group, period), so its memory
// grows with the number of cells, not with the number of spells.
package figures

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// Input is everything the figures are computed from.
type Input struct {
	AsOf       pejling.Date // the day the extract was taken
	Benefit    []pejling.BenefitSpell
	Activation []pejling.ActivationSpell
	Employment []pejling.EmploymentSpell // empty: employment_rate_6m is empty everywhere
	Companies  []pejling.Company
	// Population16to66 is population_16_66 of municipality_facts.csv.
	Population16to66 map[MunicipalityYear]float64
	// Municipalities names every municipality of any file of the data set. The engine
	// adds those of the spells, the companies and Population16to66, so it may be nil.
	Municipalities []int
}

// MunicipalityYear keys a yearly municipality fact.
type MunicipalityYear struct{ Municipality, Year int }

// Row is one value in the long form of DOMAIN.md §9.
type Row struct {
	Municipality int                  // 0 means `all`
	Group        pejling.BenefitGroup // "" means `all`
	Period       Period
	Figure       string  // one of Figures
	Value        float64 // meaningful only when Valid
	Valid        bool    // false is an empty value: a ratio whose denominator is 0 or missing
}

// The figure ids, in the order of DOMAIN.md §9.
const (
	FullTimePersons             = "full_time_persons"
	PersonsAffected             = "persons_affected"
	FullTimeActivated           = "full_time_activated"
	ActivationRate              = "activation_rate"
	CoverageRate                = "coverage_rate"
	PlacementsStarted           = "placements_started"
	PlacementsStartedPraktik    = "placements_started_praktik"
	PlacementsStartedLtsPrivat  = "placements_started_lts_privat"
	PlacementsStartedLtsOffentl = "placements_started_lts_offentlig"
	PlacementsPerPersonAffected = "placements_per_person_affected"
	PlacementShareOfActivation  = "placement_share_of_activation"
	CooperationRate             = "cooperation_rate"
	PublicSupportRate           = "public_support_rate"
	Outflow                     = "outflow"
	OutflowPending              = "outflow_pending"
	TurnoverSpeed               = "turnover_speed"
	AvgDurationDays             = "avg_duration_days"
	SelfSupportRate6m           = "self_support_rate_6m"
	EmploymentRate6m            = "employment_rate_6m"
)

// Figures lists every figure id in the order of DOMAIN.md §9.
var Figures = []string{
	FullTimePersons, PersonsAffected, FullTimeActivated, ActivationRate, CoverageRate,
	PlacementsStarted, PlacementsStartedPraktik, PlacementsStartedLtsPrivat,
	PlacementsStartedLtsOffentl, PlacementsPerPersonAffected, PlacementShareOfActivation,
	CooperationRate, PublicSupportRate, Outflow, OutflowPending, TurnoverSpeed,
	AvgDurationDays, SelfSupportRate6m, EmploymentRate6m,
}

// groupOnly are the figures that exist for group `all` only.
func groupOnly(f string) bool { return f == CooperationRate || f == PublicSupportRate }

// Compute returns every figure of DOMAIN.md §8 for every municipality of the data set
// and `all`, × every group of pejling.BenefitGroups and `all`, × every period, sorted
// by the five key fields of §9 as text (municipality code or "all", group code or
// "all", period_first, period_last, figure id). Rows exist also where nothing happened:
// counts and sums are 0 and ratios empty. Spells of a benefit group outside
// pejling.BenefitGroups are left out of every figure.
//
// Compute panics if a period ends before it starts or if any record names
// municipality 0, which a Row reserves for `all`; the importer never lets either through.
func Compute(in Input, periods []Period) []Row {
	e := NewEngine(in, periods)
	bs := slices.Clone(in.Benefit)
	as := slices.Clone(in.Activation)
	es := slices.Clone(in.Employment)
	slices.SortFunc(bs, func(a, b pejling.BenefitSpell) int { return strings.Compare(a.PersonID, b.PersonID) })
	slices.SortFunc(as, func(a, b pejling.ActivationSpell) int { return strings.Compare(a.PersonID, b.PersonID) })
	slices.SortFunc(es, func(a, b pejling.EmploymentSpell) int { return strings.Compare(a.PersonID, b.PersonID) })
	var p pejling.Person
	for len(bs) > 0 || len(as) > 0 || len(es) > 0 {
		id := ""
		if len(bs) > 0 {
			id = bs[0].PersonID
		}
		if len(as) > 0 && (id == "" || as[0].PersonID < id) {
			id = as[0].PersonID
		}
		if len(es) > 0 && (id == "" || es[0].PersonID < id) {
			id = es[0].PersonID
		}
		nb := countPrefix(len(bs), func(i int) bool { return bs[i].PersonID == id })
		na := countPrefix(len(as), func(i int) bool { return as[i].PersonID == id })
		ne := countPrefix(len(es), func(i int) bool { return es[i].PersonID == id })
		p.ID, p.Benefit, p.Activation, p.Employment = id, bs[:nb], as[:na], es[:ne]
		e.Add(&p)
		bs, as, es = bs[nb:], as[na:], es[ne:]
	}
	return e.Rows()
}

// Engine accumulates the figures one person at a time, for callers that stream the
// register (sqldb.DB.ReadPersons) rather than hold it: NewEngine, Add for each person,
// then Rows. Its memory grows with the number of cells, not with the spells.
//
// A cell is (municipality index, group index); municipality index 0 is `all` and the
// others are numbered as they are first seen; group index ng is `all`. Accumulators
// are indexed cell*np + period and grow by one municipality's block when a new
// municipality turns up.
type Engine struct {
	in      Input
	periods []Period
	days    []float64 // days of each period
	munis   []int     // municipality code by index; munis[0] = 0 is `all`
	index   map[int]int
	ng, np  int

	ftp, fta, ftaPlace   []float64
	persons, covered     []int
	placed               []int
	placedBy             [3][]int // praktik, lts_privat, lts_offentlig
	outflow, pending     []int
	durSum               []float64
	durN                 []int
	ssDen, ssNum, empNum []int
	employment           bool // whether any person has an employment spell

	// Cooperation: the companies by cvr, the municipality index each is located in,
	// and whether it hosts a company placement in each period.
	byCVR   map[string]int
	located []int
	hosted  []bool

	scratch personScratch
	counts  *spellCounts // nil unless CountSpells was called
}

// NewEngine returns an engine for the periods that knows in's AsOf, Companies,
// Population16to66 and Municipalities; in's spells are ignored (Add them).
// It panics if a period ends before it starts or if a record names municipality 0,
// which a Row reserves for `all`; the importer never lets either through.
func NewEngine(in Input, periods []Period) *Engine {
	for _, p := range periods {
		if p.Last < p.First {
			panic("figures: period ends before it starts")
		}
	}
	e := &Engine{in: in, periods: periods, np: len(periods), ng: len(pejling.BenefitGroups),
		index: map[int]int{}, byCVR: map[string]int{}}
	e.days = make([]float64, e.np)
	for i, p := range periods {
		e.days[i] = float64(p.Days())
	}
	e.munis = []int{0}
	e.grow()
	for _, m := range in.Municipalities {
		e.muniIndex(m)
	}
	for k := range in.Population16to66 {
		e.muniIndex(k.Municipality)
	}
	for _, c := range in.Companies {
		mi := e.muniIndex(c.Municipality)
		if _, ok := e.byCVR[c.CVR]; ok {
			continue // the first row of a cvr wins
		}
		e.byCVR[c.CVR] = len(e.located)
		e.located = append(e.located, mi)
	}
	e.hosted = make([]bool, len(e.located)*e.np)
	return e
}

// grow adds the accumulators of one more municipality.
func (e *Engine) grow() {
	n := (e.ng + 1) * e.np
	for _, a := range []*[]float64{&e.ftp, &e.fta, &e.ftaPlace, &e.durSum} {
		*a = append(*a, make([]float64, n)...)
	}
	for _, a := range []*[]int{&e.persons, &e.covered, &e.placed, &e.placedBy[0], &e.placedBy[1], &e.placedBy[2],
		&e.outflow, &e.pending, &e.durN, &e.ssDen, &e.ssNum, &e.empNum} {
		*a = append(*a, make([]int, n)...)
	}
	if k := e.counts; k != nil {
		for _, a := range []*[]int{&k.ftp, &k.fta, &k.ftaPlace, &k.ended, &k.durSpells} {
			*a = append(*a, make([]int, n)...)
		}
	}
}

// muniIndex returns the index of municipality code m, adding m when it is new.
func (e *Engine) muniIndex(m int) int {
	if i, ok := e.index[m]; ok {
		return i
	}
	if m == 0 {
		// A Row says `all` with 0, so a real municipality 0 would vanish into it.
		panic("figures: municipality code 0 is reserved for `all`")
	}
	e.index[m] = len(e.munis)
	e.munis = append(e.munis, m)
	e.grow()
	return len(e.munis) - 1
}

// groupIndex returns the index of g in pejling.BenefitGroups, or -1.
func groupIndex(g pejling.BenefitGroup) int {
	return slices.Index(pejling.BenefitGroups, g)
}

// cells returns the four accumulator offsets (without period) a spell of municipality
// index mi and group index gi counts in: (m, g), (m, all), (all, g), (all, all).
func (e *Engine) cells(mi, gi int) [4]int {
	w := e.ng + 1
	return [4]int{
		(mi*w + gi) * e.np, (mi*w + e.ng) * e.np,
		gi * e.np, e.ng * e.np,
	}
}

// cooperation counts, per municipality index and period, the companies located there
// and those hosting a company placement with a day in the period (index 0: all).
func (e *Engine) cooperation() (hosts, companies []int) {
	hosts, companies = make([]int, len(e.munis)*e.np), make([]int, len(e.munis)*e.np)
	for ci, mi := range e.located {
		for p := range e.np {
			companies[mi*e.np+p]++
			companies[p]++
			if e.hosted[ci*e.np+p] {
				hosts[mi*e.np+p]++
				hosts[p]++
			}
		}
	}
	return hosts, companies
}

// overlap returns the days of the spell [start, end] inside p (DOMAIN.md §8).
func overlap(start, end pejling.Date, p Period) int {
	return max(0, int(min(end, p.Last))-int(max(start, p.First))+1)
}

// inPeriod reports whether day d lies in p.
func inPeriod(d pejling.Date, p Period) bool { return p.First <= d && d <= p.Last }

// Rows returns every figure of every cell in the text order of §9.
func (e *Engine) Rows() []Row {
	return slices.AppendSeq(make([]Row, 0, e.rowCount()), e.All())
}

// rowCount is the number of rows Rows returns.
func (e *Engine) rowCount() int {
	n := 0
	for _, f := range Figures {
		if groupOnly(f) {
			n += len(e.munis) * e.np
		} else {
			n += len(e.munis) * (e.ng + 1) * e.np
		}
	}
	return n
}

// All yields every figure of every cell in the text order of §9, as Rows returns them,
// without holding them all.
func (e *Engine) All() iter.Seq[Row] {
	return func(yield func(Row) bool) {
		e.all(yield)
	}
}

func (e *Engine) all(yield func(Row) bool) {
	type muni struct {
		code, idx int
		text      string
	}
	ms := make([]muni, 0, len(e.munis))
	for i, m := range e.munis {
		text := strconv.Itoa(m)
		if i == 0 {
			text = "all"
		}
		ms = append(ms, muni{m, i, text})
	}
	slices.SortFunc(ms, func(a, b muni) int { return cmp.Compare(a.text, b.text) })
	hosts, companies := e.cooperation()

	type group struct {
		code pejling.BenefitGroup
		idx  int
		text string
	}
	gs := make([]group, 0, e.ng+1)
	for i, g := range pejling.BenefitGroups {
		gs = append(gs, group{g, i, string(g)})
	}
	gs = append(gs, group{"", e.ng, "all"})
	slices.SortFunc(gs, func(a, b group) int { return cmp.Compare(a.text, b.text) })

	ps := make([]int, e.np)
	for i := range ps {
		ps[i] = i
	}
	slices.SortStableFunc(ps, func(a, b int) int {
		pa, pb := e.periods[a], e.periods[b]
		return cmp.Or(cmp.Compare(pa.First.String(), pb.First.String()),
			cmp.Compare(pa.Last.String(), pb.Last.String()))
	})

	fs := slices.Clone(Figures)
	slices.Sort(fs)

	for _, m := range ms {
		for _, g := range gs {
			base := (m.idx*(e.ng+1) + g.idx) * e.np
			for _, p := range ps {
				for _, f := range fs {
					if groupOnly(f) && g.idx != e.ng {
						continue
					}
					v, ok := e.value(f, m.idx, base+p, p, hosts, companies)
					if !yield(Row{m.code, g.code, e.periods[p], f, v, ok}) {
						return
					}
				}
			}
		}
	}
}

// value returns figure f of the cell at accumulator index i (municipality index mi,
// period p); hosts and companies are the counts of cooperation.
func (e *Engine) value(f string, mi, i, p int, hosts, companies []int) (float64, bool) {
	switch f {
	case FullTimePersons:
		return e.ftp[i], true
	case PersonsAffected:
		return float64(e.persons[i]), true
	case FullTimeActivated:
		return e.fta[i], true
	case ActivationRate:
		return ratio(e.fta[i], e.ftp[i])
	case CoverageRate:
		return ratio(float64(e.covered[i]), float64(e.persons[i]))
	case PlacementsStarted:
		return float64(e.placed[i]), true
	case PlacementsStartedPraktik:
		return float64(e.placedBy[0][i]), true
	case PlacementsStartedLtsPrivat:
		return float64(e.placedBy[1][i]), true
	case PlacementsStartedLtsOffentl:
		return float64(e.placedBy[2][i]), true
	case PlacementsPerPersonAffected:
		return ratio(float64(e.placed[i]), float64(e.persons[i]))
	case PlacementShareOfActivation:
		return ratio(e.ftaPlace[i], e.fta[i])
	case CooperationRate:
		return ratio(float64(hosts[mi*e.np+p]), float64(companies[mi*e.np+p]))
	case PublicSupportRate:
		return ratio(e.ftp[i], e.population(mi, p))
	case Outflow:
		return float64(e.outflow[i]), true
	case OutflowPending:
		return float64(e.pending[i]), true
	case TurnoverSpeed:
		return ratio(float64(e.outflow[i]), e.ftp[i])
	case AvgDurationDays:
		return ratio(e.durSum[i], float64(e.durN[i]))
	case SelfSupportRate6m:
		return ratio(float64(e.ssNum[i]), float64(e.ssDen[i]))
	case EmploymentRate6m:
		if !e.employment {
			return 0, false
		}
		return ratio(float64(e.empNum[i]), float64(e.ssDen[i]))
	}
	panic("figures: unknown figure " + f)
}

// population returns population_16_66 of municipality index mi for the calendar year
// of period p's first day; for `all` the sum over the municipalities that have one.
// It returns 0 when there is none, which makes the rate empty.
func (e *Engine) population(mi, p int) float64 {
	year := e.periods[p].First.Year()
	if mi != 0 {
		return e.in.Population16to66[MunicipalityYear{e.munis[mi], year}]
	}
	var sum float64
	for k, v := range e.in.Population16to66 {
		if k.Year == year {
			sum += v
		}
	}
	return sum
}

func ratio(num, den float64) (float64, bool) {
	if den == 0 {
		return 0, false
	}
	return num / den, true
}
