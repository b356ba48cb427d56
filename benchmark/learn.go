package benchmark

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/pejling/pejling"
)

// The verdict of a learning cell: its score against the threshold.
const (
	Strong  = "strong"
	Weak    = "weak"
	Average = "average"
	// TooFew is the verdict of a group with fewer than MinPersons persons affected in
	// the period: its rates swing on a handful of persons and are not judged.
	TooFew = "too_few"
	// MinPersons is the default number of persons affected a group needs to be judged.
	MinPersons = 20
	// Threshold is the score from which a group counts as strong (or, negated, weak):
	// half a standard deviation of the figure across the country from the peers' mean.
	Threshold = 0.5
)

// LearnCell is one benefit group × figure of a municipality against its peers.
type LearnCell struct {
	Group    pejling.BenefitGroup
	Figure   string
	Value    float64
	Persons  float64 // persons_affected of the group in the period; NaN when not given
	PeerMean float64 // unweighted mean over the peers with a value; NaN when none has
	Peers    int     // how many peers have a value
	Country  float64 // the figure for the whole country (municipality `all`); NaN when empty
	// Score is (Value − PeerMean) / the standard deviation of the figure over all
	// municipalities, signed so that positive is better (a lower avg_duration_days is
	// better). Using the national spread, not the five peers', keeps one odd peer from
	// deciding the verdict.
	Score   float64
	Verdict string
	// Excel are up to three municipalities of the peers and the cluster that do better
	// on this cell, best first: whom to learn from where the municipality lags.
	Excel []int
}

// OwnModel says which of a municipality's own teams to learn from on a figure: the group
// where it is strongest against its peers, for the groups where it is weak.
type OwnModel struct {
	Figure string
	From   pejling.BenefitGroup
	Score  float64
	For    []pejling.BenefitGroup
}

// Learning is a municipality's cross-group strengths and weaknesses.
type Learning struct {
	Municipality int
	Peers        []int // the comparison group: its nearest neighbours
	Figures      []string
	Cells        []LearnCell // group by group in the order of pejling.BenefitGroups, figures in the order given
	OwnModels    []OwnModel
	Missing      []string // group×figure cells without a value for the municipality
}

// Learn compares municipality m's figures per benefit group with its peers' (v is one
// period) and finds where it is strong and weak, which of its own groups to learn from
// and which peers excel where it lags. Groups where m has no value are left out; groups
// with fewer than minPersons persons affected (MinPersons by default) are shown but
// not judged (TooFew).
func Learn(v Values, peers *Peers, m int, ids []string, minPersons float64) (*Learning, error) {
	infos, err := checkFigures(ids, pejling.KTH)
	if err != nil {
		return nil, err
	}
	near, ok := peers.Of(m)
	if !ok {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "municipality %d is not in the peer grouping (no framework data)", m)
	}
	l := &Learning{Municipality: m, Figures: ids}
	for _, p := range near {
		l.Peers = append(l.Peers, p.Municipality)
	}
	models := append(slices.Clone(l.Peers), peers.ClusterMembers(m)...)
	slices.Sort(models)
	models = slices.DeleteFunc(slices.Compact(models), func(x int) bool { return x == m })
	for _, g := range pejling.BenefitGroups {
		for _, f := range infos {
			own, ok := v.Get(m, g, f.ID)
			if !ok {
				l.Missing = append(l.Missing, string(g)+" "+f.ID)
				continue
			}
			c := LearnCell{Group: g, Figure: f.ID, Value: own, PeerMean: math.NaN(), Country: math.NaN(), Persons: math.NaN()}
			if n, ok := v.Get(m, g, "persons_affected"); ok {
				c.Persons = n
			}
			if x, ok := v.Get(0, g, f.ID); ok {
				c.Country = x
			}
			var sum float64
			for _, p := range l.Peers {
				if x, ok := v.Get(p, g, f.ID); ok {
					sum += x
					c.Peers++
				}
			}
			sd := spread(v, peers.Municipalities, g, f.ID)
			c.Verdict = Average
			if c.Peers > 0 {
				c.PeerMean = sum / float64(c.Peers)
				if sd > 0 {
					c.Score = sign(f) * (own - c.PeerMean) / sd
				}
			}
			switch {
			case c.Persons < minPersons:
				c.Verdict = TooFew
			case c.Score >= Threshold:
				c.Verdict = Strong
			case c.Score <= -Threshold:
				c.Verdict = Weak
			}
			type cand struct {
				m int
				x float64
			}
			var better []cand
			for _, p := range models {
				if x, ok := v.Get(p, g, f.ID); ok && sign(f)*(x-own) > 0 {
					better = append(better, cand{p, x})
				}
			}
			slices.SortStableFunc(better, func(a, b cand) int { return cmp.Compare(sign(f)*b.x, sign(f)*a.x) })
			for _, b := range better[:min(3, len(better))] {
				c.Excel = append(c.Excel, b.m)
			}
			l.Cells = append(l.Cells, c)
		}
	}
	for _, f := range infos {
		var best *LearnCell
		var weak []pejling.BenefitGroup
		for i := range l.Cells {
			c := &l.Cells[i]
			if c.Figure != f.ID {
				continue
			}
			if c.Verdict == Strong && (best == nil || c.Score > best.Score) {
				best = c
			}
			if c.Verdict == Weak {
				weak = append(weak, c.Group)
			}
		}
		if best != nil && len(weak) > 0 {
			l.OwnModels = append(l.OwnModels, OwnModel{Figure: f.ID, From: best.Group, Score: best.Score, For: weak})
		}
	}
	return l, nil
}

