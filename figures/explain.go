package figures

import (
	"fmt"
	"slices"

	"github.com/pejling/pejling"
)

// spellCounts counts, per accumulator, the spells that fed it, for Explain. Counts the
// figures keep anyway (persons, placements, outflow, …) are not repeated here.
type spellCounts struct {
	ftp, fta, ftaPlace []int // spells with a day in the period
	ended              []int // benefit spells ending in the period (not running)
	durSpells          []int // spells of the completed continuous periods counted
}

func (k *spellCounts) add(acc []int, cs [4]int, p int) {
	for _, c := range cs {
		acc[c+p]++
	}
}

// CountSpells makes the engine count the spells behind every sum, for Explain. Call it
// before the first Add; it costs a few per cent of time.
func (e *Engine) CountSpells() {
	n := len(e.ftp)
	e.counts = &spellCounts{make([]int, n), make([]int, n), make([]int, n), make([]int, n), make([]int, n)}
}

// Explanation is one figure of one cell with everything it is computed from, so that
// it can be reproduced by hand (DOMAIN.md §7): the formula, and for each term its
// value, its sum before the division by the period's days where there is one, and how
// many spells (or persons, periods, companies) fed it.
type Explanation struct {
	Row     Row
	Formula string
	Terms   []Term
}

// Term is a numerator or denominator of an Explanation.
type Term struct {
	Name   string  // a figure id or the name of a count
	Rule   string  // how it is counted, after DOMAIN.md §8
	Value  float64 // the term as it enters the formula
	Sum    float64 // for full-time terms: Σ days × weight, before dividing by Days
	Days   int     // D, the days of the period, for full-time terms; else 0
	Fed    int     // how many records fed the term
	FedBy  string  // what those records are
	Absent bool    // the term does not exist (no population for the year)
}

