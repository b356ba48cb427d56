package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pejling/pejling/stats"
)

// TestKaplanMeierFreireich checks the estimate and the Greenwood standard errors against
// the 6-MP arm of the leukaemia remission trial of Freireich et al. (Blood 21, 1963), as
// tabulated in Klein and Moeschberger, Survival Analysis (2nd ed. 2003), Example 4.1,
// Table 4.1A (estimate and Greenwood standard error, to 3 decimals): times in weeks,
// 6,6,6,6*,7,9*,10,10*,11*,13,16,17*,19*,20*,22,23,25*,32*,32*,34*,35* (* censored).
func TestKaplanMeierFreireich(t *testing.T) {
	times := []int{6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35}
	censored := map[int]bool{3: true, 5: true, 7: true, 8: true, 11: true, 12: true, 13: true, 16: true, 17: true, 18: true, 19: true, 20: true}
	events := make([]bool, len(times))
	for i := range times {
		events[i] = !censored[i]
	}
	pts := stats.KaplanMeier(times, events, 104)
	if len(pts) != 35 {
		t.Fatalf("%d points, want 35 (the last time)", len(pts))
	}
	// The band is checked against the 95 % log(−log) limits of R's
	// survival::survfit(Surv(time, status) ~ 1, conf.type = "log-log") on the same data
	// (z = qnorm(0.975) there, 1.96 here: equal to 3 decimals).
	for _, ref := range []struct {
		time         int
		s, se        float64
		atRisk       int
		lower, upper float64
	}{
		{6, 0.857, 0.076, 21, 0.620, 0.952}, {7, 0.807, 0.087, 17, 0.563, 0.923},
		{10, 0.753, 0.096, 15, 0.503, 0.889}, {13, 0.690, 0.107, 12, 0.432, 0.849},
		{16, 0.627, 0.114, 11, 0.368, 0.805}, {22, 0.538, 0.128, 7, 0.268, 0.747},
		{23, 0.448, 0.135, 6, 0.188, 0.680},
	} {
		p := pts[ref.time-1]
		if p.Time != ref.time || !near(p.Survival, ref.s, 5e-4) || !near(p.StdErr, ref.se, 5e-4) || p.AtRisk != ref.atRisk ||
			!near(p.Lower, ref.lower, 5e-4) || !near(p.Upper, ref.upper, 5e-4) {
			t.Errorf("time %d: S %.4f SE %.4f at risk %d band %.4f … %.4f, want %.3f %.3f %d %.3f … %.3f", ref.time,
				p.Survival, p.StdErr, p.AtRisk, p.Lower, p.Upper, ref.s, ref.se, ref.atRisk, ref.lower, ref.upper)
		}
	}
	if p := pts[34]; !near(p.Survival, 0.448, 5e-4) || p.AtRisk != 1 || p.Censored != 1 {
		t.Errorf("time 35: %+v", p)
	}
	// A shorter horizon keeps the later times at risk and stops the curve there.
	short := stats.KaplanMeier(times, events, 10)
	if len(short) != 10 || short[9] != pts[9] {
		t.Errorf("horizon 10: %d points, last %+v, want %+v", len(short), short[len(short)-1], pts[9])
	}
}

