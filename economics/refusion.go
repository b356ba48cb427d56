package economics

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pejling/pejling"
)

// StaircaseStep is one step of the reimbursement staircase: the state reimburses Rate
// (a fraction 0–1) of the benefit cost of the weeks FromWeek … ToWeek on public support
// (ToWeek 0: every week from FromWeek on).
type StaircaseStep struct {
	FromWeek int     `json:"from_week"`
	ToWeek   int     `json:"to_week"`
	Rate     float64 `json:"rate"`
}

// Staircase is the reimbursement staircase (refusionstrappe, DOMAIN.md §5): steps in
// order that cover every week from week 1 on, without gaps or overlaps, the last open.
//
// Groups gives benefit groups a scheme of their own (e.g. a fixed rate: one open step
// from week 1), counted over the same accumulated weeks on support; a group not in
// Groups follows Steps. The default has none: DOMAIN.md §5 applies the staircase to
// every group.
type Staircase struct {
	Steps  []StaircaseStep                    `json:"steps"`
	Groups map[pejling.BenefitGroup]Staircase `json:"groups,omitempty"`
}

// For returns the staircase of benefit group g: its own scheme in Groups, else Steps.
func (s Staircase) For(g pejling.BenefitGroup) Staircase {
	if own, ok := s.Groups[g]; ok {
		return own
	}
	return Staircase{Steps: s.Steps}
}

// DefaultStaircase returns the staircase of the 2016 reform: 80 % weeks 1–4, 40 %
// weeks 5–26, 30 % weeks 27–52 and 20 % after.
func DefaultStaircase() Staircase {
	return Staircase{Steps: []StaircaseStep{{1, 4, 0.8}, {5, 26, 0.4}, {27, 52, 0.3}, {53, 0, 0.2}}}
}

// ParseStaircase reads a staircase from JSON, {"steps": [{"from_week": 1, "to_week": 4,
// "rate": 0.8}, …], "groups": {"SUY": {"steps": […]}, …}} ("groups" optional), and
// validates it.
func ParseStaircase(b []byte) (Staircase, error) {
	var s Staircase
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return s, pejling.Errorf(pejling.EINVALID, "staircase file: not valid JSON of the staircase format: %s", pejling.Clip(err.Error()))
	}
	if dec.More() {
		return s, pejling.Errorf(pejling.EINVALID, "staircase file: text after the JSON object")
	}
	return s, s.Validate()
}

// Validate checks that the steps start at week 1, follow each other without gap or
// overlap, end with an open step (to_week 0) and have rates within 0–1, and the same of
// every group's own scheme (which has no groups itself); it fails with EINVALID naming
// the group and the first step that does not.
func (s Staircase) Validate() error {
	if err := s.validateSteps(); err != nil {
		return err
	}
	groups := make([]pejling.BenefitGroup, 0, len(s.Groups))
	for g := range s.Groups {
		groups = append(groups, g)
	}
	slices.Sort(groups)
	for _, g := range groups {
		own := s.Groups[g]
		switch {
		case !g.Valid():
			return pejling.Errorf(pejling.EINVALID, "staircase: groups: %q is not a benefit group", pejling.Clip(string(g)))
		case len(own.Groups) > 0:
			return pejling.Errorf(pejling.EINVALID, "staircase: groups: %s: a group's scheme has no groups of its own", g)
		}
		if err := own.validateSteps(); err != nil {
			return pejling.Errorf(pejling.EINVALID, "staircase of group %s: %s", g, strings.TrimPrefix(strings.TrimPrefix(pejling.ErrorMessage(err), "staircase: "), "staircase "))
		}
	}
	return nil
}

