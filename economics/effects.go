package economics

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/pejling/pejling"
)

// The constants of the effect economics (docs/economics.md, "Effect per intervention").
const (
	// EffectLagDays is how long after an activation spell's end its outcome is read:
	// the self_support_rate_6m rule of DOMAIN.md §8, end + 182.
	EffectLagDays = 182
	// EffectMinJudged is the fewest judged spells an intervention needs to be
	// recommended anything but "too few".
	EffectMinJudged = 20
	// EffectCostUnit is the amount of cost the effect is counted per: 100,000 kr.
	EffectCostUnit = 100_000.0
)

// Recommendations of the effect economics, from best to worst.
const (
	EffectExpand = "expand"
	EffectKeep   = "keep"
	EffectReview = "review"
	EffectClose  = "close"
	EffectTooFew = "too few"
)

// EffectProgressionNote says why the progression column is empty until
// EffectReport.AddProgression has been given the progression scores.
const EffectProgressionNote = "progression: not available — no progression scores were read for this report"

// EffectOptions say what an EffectEstimator counts.
type EffectOptions struct {
	AsOf         pejling.Date
	Municipality int          // only spells of this municipality; 0 = all
	First, Last  pejling.Date // the period: participation has a day in it, judged spells end in it
}

// EffectEstimator counts, person by person, the participants and the self-support six
// months after of every intervention, and the same for all activation spells of the
// municipality (the reference). Its memory grows with the number of interventions,
// never with the persons.
type EffectEstimator struct {
	opt  EffectOptions
	per  map[string]*effectCount
	ref  effectCount
	seen map[*effectCount]uint8 // per Add: 1 participant counted, 2 also a self-supported person
}

// effectCount is what is counted of one intervention (or of all activation).
type effectCount struct {
	participants, spells, judged, selfSupported, selfSupportedPersons int
}

// NewEffectEstimator returns an estimator for opt; it panics when the period is empty or
// as_of is missing.
func NewEffectEstimator(opt EffectOptions) *EffectEstimator {
	if opt.Last < opt.First || opt.AsOf == 0 {
		panic("economics: NewEffectEstimator needs First ≤ Last and an as_of")
	}
	return &EffectEstimator{opt: opt, per: map[string]*effectCount{}, seen: map[*effectCount]uint8{}}
}

// Add counts the activation spells of one person. Each person must be added once
// (distinct persons are counted per call); p is not kept.
//
// A spell counts when its own municipality is opt.Municipality (any when 0). It is a
// participation when it has a day in [First, Last]; it is judged when its end lies in
// [First, Last] and end + 182 ≤ as_of; a judged spell is self-supported when no benefit
// spell of the person (any municipality, any group) has a day on end + 182. Spells
// without an intervention id count for the reference only.
func (e *EffectEstimator) Add(p *pejling.Person) {
	clear(e.seen)
	for i := range p.Activation {
		a := &p.Activation[i]
		if e.opt.Municipality != 0 && a.Municipality != e.opt.Municipality {
			continue
		}
		if a.Start > e.opt.Last || a.End < e.opt.First {
			continue
		}
		judged := a.End <= e.opt.Last && a.End+EffectLagDays <= e.opt.AsOf
		self := judged && !effectOnBenefit(p.Benefit, a.End+EffectLagDays)
		counts := []*effectCount{&e.ref}
		if a.InterventionID != "" {
			c := e.per[a.InterventionID]
			if c == nil {
				c = &effectCount{}
				e.per[a.InterventionID] = c
			}
			counts = append(counts, c)
		}
		for _, c := range counts {
			c.spells++
			if e.seen[c] == 0 {
				c.participants++
				e.seen[c] = 1
			}
			if judged {
				c.judged++
			}
			if self {
				c.selfSupported++
				if e.seen[c] == 1 {
					c.selfSupportedPersons++
					e.seen[c] = 2
				}
			}
		}
	}
}

// effectOnBenefit reports whether a benefit spell has a day on d (a running spell's End
// is pejling.Forever).
func effectOnBenefit(spells []pejling.BenefitSpell, d pejling.Date) bool {
	for _, b := range spells {
		if b.Start <= d && d <= b.End {
			return true
		}
	}
	return false
}

