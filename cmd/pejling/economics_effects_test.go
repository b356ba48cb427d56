package main_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	pj "github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// effectsDataSet is a tiny data set (as_of 2024-12-31) whose effect economics for
// 2023–2024 is worked out by hand. d = end + 182.
//
// INT-A (cost 30,000 + 20,000 = 50,000 kr.):
//
//	P1 2023-01-01…2023-03-31, d 2023-09-29, benefit ended 2023-04-15      → self-support
//	P2 2023-02-01…2023-05-31, d 2023-11-29, benefit running               → on benefit
//	P3 2023-03-01…2023-06-30, d 2023-12-29, benefit ended 2023-12-28      → self-support
//	P3 2024-01-01…2024-03-31, d 2024-09-29, DGP in 147 from 2024-09-29    → on benefit
//	P4 2024-06-01…2024-08-31, d 2025-03-01 > as_of                        → not judged
//	participants 4, spells 5, judged 4, self-supported 2 spells (P1, P3a) and 2 persons;
//	share 2/4 = 0.5, Wilson [0.150, 0.850]; effect 2 / (50,000 / 100,000) = 4.
//
// SUP-B (cost 100,000 for 2023 + 0 for 2024; the 2022 row lies outside the years):
//
//	P5 2023-05-01…2023-07-02, d 2023-12-31, no benefit then                → self-support
//	P6 2022-10-01…2023-01-15, d 2023-07-16, benefit ends 2023-07-16       → on benefit
//	P7 2022-01-01…2022-12-31: ended before the years, not counted
//	participants 2, spells 2, judged 2, self-supported 1; share 0.5, Wilson [0.095,
//	0.905]; effect 1 / (100,000 / 100,000) = 1.
//
// INT-C (not in the cost file): P8 2023-08-01…2023-09-30 (101), P9 2023-02-01…2023-02-28
// (147), no benefit on d: participants 2, judged 2, self 2, share 1, Wilson [0.342, 1];
// cost and effect empty. With --municipality 101 only P8: 1 of 1, Wilson [0.207, 1].
//
// Reference, all activation (P1 also has a praktik without id, 2023-04-01…2023-04-30,
// d 2023-10-29, self-support): persons P1–P6, P8, P9 = 8, spells 10, judged 9, self 6
// (P1 ×2, P3a, P5, P8, P9) = 0.667. Every intervention has fewer than 20 judged spells:
// all "too few". Ranked by effect: INT-A (4), SUP-B (1), INT-C (none).
var effectsDataSet = map[string]string{
	"dataset.json": `{"as_of": "2024-12-31", "name": "effects"}`,
	"benefit_spells.csv": "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n" +
		"P1,101,KTH,,2022-10-01,2023-04-15,1\n" +
		"P2,101,KTH,,2023-01-01,,1\n" +
		"P3,101,KTH,,2023-01-01,2023-12-28,1\n" +
		"P3,147,DGP,,2024-09-29,2024-10-31,1\n" +
		"P5,101,KTH,,2023-01-01,2023-04-30,1\n" +
		"P6,101,KTH,,2022-09-01,2023-07-16,1\n" +
		"P7,101,KTH,,2022-01-01,,1\n",
	"activation_spells.csv": "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n" +
		"P1,101,KTH,vejledning,2023-01-01,2023-03-31,37,,INT-A\n" +
		"P1,101,KTH,praktik,2023-04-01,2023-04-30,37,12345678,\n" +
		"P2,101,KTH,vejledning,2023-02-01,2023-05-31,37,,INT-A\n" +
		"P3,101,KTH,vejledning,2023-03-01,2023-06-30,37,,INT-A\n" +
		"P3,101,KTH,vejledning,2024-01-01,2024-03-31,37,,INT-A\n" +
		"P4,101,KTH,vejledning,2024-06-01,2024-08-31,37,,INT-A\n" +
		"P5,101,KTH,mentor,2023-05-01,2023-07-02,5,,SUP-B\n" +
		"P6,101,KTH,mentor,2022-10-01,2023-01-15,5,,SUP-B\n" +
		"P7,101,KTH,mentor,2022-01-01,2022-12-31,5,,SUP-B\n" +
		"P8,101,KTH,andet,2023-08-01,2023-09-30,10,,INT-C\n" +
		"P9,147,KTH,andet,2023-02-01,2023-02-28,10,,INT-C\n",
	"companies.csv": "cvr,name,municipality,industry,employees\n12345678,Hansen & Søn ApS,101,620100,12\n",
}

