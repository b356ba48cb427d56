package benchmark

import (
	"math"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// RankRow is one municipality's ranks in a period.
type RankRow struct {
	Municipality int
	Cluster      string    // its cluster's label; "" without a grouping
	Values       []float64 // per figure; NaN where empty
	Ranks        []int     // national rank per figure; 0 where empty
	ClusterRanks []int     // rank per figure within the cluster; 0 where empty
	// Overall is the mean of Ranks over the figures, OverallRank its rank (a lower
	// mean rank is better) nationally and within the cluster; all 0 when a figure is
	// empty (see Missing).
	Overall                         float64
	OverallRank, ClusterOverallRank int
	// PreviousOverallRank is the national overall rank in the previous period and
	// Change = PreviousOverallRank − OverallRank (positive: it moved up); both 0 when
	// either period has no overall rank.
	PreviousOverallRank, Change int
	Missing                     []string // the figures without a value
}

// Ranking ranks municipalities per figure and overall.
type Ranking struct {
	Group   pejling.BenefitGroup
	Figures []FigureInfo
	Rows    []RankRow // in municipality code order
}

// Rank ranks the municipalities munis on each figure of cur (for group g) nationally
// and, when peers is not nil, within their clusters, and overall by the mean of the
// national ranks over the figures. Ranks are competition ranks ("1224"): ties share the
// best rank and the next rank skips. A municipality with an empty figure gets no rank
// for it and no overall rank, and Missing says which figure — it is never ranked as if
// the figure were 0. prev (may be nil) is the previous period, for the rank change.
func Rank(cur, prev Values, munis []int, ids []string, g pejling.BenefitGroup, peers *Peers) (*Ranking, error) {
	infos, err := checkFigures(ids, g)
	if err != nil {
		return nil, err
	}
	munis = slices.Clone(munis)
	slices.Sort(munis)
	munis = slices.Compact(munis)
	r := &Ranking{Group: g, Figures: infos, Rows: make([]RankRow, len(munis))}
	cluster := make([]int, len(munis)) // -1 outside the grouping
	for i, m := range munis {
		r.Rows[i] = RankRow{Municipality: m, Values: make([]float64, len(infos)),
			Ranks: make([]int, len(infos)), ClusterRanks: make([]int, len(infos))}
		cluster[i] = -1
		if peers != nil {
			if j, ok := peers.Index(m); ok {
				cluster[i] = peers.Cluster[j]
				r.Rows[i].Cluster = peers.Labels[cluster[i]]
			}
		}
	}
	// overall returns each municipality's sum of ranks over the figures: ranking on the
	// integer sum ranks exactly as the mean does, and equal means tie exactly (a sum of
	// fractions in floating point would split ties by rounding).
	overall := func(v Values) ([]float64, []bool) {
		sums, valid := make([]float64, len(munis)), make([]bool, len(munis))
		for i := range valid {
			valid[i] = true
		}
		for _, f := range infos {
			vals, ok := column(v, munis, g, f.ID)
			for i, rk := range stats.Rank(vals, ok, f.HigherIsBetter) {
				sums[i] += float64(rk)
				valid[i] = valid[i] && ok[i]
			}
		}
		return sums, valid
	}
	for fi, f := range infos {
		vals, ok := column(cur, munis, g, f.ID)
		for i, rk := range stats.Rank(vals, ok, f.HigherIsBetter) {
			r.Rows[i].Ranks[fi] = rk
			r.Rows[i].Values[fi] = math.NaN()
			if ok[i] {
				r.Rows[i].Values[fi] = vals[i]
			} else {
				r.Rows[i].Missing = append(r.Rows[i].Missing, f.ID)
			}
		}
		withinClusters(vals, ok, cluster, f.HigherIsBetter, func(i, rk int) { r.Rows[i].ClusterRanks[fi] = rk })
	}
	sums, valid := overall(cur)
	national := stats.Rank(sums, valid, false)
	for i := range r.Rows {
		if valid[i] {
			r.Rows[i].Overall, r.Rows[i].OverallRank = sums[i]/float64(len(infos)), national[i]
		}
	}
	withinClusters(sums, valid, cluster, false, func(i, rk int) { r.Rows[i].ClusterOverallRank = rk })
	if prev != nil {
		pm, pv := overall(prev)
		for i, rk := range stats.Rank(pm, pv, false) {
			if rk > 0 && r.Rows[i].OverallRank > 0 {
				r.Rows[i].PreviousOverallRank, r.Rows[i].Change = rk, rk-r.Rows[i].OverallRank
			}
		}
	}
	return r, nil
}

// column returns figure id of group g for each municipality, and whether it is there.
func column(v Values, munis []int, g pejling.BenefitGroup, id string) ([]float64, []bool) {
	vals, ok := make([]float64, len(munis)), make([]bool, len(munis))
	for i, m := range munis {
		vals[i], ok[i] = v.Get(m, g, id)
	}
	return vals, ok
}

// withinClusters ranks values within each cluster and calls set with each rank.
func withinClusters(vals []float64, ok []bool, cluster []int, higherIsBetter bool, set func(i, rank int)) {
	seen := map[int]bool{}
	for _, c := range cluster {
		if c < 0 || seen[c] {
			continue
		}
		seen[c] = true
		var idx []int
		var vs []float64
		var oks []bool
		for i, ci := range cluster {
			if ci == c {
				idx, vs, oks = append(idx, i), append(vs, vals[i]), append(oks, ok[i])
			}
		}
		for j, rk := range stats.Rank(vs, oks, higherIsBetter) {
			set(idx[j], rk)
		}
	}
}
