package economics_test

import (
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/importer"
)

// backtestAUK01 is the real AUK01 export of shared/data/dk, as copied into the
// importer's testdata so that it is part of a clean checkout.
const backtestAUK01 = "../dk/AUK01_net_unemployed_social_assistance.csv"

func TestBacktestAnnual(t *testing.T) {
	var qs []economics.BacktestQuarter
	for y := 2010; y <= 2012; y++ {
		for q := 1; q <= 4; q++ {
			qs = append(qs, economics.BacktestQuarter{Municipality: 0, Year: y, Quarter: q, Value: float64(100 * q)})
			if !(y == 2011 && q == 3) { // 2011 incomplete for 101
				qs = append(qs, economics.BacktestQuarter{Municipality: 101, Year: y, Quarter: q, Value: float64(q)})
			}
		}
	}
	qs = append(qs, economics.BacktestQuarter{Municipality: 0, Year: 2013, Quarter: 1, Value: 1}) // 2013 incomplete: dropped
	d, err := economics.BacktestAnnual(qs)
	if err != nil {
		t.Fatal(err)
	}
	// (100 + 200 + 300 + 400)/4 = 250; (1 + 2 + 3 + 4)/4 = 2.5.
	if !reflect.DeepEqual(d.Years, []int{2010, 2011, 2012}) || !reflect.DeepEqual(d.National, []float64{250, 250, 250}) {
		t.Errorf("years %v national %v", d.Years, d.National)
	}
	if l := d.Local[101]; l[0] != 2.5 || !math.IsNaN(l[1]) || l[2] != 2.5 {
		t.Errorf("local %v, want [2.5 NaN 2.5]", l)
	}
	if _, err := economics.BacktestAnnual(qs[1:2]); err == nil {
		t.Error("no error without the country")
	}
}

// TestBacktestAUK01 runs the back-test on Statistics Denmark's AUK01 and checks the
// table's shape and that two runs agree exactly; the numbers are in docs/economics.md.
func TestBacktestAUK01(t *testing.T) {
	f, err := os.Open(backtestAUK01)
	if err != nil {
		t.Skipf("AUK01 not found at %s: %v", backtestAUK01, err)
	}
	defer f.Close()
	var qs []economics.BacktestQuarter
	var problems []string
	err = importer.ScanStatBank(f, "AUK01.csv", func(_ int, r *importer.StatBankRow) {
		if (r.AreaKind == importer.AreaMunicipality || r.AreaKind == importer.AreaCountry) && !r.Missing {
			y, _ := strconv.Atoi(r.Period[:4])
			q, _ := strconv.Atoi(strings.TrimPrefix(r.Period[4:], "Q"))
			qs = append(qs, economics.BacktestQuarter{Municipality: r.Municipality, Year: y, Quarter: q, Value: r.Value})
		}
	}, func(p importer.Problem) bool { problems = append(problems, p.Error()); return true })
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	d, err := economics.BacktestAnnual(qs)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Local) != 98 || d.Years[0] != 2007 {
		t.Fatalf("%d municipalities from %d, want 98 from 2007", len(d.Local), d.Years[0])
	}
	r := economics.BacktestRun(d, 0, 0)
	if r.FirstOrigin != 2011 || r.LastOrigin != 2024 {
		t.Errorf("origins %d–%d, want 2011–2024", r.FirstOrigin, r.LastOrigin)
	}
	if len(r.Summaries) != economics.BudgetMaxYears*len(economics.BacktestMethods) {
		t.Fatalf("%d summaries", len(r.Summaries))
	}
	for i, s := range r.Summaries {
		h, m := i/len(economics.BacktestMethods)+1, economics.BacktestMethods[i%len(economics.BacktestMethods)]
		if s.Horizon != h || s.Method != m || s.Municipalities != 98 || s.Forecasts == 0 ||
			!(s.MedianMAPE > 0) || !(s.PooledMAPE > 0) {
			t.Errorf("summary %d: %+v", i, s)
		}
	}
	nm := len(economics.BacktestMethods)
	for h := range economics.BudgetMaxYears {
		wins := 0 // among national_tied and the two naive forecasts one is ≤ the others
		for _, s := range r.Summaries[h*nm : h*nm+3] {
			wins += s.Wins
		}
		if wins < 98 {
			t.Errorf("horizon %d: %d wins for 98 municipalities", h+1, wins)
		}
		if r.Fan.Low[h] >= r.Fan.High[h] {
			t.Errorf("horizon %d: fan %v … %v", h+1, r.Fan.Low[h], r.Fan.High[h])
		}
		// BudgetAUK01Fan is this fan rounded to 3 decimals.
		if math.Abs(r.Fan.Low[h]-economics.BudgetAUK01Fan.Low[h]) > 5e-4 || math.Abs(r.Fan.High[h]-economics.BudgetAUK01Fan.High[h]) > 5e-4 {
			t.Errorf("horizon %d: fan %v … %v, BudgetAUK01Fan %v … %v", h+1, r.Fan.Low[h], r.Fan.High[h],
				economics.BudgetAUK01Fan.Low[h], economics.BudgetAUK01Fan.High[h])
		}
	}
	if again := economics.BacktestRun(d, 0, 0); !reflect.DeepEqual(again, r) {
		t.Error("a second run differs")
	}
	// The held-out origins: 7 origins × 98 municipalities at h = 1, one origin fewer
	// per further year as the data end in 2025.
	held := economics.BacktestRun(d, 2018, 2024)
	if held.FirstOrigin != 2018 || held.LastOrigin != 2024 {
		t.Errorf("held-out origins %d–%d", held.FirstOrigin, held.LastOrigin)
	}
	for i, s := range held.Summaries {
		if want := 98 * (8 - s.Horizon); s.Forecasts != want {
			t.Errorf("held-out summary %d: %d forecasts, want %d", i, s.Forecasts, want)
		}
	}
}
