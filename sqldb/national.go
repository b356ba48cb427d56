package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// National data (migrations/0004_national_data.sql, docs/data-model.md "National
// data"): framework variables, StatBank tables and figure sets of national aggregates.
// Each is written whole in one transaction, so readers see the old rows or the new.

// SaveAggregateFigureSet stores rows, key figures imported from the file name rather
// than computed, as the newest figure set (Source SourceAggregates) and deletes the
// older ones, in one transaction. The rows may come in any order; a figure a cell does
// not give is stored empty. The set records the newest import of the store at the time
// (0 when there is none), so that a later register import makes it stale and the
// recomputed set replaces it, while one made before it does not.
func (db *DB) SaveAggregateFigureSet(ctx context.Context, name string, rows []figures.Row) (FigureSet, error) {
	set := FigureSet{ComputedAt: db.Now().UTC(), Source: SourceAggregates, Name: name}
	rows = slices.Clone(rows)
	slices.SortFunc(rows, func(a, b figures.Row) int {
		return cmp.Or(cmp.Compare(a.Period.First, b.Period.First), cmp.Compare(a.Period.Last, b.Period.Last),
			cmp.Compare(a.Municipality, b.Municipality), strings.Compare(string(a.Group), string(b.Group)))
	})
	periods := map[figures.Period]bool{}
	for _, r := range rows {
		periods[r.Period] = true
		set.AsOf = max(set.AsOf, r.Period.Last)
	}
	set.Periods = len(periods)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return set, fmt.Errorf("save aggregates: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM imports`).Scan(&set.ImportID); err != nil {
		return set, fmt.Errorf("save aggregates: %w", err)
	}
	if err := db.writeFigureSet(ctx, tx, &set, slices.Values(rows)); err != nil {
		return set, err
	}
	if err := tx.Commit(); err != nil {
		return set, fmt.Errorf("save aggregates: %w", err)
	}
	return set, nil
}

// FrameworkSourceStatBank is the prefix of the framework source a StatBank table's
// values are derived into: "statbank:AUK01".
const FrameworkSourceStatBank = "statbank:"

// ReplaceFrameworkValues replaces every framework value of source with facts (lines[i]
// is the file line of facts[i], or 0) in one transaction, and makes source the most
// recently imported one. Keys must be unique within facts.
func (db *DB) ReplaceFrameworkValues(ctx context.Context, source string, facts []pejling.MunicipalityFact, lines []int) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("import framework values: %w", err)
	}
	defer tx.Rollback()
	if err := db.replaceFramework(ctx, tx, source, facts, lines); err != nil {
		return fmt.Errorf("import framework values: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("import framework values: %w", err)
	}
	return nil
}

func (db *DB) replaceFramework(ctx context.Context, tx *sql.Tx, source string, facts []pejling.MunicipalityFact, lines []int) error {
	if db.Postgres() {
		// One framework import at a time: the next seq is read, then written.
		if _, err := tx.ExecContext(ctx, `LOCK TABLE framework_sources IN EXCLUSIVE MODE`); err != nil {
			return err
		}
	}
	if err := db.deleteFramework(ctx, tx, source); err != nil {
		return err
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM framework_sources`).Scan(&seq); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO framework_sources (source, seq, imported_at, rows_total) VALUES (?, ?, ?, ?)`),
		source, seq, db.Now().UTC().Format(time.RFC3339Nano), len(facts)); err != nil {
		return err
	}
	return db.insertRows(ctx, tx, "framework_values", []string{"source", "municipality", "year", "variable", "value", "line"}, len(facts),
		func(i int, args []any) []any {
			f := facts[i]
			line := 0
			if lines != nil {
				line = lines[i]
			}
			return append(args, source, f.Municipality, f.Year, f.Variable, f.Value, line)
		})
}

func (db *DB) deleteFramework(ctx context.Context, tx *sql.Tx, source string) error {
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM framework_values WHERE source = ?`), source); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM framework_sources WHERE source = ?`), source)
	return err
}

