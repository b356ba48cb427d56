package economics

import (
	"math"
	"slices"

	"github.com/pejling/pejling"
)

// BacktestQuarter is one quarterly value of a series, e.g. a row of Statistics
// Denmark's AUK01. Municipality 0 is the country.
type BacktestQuarter struct {
	Municipality int
	Year         int
	Quarter      int // 1 … 4
	Value        float64
}

// BacktestData are annual series: the mean of the four quarters of each year. A year
// without all four quarters is dropped (NaN for a municipality, left out of Years when
// the country lacks it). The fourth quarter of each year is kept apart as the year's
// jump-off level (BudgetHistory).
type BacktestData struct {
	Years        []int             // consecutive years the country has in full
	National     []float64         // the country's level per year of Years
	Local        map[int][]float64 // municipality code → level per year of Years, NaN when incomplete
	NationalJump []float64         // the country's level in the fourth quarter of each year
	LocalJump    map[int][]float64 // municipality code → level in the fourth quarter, NaN when unknown
}

// BacktestAnnual turns quarterly values into annual series. It returns an EINVALID error
// without a country series or when the country's complete years are not consecutive.
// It panics on a quarter outside 1 … 4 (caller misuse).
func BacktestAnnual(qs []BacktestQuarter) (BacktestData, error) {
	type key struct{ muni, year int }
	sum, fourth := map[key]float64{}, map[key]float64{}
	seen := map[key]uint8{} // bit q−1 for each quarter seen
	for _, q := range qs {
		if q.Quarter < 1 || q.Quarter > 4 {
			panic("economics: BacktestAnnual with a quarter outside 1 … 4")
		}
		k := key{q.Municipality, q.Year}
		if seen[k]&(1<<(q.Quarter-1)) == 0 {
			seen[k] |= 1 << (q.Quarter - 1)
			sum[k] += q.Value
			if q.Quarter == 4 {
				fourth[k] = q.Value
			}
		}
	}
	var d BacktestData
	for k, bits := range seen {
		if k.muni == 0 && bits == 15 {
			d.Years = append(d.Years, k.year)
		}
	}
	if len(d.Years) == 0 {
		return d, pejling.Errorf(pejling.EINVALID, "no complete year for the whole country (All Denmark/Hele landet): the national level is needed")
	}
	slices.Sort(d.Years)
	for i := 1; i < len(d.Years); i++ {
		if d.Years[i] != d.Years[i-1]+1 {
			return d, pejling.Errorf(pejling.EINVALID, "the country has no complete year %d between %d and %d", d.Years[i-1]+1, d.Years[0], d.Years[len(d.Years)-1])
		}
	}
	d.Local, d.LocalJump = map[int][]float64{}, map[int][]float64{}
	for k := range seen {
		if k.muni != 0 && d.Local[k.muni] == nil {
			d.Local[k.muni] = make([]float64, len(d.Years))
			d.LocalJump[k.muni] = make([]float64, len(d.Years))
		}
	}
	for m, s := range d.Local {
		j := d.LocalJump[m]
		for i, y := range d.Years {
			k := key{m, y}
			s[i], j[i] = math.NaN(), math.NaN()
			if seen[k] == 15 {
				s[i], j[i] = sum[k]/4, fourth[k]
			}
		}
	}
	d.National, d.NationalJump = make([]float64, len(d.Years)), make([]float64, len(d.Years))
	for i, y := range d.Years {
		d.National[i], d.NationalJump[i] = sum[key{0, y}]/4, fourth[key{0, y}]
	}
	return d, nil
}

// BacktestMethod names a forecasting method of the back-test.
type BacktestMethod string

// The national-tied method and the naive forecasts, the first four rows of each
// horizon; the other BudgetCandidates follow under their own names. The goal
// names the first two naive forecasts (the last yearly value and the local trend);
// the naive last quarter is the naive forecast that knows what the chosen method
// knows, reported beside them.
const (
	BacktestTied             BacktestMethod = "national_tied"      // BudgetTiedForecast
	BacktestNaiveLast        BacktestMethod = "naive_last"         // the last yearly value
	BacktestNaiveTrend       BacktestMethod = "naive_trend"        // BudgetNaiveTrend
	BacktestNaiveLastQuarter BacktestMethod = "naive_last_quarter" // the level in the last quarter
)

// BacktestChosen is the name of the candidate BudgetTiedForecast is (the row
// BacktestTied); it is not repeated under its own name.
const BacktestChosen = "q2_jump_share_pulled_less"

// backtestMethod is a method of the back-test with its forecast.
type backtestMethod struct {
	name     BacktestMethod
	forecast func(b BudgetHistory, h int) []float64
}

func backtestAll() []backtestMethod {
	ms := []backtestMethod{
		{BacktestTied, BudgetTiedForecast},
		{BacktestNaiveLast, annual(budgetNaiveLast)},
		{BacktestNaiveTrend, func(b BudgetHistory, h int) []float64 { return BudgetNaiveTrend(b.Local, h) }},
		{BacktestNaiveLastQuarter, budgetNaiveLastQuarter},
	}
	for _, c := range BudgetCandidates {
		if c.Name != BacktestChosen {
			ms = append(ms, backtestMethod{BacktestMethod(c.Name), c.Forecast})
		}
	}
	return ms
}

// BacktestMethods lists the methods in report order: BacktestTied, BacktestNaiveLast,
// BacktestNaiveTrend, BacktestNaiveLastQuarter, then the other BudgetCandidates.
var BacktestMethods = func() []BacktestMethod {
	var out []BacktestMethod
	for _, m := range backtestAll() {
		out = append(out, m.name)
	}
	return out
}()

