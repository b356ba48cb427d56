package sqldb

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// Figures returns the rows q asks for, in the order of figures.Engine.Rows: read from
// the newest figure set when it is up to date with the newest import and holds every
// period of q, computed from the spells otherwise (or when q.Recompute). It is what
// pejling figures and GET /api/v1/figures answer with. Computing reads every person
// and honours ctx: a caller that goes away stops it.
func (db *DB) Figures(ctx context.Context, q figures.Query) ([]figures.Row, error) {
	var rows []figures.Row
	stored := false
	var err error
	if !q.Recompute {
		f := FigureFilter{Periods: q.Periods, Municipalities: q.Municipalities, Groups: q.Groups, Figures: q.Figures}
		if rows, stored, err = db.StoredFigures(ctx, f); err != nil {
			return nil, err
		}
	}
	if !stored {
		if rows, _, err = db.ComputeFigures(ctx, q.Periods); err != nil {
			return nil, err
		}
	}
	return slices.DeleteFunc(rows, func(r figures.Row) bool { return !q.Match(r) }), nil
}

// ComputeFigures computes the figures of db for the periods, streaming the spells
// person by person (ReadPersons), so memory does not grow with them, and returns them
// with the frame they were computed at. An import that commits while the store is read
// makes it start over, up to three times.
func (db *DB) ComputeFigures(ctx context.Context, periods []figures.Period) ([]figures.Row, Frame, error) {
	for attempt := 1; ; attempt++ {
		frame, err := db.ReadFrame(ctx)
		if err != nil {
			return nil, frame, err
		}
		if frame.AsOf == 0 {
			return nil, frame, db.noRegisterData(ctx)
		}
		e := figures.NewEngine(frame.Input(), periods)
		err = db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error {
			e.Add(p)
			return nil
		})
		if pejling.ErrorCode(err) == pejling.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, frame, err
		}
		return e.Rows(), frame, nil
	}
}

// StoredFigures returns the stored figures f selects when the newest figure set is up
// to date with the newest import and holds every period of f; ok false otherwise.
// A set of national aggregates that is up to date is never topped up with computed
// figures: a period it lacks is an error (docs/data-model.md, "National data").
func (db *DB) StoredFigures(ctx context.Context, f FigureFilter) (rows []figures.Row, ok bool, err error) {
	set, err := db.FindFigureSet(ctx)
	if pejling.ErrorCode(err) == pejling.ENOTFOUND {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	// Only the newest import's id, not the whole frame (ReadFrame reads every company
	// and fact): this runs on every API request.
	var newest int64
	if err := db.db.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM imports`).Scan(&newest); err != nil {
		return nil, false, fmt.Errorf("find figures: %w", err)
	}
	if newest != set.ImportID {
		return nil, false, nil
	}
	if set.Source == SourceRegister {
		// A computed set has the cell (all, all) in every period it holds: look the
		// asked periods up by the key rather than listing all (FigureSetPeriods).
		ok, err := db.holdsPeriods(ctx, set, f.Periods)
		if err != nil || !ok {
			return nil, false, err
		}
		rows, _, err = db.FindFigures(ctx, f)
		return rows, err == nil, err
	}
	held, err := db.FigureSetPeriods(ctx)
	if err != nil {
		return nil, false, err
	}
	for _, p := range f.Periods {
		if _, found := slices.BinarySearchFunc(held, p, func(a, b figures.Period) int {
			return cmp.Or(cmp.Compare(a.First, b.First), cmp.Compare(a.Last, b.Last))
		}); !found {
			if set.Source == SourceAggregates {
				return nil, false, missingAggregatePeriod(set, p, held)
			}
			return nil, false, nil
		}
	}
	rows, _, err = db.FindFigures(ctx, f)
	return rows, err == nil, err
}

// holdsPeriods reports whether the computed set holds every one of the periods.
func (db *DB) holdsPeriods(ctx context.Context, set FigureSet, periods []figures.Period) (bool, error) {
	distinct := map[figures.Period]bool{}
	for _, p := range periods {
		distinct[p] = true
	}
	for chunk := range slices.Chunk(slices.Collect(maps.Keys(distinct)), 200) {
		q := `SELECT count(*) FROM figure_cells WHERE set_id = ? AND municipality = 0 AND benefit_group = '' AND (`
		args := []any{set.ID}
		for i, p := range chunk {
			if i > 0 {
				q += ` OR `
			}
			q += `(period_first = ? AND period_last = ?)`
			args = append(args, int64(p.First), int64(p.Last))
		}
		var n int
		if err := db.db.QueryRowContext(ctx, db.rebind(q+`)`), args...).Scan(&n); err != nil {
			return false, fmt.Errorf("find figures: %w", err)
		}
		if n != len(chunk) {
			return false, nil
		}
	}
	return true, nil
}

// noRegisterData is the error for computing figures from a store without register
// data; it names the stored aggregates when there are some.
func (db *DB) noRegisterData(ctx context.Context) error {
	if set, err := db.FindFigureSet(ctx); err == nil && set.Source == SourceAggregates {
		return pejling.Errorf(pejling.EINVALID, "%s holds no register data to compute figures from, only the national aggregates imported from %s: "+
			"leave out --recompute, or import a data set with pejling import", db.DSN, set.Name)
	}
	return pejling.Errorf(pejling.EINVALID, "%s holds no data: run pejling import first", db.DSN)
}

// missingAggregatePeriod is the error for a period that an imported figure set does
// not hold: such a set is never topped up with computed figures.
func missingAggregatePeriod(set FigureSet, p figures.Period, held []figures.Period) error {
	have := "none"
	if len(held) > 0 {
		have = fmt.Sprintf("%d periods from %s to %s", len(held), held[0].First, held[len(held)-1].Last)
	}
	return pejling.Errorf(pejling.ENOTFOUND, "the stored figures are national aggregates imported from %s and do not hold the period %s … %s (they hold %s)",
		set.Name, p.First, p.Last, have)
}