// TestKaplanMeierHandWorked: 8 subjects, by hand —
//
//	t1 n=8 d=2             S = 6/8 = 0.75       G = 2/(8·6) = 1/24
//	t2 n=6 d=2 c=1         S = 0.75·4/6 = 0.5   G = 1/24 + 2/(6·4) = 1/8
//	t3 n=3 d=1             S = 1/3              G = 1/8 + 1/(3·2) = 7/24
//	t4 n=2                 S = 1/3
//	t5 n=2 d=1 c=1         S = 1/6              G = 7/24 + 1/(2·1) = 19/24
//
// Greenwood SE(2) = 0.5·√(1/8) = 0.176777; band at 2: h = 1.96·√(1/8)/ln 2 = 0.999737,
// lower = 0.5^e^h = 0.5^2.71757 = 0.152031, upper = 0.5^e^−h = 0.5^0.367976 = 0.774869.
// A last subject alone with an event takes S to 0: its Greenwood term is left out and
// the band is degenerate.
func TestKaplanMeierHandWorked(t *testing.T) {
	d := []int{0, 2, 2, 1, 0, 1, 0}
	c := []int{0, 0, 1, 0, 0, 1, 0}
	pts := stats.KaplanMeierCounts(8, d, c, 6)
	want := []struct{ n, d, c, s, g float64 }{
		{8, 2, 0, 0.75, 1. / 24}, {6, 2, 1, 0.5, 1. / 8}, {3, 1, 0, 1. / 3, 7. / 24},
		{2, 0, 0, 1. / 3, 7. / 24}, {2, 1, 1, 1. / 6, 19. / 24},
	}
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d: %+v", len(pts), len(want), pts)
	}
	for i, w := range want {
		p := pts[i]
		if p.Time != i+1 || p.AtRisk != int(w.n) || p.Events != int(w.d) || p.Censored != int(w.c) ||
			!near(p.Survival, w.s, 1e-12) || !near(p.StdErr, w.s*math.Sqrt(w.g), 1e-12) {
			t.Errorf("time %d: %+v, want %+v", i+1, p, w)
		}
	}
	if p := pts[1]; !near(p.StdErr, 0.176777, 5e-7) || !near(p.Lower, 0.152031, 5e-7) || !near(p.Upper, 0.774869, 5e-7) {
		t.Errorf("time 2 band: %+v", p)
	}

	pts = stats.KaplanMeier([]int{3, 2}, []bool{true, false}, 104)
	if len(pts) != 3 || pts[0].Lower != 1 || pts[0].Upper != 1 || pts[0].StdErr != 0 {
		t.Errorf("S = 1 must have the degenerate band: %+v", pts)
	}
	if p := pts[2]; p.Survival != 0 || p.StdErr != 0 || p.Lower != 0 || p.Upper != 0 {
		t.Errorf("S = 0 must have SE 0 and the degenerate band: %+v", p)
	}
}

func TestLogLogBand(t *testing.T) {
	for _, s := range []float64{0, 1} {
		if lo, up := stats.LogLogBand(s, 0.3, 1.96); lo != s || up != s {
			t.Errorf("LogLogBand(%v) = %v, %v: want degenerate", s, lo, up)
		}
	}
	// z = 0 gives no width; a larger z a wider band, always inside [0, 1].
	if lo, up := stats.LogLogBand(0.4, 0.1, 0); !near(lo, 0.4, 1e-15) || !near(up, 0.4, 1e-15) {
		t.Errorf("z = 0: %v … %v", lo, up)
	}
	lo95, up95 := stats.LogLogBand(0.4, 0.1, 1.96)
	lo99, up99 := stats.LogLogBand(0.4, 0.1, 2.576)
	if !(0 <= lo99 && lo99 < lo95 && lo95 < 0.4 && 0.4 < up95 && up95 < up99 && up99 <= 1) {
		t.Errorf("bands 95 %% %v … %v, 99 %% %v … %v", lo95, up95, lo99, up99)
	}
}

// TestAalenJohansenHandWorked: 8 subjects (time, cause) = (2,1) (3,1) (1,1) (2,1) (2,0)
// (1,2) (5,0) (1,1), by hand —
//
//	t1 n=8 d1=2 d2=1      CIF1 = 2/8, CIF2 = 1/8, S = 5/8
//	t2 n=5 d1=2 c=1       CIF1 += 5/8·2/5 → 1/2, S = 3/8
//	t3 n=2 d1=1           CIF1 += 3/8·1/2 → 11/16, S = 3/16
//	t4 n=1, t5 n=1 c=1    unchanged; the points stop at 5.
func TestAalenJohansenHandWorked(t *testing.T) {
	pts := stats.AalenJohansen([]int{2, 3, 1, 2, 2, 1, 5, 1}, []int{1, 1, 1, 1, 0, 2, 0, 1}, 104)
	want := []stats.IncidencePoint{
		{1, 8, 5. / 8, 2. / 8, 1. / 8}, {2, 5, 3. / 8, 1. / 2, 1. / 8}, {3, 2, 3. / 16, 11. / 16, 1. / 8},
		{4, 1, 3. / 16, 11. / 16, 1. / 8}, {5, 1, 3. / 16, 11. / 16, 1. / 8},
	}
	if len(pts) != len(want) {
		t.Fatalf("%d points, want %d: %+v", len(pts), len(want), pts)
	}
	for i, w := range want {
		p := pts[i]
		if p.Time != w.Time || p.AtRisk != w.AtRisk || !near(p.Survival, w.Survival, 1e-15) ||
			!near(p.CIF1, w.CIF1, 1e-15) || !near(p.CIF2, w.CIF2, 1e-15) {
			t.Errorf("time %d: %+v, want %+v", i+1, p, w)
		}
	}
}

