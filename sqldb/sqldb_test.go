package sqldb_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
)

// opener opens a new, empty store for a test and closes it when the test ends.
type opener func(testing.TB) *sqldb.DB

// MustOpenDB opens a new, empty SQLite store in the test's temporary folder and closes
// it when the test ends.
func MustOpenDB(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return mustOpen(tb, filepath.Join(tb.TempDir(), "pejling.db"))
}

// MustOpenPostgres opens a new, empty store in a PostgreSQL database of the test's own
// (pgtest), or skips the test when no server is reachable.
func MustOpenPostgres(tb testing.TB) *sqldb.DB {
	tb.Helper()
	return mustOpen(tb, pgtest.NewDatabase(tb))
}

func mustOpen(tb testing.TB, dsn string) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// forEachDB runs test as the subtests SQLite and PostgreSQL, each with the opener of
// its database: every store test runs on both.
func forEachDB(t *testing.T, test func(t *testing.T, open opener)) {
	t.Helper()
	t.Run("SQLite", func(t *testing.T) { test(t, MustOpenDB) })
	t.Run("PostgreSQL", func(t *testing.T) { test(t, MustOpenPostgres) })
}

// dsns gives a fresh database of each kind by name, for tests that open a store more
// than once.
func dsns(t *testing.T, test func(t *testing.T, newDSN func(testing.TB) string)) {
	t.Helper()
	t.Run("SQLite", func(t *testing.T) {
		test(t, func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "pejling.db") })
	})
	t.Run("PostgreSQL", func(t *testing.T) { test(t, pgtest.NewDatabase) })
}

func TestOpen(t *testing.T) {
	dsns(t, func(t *testing.T, newDSN func(testing.TB) string) {
		t.Run("MigratesOnce", func(t *testing.T) {
			dsn := newDSN(t)
			for i := 0; i < 2; i++ {
				db, err := sqldb.Open(context.Background(), dsn)
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
		t.Run("ConcurrentOpens", func(t *testing.T) {
			// Two processes starting at once: the migration lock lets one migrate.
			dsn := newDSN(t)
			errs := make(chan error, 4)
			for range 4 {
				go func() {
					db, err := sqldb.Open(context.Background(), dsn)
					if err == nil {
						db.Close()
					}
					errs <- err
				}()
			}
			for range 4 {
				if err := <-errs; err != nil {
					t.Fatal(err)
				}
			}
		})
	})
	t.Run("PostgresUnreachable", func(t *testing.T) {
		if _, err := sqldb.Open(context.Background(), "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("Empty", func(t *testing.T) {
		if _, err := sqldb.Open(context.Background(), ""); err == nil {
			t.Fatal("want an error")
		}
	})
}
