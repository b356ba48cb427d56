package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling/sqldb/pgtest"
)

// TestPostgresSameAsSQLite imports one generated data set into a SQLite file and into a
// PostgreSQL database and checks that the commands give the same answers from both:
// the recomputed figures byte for byte, the stored figure set, the status tables and
// the SQL witness (verify): no differences, over the same number of values.
func TestPostgresSameAsSQLite(t *testing.T) {
	pg := pgtest.NewDatabase(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "5", "--out", data)
	lite := filepath.Join(dir, "p.db")
	for _, db := range []string{lite, pg} {
		mustPejling(t, "import", "--quiet", "--db", db, data)
	}
	if out := mustPejling(t, "migrate", "--db", pg); !strings.HasPrefix(out, "schema version ") {
		t.Fatalf("migrate printed %q", out)
	}
	for _, args := range [][]string{
		{"figures", "--recompute", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,year"},
		{"figures", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "quarter"},
	} {
		want := mustPejling(t, append(args, "--db", lite)...)
		got := mustPejling(t, append(args, "--db", pg)...)
		if got != want {
			t.Errorf("%s: PostgreSQL output differs from SQLite's (%d and %d bytes)", strings.Join(args, " "), len(got), len(want))
		}
		if strings.Count(want, "\n") < 100 {
			t.Errorf("%s: only %d lines", strings.Join(args, " "), strings.Count(want, "\n"))
		}
	}
	verify := []string{"verify", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,year"}
	want := mustPejling(t, append(verify, "--db", lite)...)
	got := mustPejling(t, append(verify, "--db", pg)...)
	// "verified N values, 0 differences (engine … s, SQL … s)": all but the times.
	if !strings.Contains(lastLine(got), " 0 differences") || values(got) != values(want) {
		t.Errorf("verify on PostgreSQL: %s\non SQLite: %s", lastLine(got), lastLine(want))
	}
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

func values(verify string) string {
	s, _, _ := strings.Cut(lastLine(verify), " (")
	return s
}

// TestPostgresDumpRestore checks the backup path docs/operations.md gives for
// PostgreSQL: pg_dump -Fc of a live store, pg_restore into a new database, and the same
// figures, stored and recomputed, from the restored one.
func TestPostgresDumpRestore(t *testing.T) {
	from := pgtest.NewDatabase(t)
	to := pgtest.NewDatabase(t) // empty: pg_restore creates the schema
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("PEJLING_TEST_POSTGRES") == "required" {
				t.Fatalf("%s not found", tool)
			}
			t.Skipf("%s not found: install PostgreSQL's client tools", tool)
		}
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "2000", "--seed", "6", "--out", data)
	mustPejling(t, "import", "--quiet", "--db", from, data)
	args := []string{"figures", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,year"}
	stored := mustPejling(t, append(args, "--db", from)...)
	computed := mustPejling(t, append(args, "--recompute", "--db", from)...)

	dump := filepath.Join(dir, "pejling.dump")
	if out, err := exec.Command("pg_dump", "-Fc", "-f", dump, from).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "-d", to, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	if got := mustPejling(t, append(args, "--db", to)...); got != stored {
		t.Error("stored figures differ after pg_dump/pg_restore")
	}
	if got := mustPejling(t, append(args, "--recompute", "--db", to)...); got != computed {
		t.Error("recomputed figures differ after pg_dump/pg_restore")
	}
	if st := mustPejling(t, "status", "--db", to); !strings.Contains(st, "figures: 127 periods computed from import 1") {
		t.Errorf("status of the restored database:\n%s", st)
	}
}
