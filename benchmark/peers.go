package benchmark

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// The peer methods.
const (
	// MethodIAB is the default, after Germany's IAB comparison types (Vergleichstypen
	// of the SGB II job centres; Dauth, Hirschenauer and Rüb): a regression of a target
	// figure on the standardised framework variables picks the variables that matter
	// (backward elimination until every |t| ≥ 2) and weighs each by its standardised
	// coefficient; Ward's method on the weighted variables forms the types, k-means
	// refines them, and a municipality's peers are its nearest neighbours under the
	// same weights, so one at the edge of its type is compared with its true neighbours.
	MethodIAB = "iab"
	// MethodKMeans clusters the standardised variables, equally weighted, by k-means
	// (k-means++ seeding, fixed seed, restarts).
	MethodKMeans = "kmeans"
	// MethodWard clusters them by Ward's minimum-variance hierarchy cut at k.
	MethodWard = "ward"
	// MethodOfficial takes the clusters as given (a CSV of municipality, cluster, or
	// Statistics Denmark's five municipality groups); neighbours are equally weighted.
	MethodOfficial = "official"
)

// PeerOptions chooses how peers are formed.
type PeerOptions struct {
	Method     string   // MethodIAB when empty
	Variables  []string // candidate variables; DefaultVariables when empty
	Year       int      // the year of the framework variables
	K          int      // number of clusters; DefaultK when 0
	Neighbours int      // peers per municipality; DefaultNeighbours when 0
	Seed       uint64   // k-means seed
	// Target is the figure value per municipality the IAB method regresses on (its
	// name in TargetName); without it every variable weighs the same.
	Target     map[int]float64
	TargetName string
	// Official are the clusters of MethodOfficial, municipality → cluster label.
	Official map[int]string
}

// The defaults: six types of about 16 municipalities each — enough members to compare
// with, few enough to be alike — and five nearest neighbours, the size of the reference
// groups the Danish agency STAR used for its framework comparison.
const (
	DefaultK          = 6
	DefaultNeighbours = 5
	DefaultSeed       = 1
	minAbsT           = 2.0 // backward elimination keeps variables with |t| ≥ 2 (≈ 5 % level)
)

// Variable is a framework variable as a peer method uses it.
type Variable struct {
	Name   string
	Weight float64 // share of the distance, Σ = 1
	Coef   float64 // standardised regression coefficient (IAB); 0 otherwise
	T      float64 // its t value (IAB)
	Years  []int   // the years its values came from
	Mean   float64 // mean of the (logged) values, to read z-scores back
	SD     float64
}

// KFit is the fit of a clustering with k clusters: the share of the spread it explains
// (1 − within/total sum of squares) and the Calinski–Harabasz index (between-cluster
// over within-cluster variance per degree of freedom; higher is a better-separated k).
type KFit struct {
	K                 int
	WithinSS, TotalSS float64
	R2                float64
	CalinskiHarabasz  float64
}

// Peer is one of a municipality's nearest neighbours.
type Peer struct {
	Municipality int
	Distance     float64
	Drivers      []Driver // what the two differ in, the largest part of the distance first
}

// Driver is one variable's part of the squared distance between two municipalities.
type Driver struct {
	Variable  string
	Share     float64 // of the squared distance
	Own, Peer float64 // the published values
}

// Peers is a peer grouping of the municipalities of one year.
type Peers struct {
	Method         string
	Year           int
	Variables      []Variable // the variables used, with their weights
	Dropped        []Variable // candidates the IAB regression dropped (|t| < 2)
	TargetName     string     // IAB: the figure the weights come from
	TargetR2       float64    // IAB: R² of the final regression
	K              int
	Fit            []KFit // for k = 2 … 12 (not for MethodOfficial)
	Labels         []string
	Municipalities []int
	Cluster        []int    // index into Labels per municipality
	Neighbours     [][]Peer // per municipality
	LeftOut        []LeftOut

	design *Design
	weight []float64 // per design column; 0 for dropped variables
}