// ReadFrameworkValues returns the stored framework values sorted by municipality,
// variable and year. When two sources give the same municipality, year and variable,
// the value of the source imported most recently wins.
func (db *DB) ReadFrameworkValues(ctx context.Context) ([]pejling.MunicipalityFact, error) {
	type key struct {
		m, y int
		v    string
	}
	won := map[key]float64{}
	err := query(ctx, db.db, `SELECT v.municipality, v.year, v.variable, v.value FROM framework_values v
		JOIN framework_sources s ON s.source = v.source ORDER BY s.seq`, func(rs *sql.Rows) error {
		var k key
		var value float64
		if err := rs.Scan(&k.m, &k.y, &k.v, &value); err != nil {
			return err
		}
		won[k] = value // a later source overwrites
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read framework values: %w", err)
	}
	out := make([]pejling.MunicipalityFact, 0, len(won))
	for k, v := range won {
		out = append(out, pejling.MunicipalityFact{Municipality: k.m, Year: k.y, Variable: k.v, Value: v})
	}
	slices.SortFunc(out, func(a, b pejling.MunicipalityFact) int {
		return cmp.Or(cmp.Compare(a.Municipality, b.Municipality), strings.Compare(a.Variable, b.Variable), cmp.Compare(a.Year, b.Year))
	})
	return out, nil
}

// StatBankTable is one imported StatBank table.
type StatBankTable struct {
	ID       string   // the table id, e.g. "AUK01"
	File     string   // the base name of the file it came from
	DimNames []string // the names of the non-area, non-time columns, in file order
}

// StatBankValue is one stored value of a StatBank table.
type StatBankValue struct {
	Area         string       // the area label as in the file
	AreaKind     string       // municipality, country, region, province, abroad, not stated
	Municipality int          // the code when AreaKind is municipality, else 0
	Dims         []string     // the labels of the table's DimNames
	Period       string       // the normalised time code, e.g. "2023Q1"
	First, Last  pejling.Date // the days the period covers
	Value        float64      // NaN when Missing
	Missing      bool         // ".." in the file
	Line         int          // the file line
}

// DimsKey is the text key of v's dimension labels as stored: a JSON array.
func (v StatBankValue) DimsKey() string { return dimsKey(v.Dims) }

func dimsKey(dims []string) string {
	if dims == nil {
		dims = []string{}
	}
	b, _ := json.Marshal(dims) // strings always marshal
	return string(b)
}

// ReplaceStatBank replaces the rows of table t.ID with values in one transaction. In
// the same transaction, the framework values of source "statbank:"+t.ID are replaced
// by derived when derived is not nil, and deleted when it is: derived values never
// outlive the rows they were derived from. Keys (area, dims, period) must be unique.
func (db *DB) ReplaceStatBank(ctx context.Context, t StatBankTable, values []StatBankValue, derived []pejling.MunicipalityFact) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("import StatBank table %s: %w", t.ID, err)
	}
	defer tx.Rollback()
	if err := db.replaceStatBank(ctx, tx, t, values); err != nil {
		return fmt.Errorf("import StatBank table %s: %w", t.ID, err)
	}
	source := FrameworkSourceStatBank + t.ID
	if derived != nil {
		err = db.replaceFramework(ctx, tx, source, derived, nil)
	} else {
		err = db.deleteFramework(ctx, tx, source)
	}
	if err != nil {
		return fmt.Errorf("import StatBank table %s: %w", t.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("import StatBank table %s: %w", t.ID, err)
	}
	return nil
}

