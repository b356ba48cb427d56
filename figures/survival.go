// Survival curves of continuous periods on public support (DOMAIN.md §8, "Survival
// curve"): how long a person who flows onto support stays there, by cohort of inflow and
// by stratum, estimated by Kaplan–Meier, with the exits split into self-support and
// another benefit by the Aalen–Johansen estimator of competing risks.
//
// Periods. A person's benefit spells of the groups in pejling.BenefitGroups (others are
// left out, as in every figure) sorted by start form continuous periods exactly as for
// avg_duration_days: a spell joins the current period when its start − the latest end so
// far − 1 ≤ 7, and a running spell (End == pejling.Forever) joins everything after it.
//
// Inflow. The first spell of a period — the earliest start; among spells with the same
// start the smallest (municipality code, group code as text) — dated by its start f. Its
// municipality, group and match group (empty: "unknown") are the period's strata. A
// period belongs to every cohort [First, Last] that holds f. Periods with f after as_of
// are left out (they cannot be observed).
//
// Time on support. A period is an exit (an event) when it is completed: none of its
// spells running and its last end e < as_of; its time is ⌈(e − f + 1)/7⌉ weeks.
// Otherwise it is censored at as_of with time ⌈(as_of − f + 1)/7⌉ weeks. Times over 104
// weeks stay at risk through week 104.
//
// Kaplan–Meier (stats.KaplanMeierCounts). For w = 1 … 104: n_w periods at risk
// (time ≥ w), d_w exits and c_w censored with time w (a period censored at w is at risk
// at w), and
//
//	S(w) = Π_{j≤w} (1 − d_j/n_j),   Var S(w) = S(w)² Σ_{j≤w} d_j/(n_j(n_j − d_j))  (Greenwood)
//
// The 95 % band is that of log(−log S) (stats.LogLogBand; Kalbfleisch and Prentice
// 1980, §1.3): with h = 1.96·√(Σ d_j/(n_j(n_j − d_j))) / |ln S|, lower = S^exp(h) and
// upper = S^exp(−h), so lower ≤ S ≤ upper and both stay in [0, 1]. Where S is 1 (no exit yet) or
// 0 (every period at risk exited; its Greenwood term is left out) the band is degenerate:
// lower = upper = S. The curve stops at the last week with n_w > 0: there are no points
// after it.
//
// Competing risks. The time in the inflow group runs from f until (cause 1,
// self_support) the period's exit when every spell of the period is of the inflow group,
// at the period's time; or (cause 2, other_benefit) the start o ≤ as_of of the first
// spell of the period of another group, at week max(1, ⌈(o − f)/7⌉) (the days f … o−1
// spent in the group); otherwise it is censored at the period's time. With S_any the
// Kaplan–Meier curve of leaving the inflow group by either cause on this time scale,
//
//	CIF_k(w) = Σ_{j≤w} S_any(j−1) · d_kj / n_j   (Aalen–Johansen: stats.AalenJohansenCounts),
//
// so that CIF_1(w) + CIF_2(w) = 1 − S_any(w). Its at-risk counts are not reported; the
// reported ones are those of the time on support.
//
// Strata (By). group, match_group and municipality are those of the inflow; none is one
// curve, stratum "all". early_placement splits by whether the person has a company
// placement (ActivationType.IsCompanyPlacement, any municipality and group) starting in
// the first 13 weeks, [f, f + 91). Comparing those with and without would credit the
// placement group with the weeks they had to survive to be placed (immortal-time bias),
// so it is a landmark analysis at week 13: only periods with a time over 13 weeks (exit
// or censored) count, and both curves are conditional on being on support after 13
// weeks (S(w) = 1 for w ≤ 13). Its CIF columns are over the same periods; a change of
// group before week 13 still counts as cause 2 there.
package figures

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// By names how the periods of a cohort are split into curves.
type By string

// The ways to split a cohort (see the file's comment).
const (
	ByGroup          By = "group"           // inflow benefit group
	ByMatchGroup     By = "match_group"     // inflow match group, "unknown" when empty
	ByMunicipality   By = "municipality"    // inflow municipality code
	ByEarlyPlacement By = "early_placement" // "with" or "without", landmark at week 13
	ByNone           By = "none"            // one curve, stratum "all"
)

// Bys lists every By.
var Bys = []By{ByGroup, ByMatchGroup, ByMunicipality, ByEarlyPlacement, ByNone}

const (
	// SurvivalWeeks is the horizon of a curve.
	SurvivalWeeks = 104
	// LandmarkWeeks is the landmark of ByEarlyPlacement and the window a placement must
	// start in.
	LandmarkWeeks = 13
)

