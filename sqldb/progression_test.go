package sqldb_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pejling/pejling"
)

var progToday = pejling.MustParseDate("2026-03-10")

func progScore(person, theme, indicator string, score int, day pejling.Date) pejling.ProgressionScore {
	return pejling.ProgressionScore{PersonID: person, Theme: theme, Indicator: indicator, Score: score, Date: day,
		ScoredBy: 7, InterventionID: "mentor", Team: "Team Nord"}
}

func TestProgressionStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := open(t)
		db.Now = func() time.Time { return progToday.Time().Add(10 * time.Hour) }
		d1, d2 := progToday-30, progToday
		first := []pejling.ProgressionScore{
			progScore("P1", "work_identity", "sees_self_in_job", 3, d1),
			progScore("P1", "work_identity", "knows_job_goal", 4, d1),
			progScore("P1", "social_competences", "cooperates", 5, d1),
		}
		if err := db.AddProgressionScores(ctx, 101, first); err != nil {
			t.Fatal(err)
		}
		second := []pejling.ProgressionScore{progScore("P1", "work_identity", "sees_self_in_job", 6, d2)}
		if err := db.AddProgressionScores(ctx, 101, second); err != nil {
			t.Fatal(err)
		}
		t.Run("RoundTrip", func(t *testing.T) {
			got, err := db.FindProgressionScores(ctx, 101, "P1")
			if err != nil {
				t.Fatal(err)
			}
			want := []pejling.ProgressionScore{first[2], first[1], first[0], second[0]}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %+v\nwant %+v", got, want)
			}
			all, err := db.FindAllProgressionScores(ctx, 101)
			if err != nil || len(all) != 4 {
				t.Fatalf("all: %d, %v", len(all), err)
			}
		})
		t.Run("DuplicateRefusedAndNothingStored", func(t *testing.T) {
			batch := []pejling.ProgressionScore{
				progScore("P1", "social_competences", "handles_conflict", 7, d2), // new
				progScore("P1", "work_identity", "sees_self_in_job", 8, d2),      // already scored today
			}
			err := db.AddProgressionScores(ctx, 101, batch)
			wantCode(t, err, pejling.ECONFLICT, "already scored")
			got, _ := db.FindProgressionScores(ctx, 101, "P1")
			if len(got) != 4 {
				t.Fatalf("%d scores after a refused batch, want 4", len(got))
			}
			// Twice within one batch: refused by validation.
			err = db.AddProgressionScores(ctx, 101, []pejling.ProgressionScore{
				progScore("P2", "work_identity", "knows_job_goal", 7, d2), progScore("P2", "work_identity", "knows_job_goal", 8, d2)})
			wantCode(t, err, pejling.EINVALID, "scored twice")
		})
		t.Run("Invalid", func(t *testing.T) {
			for name, c := range map[string]struct {
				s    pejling.ProgressionScore
				text string
			}{
				"Zero":      {progScore("P3", "work_identity", "knows_job_goal", 0, d2), "outside"},
				"Eleven":    {progScore("P3", "work_identity", "knows_job_goal", 11, d2), "outside"},
				"Theme":     {progScore("P3", "nope", "knows_job_goal", 5, d2), "unknown theme"},
				"Indicator": {progScore("P3", "work_identity", "nope", 5, d2), "unknown indicator"},
				"Future":    {progScore("P3", "work_identity", "knows_job_goal", 5, d2+1), "future"},
				"CPR":       {progScore("010190-1234", "work_identity", "knows_job_goal", 5, d2), "CPR"},
				"CPRTeam": {func() pejling.ProgressionScore {
					s := progScore("P3", "work_identity", "knows_job_goal", 5, d2)
					s.Team = "0101901234"
					return s
				}(), "CPR"},
			} {
				t.Run(name, func(t *testing.T) {
					wantCode(t, db.AddProgressionScores(ctx, 101, []pejling.ProgressionScore{c.s}), pejling.EINVALID, c.text)
				})
			}
			if got, _ := db.FindProgressionScores(ctx, 101, "P3"); len(got) != 0 {
				t.Fatalf("invalid scores stored: %v", got)
			}
		})
		t.Run("Focus", func(t *testing.T) {
			f := pejling.FocusThemes{PersonID: "P1", Themes: []string{"work_identity", "social_competences"}, From: d1}
			if err := db.SetFocusThemes(ctx, 101, f, 7); err != nil {
				t.Fatal(err)
			}
			g := pejling.FocusThemes{PersonID: "P1", Themes: []string{"work_identity", "social_competences", "personal_competences"}, From: d2}
			if err := db.SetFocusThemes(ctx, 101, g, 7); err != nil {
				t.Fatal(err)
			}
			g.Themes = g.Themes[:2]
			if err := db.SetFocusThemes(ctx, 101, g, 7); err != nil { // replaces the same day's
				t.Fatal(err)
			}
			got, err := db.FindFocusThemes(ctx, 101, "P1")
			if err != nil || !reflect.DeepEqual(got, []pejling.FocusThemes{f, g}) {
				t.Fatalf("got %+v, %v", got, err)
			}
			bad := pejling.FocusThemes{PersonID: "P1", Themes: []string{"work_identity", "social_competences", "personal_competences", "physical_health"}, From: d2}
			wantCode(t, db.SetFocusThemes(ctx, 101, bad, 7), pejling.EINVALID, "4 themes")
			bad = pejling.FocusThemes{PersonID: "0101901234", Themes: f.Themes, From: d2}
			wantCode(t, db.SetFocusThemes(ctx, 101, bad, 7), pejling.EINVALID, "CPR")
			bad = pejling.FocusThemes{PersonID: "P1", Themes: f.Themes, From: d2 + 1}
			wantCode(t, db.SetFocusThemes(ctx, 101, bad, 7), pejling.EINVALID, "future")
			all, _ := db.FindAllFocusThemes(ctx, 101)
			if len(all) != 2 {
				t.Fatalf("%d focus choices, want 2", len(all))
			}
		})
		t.Run("Isolation", func(t *testing.T) {
			if got, err := db.FindProgressionScores(ctx, 147, "P1"); err != nil || len(got) != 0 {
				t.Fatalf("147 sees %v, %v", got, err)
			}
			if got, _ := db.FindAllProgressionScores(ctx, 147); len(got) != 0 {
				t.Fatalf("147 sees %v", got)
			}
			if got, _ := db.FindFocusThemes(ctx, 147, "P1"); len(got) != 0 {
				t.Fatalf("147 sees %v", got)
			}
			// The same conversation may be scored in another municipality.
			if err := db.AddProgressionScores(ctx, 147, second); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.FindProgressionScores(ctx, 101, "P1"); len(got) != 4 {
				t.Fatalf("101 has %d scores after 147's, want 4", len(got))
			}
		})
	})
}