// EffectShare is a self-support share with its 95 % Wilson interval; Valid is false
// (and the numbers 0) when no spell was judged.
type EffectShare struct {
	Judged, SelfSupported int
	Share, Lower, Upper   float64
	Valid                 bool
}

func newEffectShare(c effectCount) EffectShare {
	s := EffectShare{Judged: c.judged, SelfSupported: c.selfSupported}
	if c.judged > 0 {
		s.Share = float64(c.selfSupported) / float64(c.judged)
		s.Lower, s.Upper = WilsonInterval(c.selfSupported, c.judged, WilsonZ95)
		s.Valid = true
	}
	return s
}

// InterventionEffect is one row of the effect table.
type InterventionEffect struct {
	Rank           int
	InterventionID string
	Name           string // from the cost file; "" when none
	Participants   int    // distinct persons with a spell of the intervention with a day in the period
	Spells         int    // those spells
	SelfSupport    EffectShare
	// SelfSupportedPersons are the distinct persons with at least one judged spell of
	// the intervention that was followed by self-support: the effect's numerator.
	SelfSupportedPersons int
	CostDKK              float64 // Σ cost_dkk over the years of the period
	CostKnown            bool    // the cost file has a row of the intervention for a year of the period
	// EffectPer100k = SelfSupportedPersons / (CostDKK / 100,000); valid when the cost
	// is known and above 0.
	EffectPer100k  float64
	EffectValid    bool
	Recommendation string
	Note           string // why the recommendation, or why a value is empty
	// Progression is the progression measured during the intervention
	// (EffectReport.AddProgression); nil when no score names it.
	Progression *EffectProgression
}

// EffectReport is the effect table with its reference and the medians it was judged by.
type EffectReport struct {
	Options       EffectOptions
	FirstYear     int
	LastYear      int
	Reference     EffectShare // all activation spells of the municipality (§8 self_support_rate_6m)
	RefPersons    int         // distinct persons with an activation spell in the period
	RefSpells     int
	MedianEffect  float64 // median EffectPer100k of the interventions with enough judged spells and a cost
	MedianValid   bool
	Interventions []InterventionEffect
	Notes         []string
}

