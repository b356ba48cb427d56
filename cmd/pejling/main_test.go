package main_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling/sqldb"
)

// binary is the pejling command built once for the tests that run it as a process.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pejling-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "pejling")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build pejling: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// pejling runs the binary and returns stdout, stderr and the exit code.
func pejling(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "PEJLING_DB=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// mustPejling runs the binary and fails the test unless it succeeds.
func mustPejling(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := pejling(t, args...)
	if code != 0 {
		t.Fatalf("pejling %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

// fingerprint sums up everything a store holds, so that "unchanged" can be checked
// exactly: per table its rows and a checksum over every column.
func fingerprint(t *testing.T, path string) string {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	return fingerprintSQL(t, db.SQL())
}

func fingerprintSQL(t *testing.T, db *sql.DB) string {
	t.Helper()
	// coalesce(sum(x), 0) rather than SQLite's total(x): the same sums on PostgreSQL.
	queries := []string{
		"SELECT count(*), coalesce(sum(start_day), 0), coalesce(sum(coalesce(end_day, -1)), 0), coalesce(sum(fraction), 0), coalesce(sum(municipality), 0), coalesce(sum(length(person_id || benefit_group || match_group)), 0) FROM benefit_spells",
		"SELECT count(*), coalesce(sum(start_day), 0), coalesce(sum(end_day), 0), coalesce(sum(hours_per_week), 0), coalesce(sum(municipality), 0), coalesce(sum(length(person_id || activation_type || cvr || benefit_group || intervention_id)), 0) FROM activation_spells",
		"SELECT count(*), coalesce(sum(start_day), 0), coalesce(sum(coalesce(end_day, -1)), 0), 0, 0, coalesce(sum(length(person_id)), 0) FROM employment_spells",
		"SELECT count(*), coalesce(sum(municipality), 0), coalesce(sum(coalesce(employees, -1)), 0), 0, 0, coalesce(sum(length(cvr || name || industry)), 0) FROM companies",
		"SELECT count(*), coalesce(sum(municipality), 0), coalesce(sum(year), 0), coalesce(sum(value), 0), 0, coalesce(sum(length(variable)), 0) FROM municipality_facts",
		"SELECT count(*), coalesce(sum(municipality), 0), coalesce(sum(year), 0), coalesce(sum(amount_dkk), 0), 0, coalesce(sum(length(account || kind)), 0) FROM expenditure",
		"SELECT count(*), coalesce(sum(as_of), 0), 0, 0, 0, 0 FROM imports",
	}
	var b strings.Builder
	for _, q := range queries {
		var n int64
		var a, c, d, e, f float64
		if err := db.QueryRow(q).Scan(&n, &a, &c, &d, &e, &f); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		fmt.Fprintf(&b, "%d/%.6f/%.6f/%.6f/%.0f/%.0f;", n, a, c, d, e, f)
	}
	return b.String()
}

// dataOnly drops the imports table's part of a fingerprint (it is the last one).
func dataOnly(fp string) string { return fp[:strings.LastIndex(strings.TrimSuffix(fp, ";"), ";")] }

func TestHelp(t *testing.T) {
	out := mustPejling(t, "help")
	for _, c := range []string{"demo", "generate", "import", "serve", "status"} {
		if !strings.Contains(out, c) {
			t.Errorf("help does not list %s:\n%s", c, out)
		}
		_, errOut, code := pejling(t, c, "-h")
		if code != 0 || !strings.Contains(errOut, "Usage: pejling "+c) {
			t.Errorf("%s -h: exit %d, %q", c, code, errOut)
		}
	}
	if _, _, code := pejling(t, "nonsense"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if _, _, code := pejling(t, "import", "--nonsense"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
}

func TestGenerateImportReimport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	db := filepath.Join(dir, "p.db")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "7", "--out", data)
	out := mustPejling(t, "import", "--db", db, data)
	if !strings.Contains(out, "benefit_spells.csv") || !strings.Contains(out, "rows/s") {
		t.Fatalf("import summary:\n%s", out)
	}
	first := fingerprint(t, db)
	status := mustPejling(t, "status", "--db", db)
	if !strings.Contains(status, "as of 2025-06-30") {
		t.Fatalf("status:\n%s", status)
	}

	// The same data set again: no duplicates; only the import record is new.
	mustPejling(t, "import", "--db", db, data)
	second := fingerprint(t, db)
	if dataOnly(first) != dataOnly(second) {
		t.Fatalf("re-import changed the data:\n%s\n%s", first, second)
	}
}
