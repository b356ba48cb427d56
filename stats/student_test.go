package stats_test

import (
	"math"
	"testing"

	"github.com/pejling/pejling/stats"
)

// TestStudentTQuantile checks quantiles against R's qt() (printed with 15 digits) and
// two closed forms: df = 1 is the Cauchy distribution, t = tan(π(p − ½)), and df = 2
// has t = (2p − 1)/√(2p(1 − p)).
func TestStudentTQuantile(t *testing.T) {
	for _, c := range []struct{ p, df, want float64 }{
		{0.975, 1, 12.7062047361747},
		{0.975, 9, 2.26215716279820},
		{0.975, 30, 2.04227245630124},
		{0.995, 5, 4.03214298355522},
		{0.975, 1000, 1.96233908082641},
		{0.9, 1, math.Tan(math.Pi * 0.4)},
		{0.99, 2, (2*0.99 - 1) / math.Sqrt(2*0.99*0.01)},
		{0.025, 9, -2.26215716279820},
		{0.5, 7, 0},
	} {
		got := stats.StudentTQuantile(c.p, c.df)
		if math.Abs(got-c.want) > 1e-12*max(1, math.Abs(c.want)) {
			t.Errorf("t(%g, %g) = %.15g, want %.15g", c.p, c.df, got, c.want)
		}
		if c.want != 0 {
			if back := stats.StudentTCDF(got, c.df); math.Abs(back-c.p) > 1e-14 {
				t.Errorf("CDF(t(%g, %g)) = %.17g", c.p, c.df, back)
			}
		}
	}
}

// TestPredictionInterval continues TestFitOLSLine's hand-worked line: at x = 4 the fit
// is 5.5, σ² = 1.35, leverage 1.5, df 2, so the 95 % interval is
// 5.5 ± t(0.975, 2) √(1.35 · 2.5) with t(0.975, 2) = 4.30265272974946.
func TestPredictionInterval(t *testing.T) {
	m, err := stats.FitOLS([][]float64{{0}, {1}, {2}, {3}}, []float64{1, 3, 2, 5})
	if err != nil {
		t.Fatal(err)
	}
	lo, hi := m.PredictionInterval([]float64{4}, 0.95)
	half := 4.30265272974946 * math.Sqrt(1.35*2.5)
	if math.Abs(lo-(5.5-half)) > 1e-11 || math.Abs(hi-(5.5+half)) > 1e-11 {
		t.Fatalf("[%.15g, %.15g], want 5.5 ± %.15g", lo, hi, half)
	}
}
