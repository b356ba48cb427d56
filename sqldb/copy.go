package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pejling/pejling"
)

// copyAndMerge is write on PostgreSQL. Each batch goes with COPY (pgx's CopyFrom, the
// binary protocol) into a temporary staging table of the import transaction, and from
// there into the table in one statement with the same upsert as on SQLite: a record
// whose key an earlier import holds replaces it, one whose key this import already
// wrote changes nothing. Within the batch the first line of a key is merged (DISTINCT
// ON: PostgreSQL's ON CONFLICT may not touch a row twice in one statement).
//
// Duplicates are then found as on SQLite, only when the merge changed fewer rows than
// the batch holds: every staged record whose key the table now holds from this import
// with another line repeats that line — an earlier batch's, or the batch's own first.
//
// A table that was empty when the import began takes its batches by COPY directly,
// without staging, as long as no batch breaks its primary key: every row is then new
// and of this import, which is what the merge would have made of it. The first batch
// that does break it is undone (to a savepoint) and goes, with every later one,
// through staging and the merge, which finds the duplicates.
func copyAndMerge[T any](ctx context.Context, t *importTx, tb *table[T], rows []T, lines []int) ([]pejling.Duplicate, error) {
	cols := append(append([]string{}, tb.cols...), "import_id", "line")
	if !t.hadRows[tb.name] && !t.merging[tb.name] {
		if _, err := t.tx.ExecContext(ctx, "SAVEPOINT direct_copy"); err != nil {
			return nil, fmt.Errorf("copy %s: %w", tb.name, err)
		}
		err := copyRowsInto(ctx, t, tb.name, cols, &copyRows[T]{tb: tb, rows: rows, lines: lines, id: t.id})
		if err == nil {
			if _, err := t.tx.ExecContext(ctx, "RELEASE SAVEPOINT direct_copy"); err != nil {
				return nil, fmt.Errorf("copy %s: %w", tb.name, err)
			}
			return nil, nil
		}
		if pgCode(err) != "23505" { // unique_violation: a duplicate key
			return nil, fmt.Errorf("copy %s lines %d–%d: %w", tb.name, lines[0], lines[len(lines)-1], err)
		}
		if _, err := t.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT direct_copy"); err != nil {
			return nil, fmt.Errorf("copy %s: %w", tb.name, err)
		}
		t.merging[tb.name] = true
	}
	stage := "stage_" + tb.name
	if !t.staged[tb.name] {
		if _, err := t.tx.ExecContext(ctx, "CREATE TEMP TABLE "+stage+" (LIKE "+tb.name+") ON COMMIT DROP"); err != nil {
			return nil, fmt.Errorf("create staging table for %s: %w", tb.name, err)
		}
		t.staged[tb.name] = true
	}
	if err := copyRowsInto(ctx, t, stage, cols, &copyRows[T]{tb: tb, rows: rows, lines: lines, id: t.id}); err != nil {
		return nil, fmt.Errorf("copy %s lines %d–%d: %w", tb.name, lines[0], lines[len(lines)-1], err)
	}
	key := strings.Join(tb.cols[:tb.keyLen], ", ")
	merge := fmt.Sprintf("INSERT INTO %[1]s (%[2]s) SELECT DISTINCT ON (%[3]s) %[2]s FROM %[4]s ORDER BY %[3]s, line",
		tb.name, strings.Join(cols, ", "), key, stage) + tb.onConflict()
	res, err := t.tx.ExecContext(ctx, merge)
	if err != nil {
		return nil, fmt.Errorf("write %s lines %d–%d: %w", tb.name, lines[0], lines[len(lines)-1], err)
	}
	var dups []pejling.Duplicate
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if int(n) < len(rows) {
		conds := make([]string, tb.keyLen)
		for i, c := range tb.cols[:tb.keyLen] {
			conds[i] = "t." + c + " = s." + c
		}
		q := fmt.Sprintf(`SELECT s.line, t.line FROM %s s JOIN %s t ON %s
			WHERE t.import_id = $1 AND t.line <> s.line ORDER BY s.line`, stage, tb.name, strings.Join(conds, " AND "))
		err := query(ctx, t.tx, q, func(rs *sql.Rows) error {
			var d pejling.Duplicate
			if err := rs.Scan(&d.Line, &d.FirstLine); err != nil {
				return err
			}
			dups = append(dups, d)
			return nil
		}, t.id)
		if err != nil {
			return nil, fmt.Errorf("look up duplicates in %s: %w", tb.name, err)
		}
	}
	if _, err := t.tx.ExecContext(ctx, "TRUNCATE "+stage); err != nil {
		return nil, fmt.Errorf("empty staging table of %s: %w", tb.name, err)
	}
	return dups, nil
}

// pgCode returns the SQLSTATE of a PostgreSQL error, or "".
func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// copyRowsInto copies src into table on the import's connection, inside its transaction.
func copyRowsInto(ctx context.Context, t *importTx, table string, cols []string, src pgx.CopyFromSource) error {
	return t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return errors.New("not a pgx connection")
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, src)
		return err
	})
}

// copyRows hands a batch to CopyFrom row by row, with the import id and line of each.
type copyRows[T any] struct {
	tb    *table[T]
	rows  []T
	lines []int
	id    int64
	i     int
	vals  []any
}

func (c *copyRows[T]) Next() bool {
	c.i++
	return c.i <= len(c.rows)
}

// Values reuses one slice: CopyFrom encodes a row before it asks for the next.
func (c *copyRows[T]) Values() ([]any, error) {
	r := c.i - 1
	c.vals = c.tb.values(c.vals[:0], &c.rows[r])
	c.vals = append(c.vals, c.id, int64(c.lines[r]))
	return c.vals, nil
}

func (c *copyRows[T]) Err() error { return nil }