// NewPeers forms peer groups for the municipalities munis from the framework data fw.
func NewPeers(fw *Framework, munis []int, o PeerOptions) (*Peers, error) {
	if o.Method == "" {
		o.Method = MethodIAB
	}
	if len(o.Variables) == 0 {
		o.Variables = DefaultVariables
	}
	if o.K == 0 {
		o.K = DefaultK
	}
	if o.Neighbours == 0 {
		o.Neighbours = DefaultNeighbours
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	switch o.Method {
	case MethodIAB, MethodKMeans, MethodWard, MethodOfficial:
	default:
		return nil, pejling.Errorf(pejling.EINVALID, "unknown peer method %q (iab, kmeans, ward or official)", pejling.Clip(o.Method))
	}
	if o.Neighbours < 1 {
		return nil, pejling.Errorf(pejling.EINVALID, "neighbours must be at least 1, not %d", o.Neighbours)
	}
	d, err := fw.Design(munis, o.Variables, o.Year)
	if err != nil {
		return nil, err
	}
	p := &Peers{Method: o.Method, Year: o.Year, LeftOut: d.LeftOut, design: d, K: o.K}
	if o.Method == MethodOfficial {
		p.dropUnclustered(o.Official)
	}
	if o.Neighbours >= len(d.Municipalities) {
		return nil, pejling.Errorf(pejling.EINVALID, "%d neighbours asked for among %d municipalities", o.Neighbours, len(d.Municipalities))
	}
	p.Municipalities = d.Municipalities
	p.weight = make([]float64, len(d.Variables))
	for j := range p.weight {
		p.weight[j] = 1 / float64(len(p.weight))
	}
	var coef map[string][2]float64
	if o.Method == MethodIAB && len(o.Target) > 0 {
		if coef, err = p.regressionWeights(o.Target, o.TargetName); err != nil {
			return nil, err
		}
	}
	for j, v := range d.Variables {
		vr := Variable{Name: v, Weight: p.weight[j], Coef: coef[v][0], T: coef[v][1], Years: d.Years[j], Mean: d.Mean[j], SD: d.SD[j]}
		if p.weight[j] == 0 {
			p.Dropped = append(p.Dropped, vr)
			continue
		}
		p.Variables = append(p.Variables, vr)
	}
	// Weighted points: √w_v z_v, so that Euclidean distance is the weighted one.
	pts := make([][]float64, len(d.Z))
	for i, z := range d.Z {
		pts[i] = make([]float64, len(z))
		for j := range z {
			pts[i][j] = math.Sqrt(p.weight[j]) * z[j]
		}
	}
	if o.Method != MethodOfficial {
		if o.K < 1 || o.K > len(pts)-1 {
			return nil, pejling.Errorf(pejling.EINVALID, "k must be between 1 and %d, not %d", len(pts)-1, o.K)
		}
		if err := p.cluster(pts, o); err != nil {
			return nil, err
		}
	}
	p.Neighbours = make([][]Peer, len(pts))
	for i := range pts {
		for _, n := range stats.NearestNeighbours(pts, i, o.Neighbours, nil) {
			peer := Peer{Municipality: d.Municipalities[n.Index], Distance: n.Distance}
			for j, s := range n.Share {
				if p.weight[j] == 0 {
					continue
				}
				peer.Drivers = append(peer.Drivers, Driver{Variable: d.Variables[j], Share: s, Own: d.Raw[i][j], Peer: d.Raw[n.Index][j]})
			}
			slices.SortStableFunc(peer.Drivers, func(a, b Driver) int { return cmp.Compare(b.Share, a.Share) })
			p.Neighbours[i] = append(p.Neighbours[i], peer)
		}
	}
	return p, nil
}

// dropUnclustered keeps the municipalities with an official cluster and labels them.
func (p *Peers) dropUnclustered(official map[int]string) {
	d := p.design
	keep := d.Municipalities[:0:0]
	var raw, z [][]float64
	for i, m := range d.Municipalities {
		label, ok := official[m]
		if !ok {
			p.LeftOut = append(p.LeftOut, LeftOut{m, "no official cluster given"})
			continue
		}
		keep, raw, z = append(keep, m), append(raw, d.Raw[i]), append(z, d.Z[i])
		c := slices.Index(p.Labels, label)
		if c < 0 {
			c = len(p.Labels)
			p.Labels = append(p.Labels, label)
		}
		p.Cluster = append(p.Cluster, c)
	}
	d.Municipalities, d.Raw, d.Z = keep, raw, z
	p.K = len(p.Labels)
}

// regressionWeights fits the target on the standardised variables, drops the least
// significant variable while any has |t| < 2 (keeping at least two), and weighs the
// rest by |standardised coefficient| / Σ|standardised coefficient|. It returns each
// variable's coefficient and t value in its last fit.
func (p *Peers) regressionWeights(target map[int]float64, name string) (map[string][2]float64, error) {
	d := p.design
	var rows []int
	var y []float64
	for i, m := range d.Municipalities {
		if v, ok := target[m]; ok && !math.IsNaN(v) {
			rows, y = append(rows, i), append(y, v)
		}
	}
	if len(rows) < len(d.Variables)+3 {
		return nil, pejling.Errorf(pejling.EINVALID, "the IAB method needs %s for at least %d municipalities, it has %d", name, len(d.Variables)+3, len(rows))
	}
	zy, err := stats.ZScores(y)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "%s is the same for every municipality; it cannot weigh the variables", name)
	}
	keep := make([]int, len(d.Variables))
	for j := range keep {
		keep[j] = j
	}
	coef := map[string][2]float64{}
	for {
		x := make([][]float64, len(rows))
		for r, i := range rows {
			x[r] = make([]float64, len(keep))
			for c, j := range keep {
				x[r][c] = d.Z[i][j]
			}
		}
		fit, err := stats.FitOLS(x, zy)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "regression of %s on the framework variables: %v", name, err)
		}
		worst, worstT := -1, math.Inf(1)
		for c, j := range keep {
			t := fit.Coef[c+1] / fit.StdErr[c+1]
			coef[d.Variables[j]] = [2]float64{fit.Coef[c+1], t}
			if math.Abs(t) < worstT {
				worst, worstT = c, math.Abs(t)
			}
		}
		if worstT >= minAbsT || len(keep) <= 2 {
			p.TargetName, p.TargetR2 = name, fit.R2
			break
		}
		keep = slices.Delete(keep, worst, worst+1)
	}
	var sum float64
	for _, j := range keep {
		sum += math.Abs(coef[d.Variables[j]][0])
	}
	for j := range p.weight {
		p.weight[j] = 0
	}
	for _, j := range keep {
		p.weight[j] = math.Abs(coef[d.Variables[j]][0]) / sum
	}
	return coef, nil
}

