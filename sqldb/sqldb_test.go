package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pejling/pejling/sqldb"
)

// MustOpenDB opens a new, empty store in the test's temporary folder and closes it when
// the test ends.
func MustOpenDB(tb testing.TB) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(tb.TempDir(), "pejling.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestOpen(t *testing.T) {
	t.Run("MigratesOnce", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "x.db")
		for i := 0; i < 2; i++ {
			db, err := sqldb.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			v, err := db.SchemaVersion(context.Background())
			if err != nil || v < 1 {
				t.Fatalf("schema version %d, %v", v, err)
			}
			if err := db.IntegrityCheck(context.Background()); err != nil {
				t.Fatal(err)
			}
			db.Close()
		}
	})
	t.Run("PostgresNotYet", func(t *testing.T) {
		if _, err := sqldb.Open(context.Background(), "postgres://localhost/x"); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if _, err := sqldb.Open(context.Background(), ""); err == nil {
			t.Fatal("want an error")
		}
	})
}