const effectsCosts = "intervention_id,year,cost_dkk,name\n" +
	"INT-A,2023,30000,Jobklub\n" +
	"INT-A,2024,20000,Jobklub\n" +
	"SUP-B,2022,999999,Leverandør B\n" +
	"SUP-B,2023,100000,Leverandør B\n" +
	"SUP-B,2024,0,Leverandør B\n"

func effectsStore(t *testing.T) (db, costs string) {
	t.Helper()
	db = filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "import", "--db", db, "--no-figures", writeDataSet(t, effectsDataSet))
	costs = filepath.Join(t.TempDir(), "costs.csv")
	if err := os.WriteFile(costs, []byte(effectsCosts), 0o644); err != nil {
		t.Fatal(err)
	}
	return db, costs
}

func effectsCSV(t *testing.T, args ...string) map[string]map[string]string {
	t.Helper()
	out := mustPejling(t, append([]string{"economics", "effects", "--format", "csv"}, args...)...)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]map[string]string{}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		rows[m["intervention_id"]] = m
	}
	return rows
}

func TestEconomicsEffectsHandMade(t *testing.T) {
	db, costs := effectsStore(t)
	fields := []string{"rank", "participants", "spells", "judged_spells", "self_supported_spells", "self_supported_persons",
		"self_support_share", "share_lower", "share_upper", "cost_dkk", "effect_per_100000_dkk", "progression_change", "recommendation"}
	for _, c := range []struct {
		name string
		args []string
		want map[string]string // fields joined by |, shares rounded to 3 decimals
	}{
		{"All", []string{"--from", "2023", "--to", "2024"}, map[string]string{
			"INT-A": "1|4|5|4|2|2|0.500|0.150|0.850|50000|4|| too few",
			"SUP-B": "2|2|2|2|1|1|0.500|0.095|0.905|100000|1|| too few",
			"INT-C": "3|2|2|2|2|2|1.000|0.342|1.000|||| too few",
			"all":   "|8|10|9|6|0|0.667|0.354|0.879||||",
		}},
		{"Municipality101", []string{"--municipality", "København", "--from", "2023", "--to", "2024"}, map[string]string{
			"INT-C": "3|1|1|1|1|1|1.000|0.207|1.000|||| too few",
			"all":   "|7|9|8|5|0|0.625|0.306|0.863||||",
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows := effectsCSV(t, append([]string{"--db", db, "--costs", costs}, c.args...)...)
			for id, want := range c.want {
				r := rows[id]
				if r == nil {
					t.Fatalf("no row %s", id)
				}
				var got []string
				for _, f := range fields {
					v := r[f]
					if x, err := strconv.ParseFloat(v, 64); err == nil && strings.Contains(f, "share") {
						v = fmt.Sprintf("%.3f", x)
					}
					got = append(got, v)
				}
				g := strings.Join(got, "|")
				g = strings.Replace(g, "|too few", "| too few", 1)
				if g != want {
					t.Errorf("%s: got  %s\nwant %s", id, g, want)
				}
			}
			if !strings.Contains(rows["INT-C"]["note"], "no cost in the cost file") {
				t.Errorf("INT-C note %q does not say the cost is missing", rows["INT-C"]["note"])
			}
		})
	}
	t.Run("TableAndJSON", func(t *testing.T) {
		table := mustPejling(t, "economics", "effects", "--db", db, "--costs", costs)
		for _, w := range []string{"Jobklub", "0.500 [0.150, 0.850]", "progression: the mean change", "too few to judge"} {
			if !strings.Contains(table, w) {
				t.Errorf("table lacks %q:\n%s", w, table)
			}
		}
		var out struct {
			Rows []struct {
				ID          string    `json:"intervention_id"`
				Cost        *float64  `json:"cost_dkk"`
				Effect      *float64  `json:"effect_per_100000_dkk"`
				Progression *struct{} `json:"progression"`
			} `json:"interventions"`
		}
		if err := json.Unmarshal([]byte(mustPejling(t, "economics", "effects", "--db", db, "--costs", costs, "--format", "json")), &out); err != nil {
			t.Fatal(err)
		}
		if len(out.Rows) != 3 || out.Rows[0].ID != "INT-A" || *out.Rows[0].Effect != 4 || out.Rows[2].Cost != nil || out.Rows[2].Effect != nil || out.Rows[0].Progression != nil {
			t.Errorf("json rows %+v", out.Rows)
		}
	})
}

