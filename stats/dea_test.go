package stats_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/pejling/pejling/stats"
)

// TestDEAHandSolved: one input, one output, five units, solved by hand.
//
//	unit  x  y   y/x
//	A     2  2   1
//	B     4  6   1.5   best ratio
//	C     6  7   7/6
//	D     9  8   8/9
//	E     5  3   0.6
//
// CCR: the frontier is the ray through B, so θ_o = (y/x)_o / 1.5 and the reference
// point is B scaled to the unit's output, λ_B = y_o/6:
// A 2/3 (λ_B 1/3), B 1, C 7/9 (λ_B 7/6), D 16/27 (λ_B 4/3), E 0.4 (λ_B 1/2).
//
// BCC: the frontier is the lower-left convex hull A(2,2)–B(4,6)–C(6,7)–D(9,8) (slopes
// 2, 1/2, 1/3, falling, so all four are vertices). A has the smallest input and D the
// largest output (only λ_D = 1 reaches y = 8), so both are efficient; C lies left of
// the chord B–D (x = 6.5 at y = 7). E(5, 3) is projected onto A–B at y = 3:
// λ_A = 3/4, λ_B = 1/4, x = 2.5, so θ_E = 2.5/5 = 0.5.
func TestDEAHandSolved(t *testing.T) {
	x := [][]float64{{2}, {4}, {6}, {9}, {5}}
	y := [][]float64{{2}, {6}, {7}, {8}, {3}}
	t.Run("CCR", func(t *testing.T) {
		got, err := stats.DEA(x, y, stats.ConstantReturns)
		if err != nil {
			t.Fatal(err)
		}
		wantScore := []float64{2.0 / 3, 1, 7.0 / 9, 16.0 / 27, 0.4}
		wantLambdaB := []float64{1.0 / 3, 1, 7.0 / 6, 4.0 / 3, 0.5}
		for o, e := range got {
			if math.Abs(e.Score-wantScore[o]) > 1e-12 {
				t.Errorf("unit %d: θ = %.15g, want %.15g", o, e.Score, wantScore[o])
			}
			want := make([]float64, 5)
			want[1] = wantLambdaB[o]
			if !closeSlices(e.Lambdas, want, 1e-12) {
				t.Errorf("unit %d: λ = %v, want %v", o, e.Lambdas, want)
			}
			if !reflect.DeepEqual(e.Peers, []int{1}) {
				t.Errorf("unit %d: peers %v, want [1]", o, e.Peers)
			}
		}
	})
	t.Run("BCC", func(t *testing.T) {
		got, err := stats.DEA(x, y, stats.VariableReturns)
		if err != nil {
			t.Fatal(err)
		}
		for o, want := range []float64{1, 1, 1, 1, 0.5} {
			if math.Abs(got[o].Score-want) > 1e-12 {
				t.Errorf("unit %d: θ = %.15g, want %g", o, got[o].Score, want)
			}
		}
		for o := range 4 {
			if !reflect.DeepEqual(got[o].Peers, []int{o}) {
				t.Errorf("frontier unit %d: peers %v, want itself", o, got[o].Peers)
			}
		}
		if e := got[4]; !closeSlices(e.Lambdas, []float64{0.75, 0.25, 0, 0, 0}, 1e-12) ||
			!reflect.DeepEqual(e.Peers, []int{0, 1}) {
			t.Errorf("E: λ = %v, peers %v; want λ_A 0.75, λ_B 0.25", e.Lambdas, e.Peers)
		}
	})
}

