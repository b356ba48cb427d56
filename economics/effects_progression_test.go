package economics_test

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/employer"
)

// TestAddProgression works the progression column by hand: five persons in intervention
// A rise by 1, 2, 3, 4 and 5 points on one indicator of their focus theme → mean 3,
// s = √2.5, SE = s/√5 = 0.70711, t(0.975, 4) = 2.776445 → 3 ± 1.96324. Two persons in
// B are too few; scores outside the report's years or without an intervention do not
// count; scores of an intervention without a row add a note, not a row.
func TestAddProgression(t *testing.T) {
	d := func(y, m, day int) pejling.Date { return pejling.DateOf(y, time.Month(m), day) }
	score := func(person, intervention string, day pejling.Date, v int) pejling.ProgressionScore {
		return pejling.ProgressionScore{PersonID: person, Theme: "work_identity", Indicator: "sees_self_in_job", Score: v, Date: day,
			ScoredBy: 7, InterventionID: intervention}
	}
	var scores []pejling.ProgressionScore
	var focus []pejling.FocusThemes
	for i, rise := range []int{1, 2, 3, 4, 5} {
		p := "a" + string(rune('1'+i))
		scores = append(scores, score(p, "A", d(2024, 2, 1), 3), score(p, "A", d(2024, 5, 1), 3+rise))
		focus = append(focus, pejling.FocusThemes{PersonID: p, Themes: []string{"work_identity", "social_competences"}, From: d(2024, 1, 15)})
		// A score of the year before the report's: would make every rise larger.
		scores = append(scores, score(p, "A", d(2023, 11, 1), 1))
	}
	scores = append(scores, score("b1", "B", d(2024, 3, 1), 2), score("b1", "B", d(2024, 4, 1), 9),
		score("b2", "B", d(2024, 3, 1), 2), score("b2", "B", d(2024, 4, 1), 9),
		score("c1", "C", d(2024, 3, 1), 2), score("c1", "C", d(2024, 4, 1), 3),
		score("n1", "", d(2024, 3, 1), 2), score("n1", "", d(2024, 4, 1), 3))

	r := economics.EffectReport{FirstYear: 2024, LastYear: 2024, Notes: []string{economics.EffectProgressionNote},
		Interventions: []economics.InterventionEffect{{InterventionID: "A"}, {InterventionID: "B"}, {InterventionID: "D"}}}
	if err := r.AddProgression(scores, focus, employer.DefaultCatalogue()); err != nil {
		t.Fatal(err)
	}
	a := r.Interventions[0].Progression
	if a == nil || a.Persons != 5 || a.N != 5 || a.TooFew {
		t.Fatalf("A: %+v, want 5 persons, 5 measured", a)
	}
	half := 2.776445 * math.Sqrt(2.5) / math.Sqrt(5)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"mean", a.MeanChange, 3}, {"lower", a.Lower, 3 - half}, {"upper", a.Upper, 3 + half}} {
		if math.Abs(c.got-c.want) > 1e-5 {
			t.Errorf("A %s = %.6f, want %.6f", c.name, c.got, c.want)
		}
	}
	if b := r.Interventions[1].Progression; b == nil || b.Persons != 2 || b.N != 2 || !b.TooFew || b.MeanChange != 0 {
		t.Errorf("B: %+v, want 2 persons, too few, no mean", b)
	}
	if r.Interventions[2].Progression != nil {
		t.Errorf("D has no score, got %+v", r.Interventions[2].Progression)
	}
	if slices.Contains(r.Notes, economics.EffectProgressionNote) {
		t.Error("the note that progression is not available is still there")
	}
	if !slices.ContainsFunc(r.Notes, func(n string) bool {
		return strings.Contains(n, "1 interventions without a spell") && strings.HasSuffix(n, ": C")
	}) {
		t.Errorf("no note of intervention C: %q", r.Notes)
	}

	// Bad scores are refused, not counted.
	bad := append(slices.Clone(scores), score("x1", "A", d(2024, 6, 1), 11))
	if err := r.AddProgression(bad, focus, employer.DefaultCatalogue()); err == nil {
		t.Error("a score of 11 was accepted")
	}
}
