package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" database/sql driver
)

// figureValues maps a long-form key (see key) to its value; nil is an empty value.
type figureValues map[string]*float64

// key is the long-form key of §9: municipality, group, period and figure id.
func key(m, g, first, last, figure string) string {
	return m + "," + g + "," + first + "," + last + "," + figure
}

// duckRun is what one DuckDB computation reports.
type duckRun struct {
	values  figureValues
	elapsed time.Duration
	version string
	threads string
}

// trace, when set, receives the time of every statement.
var trace io.Writer

// execAll runs statements one by one on conn, saying which failed.
func execAll(ctx context.Context, conn *sql.Conn, stmts []string) error {
	for _, s := range stmts {
		start := time.Now()
		if _, err := conn.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("duckdb: %w\nin: %s", err, s)
		}
		if trace != nil {
			fmt.Fprintf(trace, "%6.2fs  %.70s\n", time.Since(start).Seconds(), strings.Join(strings.Fields(s), " "))
		}
	}
	return nil
}

// loadDuckDB opens the DuckDB database at path ("" = in memory) and reads the data set
// in dir into it; the caller closes db and conn.
func loadDuckDB(ctx context.Context, path, dir string) (*sql.DB, *sql.Conn, error) {
	stmts, err := loadStatements(dir)
	if err != nil {
		return nil, nil, err
	}
	db, conn, err := openDuckDB(ctx, path)
	if err != nil {
		return nil, nil, err
	}
	if err := execAll(ctx, conn, stmts); err != nil {
		conn.Close()
		db.Close()
		return nil, nil, err
	}
	return db, conn, nil
}

// openDuckDB opens a DuckDB database and one connection: temporary tables belong to a
// connection, so every statement of a run goes through the same one.
func openDuckDB(ctx context.Context, path string) (*sql.DB, *sql.Conn, error) {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, nil, fmt.Errorf("opening duckdb %q: %w", path, err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("connecting to duckdb %q: %w", path, err)
	}
	return db, conn, nil
}

// computeDuckDB runs the figure statements on conn (tables b, a, emp, co, facts, munis
// loaded) and reads the result into long form.
func computeDuckDB(ctx context.Context, conn *sql.Conn, ps []period, asOf time.Time) (figureValues, error) {
	stmts := figureStatements(ps, asOf)
	if err := execAll(ctx, conn, stmts[:len(stmts)-1]); err != nil {
		return nil, err
	}
	rows, err := conn.QueryContext(ctx, stmts[len(stmts)-1])
	if err != nil {
		return nil, fmt.Errorf("duckdb figures query: %w", err)
	}
	defer rows.Close()
	values := figureValues{}
	var m, g, first, last string
	nums := make([]sql.NullFloat64, len(figureColumns))
	dest := []any{&m, &g, &first, &last}
	for i := range nums {
		dest = append(dest, &nums[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("duckdb figures row: %w", err)
		}
		for i, f := range figureColumns {
			if g != "all" && (f == "cooperation_rate" || f == "public_support_rate") {
				continue
			}
			var v *float64
			if nums[i].Valid {
				x := nums[i].Float64
				v = &x
			}
			values[key(m, g, first, last, f)] = v
		}
	}
	return values, rows.Err()
}

// duckInfo reports the linked DuckDB version and its thread count.
func duckInfo(ctx context.Context, conn *sql.Conn) (version, threads string, err error) {
	err = conn.QueryRowContext(ctx, "SELECT version(), current_setting('threads')::VARCHAR").Scan(&version, &threads)
	return version, strings.TrimSpace(threads), err
}