// TestDEAHospitals: the twelve hospitals of Cooper, Seiford and Tone, Data Envelopment
// Analysis: A Comprehensive Text with Models, Applications, References and DEA-Solver
// Software, 2nd ed., Springer 2007, Table 1.5 (inputs doctors and nurses, outputs
// outpatients and inpatients; the data as shipped in the R package qDEA as CST22 and as
// quoted in its vignette "Practical Applications of qDEA"). The book reports their
// input-oriented CCR scores in chapter 3; as the book was not at hand when this test was
// written, the reference values below were computed elsewhere, exactly, in rational
// arithmetic (Python fractions), by enumerating every vertex of the dual multiplier
// programme — max u·y_o subject to v·x_o = 1, u·y_j ≤ v·x_j for every j, u, v ≥ 0. To
// three decimals: A 1, B 1, C 0.883, D 1, E 0.763, F 0.835, G 0.902, H 0.796, I 0.960,
// J 0.871, K 0.955, L 0.958. We require 1e-9.
func TestDEAHospitals(t *testing.T) {
	x := [][]float64{
		{20, 151}, {19, 131}, {25, 160}, {27, 168}, {22, 158}, {55, 255},
		{33, 235}, {31, 206}, {30, 244}, {50, 268}, {53, 306}, {38, 284},
	}
	y := [][]float64{
		{100, 90}, {150, 50}, {160, 55}, {180, 72}, {94, 66}, {230, 90},
		{220, 88}, {152, 80}, {190, 100}, {250, 100}, {260, 147}, {250, 120},
	}
	want := []float64{
		1, 1, 4237.0 / 4800, 1, 258101.0 / 338050, 3193.0 / 3825,
		46.0 / 51, 177244.0 / 222575, 2449.0 / 2550, 175.0 / 201, 4871.0 / 5100, 619.0 / 646,
	}
	got, err := stats.DEA(x, y, stats.ConstantReturns)
	if err != nil {
		t.Fatal(err)
	}
	for o, e := range got {
		if math.Abs(e.Score-want[o]) > 1e-9 {
			t.Errorf("hospital %c: θ = %.12f, want %.12f", 'A'+o, e.Score, want[o])
		}
	}
	checkReference(t, x, y, got, stats.ConstantReturns)
	vrs, err := stats.DEA(x, y, stats.VariableReturns)
	if err != nil {
		t.Fatal(err)
	}
	checkReference(t, x, y, vrs, stats.VariableReturns)
	for o := range got {
		if vrs[o].Score < got[o].Score-1e-9 {
			t.Errorf("hospital %c: BCC %g below CCR %g", 'A'+o, vrs[o].Score, got[o].Score)
		}
	}
}

// TestDEASingleRatio: with one input and one output the CCR score is the unit's ratio
// over the best ratio, on random data.
func TestDEASingleRatio(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x, y := make([][]float64, 30), make([][]float64, 30)
	var best float64
	for j := range x {
		x[j], y[j] = []float64{1 + 99*rng.Float64()}, []float64{1 + 99*rng.Float64()}
		best = max(best, y[j][0]/x[j][0])
	}
	got, err := stats.DEA(x, y, stats.ConstantReturns)
	if err != nil {
		t.Fatal(err)
	}
	for o, e := range got {
		if want := y[o][0] / x[o][0] / best; math.Abs(e.Score-want) > 1e-9 {
			t.Errorf("unit %d: θ = %.12g, want %.12g", o, e.Score, want)
		}
	}
}

// TestDEAProperties checks, on random data of two inputs and two outputs, what holds for
// any data: scores in (0, 1], some unit on the frontier, a feasible reference point made
// of efficient peers, BCC ≥ CCR, and CCR scores unchanged when inputs are rescaled.
func TestDEAProperties(t *testing.T) {
	x, y := randomUnits(60, 2, 2, 11)
	ccr, err := stats.DEA(x, y, stats.ConstantReturns)
	if err != nil {
		t.Fatal(err)
	}
	bcc, err := stats.DEA(x, y, stats.VariableReturns)
	if err != nil {
		t.Fatal(err)
	}
	for name, res := range map[string][]stats.Efficiency{"CCR": ccr, "BCC": bcc} {
		t.Run(name, func(t *testing.T) {
			rts := stats.ConstantReturns
			if name == "BCC" {
				rts = stats.VariableReturns
			}
			checkReference(t, x, y, res, rts)
			frontier := 0
			for _, e := range res {
				if e.Score == 1 {
					frontier++
				}
			}
			if frontier == 0 {
				t.Error("no unit on the frontier")
			}
		})
	}
	for o := range ccr {
		if bcc[o].Score < ccr[o].Score-1e-9 {
			t.Errorf("unit %d: BCC %g below CCR %g", o, bcc[o].Score, ccr[o].Score)
		}
	}
	t.Run("ScaleInvariance", func(t *testing.T) {
		scaled := make([][]float64, len(x))
		for j, row := range x {
			scaled[j] = []float64{row[0] * 1000, row[1] * 1000}
		}
		again, err := stats.DEA(scaled, y, stats.ConstantReturns)
		if err != nil {
			t.Fatal(err)
		}
		for o := range ccr {
			if math.Abs(again[o].Score-ccr[o].Score) > 1e-9 {
				t.Errorf("unit %d: θ %g after scaling inputs, %g before", o, again[o].Score, ccr[o].Score)
			}
		}
	})
}

