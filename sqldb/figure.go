package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// FigureSet describes a stored set of figures: every figure for the standard periods,
// computed from the store as of one import (migrations/0003_figure_sets.sql).
type FigureSet struct {
	ID         int64
	ImportID   int64        // the newest import the set was computed from
	AsOf       pejling.Date // that import's as_of
	ComputedAt time.Time
	Periods    int
	Seconds    float64 // how long the computation took
	// Source is SourceRegister for a set computed from the register data, or
	// SourceAggregates for one imported from a file of national aggregates
	// (SaveAggregateFigureSet); Name is then that file's name.
	Source string
	Name   string
	// PlacementsStamp is the placements' stamp (the sum of their versions) when the set
	// was computed: RefreshFigureSet computes a new set when it has changed.
	PlacementsStamp int64
}

// Sources of a figure set.
const (
	SourceRegister   = "register"
	SourceAggregates = "aggregates"
)

// figureColumns lists the figure columns of figure_cells: the figure ids themselves.
var figureColumns = strings.Join(figures.Figures, ", ")

// cellKey is the key of one row of figure_cells.
type cellKey struct {
	period       figures.Period
	municipality int
	group        pejling.BenefitGroup
}

// SaveFigureSet stores rows, the figures of periods computed as of import importID (in
// the order of figures.Engine.Rows; Engine.All yields them without holding them), as
// the newest figure set and deletes the older ones, in one transaction. It fails with
// ECONFLICT when importID is no longer the newest import: the rows are stale.
func (db *DB) SaveFigureSet(ctx context.Context, importID int64, asOf pejling.Date, periods int, rows iter.Seq[figures.Row], took time.Duration) (FigureSet, error) {
	set := FigureSet{ImportID: importID, AsOf: asOf, ComputedAt: db.Now().UTC(), Periods: periods, Seconds: took.Seconds(),
		Source: SourceRegister}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return set, fmt.Errorf("save figures: %w", err)
	}
	defer tx.Rollback()
	var newest int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM imports`).Scan(&newest); err != nil {
		return set, fmt.Errorf("save figures: %w", err)
	}
	if newest != importID {
		return set, pejling.Errorf(pejling.ECONFLICT, "the figures were computed as of import %d, but import %d has committed since", importID, newest)
	}
	if err := db.writeFigureSet(ctx, tx, &set, rows); err != nil {
		return set, err
	}
	if err := tx.Commit(); err != nil {
		return set, fmt.Errorf("save figures: %w", err)
	}
	return set, nil
}

// writeFigureSet inserts set, and rows as its cells (rows of one cell adjacent), and
// deletes every other set, in tx; it sets set.ID.
func (db *DB) writeFigureSet(ctx context.Context, tx *sql.Tx, set *FigureSet, rows iter.Seq[figures.Row]) error {
	err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO figure_sets (import_id, as_of, computed_at, periods, seconds, source, source_name)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), set.ImportID, int64(set.AsOf), set.ComputedAt.Format(time.RFC3339Nano),
		set.Periods, set.Seconds, set.Source, set.Name).Scan(&set.ID)
	if err != nil {
		return fmt.Errorf("save figures: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM figure_cells WHERE set_id <> ?`), set.ID); err != nil {
		return fmt.Errorf("save figures: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM figure_sets WHERE id <> ?`), set.ID); err != nil {
		return fmt.Errorf("save figures: %w", err)
	}

	// Rows of one cell are adjacent in the order figures.Engine.Rows returns them; each
	// cell becomes one row of figure_cells, written many to a statement.
	const cellsPerStatement = 100
	width := 5 + len(figures.Figures)
	stmt := func(n int) string {
		one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
		return db.rebind(`INSERT INTO figure_cells (set_id, period_first, period_last, municipality, benefit_group, ` + figureColumns +
			`) VALUES ` + strings.TrimSuffix(strings.Repeat(one+", ", n), ", "))
	}
	full, err := tx.PrepareContext(ctx, stmt(cellsPerStatement))
	if err != nil {
		return fmt.Errorf("save figures: %w", err)
	}
	defer full.Close()
	column := map[string]int{}
	for i, f := range figures.Figures {
		column[f] = 5 + i
	}
	args := make([]any, 0, cellsPerStatement*width)
	cells := 0
	flush := func() error {
		if cells == 0 {
			return nil
		}
		var err error
		if cells == cellsPerStatement {
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = tx.ExecContext(ctx, stmt(cells), args...)
		}
		args, cells = args[:0], 0
		return err
	}
	var cur cellKey
	i := -1
	for r := range rows {
		i++
		k := cellKey{r.Period, r.Municipality, r.Group}
		if i == 0 || k != cur {
			if cells == cellsPerStatement {
				if err := flush(); err != nil {
					return fmt.Errorf("save figures: %w", err)
				}
			}
			cur = k
			args = append(args, set.ID, int64(k.period.First), int64(k.period.Last), k.municipality, string(k.group))
			for range figures.Figures {
				args = append(args, nil)
			}
			cells++
		}
		c, ok := column[r.Figure]
		if !ok {
			return pejling.Errorf(pejling.EINTERNAL, "save figures: unknown figure %q", r.Figure)
		}
		if r.Valid {
			args[(cells-1)*width+c] = r.Value
		}
	}
	if err := flush(); err != nil {
		return fmt.Errorf("save figures: %w", err)
	}
	// Fresh statistics, so the planner reads one municipality's range of periods by
	// figure_cells_by_municipality (migration 0006) rather than by the period key.
	if _, err := tx.ExecContext(ctx, `ANALYZE figure_cells`); err != nil {
		return fmt.Errorf("save figures: analyze: %w", err)
	}
	return nil
}

