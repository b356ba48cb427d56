package stats_test

import (
	"math"
	"testing"

	"github.com/pejling/pejling/stats"
)

// TestNearestNeighbours is worked by hand. From point 0 = (0, 0): point 1 (3, 4) is at
// 5 with shares 9/25 and 16/25; point 2 (0, 2) at 2, all from the second variable;
// point 3 (−2, 0) at 2 too (a tie, kept in index order); point 4 (6, 8) at 10.
func TestNearestNeighbours(t *testing.T) {
	pts := [][]float64{{0, 0}, {3, 4}, {0, 2}, {-2, 0}, {6, 8}}
	ns := stats.NearestNeighbours(pts, 0, 3, nil)
	want := []stats.Neighbour{
		{Index: 2, Distance: 2, Share: []float64{0, 1}},
		{Index: 3, Distance: 2, Share: []float64{1, 0}},
		{Index: 1, Distance: 5, Share: []float64{9.0 / 25, 16.0 / 25}},
	}
	if len(ns) != len(want) {
		t.Fatalf("%d neighbours, want %d", len(ns), len(want))
	}
	for n, w := range want {
		g := ns[n]
		if g.Index != w.Index || math.Abs(g.Distance-w.Distance) > 1e-15 ||
			math.Abs(g.Share[0]-w.Share[0]) > 1e-15 || math.Abs(g.Share[1]-w.Share[1]) > 1e-15 {
			t.Errorf("neighbour %d = %+v, want %+v", n, g, w)
		}
	}
	// Weight 4 on the first variable: (−2, 0) is then at √(4·4) = 4, (0, 2) stays at 2,
	// (3, 4) at √(4·9 + 16) = √52.
	ns = stats.NearestNeighbours(pts, 0, 10, []float64{4, 1})
	if len(ns) != 4 || ns[0].Index != 2 || ns[1].Index != 3 || ns[1].Distance != 4 ||
		math.Abs(ns[2].Distance-math.Sqrt(52)) > 1e-15 || ns[3].Index != 4 {
		t.Fatalf("weighted: %+v", ns)
	}
	// A duplicate point is at distance 0 with shares 0.
	ns = stats.NearestNeighbours([][]float64{{1, 1}, {1, 1}}, 0, 1, nil)
	if ns[0].Distance != 0 || ns[0].Share[0] != 0 || ns[0].Share[1] != 0 {
		t.Fatalf("duplicate: %+v", ns)
	}
}

func TestNearestNeighboursMisuse(t *testing.T) {
	for name, f := range map[string]func(){
		"IndexOutOfRange": func() { stats.NearestNeighbours([][]float64{{1}}, 1, 1, nil) },
		"NegativeK":       func() { stats.NearestNeighbours([][]float64{{1}, {2}}, 0, -1, nil) },
		"WeightsWidth":    func() { stats.NearestNeighbours([][]float64{{1}, {2}}, 0, 1, []float64{1, 1}) },
		"NegativeWeight":  func() { stats.NearestNeighbours([][]float64{{1}, {2}}, 0, 1, []float64{-1}) },
		"RowWidths":       func() { stats.NearestNeighbours([][]float64{{1}, {2, 3}}, 0, 1, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("want a panic")
				}
			}()
			f()
		})
	}
}
