package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// ComputeFigureSet computes the figures of the standard periods
// (figures.StandardPeriods) from the register data and stores them as the newest figure
// set, which pages, the API and pejling figures read. The placements that count are
// activation spells among the register's (ReadPersons); the set keeps the placements'
// stamp read before them. An import that commits while the spells are read makes it
// start over, up to three times.
func (db *DB) ComputeFigureSet(ctx context.Context) (FigureSet, error) {
	began := time.Now()
	for attempt := 1; ; attempt++ {
		frame, err := db.ReadFrame(ctx)
		if err != nil {
			return FigureSet{}, err
		}
		if frame.AsOf == 0 {
			return FigureSet{}, pejling.Errorf(pejling.EINVALID, "%s holds no data: run pejling import first", db.DSN)
		}
		stamp, err := placementsStamp(ctx, db.db)
		if err != nil {
			return FigureSet{}, err
		}
		periods := figures.StandardPeriods(frame.AsOf)
		e := figures.NewEngine(frame.Input(), periods)
		err = db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error {
			e.Add(p)
			return nil
		})
		if pejling.ErrorCode(err) == pejling.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return FigureSet{}, err
		}
		// e.All hands the rows to the store as it writes them: the 3 M rows of 127
		// periods are never held at once.
		set, err := db.SaveFigureSet(ctx, frame.ImportID, frame.AsOf, len(periods), e.All(), time.Since(began))
		if err != nil {
			return set, err
		}
		// Kept after the save: should this fail, the set has stamp 0 and the next
		// refresh computes it again, which loses nothing.
		if _, err := db.db.ExecContext(ctx, db.rebind(`UPDATE figure_sets SET placements_stamp = ? WHERE id = ?`), stamp, set.ID); err != nil {
			return set, fmt.Errorf("save figures: %w", err)
		}
		set.PlacementsStamp = stamp
		return set, nil
	}
}

// RefreshFigureSet computes and stores the figure set (ComputeFigureSet) unless the
// newest one is up to date with the newest import and with the placements (its
// PlacementsStamp is the store's), or the store holds no data; computed tells whether
// it did. It is what follows an import: the import is committed either
// way, so a failure here loses no data, and the next call computes the set again.
func (db *DB) RefreshFigureSet(ctx context.Context) (set FigureSet, computed bool, err error) {
	set, current, err := db.FigureSetCurrent(ctx)
	if err != nil || current {
		return set, false, err
	}
	set, err = db.ComputeFigureSet(ctx)
	if err != nil {
		return set, false, fmt.Errorf("figures: %w", err)
	}
	return set, true, nil
}

// FigureSetCurrent returns the newest figure set and whether it needs no recomputing:
// it was computed as of the newest import and with the placements as they are now (its
// PlacementsStamp), or the store holds no register data to compute from.
func (db *DB) FigureSetCurrent(ctx context.Context) (set FigureSet, current bool, err error) {
	set, err = db.FindFigureSet(ctx)
	if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
		return set, false, err
	}
	frame, err := db.ReadFrame(ctx)
	if err != nil {
		return set, false, err
	}
	stamp, err := placementsStamp(ctx, db.db)
	if err != nil {
		return set, false, err
	}
	return set, frame.AsOf == 0 || (set.ID != 0 && set.ImportID == frame.ImportID && set.PlacementsStamp == stamp), nil
}
