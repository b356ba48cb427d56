package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

// openStoreAt opens (creating) the store at path and closes it when the test ends.
func openStoreAt(tb testing.TB, path string) *sqldb.DB {
	tb.Helper()
	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// generateDemo writes a demo data set of n persons into a new folder.
func generateDemo(tb testing.TB, n int, seed int64) string {
	tb.Helper()
	dir := tb.TempDir()
	if _, err := demodata.Generate(context.Background(), demodata.Config{Persons: n, Seed: seed, Out: dir}, nil); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// storeState sums up the data and the imports of a store in one read transaction.
func storeState(tb testing.TB, db *sql.DB) string {
	tb.Helper()
	tx, err := db.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	var b strings.Builder
	for _, q := range []string{
		"SELECT count(*), total(start_day) + total(fraction) FROM benefit_spells",
		"SELECT count(*), total(start_day) + total(hours_per_week) FROM activation_spells",
		"SELECT count(*), total(start_day) FROM employment_spells",
		"SELECT count(*), total(amount_dkk) FROM expenditure",
		"SELECT count(*), total(id) FROM imports",
		"SELECT count(*), total(row_count) FROM table_counts",
	} {
		var n int64
		var sum float64
		if err := tx.QueryRow(q).Scan(&n, &sum); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
		fmt.Fprintf(&b, "%d/%.4f;", n, sum)
	}
	return b.String()
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := openStoreAt(t, filepath.Join(dir, "live.db"))
	if _, _, err := importer.Load(ctx, generateDemo(t, 600, 3), db, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	state := storeState(t, db.SQL())

	t.Run("Snapshot", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := db.Backup(ctx, path); err != nil {
			t.Fatal(err)
		}
		b := openStoreAt(t, path)
		if err := b.IntegrityCheck(ctx); err != nil {
			t.Fatal(err)
		}
		if got := storeState(t, b.SQL()); got != state {
			t.Fatalf("backup holds %s, want %s", got, state)
		}
		if _, err := os.Stat(path + ".partial"); !os.IsNotExist(err) {
			t.Fatalf("a .partial file is left: %v", err)
		}
	})
	t.Run("File", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := sqldb.BackupFile(ctx, db.DSN, path); err != nil {
			t.Fatal(err)
		}
		if got := storeState(t, openStoreAt(t, path).SQL()); got != state {
			t.Fatalf("backup holds %s, want %s", got, state)
		}
		missing := filepath.Join(t.TempDir(), "none.db")
		if err := sqldb.BackupFile(ctx, missing, path+"2"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Fatalf("missing store: err = %v", err)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Fatalf("a store was created at %s", missing)
		}
		text := writeTempFile(t, []byte("not a store"))
		if err := sqldb.BackupFile(ctx, text, path+"3"); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Fatalf("not a store: err = %v", err)
		}
	})
	t.Run("Exists", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := os.WriteFile(path, []byte("keep"), 0o644); err != nil {
			t.Fatal(err)
		}
		err := db.Backup(ctx, path)
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "exists") {
			t.Fatalf("err = %v", err)
		}
		if b, _ := os.ReadFile(path); string(b) != "keep" {
			t.Fatalf("the existing file was changed: %q", b)
		}
	})
	t.Run("Itself", func(t *testing.T) {
		if err := db.Backup(ctx, db.DSN); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		path := filepath.Join(t.TempDir(), "backup.db")
		if err := db.Backup(cctx, path); err == nil {
			t.Fatal("want an error")
		}
		for _, p := range []string{path, path + ".partial"} {
			if _, err := os.Stat(p); !os.IsNotExist(err) {
				t.Fatalf("%s is left: %v", p, err)
			}
		}
	})
	t.Run("Postgres", func(t *testing.T) {
		pg := *db // only the DSN decides
		pg.DSN = "postgres://localhost/pejling"
		err := pg.Backup(ctx, filepath.Join(t.TempDir(), "b.db"))
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "pg_dump") {
			t.Fatalf("err = %v", err)
		}
		err = sqldb.Restore(ctx, filepath.Join(t.TempDir(), "b.db"), "postgresql://localhost/pejling")
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "pg_restore") {
			t.Fatalf("err = %v", err)
		}
	})

	// Backups taken while an import runs hold the state before or after it, whole.
	t.Run("DuringImport", func(t *testing.T) {
		persons := 3000
		if raceEnabled {
			persons = 600
		}
		data := generateDemo(t, persons, 4)
		done := make(chan error, 1)
		go func() {
			_, _, err := importer.Load(ctx, data, db, importer.Options{})
			done <- err
		}()
		var paths []string
		for running := true; running; {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
				running = false
			default:
				// Both through the open store and as a separate process would.
				p := filepath.Join(t.TempDir(), "b.db")
				backup := db.Backup
				if len(paths)%2 == 1 {
					backup = func(ctx context.Context, path string) error { return sqldb.BackupFile(ctx, db.DSN, path) }
				}
				if err := backup(ctx, p); err != nil {
					t.Fatal(err)
				}
				paths = append(paths, p)
			}
		}
		after := storeState(t, db.SQL())
		var old, new int
		for _, p := range paths {
			b := openStoreAt(t, p)
			switch storeState(t, b.SQL()) {
			case state:
				old++
			case after:
				new++
			default:
				t.Fatalf("backup %s holds neither the state before nor after the import", p)
			}
		}
		t.Logf("%d backups during the import: %d before, %d after", len(paths), old, new)
		if old == 0 {
			t.Error("no backup was taken while the import ran")
		}
	})
}

func TestRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db := openStoreAt(t, live)
	if _, _, err := importer.Load(ctx, generateDemo(t, 300, 5), db, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	state := storeState(t, db.SQL())
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// other is a store with other data, closed, as a stopped server leaves it.
	other := func(t *testing.T) (string, string) {
		path := filepath.Join(t.TempDir(), "other.db")
		o, err := sqldb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer o.Close()
		if _, _, err := importer.Load(ctx, benefitDataSet(t, 6, 50), o, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		return path, storeState(t, o.SQL())
	}
	stateOf := func(t *testing.T, path string) string {
		s, err := sqldb.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.IntegrityCheck(ctx); err != nil {
			t.Fatal(err)
		}
		return storeState(t, s.SQL())
	}

	t.Run("RoundTrip", func(t *testing.T) {
		target, _ := other(t)
		if err := sqldb.Restore(ctx, backup, target); err != nil {
			t.Fatal(err)
		}
		if got := stateOf(t, target); got != state {
			t.Fatalf("restored %s, want %s", got, state)
		}
		for _, suffix := range []string{".restoring"} {
			if _, err := os.Stat(target + suffix); !os.IsNotExist(err) {
				t.Fatalf("%s is left: %v", suffix, err)
			}
		}
	})
	t.Run("NewStore", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "new", "p.db")
		if err := sqldb.Restore(ctx, backup, target); err != nil {
			t.Fatal(err)
		}
		if got := stateOf(t, target); got != state {
			t.Fatalf("restored %s, want %s", got, state)
		}
	})

	refused := []struct {
		name   string
		backup func(t *testing.T) string
		code   string
		msg    string
	}{
		{"Missing", func(t *testing.T) string { return filepath.Join(t.TempDir(), "none.db") }, pejling.ENOTFOUND, "does not exist"},
		{"NotADatabase", func(t *testing.T) string { return writeTempFile(t, []byte("SQLite? no.\n")) }, pejling.EINVALID, "not a SQLite database"},
		{"Empty", func(t *testing.T) string { return writeTempFile(t, nil) }, pejling.EINVALID, "not a SQLite database"},
		{"Truncated", func(t *testing.T) string {
			b, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			return writeTempFile(t, b[:len(b)-4096])
		}, pejling.EINVALID, "truncated"},
		{"Corrupt", func(t *testing.T) string {
			b, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			for i := len(b) / 2; i < len(b)/2+8192; i++ {
				b[i] ^= 0x5a
			}
			return writeTempFile(t, b)
		}, pejling.EINVALID, ""},
		{"NotPejling", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "plain.db")
			s, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Exec("CREATE TABLE t (x INTEGER)"); err != nil {
				t.Fatal(err)
			}
			return path
		}, pejling.EINVALID, "not a Pejling store"},
		{"NewerSchema", func(t *testing.T) string {
			path := filepath.Join(t.TempDir(), "newer.db")
			b, err := os.ReadFile(backup)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if _, err := s.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', '2030-01-01T00:00:00Z')"); err != nil {
				t.Fatal(err)
			}
			return path
		}, pejling.EINVALID, "newer than this pejling knows"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			target, before := other(t)
			err := sqldb.Restore(ctx, tc.backup(t), target)
			if pejling.ErrorCode(err) != tc.code || !strings.Contains(pejling.ErrorMessage(err), tc.msg) {
				t.Fatalf("err = %v; want %s %q", err, tc.code, tc.msg)
			}
			if got := stateOf(t, target); got != before {
				t.Fatalf("the target changed: %s, want %s", got, before)
			}
			if _, err := os.Stat(target + ".restoring"); !os.IsNotExist(err) {
				t.Fatalf(".restoring is left: %v", err)
			}
		})
	}

	t.Run("InUse", func(t *testing.T) {
		target, before := other(t)
		open := openStoreAt(t, target)
		err := sqldb.Restore(ctx, backup, target)
		if pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Fatalf("err = %v, want ECONFLICT", err)
		}
		if got := storeState(t, open.SQL()); got != before {
			t.Fatalf("the target changed: %s, want %s", got, before)
		}
	})
}

func writeTempFile(t *testing.T, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "file.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
