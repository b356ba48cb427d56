package stats

import (
	"errors"
	"fmt"
	"math"
)

// ReturnsToScale is the technology a DEA frontier assumes.
type ReturnsToScale int

const (
	// ConstantReturns is the CCR model (Charnes, Cooper and Rhodes 1978): any unit may be
	// scaled up or down, so the frontier is a cone through the origin and a unit is
	// compared with the best ratio of outputs to inputs whatever its size.
	ConstantReturns ReturnsToScale = iota
	// VariableReturns is the BCC model (Banker, Charnes and Cooper 1984): the reference
	// point is a convex combination of units (Σλ = 1), so a small unit is compared with
	// small ones and a large unit with large ones.
	VariableReturns
)

// Efficiency is one unit's DEA result.
type Efficiency struct {
	Score   float64   // input-oriented efficiency θ in (0,1]; 1 is on the frontier
	Lambdas []float64 // intensity weight of every unit in the reference point (len = units)
	Peers   []int     // the efficient units with λ > 1e-9, in index order (a frontier unit's peer is itself)
}

// deaTol is the numerical tolerance of DEA and its simplex, applied after every input and
// output has been divided by its largest value, so that all data lie in [0, 1]: a
// reduced cost or pivot element smaller than deaTol counts as zero, a score within
// deaTol of 1 is reported as exactly 1, and a λ above deaTol makes a unit a peer.
const deaTol = 1e-9

// DEA scores every unit, input-oriented: minimise θ subject to Σλ_j x_ij ≤ θ x_io for every input i, Σλ_j y_rj ≥ y_ro for every output r, λ ≥ 0 (and Σλ = 1 for VariableReturns).
//
// inputs[j] and outputs[j] are unit j's input and output vectors. θ is the share to
// which unit o could shrink all its inputs in proportion and still be matched, on every
// output, by the reference point Σλ_j (x_j, y_j) of the other units (Farrell's radial
// measure; Cooper, Seiford and Tone, Data Envelopment Analysis, 2nd ed. 2007, §3.3 and
// §4.3). The score is the radial θ only: slacks are not maximised in a second stage, so
// a unit with score 1 can still be weakly efficient (dominated on one input or output).
// A unit whose score is 1 (within the tolerance deaTol) is reported as its own reference
// point, λ = e_o. Each unit's linear programme is solved by a dense two-phase simplex
// with Bland's rule; results are invariant to the units of every input and output.
//
// It returns an error when there are no units, rows differ in width or inputs and
// outputs differ in length, there are no inputs or no outputs, a value is negative, NaN
// or infinite, or a unit has all inputs zero or all outputs zero.
func DEA(inputs, outputs [][]float64, rts ReturnsToScale) ([]Efficiency, error) {
	x, err := deaScaled("inputs", inputs)
	if err != nil {
		return nil, err
	}
	y, err := deaScaled("outputs", outputs)
	if err != nil {
		return nil, err
	}
	n := len(x)
	if len(y) != n {
		return nil, fmt.Errorf("stats: DEA with %d input rows and %d output rows", n, len(y))
	}
	if rts != ConstantReturns && rts != VariableReturns {
		return nil, fmt.Errorf("stats: DEA with unknown returns to scale %d", rts)
	}
	for j := range n {
		if allZero(x[j]) {
			return nil, fmt.Errorf("stats: DEA: unit %d has all inputs zero", j)
		}
		if allZero(y[j]) {
			return nil, fmt.Errorf("stats: DEA: unit %d has all outputs zero", j)
		}
	}
	mIn, mOut := len(x[0]), len(y[0])
	// Columns: θ, λ_1..λ_n, an input slack per input row, an output surplus per output
	// row. Rows: Σ_j x_ij λ_j − x_io θ + s_i = 0; Σ_j y_rj λ_j − t_r = y_ro; Σλ = 1.
	rows := mIn + mOut
	if rts == VariableReturns {
		rows++
	}
	cols := 1 + n + mIn + mOut
	a := make([][]float64, rows)
	for i := range a {
		a[i] = make([]float64, cols)
	}
	b := make([]float64, rows)
	c := make([]float64, cols)
	c[0] = 1
	for i := range mIn {
		for j := range n {
			a[i][1+j] = x[j][i]
		}
		a[i][1+n+i] = 1
	}
	for r := range mOut {
		for j := range n {
			a[mIn+r][1+j] = y[j][r]
		}
		a[mIn+r][1+n+mIn+r] = -1
	}
	if rts == VariableReturns {
		for j := range n {
			a[rows-1][1+j] = 1
		}
		b[rows-1] = 1
	}
	res := make([]Efficiency, n)
	for o := range n {
		for i := range mIn {
			a[i][0] = -x[o][i]
		}
		for r := range mOut {
			b[mIn+r] = y[o][r]
		}
		sol, err := simplex(a, b, c)
		if err != nil {
			return nil, fmt.Errorf("stats: DEA of unit %d: %w", o, err)
		}
		e := Efficiency{Score: sol[0], Lambdas: make([]float64, n)}
		if e.Score >= 1-deaTol {
			e.Score, e.Lambdas[o], e.Peers = 1, 1, []int{o}
			res[o] = e
			continue
		}
		if e.Score <= 0 {
			return nil, fmt.Errorf("stats: DEA of unit %d: score %g is not positive", o, e.Score)
		}
		for j := range n {
			e.Lambdas[j] = max(0, sol[1+j])
			if e.Lambdas[j] > deaTol {
				e.Peers = append(e.Peers, j)
			}
		}
		res[o] = e
	}
	return res, nil
}

