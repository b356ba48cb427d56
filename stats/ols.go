// Package stats holds Pejling's statistics as pure functions on slices (STYLE.md): least
// squares, Student t, clustering (k-means, Ward), nearest neighbours, ranks, DEA, and
// survival analysis (Kaplan–Meier, Aalen–Johansen). Each function states its formula and
// its source; tests check it against reference values computed elsewhere.
package stats

import (
	"errors"
	"math"
)

// OLS is an ordinary least-squares fit with an intercept,
//
//	y = β₀ + β₁x₁ + … + β_k x_k + ε,
//
// computed from the Householder QR decomposition of the design matrix X = [1 x], so
// that β solves R β = Qᵀy without ever forming XᵀX: the normal equations square the
// condition number of X and lose about half of the digits on data like Longley's.
type OLS struct {
	Coef   []float64 // β, intercept first
	StdErr []float64 // standard errors of β: σ √diag((XᵀX)⁻¹)
	Fitted []float64 // Xβ
	Resid  []float64 // y − Xβ
	R2     float64   // 1 − RSS/TSS (TSS about the mean of y)
	Sigma  float64   // residual standard deviation √(RSS/(n − p))
	DF     int       // residual degrees of freedom n − p

	rinv [][]float64 // R⁻¹ (p × p, upper triangular): (XᵀX)⁻¹ = R⁻¹R⁻ᵀ

	tLevel, tQuantile float64 // the Student t quantile of the last PredictionInterval level
}

// ErrSingular is returned when the design matrix does not have full column rank: a
// variable is constant or a combination of the others.
var ErrSingular = errors.New("stats: the explanatory variables are linearly dependent")

// FitOLS fits y on the variables x with an intercept; x[i] holds observation i's k
// variables. It panics when x and y differ in length or rows differ in width (caller
// misuse) and returns an error when there are not more observations than coefficients
// or the design is singular.
func FitOLS(x [][]float64, y []float64) (*OLS, error) {
	n := len(y)
	if len(x) != n {
		panic("stats: FitOLS with x and y of different lengths")
	}
	k := 0
	if n > 0 {
		k = len(x[0])
	}
	p := k + 1
	if n <= p {
		return nil, errors.New("stats: FitOLS needs more observations than coefficients")
	}
	// a holds X column by column, so Householder reflections work on contiguous slices.
	a := make([][]float64, p)
	for j := range a {
		a[j] = make([]float64, n)
	}
	for i, row := range x {
		if len(row) != k {
			panic("stats: FitOLS with rows of different widths")
		}
		a[0][i] = 1
		for j, v := range row {
			a[j+1][i] = v
		}
	}
	qty := append([]float64(nil), y...)

	// Householder QR: for each column j, a reflection H = I − 2vvᵀ/vᵀv maps a[j][j:] onto
	// ±‖a[j][j:]‖e₁; it is applied to the later columns and to y. R is left in the upper
	// triangle of a.
	// A column whose part left after the earlier reflections is below 1e-12 of its own
	// length lies (to rounding) in the span of the earlier ones: the design is singular.
	own := make([]float64, p)
	for j := range p {
		own[j] = math.Sqrt(dot(a[j], a[j]))
	}
	rdiag := make([]float64, p)
	for j := range p {
		col := a[j][j:]
		norm := math.Sqrt(dot(col, col))
		if norm == 0 || norm <= 1e-12*own[j] {
			return nil, ErrSingular
		}
		alpha := -math.Copysign(norm, col[0])
		col[0] -= alpha // v = x − αe₁, stored in place
		vv := dot(col, col)
		for l := j + 1; l < p; l++ {
			reflect(col, a[l][j:], vv)
		}
		reflect(col, qty[j:], vv)
		rdiag[j] = alpha
	}
	r := func(i, j int) float64 { // R[i][j], i ≤ j
		if i == j {
			return rdiag[i]
		}
		return a[j][i]
	}

	m := &OLS{DF: n - p, Coef: make([]float64, p), StdErr: make([]float64, p)}
	for i := p - 1; i >= 0; i-- { // back-substitution R β = (Qᵀy)[:p]
		s := qty[i]
		for j := i + 1; j < p; j++ {
			s -= r(i, j) * m.Coef[j]
		}
		m.Coef[i] = s / r(i, i)
	}
	m.rinv = make([][]float64, p) // R⁻¹ by back-substitution, column by column
	for i := range m.rinv {
		m.rinv[i] = make([]float64, p)
	}
	for c := range p {
		for i := c; i >= 0; i-- {
			s := 0.0
			if i == c {
				s = 1
			}
			for j := i + 1; j <= c; j++ {
				s -= r(i, j) * m.rinv[j][c]
			}
			m.rinv[i][c] = s / r(i, i)
		}
	}

	m.Fitted, m.Resid = make([]float64, n), make([]float64, n)
	var rss, mean, tss float64
	for i := range n {
		f := m.Coef[0]
		for j, v := range x[i] {
			f += m.Coef[j+1] * v
		}
		m.Fitted[i], m.Resid[i] = f, y[i]-f
		rss += m.Resid[i] * m.Resid[i]
		mean += y[i]
	}
	mean /= float64(n)
	for _, v := range y {
		tss += (v - mean) * (v - mean)
	}
	m.Sigma = math.Sqrt(rss / float64(m.DF))
	if tss > 0 {
		m.R2 = 1 - rss/tss
	}
	for j := range p {
		m.StdErr[j] = m.Sigma * math.Sqrt(m.leverage(unit(p, j)))
	}
	return m, nil
}

// Leverage returns x0ᵀ(XᵀX)⁻¹x0 for the point x0 (without the intercept's 1): the
// variance of the fitted value at x0 is σ² times it, and of a new observation there
// σ²(1 + it) — the ingredients of a prediction interval.
func (m *OLS) Leverage(x0 []float64) float64 {
	if len(x0)+1 != len(m.Coef) {
		panic("stats: Leverage with a point of the wrong width")
	}
	return m.leverage(append([]float64{1}, x0...))
}

// leverage returns zᵀ R⁻¹ R⁻ᵀ z = ‖R⁻ᵀz‖².
func (m *OLS) leverage(z []float64) float64 {
	var s float64
	for c := range z { // (R⁻ᵀz)_c = Σ_i R⁻¹[i][c] z_i
		var w float64
		for i := 0; i <= c; i++ {
			w += m.rinv[i][c] * z[i]
		}
		s += w * w
	}
	return s
}

// Predict returns the fitted value at x0 (without the intercept's 1).
func (m *OLS) Predict(x0 []float64) float64 {
	if len(x0)+1 != len(m.Coef) {
		panic("stats: Predict with a point of the wrong width")
	}
	f := m.Coef[0]
	for j, v := range x0 {
		f += m.Coef[j+1] * v
	}
	return f
}

// reflect applies the Householder reflection I − 2vvᵀ/vv to x in place.
func reflect(v, x []float64, vv float64) {
	f := 2 * dot(v, x) / vv
	for i := range x {
		x[i] -= f * v[i]
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func unit(n, j int) []float64 {
	u := make([]float64, n)
	u[j] = 1
	return u
}
