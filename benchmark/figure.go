package benchmark

import (
	"fmt"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// FigureInfo says how a key figure is compared between municipalities.
type FigureInfo struct {
	ID             string
	HigherIsBetter bool // a high activation rate is good, a high public-support rate is bad
	AllGroupsOnly  bool // cooperation_rate and public_support_rate exist for group `all` only
}

// comparable are the figures that can be compared between municipalities of different
// size: rates, shares and means. The counts of §8 (full_time_persons, persons_affected,
// placements_started, outflow, …) grow with the municipality and are not in it.
var comparable = map[string]FigureInfo{
	figures.ActivationRate:              {HigherIsBetter: true},
	figures.CoverageRate:                {HigherIsBetter: true},
	figures.PlacementsPerPersonAffected: {HigherIsBetter: true},
	figures.PlacementShareOfActivation:  {HigherIsBetter: true},
	figures.CooperationRate:             {HigherIsBetter: true, AllGroupsOnly: true},
	figures.PublicSupportRate:           {HigherIsBetter: false, AllGroupsOnly: true},
	figures.TurnoverSpeed:               {HigherIsBetter: true},
	figures.AvgDurationDays:             {HigherIsBetter: false},
	figures.SelfSupportRate6m:           {HigherIsBetter: true},
	figures.EmploymentRate6m:            {HigherIsBetter: true},
}

// ComparableFigures lists the figures a benchmark accepts, in the order of §9.
func ComparableFigures() []string {
	var out []string
	for _, id := range figures.Figures {
		if _, ok := comparable[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// DefaultRankFigures are the figures of the overall rank when none are chosen: one for
// each question a committee asks — how many are on support, how fast they leave, how
// long they stay, whether they stay off, and how much the job centre uses companies.
var DefaultRankFigures = []string{
	figures.PublicSupportRate, figures.TurnoverSpeed, figures.AvgDurationDays,
	figures.SelfSupportRate6m, figures.PlacementsPerPersonAffected,
}

// DefaultLearnFigures are the figures of cross-group learning when none are chosen:
// those that exist per benefit group and say what the job centre does.
var DefaultLearnFigures = []string{
	figures.PlacementsPerPersonAffected, figures.ActivationRate, figures.CoverageRate,
	figures.TurnoverSpeed, figures.SelfSupportRate6m,
}

// Figure returns how figure id is compared, or an EINVALID error saying why it cannot
// be: an unknown id, or a count that would rank the large municipalities first.
func Figure(id string) (FigureInfo, error) {
	if info, ok := comparable[id]; ok {
		info.ID = id
		return info, nil
	}
	if slices.Contains(figures.Figures, id) {
		return FigureInfo{}, pejling.Errorf(pejling.EINVALID,
			"%s is a count that grows with the municipality's size; compare municipalities on a rate, share or mean: %v", pejling.Clip(id), ComparableFigures())
	}
	return FigureInfo{}, pejling.Errorf(pejling.EINVALID, "unknown figure %q; comparable figures: %v", id, ComparableFigures())
}

// checkFigures validates a list of figure ids (for a group, when group is not `all`).
func checkFigures(ids []string, group pejling.BenefitGroup) ([]FigureInfo, error) {
	if len(ids) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "no figures chosen")
	}
	out := make([]FigureInfo, 0, len(ids))
	for _, id := range ids {
		info, err := Figure(id)
		if err != nil {
			return nil, err
		}
		if info.AllGroupsOnly && group != "" {
			return nil, pejling.Errorf(pejling.EINVALID, "%s exists for benefit group all only, not %s", id, group)
		}
		if slices.ContainsFunc(out, func(f FigureInfo) bool { return f.ID == id }) {
			return nil, pejling.Errorf(pejling.EINVALID, "figure %s chosen twice", id)
		}
		out = append(out, info)
	}
	return out, nil
}

// Key names one value of a period: a municipality's figure for a benefit group.
type Key struct {
	Municipality int                  // 0 is `all`, the whole country
	Group        pejling.BenefitGroup // "" is `all`
	Figure       string
}

// Values are the non-empty figure values of one period. An empty value (a ratio with a
// zero denominator, no data) is absent, never 0.
type Values map[Key]float64

// NewValues collects the valid rows of period p.
func NewValues(rows []figures.Row, p figures.Period) Values {
	v := Values{}
	for _, r := range rows {
		if r.Valid && r.Period == p {
			v[Key{r.Municipality, r.Group, r.Figure}] = r.Value
		}
	}
	return v
}

// Get returns a value and whether it is there.
func (v Values) Get(m int, g pejling.BenefitGroup, figure string) (float64, bool) {
	x, ok := v[Key{m, g, figure}]
	return x, ok
}

// LeftOut is a municipality left out of a computation, and why.
type LeftOut struct {
	Municipality int
	Reason       string
}

func (l LeftOut) String() string { return fmt.Sprintf("%d: %s", l.Municipality, l.Reason) }