// deaScaled checks rows of one width and non-negative finite values and returns them
// divided, column by column, by the column's largest value (columns of zeros stay).
func deaScaled(what string, rows [][]float64) ([][]float64, error) {
	if len(rows) == 0 {
		return nil, errors.New("stats: DEA with no units")
	}
	k := len(rows[0])
	if k == 0 {
		return nil, fmt.Errorf("stats: DEA with no %s", what)
	}
	top := make([]float64, k)
	for j, row := range rows {
		if len(row) != k {
			return nil, fmt.Errorf("stats: DEA: %s of unit %d have %d values, unit 0 has %d", what, j, len(row), k)
		}
		for i, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				return nil, fmt.Errorf("stats: DEA: %s %d of unit %d is %g, want a finite value ≥ 0", what, i, j, v)
			}
			top[i] = max(top[i], v)
		}
	}
	out := make([][]float64, len(rows))
	for j, row := range rows {
		out[j] = make([]float64, k)
		for i, v := range row {
			if top[i] > 0 {
				out[j][i] = v / top[i]
			}
		}
	}
	return out, nil
}

func allZero(v []float64) bool {
	for _, x := range v {
		if x != 0 {
			return false
		}
	}
	return true
}

var (
	errInfeasible = errors.New("linear programme infeasible")
	errUnbounded  = errors.New("linear programme unbounded")
	errNoProgress = errors.New("simplex did not terminate")
)

// simplex minimises cᵀx subject to Ax = b and x ≥ 0 and returns an optimal x. It is a
// dense two-phase tableau simplex: phase 1 minimises the sum of one artificial variable
// per row from the basis of artificials, phase 2 minimises cᵀx from the feasible basis
// found; both choose the entering column and, among tied ratios, the leaving row by
// Bland's rule (lowest index), which cannot cycle on the degenerate programmes DEA
// produces. Values smaller than deaTol count as zero; the data should be scaled to
// about 1. A does not change.
func simplex(a [][]float64, b, c []float64) ([]float64, error) {
	m, n := len(a), len(c)
	w := n + m // columns before the right-hand side
	t := make([][]float64, m)
	basis := make([]int, m)
	for i := range m {
		t[i] = make([]float64, w+1)
		sign := 1.0
		if b[i] < 0 {
			sign = -1
		}
		for j := range n {
			t[i][j] = sign * a[i][j]
		}
		t[i][n+i] = 1
		t[i][w] = sign * b[i]
		basis[i] = n + i
	}
	// Phase 1: minimise the sum of the artificials.
	cost := make([]float64, w)
	for j := n; j < w; j++ {
		cost[j] = 1
	}
	if err := simplexPhase(t, basis, cost, w); err != nil {
		return nil, err
	}
	var infeas float64
	for i, bi := range basis {
		if bi >= n {
			infeas += t[i][w]
		}
	}
	if infeas > deaTol*float64(m) {
		return nil, errInfeasible
	}
	// Drive artificials left in the basis at level zero out of it; a row with no
	// non-zero structural entry is redundant and keeps its artificial, which phase 2
	// never lets enter again.
	for i, bi := range basis {
		if bi < n {
			continue
		}
		for j := range n {
			if math.Abs(t[i][j]) > deaTol {
				pivot(t, basis, i, j)
				break
			}
		}
	}
	// Phase 2 on the structural columns only.
	clear(cost)
	copy(cost, c)
	if err := simplexPhase(t, basis, cost, n); err != nil {
		return nil, err
	}
	x := make([]float64, n)
	for i, bi := range basis {
		if bi < n {
			x[bi] = t[i][w]
		}
	}
	return x, nil
}

// simplexPhase pivots tableau t (right-hand side in the last column) to an optimal basis
// for the cost vector, letting only columns below allowed enter.
func simplexPhase(t [][]float64, basis []int, cost []float64, allowed int) error {
	m := len(t)
	w := len(t[0]) - 1
	limit := 50 * (w + m) // Bland's rule terminates; this only guards against round-off
	for range limit {
		// Entering column: the lowest index with a negative reduced cost
		// c_j − Σ_i c_B(i) t_ij.
		q := -1
		for j := range allowed {
			d := cost[j]
			for i, bi := range basis {
				d -= cost[bi] * t[i][j]
			}
			if d < -deaTol {
				q = j
				break
			}
		}
		if q < 0 {
			return nil
		}
		// Leaving row: the minimum ratio, ties to the lowest basic variable.
		p := -1
		var best float64
		for i := range m {
			if t[i][q] <= deaTol {
				continue
			}
			r := max(0, t[i][w]) / t[i][q] // round-off can leave a tiny negative level
			if p < 0 || r < best-deaTol || (r <= best+deaTol && basis[i] < basis[p]) {
				p, best = i, r
			}
		}
		if p < 0 {
			return errUnbounded
		}
		pivot(t, basis, p, q)
	}
	return errNoProgress
}

// pivot makes column q basic in row p.
func pivot(t [][]float64, basis []int, p, q int) {
	row := t[p]
	inv := 1 / row[q]
	for j := range row {
		row[j] *= inv
	}
	row[q] = 1
	for i, ti := range t {
		if i == p || ti[q] == 0 {
			continue
		}
		f := ti[q]
		for j := range ti {
			ti[j] -= f * row[j]
		}
		ti[q] = 0
	}
	basis[p] = q
}