// Curve is the survival curve of one stratum of one cohort.
type Curve struct {
	Cohort  Period
	By      By
	Stratum string
	Periods int     // periods in the curve (for ByEarlyPlacement those past the landmark)
	Events  int     // exits in weeks 1 … SurvivalWeeks
	Points  []Point // weeks 1, 2, … up to the last with periods at risk
}

// Point is one week of a curve. AtRisk, Events, Censored, Survival, StdErr, Lower and
// Upper are of the time on support; InGroup, CIFSelfSupport and CIFOtherBenefit of the
// time in the inflow group.
type Point struct {
	Week                     int
	AtRisk, Events, Censored int
	Survival                 float64 // Kaplan–Meier S(w)
	StdErr                   float64 // Greenwood standard error of S(w)
	Lower, Upper             float64 // 95 % log(−log) band
	InGroup                  float64 // S_any(w): still in the inflow group
	CIFSelfSupport           float64 // CIF_1(w)
	CIFOtherBenefit          float64 // CIF_2(w)
}

// tally holds the counts of one curve by week (index 0 unused; times over
// SurvivalWeeks are not counted and stay at risk).
type tally struct {
	n          int
	d, c       [SurvivalWeeks + 1]int // time on support: exits, censored
	d1, d2, cg [SurvivalWeeks + 1]int // time in the inflow group: causes 1, 2, censored
}

type curveKey struct {
	cohort  int
	stratum string
}

// SurvivalEstimator accumulates survival curves one person at a time, for callers that
// stream the register (sqldb.DB.ReadPersons): NewSurvivalEstimator, Add for each person,
// then Curves. Its memory grows with the curves (cohorts × strata), not with the spells.
type SurvivalEstimator struct {
	asOf    pejling.Date
	cohorts []Period
	by      By
	tallies map[curveKey]*tally
	spells  []pejling.BenefitSpell // scratch
	munis   map[int]string
}

// NewSurvivalEstimator returns an estimator of the curves of the cohorts split by by, for
// a register as of asOf. It panics if a cohort ends before it starts or by is not one
// of Bys.
func NewSurvivalEstimator(asOf pejling.Date, cohorts []Period, by By) *SurvivalEstimator {
	for _, c := range cohorts {
		if c.Last < c.First {
			panic(fmt.Sprintf("figures: cohort %s … %s ends before it starts", c.First, c.Last))
		}
	}
	if !slices.Contains(Bys, by) {
		panic(fmt.Sprintf("figures: unknown By %q", by))
	}
	return &SurvivalEstimator{asOf: asOf, cohorts: slices.Clone(cohorts), by: by,
		tallies: map[curveKey]*tally{}, munis: map[int]string{}}
}

// Add counts the continuous periods of one person: p's spells of each kind, in any order.
func (e *SurvivalEstimator) Add(p *pejling.Person) {
	sp := e.spells[:0]
	for _, s := range p.Benefit {
		if s.Group.Valid() {
			sp = append(sp, s)
		}
	}
	slices.SortFunc(sp, func(a, b pejling.BenefitSpell) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Municipality, b.Municipality), cmp.Compare(a.Group, b.Group))
	})
	e.spells = sp
	for i := 0; i < len(sp); {
		j, latest := i+1, sp[i].End
		for j < len(sp) && int(sp[j].Start)-int(latest)-1 <= 7 {
			latest = max(latest, sp[j].End)
			j++
		}
		e.period(sp[i:j], latest, p.Activation)
		i = j
	}
}

// weeks is the number of started weeks of days ≥ 0 days.
func weeks(days int) int { return (days + 6) / 7 }

// period counts one continuous period: its spells ps sorted as in Add, the latest end
// of them, and the person's activation spells.
func (e *SurvivalEstimator) period(ps []pejling.BenefitSpell, latest pejling.Date, acts []pejling.ActivationSpell) {
	in := ps[0]
	f := in.Start
	if f > e.asOf {
		return
	}
	exit := latest != pejling.Forever && latest < e.asOf
	t := weeks(int(e.asOf - f + 1))
	if exit {
		t = weeks(int(latest - f + 1))
	}
	cause, gt := 0, t // in the inflow group: 0 censored, 1 self-support, 2 other benefit
	if exit {
		cause = 1
	}
	for _, s := range ps[1:] {
		if s.Group != in.Group {
			if s.Start <= e.asOf {
				cause, gt = 2, max(1, weeks(int(s.Start-f)))
			}
			break
		}
	}

	var stratum string
	switch e.by {
	case ByGroup:
		stratum = string(in.Group)
	case ByMatchGroup:
		stratum = cmp.Or(string(in.Match), "unknown")
	case ByMunicipality:
		var ok bool
		if stratum, ok = e.munis[in.Municipality]; !ok {
			stratum = strconv.Itoa(in.Municipality)
			e.munis[in.Municipality] = stratum
		}
	case ByEarlyPlacement:
		if t <= LandmarkWeeks {
			return
		}
		stratum = "without"
		if slices.ContainsFunc(acts, func(a pejling.ActivationSpell) bool {
			return a.Type.IsCompanyPlacement() && f <= a.Start && a.Start < f+7*LandmarkWeeks
		}) {
			stratum = "with"
		}
	case ByNone:
		stratum = "all"
	}

	for ci, c := range e.cohorts {
		if f < c.First || f > c.Last {
			continue
		}
		k := curveKey{ci, stratum}
		tl := e.tallies[k]
		if tl == nil {
			tl = &tally{}
			e.tallies[k] = tl
		}
		tl.n++
		if t <= SurvivalWeeks {
			if exit {
				tl.d[t]++
			} else {
				tl.c[t]++
			}
		}
		if gt <= SurvivalWeeks {
			switch cause {
			case 0:
				tl.cg[gt]++
			case 1:
				tl.d1[gt]++
			case 2:
				tl.d2[gt]++
			}
		}
	}
}