// TestDEAShapes runs 1–3 inputs and outputs on 5 to 98 units, with values rounded to
// small integers so that ties and degenerate vertices abound.
func TestDEAShapes(t *testing.T) {
	for in := 1; in <= 3; in++ {
		for out := 1; out <= 3; out++ {
			for _, n := range []int{5, 30, 98} {
				x, y := randomUnits(n, in, out, uint64(100*in+10*out+n))
				for _, rows := range [][][]float64{x, y} {
					for _, row := range rows {
						for i := range row {
							row[i] = math.Ceil(row[i] / 20)
						}
					}
				}
				for _, rts := range []stats.ReturnsToScale{stats.ConstantReturns, stats.VariableReturns} {
					res, err := stats.DEA(x, y, rts)
					if err != nil {
						t.Fatalf("%d inputs, %d outputs, %d units, rts %d: %v", in, out, n, rts, err)
					}
					checkReference(t, x, y, res, rts)
				}
			}
		}
	}
}

// checkReference checks each unit's Efficiency against the constraints of its programme.
func checkReference(t *testing.T, x, y [][]float64, res []stats.Efficiency, rts stats.ReturnsToScale) {
	t.Helper()
	const tol = 1e-9
	if len(res) != len(x) {
		t.Fatalf("%d results for %d units", len(res), len(x))
	}
	for o, e := range res {
		if !(e.Score > 0 && e.Score <= 1) {
			t.Errorf("unit %d: θ = %g outside (0, 1]", o, e.Score)
		}
		if len(e.Lambdas) != len(x) {
			t.Fatalf("unit %d: %d lambdas for %d units", o, len(e.Lambdas), len(x))
		}
		var sum float64
		var peers []int
		for j, l := range e.Lambdas {
			if l < 0 {
				t.Errorf("unit %d: λ_%d = %g < 0", o, j, l)
			}
			if l > 1e-9 {
				peers = append(peers, j)
				if res[j].Score != 1 {
					t.Errorf("unit %d: peer %d has score %g, not on the frontier", o, j, res[j].Score)
				}
			}
			sum += l
		}
		if !reflect.DeepEqual(e.Peers, peers) {
			t.Errorf("unit %d: peers %v, units with λ > 1e-9 %v", o, e.Peers, peers)
		}
		if rts == stats.VariableReturns && math.Abs(sum-1) > tol {
			t.Errorf("unit %d: Σλ = %.12g under variable returns", o, sum)
		}
		for i := range x[o] {
			var ref float64
			for j, l := range e.Lambdas {
				ref += l * x[j][i]
			}
			if ref > e.Score*x[o][i]*(1+tol)+tol {
				t.Errorf("unit %d input %d: Σλx = %.12g > θx = %.12g", o, i, ref, e.Score*x[o][i])
			}
		}
		for r := range y[o] {
			var ref float64
			for j, l := range e.Lambdas {
				ref += l * y[j][r]
			}
			if ref < y[o][r]*(1-tol)-tol {
				t.Errorf("unit %d output %d: Σλy = %.12g < y = %.12g", o, r, ref, y[o][r])
			}
		}
	}
}