// TestAalenJohansenKaplanMeier checks on random data that the Aalen–Johansen survival is
// the Kaplan–Meier estimate with either cause as the event, that CIF_1 + CIF_2 = 1 − S,
// and that with one cause only CIF_1 = 1 − S.
func TestAalenJohansenKaplanMeier(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50 {
		n := 1 + rng.IntN(200)
		times, causes, events := make([]int, n), make([]int, n), make([]bool, n)
		single := rng.IntN(4) == 0
		for i := range n {
			times[i] = 1 + rng.IntN(60)
			causes[i] = rng.IntN(3)
			if single && causes[i] == 2 {
				causes[i] = 1
			}
			events[i] = causes[i] != 0
		}
		km := stats.KaplanMeier(times, events, 52)
		aj := stats.AalenJohansen(times, causes, 52)
		if len(km) != len(aj) {
			t.Fatalf("%d Kaplan–Meier points, %d Aalen–Johansen", len(km), len(aj))
		}
		for i := range km {
			k, a := km[i], aj[i]
			if a.Time != k.Time || a.AtRisk != k.AtRisk || !near(a.Survival, k.Survival, 1e-12) ||
				!near(a.CIF1+a.CIF2, 1-a.Survival, 1e-12) || (single && (a.CIF2 != 0 || !near(a.CIF1, 1-k.Survival, 1e-12))) {
				t.Fatalf("time %d: Kaplan–Meier %+v, Aalen–Johansen %+v", k.Time, k, a)
			}
		}
	}
}

func TestSurvivalPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"KaplanMeier lengths":   func() { stats.KaplanMeier([]int{1}, nil, 5) },
		"KaplanMeier time 0":    func() { stats.KaplanMeier([]int{0}, []bool{true}, 5) },
		"KaplanMeierCounts":     func() { stats.KaplanMeierCounts(1, []int{0, 1}, []int{0, 0}, 5) },
		"AalenJohansen lengths": func() { stats.AalenJohansen([]int{1}, nil, 5) },
		"AalenJohansen cause":   func() { stats.AalenJohansen([]int{1}, []int{3}, 5) },
		"AalenJohansenCounts":   func() { stats.AalenJohansenCounts(1, []int{0, 1}, []int{0, 0}, []int{0, 0}, 5) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func ExampleKaplanMeier() {
	// Four subjects: events at times 1 and 3, censored at times 2 and 3.
	for _, p := range stats.KaplanMeier([]int{1, 2, 3, 3}, []bool{true, false, true, false}, 104) {
		fmt.Printf("time %d: at risk %d, S = %.3f (%.3f … %.3f)\n", p.Time, p.AtRisk, p.Survival, p.Lower, p.Upper)
	}
	// Output:
	// time 1: at risk 4, S = 0.750 (0.128 … 0.961)
	// time 2: at risk 3, S = 0.750 (0.128 … 0.961)
	// time 3: at risk 2, S = 0.375 (0.011 … 0.808)
}

func ExampleAalenJohansen() {
	// Four subjects: cause 1 at time 1, cause 2 at time 2, censored at time 2, cause 1 at time 3.
	for _, p := range stats.AalenJohansen([]int{1, 2, 2, 3}, []int{1, 2, 0, 1}, 104) {
		fmt.Printf("time %d: at risk %d, S = %.3f, CIF1 = %.3f, CIF2 = %.3f\n", p.Time, p.AtRisk, p.Survival, p.CIF1, p.CIF2)
	}
	// Output:
	// time 1: at risk 4, S = 0.750, CIF1 = 0.250, CIF2 = 0.000
	// time 2: at risk 3, S = 0.500, CIF1 = 0.250, CIF2 = 0.250
	// time 3: at risk 1, S = 0.000, CIF1 = 0.750, CIF2 = 0.250
}