// Explain returns the explanation of figure for municipality m (0 = all), group g
// ("" = all) and period index p of the engine's periods. The engine must have counted
// spells (CountSpells) from its first Add. It fails with ENOTFOUND for a municipality
// the data set does not name and EINVALID for an unknown figure, a group outside
// pejling.BenefitGroups or a figure that exists for group `all` only.
func (e *Engine) Explain(m int, g pejling.BenefitGroup, p int, figure string) (Explanation, error) {
	if e.counts == nil {
		panic("figures: Explain without CountSpells")
	}
	var x Explanation
	if !slices.Contains(Figures, figure) {
		return x, pejling.Errorf(pejling.EINVALID, "unknown figure %q", figure)
	}
	mi, ok := e.index[m]
	if m == 0 {
		mi, ok = 0, true
	}
	if !ok {
		return x, pejling.Errorf(pejling.ENOTFOUND, "municipality %d is named in no file of the data set", m)
	}
	gi := e.ng
	if g != "" {
		if gi = groupIndex(g); gi < 0 {
			return x, pejling.Errorf(pejling.EINVALID, "unknown benefit group %q", g)
		}
	}
	if groupOnly(figure) && g != "" {
		return x, pejling.Errorf(pejling.EINVALID, "%s exists for group all only", figure)
	}
	i := (mi*(e.ng+1)+gi)*e.np + p
	hosts, companies := e.cooperation()
	v, valid := e.value(figure, mi, i, p, hosts, companies)
	x.Row = Row{m, g, e.periods[p], figure, v, valid}
	k := e.counts
	days := int(e.days[p])

	ftp := Term{Name: FullTimePersons, Rule: "Σ over the cell's benefit spells of (days in the period × fraction), / days of the period",
		Value: e.ftp[i], Sum: e.ftp[i] * e.days[p], Days: days, Fed: k.ftp[i], FedBy: "benefit spells with a day in the period"}
	persons := Term{Name: PersonsAffected, Rule: "distinct persons with a benefit-spell day of the cell in the period",
		Value: float64(e.persons[i]), Fed: k.ftp[i], FedBy: "benefit spells with a day in the period"}
	fta := Term{Name: FullTimeActivated, Rule: "Σ over the cell's activation spells of (days in the period × hours_per_week / 37), / days of the period",
		Value: e.fta[i], Sum: e.fta[i] * e.days[p], Days: days, Fed: k.fta[i], FedBy: "activation spells with a day in the period"}
	ftaPlace := Term{Name: "full_time_activated_in_company_placements", Rule: "full_time_activated of the spells of type praktik, lts_privat and lts_offentlig",
		Value: e.ftaPlace[i], Sum: e.ftaPlace[i] * e.days[p], Days: days, Fed: k.ftaPlace[i], FedBy: "company-placement spells with a day in the period"}
	placed := Term{Name: PlacementsStarted, Rule: "activation spells of type praktik, lts_privat or lts_offentlig starting in the period",
		Value: float64(e.placed[i]), Fed: e.placed[i], FedBy: "activation spells"}
	outflow := Term{Name: Outflow, Rule: "benefit spells ending in the period with end + 28 ≤ as_of and no benefit spell of the person (any group, any municipality) with a day in end+1 … end+28",
		Value: float64(e.outflow[i]), Fed: k.ended[i], FedBy: fmt.Sprintf("benefit spells ending in the period (%d pending, %d followed by support within 28 days)",
			e.pending[i], k.ended[i]-e.outflow[i]-e.pending[i])}
	ssDen := Term{Name: "activation_spells_ended_182_days_before_as_of", Rule: "activation spells of the cell ending in the period with end + 182 ≤ as_of",
		Value: float64(e.ssDen[i]), Fed: e.ssDen[i], FedBy: "activation spells"}

	switch figure {
	case FullTimePersons:
		x.Formula = "full_time_persons = Σ (days in P × fraction) / D"
		x.Terms = []Term{ftp}
	case PersonsAffected:
		x.Formula = "persons_affected = distinct persons with a benefit day in P"
		x.Terms = []Term{persons}
	case FullTimeActivated:
		x.Formula = "full_time_activated = Σ (activation days in P × hours_per_week / 37) / D"
		x.Terms = []Term{fta}
	case ActivationRate:
		x.Formula = "activation_rate = full_time_activated / full_time_persons"
		x.Terms = []Term{fta, ftp}
	case CoverageRate:
		x.Formula = "coverage_rate = persons affected who also have an activation day of the cell in P / persons_affected"
		x.Terms = []Term{{Name: "persons_covered", Rule: "persons of persons_affected with an activation spell of the cell with a day in the period (municipality all: anywhere)",
			Value: float64(e.covered[i]), Fed: k.fta[i], FedBy: "activation spells with a day in the period"}, persons}
	case PlacementsStarted:
		x.Formula = "placements_started = praktik + lts_privat + lts_offentlig started in P"
		x.Terms = []Term{placed}
		for t, typ := range placementTypes {
			x.Terms = append(x.Terms, Term{Name: "placements_started_" + string(typ), Rule: "activation spells of type " + string(typ) + " starting in the period",
				Value: float64(e.placedBy[t][i]), Fed: e.placedBy[t][i], FedBy: "activation spells"})
		}
	case PlacementsStartedPraktik, PlacementsStartedLtsPrivat, PlacementsStartedLtsOffentl:
		t := slices.Index([]string{PlacementsStartedPraktik, PlacementsStartedLtsPrivat, PlacementsStartedLtsOffentl}, figure)
		x.Formula = figure + " = activation spells of type " + string(placementTypes[t]) + " starting in P"
		x.Terms = []Term{{Name: figure, Rule: "activation spells of type " + string(placementTypes[t]) + " starting in the period",
			Value: float64(e.placedBy[t][i]), Fed: e.placedBy[t][i], FedBy: "activation spells"}}
	case PlacementsPerPersonAffected:
		x.Formula = "placements_per_person_affected = placements_started / persons_affected"
		x.Terms = []Term{placed, persons}
	case PlacementShareOfActivation:
		x.Formula = "placement_share_of_activation = full-time activated in company placements / full_time_activated"
		x.Terms = []Term{ftaPlace, fta}
	case CooperationRate:
		x.Formula = "cooperation_rate = companies located in m hosting a company placement with a day in P / companies located in m"
		x.Terms = []Term{
			{Name: "companies_hosting", Rule: "companies of companies.csv located in the municipality whose cvr hosts a company placement (any job centre, any group) with a day in the period",
				Value: float64(hosts[mi*e.np+p]), Fed: hosts[mi*e.np+p], FedBy: "companies"},
			{Name: "companies", Rule: "companies of companies.csv located in the municipality",
				Value: float64(companies[mi*e.np+p]), Fed: companies[mi*e.np+p], FedBy: "companies"}}
	case PublicSupportRate:
		pop := e.population(mi, p)
		x.Formula = fmt.Sprintf("public_support_rate = full_time_persons (group all) / population_16_66 of %d", e.periods[p].First.Year())
		x.Terms = []Term{ftp, {Name: "population_16_66", Rule: fmt.Sprintf("population aged 16–66 in %d (municipality_facts.csv; for all: the sum over the municipalities that have one)",
			e.periods[p].First.Year()), Value: pop, Absent: pop == 0}}
	case Outflow:
		x.Formula = "outflow = benefit spells ending in P not followed by any benefit within 28 days (decidable: end + 28 ≤ as_of)"
		x.Terms = []Term{outflow}
	case OutflowPending:
		x.Formula = "outflow_pending = benefit spells ending in P with end + 28 > as_of"
		x.Terms = []Term{{Name: OutflowPending, Rule: "benefit spells of the cell ending in the period with end + 28 > as_of",
			Value: float64(e.pending[i]), Fed: e.pending[i], FedBy: "benefit spells"}}
	case TurnoverSpeed:
		x.Formula = "turnover_speed = outflow / full_time_persons"
		x.Terms = []Term{outflow, ftp}
	case AvgDurationDays:
		x.Formula = "avg_duration_days = Σ (last end − first start + 1) / number of completed continuous periods whose last spell is of the cell and ends in P"
		x.Terms = []Term{
			{Name: "days_in_completed_periods", Rule: "Σ over those periods of (last end − first start + 1)",
				Value: e.durSum[i], Fed: k.durSpells[i], FedBy: "benefit spells in those periods"},
			{Name: "completed_periods", Rule: "continuous periods on public support (gaps ≤ 7 days join) none of whose spells runs, last end < as_of, last spell of the cell ending in the period",
				Value: float64(e.durN[i]), Fed: e.durN[i], FedBy: "continuous periods"}}
	case SelfSupportRate6m:
		x.Formula = "self_support_rate_6m = those on no benefit on end + 182 / activation spells ending in P with end + 182 ≤ as_of"
		x.Terms = []Term{{Name: "self_supporting_after_182_days", Rule: "of those spells, the ones whose person has no benefit spell on day end + 182",
			Value: float64(e.ssNum[i]), Fed: e.ssNum[i], FedBy: "activation spells"}, ssDen}
	case EmploymentRate6m:
		x.Formula = "employment_rate_6m = those employed on end + 182 / activation spells ending in P with end + 182 ≤ as_of (empty without employment data)"
		x.Terms = []Term{{Name: "employed_after_182_days", Rule: "of those spells, the ones whose person has an employment spell running on day end + 182",
			Value: float64(e.empNum[i]), Fed: e.empNum[i], FedBy: "activation spells"}, ssDen}
	}
	return x, nil
}
