package sqldb_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
)

// TestWitnessAvgDuration checks the SQL witness's avg_duration_days on cases small
// enough to work out by hand from the rules of DOMAIN.md §8 (continuous periods on public
// support); the engine must agree with the same hand values.
func TestWitnessAvgDuration(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		const header = "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n"
		// cell names one avg_duration_days value: municipality (0 = all), group ("" = all),
		// and the month ("01" … "12") or "year" of 2024.
		type cell struct {
			m      int
			g      string
			period string
		}
		const empty = -1.0
		for _, tc := range []struct {
			name   string
			asOf   string
			spells string // rows of benefit_spells.csv
			want   map[cell]float64
		}{
			{"SevenDayGapJoins", "2024-12-31",
				// 2024-02-08 − 2024-01-31 − 1 = 7 ≤ 7: one period 2024-01-01 … 2024-02-29, 60 days.
				"A,101,KTH,,2024-01-01,2024-01-31,1\nA,101,KTH,,2024-02-08,2024-02-29,1\n",
				map[cell]float64{{101, "KTH", "02"}: 60, {101, "KTH", "01"}: empty, {0, "", "year"}: 60}},
			{"EightDayGapSplits", "2024-12-31",
				// 2024-03-19 − 2024-03-10 − 1 = 8 > 7: periods of 10 and 13 days, both ending in March.
				"A,101,KTH,,2024-03-01,2024-03-10,1\nA,101,KTH,,2024-03-19,2024-03-31,1\n",
				map[cell]float64{{101, "KTH", "03"}: 11.5, {101, "", "03"}: 11.5, {0, "KTH", "year"}: 11.5}},
			{"LatestEndSoFarNotPreviousEnd", "2024-12-31",
				// The February spell ends first, but the latest end so far is 2024-06-30:
				// 2024-07-05 − 2024-06-30 − 1 = 4, so all three are one period of 213 days
				// (2024-01-01 … 2024-07-31) whose last spell is the DGP one.
				"A,101,KTH,,2024-01-01,2024-06-30,1\nA,101,KTH,,2024-02-01,2024-02-28,1\nA,101,DGP,,2024-07-05,2024-07-31,1\n",
				map[cell]float64{{101, "DGP", "07"}: 213, {101, "KTH", "06"}: empty, {101, "KTH", "02"}: empty, {101, "KTH", "year"}: empty}},
			{"RunningSpellJoinsEverythingAfter", "2024-12-31",
				// A running spell from 2024-01-01: the spells of June and November join it, so
				// A's one period runs and counts nowhere. B's period (one March spell) counts.
				"A,101,KTH,,2024-01-01,,1\nA,101,DGP,,2024-06-01,2024-06-30,1\nA,101,DGP,,2024-11-01,2024-11-30,1\n" +
					"B,101,DGP,,2024-03-01,2024-03-20,1\n",
				map[cell]float64{{101, "DGP", "06"}: empty, {101, "DGP", "11"}: empty, {101, "DGP", "year"}: 20, {0, "", "year"}: 20}},
			{"RunningSpellLaterInPeriod", "2024-12-31",
				// The January spell is joined by a running one five days later: not completed.
				"A,101,KTH,,2024-01-01,2024-01-31,1\nA,147,KTH,,2024-02-05,,1\n",
				map[cell]float64{{101, "KTH", "01"}: empty, {0, "", "year"}: empty}},
			{"LastSpellTieLatestStart", "2024-12-31",
				// Same end 2024-04-30: the later start (147, DGP) is the last spell; 121 days.
				"A,101,KTH,,2024-01-01,2024-04-30,1\nA,147,DGP,,2024-03-01,2024-04-30,1\n",
				map[cell]float64{{147, "DGP", "04"}: 121, {147, "", "04"}: 121, {0, "DGP", "04"}: 121,
					{101, "KTH", "04"}: empty, {101, "", "04"}: empty, {0, "KTH", "04"}: empty, {0, "", "04"}: 121}},
			{"LastSpellTieLargestMunicipality", "2024-12-31",
				// Same start and end: the largest municipality, 147, holds the 31 days of May.
				"A,101,KTH,,2024-05-01,2024-05-31,1\nA,147,KTH,,2024-05-01,2024-05-31,1\n",
				map[cell]float64{{147, "KTH", "05"}: 31, {101, "KTH", "05"}: empty, {0, "KTH", "05"}: 31}},
			{"LastSpellTieLargestGroup", "2024-12-31",
				// Same start, end and municipality: the largest group as text, KTH > DGP.
				"A,101,DGP,,2024-05-01,2024-05-31,1\nA,101,KTH,,2024-05-01,2024-05-31,1\n",
				map[cell]float64{{101, "KTH", "05"}: 31, {101, "DGP", "05"}: empty, {101, "", "05"}: 31}},
			{"CompletedOnlyBeforeAsOf", "2024-06-30",
				// A's period ends on as_of (not < as_of): not completed. B's ends the day before.
				"A,101,KTH,,2024-06-01,2024-06-30,1\nB,101,KTH,,2024-06-01,2024-06-29,1\n",
				map[cell]float64{{101, "KTH", "06"}: 29}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				dir := t.TempDir()
				files := map[string]string{
					"dataset.json":       `{"as_of": "` + tc.asOf + `"}`,
					"benefit_spells.csv": header + tc.spells,
				}
				for name, content := range files {
					if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				db := open(t)
				if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
					t.Fatal(err)
				}
				first, last := pejling.MustParseDate("2024-01-01"), pejling.MustParseDate("2024-12-31")
				periods := append(figures.Months(first, last), figures.Years(first, last)...)
				name := func(p figures.Period) string {
					if p.Days() > 31 {
						return "year"
					}
					return strings.Split(p.First.String(), "-")[1]
				}
				witness, err := db.WitnessFigures(ctx, periods)
				if err != nil {
					t.Fatal(err)
				}
				reg, err := db.ReadRegister(ctx)
				if err != nil {
					t.Fatal(err)
				}
				engine := figures.Compute(figures.Input{AsOf: reg.AsOf, Benefit: reg.Benefit, Municipalities: reg.Municipalities}, periods)
				for source, rows := range map[string][]figures.Row{"witness": witness, "engine": engine} {
					got := map[cell]float64{}
					for _, r := range rows {
						if r.Figure != figures.AvgDurationDays {
							continue
						}
						v := empty
						if r.Valid {
							v = r.Value
						}
						got[cell{r.Municipality, string(r.Group), name(r.Period)}] = v
					}
					for c, want := range tc.want {
						if v, ok := got[c]; !ok || math.Abs(v-want) > 1e-9 {
							t.Errorf("%s: avg_duration_days %+v = %v (row %v), want %v (-1 = empty)", source, c, v, ok, want)
						}
					}
				}
			})
		}
	})
}
