package economics

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// EffectProgression is the progression measured during an intervention
// (employer.AggregateProgression by intervention): the mean change of the measured
// persons' scores on their focus themes, with its 95 % t-interval. TooFew (fewer than
// employer.MinGroupSize measured persons) leaves the mean and interval 0; they must be
// shown as "too few", never as numbers.
type EffectProgression struct {
	Persons int // persons with a score tagged with the intervention in the years
	N       int // of them, measured: scored at two conversations or more during it
	TooFew  bool
	// MeanChange, Lower and Upper are on the catalogue's 1–10 scale: +1.5 is a rise of
	// one and a half points between the first and the last conversation.
	MeanChange, Lower, Upper float64
}

// AddProgression puts the progression measured during each intervention into the
// report: of the scores whose conversation lies in the report's years (FirstYear to
// LastYear, as the effect's spells) and which name an intervention. Scores of an
// intervention without a row in the report (no spell and no cost in the selection) do
// not add a row; a note counts them. It replaces the note that progression is not
// available.
func (r *EffectReport) AddProgression(scores []pejling.ProgressionScore, focus []pejling.FocusThemes, c *employer.Catalogue) error {
	first := pejling.DateOf(r.FirstYear, 1, 1)
	last := pejling.DateOf(r.LastYear, 12, 31)
	var in []pejling.ProgressionScore
	for _, s := range scores {
		if s.InterventionID != "" && s.Date >= first && s.Date <= last {
			in = append(in, s)
		}
	}
	groups, err := employer.AggregateProgression(in, focus, c, employer.ProgressionByIntervention)
	if err != nil {
		return err
	}
	rows := map[string]int{}
	for i, x := range r.Interventions {
		rows[x.InterventionID] = i
	}
	var without []string
	for _, g := range groups {
		i, ok := rows[g.Key]
		if !ok {
			without = append(without, g.Key)
			continue
		}
		p := EffectProgression{Persons: g.Persons, N: g.N, TooFew: g.TooFew}
		if !g.TooFew {
			p.MeanChange, p.Lower, p.Upper = g.MeanChange, g.Lower, g.Upper
		}
		r.Interventions[i].Progression = &p
	}
	r.Notes = slices.DeleteFunc(r.Notes, func(n string) bool { return n == EffectProgressionNote })
	r.Notes = append(r.Notes, fmt.Sprintf("progression: the mean change of the focus-theme score (1–10 scale) between the first and the last conversation scored during the intervention in %d–%d, with its 95 %% t-interval; fewer than %d measured persons show as too few",
		r.FirstYear, r.LastYear, employer.MinGroupSize))
	if len(without) > 0 {
		slices.Sort(without)
		shown := without
		if len(shown) > 10 {
			shown = shown[:10]
		}
		r.Notes = append(r.Notes, fmt.Sprintf("progression was scored during %d interventions without a spell or a cost in the selection, not shown: %s",
			len(without), strings.Join(shown, ", ")))
	}
	return nil
}
