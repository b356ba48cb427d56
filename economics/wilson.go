package economics

import "math"

// WilsonZ95 is the standard normal quantile z with P(|Z| ≤ z) = 0.95, the z of a 95 %
// interval.
const WilsonZ95 = 1.959963984540054

// WilsonInterval returns the Wilson score interval for a binomial proportion: k
// successes in n trials, p̂ = k/n, at the normal quantile z (WilsonZ95 for 95 %),
//
//	centre = (p̂ + z²/2n) / (1 + z²/n)
//	half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²)
//	[lower, upper] = [centre − half, centre + half], clamped to [0, 1].
//
// Unlike the Wald interval p̂ ± z√(p̂(1−p̂)/n) it stays inside [0, 1] and keeps close to
// its nominal coverage for small n and for p̂ near 0 or 1, which is why the effect
// economics uses it on small self-support shares (E. B. Wilson, "Probable inference, the
// law of succession, and statistical inference", JASA 22 (1927) 209–212; R. G.
// Newcombe, "Two-sided confidence intervals for the single proportion", Statistics in
// Medicine 17 (1998) 857–872, method 3; L. D. Brown, T. T. Cai, A. DasGupta, "Interval
// estimation for a binomial proportion", Statistical Science 16 (2001) 101–133).
//
// WilsonInterval panics when n ≤ 0, k < 0, k > n or z ≤ 0: the caller decides what an
// interval over no trials shows.
func WilsonInterval(k, n int, z float64) (lower, upper float64) {
	if n <= 0 || k < 0 || k > n || !(z > 0) {
		panic("economics: WilsonInterval needs 0 ≤ k ≤ n, n > 0 and z > 0")
	}
	nf := float64(n)
	p := float64(k) / nf
	z2 := z * z
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lower, upper = max(0, centre-half), min(1, centre+half)
	// At k = 0 and k = n the bound is exactly 0 or 1; rounding must not hide that.
	if k == 0 {
		lower = 0
	}
	if k == n {
		upper = 1
	}
	return lower, upper
}
