package stats_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/pejling/pejling/stats"
)

// blobs returns n points around each of the centers, no further than 1 from it.
func blobs(centers [][]float64, n int, seed uint64) ([][]float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	var pts [][]float64
	var truth []int
	for i := range n * len(centers) {
		c := i % len(centers) // interleaved, so cluster order is not the input order
		p := make([]float64, len(centers[c]))
		for d := range p {
			p[d] = centers[c][d] + (rng.Float64()-0.5)*1.2
		}
		pts, truth = append(pts, p), append(truth, c)
	}
	return pts, truth
}

// TestKMeansKnownStructure: three blobs of 20 points in the plane, 10 apart, must come
// out exactly as generated (up to the numbering, which is by first appearance and so
// equals the generator's here), with a fit near 1 — and worse fits for k = 2.
func TestKMeansKnownStructure(t *testing.T) {
	pts, truth := blobs([][]float64{{0, 0}, {10, 0}, {0, 10}}, 20, 7)
	c, err := stats.KMeans(pts, 3, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Assign, truth) {
		t.Fatalf("assignment %v, want %v", c.Assign, truth)
	}
	if fit := 1 - c.WithinSS/c.TotalSS; fit < 0.98 {
		t.Errorf("fit %.3f, want above 0.98", fit)
	}
	two, err := stats.KMeans(pts, 2, 1, 5)
	if err != nil {
		t.Fatal(err)
	}
	if two.WithinSS <= c.WithinSS {
		t.Errorf("k = 2 explains as much as k = 3 (%g ≤ %g)", two.WithinSS, c.WithinSS)
	}
	// Each center is the mean of its points.
	for j, ctr := range c.Centers {
		var sx, sy, n float64
		for i, a := range c.Assign {
			if a == j {
				sx, sy, n = sx+pts[i][0], sy+pts[i][1], n+1
			}
		}
		if math.Abs(ctr[0]-sx/n) > 1e-12 || math.Abs(ctr[1]-sy/n) > 1e-12 {
			t.Errorf("center %d = %v, mean of its points (%g, %g)", j, ctr, sx/n, sy/n)
		}
	}
}

func TestKMeansDeterministic(t *testing.T) {
	pts, _ := blobs([][]float64{{0, 0, 0}, {3, 1, 0}, {1, 3, 2}, {4, 4, 4}}, 25, 3)
	a, err := stats.KMeans(pts, 4, 42, 10)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		b, _ := stats.KMeans(pts, 4, 42, 10)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("the same seed gave another clustering")
		}
	}
}

func TestKMeansBadInput(t *testing.T) {
	pts := [][]float64{{1}, {1}, {1}, {2}}
	for _, k := range []int{0, 5} {
		if _, err := stats.KMeans(pts, k, 1, 1); err == nil {
			t.Errorf("k = %d: want an error", k)
		}
	}
	if _, err := stats.KMeans(pts, 3, 1, 1); err == nil {
		t.Error("3 clusters of 2 distinct points: want an error")
	}
	if c, err := stats.KMeans(pts, 2, 1, 1); err != nil || c.WithinSS != 0 {
		t.Errorf("2 clusters of 2 distinct points: %+v, %v", c, err)
	}
}

func TestZScores(t *testing.T) {
	// mean 5, sample SD √(Σ (v−5)² / 3) = √(20/3).
	z, err := stats.ZScores([]float64{2, 4, 6, 8})
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt(20.0 / 3)
	for i, want := range []float64{-3 / sd, -1 / sd, 1 / sd, 3 / sd} {
		if math.Abs(z[i]-want) > 1e-15 {
			t.Errorf("z[%d] = %g, want %g", i, z[i], want)
		}
	}
	if _, err := stats.ZScores([]float64{3, 3, 3}); err == nil {
		t.Error("equal values: want an error")
	}
	if _, err := stats.ZScores([]float64{3}); err == nil {
		t.Error("one value: want an error")
	}
}

// TestKMeansFrom: three blobs, started from their true partition with every fourth
// point moved to the next cluster, converge to the true partition; WithinSS ends no
// higher than the starting partition's. A Ward cut refined this way stays as it is.
func TestKMeansFrom(t *testing.T) {
	pts, truth := blobs([][]float64{{0, 0}, {10, 0}, {0, 10}}, 20, 7)
	wrong := make([]int, len(truth))
	for i, c := range truth {
		wrong[i] = c
		if i%4 == 0 {
			wrong[i] = (c + 1) % 3
		}
	}
	c, err := stats.KMeansFrom(pts, wrong, 3)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Assign, truth) {
		t.Fatalf("assignment %v, want %v", c.Assign, truth)
	}
	if start := withinSS(pts, wrong); c.WithinSS > start {
		t.Errorf("WithinSS %g above the starting partition's %g", c.WithinSS, start)
	}
	if math.Abs(c.WithinSS-withinSS(pts, truth)) > 1e-9 || math.Abs(c.TotalSS-withinSS(pts, make([]int, len(pts)))) > 1e-9 {
		t.Errorf("WithinSS %g, TotalSS %g do not match the partition", c.WithinSS, c.TotalSS)
	}
	// From many random partitions of some overlapping data, the fit never worsens.
	rough, _ := blobs([][]float64{{0, 0}, {2, 1}, {1, 2}}, 15, 9)
	rng := rand.New(rand.NewPCG(4, 4))
	converged := 0
	for trial := range 20 {
		start := make([]int, len(rough))
		for i := range start {
			start[i] = i % 3 // every cluster non-empty
			if i >= 3 {
				start[i] = rng.IntN(3)
			}
		}
		c, err := stats.KMeansFrom(rough, start, 3)
		if err != nil {
			continue // a cluster may empty from a bad start; that is reported, not hidden
		}
		converged++
		if s := withinSS(rough, start); c.WithinSS > s+1e-9 {
			t.Errorf("trial %d: WithinSS %g above the start's %g", trial, c.WithinSS, s)
		}
	}
	if converged < 15 {
		t.Errorf("only %d of 20 random starts converged", converged)
	}
	d, err := stats.Ward(pts)
	if err != nil {
		t.Fatal(err)
	}
	cut, _ := d.Cut(3)
	refined, err := stats.KMeansFrom(pts, cut, 3)
	if err != nil || !reflect.DeepEqual(refined.Assign, truth) {
		t.Errorf("Ward cut refined: %v, %v; want %v", refined.Assign, err, truth)
	}
}

func TestKMeansFromBadInput(t *testing.T) {
	pts := [][]float64{{0}, {1}, {5}, {6}}
	for _, tc := range []struct {
		name   string
		pts    [][]float64
		assign []int
		k      int
	}{
		{"ZeroK", pts, []int{0, 0, 0, 0}, 0},
		{"NoPoints", nil, nil, 1},
		{"ShortAssign", pts, []int{0, 1}, 2},
		{"LabelTooHigh", pts, []int{0, 0, 1, 2}, 2},
		{"NegativeLabel", pts, []int{0, -1, 1, 1}, 2},
		{"EmptyCluster", pts, []int{0, 0, 2, 2}, 3},
		{"Ragged", [][]float64{{0}, {1, 2}}, []int{0, 1}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := stats.KMeansFrom(tc.pts, tc.assign, tc.k); err == nil {
				t.Error("want an error")
			}
		})
	}
}
