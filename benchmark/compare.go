package benchmark

import (
	"math"
	"slices"

	"github.com/pejling/pejling"
)

// The kinds of reference a municipality is compared with.
const (
	RefMunicipality = "municipality" // one other municipality
	RefPeers        = "peers"        // the mean of its nearest neighbours
	RefCluster      = "cluster"      // the mean of the other members of its cluster
	RefCountry      = "country"      // the whole country (municipality `all`)
)

// Reference is what a municipality is set beside.
type Reference struct {
	Kind         string
	Municipality int // for RefMunicipality
}

// CompareRow is one group × figure of a comparison. Reference is the other
// municipality's value, the country's value (pooled: all persons of the country taken
// together, §8), or the unweighted mean of the peers' or cluster members' values (each
// municipality counts once, as in a ranking). NaN is an empty value.
type CompareRow struct {
	Group      pejling.BenefitGroup
	Figure     string
	Value      float64
	Reference  float64
	Difference float64 // Value − Reference; NaN when either is empty
	// Better is "better", "worse" or "same" by the figure's direction; "" when a
	// value is empty.
	Better string
}

// Comparison sets a municipality beside a reference.
type Comparison struct {
	Municipality int
	Reference    Reference
	Members      []int // the municipalities the reference is made of (none for the country)
	Rows         []CompareRow
}

// Compare sets municipality m beside ref on the figures ids for group `all` and every
// benefit group (the all-groups-only figures for `all` only). peers is needed for the
// peers and cluster references.
func Compare(v Values, m int, ref Reference, peers *Peers, ids []string) (*Comparison, error) {
	infos := make([]FigureInfo, 0, len(ids))
	for _, id := range ids {
		f, err := Figure(id)
		if err != nil {
			return nil, err
		}
		infos = append(infos, f)
	}
	c := &Comparison{Municipality: m, Reference: ref}
	switch ref.Kind {
	case RefMunicipality:
		if ref.Municipality == m {
			return nil, pejling.Errorf(pejling.EINVALID, "a municipality compared with itself")
		}
		c.Members = []int{ref.Municipality}
	case RefPeers, RefCluster:
		if peers == nil {
			return nil, pejling.Errorf(pejling.EINVALID, "a %s reference needs a peer grouping", pejling.Clip(ref.Kind))
		}
		near, ok := peers.Of(m)
		if !ok {
			return nil, pejling.Errorf(pejling.ENOTFOUND, "municipality %d is not in the peer grouping (no framework data)", m)
		}
		if ref.Kind == RefPeers {
			for _, p := range near {
				c.Members = append(c.Members, p.Municipality)
			}
		} else {
			c.Members = slices.DeleteFunc(peers.ClusterMembers(m), func(x int) bool { return x == m })
		}
	case RefCountry:
	default:
		return nil, pejling.Errorf(pejling.EINVALID, "unknown reference %q (municipality, peers, cluster or country)", ref.Kind)
	}
	groups := append([]pejling.BenefitGroup{""}, pejling.BenefitGroups...)
	for _, g := range groups {
		for _, f := range infos {
			if f.AllGroupsOnly && g != "" {
				continue
			}
			row := CompareRow{Group: g, Figure: f.ID, Value: math.NaN(), Reference: math.NaN(), Difference: math.NaN()}
			if x, ok := v.Get(m, g, f.ID); ok {
				row.Value = x
			}
			if ref.Kind == RefCountry {
				if x, ok := v.Get(0, g, f.ID); ok {
					row.Reference = x
				}
			} else {
				var sum float64
				var n int
				for _, o := range c.Members {
					if x, ok := v.Get(o, g, f.ID); ok {
						sum, n = sum+x, n+1
					}
				}
				if n > 0 {
					row.Reference = sum / float64(n)
				}
			}
			if math.IsNaN(row.Value) && math.IsNaN(row.Reference) {
				continue
			}
			if !math.IsNaN(row.Value) && !math.IsNaN(row.Reference) {
				row.Difference = row.Value - row.Reference
				switch d := sign(f) * row.Difference; {
				case d > 1e-12:
					row.Better = "better"
				case d < -1e-12:
					row.Better = "worse"
				default:
					row.Better = "same"
				}
			}
			c.Rows = append(c.Rows, row)
		}
	}
	return c, nil
}
