package main_test

import (
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type survivalPoint struct {
	Week            int     `json:"week"`
	AtRisk          int     `json:"at_risk"`
	Events          int     `json:"events"`
	Censored        int     `json:"censored"`
	Survival        float64 `json:"survival"`
	Lower           float64 `json:"lower"`
	Upper           float64 `json:"upper"`
	CIFSelfSupport  float64 `json:"cif_self_support"`
	CIFOtherBenefit float64 `json:"cif_other_benefit"`
}

type survivalCurve struct {
	First   string          `json:"cohort_first"`
	Last    string          `json:"cohort_last"`
	By      string          `json:"by"`
	Stratum string          `json:"stratum"`
	Periods int             `json:"periods"`
	Events  int             `json:"events"`
	Points  []survivalPoint `json:"points"`
}

// parseSurvivalCSV reads the CSV output back into curves (Periods is the first week's
// at risk) and checks its header.
func parseSurvivalCSV(t *testing.T, out string) []survivalCurve {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(recs[0], ","); got != "cohort_first,cohort_last,by,stratum,week,at_risk,events,censored,survival,lower,upper,cif_self_support,cif_other_benefit" {
		t.Fatalf("header %s", got)
	}
	var curves []survivalCurve
	for _, r := range recs[1:] {
		n := make([]float64, 9)
		for i, f := range r[4:] {
			if n[i], err = strconv.ParseFloat(f, 64); err != nil {
				t.Fatalf("%v: %v", r, err)
			}
		}
		p := survivalPoint{int(n[0]), int(n[1]), int(n[2]), int(n[3]), n[4], n[5], n[6], n[7], n[8]}
		if k := len(curves) - 1; k < 0 || curves[k].First != r[0] || curves[k].Last != r[1] || curves[k].Stratum != r[3] {
			curves = append(curves, survivalCurve{First: r[0], Last: r[1], By: r[2], Stratum: r[3], Periods: p.AtRisk})
		}
		k := len(curves) - 1
		curves[k].Points = append(curves[k].Points, p)
		curves[k].Events += p.Events
	}
	return curves
}

// checkSurvivalCurves checks what holds of every curve: sorted by cohort and stratum,
// weeks 1, 2, … ≤ 104, at risk falling by the events and censored, S non-increasing
// inside its band, CIFs non-decreasing with CIF1 + CIF2 ≤ 1. A period leaves its inflow
// group no later than support, so in week 1, where both time scales start from the same
// periods, CIF1 + CIF2 ≥ 1 − S; later the two estimates censor differently and need not
// be ordered.
func checkSurvivalCurves(t *testing.T, curves []survivalCurve, by string) {
	t.Helper()
	if len(curves) == 0 {
		t.Fatal("no curves")
	}
	if !slices.IsSortedFunc(curves, func(a, b survivalCurve) int {
		return strings.Compare(a.First+a.Last+"\x00"+a.Stratum, b.First+b.Last+"\x00"+b.Stratum)
	}) {
		t.Error("curves are not sorted by cohort and stratum")
	}
	for _, c := range curves {
		if c.By != by || len(c.Points) == 0 || len(c.Points) > 104 || c.Points[0].AtRisk != c.Periods {
			t.Fatalf("curve %s %s %s: by %s, %d points, periods %d", c.First, c.Last, c.Stratum, c.By, len(c.Points), c.Periods)
		}
		prev := survivalPoint{AtRisk: c.Periods, Survival: 1, Lower: 1, Upper: 1}
		for i, p := range c.Points {
			ok := p.Week == i+1 && p.AtRisk == prev.AtRisk-prev.Events-prev.Censored && p.AtRisk > 0 &&
				p.Survival <= prev.Survival && p.Lower <= p.Survival && p.Survival <= p.Upper && p.Lower >= 0 && p.Upper <= 1 &&
				p.CIFSelfSupport >= prev.CIFSelfSupport && p.CIFOtherBenefit >= prev.CIFOtherBenefit &&
				p.CIFSelfSupport+p.CIFOtherBenefit <= 1+1e-9 &&
				(p.Week > 1 || p.CIFSelfSupport+p.CIFOtherBenefit >= 1-p.Survival-1e-12)
			if by == "early_placement" && p.Week <= 13 {
				ok = ok && p.Survival == 1 && p.Events == 0 && p.Censored == 0
			}
			if !ok {
				t.Fatalf("curve %s %s %s week %d: %+v after %+v", c.First, c.Last, c.Stratum, i+1, p, prev)
			}
			prev = p
		}
	}
}

func TestSurvival(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	db := filepath.Join(dir, "p.db")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "7", "--out", data)
	mustPejling(t, "import", "--quiet", "--db", db, data)
	args := []string{"survival", "--db", db, "--cohort-from", "2019-01-01", "--cohort-to", "2023-12-31"}

	t.Run("CSV", func(t *testing.T) {
		curves := parseSurvivalCSV(t, mustPejling(t, append(args, "--cohort-every", "year")...))
		checkSurvivalCurves(t, curves, "group")
		cohorts := map[string]bool{}
		for _, c := range curves {
			cohorts[c.First+" "+c.Last] = true
		}
		if len(cohorts) != 5 || !cohorts["2019-01-01 2019-12-31"] || !cohorts["2023-01-01 2023-12-31"] {
			t.Errorf("cohorts %v, want the five years", cohorts)
		}
		// The whole range as one cohort, by default by group: its periods are the years'.
		whole := parseSurvivalCSV(t, mustPejling(t, args...))
		checkSurvivalCurves(t, whole, "group")
		sum := map[string]int{}
		for _, c := range curves {
			sum[c.Stratum] += c.Periods
		}
		for _, c := range whole {
			if sum[c.Stratum] != c.Periods {
				t.Errorf("%s: %d periods over the whole range, %d over the years", c.Stratum, c.Periods, sum[c.Stratum])
			}
		}
	})

	t.Run("JSON", func(t *testing.T) {
		var out struct{ Curves []survivalCurve }
		if err := json.Unmarshal([]byte(mustPejling(t, append(args, "--format", "json", "--by", "match_group")...)), &out); err != nil {
			t.Fatal(err)
		}
		checkSurvivalCurves(t, out.Curves, "match_group")
		csvCurves := parseSurvivalCSV(t, mustPejling(t, append(args, "--by", "match_group")...))
		if len(csvCurves) != len(out.Curves) {
			t.Fatalf("%d curves in JSON, %d in CSV", len(out.Curves), len(csvCurves))
		}
		for i, c := range out.Curves {
			if c.Stratum != csvCurves[i].Stratum || c.Periods != csvCurves[i].Periods || c.Events != csvCurves[i].Events ||
				!slices.Equal(c.Points, csvCurves[i].Points) {
				t.Errorf("curve %d differs between JSON and CSV: %+v", i, c.Stratum)
			}
		}
	})

	t.Run("Strata", func(t *testing.T) {
		none := parseSurvivalCSV(t, mustPejling(t, append(args, "--by", "none", "--cohort-every", "quarter")...))
		checkSurvivalCurves(t, none, "none")
		if len(none) != 20 {
			t.Errorf("%d curves by none, want one per quarter (20)", len(none))
		}
		muni := parseSurvivalCSV(t, mustPejling(t, append(args, "--by", "municipality")...))
		checkSurvivalCurves(t, muni, "municipality")
		early := parseSurvivalCSV(t, mustPejling(t, append(args, "--by", "early_placement")...))
		checkSurvivalCurves(t, early, "early_placement")
		if len(early) != 2 || early[0].Stratum != "with" || early[1].Stratum != "without" {
			t.Errorf("early_placement strata: %+v", early)
		}
		// The landmark keeps only periods on support after 13 weeks: fewer than by none.
		all := parseSurvivalCSV(t, mustPejling(t, append(args, "--by", "none")...))
		if len(all) != 1 || early[0].Periods+early[1].Periods >= all[0].Periods {
			t.Errorf("landmark: %d + %d periods of %d", early[0].Periods, early[1].Periods, all[0].Periods)
		}
	})

	t.Run("BadInput", func(t *testing.T) {
		empty := filepath.Join(dir, "empty.db")
		for _, tc := range []struct {
			args []string
			code int
			msg  string
		}{
			{[]string{"--cohort-from", "2019-01-01"}, 2, "Usage: pejling survival"},
			{[]string{"--cohort-to", "2019-01-01"}, 2, "Usage: pejling survival"},
			{[]string{"--cohort-from", "2019-01-01", "--cohort-to", "2019-12-31", "--nonsense"}, 2, "Usage: pejling survival"},
			{[]string{"--cohort-from", "2019-01-01", "--cohort-to", "2019-12-31", "extra"}, 2, "Usage: pejling survival"},
			{[]string{"--cohort-from", "2019-02-30", "--cohort-to", "2019-12-31"}, 1, "pejling: --cohort-from"},
			{[]string{"--cohort-from", "2019-01-01", "--cohort-to", "31-12-2019"}, 1, "pejling: --cohort-to"},
			{[]string{"--cohort-from", "2019-03-01", "--cohort-to", "2019-02-01"}, 1, "pejling: --cohort-to 2019-02-01 is before --cohort-from 2019-03-01"},
			{[]string{"--cohort-from", "2019-01-01", "--cohort-to", "2019-12-31", "--by", "age"}, 1, `pejling: --by "age"`},
			{[]string{"--cohort-from", "2019-01-01", "--cohort-to", "2019-12-31", "--cohort-every", "week"}, 1, `pejling: --cohort-every "week"`},
			{[]string{"--cohort-from", "2019-01-02", "--cohort-to", "2019-01-30", "--cohort-every", "month"}, 1, "pejling: no whole month"},
			{[]string{"--cohort-from", "2019-01-01", "--cohort-to", "2019-12-31", "--format", "xml"}, 1, `pejling: --format "xml"`},
			{[]string{"--db", empty, "--cohort-from", "2019-01-01", "--cohort-to", "2019-12-31"}, 1, "holds no data: run pejling import first"},
		} {
			a := append([]string{"survival", "--db", db}, tc.args...)
			out, errOut, code := pejling(t, a...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) || out != "" ||
				(code == 1 && strings.Count(errOut, "\n") != 1) {
				t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", tc.args, code, out, errOut, tc.code, tc.msg)
			}
		}
		if _, errOut, code := pejling(t, "survival", "-h"); code != 0 || !strings.Contains(errOut, "landmark") {
			t.Errorf("-h: exit %d, %s", code, errOut)
		}
	})
}