func (s Staircase) validateSteps() error {
	if len(s.Steps) == 0 {
		return pejling.Errorf(pejling.EINVALID, "staircase: no steps")
	}
	next := 1
	for i, st := range s.Steps {
		at := fmt.Sprintf("staircase step %d (weeks %d–%s)", i+1, st.FromWeek, staircaseStepEnd(st))
		switch {
		case st.FromWeek != next && i == 0:
			return pejling.Errorf(pejling.EINVALID, "%s: the first step must start at week 1", at)
		case st.FromWeek > next:
			return pejling.Errorf(pejling.EINVALID, "%s: gap, weeks %d–%d have no step", at, next, st.FromWeek-1)
		case st.FromWeek < next:
			return pejling.Errorf(pejling.EINVALID, "%s: overlaps the step before, which ends at week %d", at, next-1)
		case st.ToWeek != 0 && st.ToWeek < st.FromWeek:
			return pejling.Errorf(pejling.EINVALID, "%s: ends before it starts", at)
		case math.IsNaN(st.Rate) || st.Rate < 0 || st.Rate > 1:
			return pejling.Errorf(pejling.EINVALID, "%s: rate %v is outside 0–1 (a fraction: 0.8, not 80)", at, st.Rate)
		case st.ToWeek == 0 && i < len(s.Steps)-1:
			return pejling.Errorf(pejling.EINVALID, "%s: only the last step may be open (to_week 0)", at)
		case st.ToWeek != 0 && i == len(s.Steps)-1:
			return pejling.Errorf(pejling.EINVALID, "%s: the last step must be open (to_week 0) so that every week has a rate", at)
		}
		next = st.ToWeek + 1
	}
	return nil
}

func staircaseStepEnd(st StaircaseStep) string {
	if st.ToWeek == 0 {
		return "…"
	}
	return fmt.Sprint(st.ToWeek)
}

// step returns the index of the step of week w ≥ 1. The staircase must be valid.
func (s Staircase) step(w int) int {
	for i, st := range s.Steps {
		if st.ToWeek == 0 || w <= st.ToWeek {
			return i
		}
	}
	panic("economics: staircase not validated")
}

// RateOfWeek returns the reimbursement rate of week w ≥ 1 on public support.
func (s Staircase) RateOfWeek(w int) float64 { return s.Steps[s.step(w)].Rate }

// RefusionSelfSupportReset is the number of days without any benefit day after which
// the count of weeks on public support starts over: 52 weeks of self-support.
const RefusionSelfSupportReset = 364

// RefusionKey is a cell of the reimbursement account: the spell's own municipality and
// benefit group and the calendar year of the day.
type RefusionKey struct {
	Municipality int
	Group        pejling.BenefitGroup
	Year         int
}

// RefusionCell is what the municipality pays and gets back in a cell, in DKK.
type RefusionCell struct {
	Gross         float64 // benefit cost: Σ days × fraction × rate(group, year)/365
	Reimbursement float64 // Σ day cost × staircase rate of the day's week on support
	Net           float64 // Gross − Reimbursement: the municipality's own cost
	Persons       int     // distinct persons with a benefit day in the cell
	// FullTimePersons = Σ days × fraction / days of the year (up to as_of in as_of's year).
	FullTimePersons float64
}

// NetPerFullTimePerson returns Net / FullTimePersons, and false when there are none.
func (c RefusionCell) NetPerFullTimePerson() (float64, bool) {
	if c.FullTimePersons == 0 {
		return 0, false
	}
	return c.Net / c.FullTimePersons, true
}

// RefusionRow is one cell with its key.
type RefusionRow struct {
	RefusionKey
	RefusionCell
}

// Refusion applies the staircase to benefit spells person by person and sums the
// municipality's gross cost, reimbursement and net cost per (municipality, group,
// year). The rules (docs/economics.md):
//
//   - A day on public support is a calendar day with any benefit spell, of any group
//     and municipality, whatever its fraction. Days after as_of do not count; a running
//     spell counts to as_of.
//   - The week on support of such a day is ⌈a/7⌉, a being the person's days on support
//     accumulated up to and including it. After 364 days (52 weeks) or more without a
//     benefit day, a starts over at 0. The count starts at the person's first spell in
//     the data: history before the data is unknown.
//   - Each spell's day costs rate(group, year)/365 × fraction and is reimbursed at the
//     staircase rate of its week; both go to the spell's municipality and group and the
//     day's calendar year. Overlapping spells are each costed, at the same week.
//
// Build it with NewRefusion, call Add for every person, then Rows.
type Refusion struct {
	asOf   pejling.Date
	stairs Staircase
	rates  *Rates
	cells  map[RefusionKey]*RefusionCell
	// scratch, reused between persons
	runs    []refusionRun
	touched map[RefusionKey]bool
}