// Curves returns a curve for every cohort and stratum with at least one period, sorted
// by cohort (first, then last day) and stratum as text.
func (e *SurvivalEstimator) Curves() []Curve {
	keys := make([]curveKey, 0, len(e.tallies))
	for k := range e.tallies {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b curveKey) int {
		ca, cb := e.cohorts[a.cohort], e.cohorts[b.cohort]
		return cmp.Or(cmp.Compare(ca.First, cb.First), cmp.Compare(ca.Last, cb.Last),
			cmp.Compare(a.cohort, b.cohort), strings.Compare(a.stratum, b.stratum))
	})
	curves := make([]Curve, 0, len(keys))
	for _, k := range keys {
		tl := e.tallies[k]
		pts, events := curvePoints(tl)
		curves = append(curves, Curve{Cohort: e.cohorts[k.cohort], By: e.by, Stratum: k.stratum,
			Periods: tl.n, Events: events, Points: pts})
	}
	return curves
}

// curvePoints returns the points of a tally and its exits in weeks 1 … SurvivalWeeks:
// the Kaplan–Meier estimate of the time on support, and the Aalen–Johansen estimate of
// the time in the inflow group over the same weeks. That time is never longer than the
// time on support, so its periods at risk run out no later; after they do, its values
// stay as they were.
func curvePoints(tl *tally) ([]Point, int) {
	km := stats.KaplanMeierCounts(tl.n, tl.d[:], tl.c[:], SurvivalWeeks)
	aj := stats.AalenJohansenCounts(tl.n, tl.d1[:], tl.d2[:], tl.cg[:], len(km))
	pts := make([]Point, len(km))
	events := 0
	inGroup, cif1, cif2 := 1.0, 0.0, 0.0
	for i, k := range km {
		if i < len(aj) {
			inGroup, cif1, cif2 = aj[i].Survival, aj[i].CIF1, aj[i].CIF2
		}
		pts[i] = Point{Week: k.Time, AtRisk: k.AtRisk, Events: k.Events, Censored: k.Censored,
			Survival: k.Survival, StdErr: k.StdErr, Lower: k.Lower, Upper: k.Upper,
			InGroup: inGroup, CIFSelfSupport: cif1, CIFOtherBenefit: cif2}
		events += k.Events
	}
	return pts, events
}

// Survival returns the survival curves of the continuous periods of in whose inflow
// lies in each cohort, split by by (see the file's comment), as SurvivalEstimator.Curves
// orders them. It panics as NewSurvivalEstimator does.
func Survival(in Input, cohorts []Period, by By) []Curve {
	e := NewSurvivalEstimator(in.AsOf, cohorts, by)
	bs := slices.Clone(in.Benefit)
	slices.SortFunc(bs, func(a, b pejling.BenefitSpell) int { return strings.Compare(a.PersonID, b.PersonID) })
	var as []pejling.ActivationSpell
	if by == ByEarlyPlacement { // the only use of activation spells
		as = slices.Clone(in.Activation)
		slices.SortFunc(as, func(a, b pejling.ActivationSpell) int { return strings.Compare(a.PersonID, b.PersonID) })
	}
	var p pejling.Person
	for len(bs) > 0 {
		id := bs[0].PersonID
		for len(as) > 0 && as[0].PersonID < id {
			as = as[1:]
		}
		nb := countPrefix(len(bs), func(i int) bool { return bs[i].PersonID == id })
		na := countPrefix(len(as), func(i int) bool { return as[i].PersonID == id })
		p.ID, p.Benefit, p.Activation = id, bs[:nb], as[:na]
		e.Add(&p)
		bs, as = bs[nb:], as[na:]
	}
	return e.Curves()
}