// TestDEADegenerate: identical units, collinear units and zero inputs make degenerate
// programmes with many optimal bases; the results must still satisfy every constraint.
func TestDEADegenerate(t *testing.T) {
	x := [][]float64{{2, 0}, {2, 0}, {4, 1}, {6, 2}, {3, 3}, {3, 3}, {1, 5}}
	y := [][]float64{{1}, {1}, {2}, {3}, {2}, {2}, {1}}
	for _, rts := range []stats.ReturnsToScale{stats.ConstantReturns, stats.VariableReturns} {
		res, err := stats.DEA(x, y, rts)
		if err != nil {
			t.Fatal(err)
		}
		checkReference(t, x, y, res, rts)
		if res[0].Score != 1 || res[1].Score != 1 {
			t.Errorf("rts %d: twin frontier units scored %g and %g", rts, res[0].Score, res[1].Score)
		}
	}
	same := [][]float64{{3}, {3}, {3}}
	res, err := stats.DEA(same, same, stats.ConstantReturns)
	if err != nil {
		t.Fatal(err)
	}
	for o, e := range res {
		if e.Score != 1 || !reflect.DeepEqual(e.Peers, []int{o}) {
			t.Errorf("identical unit %d: %+v", o, e)
		}
	}
}

func TestDEABadInput(t *testing.T) {
	good := [][]float64{{1, 2}, {2, 1}}
	out := [][]float64{{1}, {1}}
	for _, tc := range []struct {
		name string
		x, y [][]float64
	}{
		{"NoUnits", nil, nil},
		{"RaggedInputs", [][]float64{{1, 2}, {2}}, out},
		{"RaggedOutputs", good, [][]float64{{1}, {1, 2}}},
		{"LengthMismatch", good, [][]float64{{1}}},
		{"NoInputs", [][]float64{{}, {}}, out},
		{"Negative", [][]float64{{1, -2}, {2, 1}}, out},
		{"NaN", good, [][]float64{{math.NaN()}, {1}}},
		{"Inf", [][]float64{{1, math.Inf(1)}, {2, 1}}, out},
		{"AllInputsZero", [][]float64{{0, 0}, {2, 1}}, out},
		{"AllOutputsZero", good, [][]float64{{0}, {1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := stats.DEA(tc.x, tc.y, stats.ConstantReturns); err == nil {
				t.Error("want an error")
			}
		})
	}
	if _, err := stats.DEA(good, out, stats.ReturnsToScale(7)); err == nil {
		t.Error("unknown returns to scale: want an error")
	}
	// A zero in one input is allowed.
	if _, err := stats.DEA([][]float64{{0, 2}, {2, 1}}, out, stats.VariableReturns); err != nil {
		t.Errorf("one zero input: %v", err)
	}
}

// randomUnits returns n units with inputs in [1, 100] and outputs loosely tied to them.
func randomUnits(n, in, out int, seed uint64) (x, y [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 2))
	for range n {
		xi := make([]float64, in)
		var size float64
		for i := range xi {
			xi[i] = 1 + 99*rng.Float64()
			size += xi[i]
		}
		yi := make([]float64, out)
		for r := range yi {
			yi[r] = size * (0.2 + rng.Float64())
		}
		x, y = append(x, xi), append(y, yi)
	}
	return x, y
}

// BenchmarkDEA98 scores 98 units (Denmark's municipalities) on two inputs and three
// outputs under both returns to scale.
func BenchmarkDEA98(b *testing.B) {
	x, y := randomUnits(98, 2, 3, 3)
	for b.Loop() {
		for _, rts := range []stats.ReturnsToScale{stats.ConstantReturns, stats.VariableReturns} {
			if _, err := stats.DEA(x, y, rts); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func ExampleDEA() {
	// Operating cost (input) and placements (output) of four job centres.
	cost := [][]float64{{10}, {20}, {30}, {40}}
	placed := [][]float64{{5}, {16}, {18}, {20}}
	res, err := stats.DEA(cost, placed, stats.ConstantReturns)
	if err != nil {
		fmt.Println(err)
		return
	}
	for o, e := range res {
		fmt.Printf("centre %d: θ = %.3f, peers %v\n", o, e.Score, e.Peers)
	}
	// Output:
	// centre 0: θ = 0.625, peers [1]
	// centre 1: θ = 1.000, peers [1]
	// centre 2: θ = 0.750, peers [1]
	// centre 3: θ = 0.625, peers [1]
}

func closeSlices(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}
