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
