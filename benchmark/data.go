package benchmark

import (
	"context"
	"slices"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
)

// Store is what a benchmark reads from: the stored figure set and the framework
// variables. sqldb.DB implements it; the CLI and the web both load through it.
type Store interface {
	// FigureSetAsOf is the as_of of the stored figure set; ENOTFOUND without one.
	FigureSetAsOf(ctx context.Context) (pejling.Date, error)
	// FigureSetPeriods are the periods the set holds, in order.
	FigureSetPeriods(ctx context.Context) ([]figures.Period, error)
	// FigureRows are the set's rows of the periods.
	FigureRows(ctx context.Context, periods []figures.Period) ([]figures.Row, error)
	// FrameworkFacts are the store's framework values in rising priority: the data
	// set's municipality_facts, then imported framework files (a later fact wins).
	FrameworkFacts(ctx context.Context) ([]pejling.MunicipalityFact, error)
}

// Data is everything a benchmark of one period needs.
type Data struct {
	AsOf           pejling.Date
	Held           []figures.Period // the periods of the figure set
	Period         figures.Period
	Previous       figures.Period // valid when HasPrevious
	HasPrevious    bool
	Current        Values
	Before         Values // of Previous; nil without it
	Framework      *Framework
	Municipalities []int // those with any figure in Period, ascending
}

// Load reads the benchmark data of period p — or, when p is the zero Period, of the
// latest whole calendar year of the figure set — and of the period before it. The
// framework variables are the real Statistics Denmark values Pejling ships with
// (dk.Framework), overridden by the store's.
func Load(ctx context.Context, st Store, p figures.Period) (*Data, error) {
	asOf, err := st.FigureSetAsOf(ctx)
	if pejling.ErrorCode(err) == pejling.ENOTFOUND {
		return nil, pejling.Errorf(pejling.EINVALID, "the store holds no key figures: import register data (pejling import) or national aggregates (pejling import-aggregates) first")
	}
	if err != nil {
		return nil, err
	}
	held, err := st.FigureSetPeriods(ctx)
	if err != nil {
		return nil, err
	}
	if len(held) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "the figure set holds no periods")
	}
	d := &Data{AsOf: asOf, Held: held, Period: p}
	if p == (figures.Period{}) {
		for _, h := range held {
			if IsYear(h) && h.Last <= asOf && h.First > d.Period.First {
				d.Period = h
			}
		}
		if d.Period.First == 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "the figure set holds no whole calendar year: choose a period")
		}
	}
	if !slices.Contains(held, d.Period) {
		return nil, pejling.Errorf(pejling.EINVALID, "period %s: the figure set does not hold it (it holds %s to %s)",
			d.Period.Label(), held[0].First, held[len(held)-1].Last)
	}
	periods := []figures.Period{d.Period}
	if d.Previous, d.HasPrevious = d.Period.Previous(); d.HasPrevious && slices.Contains(held, d.Previous) {
		periods = append(periods, d.Previous)
	} else {
		d.HasPrevious = false
	}
	rows, err := st.FigureRows(ctx, periods)
	if err != nil {
		return nil, err
	}
	d.Current = NewValues(rows, d.Period)
	if d.HasPrevious {
		d.Before = NewValues(rows, d.Previous)
	}
	seen := map[int]bool{}
	for k := range d.Current {
		if k.Municipality != 0 && !seen[k.Municipality] {
			seen[k.Municipality] = true
			d.Municipalities = append(d.Municipalities, k.Municipality)
		}
	}
	slices.Sort(d.Municipalities)
	facts, err := st.FrameworkFacts(ctx)
	if err != nil {
		return nil, err
	}
	d.Framework = NewFramework(append(slices.Clone(dk.Framework()), facts...))
	return d, nil
}

// IsYear tells whether p is a whole calendar year.
func IsYear(p figures.Period) bool { return p.Label() == strconv.Itoa(p.First.Year()) }
