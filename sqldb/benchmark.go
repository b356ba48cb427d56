package sqldb

import (
	"context"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// The methods below make DB a benchmark.Store.

// FigureSetAsOf returns the as_of of the newest figure set; ENOTFOUND without one.
func (db *DB) FigureSetAsOf(ctx context.Context) (pejling.Date, error) {
	set, err := db.FindFigureSet(ctx)
	return set.AsOf, err
}

// FigureRows returns the rows of the newest figure set for the periods.
func (db *DB) FigureRows(ctx context.Context, periods []figures.Period) ([]figures.Row, error) {
	rows, _, err := db.FindFigures(ctx, FigureFilter{Periods: periods})
	return rows, err
}

// FrameworkFacts returns the municipality facts of the newest import followed by the
// imported framework values, so that an imported value wins over the data set's.
func (db *DB) FrameworkFacts(ctx context.Context) ([]pejling.MunicipalityFact, error) {
	facts, err := db.ReadFacts(ctx)
	if err != nil {
		return nil, err
	}
	imported, err := db.ReadFrameworkValues(ctx)
	if err != nil {
		return nil, err
	}
	return append(facts, imported...), nil
}

// FigureSetID returns the id of the newest figure set (it changes with every new set,
// so caches keyed by it never serve an older import's figures); ENOTFOUND without one.
func (db *DB) FigureSetID(ctx context.Context) (int64, error) {
	set, err := db.FindFigureSet(ctx)
	return set.ID, err
}

// FigureSeries returns one figure of one benefit group ("" is all) for the
// municipalities (0 is all) and periods, from the newest figure set.
func (db *DB) FigureSeries(ctx context.Context, munis []int, g pejling.BenefitGroup, figure string, periods []figures.Period) ([]figures.Row, error) {
	rows, _, err := db.FindFigures(ctx, FigureFilter{Municipalities: munis, Groups: []pejling.BenefitGroup{g}, Figures: []string{figure}, Periods: periods})
	return rows, err
}
