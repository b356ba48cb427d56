package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Clustering is a partition of points into clusters.
type Clustering struct {
	Assign  []int       // cluster of each point; clusters are numbered in the order their first point appears
	Centers [][]float64 // mean of each cluster's points
	// WithinSS is Σ over points of the squared distance to their center, TotalSS the
	// same to the mean of all points; 1 − WithinSS/TotalSS is the share of the spread
	// the clustering explains, a measure of fit to compare values of k.
	WithinSS, TotalSS float64
}

// KMeans partitions points (rows, all of one width) into k clusters minimising WithinSS:
// k-means++ seeding (Arthur and Vassilvitskii 2007: each next center drawn with
// probability proportional to the squared distance to the nearest center so far), then
// Lloyd's iterations until no point changes cluster. It runs restarts times from one
// PCG stream seeded with seed and keeps the best, so the result is the same for the same
// seed. It returns an error when k < 1 or k exceeds the number of distinct points.
func KMeans(points [][]float64, k int, seed uint64, restarts int) (Clustering, error) {
	if k < 1 || k > len(points) {
		return Clustering{}, errors.New("stats: KMeans needs 1 ≤ k ≤ the number of points")
	}
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	var best Clustering
	for r := range max(1, restarts) {
		c, ok := lloyd(points, k, seedCenters(points, k, rng))
		if !ok {
			return Clustering{}, errors.New("stats: KMeans: fewer distinct points than clusters")
		}
		if r == 0 || c.WithinSS < best.WithinSS {
			best = c
		}
	}
	best.TotalSS = totalSS(points)
	return relabel(best), nil
}

// KMeansFrom runs Lloyd's iterations, as KMeans does, from the given partition instead
// of k-means++ seeds: the first centers are the means of the clusters in assign (0..k−1,
// one per point). Each iteration lowers WithinSS or leaves it, so the result fits at
// least as well as the partition it starts from; this refines, for example, a cut of a
// Ward dendrogram, as the IAB does for its comparison types of German job centres. It
// returns an error when k < 1, assign and points differ in length, rows differ in
// width, a label is outside 0..k−1, a cluster is empty, or one empties on the way.
func KMeansFrom(points [][]float64, assign []int, k int) (Clustering, error) {
	if k < 1 || len(points) == 0 || len(assign) != len(points) {
		return Clustering{}, errors.New("stats: KMeansFrom needs k ≥ 1 and one label for each of at least one point")
	}
	dim := len(points[0])
	centers := make([][]float64, k)
	for j := range centers {
		centers[j] = make([]float64, dim)
	}
	counts := make([]int, k)
	for i, p := range points {
		a := assign[i]
		if len(p) != dim {
			return Clustering{}, fmt.Errorf("stats: KMeansFrom: point %d has %d coordinates, point 0 has %d", i, len(p), dim)
		}
		if a < 0 || a >= k {
			return Clustering{}, fmt.Errorf("stats: KMeansFrom: point %d is in cluster %d, want 0..%d", i, a, k-1)
		}
		counts[a]++
		for d, v := range p {
			centers[a][d] += v
		}
	}
	for j, c := range centers {
		if counts[j] == 0 {
			return Clustering{}, fmt.Errorf("stats: KMeansFrom: cluster %d is empty", j)
		}
		for d := range c {
			c[d] /= float64(counts[j])
		}
	}
	c, ok := lloyd(points, k, centers)
	if !ok {
		return Clustering{}, errors.New("stats: KMeansFrom: a cluster emptied during the iterations")
	}
	c.TotalSS = totalSS(points)
	return relabel(c), nil
}

// seedCenters picks k centers by k-means++.
func seedCenters(points [][]float64, k int, rng *rand.Rand) [][]float64 {
	centers := [][]float64{points[rng.IntN(len(points))]}
	d2 := make([]float64, len(points))
	for len(centers) < k {
		var sum float64
		for i, p := range points {
			d2[i] = math.Inf(1)
			for _, c := range centers {
				d2[i] = min(d2[i], sqDist(p, c))
			}
			sum += d2[i]
		}
		if sum == 0 {
			break // every point is a center already: too few distinct points
		}
		u := rng.Float64() * sum
		i := 0
		for ; i < len(points)-1; i++ {
			if u -= d2[i]; u < 0 {
				break
			}
		}
		centers = append(centers, points[i])
	}
	return centers
}

// lloyd iterates assignment and update from centers; false when a cluster ends empty or
// seeding found fewer than k distinct points.
func lloyd(points [][]float64, k int, seeds [][]float64) (Clustering, bool) {
	if len(seeds) < k {
		return Clustering{}, false
	}
	dim := len(points[0])
	centers := make([][]float64, k)
	for j := range centers {
		centers[j] = append([]float64(nil), seeds[j]...)
	}
	assign := make([]int, len(points))
	for i := range assign {
		assign[i] = -1
	}
	for range 300 {
		changed := false
		for i, p := range points {
			bj, bd := 0, math.Inf(1)
			for j, c := range centers {
				if d := sqDist(p, c); d < bd {
					bj, bd = j, d
				}
			}
			if assign[i] != bj {
				assign[i], changed = bj, true
			}
		}
		counts := make([]int, k)
		for j := range centers {
			clear(centers[j])
		}
		for i, p := range points {
			counts[assign[i]]++
			for d := range dim {
				centers[assign[i]][d] += p[d]
			}
		}
		for j := range centers {
			if counts[j] == 0 {
				return Clustering{}, false
			}
			for d := range dim {
				centers[j][d] /= float64(counts[j])
			}
		}
		if !changed {
			break
		}
	}
	c := Clustering{Assign: assign, Centers: centers}
	for i, p := range points {
		c.WithinSS += sqDist(p, centers[assign[i]])
	}
	return c, true
}

// relabel numbers the clusters in the order their first point appears.
func relabel(c Clustering) Clustering {
	label := map[int]int{}
	for _, a := range c.Assign {
		if _, ok := label[a]; !ok {
			label[a] = len(label)
		}
	}
	centers := make([][]float64, len(c.Centers))
	for old, nu := range label {
		centers[nu] = c.Centers[old]
	}
	for i, a := range c.Assign {
		c.Assign[i] = label[a]
	}
	c.Centers = centers
	return c
}

func totalSS(points [][]float64) float64 {
	mean := make([]float64, len(points[0]))
	for _, p := range points {
		for d, v := range p {
			mean[d] += v / float64(len(points))
		}
	}
	var s float64
	for _, p := range points {
		s += sqDist(p, mean)
	}
	return s
}

func sqDist(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return s
}

// ZScores returns (v − mean)/sd of each value, sd the sample standard deviation
// (n − 1), so that variables of different units weigh alike in a distance. It returns
// an error when fewer than two values are given or all are equal.
func ZScores(values []float64) ([]float64, error) {
	n := float64(len(values))
	if n < 2 {
		return nil, errors.New("stats: ZScores needs at least two values")
	}
	var mean, ss float64
	for _, v := range values {
		mean += v / n
	}
	for _, v := range values {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	if sd == 0 {
		return nil, errors.New("stats: ZScores of values that are all equal")
	}
	z := make([]float64, len(values))
	for i, v := range values {
		z[i] = (v - mean) / sd
	}
	return z, nil
}
