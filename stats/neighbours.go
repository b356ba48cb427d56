package stats

import (
	"cmp"
	"math"
	"slices"
)

// Neighbour is one of a point's nearest neighbours.
type Neighbour struct {
	Index    int     // the neighbour's row in points
	Distance float64 // √Σ_v w_v (a_v − b_v)²
	// Share is, per variable, its part of the squared distance,
	// w_v (a_v − b_v)² / Distance² (all 0 at distance 0): what makes the two differ,
	// for saying in words why a municipality is or is not a peer.
	Share []float64
}

// NearestNeighbours returns the k points nearest to points[i] by weighted Euclidean
// distance, d(a, b)² = Σ_v w_v (a_v − b_v)², leaving out i itself; nearest first, ties
// by the lower index. weights nil weighs every variable 1. Standardise the variables
// first (ZScores) so that units do not decide. It panics on caller misuse: i out of
// range, k < 0, rows or weights of the wrong width, a negative weight.
func NearestNeighbours(points [][]float64, i, k int, weights []float64) []Neighbour {
	if i < 0 || i >= len(points) || k < 0 {
		panic("stats: NearestNeighbours with i out of range or k < 0")
	}
	dim := len(points[i])
	if weights == nil {
		weights = make([]float64, dim)
		for v := range weights {
			weights[v] = 1
		}
	}
	if len(weights) != dim {
		panic("stats: NearestNeighbours with weights of the wrong width")
	}
	for _, w := range weights {
		if w < 0 || math.IsNaN(w) {
			panic("stats: NearestNeighbours with a negative weight")
		}
	}
	ns := make([]Neighbour, 0, len(points)-1)
	for j, p := range points {
		if j == i {
			continue
		}
		if len(p) != dim {
			panic("stats: NearestNeighbours with rows of different widths")
		}
		share := make([]float64, dim)
		var d2 float64
		for v := range dim {
			diff := points[i][v] - p[v]
			share[v] = weights[v] * diff * diff
			d2 += share[v]
		}
		for v := range share {
			if d2 > 0 {
				share[v] /= d2
			} else {
				share[v] = 0
			}
		}
		ns = append(ns, Neighbour{Index: j, Distance: math.Sqrt(d2), Share: share})
	}
	slices.SortStableFunc(ns, func(a, b Neighbour) int { return cmp.Compare(a.Distance, b.Distance) })
	return ns[:min(k, len(ns))]
}
