package stats

import (
	"errors"
	"fmt"
	"math"
)

// Merge is one step of an agglomerative clustering.
type Merge struct {
	A, B   int     // the clusters joined, A < B: ids 0..n−1 are the points, n+i the cluster formed by merge i
	Height float64 // the increase in the within-cluster sum of squares the merge causes
	Size   int     // the number of points in the merged cluster
}

// Dendrogram is the full merge history of N points: N−1 merges, in order.
type Dendrogram struct {
	N      int
	Merges []Merge
}

// Ward clusters points (rows, all of one width) by Ward's minimum-variance method
// (Ward 1963): starting from single points, it repeatedly merges the two clusters whose
// merger increases the within-cluster sum of squares least. That increase is
//
//	Δ(A, B) = n_A n_B / (n_A + n_B) · ‖mean_A − mean_B‖²,
//
// which is what Height holds, so the Heights of all merges add up to the total sum of
// squares about the mean of all points, and the Heights of the first N−k merges to the
// within-cluster sum of squares of the k clusters they leave. Δ starts as half the
// squared Euclidean distance between two points and is updated after each merge by the
// Lance–Williams formula for Ward's method (Lance and Williams 1967),
//
//	Δ(K, A∪B) = ((n_A+n_K) Δ(K,A) + (n_B+n_K) Δ(K,B) − n_K Δ(A,B)) / (n_A+n_B+n_K).
//
// Of pairs with the same Δ, the one with the lowest smaller id is merged first, then the
// one with the lowest larger id, so the result does not depend on map order or chance.
// It keeps the n(n−1)/2 distances (O(n²) memory) and scans them once per merge (O(n³)
// time, a few milliseconds for a hundred points). It returns an error when there are no
// points, rows differ in width or have none, or a value is NaN or infinite.
func Ward(points [][]float64) (Dendrogram, error) {
	n := len(points)
	if n == 0 {
		return Dendrogram{}, errors.New("stats: Ward with no points")
	}
	dim := len(points[0])
	if dim == 0 {
		return Dendrogram{}, errors.New("stats: Ward with points of no coordinates")
	}
	for i, p := range points {
		if len(p) != dim {
			return Dendrogram{}, fmt.Errorf("stats: Ward: point %d has %d coordinates, point 0 has %d", i, len(p), dim)
		}
		for _, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Dendrogram{}, fmt.Errorf("stats: Ward: point %d has the value %g", i, v)
			}
		}
	}
	// at(i, j), i < j, indexes the condensed upper triangle of slot distances.
	at := func(i, j int) int { return i*n - i*(i+1)/2 + j - i - 1 }
	delta := make([]float64, n*(n-1)/2)
	for i := range n {
		for j := i + 1; j < n; j++ {
			delta[at(i, j)] = sqDist(points[i], points[j]) / 2
		}
	}
	// Slot s holds cluster id[s] of size[s] points while active[s].
	id := make([]int, n)
	size := make([]int, n)
	active := make([]bool, n)
	for s := range n {
		id[s], size[s], active[s] = s, 1, true
	}
	d := Dendrogram{N: n, Merges: make([]Merge, 0, n-1)}
	for step := range n - 1 {
		p, q := -1, -1
		var best float64
		var bestLo, bestHi int
		for i := range n {
			if !active[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if !active[j] {
					continue
				}
				v := delta[at(i, j)]
				lo, hi := min(id[i], id[j]), max(id[i], id[j])
				if p < 0 || v < best || (v == best && (lo < bestLo || (lo == bestLo && hi < bestHi))) {
					p, q, best, bestLo, bestHi = i, j, v, lo, hi
				}
			}
		}
		np, nq := float64(size[p]), float64(size[q])
		for k := range n {
			if !active[k] || k == p || k == q {
				continue
			}
			nk := float64(size[k])
			kp, kq := delta[at(min(k, p), max(k, p))], delta[at(min(k, q), max(k, q))]
			delta[at(min(k, p), max(k, p))] = max(0, ((np+nk)*kp+(nq+nk)*kq-nk*best)/(np+nq+nk))
		}
		d.Merges = append(d.Merges, Merge{A: bestLo, B: bestHi, Height: best, Size: size[p] + size[q]})
		id[p], size[p], active[q] = n+step, size[p]+size[q], false
	}
	return d, nil
}

// Cut returns the cluster of every point when the dendrogram is cut into k clusters, that
// is after its first N−k merges; clusters are numbered 0..k−1 in the order of their first
// point. It returns an error when k is not in 1..N or the merges are not a valid history
// of N points.
func (d Dendrogram) Cut(k int) ([]int, error) {
	n := d.N
	if n < 1 || len(d.Merges) != n-1 {
		return nil, fmt.Errorf("stats: Cut of a dendrogram of %d points with %d merges", n, len(d.Merges))
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("stats: Cut into %d clusters of %d points, want 1 ≤ k ≤ %d", k, n, n)
	}
	parent := make([]int, 2*n-1)
	for i := range parent {
		parent[i] = -1
	}
	for i, m := range d.Merges[:n-k] {
		if m.A < 0 || m.B < 0 || m.A >= n+i || m.B >= n+i || m.A == m.B || parent[m.A] >= 0 || parent[m.B] >= 0 {
			return nil, fmt.Errorf("stats: Cut: merge %d joins %d and %d, not two current clusters", i, m.A, m.B)
		}
		parent[m.A], parent[m.B] = n+i, n+i
	}
	labels := make([]int, n)
	label := map[int]int{}
	for i := range n {
		r := i
		for parent[r] >= 0 {
			r = parent[r]
		}
		l, ok := label[r]
		if !ok {
			l = len(label)
			label[r] = l
		}
		labels[i] = l
	}
	return labels, nil
}
