package economics_test

import (
	"math"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

func budgetNear(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// budgetHand is a hand-made history. The national log changes are 0.1, 0.05, 0.025,
// 0.0125, so N_2024 = 1000·e^0.1875 = 1206.2302. The local level is 10 % of the national
// in every year (share 0.1) and outflow is 20 % of the stock (outflow rate 0.2). The
// national-tied forecast (share pulled towards its 8-year mean, national random walk) is
// then flat:
//
//	national_2025 = national_2026 = 1206.2302
//	stock_2025    = stock_2026    = 0.1·1206.2302 = 120.6230
//	outflow       = 0.2·120.6230                  =  24.1246
//	inflow        = 120.6230 − 120.6230 + 24.1246 =  24.1246
//
// (computed with Python's math.exp, to 4 decimals).
func budgetHand() economics.BudgetSeries {
	s := economics.BudgetSeries{Group: pejling.KTH}
	logN := 0.0
	for i, d := range []float64{0, 0.1, 0.05, 0.025, 0.0125} {
		logN += d
		n := 1000 * math.Exp(logN)
		s.Years = append(s.Years, 2020+i)
		s.National = append(s.National, n)
		s.Stock = append(s.Stock, 0.1*n)
		s.Outflow = append(s.Outflow, 0.02*n)
	}
	return s
}

func TestBudgetHandSeries(t *testing.T) {
	fan := economics.BudgetFan{Low: [4]float64{-0.1, -0.2, -0.3, -0.4}, High: [4]float64{0.1, 0.2, 0.3, 0.4}}
	ys, err := economics.Budget(budgetHand(), 2, fan, func(int) float64 { return 100000 })
	if err != nil {
		t.Fatal(err)
	}
	if len(ys) != 7 {
		t.Fatalf("%d years, want 5 of history and 2 forecast", len(ys))
	}
	want := []struct {
		year                             int
		national, stock, outflow, inflow float64
	}{
		{2025, 1206.2302, 120.6230, 24.1246, 24.1246},
		{2026, 1206.2302, 120.6230, 24.1246, 24.1246},
	}
	for i, w := range want {
		y := ys[5+i]
		if y.Year != w.year || !y.Forecast || !budgetNear(y.National, w.national, 1e-4) || !budgetNear(y.Stock, w.stock, 1e-4) ||
			!budgetNear(y.Outflow, w.outflow, 1e-4) || !budgetNear(y.Inflow, w.inflow, 1e-4) {
			t.Errorf("forecast %d: %+v, want %+v", i+1, y, w)
		}
		if !budgetNear(y.Low, y.Stock*(1+fan.Low[i]), 1e-9) || !budgetNear(y.High, y.Stock*(1+fan.High[i]), 1e-9) ||
			!budgetNear(y.Cost, y.Stock*100000, 1e-3) || !budgetNear(y.CostHigh, y.High*100000, 1e-3) {
			t.Errorf("forecast %d: fan or cost %+v", i+1, y)
		}
	}
}

// TestBudgetTiedForecastHand works BudgetTiedForecast by hand on ten years with a
// national level of 100 and 200 in the last year and local levels 50, 1, 2, 3, …, 8, 20:
// the shares are 0.5, 0.01, …, 0.08 and 0.1. The last 8 years' shares are 0.02 … 0.08
// and 0.1 (the first two years lie outside the window); with the local value of the
// fourth year unknown (its 0.03 skipped) their mean is 0.42/7 = 0.06.
//
// In the last year's last quarter the local level was 30 of 250 (share 0.12), so
//
//	share = ¾·0.12 + ¼·0.06 = 0.105,  F_{t+h} = 250·0.105 = 26.25 (h = 1, 2, 3).
//
// Without quarters (or with the quarter unknown) the year stands in for it:
//
//	share = ¾·0.1 + ¼·0.06 = 0.09,  F_{t+h} = 200·0.09 = 18.
//
// C7 on the same years: ½·0.1 + ½·0.06 = 0.08, F = 16.
func TestBudgetTiedForecastHand(t *testing.T) {
	national := []float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 200}
	local := []float64{50, 1, 2, math.NaN(), 4, 5, 6, 7, 8, 20}
	nan := math.NaN()
	jumpL := []float64{nan, nan, nan, nan, nan, nan, nan, nan, nan, 30}
	jumpN := []float64{nan, nan, nan, nan, nan, nan, nan, nan, nan, 250}
	for _, c := range []struct {
		name string
		b    economics.BudgetHistory
		want float64
	}{
		{"jump-off quarter", economics.BudgetHistory{Local: local, National: national, LocalJump: jumpL, NationalJump: jumpN}, 26.25},
		{"no quarters", economics.BudgetHistory{Local: local, National: national}, 18},
		{"quarter unknown", economics.BudgetHistory{Local: local, National: national, LocalJump: jumpN[:9], NationalJump: jumpN[:9]}, 18},
		{"local quarter unknown", economics.BudgetHistory{Local: local, National: national, LocalJump: make([]float64, 10), NationalJump: []float64{9: 0}}, 18},
	} {
		got := economics.BudgetTiedForecast(c.b, 3)
		for h, v := range got {
			if !budgetNear(v, c.want, 1e-9) {
				t.Errorf("%s: h%d: %v, want %v", c.name, h+1, v, c.want)
			}
		}
	}
	for _, c := range economics.BudgetCandidates {
		if c.Name == "c7_share_pulled" {
			if got := c.Forecast(economics.BudgetHistory{Local: local, National: national, LocalJump: jumpL, NationalJump: jumpN}, 2); !budgetNear(got[1], 16, 1e-9) {
				t.Errorf("C7: %v, want 16 (it ignores the quarter)", got)
			}
		}
	}
}

// TestBudgetNationalCandidates checks the national forecasts of the other candidates on
// budgetHand's country. Its log changes are 0.1, 0.05, 0.025, 0.0125: the AR(1)
// d_i = c + ρ d_{i−1} fits exactly with c = 0, ρ = 0.5, and the damped trend (φ = 0.5 on
// the last change 0.0125) gives the same next changes 0.00625 and 0.003125:
//
//	N_2025 = 1206.2302·e^0.00625 = 1213.7928,   N_2026 = N_2025·e^0.003125 = 1217.5918.
func TestBudgetNationalCandidates(t *testing.T) {
	n := budgetHand().National
	for name, got := range map[string][]float64{
		"AR(1)":  economics.BudgetNationalForecast(n, 2),
		"damped": economics.BudgetNationalDamped(n, 2),
	} {
		if !budgetNear(got[0], 1213.7928, 1e-4) || !budgetNear(got[1], 1217.5918, 1e-4) {
			t.Errorf("%s: %v, want [1213.7928 1217.5918]", name, got)
		}
	}
	if len(economics.BudgetCandidates) != 12 {
		t.Errorf("%d candidates: 7 (C1, C3–C8) were declared in round 1 and 5 (Q1–Q5) in round 2", len(economics.BudgetCandidates))
	}
}

// TestBudgetFlowIdentity checks inflow = Δstock + outflow in every year but the first,
// history and forecast.
func TestBudgetFlowIdentity(t *testing.T) {
	s := economics.BudgetSeries{Group: pejling.DGP, Years: []int{2018, 2019, 2020, 2021, 2022, 2023},
		Stock:    []float64{50, 55, 53, 60, 58, 57},
		Outflow:  []float64{20, 22, 25, 21, 30, 28},
		National: []float64{5000, 5200, 5100, 5600, 5500, 5400}}
	ys, err := economics.Budget(s, 4, economics.BudgetAUK01Fan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ys[0].InflowValid {
		t.Error("the first year has an inflow")
	}
	for i := 1; i < len(ys); i++ {
		if !ys[i].InflowValid || !budgetNear(ys[i].Inflow, ys[i].Stock-ys[i-1].Stock+ys[i].Outflow, 1e-9) {
			t.Errorf("%d: inflow %v, stock %v → %v, outflow %v", ys[i].Year, ys[i].Inflow, ys[i-1].Stock, ys[i].Stock, ys[i].Outflow)
		}
	}
	if ys[len(ys)-1].Year != 2027 || ys[len(ys)-1].Cost != 0 {
		t.Errorf("last year %+v", ys[len(ys)-1])
	}
}

func TestBudgetNaiveTrend(t *testing.T) {
	// The line through 1 … 5 (years 0 … 4) is y = 1 + x: 6 and 7 one and two years on.
	if got := economics.BudgetNaiveTrend([]float64{9, 1, 2, 3, 4, 5}, 2); got[0] != 6 || got[1] != 7 {
		t.Errorf("rising: %v, want [6 7]", got)
	}
	// y = 5 − x reaches 0 at x = 5 and is floored there.
	if got := economics.BudgetNaiveTrend([]float64{5, 4, 3, 2, 1}, 2); got[0] != 0 || got[1] != 0 {
		t.Errorf("falling: %v, want [0 0]", got)
	}
}

func TestBudgetBadInput(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(*economics.BudgetSeries)
		years int
	}{
		{"YearsZero", func(*economics.BudgetSeries) {}, 0},
		{"YearsFive", func(*economics.BudgetSeries) {}, 5},
		{"ShortHistory", func(s *economics.BudgetSeries) {
			s.Years, s.Stock, s.Outflow, s.National = s.Years[:4], s.Stock[:4], s.Outflow[:4], s.National[:4]
		}, 1},
		{"NoHistory", func(s *economics.BudgetSeries) { *s = economics.BudgetSeries{Group: pejling.KTH} }, 1},
		{"Gap", func(s *economics.BudgetSeries) { s.Years[4] = 2030 }, 1},
		{"NoNational", func(s *economics.BudgetSeries) { s.National[2] = 0 }, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := budgetHand()
			c.edit(&s)
			_, err := economics.Budget(s, c.years, economics.BudgetAUK01Fan, nil)
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("error %v, want code invalid", err)
			}
			t.Log(pejling.ErrorMessage(err))
		})
	}
}

// TestBudgetChosenCandidate checks that BudgetTiedForecast is the candidate the back-test
// names as chosen, so that the table's national_tied row and the budget agree.
func TestBudgetChosenCandidate(t *testing.T) {
	s := budgetHand()
	b := economics.BudgetHistory{Local: []float64{90, 110, 100, 130, 120}, National: s.National,
		LocalJump: []float64{95, 100, 110, 125, 140}, NationalJump: s.National}
	for _, c := range economics.BudgetCandidates {
		if c.Name != economics.BacktestChosen {
			continue
		}
		got, want := economics.BudgetTiedForecast(b, 4), c.Forecast(b, 4)
		for h := range want {
			if got[h] != want[h] {
				t.Errorf("h%d: BudgetTiedForecast %v, %s %v", h+1, got[h], c.Name, want[h])
			}
		}
		return
	}
	t.Errorf("BacktestChosen %q is not among BudgetCandidates", economics.BacktestChosen)
}