// TestEconomicsEffectsProgression stores progression scores in the effects store:
// five persons of 101 in INT-A rising 1…5 points (mean 3, 95 % t-interval 3 ± 1.963,
// as economics.TestAddProgression works out), two of 147 in SUP-B (too few). The
// municipality's selection shows only its own scores; the national one both.
func TestEconomicsEffectsProgression(t *testing.T) {
	path, costs := effectsStore(t)
	ctx := context.Background()
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	score := func(person, intervention string, day pj.Date, v int) pj.ProgressionScore {
		return pj.ProgressionScore{PersonID: person, Theme: "work_identity", Indicator: "sees_self_in_job", Score: v, Date: day,
			ScoredBy: 1, InterventionID: intervention}
	}
	var a, b []pj.ProgressionScore
	for i, rise := range []int{1, 2, 3, 4, 5} {
		p := fmt.Sprintf("Q%d", i+1)
		a = append(a, score(p, "INT-A", pj.DateOf(2023, time.March, 1), 3), score(p, "INT-A", pj.DateOf(2023, time.June, 1), 3+rise))
	}
	for _, p := range []string{"R1", "R2"} {
		b = append(b, score(p, "SUP-B", pj.DateOf(2023, time.March, 1), 3), score(p, "SUP-B", pj.DateOf(2023, time.June, 1), 4))
	}
	if err := db.AddProgressionScores(ctx, 101, a); err != nil {
		t.Fatal(err)
	}
	if err := db.AddProgressionScores(ctx, 147, b); err != nil {
		t.Fatal(err)
	}
	db.Close()
	type prog struct {
		Persons    int      `json:"persons"`
		Measured   int      `json:"measured"`
		TooFew     bool     `json:"too_few"`
		MeanChange *float64 `json:"mean_change"`
		Lower      *float64 `json:"lower"`
	}
	run := func(args ...string) map[string]*prog {
		var out struct {
			Rows []struct {
				ID          string `json:"intervention_id"`
				Progression *prog  `json:"progression"`
			} `json:"interventions"`
		}
		js := mustPejling(t, append([]string{"economics", "effects", "--db", path, "--costs", costs, "--format", "json", "--from", "2023", "--to", "2024"}, args...)...)
		if err := json.Unmarshal([]byte(js), &out); err != nil {
			t.Fatal(err)
		}
		m := map[string]*prog{}
		for _, r := range out.Rows {
			m[r.ID] = r.Progression
		}
		return m
	}
	all := run()
	if p := all["INT-A"]; p == nil || p.Persons != 5 || p.Measured != 5 || p.TooFew || p.MeanChange == nil || *p.MeanChange != 3 ||
		fmt.Sprintf("%.3f", *p.Lower) != "1.037" {
		t.Errorf("INT-A progression %+v, want 5 measured, mean 3, lower 1.037", p)
	}
	if p := all["SUP-B"]; p == nil || p.Persons != 2 || !p.TooFew || p.MeanChange != nil {
		t.Errorf("SUP-B progression %+v, want 2 persons, too few, no mean", p)
	}
	if p := all["INT-C"]; p != nil {
		t.Errorf("INT-C has no scores, got %+v", p)
	}
	if own := run("--municipality", "101"); own["INT-A"] == nil || own["SUP-B"] != nil {
		t.Errorf("101's selection: INT-A %+v, SUP-B %+v; want 147's scores left out", own["INT-A"], own["SUP-B"])
	}
	table := mustPejling(t, "economics", "effects", "--db", path, "--costs", costs, "--from", "2023", "--to", "2024")
	for _, w := range []string{"+3.00 [+1.04, +4.96] n=5", "too few (2)"} {
		if !strings.Contains(table, w) {
			t.Errorf("table lacks %q:\n%s", w, table)
		}
	}
	csvRows := effectsCSV(t, "--db", path, "--costs", costs, "--from", "2023", "--to", "2024")
	if r := csvRows["INT-A"]; r["progression_persons"] != "5" || r["progression_measured"] != "5" || r["progression_change"] != "3" {
		t.Errorf("CSV INT-A progression %q %q %q", r["progression_persons"], r["progression_measured"], r["progression_change"])
	}
}

