package economics

import (
	"math"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// The multi-year base budget (DOMAIN.md §5, docs/economics.md "Multi-year base
// budget"). The national-tied method was chosen from BudgetCandidates by a rule and
// settings declared before they were run, on the early AUK01 origins 2011–2017, and is
// reported on the held-out origins 2018–2024 (docs/economics.md).
const (
	// BudgetMaxYears is the longest horizon a budget forecasts, in years.
	BudgetMaxYears = 4
	// BudgetMinHistory is the fewest calendar years of history a forecast needs.
	BudgetMinHistory = 5
	// BudgetShareYears is k, the number of last years whose outflow/stock is a budget's
	// outflow rate (and whose local/national ratio candidate C1 averages, BudgetShare).
	BudgetShareYears = 3
	// BudgetTrendYears is the number of last years the naive local trend is fitted on.
	BudgetTrendYears = 5
	// budgetMaxRho bounds the AR(1) coefficient so a short history cannot make the
	// national forecast explode (|ρ| ≥ 1 is not stationary).
	budgetMaxRho = 0.95
	// BudgetDamping is φ of the damped national trend (BudgetNationalDamped), fixed
	// before the held-out selection.
	BudgetDamping = 0.5
	// BudgetLongShareYears is the number of last years whose mean local/national ratio
	// BudgetTiedForecast pulls the last share halfway towards (fixed before the held-out
	// selection).
	BudgetLongShareYears = 8
)

// BudgetNationalForecast forecasts the national level h = 1 … len(out) years after the
// last value of national (one value per consecutive year, all > 0) by an AR(1) on the
// yearly log changes d_i = ln N_i − ln N_{i−1}, fitted by least squares over all of
// them (stats.FitOLS):
//
//	d_i = c + ρ d_{i−1} + ε,   N_{t+h} = N_t · exp(d̂_{t+1} + … + d̂_{t+h}),
//	d̂_{t+j} = c + ρ d̂_{t+j−1},
//
// with ρ clipped to [−0.95, 0.95]. With fewer than 3 pairs of changes, or when the fit is
// singular (all changes equal), the changes are forecast by their mean (a log-linear
// drift). It panics when h < 1 or a value is not > 0 (caller misuse).
func BudgetNationalForecast(national []float64, h int) []float64 {
	return budgetNationalAR1(national, h, 1)
}

// budgetNationalAR1 is BudgetNationalForecast with the fitted ρ multiplied by scale.
func budgetNationalAR1(national []float64, h int, scale float64) []float64 {
	d := budgetLogChanges(national, h, "BudgetNationalForecast")
	c, rho := 0.0, 0.0
	if len(d) > 0 {
		c = budgetMean(d)
	}
	if len(d) >= 4 { // ≥ 3 pairs: more observations than the 2 coefficients
		x := make([][]float64, len(d)-1)
		for i := range x {
			x[i] = []float64{d[i]}
		}
		if m, err := stats.FitOLS(x, d[1:]); err == nil {
			c, rho = m.Coef[0], scale*max(-budgetMaxRho, min(budgetMaxRho, m.Coef[1]))
		}
	}
	out := make([]float64, h)
	level, last := national[len(national)-1], 0.0
	if len(d) > 0 {
		last = d[len(d)-1]
	}
	for j := range out {
		if rho == 0 {
			last = c
		} else {
			last = c + rho*last
		}
		level *= math.Exp(last)
		out[j] = level
	}
	return out
}

// budgetLogChanges returns the yearly log changes of national, panicking (caller misuse)
// when h < 1, national is empty or a value is not > 0.
func budgetLogChanges(national []float64, h int, who string) []float64 {
	if h < 1 || len(national) == 0 {
		panic("economics: " + who + " needs h ≥ 1 and a history")
	}
	d := make([]float64, 0, len(national))
	for i, v := range national {
		if !(v > 0) {
			panic("economics: " + who + " needs national levels > 0")
		}
		if i > 0 {
			d = append(d, math.Log(v/national[i-1]))
		}
	}
	return d
}

// BudgetNationalDamped forecasts the national level by a damped trend on the log level
// with the last yearly change d_t = ln N_t − ln N_{t−1} as the trend and the damping
// φ = BudgetDamping:
//
//	ln N_{t+h} = ln N_t + d_t (φ + φ² + … + φ^h),
//
// so the level moves at most d_t·φ/(1 − φ) in all. With a single value it repeats it.
// It panics when h < 1 or a value is not > 0 (caller misuse).
func BudgetNationalDamped(national []float64, h int) []float64 {
	d := budgetLogChanges(national, h, "BudgetNationalDamped")
	last := 0.0
	if len(d) > 0 {
		last = d[len(d)-1]
	}
	out := make([]float64, h)
	level, step := national[len(national)-1], last
	for j := range out {
		step *= BudgetDamping
		level *= math.Exp(step)
		out[j] = level
	}
	return out
}

// BudgetShare returns the mean of local_i/national_i over the last BudgetShareYears
// years (fewer when the series is shorter). It panics for series of different length.
func BudgetShare(local, national []float64) float64 {
	if len(local) != len(national) {
		panic("economics: BudgetShare with series of different lengths")
	}
	k := min(BudgetShareYears, len(local))
	s := 0.0
	for i := len(local) - k; i < len(local); i++ {
		s += local[i] / national[i]
	}
	return s / float64(k)
}

// BudgetCandidate is one of the pre-declared national-tied forecasts of the held-out
// selections (docs/economics.md, appendix): Forecast(b, h) forecasts the local level
// h = 1 … h years after the origin year, the last of b.
type BudgetCandidate struct {
	Name     string
	Forecast func(b BudgetHistory, h int) []float64
}

// BudgetCandidates are the candidates of the two rounds, each round declared with its
// settings before any of it was run. Round 1 (yearly levels): C1 the first method,
// C3–C8 alternatives (C2, the national random walk × the last share, equals the naive
// last value and is not a candidate); C7 was chosen. Round 2 (from the jump-off
// quarter, budget_jump.go): Q1–Q5; Q2 was chosen.
var BudgetCandidates = []BudgetCandidate{
	{"c1_ar1_mean_share", annual(budgetC1)},
	{"c3_last_damped", annual(budgetC3)},
	{"c4_last_ar1_half", annual(budgetC4)},
	{"c5_ewshare_damped", annual(budgetC5)},
	{"c6_blend_last_c3", annual(budgetC6)},
	{"c7_share_pulled", annual(budgetC7)},
	{"c8_last_ar1", annual(budgetC8)},
	{"q1_jump_share_pulled", budgetQ1},
	{"q2_jump_share_pulled_less", budgetQ2},
	{"q3_jump_damped", budgetQ3},
	{"q4_blend_jump_c7", budgetQ4},
	{"q5_jump_share_halved", budgetQ5},
}

// budgetC1 = BudgetShare × BudgetNationalForecast.
func budgetC1(local, national []float64, h int) []float64 {
	return budgetScale(BudgetNationalForecast(national, h), BudgetShare(local, national))
}

// budgetC3 = last local × BudgetNationalDamped / last national.
func budgetC3(local, national []float64, h int) []float64 {
	return budgetScale(BudgetNationalDamped(national, h), budgetLastShare(local, national))
}

// budgetC4 = last local × the national AR(1) growth with ρ halved.
func budgetC4(local, national []float64, h int) []float64 {
	return budgetScale(budgetNationalAR1(national, h, 0.5), budgetLastShare(local, national))
}

// budgetC5 = the exponentially weighted share (α = ½) × BudgetNationalDamped.
func budgetC5(local, national []float64, h int) []float64 {
	s, started := 0.0, false
	for i := range local {
		x := local[i] / national[i]
		switch {
		case math.IsNaN(x):
		case !started:
			s, started = x, true
		default:
			s = 0.5*x + 0.5*s
		}
	}
	return budgetScale(BudgetNationalDamped(national, h), s)
}

// budgetC6 = ½ last local + ½ budgetC3.
func budgetC6(local, national []float64, h int) []float64 {
	out := budgetC3(local, national, h)
	last := local[len(local)-1]
	for i := range out {
		out[i] = 0.5*last + 0.5*out[i]
	}
	return out
}

// budgetC7 = (½ last share + ½ mean share of the last 8 known years) × last national.
func budgetC7(local, national []float64, h int) []float64 {
	return budgetJumpPulled(BudgetHistory{Local: local, National: national}, h, 0.5)
}

// budgetC8 = last local × the national AR(1) growth (BudgetNationalForecast).
func budgetC8(local, national []float64, h int) []float64 {
	return budgetScale(BudgetNationalForecast(national, h), budgetLastShare(local, national))
}

// budgetNaiveLast repeats the last value of local h times.
func budgetNaiveLast(local, _ []float64, h int) []float64 {
	out := make([]float64, h)
	for i := range out {
		out[i] = local[len(local)-1]
	}
	return out
}

func budgetLastShare(local, national []float64) float64 {
	if len(local) != len(national) {
		panic("economics: a budget forecast with series of different lengths")
	}
	return local[len(local)-1] / national[len(national)-1]
}

func budgetScale(x []float64, by float64) []float64 {
	for i := range x {
		x[i] *= by
	}
	return x
}

// BudgetTiedForecast is the national-tied forecast of the local series for h years:
// candidate Q2, chosen in the second round by the pre-declared rule (lowest mean of the
// h = 1 and h = 2 median-municipality MAPE on AUK01 origins 2011–2017;
// docs/economics.md). The local share of the national level in the last quarter of the
// origin year t (the jump-off J; the year's level when the quarter is unknown) is
// pulled a quarter of the way towards its mean over the last BudgetLongShareYears
// years, and applied to the national jump-off level, forecast by a random walk:
//
//	F_{t+h} = (¾ L_J/N_J + ¼ mean_{i=t−7…t} L_i/N_i) · N_J   for every h,
//
// over the years with a known local value (NaN skipped). It panics for series of
// different length or h < 1.
func BudgetTiedForecast(b BudgetHistory, h int) []float64 {
	return budgetQ2(b, h)
}

// BudgetNaiveTrend is the naive local trend: the least-squares line through the last
// BudgetTrendYears values of local (fewer when shorter, at least 2), extrapolated h
// years and floored at 0. With a single value it repeats it.
func BudgetNaiveTrend(local []float64, h int) []float64 {
	n := min(BudgetTrendYears, len(local))
	tail := local[len(local)-n:]
	out := make([]float64, h)
	// The slope of y on x = 0 … n−1 in closed form: Σ(x−x̄)(y−ȳ)/Σ(x−x̄)².
	xbar, ybar := float64(n-1)/2, budgetMean(tail)
	sxy, sxx := 0.0, 0.0
	for i, y := range tail {
		sxy += (float64(i) - xbar) * (y - ybar)
		sxx += (float64(i) - xbar) * (float64(i) - xbar)
	}
	slope := 0.0
	if sxx > 0 {
		slope = sxy / sxx
	}
	for j := range out {
		out[j] = max(0, ybar+slope*(float64(n-1+j+1)-xbar))
	}
	return out
}

// BudgetSeries is the history a budget is forecast from: consecutive calendar years
// with the municipality's stock (full-time persons) and outflow of one benefit group
// and the country's stock of that group.
type BudgetSeries struct {
	Group    pejling.BenefitGroup
	Years    []int
	Stock    []float64 // the municipality's full-time persons per year
	Outflow  []float64 // the municipality's outflow per year (periods ending in self-support)
	National []float64 // the country's full-time persons per year
	// StockJump and NationalJump are the full-time persons of the last quarter of each
	// year (the jump-off of the forecast, BudgetHistory), NaN when not known; nil when
	// the figure set holds no quarters.
	StockJump, NationalJump []float64
}

// BudgetFan is the prediction interval of a forecast as relative errors
// (actual − forecast)/forecast: the 10th (Low) and 90th (High) percentile per horizon
// (index h−1), from the back-test of the national-tied method (BacktestResult.Fan).
type BudgetFan struct {
	Low, High [BudgetMaxYears]float64
}

// BudgetAUK01Fan is the fan of BudgetTiedForecast in the back-test on Statistics
// Denmark's AUK01 (2007Q1–2025Q4, 98 municipalities, all origins 2011–2024), rounded to
// 3 decimals; a test checks it against the back-test of the file.
var BudgetAUK01Fan = BudgetFan{
	Low:  [BudgetMaxYears]float64{-0.199, -0.341, -0.445, -0.511},
	High: [BudgetMaxYears]float64{0.395, 0.598, 0.582, 0.541},
}

// BudgetYear is one year of a budget: history (Forecast false) or forecast.
type BudgetYear struct {
	Year     int
	Forecast bool
	Stock    float64 // full-time persons (the mean number on the benefit over the year)
	Low      float64 // the fan's 10th percentile of Stock (= Stock for history)
	High     float64 // the fan's 90th percentile
	National float64 // the country's full-time persons (forecast for a forecast year)
	Outflow  float64 // persons leaving for self-support in the year
	// Inflow is Stock − previous Stock + Outflow (persons per year); it is not known
	// for the first year of history (InflowValid false).
	Inflow      float64
	InflowValid bool
	Rate        float64 // DKK per full-time person per year, 0 when not costed
	Cost        float64 // Stock × Rate
	CostLow     float64 // Low × Rate
	CostHigh    float64 // High × Rate
}

// Budget returns the history of s followed by a forecast of years (1 … BudgetMaxYears)
// years: stock by BudgetTiedForecast with the fan's interval around it, the country by a
// random walk from its jump-off level (BudgetTiedForecast's national), outflow as the
// outflow rate ΣOutflow/ΣStock of the last BudgetShareYears years × the forecast stock,
// and inflow by the flow identity inflow = Δstock + outflow. rate, when not nil, gives
// the DKK per full-time person of each year. It panics when the series differ in length
// and returns an EINVALID error for a bad number of years, too short a history, gaps
// between years or a country level that is not > 0.
func Budget(s BudgetSeries, years int, fan BudgetFan, rate func(year int) float64) ([]BudgetYear, error) {
	n := len(s.Years)
	if len(s.Stock) != n || len(s.Outflow) != n || len(s.National) != n {
		panic("economics: Budget with series of different lengths")
	}
	if years < 1 || years > BudgetMaxYears {
		return nil, pejling.Errorf(pejling.EINVALID, "forecast %d years: give 1 to %d", years, BudgetMaxYears)
	}
	if n < BudgetMinHistory {
		return nil, pejling.Errorf(pejling.EINVALID, "benefit group %s: %d calendar years of history, a forecast needs at least %d", budgetGroupLabel(s.Group), n, BudgetMinHistory)
	}
	for i := range n {
		if i > 0 && s.Years[i] != s.Years[i-1]+1 {
			return nil, pejling.Errorf(pejling.EINVALID, "benefit group %s: no figures for %d (history must be consecutive years)", budgetGroupLabel(s.Group), s.Years[i-1]+1)
		}
		if !(s.National[i] > 0) {
			return nil, pejling.Errorf(pejling.EINVALID, "benefit group %s: no national full-time persons in %d", budgetGroupLabel(s.Group), s.Years[i])
		}
	}
	hist := BudgetHistory{Local: s.Stock, National: s.National, LocalJump: s.StockJump, NationalJump: s.NationalJump}
	stock := BudgetTiedForecast(hist, years)
	_, jumpNational := hist.jump(n - 1)
	national := budgetRepeat(jumpNational, years)
	var so, ss float64
	for i := n - min(BudgetShareYears, n); i < n; i++ {
		so += s.Outflow[i]
		ss += s.Stock[i]
	}
	outRate := 0.0
	if ss > 0 {
		outRate = so / ss
	}
	out := make([]BudgetYear, 0, n+years)
	for i := range n {
		y := BudgetYear{Year: s.Years[i], Stock: s.Stock[i], Low: s.Stock[i], High: s.Stock[i],
			National: s.National[i], Outflow: s.Outflow[i]}
		if i > 0 {
			y.Inflow, y.InflowValid = s.Stock[i]-s.Stock[i-1]+s.Outflow[i], true
		}
		out = append(out, y)
	}
	for h := range years {
		prev := out[len(out)-1].Stock
		y := BudgetYear{Year: s.Years[n-1] + h + 1, Forecast: true, Stock: stock[h],
			Low: stock[h] * (1 + fan.Low[h]), High: stock[h] * (1 + fan.High[h]),
			National: national[h], Outflow: outRate * stock[h]}
		y.Inflow, y.InflowValid = y.Stock-prev+y.Outflow, true
		out = append(out, y)
	}
	if rate != nil {
		for i := range out {
			r := rate(out[i].Year)
			out[i].Rate, out[i].Cost, out[i].CostLow, out[i].CostHigh = r, r*out[i].Stock, r*out[i].Low, r*out[i].High
		}
	}
	return out, nil
}

func budgetGroupLabel(g pejling.BenefitGroup) string {
	if g == "" {
		return "all"
	}
	return string(g)
}

func budgetMean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
