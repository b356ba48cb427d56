package main_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	pj "github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
)

// refusionStore generates and imports the small demo data set (3,000 persons, seed 5).
func refusionStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	data, db := filepath.Join(dir, "data"), filepath.Join(dir, "p.db")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "5", "--out", data)
	mustPejling(t, "import", "--db", db, data)
	return db
}

// TestRefusionWitness checks the gross cost, persons and full-time persons of pejling
// economics refusion against plain SQL over benefit_spells: per municipality, group
// and year Σ days inside the year (to as_of) × fraction, × rate/365 with the default
// rates, to 1e-6 relative. The reimbursement is checked to lie within the staircase's
// lowest and highest rate of the gross.
func TestRefusionWitness(t *testing.T) {
	path := refusionStore(t)
	out := mustPejling(t, "economics", "refusion", "--db", path, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 100 || strings.Join(recs[0], ",") != "municipality,benefit_group,year,gross_dkk,reimbursement_dkk,net_dkk,persons,full_time_persons,net_per_full_time_person_dkk" {
		t.Fatalf("%d rows, header %v", len(recs), recs[0])
	}

	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type cell struct {
		days    float64 // Σ days × fraction
		persons int
		yearLen float64
	}
	want := map[string]cell{}
	rs, err := db.SQL().Query(`
		WITH RECURSIVE yrs(y) AS (SELECT 1990 UNION ALL SELECT y + 1 FROM yrs WHERE y < 2040),
		a AS (SELECT max(as_of) AS as_of FROM imports),
		b AS (SELECT y, CAST(julianday(printf('%04d-01-01', y)) - 2440587.5 AS INTEGER) AS f,
			CAST(julianday(printf('%04d-12-31', y)) - 2440587.5 AS INTEGER) AS l FROM yrs)
		SELECT s.municipality, s.benefit_group, b.y,
			sum((min(coalesce(s.end_day, a.as_of), a.as_of, b.l) - max(s.start_day, b.f) + 1) * s.fraction),
			count(DISTINCT s.person_id), min(b.l, a.as_of) - b.f + 1
		FROM benefit_spells s, b, a
		WHERE min(coalesce(s.end_day, a.as_of), a.as_of, b.l) >= max(s.start_day, b.f)
		GROUP BY s.municipality, s.benefit_group, b.y`)
	if err != nil {
		t.Fatal(err)
	}
	for rs.Next() {
		var m, y int
		var g string
		var c cell
		if err := rs.Scan(&m, &g, &y, &c.days, &c.persons, &c.yearLen); err != nil {
			t.Fatal(err)
		}
		want[fmt.Sprintf("%d/%s/%d", m, g, y)] = c
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	rs.Close()
	if len(recs)-1 != len(want) {
		t.Fatalf("%d rows, SQL has %d cells", len(recs)-1, len(want))
	}
	rates := economics.DefaultRates()
	rel := func(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b)) }
	for _, r := range recs[1:] {
		w, ok := want[r[0]+"/"+r[1]+"/"+r[2]]
		if !ok {
			t.Fatalf("row %v not in SQL", r)
		}
		y, _ := strconv.Atoi(r[2])
		v := make([]float64, 9)
		for i := 3; i < 8; i++ {
			if v[i], err = strconv.ParseFloat(r[i], 64); err != nil {
				t.Fatal(err)
			}
		}
		gross := w.days * rates.Rate(pj.BenefitGroup(r[1]), y) / 365
		if !rel(v[3], gross) || int(v[6]) != w.persons || !rel(v[7], w.days/w.yearLen) {
			t.Errorf("row %v: want gross %v, persons %d, full-time persons %v", r, gross, w.persons, w.days/w.yearLen)
		}
		if v[4] < 0.2*v[3]-1e-6 || v[4] > 0.8*v[3]+1e-6 || !rel(v[5], v[3]-v[4]) {
			t.Errorf("row %v: reimbursement outside 20–80 %% of gross or net ≠ gross − reimbursement", r)
		}
	}

	t.Run("Filter", func(t *testing.T) {
		out := mustPejling(t, "economics", "refusion", "--db", path, "--format", "json", "--municipality", r0(recs), "--year", "2020")
		var got struct {
			Rows []struct {
				Municipality int    `json:"municipality"`
				Year         int    `json:"year"`
				Group        string `json:"benefit_group"`
			} `json:"rows"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Rows) == 0 {
			t.Fatalf("%v\n%s", err, out)
		}
		for _, r := range got.Rows {
			if strconv.Itoa(r.Municipality) != r0(recs) || r.Year != 2020 {
				t.Errorf("row %+v outside the filter", r)
			}
		}
		table := mustPejling(t, "economics", "refusion", "--db", path, "--year", "2020")
		if !strings.Contains(table, "net_per_full_time_person_dkk") {
			t.Errorf("table:\n%s", table)
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		dir := t.TempDir()
		file := func(name, text string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		for _, c := range []struct {
			name string
			args []string
			want string
		}{
			{"StaircaseGap", []string{"--staircase", file("gap.json", `{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":6,"to_week":0,"rate":0.4}]}`)}, "step 2 (weeks 6–…): gap"},
			{"StaircaseOverlap", []string{"--staircase", file("overlap.json", `{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":3,"to_week":0,"rate":0.4}]}`)}, "step 2 (weeks 3–…): overlaps"},
			{"StaircaseNotWeek1", []string{"--staircase", file("w2.json", `{"steps":[{"from_week":2,"to_week":0,"rate":0.8}]}`)}, "must start at week 1"},
			{"StaircaseRate", []string{"--staircase", file("rate.json", `{"steps":[{"from_week":1,"to_week":0,"rate":1.5}]}`)}, "rate 1.5 is outside 0–1"},
			{"StaircaseMalformed", []string{"--staircase", file("bad.json", `{"steps":[`)}, "staircase file: not valid JSON"},
			{"StaircaseMissing", []string{"--staircase", filepath.Join(dir, "nope.json")}, "--staircase: open"},
			{"RatesNegative", []string{"--rates", file("neg.json", `{"rates":[{"year":2024,"group":"KTH","dkk_per_year":-1}]}`)}, "dkk_per_year -1 is negative"},
			{"RatesUnknownGroup", []string{"--rates", file("grp.json", `{"rates":[{"year":2024,"group":"ABC","dkk_per_year":1}]}`)}, `group "ABC"): unknown benefit group`},
			{"RatesMalformed", []string{"--rates", file("mal.json", `rates`)}, "rates file: not valid JSON"},
			{"UnknownMunicipality", []string{"--municipality", "Atlantis"}, `--municipality "Atlantis": unknown municipality`},
			{"YearOutOfData", []string{"--year", "1995"}, "--year 1995: the data covers"},
			{"YearAfterAsOf", []string{"--year", "2031"}, "--year 2031: the data covers"},
			{"YearNotAYear", []string{"--year", "20x4"}, `--year "20x4": give a year`},
			{"Format", []string{"--format", "xml"}, `--format "xml"`},
			{"AggregateNoYear", []string{"--aggregate", "--full-time-persons", "10", "--group", "KTH"}, "needs --year"},
			{"AggregateGroup", []string{"--aggregate", "--full-time-persons", "10", "--group", "XX", "--year", "2024"}, `--group "XX"`},
			{"AggregateFTP", []string{"--aggregate", "--full-time-persons", "-3", "--group", "KTH", "--year", "2024"}, "full-time persons -3"},
			{"AggregateDurations", []string{"--aggregate", "--full-time-persons", "3", "--group", "KTH", "--year", "2024",
				"--durations", file("dur.json", `{"durations":[{"weeks":4,"share":0.4}]}`)}, "shares sum to 0.4"},
		} {
			t.Run(c.name, func(t *testing.T) {
				args := append([]string{"economics", "refusion", "--db", path}, c.args...)
				out, errOut, code := pejling(t, args...)
				if code != 1 || !strings.Contains(errOut, c.want) || out != "" {
					t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, c.want)
				}
			})
		}
	})
}

