package main_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const budgetAUK01 = "../../dk/AUK01_net_unemployed_social_assistance.csv"

func TestBudgetBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
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
		{"UnknownMunicipality", []string{"--municipality", "Atlantis"}, "no such municipality"},
		{"YearsZero", []string{"--municipality", "101", "--years", "0"}, "--years 0: give 1 to 4"},
		{"YearsFive", []string{"--municipality", "101", "--years", "5"}, "--years 5: give 1 to 4"},
		{"BadGroup", []string{"--municipality", "101", "--group", "XYZ"}, "--group"},
		{"MissingColumns", []string{"--backtest", write("cols.csv", "OMRÅDE;TID\nAll Denmark;2007Q1\n")}, `missing the value column "INDHOLD"`},
		{"WrongTable", []string{"--backtest", write("year.csv", "OMRÅDE;TID;INDHOLD\nAll Denmark;2007;5\n")}, "wants a quarterly table"},
		{"NonNumeric", []string{"--backtest", write("num.csv", "OMRÅDE;TID;INDHOLD\nAll Denmark;2007Q1;many\n")}, "num.csv:2"},
		{"NoCountry", []string{"--backtest", write("nocountry.csv", "OMRÅDE;TID;INDHOLD\nCopenhagen;2007Q1;5\n")}, "All Denmark"},
		{"NoFile", []string{"--backtest", filepath.Join(dir, "absent.csv")}, "--backtest"},
		{"BadOrigins", []string{"--backtest", budgetAUK01, "--origins", "2017"}, "--origins"},
		{"ReversedOrigins", []string{"--backtest", budgetAUK01, "--origins", "2018-2011"}, "--origins"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errOut, code := pejling(t, append([]string{"economics", "budget"}, c.args...)...)
			if code == 0 || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q, want it to say %q", code, errOut, c.want)
			}
		})
	}
}

// TestBudgetBacktestAUK01 checks the shape of the back-test table on the real AUK01 and
// that it is the same on a second run; the numbers are in docs/economics.md.
func TestBudgetBacktestAUK01(t *testing.T) {
	if _, err := os.Stat(budgetAUK01); err != nil {
		t.Skipf("AUK01 not found at %s", budgetAUK01)
	}
	out := mustPejling(t, "economics", "budget", "--backtest", budgetAUK01, "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	methods := []string{"national_tied", "naive_last", "naive_trend", "naive_last_quarter", "c1_ar1_mean_share", "c3_last_damped",
		"c4_last_ar1_half", "c5_ewshare_damped", "c6_blend_last_c3", "c7_share_pulled", "c8_last_ar1",
		"q1_jump_share_pulled", "q3_jump_damped", "q4_blend_jump_c7", "q5_jump_share_halved"}
	nm := len(methods)
	if len(recs) != 1+4*nm || strings.Join(recs[0], ",") != "horizon,method,municipalities,forecasts,median_mape,pooled_mape,wins,fan_p10,fan_p90" {
		t.Fatalf("table %v", recs)
	}
	for i, r := range recs[1:] {
		if r[0] != strconv.Itoa(i/nm+1) || r[1] != methods[i%nm] || r[2] != "98" {
			t.Errorf("row %d: %v", i+1, r)
		}
	}
	held := mustPejling(t, "economics", "budget", "--backtest", budgetAUK01, "--origins", "2018-2024")
	if !strings.Contains(held, "origins 2018–2024") || !strings.Contains(held, "national_tied is q2_jump_share_pulled_less") {
		t.Errorf("held-out table:\n%s", held)
	}
	if again := mustPejling(t, "economics", "budget", "--backtest", budgetAUK01, "--format", "csv"); again != out {
		t.Error("a second run differs")
	}
	if embedded := mustPejling(t, "economics", "budget", "--backtest", "auk01", "--format", "csv"); embedded != out {
		t.Error("the embedded AUK01 gives another table than the file")
	}
	if table := mustPejling(t, "economics", "budget", "--backtest", budgetAUK01); !strings.Contains(table, "98 municipalities") {
		t.Errorf("table:\n%s", table)
	}
}

func TestBudgetFromFigures(t *testing.T) {
	dir := t.TempDir()
	data, db := filepath.Join(dir, "data"), filepath.Join(dir, "p.db")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "7", "--out", data)
	mustPejling(t, "import", "--quiet", "--db", db, data)
	out := mustPejling(t, "economics", "budget", "--db", db, "--municipality", "København", "--group", "KTH", "--years", "3", "--rate", "100000", "--format", "csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	forecasts := 0
	var prev float64
	for i, r := range recs[1:] {
		stock, _ := strconv.ParseFloat(r[4], 64)
		outflow, _ := strconv.ParseFloat(r[9], 64)
		cost, _ := strconv.ParseFloat(r[11], 64)
		if i > 0 {
			inflow, err := strconv.ParseFloat(r[8], 64)
			if err != nil || budgetAbs(inflow-(stock-prev+outflow)) > 1e-6 {
				t.Errorf("%s: inflow %s ≠ Δstock + outflow", r[2], r[8])
			}
		}
		if budgetAbs(cost-stock*100000) > 1e-3 {
			t.Errorf("%s: cost %v for stock %v", r[2], cost, stock)
		}
		if r[3] == "forecast" {
			forecasts++
		}
		prev = stock
	}
	if forecasts != 3 {
		t.Errorf("%d forecast years, want 3:\n%s", forecasts, out)
	}
	mustPejling(t, "economics", "budget", "--db", db, "--municipality", "101") // all groups, default rates
}

func budgetAbs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