func sign(f FigureInfo) float64 {
	if f.HigherIsBetter {
		return 1
	}
	return -1
}

// spread is the sample standard deviation of a figure over the municipalities that
// have it; 0 with fewer than three.
func spread(v Values, munis []int, g pejling.BenefitGroup, id string) float64 {
	var xs []float64
	for _, m := range munis {
		if x, ok := v.Get(m, g, id); ok {
			xs = append(xs, x)
		}
	}
	if len(xs) < 3 {
		return 0
	}
	var mean, ss float64
	for _, x := range xs {
		mean += x / float64(len(xs))
	}
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// Summary says the learning's main findings in words, in Danish ("da") or English:
// the municipality's own teams to learn from, the largest gap and the peer to learn
// from there, and the strongest cells. name gives a municipality's name. The CLI and the
// API both say it, so their texts are the same.
func (l *Learning) Summary(lang string, name func(int) string) string {
	var parts []string
	for _, o := range l.OwnModels {
		var gs []string
		for _, g := range o.For {
			gs = append(gs, string(g))
		}
		if lang == "da" {
			parts = append(parts, fmt.Sprintf("På %s kan %s lære af sit eget %s-team.", o.Figure, strings.Join(gs, ", "), o.From))
		} else {
			parts = append(parts, fmt.Sprintf("On %s, %s can learn from the municipality's own %s team.", o.Figure, strings.Join(gs, ", "), o.From))
		}
	}
	// The weakest cell with a peer that does better.
	var worst *LearnCell
	for i := range l.Cells {
		c := &l.Cells[i]
		if c.Verdict == Weak && len(c.Excel) > 0 && (worst == nil || c.Score < worst.Score) {
			worst = c
		}
	}
	if worst != nil {
		if lang == "da" {
			parts = append(parts, fmt.Sprintf("Det største efterslæb er %s for %s; lær af %s.", worst.Figure, worst.Group, name(worst.Excel[0])))
		} else {
			parts = append(parts, fmt.Sprintf("The largest gap is %s for %s; learn from %s.", worst.Figure, worst.Group, name(worst.Excel[0])))
		}
	}
	var strong []string
	for _, c := range l.Cells {
		if c.Verdict == Strong {
			strong = append(strong, string(c.Group)+" "+c.Figure)
		}
	}
	if len(strong) > 0 {
		if lang == "da" {
			parts = append(parts, "Stærkest mod naboerne: "+strings.Join(strong[:min(4, len(strong))], ", ")+".")
		} else {
			parts = append(parts, "Strongest against its peers: "+strings.Join(strong[:min(4, len(strong))], ", ")+".")
		}
	}
	if len(parts) == 0 {
		if lang == "da" {
			return "Ingen gruppe skiller sig ud fra naboerne med mere end en halv standardafvigelse."
		}
		return "No group differs from the peers by more than half a standard deviation."
	}
	return strings.Join(parts, " ")
}