func TestEconomicsEffectsBadInput(t *testing.T) {
	db, _ := effectsStore(t)
	dir := t.TempDir()
	for _, c := range []struct {
		name, costs string
		args        []string
		want        string
	}{
		{"NegativeCost", "intervention_id,year,cost_dkk\nINT-A,2023,-5\n", nil, "bad.csv:2: cost_dkk -5: negative"},
		{"Duplicate", "intervention_id,year,cost_dkk\nINT-A,2023,5\nINT-A,2023,6\n", nil, "bad.csv:3: duplicate of line 2"},
		{"MissingColumn", "intervention_id,cost_dkk\nINT-A,5\n", nil, "bad.csv:1: missing column year"},
		{"NoRowsNoYears", "intervention_id,year,cost_dkk\n", nil, "give --from and --to"},
		{"BadFormat", "intervention_id,year,cost_dkk\nINT-A,2023,5\n", []string{"--format", "xml"}, `--format "xml"`},
		{"BadMunicipality", "intervention_id,year,cost_dkk\nINT-A,2023,5\n", []string{"--municipality", "Atlantis"}, "not a municipality"},
		{"ToBeforeFrom", "intervention_id,year,cost_dkk\nINT-A,2023,5\n", []string{"--from", "2024", "--to", "2023"}, "before --from"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.csv")
			if err := os.WriteFile(path, []byte(c.costs), 0o644); err != nil {
				t.Fatal(err)
			}
			_, stderr, code := pejling(t, append([]string{"economics", "effects", "--db", db, "--costs", path}, c.args...)...)
			if code == 0 || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr lacks %q:\n%s", code, c.want, stderr)
			}
		})
	}
	if _, stderr, code := pejling(t, "economics", "effects", "--db", db); code == 0 || !strings.Contains(stderr, "-costs") {
		t.Errorf("without --costs: exit %d\n%s", code, stderr)
	}
}

// TestEconomicsEffectsWitness recomputes, per intervention, the judged spells and the
// self-support numerator in plain SQL over the store's tables (DOMAIN.md §8
// self_support_rate_6m: end in the years, end + 182 ≤ as_of, no benefit spell of the
// person with a day on end + 182) and the participants, on the 3000-person demo data,
// and compares them with the command's CSV.
func TestEconomicsEffectsWitness(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and imports the demo data")
	}
	data := filepath.Join(t.TempDir(), "demo")
	db := filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "5", "--out", data)
	mustPejling(t, "import", "--db", db, "--no-figures", data)
	costs, err := filepath.Abs("../../economics/testdata/effects_costs.csv")
	if err != nil {
		t.Fatal(err)
	}
	got := effectsCSV(t, "--db", db, "--costs", costs, "--from", "2018", "--to", "2024")

	ctx := context.Background()
	store, err := sqldb.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	first, last := pj.DateOf(2018, time.January, 1), pj.DateOf(2024, time.December, 31)
	rs, err := store.SQL().QueryContext(ctx, `
		WITH asof AS (SELECT max(as_of) AS d FROM imports),
		spells AS (
			SELECT a.intervention_id AS id, a.person_id AS person,
				a.end_day BETWEEN ? AND ? AND a.end_day + 182 <= (SELECT d FROM asof) AS judged,
				NOT EXISTS (SELECT 1 FROM benefit_spells b WHERE b.person_id = a.person_id
					AND b.start_day <= a.end_day + 182 AND (b.end_day IS NULL OR b.end_day >= a.end_day + 182)) AS free
			FROM activation_spells a
			WHERE a.intervention_id <> '' AND a.start_day <= ? AND a.end_day >= ?)
		SELECT id, count(DISTINCT person), count(*), sum(judged), sum(judged AND free),
			count(DISTINCT CASE WHEN judged AND free THEN person END)
		FROM spells GROUP BY id ORDER BY id`, int64(first), int64(last), int64(last), int64(first))
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	n, self := 0, 0
	for rs.Next() {
		var id string
		var persons, spells, judged, free, freePersons int
		if err := rs.Scan(&id, &persons, &spells, &judged, &free, &freePersons); err != nil {
			t.Fatal(err)
		}
		r := got[id]
		if r == nil {
			t.Errorf("%s: in SQL, not in the command's output", id)
			continue
		}
		want := fmt.Sprint(persons, spells, judged, free, freePersons)
		have := fmt.Sprint(r["participants"], " ", r["spells"], " ", r["judged_spells"], " ", r["self_supported_spells"], " ", r["self_supported_persons"])
		if have != want {
			t.Errorf("%s: participants, spells, judged, self-supported spells, persons = %s, SQL %s", id, have, want)
		}
		n++
		self += free
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 100 || self == 0 {
		t.Errorf("the witness saw %d interventions and %d self-supported spells: the demo data should carry many", n, self)
	}
	if len(got) != n+1 { // + the reference row
		t.Errorf("command %d rows, SQL %d interventions + all", len(got), n)
	}
}
