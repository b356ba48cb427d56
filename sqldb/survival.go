package sqldb

import (
	"context"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// Survival computes the Kaplan–Meier curves of continuous periods on public support
// (figures.SurvivalEstimator) for the cohorts of inflow, by, streaming the spells person
// by person so that memory grows with the curves, not the spells. An import that
// commits while the store is read makes it start over, up to three times. It fails
// with EINVALID when the store holds no data.
func (db *DB) Survival(ctx context.Context, cohorts []figures.Period, by figures.By) ([]figures.Curve, error) {
	var e *figures.SurvivalEstimator
	_, err := db.StreamRegister(ctx, func(asOf pejling.Date) (func(*pejling.Person), error) {
		e = figures.NewSurvivalEstimator(asOf, cohorts, by)
		return e.Add, nil
	})
	if err != nil {
		return nil, err
	}
	return e.Curves(), nil
}

// NewestImportID is the id of the newest committed import (0: none).
func (db *DB) NewestImportID(ctx context.Context) (int64, error) {
	var id int64
	if err := db.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM imports`).Scan(&id); err != nil {
		return 0, err
	}
	return id, nil
}

// RegisterVersion is the newest import and the placements' stamp: the key of a cache of
// what is computed from the persons as ReadPersons gives them.
func (db *DB) RegisterVersion(ctx context.Context) (pejling.RegisterVersion, error) {
	id, err := db.NewestImportID(ctx)
	if err != nil {
		return pejling.RegisterVersion{}, err
	}
	stamp, err := placementsStamp(ctx, db.db)
	if err != nil {
		return pejling.RegisterVersion{}, err
	}
	return pejling.RegisterVersion{ImportID: id, PlacementsStamp: stamp}, nil
}
