package economics

import (
	"cmp"
	"context"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// Follow-up of a business case against the register (DOMAIN.md §5, docs/economics.md
// "Follow-up"): year by year, the realised inflow and durations of the case's target
// group against its assumptions, and the saving they realise at the case's own costs.
//
// Periods. A person's benefit spells of known groups form continuous periods on public
// support exactly as in DOMAIN.md §8 (a spell joins the current period when its start −
// the latest end so far − 1 ≤ 7; a running spell joins everything after it), so a period
// begins with a spell that has no benefit spell in the 7 days before it. Its first spell
// (earliest start; ties: smallest municipality, then group, as the survival curves) is
// its inflow, dated by its start f.
//
// Target group. A period counts for calendar year Y when f lies in Y and on or before
// as_of, its first spell is of the case's municipality and benefit group (and match
// group, if the case names one), and — if the case names an intervention id — the
// person has an activation spell carrying that id that overlaps the period.
//
// Durations. A period is completed when none of its spells runs and its last end e <
// as_of; its duration is (e − f + 1)/7 weeks. Others are censored at as_of. The realised
// duration of a year is the mean over its completed periods when none is censored
// (basis "mean"); with censored periods, the Kaplan–Meier median of ⌈days/7⌉ weeks
// (stats.KaplanMeier, censored at ⌈(as_of − f + 1)/7⌉) when the curve reaches 0.5
// (basis "km_median"); otherwise the mean of the completed periods only, which
// underestimates (basis "completed_only", a provisional figure).
//
// Saving. realised net saving_Y = (duration before − realised duration) × realised
// inflow / 52 × yearly benefit cost × municipal share (the case's share at its own
// assumed durations); realised net result = that − the case's net operating cost.

// FollowUpYear is the follow-up of one calendar year of a business case.
type FollowUpYear struct {
	Year           int     `json:"year"`      // calendar year
	CaseYear       int     `json:"case_year"` // 1 … horizon
	Partial        bool    `json:"partial"`   // as_of lies inside the year
	RampUp         float64 `json:"ramp_up"`
	AssumedInflow  float64 `json:"assumed_inflow"`
	RealisedInflow int     `json:"realised_inflow"`
	// AssumedWeeks is the case's duration in this year: before − ramp-up × (before − after).
	AssumedWeeks       float64  `json:"assumed_duration_weeks"`
	Completed          int      `json:"completed_periods"`
	Censored           int      `json:"censored_periods"` // running at as_of
	MeanWeeksCompleted *float64 `json:"mean_weeks_completed"`
	MedianWeeksKM      *float64 `json:"km_median_weeks"`
	RealisedWeeks      *float64 `json:"realised_duration_weeks"`
	DurationBasis      string   `json:"duration_basis"` // mean, km_median, completed_only or none
	AssumedNetSaving   float64  `json:"assumed_net_saving"`
	RealisedNetSaving  *float64 `json:"realised_net_saving"`
	NetOperatingCost   float64  `json:"net_operating_cost"`
	AssumedNetResult   float64  `json:"assumed_net_result"`
	RealisedNetResult  *float64 `json:"realised_net_result"`
}

type followUpTally struct {
	inflow, completed int
	sumWeeks          float64
	times             []int
	events            []bool
}

// FollowUpEstimator accumulates the follow-up of a business case one person at a time,
// for callers that stream the register (sqldb.DB.ReadPersons).
type FollowUpEstimator struct {
	c            *BusinessCase
	municipality int
	asOf         pejling.Date
	years        []int
	tallies      map[int]*followUpTally
	spells       []pejling.BenefitSpell
}

// NewFollowUpEstimator returns an estimator for the valid case c in the municipality,
// for the case's calendar years first … first + horizon − 1 that begin on or before
// asOf. It panics when c has no FirstYear.
func NewFollowUpEstimator(c *BusinessCase, municipality int, asOf pejling.Date) *FollowUpEstimator {
	if c.FirstYear == 0 {
		panic("economics: NewFollowUpEstimator: the case has no first_year")
	}
	e := &FollowUpEstimator{c: c, municipality: municipality, asOf: asOf, tallies: map[int]*followUpTally{}}
	for y := c.FirstYear; y < c.FirstYear+c.Horizon && y <= asOf.Year(); y++ {
		e.years = append(e.years, y)
		e.tallies[y] = &followUpTally{}
	}
	return e
}

// Add counts the continuous periods of one person.
func (e *FollowUpEstimator) Add(p *pejling.Person) {
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
		e.period(sp[i], latest, p.Activation)
		i = j
	}
}