// cluster partitions the weighted points into o.K clusters by the method, and records
// the fit of every k from 2 to 12 by the same method.
func (p *Peers) cluster(pts [][]float64, o PeerOptions) error {
	var tree stats.Dendrogram
	if o.Method != MethodKMeans {
		var err error
		if tree, err = stats.Ward(pts); err != nil {
			return err
		}
	}
	partition := func(k int) ([]int, error) {
		switch o.Method {
		case MethodKMeans:
			c, err := stats.KMeans(pts, k, o.Seed, 20)
			return c.Assign, err
		case MethodWard:
			return tree.Cut(k)
		default: // IAB: Ward, refined by k-means
			a, err := tree.Cut(k)
			if err != nil {
				return nil, err
			}
			c, err := stats.KMeansFrom(pts, a, k)
			return c.Assign, err
		}
	}
	for k := 2; k <= min(12, len(pts)-1); k++ {
		a, err := partition(k)
		if err != nil {
			return err
		}
		p.Fit = append(p.Fit, fitOf(pts, a, k))
	}
	a, err := partition(o.K)
	if err != nil {
		return err
	}
	p.Cluster = a
	p.Labels = make([]string, o.K)
	for c := range p.Labels {
		p.Labels[c] = fmt.Sprint(c + 1)
	}
	return nil
}

// fitOf measures a partition into k clusters.
func fitOf(pts [][]float64, assign []int, k int) KFit {
	dim := len(pts[0])
	centers := make([][]float64, k)
	count := make([]int, k)
	mean := make([]float64, dim)
	for c := range centers {
		centers[c] = make([]float64, dim)
	}
	for i, x := range pts {
		count[assign[i]]++
		for j, v := range x {
			centers[assign[i]][j] += v
			mean[j] += v / float64(len(pts))
		}
	}
	for c := range centers {
		for j := range centers[c] {
			if count[c] > 0 {
				centers[c][j] /= float64(count[c])
			}
		}
	}
	f := KFit{K: k}
	for i, x := range pts {
		for j, v := range x {
			f.WithinSS += (v - centers[assign[i]][j]) * (v - centers[assign[i]][j])
			f.TotalSS += (v - mean[j]) * (v - mean[j])
		}
	}
	if f.TotalSS > 0 {
		f.R2 = 1 - f.WithinSS/f.TotalSS
	}
	if n := len(pts); k > 1 && n > k && f.WithinSS > 0 {
		f.CalinskiHarabasz = ((f.TotalSS - f.WithinSS) / float64(k-1)) / (f.WithinSS / float64(n-k))
	}
	return f
}

// Index returns municipality m's position in Municipalities.
func (p *Peers) Index(m int) (int, bool) { return p.design.Index(m) }

// Of returns municipality m's peers, nearest first.
func (p *Peers) Of(m int) ([]Peer, bool) {
	i, ok := p.Index(m)
	if !ok {
		return nil, false
	}
	return p.Neighbours[i], true
}

// ClusterMembers returns the municipalities in m's cluster, m included, in code order.
func (p *Peers) ClusterMembers(m int) []int {
	i, ok := p.Index(m)
	if !ok {
		return nil
	}
	var out []int
	for j, c := range p.Cluster {
		if c == p.Cluster[i] {
			out = append(out, p.Municipalities[j])
		}
	}
	return out
}

// ClusterOf returns the label of m's cluster.
func (p *Peers) ClusterOf(m int) (string, bool) {
	i, ok := p.Index(m)
	if !ok {
		return "", false
	}
	return p.Labels[p.Cluster[i]], true
}

// Raw returns m's published value of a variable used.
func (p *Peers) Raw(m int, variable string) (float64, bool) {
	i, ok := p.Index(m)
	j := slices.Index(p.design.Variables, variable)
	if !ok || j < 0 {
		return 0, false
	}
	return p.design.Raw[i][j], true
}

// Average returns the mean published value of a variable over the municipalities ms
// (those of the grouping; others are skipped).
func (p *Peers) Average(ms []int, variable string) float64 {
	var s float64
	var n int
	for _, m := range ms {
		if v, ok := p.Raw(m, variable); ok {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}
