package main_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// followUpDataSet is the tiny register of economics/followup_test.go in the §9 formats:
// 2023 inflow 2 into KTH in 101 (42 and 61 days), 2024 inflow 3 (28 and 14 days, one
// running: Kaplan–Meier median 4 weeks).
var followUpDataSet = map[string]string{
	"dataset.json": `{"as_of": "2024-12-31", "name": "followup"}`,
	"benefit_spells.csv": "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n" +
		"P1,101,KTH,,2023-01-02,2023-02-12,1\n" +
		"P2,101,KTH,jobparat,2023-03-01,2023-03-28,1\n" +
		"P2,101,KTH,jobparat,2023-04-03,2023-04-30,1\n" +
		"P3,101,DGP,,2023-05-01,2023-05-31,1\n" +
		"P3,101,KTH,,2023-06-01,2023-06-30,1\n" +
		"P4,147,KTH,,2023-01-01,2023-01-31,1\n" +
		"P5,101,KTH,,2022-12-01,2023-01-31,1\n" +
		"P6,101,KTH,,2024-01-01,2024-01-28,1\n" +
		"P7,101,KTH,,2024-02-01,,1\n" +
		"P8,101,KTH,,2024-03-01,2024-03-14,1\n",
	"activation_spells.csv": "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n" +
		"P1,101,KTH,mentor,2023-01-10,2023-01-20,5,,INT-9\n",
}

const followUpCaseDoc = `{"version": 1, "target_group": {"name": "tiny", "benefit_group": "KTH"}, "first_year": 2023,
 "yearly_inflow": 2, "duration_before_weeks": 10, "duration_after_weeks": 5, "yearly_benefit_cost": 52000,
 "municipal_share": 0.5, "operating_costs": {"salary": 10000, "salary_reimbursement": 0, "other": 0, "other_reimbursement": 0},
 "ramp_up": [0.5], "horizon_years": 2, "discount_rate": 0}`

func TestFollowUpCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPejling(t, "import", "--db", db, writeDataSet(t, followUpDataSet))
	in := filepath.Join(dir, "case.json")
	if err := os.WriteFile(in, []byte(followUpCaseDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	var r struct {
		AsOf  string `json:"as_of"`
		Years []struct {
			Year           int      `json:"year"`
			RealisedInflow int      `json:"realised_inflow"`
			Censored       int      `json:"censored_periods"`
			Weeks          *float64 `json:"realised_duration_weeks"`
			Basis          string   `json:"duration_basis"`
			Saving         *float64 `json:"realised_net_saving"`
		} `json:"years"`
	}
	out := mustPejling(t, "economics", "followup", "--db", db, "--in", in, "--municipality", "101", "--format", "json")
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.AsOf != "2024-12-31" || len(r.Years) != 2 {
		t.Fatalf("%s", out)
	}
	y0, y1 := r.Years[0], r.Years[1]
	if y0.Year != 2023 || y0.RealisedInflow != 2 || y0.Basis != "mean" || math.Abs(*y0.Weeks-103.0/14) > 1e-9 ||
		math.Abs(*y0.Saving-(10-103.0/14)*1000) > 1e-6 {
		t.Errorf("2023: %+v", y0)
	}
	if y1.RealisedInflow != 3 || y1.Censored != 1 || y1.Basis != "km_median" || *y1.Weeks != 4 || *y1.Saving != 9000 {
		t.Errorf("2024: %+v", y1)
	}

	table := mustPejling(t, "economics", "followup", "--db", db, "--in", in, "--municipality", "101")
	if !strings.Contains(table, "km_median") || !strings.Contains(table, "9000") {
		t.Errorf("table:\n%s", table)
	}
	if _, errOut, code := pejling(t, "economics", "followup", "--db", db, "--in", in, "--municipality", "999"); code != 1 || !strings.Contains(errOut, "no such municipality") {
		t.Errorf("bad municipality: exit %d %s", code, errOut)
	}
	if _, errOut, code := pejling(t, "economics", "followup", "--db", db, "--in", in, "--municipality", "101", "--first-year", "2030"); code != 1 || !strings.Contains(errOut, "after the data's as_of") {
		t.Errorf("future first year: exit %d %s", code, errOut)
	}
}
