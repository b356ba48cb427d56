package sqldb

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// Ensure DB implements the import service.
var _ pejling.ImportService = (*DB)(nil)

// rowsPerStatement is how many records one INSERT carries: SQLite's cost is per
// statement as much as per row, and 100 rows × 11 columns stays far below its limit of
// bound parameters.
var rowsPerStatement = 100

// importTx is one import: a single write transaction in which every record is upserted
// on its natural key, so nothing is visible, and nothing changes, until Commit.
type importTx struct {
	db       *DB
	conn     *sql.Conn // PostgreSQL: the connection of tx, for COPY
	tx       *sql.Tx
	id       int64
	ds       pejling.Dataset
	source   string
	started  time.Time
	written  map[string]bool // tables this import wrote to
	hadRows  map[string]bool // tables that held rows before this import
	stmts    map[string]*sql.Stmt
	staged   map[string]bool // PostgreSQL: staging tables created in tx
	merging  map[string]bool // PostgreSQL: tables whose batches go through staging
	args     []any
	finished bool
}

// importWait is how long a second import waits for the first before it is refused:
// SQLite's busy timeout (sqliteDSN), and PostgreSQL's lock_timeout on the import lock.
const importWait = "10s"

// importLock is the key of PostgreSQL's advisory lock that serialises imports.
const importLock = 7_352_002

// BeginImport starts an import in one write transaction. The store's import lock is
// taken at once — SQLite's write lock at BEGIN IMMEDIATE, an advisory lock on
// PostgreSQL — so a second import waits up to importWait and is then refused: two
// imports never interleave.
func (db *DB) BeginImport(ctx context.Context, ds pejling.Dataset, source string) (pejling.ImportTx, error) {
	t := &importTx{db: db, ds: ds, source: source, started: db.Now(),
		written: map[string]bool{}, hadRows: map[string]bool{}, stmts: map[string]*sql.Stmt{},
		staged: map[string]bool{}, merging: map[string]bool{}}
	busy := pejling.Errorf(pejling.ECONFLICT, "another import is running on this database; try again when it has finished")
	if db.Postgres() {
		conn, err := db.db.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("begin import: %w", err)
		}
		t.conn = conn
		if t.tx, err = conn.BeginTx(ctx, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("begin import: %w", err)
		}
		if _, err := t.tx.ExecContext(ctx, "SET LOCAL lock_timeout = '"+importWait+"'"); err != nil {
			t.Rollback()
			return nil, fmt.Errorf("begin import: %w", err)
		}
		if _, err := t.tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", importLock); err != nil {
			t.Rollback()
			if pgCode(err) == "55P03" { // lock_not_available
				return nil, busy
			}
			return nil, fmt.Errorf("begin import: %w", err)
		}
		if _, err := t.tx.ExecContext(ctx, "SET LOCAL lock_timeout = 0"); err != nil {
			t.Rollback()
			return nil, fmt.Errorf("begin import: %w", err)
		}
	} else {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			if isBusy(err) {
				return nil, busy
			}
			return nil, fmt.Errorf("begin import: %w", err)
		}
		t.tx = tx
	}
	tx := t.tx
	var newest sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT max(as_of) FROM imports").Scan(&newest); err != nil {
		t.Rollback()
		return nil, fmt.Errorf("begin import: %w", err)
	}
	if newest.Valid && pejling.Date(newest.Int64) > ds.AsOf {
		t.Rollback()
		return nil, pejling.Errorf(pejling.ECONFLICT,
			"the database holds an extract as of %s; this data set is as of %s, older: importing it would turn newer records back, so it is refused",
			pejling.Date(newest.Int64), ds.AsOf)
	}
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM imports").Scan(&t.id); err != nil {
		t.Rollback()
		return nil, fmt.Errorf("begin import: %w", err)
	}
	for _, tb := range dataTables {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM "+tb+" LIMIT 1) AS x").Scan(&n); err != nil {
			t.Rollback()
			return nil, fmt.Errorf("begin import: %w", err)
		}
		t.hadRows[tb] = n > 0
	}
	return t, nil
}

// table describes how one kind of record is stored: its columns with the natural key
// first, and how a record becomes the values of those columns.
type table[T any] struct {
	name   string
	cols   []string // key columns first, then the others; import_id and line follow implicitly
	keyLen int
	values func(dst []any, r *T) []any
}

