package stats

import "math"

// StudentTCDF returns P(T ≤ t) for Student's t distribution with df > 0 degrees of
// freedom: for t ≥ 0, 1 − ½ I_{df/(df+t²)}(df/2, ½), with I the regularized incomplete
// beta function (Abramowitz and Stegun 26.7.1), and by symmetry for t < 0.
func StudentTCDF(t, df float64) float64 {
	if df <= 0 || math.IsNaN(t) {
		panic("stats: StudentTCDF needs df > 0 and a number")
	}
	tail := 0.5 * regIncBeta(df/2, 0.5, df/(df+t*t))
	if t < 0 {
		return tail
	}
	return 1 - tail
}

// StudentTQuantile returns the t with StudentTCDF(t, df) = p, for 0 < p < 1, found by
// bisection to the last bit (the CDF is monotone, so bisection cannot fail).
func StudentTQuantile(p, df float64) float64 {
	if !(p > 0 && p < 1) || df <= 0 {
		panic("stats: StudentTQuantile needs 0 < p < 1 and df > 0")
	}
	if p < 0.5 {
		return -StudentTQuantile(1-p, df)
	}
	lo, hi := 0.0, 1.0
	for StudentTCDF(hi, df) < p {
		lo, hi = hi, 2*hi
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if mid == lo || mid == hi {
			break
		}
		if StudentTCDF(mid, df) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// PredictionInterval returns the interval that holds a new observation at x0 (without
// the intercept's 1) with probability level (e.g. 0.95):
//
//	ŷ(x0) ± t_{(1+level)/2, n−p} · σ √(1 + x0ᵀ(XᵀX)⁻¹x0)
func (m *OLS) PredictionInterval(x0 []float64, level float64) (lower, upper float64) {
	if !(level > 0 && level < 1) {
		panic("stats: PredictionInterval needs 0 < level < 1")
	}
	fit := m.Predict(x0)
	// The quantile is the costly part: it is kept for the level, so an OLS is not safe
	// for concurrent PredictionInterval calls.
	if m.tLevel != level {
		m.tLevel, m.tQuantile = level, StudentTQuantile((1+level)/2, float64(m.DF))
	}
	half := m.tQuantile * m.Sigma * math.Sqrt(1+m.Leverage(x0))
	return fit - half, fit + half
}

// regIncBeta is the regularized incomplete beta function I_x(a, b), by its continued
// fraction (Abramowitz and Stegun 26.5.8) evaluated with the modified Lentz method, on
// the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast.
func regIncBeta(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	lbeta := lgamma(a+b) - lgamma(a) - lgamma(b)
	front := math.Exp(lbeta + a*math.Log(x) + b*math.Log1p(-x))
	if x > (a+1)/(a+b+2) {
		return 1 - front*betaCF(b, a, 1-x)/b
	}
	return front * betaCF(a, b, x) / a
}

// betaCF evaluates the continued fraction of the incomplete beta function.
func betaCF(a, b, x float64) float64 {
	const tiny, eps = 1e-300, 1e-16
	c, d := 1.0, 1-(a+b)*x/(a+1)
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= 1000; m++ {
		fm := float64(m)
		// Even step: d_{2m} = m(b − m)x / ((a + 2m − 1)(a + 2m)).
		num := fm * (b - fm) * x / ((a + 2*fm - 1) * (a + 2*fm))
		d, c = 1+num*d, 1+num/c
		d, c = max(math.Abs(d), tiny)*sign(d), max(math.Abs(c), tiny)*sign(c)
		d = 1 / d
		h *= d * c
		// Odd step: d_{2m+1} = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)).
		num = -(a + fm) * (a + b + fm) * x / ((a + 2*fm) * (a + 2*fm + 1))
		d, c = 1+num*d, 1+num/c
		d, c = max(math.Abs(d), tiny)*sign(d), max(math.Abs(c), tiny)*sign(c)
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