// BacktestSummary is the accuracy of one method at one horizon.
type BacktestSummary struct {
	Method         BacktestMethod
	Horizon        int     // years ahead
	Municipalities int     // municipalities with at least one forecast
	Forecasts      int     // (municipality, origin) pairs
	MedianMAPE     float64 // median over municipalities of each one's MAPE, in %
	PooledMAPE     float64 // mean absolute percentage error over all forecasts, in %
	// Wins counts the municipalities where this method's MAPE is ≤ that of both naive
	// forecasts of the goal, BacktestNaiveLast and BacktestNaiveTrend (for one of those
	// two: ≤ BacktestTied's and the other one's).
	Wins int
}

// BacktestResult is the outcome of BacktestRun.
type BacktestResult struct {
	FirstYear, LastYear     int // the years of the data
	Municipalities          int // municipalities with a series
	FirstOrigin, LastOrigin int // the forecast origins t used
	Summaries               []BacktestSummary
	Fan                     BudgetFan // of the national-tied method, per horizon
}

// BacktestRun forecasts every municipality from every origin year t in
// [firstOrigin, lastOrigin] (0: no bound) with at least BudgetMinHistory years of
// history (years ≤ t, the municipality's last BudgetMinHistory years all known) to
// t+1 … t+BudgetMaxYears, as far as the data reach, with the BacktestMethods, using
// only data up to t. The absolute percentage error is |forecast − actual| / actual ×
// 100; a year whose actual value is 0 or unknown is left out. Every method is scored
// on the same forecasts.
//
// The fan is the 10th and 90th percentile (linear interpolation between order
// statistics, R's type 7) of (actual − forecast)/forecast of BacktestTied, pooled over
// municipalities and origins per horizon.
func BacktestRun(d BacktestData, firstOrigin, lastOrigin int) BacktestResult {
	r := BacktestResult{Municipalities: len(d.Local)}
	lo, hi := BudgetMinHistory-1, len(d.Years)-2 // origin indices
	if len(d.Years) > 0 {
		r.FirstYear, r.LastYear = d.Years[0], d.Years[len(d.Years)-1]
		if firstOrigin != 0 {
			lo = max(lo, firstOrigin-d.Years[0])
		}
		if lastOrigin != 0 {
			hi = min(hi, lastOrigin-d.Years[0])
		}
		r.FirstOrigin, r.LastOrigin = d.Years[0]+lo, d.Years[0]+hi
	}
	codes := make([]int, 0, len(d.Local))
	for m := range d.Local {
		codes = append(codes, m)
	}
	slices.Sort(codes)
	methods := backtestAll()
	nm := len(methods)
	for h := 1; h <= BudgetMaxYears; h++ {
		var rel []float64
		pooled := make([]float64, nm)
		counts := make([]int, nm)
		perMuni := make([][]float64, nm) // MAPE per municipality with forecasts
		wins := make([]int, nm)
		munis := 0
		f := make([]float64, nm)
		for _, m := range codes {
			local, jump := d.Local[m], d.LocalJump[m]
			sums, n := make([]float64, nm), 0
			for t := lo; t <= hi && t+h < len(d.Years); t++ {
				actual := local[t+h]
				if !(actual > 0) || slices.ContainsFunc(local[t+1-BudgetMinHistory:t+1], math.IsNaN) {
					continue
				}
				b := BudgetHistory{Local: local[:t+1], National: d.National[:t+1]}
				if jump != nil && d.NationalJump != nil {
					b.LocalJump, b.NationalJump = jump[:t+1], d.NationalJump[:t+1]
				}
				for i, meth := range methods {
					f[i] = meth.forecast(b, h)[h-1]
					sums[i] += math.Abs(f[i]-actual) / actual * 100
				}
				if f[0] > 0 {
					rel = append(rel, (actual-f[0])/f[0])
				}
				n++
			}
			if n == 0 {
				continue
			}
			munis++
			mape := make([]float64, nm)
			for i := range nm {
				pooled[i] += sums[i]
				counts[i] += n
				mape[i] = sums[i] / float64(n)
				perMuni[i] = append(perMuni[i], mape[i])
			}
			// methods[0] is BacktestTied, [1] naive last, [2] naive trend.
			for i := range nm {
				a, b := 1, 2
				switch i {
				case 1:
					a = 0
				case 2:
					b = 0
				}
				if mape[i] <= mape[a] && mape[i] <= mape[b] {
					wins[i]++
				}
			}
		}
		for i, meth := range methods {
			s := BacktestSummary{Method: meth.name, Horizon: h, Municipalities: munis, Forecasts: counts[i], Wins: wins[i],
				MedianMAPE: math.NaN(), PooledMAPE: math.NaN()}
			if counts[i] > 0 {
				s.MedianMAPE = backtestQuantile(perMuni[i], 0.5)
				s.PooledMAPE = pooled[i] / float64(counts[i])
			}
			r.Summaries = append(r.Summaries, s)
		}
		if len(rel) > 0 {
			r.Fan.Low[h-1], r.Fan.High[h-1] = backtestQuantile(rel, 0.1), backtestQuantile(rel, 0.9)
		}
	}
	return r
}

// backtestQuantile is the p-quantile of x by linear interpolation between order
// statistics (Hyndman & Fan 1996, type 7; R's default): x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ −
// x₍⌊h⌋₎) with h = (n − 1)p on 0-based sorted x. It sorts a copy.
func backtestQuantile(x []float64, p float64) float64 {
	s := slices.Clone(x)
	slices.Sort(s)
	h := float64(len(s)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(s) {
		return s[lo]
	}
	return s[lo] + (h-float64(lo))*(s[lo+1]-s[lo])
}