// FindFigureSet returns the newest figure set, or ENOTFOUND when none is stored.
func (db *DB) FindFigureSet(ctx context.Context) (FigureSet, error) {
	var s FigureSet
	var asOf int64
	var at string
	err := db.db.QueryRowContext(ctx, `SELECT id, import_id, as_of, computed_at, periods, seconds, source, source_name, placements_stamp
		FROM figure_sets ORDER BY id DESC LIMIT 1`).Scan(&s.ID, &s.ImportID, &asOf, &at, &s.Periods, &s.Seconds, &s.Source, &s.Name, &s.PlacementsStamp)
	if err == sql.ErrNoRows {
		return s, pejling.Errorf(pejling.ENOTFOUND, "no figures are stored yet: import a data set")
	}
	if err != nil {
		return s, fmt.Errorf("find figure set: %w", err)
	}
	s.AsOf = pejling.Date(asOf)
	s.ComputedAt, _ = time.Parse(time.RFC3339Nano, at)
	return s, nil
}

// FigureFilter selects stored figures; an empty list selects everything.
type FigureFilter struct {
	Municipalities []int                  // 0 is `all`
	Groups         []pejling.BenefitGroup // "" is `all`
	Periods        []figures.Period
	Figures        []string
}

// FindFigures returns the figures of the newest set that f selects, in the long form
// and order of figures.Compute, and the set they come from. A period f names that the
// set does not hold gives no rows: FigureSetHolds tells beforehand.
func (db *DB) FindFigures(ctx context.Context, f FigureFilter) ([]figures.Row, FigureSet, error) {
	set, err := db.FindFigureSet(ctx)
	if err != nil {
		return nil, set, err
	}
	q := `SELECT period_first, period_last, municipality, benefit_group, ` + figureColumns + ` FROM figure_cells WHERE set_id = ?`
	args := []any{set.ID}
	if len(f.Municipalities) > 0 {
		q += ` AND municipality IN (` + placeholders(len(f.Municipalities)) + `)`
		for _, m := range f.Municipalities {
			args = append(args, m)
		}
	}
	if len(f.Groups) > 0 {
		q += ` AND benefit_group IN (` + placeholders(len(f.Groups)) + `)`
		for _, g := range f.Groups {
			args = append(args, string(g))
		}
	}
	switch n := len(f.Periods); {
	case n > 0 && n <= 32:
		// A few periods (a benchmark's year and the one before, a trend's months): look
		// their first days up in the key rather than reading every period in between;
		// periods that share a first day are told apart below. (An OR of exact
		// (first, last) pairs would make SQLite scan the whole set.)
		var firsts []int64
		for _, p := range f.Periods {
			if !slices.Contains(firsts, int64(p.First)) {
				firsts = append(firsts, int64(p.First))
			}
		}
		q += ` AND period_first IN (` + placeholders(len(firsts)) + `)`
		for _, d := range firsts {
			args = append(args, d)
		}
	case n > 0:
		first, last := f.Periods[0].First, f.Periods[0].Last
		for _, p := range f.Periods {
			first, last = min(first, p.First), max(last, p.Last)
		}
		q += ` AND period_first >= ? AND period_last <= ?`
		args = append(args, int64(first), int64(last))
	}
	wantFigure := func(string) bool { return true }
	if len(f.Figures) > 0 {
		wantFigure = func(id string) bool { return slices.Contains(f.Figures, id) }
	}
	// The order of figures.Compute: municipality and group as text ("all" for the
	// totals), period, figure id.
	q += ` ORDER BY CASE municipality WHEN 0 THEN 'all' ELSE CAST(municipality AS TEXT) END` + db.dialect.byteOrder() + `,
		CASE benefit_group WHEN '' THEN 'all' ELSE benefit_group END` + db.dialect.byteOrder() + `, period_first, period_last`
	q = db.rebind(q)
	sorted := make([]int, len(figures.Figures)) // indexes of figures.Figures by id
	for i := range sorted {
		sorted[i] = i
	}
	slices.SortFunc(sorted, func(a, b int) int { return strings.Compare(figures.Figures[a], figures.Figures[b]) })
	var cells int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+q+`) AS q`, args...).Scan(&cells); err != nil {
		return nil, set, fmt.Errorf("find figures: %w", err)
	}
	out := make([]figures.Row, 0, cells*len(figures.Figures))
	values := make([]sql.NullFloat64, len(figures.Figures))
	dest := make([]any, 4+len(values))
	var first, last int64
	var muni int
	var group string
	dest[0], dest[1], dest[2], dest[3] = &first, &last, &muni, &group
	for i := range values {
		dest[4+i] = &values[i]
	}
	err = query(ctx, db.db, q, func(rs *sql.Rows) error {
		if err := rs.Scan(dest...); err != nil {
			return err
		}
		p := figures.Period{First: pejling.Date(first), Last: pejling.Date(last)}
		if len(f.Periods) > 0 && !slices.Contains(f.Periods, p) {
			return nil
		}
		for _, i := range sorted {
			id := figures.Figures[i]
			if !wantFigure(id) || (group != "" && (id == figures.CooperationRate || id == figures.PublicSupportRate)) {
				continue
			}
			out = append(out, figures.Row{Municipality: muni, Group: pejling.BenefitGroup(group), Period: p,
				Figure: id, Value: values[i].Float64, Valid: values[i].Valid})
		}
		return nil
	}, args...)
	if err != nil {
		return nil, set, fmt.Errorf("find figures: %w", err)
	}
	return out, set, nil
}

// FigureSetPeriods returns the periods the newest figure set holds, in order.
func (db *DB) FigureSetPeriods(ctx context.Context) ([]figures.Period, error) {
	set, err := db.FindFigureSet(ctx)
	if err != nil {
		return nil, err
	}
	var ps []figures.Period
	// A computed set has the cell (all, all) in every period; an imported one need not.
	q := `SELECT DISTINCT period_first, period_last FROM figure_cells WHERE set_id = ? AND municipality = 0 AND benefit_group = ''`
	if set.Source == SourceAggregates {
		q = `SELECT DISTINCT period_first, period_last FROM figure_cells WHERE set_id = ?`
	}
	err = query(ctx, db.db, db.rebind(q),
		func(rs *sql.Rows) error {
			var first, last int64
			if err := rs.Scan(&first, &last); err != nil {
				return err
			}
			ps = append(ps, figures.Period{First: pejling.Date(first), Last: pejling.Date(last)})
			return nil
		}, set.ID)
	slices.SortFunc(ps, func(a, b figures.Period) int {
		return cmp.Or(cmp.Compare(a.First, b.First), cmp.Compare(a.Last, b.Last))
	})
	return ps, err
}

// placeholders returns n comma-separated parameter markers.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