func r0(recs [][]string) string { return recs[1][0] }

func TestRefusionAggregate(t *testing.T) {
	// Every period 10 weeks: (4 × 0.8 + 6 × 0.4)/10 = 0.56 of 100 × 180,000 (KTH 2024).
	dir := t.TempDir()
	dur := filepath.Join(dir, "d.json")
	os.WriteFile(dur, []byte(`{"durations":[{"weeks":10,"share":1}]}`), 0o644)
	out := mustPejling(t, "economics", "refusion", "--aggregate", "--full-time-persons", "100", "--group", "KTH",
		"--year", "2024", "--durations", dur, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%v\n%s", err, out)
	}
	if h := strings.Join(recs[0], ","); h != "benefit_group,year,full_time_persons,rate_dkk,gross_dkk,reimbursement_rate,reimbursement_dkk,net_dkk,net_per_full_time_person_dkk" {
		t.Fatalf("header %s", h)
	}
	for i, want := range []float64{2024, 100, 180000, 18e6, 0.56, 10080000, 7920000, 79200} {
		got, err := strconv.ParseFloat(recs[1][i+1], 64)
		if err != nil || math.Abs(got-want) > 1e-9*want || recs[1][0] != "KTH" {
			t.Errorf("%s = %s, want %v", recs[0][i+1], recs[1][i+1], want)
		}
	}
	if out := mustPejling(t, "economics", "refusion", "--aggregate", "--full-time-persons", "5", "--group", "sdp", "--year", "2024"); !strings.Contains(out, "reimbursement_rate") {
		t.Errorf("table:\n%s", out)
	}
}