// Report turns the counts into the ranked table, costing each intervention with the
// rows of costs whose year lies in [firstYear, lastYear] (the calendar years of the
// period). Interventions of the cost file without a spell are listed too.
//
// The recommendation (docs/economics.md) compares the intervention's self-support
// share with the reference share of all activation spells (ref) through its 95 %
// Wilson interval [lo, hi], and its effect per 100,000 kr. with the median effect (med)
// of the interventions that have ≥ EffectMinJudged judged spells and a cost above 0:
//
//	judged < 20                       → too few
//	lo > ref and effect ≥ med         → expand
//	hi < ref and effect < med         → close
//	hi < ref otherwise (cheap or cost unknown)   → review
//	anything else (the interval holds ref, or lo > ref but dear or cost unknown) → keep
//
// Rows are ranked: those with enough judged spells first, then by effect per 100,000
// kr. (unknown last), self-support share, and id.
func (e *EffectEstimator) Report(costs []InterventionCost, firstYear, lastYear int) EffectReport {
	r := EffectReport{Options: e.opt, FirstYear: firstYear, LastYear: lastYear,
		Reference: newEffectShare(e.ref), RefPersons: e.ref.participants, RefSpells: e.ref.spells}
	rows := map[string]*InterventionEffect{}
	row := func(id string) *InterventionEffect {
		if x := rows[id]; x != nil {
			return x
		}
		x := &InterventionEffect{InterventionID: id}
		rows[id] = x
		return x
	}
	for id, c := range e.per {
		x := row(id)
		x.Participants, x.Spells, x.SelfSupportedPersons = c.participants, c.spells, c.selfSupportedPersons
		x.SelfSupport = newEffectShare(*c)
	}
	for _, c := range costs {
		x := row(c.InterventionID)
		if x.Name == "" {
			x.Name = c.Name
		}
		if c.Year >= firstYear && c.Year <= lastYear {
			x.CostDKK += c.CostDKK
			x.CostKnown = true
		}
	}
	var effects []float64
	for _, x := range rows {
		if x.CostKnown && x.CostDKK > 0 {
			x.EffectPer100k = float64(x.SelfSupportedPersons) / (x.CostDKK / EffectCostUnit)
			x.EffectValid = true
			if x.SelfSupport.Judged >= EffectMinJudged {
				effects = append(effects, x.EffectPer100k)
			}
		}
	}
	if len(effects) > 0 {
		r.MedianEffect, r.MedianValid = effectMedian(effects), true
	}
	for _, x := range rows {
		x.Recommendation, x.Note = effectRecommend(*x, r.Reference, r.MedianEffect, r.MedianValid, firstYear, lastYear)
		r.Interventions = append(r.Interventions, *x)
	}
	slices.SortFunc(r.Interventions, func(a, b InterventionEffect) int {
		ea, eb := a.SelfSupport.Judged >= EffectMinJudged, b.SelfSupport.Judged >= EffectMinJudged
		if ea != eb {
			return effectBoolFirst(ea)
		}
		if a.EffectValid != b.EffectValid {
			return effectBoolFirst(a.EffectValid)
		}
		if c := cmp.Compare(b.EffectPer100k, a.EffectPer100k); c != 0 {
			return c
		}
		if c := cmp.Compare(b.SelfSupport.Share, a.SelfSupport.Share); c != 0 {
			return c
		}
		return cmp.Compare(a.InterventionID, b.InterventionID)
	})
	for i := range r.Interventions {
		r.Interventions[i].Rank = i + 1
	}
	r.Notes = append(r.Notes, EffectProgressionNote)
	if e.opt.Last+EffectLagDays > e.opt.AsOf {
		r.Notes = append(r.Notes, fmt.Sprintf("spells ending after %s cannot be judged yet (end + %d > as_of %s): they count as participants but not in the shares, while their cost counts in full, so the effect per 100,000 kr. of the last year is understated",
			e.opt.AsOf-EffectLagDays, EffectLagDays, e.opt.AsOf))
	}
	return r
}

func effectBoolFirst(a bool) int {
	if a {
		return -1
	}
	return 1
}

// effectMedian is the median of v (the mean of the middle two for an even count); it
// sorts v.
func effectMedian(v []float64) float64 {
	slices.Sort(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

// effectRecommend applies the rule of EffectEstimator.Report to one row.
func effectRecommend(x InterventionEffect, ref EffectShare, med float64, medValid bool, firstYear, lastYear int) (string, string) {
	var costNote string
	switch {
	case !x.CostKnown:
		costNote = fmt.Sprintf("; no cost in the cost file for %d–%d, so no effect per 100,000 kr.", firstYear, lastYear)
	case x.CostDKK == 0:
		costNote = "; cost 0 kr., so no effect per 100,000 kr."
	}
	s := x.SelfSupport
	if s.Judged < EffectMinJudged {
		return EffectTooFew, fmt.Sprintf("too few to judge: %d ended spell(s) judged, fewer than %d", s.Judged, EffectMinJudged) + costNote
	}
	above, below := s.Lower > ref.Share, s.Upper < ref.Share
	cheap := x.EffectValid && medValid && x.EffectPer100k >= med
	dear := x.EffectValid && medValid && x.EffectPer100k < med
	refText := fmt.Sprintf("%.3f", ref.Share)
	switch {
	case above && cheap:
		return EffectExpand, "share above the reference " + refText + " (interval excludes it), effect at or above the median" + costNote
	case below && dear:
		return EffectClose, "share below the reference " + refText + " (interval excludes it), effect below the median" + costNote
	case below && cheap:
		return EffectReview, "share below the reference " + refText + " (interval excludes it) but effect at or above the median: cheap, weak" + costNote
	case below:
		return EffectReview, "share below the reference " + refText + " (interval excludes it); effect not comparable" + costNote
	case above && dear:
		return EffectKeep, "share above the reference " + refText + " but effect below the median: good, dear" + costNote
	case above:
		return EffectKeep, "share above the reference " + refText + "; effect not comparable" + costNote
	default:
		return EffectKeep, "interval holds the reference " + refText + ": no clear difference" + costNote
	}
}