func (e *FollowUpEstimator) period(in pejling.BenefitSpell, latest pejling.Date, acts []pejling.ActivationSpell) {
	t := e.tallies[in.Start.Year()]
	tg := e.c.TargetGroup
	if t == nil || in.Start > e.asOf || in.Municipality != e.municipality || in.Group != tg.BenefitGroup ||
		(tg.MatchGroup != "" && in.Match != tg.MatchGroup) {
		return
	}
	if tg.InterventionID != "" && !slices.ContainsFunc(acts, func(a pejling.ActivationSpell) bool {
		return a.InterventionID == tg.InterventionID && a.Start <= latest && a.End >= in.Start
	}) {
		return
	}
	t.inflow++
	if latest != pejling.Forever && latest < e.asOf {
		days := int(latest - in.Start + 1)
		t.completed++
		t.sumWeeks += float64(days) / 7
		t.times = append(t.times, (days+6)/7)
		t.events = append(t.events, true)
		return
	}
	t.times = append(t.times, max(1, (int(e.asOf-in.Start+1)+6)/7))
	t.events = append(t.events, false)
}

// Years returns the follow-up of every year counted, in order.
func (e *FollowUpEstimator) Years() []FollowUpYear {
	c := e.c
	share, o := c.MunicipalShare(c.WeeksBefore, c.WeeksAfter), c.Operating.Net()
	perWeek := c.BenefitCost / BusinessCaseWeeksPerYear * share
	var out []FollowUpYear
	for _, y := range e.years {
		t := e.tallies[y]
		k := y - c.FirstYear + 1
		fy := FollowUpYear{Year: y, CaseYear: k, Partial: e.asOf < pejling.DateOf(y, 12, 31), RampUp: c.ramp(k),
			AssumedInflow: c.Inflow, RealisedInflow: t.inflow, Completed: t.completed, Censored: t.inflow - t.completed,
			NetOperatingCost: o, DurationBasis: "none"}
		fy.AssumedWeeks = c.WeeksBefore - fy.RampUp*(c.WeeksBefore-c.WeeksAfter)
		fy.AssumedNetSaving = c.Inflow * (c.WeeksBefore - fy.AssumedWeeks) * perWeek
		fy.AssumedNetResult = fy.AssumedNetSaving - o
		if t.completed > 0 {
			m := t.sumWeeks / float64(t.completed)
			fy.MeanWeeksCompleted = &m
		}
		if fy.Censored > 0 && t.inflow > 0 {
			horizon := slices.Max(t.times)
			for _, p := range stats.KaplanMeier(t.times, t.events, horizon) {
				if p.Survival <= 0.5 {
					w := float64(p.Time)
					fy.MedianWeeksKM = &w
					break
				}
			}
		}
		switch {
		case fy.Censored == 0 && fy.MeanWeeksCompleted != nil:
			fy.RealisedWeeks, fy.DurationBasis = fy.MeanWeeksCompleted, "mean"
		case fy.MedianWeeksKM != nil:
			fy.RealisedWeeks, fy.DurationBasis = fy.MedianWeeksKM, "km_median"
		case fy.MeanWeeksCompleted != nil:
			fy.RealisedWeeks, fy.DurationBasis = fy.MeanWeeksCompleted, "completed_only"
		}
		if fy.RealisedWeeks != nil {
			s := (c.WeeksBefore - *fy.RealisedWeeks) * float64(t.inflow) * perWeek
			r := s - o
			fy.RealisedNetSaving, fy.RealisedNetResult = &s, &r
		}
		out = append(out, fy)
	}
	return out
}

// FollowUp follows the valid case c, which has a FirstYear, in the municipality through
// the register, streaming it once through a FollowUpEstimator: the as_of of the data and
// the follow-up of every year counted. A first year after as_of is EINVALID. It is the
// computation of pejling economics followup and of the web's follow-up page.
func FollowUp(ctx context.Context, reg RegisterStream, c *BusinessCase, municipality int) (pejling.Date, []FollowUpYear, error) {
	var e *FollowUpEstimator
	asOf, err := reg.StreamRegister(ctx, func(asOf pejling.Date) (func(*pejling.Person), error) {
		if c.FirstYear > asOf.Year() {
			return nil, pejling.Errorf(pejling.EINVALID, "first_year %d: after the data's as_of %s, nothing to follow up yet", c.FirstYear, asOf)
		}
		e = NewFollowUpEstimator(c, municipality, asOf)
		return e.Add, nil
	})
	if err != nil {
		return 0, nil, err
	}
	return asOf, e.Years(), nil
}
