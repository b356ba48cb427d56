package sqldb

import (
	"context"
	"fmt"
	"time"

	"github.com/pejling/pejling"
)

// dataTables are the tables of register data, in the order they are reported.
var dataTables = []string{"benefit_spells", "activation_spells", "employment_spells",
	"companies", "municipality_facts", "expenditure"}

// Status returns what the store holds. The rows per table are those counted when the
// last import committed (imports are the only writers of the data tables).
func (db *DB) Status(ctx context.Context) (pejling.StoreStatus, error) {
	var st pejling.StoreStatus
	counts := map[string]int64{}
	rows, err := db.db.QueryContext(ctx, "SELECT table_name, row_count FROM table_counts")
	if err != nil {
		return st, fmt.Errorf("read table counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tb string
		var n int64
		if err := rows.Scan(&tb, &n); err != nil {
			return st, fmt.Errorf("read table counts: %w", err)
		}
		counts[tb] = n
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("read table counts: %w", err)
	}
	for _, tb := range dataTables {
		st.Tables = append(st.Tables, pejling.TableCount{Table: tb, Rows: counts[tb]})
	}
	imps, err := db.FindImports(ctx)
	if err != nil {
		return st, err
	}
	st.Imports = imps
	for _, imp := range imps {
		if imp.AsOf > st.AsOf {
			st.AsOf, st.Name = imp.AsOf, imp.Name
		}
	}
	return st, nil
}

// FindImports returns the committed imports, newest first.
func (db *DB) FindImports(ctx context.Context) ([]pejling.Import, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, source, as_of, name, started_at, finished_at, rows_total
		FROM imports ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("find imports: %w", err)
	}
	defer rows.Close()
	var imps []pejling.Import
	for rows.Next() {
		var imp pejling.Import
		var asOf int64
		var started, finished string
		if err := rows.Scan(&imp.ID, &imp.Source, &asOf, &imp.Name, &started, &finished, &imp.Rows); err != nil {
			return nil, fmt.Errorf("find imports: %w", err)
		}
		imp.AsOf = pejling.Date(asOf)
		imp.StartedAt, _ = time.Parse(time.RFC3339Nano, started)
		imp.FinishedAt, _ = time.Parse(time.RFC3339Nano, finished)
		imps = append(imps, imp)
	}
	return imps, rows.Err()
}