// refusionRun is a stretch of consecutive days on support and the accumulated days on
// support before its first day.
type refusionRun struct {
	first, last pejling.Date
	before      int
}

// NewRefusion returns a calculator for data taken on asOf. It panics on an invalid
// staircase or nil rates: validate them first.
func NewRefusion(asOf pejling.Date, stairs Staircase, rates *Rates) *Refusion {
	if err := stairs.Validate(); err != nil {
		panic("economics: NewRefusion: " + err.Error())
	}
	if rates == nil {
		panic("economics: NewRefusion: nil rates")
	}
	return &Refusion{asOf: asOf, stairs: stairs, rates: rates, cells: map[RefusionKey]*RefusionCell{},
		touched: map[RefusionKey]bool{}}
}

// Add adds the day costs of p's benefit spells, which must be sorted by start (as
// sqldb.DB.ReadPersons gives them). p is not kept.
func (r *Refusion) Add(p *pejling.Person) {
	// The runs of consecutive days on support: the union of the spells up to as_of.
	r.runs = r.runs[:0]
	for _, s := range p.Benefit {
		last := min(s.End, r.asOf)
		if last < s.Start {
			continue
		}
		if n := len(r.runs); n > 0 && s.Start <= r.runs[n-1].last+1 {
			r.runs[n-1].last = max(r.runs[n-1].last, last)
			continue
		}
		r.runs = append(r.runs, refusionRun{first: s.Start, last: last})
	}
	acc := 0
	for i := range r.runs {
		if i > 0 && int(r.runs[i].first-r.runs[i-1].last-1) >= RefusionSelfSupportReset {
			acc = 0
		}
		r.runs[i].before = acc
		acc += int(r.runs[i].last-r.runs[i].first) + 1
	}

	clear(r.touched)
	k := 0 // the run of the current spell; spells come by start, so it only moves on
	for _, s := range p.Benefit {
		last := min(s.End, r.asOf)
		if last < s.Start {
			continue
		}
		for r.runs[k].last < s.Start {
			k++
		}
		run := r.runs[k]
		stairs := r.stairs.For(s.Group)
		for d := s.Start; d <= last; {
			a := run.before + int(d-run.first) + 1 // accumulated days on support up to d
			st := stairs.Steps[stairs.step((a+6)/7)]
			year := d.Year()
			end := min(last, pejling.DateOf(year, 12, 31))
			if st.ToWeek != 0 {
				end = min(end, d+pejling.Date(st.ToWeek*7-a))
			}
			days := float64(end - d + 1)
			key := RefusionKey{s.Municipality, s.Group, year}
			c := r.cells[key]
			if c == nil {
				c = &RefusionCell{}
				r.cells[key] = c
			}
			gross := days * s.Fraction * r.rates.Rate(s.Group, year) / 365
			c.Gross += gross
			c.Reimbursement += gross * st.Rate
			c.FullTimePersons += days * s.Fraction / float64(r.daysOfYear(year))
			if !r.touched[key] {
				r.touched[key] = true
				c.Persons++
			}
			d = end + 1
		}
	}
}

// daysOfYear is the days of year y, up to as_of in the year of as_of.
func (r *Refusion) daysOfYear(y int) int {
	first := pejling.DateOf(y, 1, 1)
	return int(min(pejling.DateOf(y, 12, 31), r.asOf)-first) + 1
}

// Rows returns the cells sorted by municipality, group (in the order of
// pejling.BenefitGroups) and year, with Net filled in.
func (r *Refusion) Rows() []RefusionRow {
	out := make([]RefusionRow, 0, len(r.cells))
	for k, c := range r.cells {
		c.Net = c.Gross - c.Reimbursement
		out = append(out, RefusionRow{k, *c})
	}
	slices.SortFunc(out, func(a, b RefusionRow) int {
		return cmp.Or(cmp.Compare(a.Municipality, b.Municipality),
			cmp.Compare(slices.Index(pejling.BenefitGroups, a.Group), slices.Index(pejling.BenefitGroups, b.Group)),
			cmp.Compare(a.Year, b.Year))
	})
	return out
}
