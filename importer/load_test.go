package importer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

func openDB(t *testing.T) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dataSet writes files into a new folder with a dataset.json as of 2024-12-31.
func dataSet(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["dataset.json"] = `{"as_of":"2024-12-31"}`
	for n, c := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func benefitRows(n int, bad func(i int) bool) string {
	var b strings.Builder
	b.WriteString("person_id,municipality,benefit_group,start_date,end_date\n")
	for i := 0; i < n; i++ {
		end := "2024-06-30"
		if bad != nil && bad(i) {
			end = "2023-01-01" // before start
		}
		fmt.Fprintf(&b, "P%07d,%d,KTH,2024-01-01,%s\n", i, []int{101, 147, 751}[i%3], end)
	}
	return b.String()
}

func TestLoad(t *testing.T) {
	ctx := context.Background()
	t.Run("ManyBatchesWithProgress", func(t *testing.T) {
		db := openDB(t)
		dir := dataSet(t, map[string]string{"benefit_spells.csv": benefitRows(20000, nil)})
		calls := 0
		imp, sum, err := importer.Load(ctx, dir, db, importer.Options{BatchRows: 1000, ProgressEvery: 1,
			Progress: func(p importer.Progress) { calls++ }})
		if err != nil {
			t.Fatal(err)
		}
		if imp.Rows != 20000 || sum.Rows() != 20000 || calls < 2 {
			t.Fatalf("import %+v, summary %+v, %d progress calls", imp, sum, calls)
		}
	})
	t.Run("ProblemsCountedBeyondTheLimit", func(t *testing.T) {
		db := openDB(t)
		dir := dataSet(t, map[string]string{"benefit_spells.csv": benefitRows(5000, func(i int) bool { return i%10 == 0 })})
		_, _, err := importer.Load(ctx, dir, db, importer.Options{MaxProblems: 7, BatchRows: 100})
		var le *importer.LoadError
		if !errors.As(err, &le) || le.Total != 500 || len(le.Problems) != 7 {
			t.Fatalf("got %v", err)
		}
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(err.Error(), "and 493 more") {
			t.Fatalf("code %s, %v", pejling.ErrorCode(err), err)
		}
		if le.Problems[0].Line != 2 || le.Problems[1].Line != 12 {
			t.Fatalf("problems out of order: %v", le.Problems[:2])
		}
		st, _ := db.Status(ctx)
		if st.Tables[0].Rows != 0 || len(st.Imports) != 0 {
			t.Fatalf("store changed: %+v", st)
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		db := openDB(t)
		dir := dataSet(t, map[string]string{"benefit_spells.csv": benefitRows(20000, nil)})
		cctx, cancel := context.WithCancel(ctx)
		_, _, err := importer.Load(cctx, dir, db, importer.Options{BatchRows: 500, ProgressEvery: 1,
			Progress: func(p importer.Progress) {
				if p.Rows > 2000 {
					cancel()
				}
			}})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want context.Canceled", err)
		}
		st, _ := db.Status(ctx)
		if st.Tables[0].Rows != 0 {
			t.Fatalf("store changed: %+v", st.Tables)
		}
	})
	t.Run("NoDataFiles", func(t *testing.T) {
		db := openDB(t)
		dir := dataSet(t, map[string]string{"README.txt": "hello"})
		if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("MissingFolder", func(t *testing.T) {
		db := openDB(t)
		if _, _, err := importer.Load(ctx, filepath.Join(t.TempDir(), "nope"), db, importer.Options{}); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Fatalf("got %v", err)
		}
	})
}

// BenchmarkLoad measures a whole import of generated benefit spells into SQLite.
func BenchmarkLoad(b *testing.B) {
	const n = 200000
	dir := b.TempDir()
	os.WriteFile(filepath.Join(dir, "dataset.json"), []byte(`{"as_of":"2024-12-31"}`), 0o644)
	os.WriteFile(filepath.Join(dir, "benefit_spells.csv"), []byte(benefitRows(n, nil)), 0o644)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db, err := sqldb.Open(context.Background(), filepath.Join(b.TempDir(), "p.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, _, err := importer.Load(context.Background(), dir, db, importer.Options{}); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