// upsertSQL is the INSERT of n records. A record whose key exists from an earlier import
// replaces it; one whose key this import already wrote is left out (changes nothing),
// which is how a duplicate within one file is noticed.
func (tb *table[T]) upsertSQL(n int) string {
	var b strings.Builder
	cols := append(append([]string{}, tb.cols...), "import_id", "line")
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", tb.name, strings.Join(cols, ", "))
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	b.WriteString(tb.onConflict())
	return b.String()
}

// onConflict is the clause of upsertSQL and of copyAndMerge's merge that replaces a record of an
// earlier import and leaves one of this import alone.
func (tb *table[T]) onConflict() string {
	var b strings.Builder
	cols := append(append([]string{}, tb.cols...), "import_id", "line")
	fmt.Fprintf(&b, " ON CONFLICT (%s) DO UPDATE SET ", strings.Join(tb.cols[:tb.keyLen], ", "))
	for i, c := range cols[tb.keyLen:] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = excluded.%s", c, c)
	}
	fmt.Fprintf(&b, " WHERE %s.import_id <> excluded.import_id", tb.name)
	return b.String()
}

// write upserts rows in statements of rowsPerStatement records and returns the records
// whose key an earlier record of this import already had.
func write[T any](ctx context.Context, t *importTx, tb *table[T], rows []T, lines []int) ([]pejling.Duplicate, error) {
	if t.finished {
		return nil, errors.New("import already finished")
	}
	if len(rows) != len(lines) {
		panic("sqldb: rows and lines differ in length")
	}
	t.written[tb.name] = true
	if t.conn != nil {
		return copyAndMerge(ctx, t, tb, rows, lines)
	}
	var dups []pejling.Duplicate
	for start := 0; start < len(rows); start += rowsPerStatement {
		end := min(start+rowsPerStatement, len(rows))
		stmt, err := t.stmt(ctx, tb.name, end-start, func(n int) string { return tb.upsertSQL(n) })
		if err != nil {
			return nil, err
		}
		t.args = t.args[:0]
		for i := start; i < end; i++ {
			t.args = tb.values(t.args, &rows[i])
			t.args = append(t.args, t.id, int64(lines[i]))
		}
		res, err := stmt.ExecContext(ctx, t.args...)
		if err != nil {
			if ctx.Err() != nil { // a cancelled import closes its statements: say why
				err = ctx.Err()
			}
			return nil, fmt.Errorf("write %s lines %d–%d: %w", tb.name, lines[start], lines[end-1], err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if int(n) < end-start {
			d, err := findDuplicates(ctx, t, tb, rows[start:end], lines[start:end])
			if err != nil {
				return nil, err
			}
			dups = append(dups, d...)
		}
	}
	return dups, nil
}

// findDuplicates looks up, for a statement that changed fewer rows than it carried, which
// of its records found their key already written by this import from another line.
func findDuplicates[T any](ctx context.Context, t *importTx, tb *table[T], rows []T, lines []int) ([]pejling.Duplicate, error) {
	conds := make([]string, tb.keyLen)
	for i, c := range tb.cols[:tb.keyLen] {
		conds[i] = c + " = ?"
	}
	q := fmt.Sprintf("SELECT import_id, line FROM %s WHERE %s", tb.name, strings.Join(conds, " AND "))
	var dups []pejling.Duplicate
	var vals []any
	for i := range rows {
		vals = tb.values(vals[:0], &rows[i])
		var id, line int64
		if err := t.tx.QueryRowContext(ctx, q, vals[:tb.keyLen]...).Scan(&id, &line); err != nil {
			return nil, fmt.Errorf("look up duplicate in %s: %w", tb.name, err)
		}
		if id == t.id && int(line) != lines[i] {
			dups = append(dups, pejling.Duplicate{Line: lines[i], FirstLine: int(line)})
		}
	}
	return dups, nil
}

// stmt returns the prepared statement for n records of a table, preparing it once.
func (t *importTx) stmt(ctx context.Context, tableName string, n int, text func(int) string) (*sql.Stmt, error) {
	k := fmt.Sprintf("%s/%d", tableName, n)
	if s, ok := t.stmts[k]; ok {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, text(n))
	if err != nil {
		return nil, fmt.Errorf("prepare insert into %s: %w", tableName, err)
	}
	t.stmts[k] = s
	return s, nil
}

func (t *importTx) WriteBenefitSpells(ctx context.Context, rows []pejling.BenefitSpell, lines []int) ([]pejling.Duplicate, error) {
	return write(ctx, t, &benefitSpells, rows, lines)
}

func (t *importTx) WriteActivationSpells(ctx context.Context, rows []pejling.ActivationSpell, lines []int) ([]pejling.Duplicate, error) {
	return write(ctx, t, &activationSpells, rows, lines)
}

func (t *importTx) WriteEmploymentSpells(ctx context.Context, rows []pejling.EmploymentSpell, lines []int) ([]pejling.Duplicate, error) {
	return write(ctx, t, &employmentSpells, rows, lines)
}

func (t *importTx) WriteCompanies(ctx context.Context, rows []pejling.Company, lines []int) ([]pejling.Duplicate, error) {
	return write(ctx, t, &companies, rows, lines)
}

func (t *importTx) WriteMunicipalityFacts(ctx context.Context, rows []pejling.MunicipalityFact, lines []int) ([]pejling.Duplicate, error) {
	return write(ctx, t, &municipalityFacts, rows, lines)
}

func (t *importTx) WriteExpenditure(ctx context.Context, rows []pejling.Expenditure, lines []int) ([]pejling.Duplicate, error) {
	return write(ctx, t, &expenditure, rows, lines)
}

// Commit applies the replacement rule of docs/data-model.md — a newer extract replaces
// the whole history, in each spell file, of every person it names — records the import
// and commits.
func (t *importTx) Commit(ctx context.Context, summary pejling.ImportSummary) (pejling.Import, error) {
	if t.finished {
		return pejling.Import{}, errors.New("import already finished")
	}
	defer t.Rollback()
	for _, tb := range []string{benefitSpells.name, activationSpells.name, employmentSpells.name} {
		if !t.written[tb] || !t.hadRows[tb] {
			continue
		}
		q := fmt.Sprintf(`DELETE FROM %[1]s WHERE import_id <> ?1
			AND person_id IN (SELECT person_id FROM %[1]s WHERE import_id = ?1)`, tb)
		if _, err := t.tx.ExecContext(ctx, t.db.rebind(q), t.id); err != nil {
			return pejling.Import{}, fmt.Errorf("replace earlier records in %s: %w", tb, err)
		}
	}
	for _, tb := range dataTables {
		if _, err := t.tx.ExecContext(ctx, t.db.rebind(`INSERT INTO table_counts (table_name, row_count)
			SELECT CAST(? AS TEXT), count(*) FROM `+tb+` WHERE true
			ON CONFLICT (table_name) DO UPDATE SET row_count = excluded.row_count`), tb); err != nil {
			return pejling.Import{}, fmt.Errorf("count rows of %s: %w", tb, err)
		}
	}
	js, err := json.Marshal(summary)
	if err != nil {
		return pejling.Import{}, err
	}
	imp := pejling.Import{ID: t.id, Source: t.source, AsOf: t.ds.AsOf, Name: t.ds.Name,
		StartedAt: t.started.UTC(), FinishedAt: t.db.Now().UTC(), Rows: summary.Rows()}
	if t.conn != nil {
		// The planner's statistics of the data tables, for the readers and the SQL
		// witness: autovacuum would get there, but later.
		for tb := range t.written {
			if _, err := t.tx.ExecContext(ctx, "ANALYZE "+tb); err != nil {
				return pejling.Import{}, fmt.Errorf("analyze %s: %w", tb, err)
			}
		}
	}
	if _, err := t.tx.ExecContext(ctx, t.db.rebind(`INSERT INTO imports (id, source, as_of, name, started_at, finished_at, rows_total, summary)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), imp.ID, imp.Source, int64(imp.AsOf), imp.Name,
		imp.StartedAt.Format(time.RFC3339Nano), imp.FinishedAt.Format(time.RFC3339Nano), imp.Rows, string(js)); err != nil {
		return pejling.Import{}, fmt.Errorf("record import: %w", err)
	}
	t.closeStmts()
	if err := t.tx.Commit(); err != nil {
		return pejling.Import{}, fmt.Errorf("commit import: %w", err)
	}
	t.finished = true
	t.closeConn()
	return imp, nil
}

// Rollback discards the import. It is safe to call more than once and after Commit.
func (t *importTx) Rollback() error {
	if t.finished {
		return nil
	}
	t.finished = true
	t.closeStmts()
	err := t.tx.Rollback()
	t.closeConn()
	return err
}

// closeConn returns the PostgreSQL connection of the import to the pool.
func (t *importTx) closeConn() {
	if t.conn != nil {
		t.conn.Close()
		t.conn = nil
	}
}

func (t *importTx) closeStmts() {
	for k, s := range t.stmts {
		s.Close()
		delete(t.stmts, k)
	}
}

// isBusy reports whether err is SQLite's "database is locked" or "busy".
func isBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}
