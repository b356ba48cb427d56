package stats

import (
	"fmt"
	"math"
)

// Survival analysis on a discrete time scale t = 1, 2, …, horizon (weeks, say): the
// Kaplan–Meier estimate with Greenwood standard errors and a log(−log) band, and the
// Aalen–Johansen cumulative incidence of two competing risks. A subject has a time
// t ≥ 1 at which it has an event or is censored; a subject censored at t is still at
// risk at t. Times over the horizon stay at risk through it. The Counts variants take
// the data already tallied: n subjects, and slices indexed by time (index 0 unused,
// length at least horizon + 1) of the events and censorings at each time.

// SurvivalPoint is the Kaplan–Meier estimate at one time.
type SurvivalPoint struct {
	Time                     int
	AtRisk, Events, Censored int     // n_t (time ≥ t), d_t, c_t
	Survival                 float64 // Ŝ(t)
	StdErr                   float64 // Greenwood standard error of Ŝ(t)
	Lower, Upper             float64 // 95 % log(−log) band (LogLogBand with z = 1.96)
}

// KaplanMeier returns the Kaplan–Meier estimate for times 1 … horizon of a sample whose
// i-th subject has times[i] ≥ 1 and ended in an event when events[i] (else it is
// censored), as KaplanMeierCounts computes it from the tallies. It panics if the
// slices differ in length or a time is below 1.
func KaplanMeier(times []int, events []bool, horizon int) []SurvivalPoint {
	if len(times) != len(events) {
		panic("stats: KaplanMeier: times and events differ in length")
	}
	d, c := make([]int, horizon+1), make([]int, horizon+1)
	for i, t := range times {
		switch {
		case t < 1:
			panic(fmt.Sprintf("stats: KaplanMeier: time %d below 1", t))
		case t > horizon:
		case events[i]:
			d[t]++
		default:
			c[t]++
		}
	}
	return KaplanMeierCounts(len(times), d, c, horizon)
}

// KaplanMeierCounts returns the Kaplan–Meier product-limit estimate (Kaplan and Meier,
// JASA 53, 1958) of n subjects of which events[t] have an event and censored[t] are
// censored at time t. With n_t the subjects at risk at t (n_1 = n, n_{t+1} = n_t − d_t − c_t),
//
//	Ŝ(t) = Π_{j≤t} (1 − d_j/n_j),
//	Var Ŝ(t) = Ŝ(t)² G(t),  G(t) = Σ_{j≤t} d_j/(n_j(n_j − d_j))   (Greenwood 1926),
//
// where a time with d_j = n_j (Ŝ drops to 0) is left out of G. The band is
// LogLogBand(Ŝ(t), G(t), 1.96). The points run from t = 1 to the last time ≤ horizon
// with n_t > 0: there are none after it. It panics if a slice is shorter than
// horizon + 1.
func KaplanMeierCounts(n int, events, censored []int, horizon int) []SurvivalPoint {
	if len(events) <= horizon || len(censored) <= horizon {
		panic("stats: KaplanMeierCounts: count slices shorter than horizon + 1")
	}
	var pts []SurvivalPoint
	s, g := 1.0, 0.0
	for t := 1; t <= horizon && n > 0; t++ {
		dt, ct := events[t], censored[t]
		s *= 1 - float64(dt)/float64(n)
		if dt < n {
			g += float64(dt) / (float64(n) * float64(n-dt))
		}
		p := SurvivalPoint{Time: t, AtRisk: n, Events: dt, Censored: ct, Survival: s, StdErr: s * math.Sqrt(g)}
		p.Lower, p.Upper = LogLogBand(s, g, 1.96)
		pts = append(pts, p)
		n -= dt + ct
	}
	return pts
}

// LogLogBand returns the confidence band of a survival estimate s with Greenwood sum g
// (Var s = s² g) from the normal approximation of log(−log s) (Kalbfleisch and
// Prentice, The Statistical Analysis of Failure Time Data, 1980, §1.3): with
// h = z·√g / |ln s|,
//
//	lower = s^exp(h),  upper = s^exp(−h),
//
// so that lower ≤ s ≤ upper and both stay in [0, 1]; z = 1.96 gives 95 %. Where s is 0
// or 1 the band is degenerate: lower = upper = s.
func LogLogBand(s, g, z float64) (lower, upper float64) {
	if s <= 0 || s >= 1 {
		return s, s
	}
	h := z * math.Sqrt(g) / -math.Log(s)
	return math.Pow(s, math.Exp(h)), math.Pow(s, math.Exp(-h))
}

// IncidencePoint is the Aalen–Johansen estimate of two competing risks at one time.
type IncidencePoint struct {
	Time       int
	AtRisk     int     // n_t
	Survival   float64 // Ŝ(t): no event of either cause by t
	CIF1, CIF2 float64 // cumulative incidence of cause 1 and cause 2 by t
}

// AalenJohansen returns the cumulative incidences for times 1 … horizon of a sample
// whose i-th subject has times[i] ≥ 1 and causes[i] 1 or 2 for an event of that cause,
// 0 when censored, as AalenJohansenCounts computes them from the tallies. It panics if
// the slices differ in length, a time is below 1 or a cause is not 0, 1 or 2.
func AalenJohansen(times, causes []int, horizon int) []IncidencePoint {
	if len(times) != len(causes) {
		panic("stats: AalenJohansen: times and causes differ in length")
	}
	d1, d2, c := make([]int, horizon+1), make([]int, horizon+1), make([]int, horizon+1)
	for i, t := range times {
		if t < 1 {
			panic(fmt.Sprintf("stats: AalenJohansen: time %d below 1", t))
		}
		k := causes[i]
		if k < 0 || k > 2 {
			panic(fmt.Sprintf("stats: AalenJohansen: cause %d not 0, 1 or 2", k))
		}
		switch {
		case t > horizon:
		case k == 1:
			d1[t]++
		case k == 2:
			d2[t]++
		default:
			c[t]++
		}
	}
	return AalenJohansenCounts(len(times), d1, d2, c, horizon)
}

// AalenJohansenCounts returns the Aalen–Johansen estimate (Aalen and Johansen, Scand. J.
// Statist. 5, 1978) of the cumulative incidence of two competing risks for n subjects
// of which events1[t] and events2[t] have an event of cause 1 and 2 and censored[t] are
// censored at time t. With n_t at risk as in KaplanMeierCounts and Ŝ the Kaplan–Meier
// curve of an event of either cause (d_t = d_1t + d_2t),
//
//	CIF_k(t) = Σ_{j≤t} Ŝ(j−1) · d_kj / n_j,
//
// so that CIF_1(t) + CIF_2(t) = 1 − Ŝ(t). The points run from t = 1 to the last time
// ≤ horizon with n_t > 0. It panics if a slice is shorter than horizon + 1.
func AalenJohansenCounts(n int, events1, events2, censored []int, horizon int) []IncidencePoint {
	if len(events1) <= horizon || len(events2) <= horizon || len(censored) <= horizon {
		panic("stats: AalenJohansenCounts: count slices shorter than horizon + 1")
	}
	var pts []IncidencePoint
	s, cif1, cif2 := 1.0, 0.0, 0.0
	for t := 1; t <= horizon && n > 0; t++ {
		cif1 += s * float64(events1[t]) / float64(n)
		cif2 += s * float64(events2[t]) / float64(n)
		s *= 1 - float64(events1[t]+events2[t])/float64(n)
		pts = append(pts, IncidencePoint{Time: t, AtRisk: n, Survival: s, CIF1: cif1, CIF2: cif2})
		n -= events1[t] + events2[t] + censored[t]
	}
	return pts
}
