package economics_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/figures"
)

// budgetStore is a figure set in memory: value(municipality, period label, figure).
type budgetStore struct {
	asOf    pejling.Date
	periods []figures.Period
	value   func(m int, label, figure string) (float64, bool)
}

func (s budgetStore) FigureSetAsOf(context.Context) (pejling.Date, error) { return s.asOf, nil }
func (s budgetStore) FigureSetPeriods(context.Context) ([]figures.Period, error) {
	return s.periods, nil
}
func (s budgetStore) FigureSeries(_ context.Context, munis []int, _ pejling.BenefitGroup, figure string, ps []figures.Period) ([]figures.Row, error) {
	var out []figures.Row
	for _, m := range munis {
		for _, p := range ps {
			v, ok := s.value(m, p.Label(), figure)
			out = append(out, figures.Row{Municipality: m, Period: p, Figure: figure, Value: v, Valid: ok})
		}
	}
	return out, nil
}

// TestLoadBudgetSeriesJump checks that the fourth quarter of each complete year is read
// as its jump-off, that a year still running and its quarter are left out, and that a
// missing quarter is NaN (the forecast then falls back on the year).
func TestLoadBudgetSeriesJump(t *testing.T) {
	var ps []figures.Period
	for _, l := range []string{"2019", "2020", "2021", "2022", "2023", "2024", "2025", "2020Q4", "2021Q4", "2023Q4", "2024Q4", "2024Q3", "2025Q4"} {
		p, err := figures.ParsePeriod(l)
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, p)
	}
	asOf, _ := pejling.ParseDate("2025-06-30")
	st := budgetStore{asOf: asOf, periods: ps, value: func(m int, label, figure string) (float64, bool) {
		v := map[string]float64{"2019": 10, "2020": 11, "2021": 12, "2022": 13, "2023": 14, "2024": 15, "2025": 1,
			"2020Q4": 21, "2021Q4": 22, "2023Q4": 24, "2024Q4": 25, "2024Q3": 99, "2025Q4": 99}[label]
		if m == 0 {
			v *= 10
		}
		if figure == figures.Outflow {
			v = 2
		}
		return v, label != "2021Q4" || m != 101 // the municipality's 2021Q4 is empty
	}}
	ss, err := economics.LoadBudgetSeries(context.Background(), st, 101, []pejling.BenefitGroup{pejling.KTH})
	if err != nil {
		t.Fatal(err)
	}
	s := ss[0]
	if !slices.Equal(s.Years, []int{2019, 2020, 2021, 2022, 2023, 2024}) || !slices.Equal(s.Stock, []float64{10, 11, 12, 13, 14, 15}) {
		t.Fatalf("years %v stock %v", s.Years, s.Stock)
	}
	nan := math.NaN()
	wantL := []float64{nan, 21, nan, nan, 24, 25}
	wantN := []float64{nan, 210, 220, nan, 240, 250}
	for i := range s.Years {
		if !sameFloat(s.StockJump[i], wantL[i]) || !sameFloat(s.NationalJump[i], wantN[i]) {
			t.Errorf("%d: jump %v/%v, want %v/%v", s.Years[i], s.StockJump[i], s.NationalJump[i], wantL[i], wantN[i])
		}
	}
	// The forecast starts from 2024Q4: share 25/250 = 0.1 and the mean share 0.1, so 25.
	ys, err := economics.Budget(s, 1, economics.BudgetAUK01Fan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if f := ys[len(ys)-1]; !budgetNear(f.Stock, 25, 1e-9) || !budgetNear(f.National, 250, 1e-9) {
		t.Errorf("forecast %+v, want stock 25 of 250", f)
	}
}

func sameFloat(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