func (db *DB) replaceStatBank(ctx context.Context, tx *sql.Tx, t StatBankTable, values []StatBankValue) error {
	for _, q := range []string{`DELETE FROM statbank_values WHERE table_id = ?`, `DELETE FROM statbank_tables WHERE table_id = ?`} {
		if _, err := tx.ExecContext(ctx, db.rebind(q), t.ID); err != nil {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO statbank_tables (table_id, file, dim_names, imported_at, rows_total) VALUES (?, ?, ?, ?, ?)`),
		t.ID, t.File, dimsKey(t.DimNames), db.Now().UTC().Format(time.RFC3339Nano), len(values)); err != nil {
		return err
	}
	return db.insertRows(ctx, tx, "statbank_values", []string{"table_id", "area", "dims", "period", "area_kind", "municipality",
		"period_first", "period_last", "value", "line"}, len(values), func(i int, args []any) []any {
		v := values[i]
		var value any
		if !v.Missing {
			value = v.Value
		}
		return append(args, t.ID, v.Area, v.DimsKey(), v.Period, v.AreaKind, v.Municipality, int64(v.First), int64(v.Last), value, v.Line)
	})
}

// FindStatBankTable returns the stored table id, or ENOTFOUND.
func (db *DB) FindStatBankTable(ctx context.Context, id string) (StatBankTable, error) {
	t := StatBankTable{ID: id}
	var names string
	err := db.db.QueryRowContext(ctx, db.rebind(`SELECT file, dim_names FROM statbank_tables WHERE table_id = ?`), id).Scan(&t.File, &names)
	if err == sql.ErrNoRows {
		return t, pejling.Errorf(pejling.ENOTFOUND, "no StatBank table %s is stored: import it with pejling import-statbank", id)
	}
	if err != nil {
		return t, fmt.Errorf("find StatBank table %s: %w", id, err)
	}
	if err := json.Unmarshal([]byte(names), &t.DimNames); err != nil {
		return t, fmt.Errorf("find StatBank table %s: %w", id, err)
	}
	return t, nil
}

// ReadStatBank returns the stored values of table, sorted by area kind (municipalities
// first, in the order of StatBankArea), municipality code, area label, dimension key
// and period; ENOTFOUND when the table is not stored.
func (db *DB) ReadStatBank(ctx context.Context, table string) ([]StatBankValue, error) {
	if _, err := db.FindStatBankTable(ctx, table); err != nil {
		return nil, err
	}
	var out []StatBankValue
	err := query(ctx, db.db, db.rebind(`SELECT area, area_kind, municipality, dims, period, period_first, period_last, value, line
		FROM statbank_values WHERE table_id = ?`), func(rs *sql.Rows) error {
		var v StatBankValue
		var dims string
		var first, last int64
		var value sql.NullFloat64
		if err := rs.Scan(&v.Area, &v.AreaKind, &v.Municipality, &dims, &v.Period, &first, &last, &value, &v.Line); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(dims), &v.Dims); err != nil {
			return err
		}
		v.First, v.Last = pejling.Date(first), pejling.Date(last)
		v.Value, v.Missing = value.Float64, !value.Valid
		if v.Missing {
			v.Value = math.NaN()
		}
		out = append(out, v)
		return nil
	}, table)
	if err != nil {
		return nil, fmt.Errorf("read StatBank table %s: %w", table, err)
	}
	kinds := []string{"municipality", "country", "region", "province", "abroad", "not stated"}
	slices.SortFunc(out, func(a, b StatBankValue) int {
		return cmp.Or(cmp.Compare(slices.Index(kinds, a.AreaKind), slices.Index(kinds, b.AreaKind)),
			cmp.Compare(a.Municipality, b.Municipality), strings.Compare(a.Area, b.Area),
			slices.Compare(a.Dims, b.Dims), cmp.Compare(a.First, b.First), cmp.Compare(a.Last, b.Last))
	})
	return out, nil
}

// insertRows inserts n rows into table, many to a statement; row appends the values of
// row i to args and returns it.
func (db *DB) insertRows(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int, args []any) []any) error {
	const perStatement = 200
	one := "(" + placeholders(len(cols)) + ")"
	args := make([]any, 0, perStatement*len(cols))
	for start := 0; start < n; start += perStatement {
		end := min(n, start+perStatement)
		args = args[:0]
		for i := start; i < end; i++ {
			args = row(i, args)
		}
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat(one+", ", end-start), ", ")
		if _, err := tx.ExecContext(ctx, db.rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}

// NationalCount is the number of rows of one framework source or StatBank table.
type NationalCount struct {
	Name string
	Rows int64
}

// NationalStatus returns the stored framework sources, in the order they were
// imported, and the stored StatBank tables by id, each with its rows.
func (db *DB) NationalStatus(ctx context.Context) (framework, statbank []NationalCount, err error) {
	read := func(q string, out *[]NationalCount) error {
		return query(ctx, db.db, q, func(rs *sql.Rows) error {
			var c NationalCount
			if err := rs.Scan(&c.Name, &c.Rows); err != nil {
				return err
			}
			*out = append(*out, c)
			return nil
		})
	}
	if err := read(`SELECT source, rows_total FROM framework_sources ORDER BY seq`, &framework); err != nil {
		return nil, nil, fmt.Errorf("national status: %w", err)
	}
	if err := read(`SELECT table_id, rows_total FROM statbank_tables ORDER BY table_id`, &statbank); err != nil {
		return nil, nil, fmt.Errorf("national status: %w", err)
	}
	return framework, statbank, nil
}
