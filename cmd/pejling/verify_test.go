package main_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	domain "github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
)

// TestVerify100k runs pejling verify on 100,000 generated persons (20,000 with -short):
// every figure of the engine must be reproduced by the SQL witness.
func TestVerify100k(t *testing.T) {
	persons := 100000
	if testing.Short() {
		persons = 20000
	}
	began := time.Now()
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	db := filepath.Join(dir, "p.db")
	// as_of in January 2025 (not the generator's default mid-2025) puts the
	// outflow_pending boundary (end + 28 > as_of), the six-month boundary (end + 182 ≤
	// as_of) and the completed-period boundary (last end < as_of) inside the compared
	// year, so both sides of each are compared. pejling generate has no flag for as_of,
	// so the data set is generated in process.
	cfg := demodata.Config{Persons: persons, Seed: 11, Out: data, AsOf: domain.DateOf(2025, time.January, 20)}
	if _, err := demodata.Generate(context.Background(), cfg, nil); err != nil {
		t.Fatal(err)
	}
	mustPejling(t, "import", "--quiet", "--db", db, data)
	t.Logf("generated and imported %d persons in %v", persons, time.Since(began).Round(time.Millisecond))

	began = time.Now()
	out, errOut, code := pejling(t, "verify", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,year")
	t.Logf("pejling verify in %v: %s", time.Since(began).Round(time.Millisecond), strings.TrimSpace(out))
	if code != 0 || !strings.Contains(out, ", 0 differences") {
		t.Fatalf("verify: exit %d\n%s%s", code, out, errOut)
	}
}

func TestVerifyBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "import", "--quiet", "--db", db, writeDataSet(t, smallDataSet))

	t.Run("Help", func(t *testing.T) {
		_, errOut, code := pejling(t, "verify", "-h")
		if code != 0 || !strings.Contains(errOut, "independent") {
			t.Fatalf("exit %d, %q", code, errOut)
		}
	})
	t.Run("SmallDataSet", func(t *testing.T) {
		out := mustPejling(t, "verify", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--every", "quarter")
		if !strings.HasPrefix(out, "verified ") || !strings.Contains(out, ", 0 differences") {
			t.Fatalf("%q", out)
		}
	})
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"NoFrom", []string{"--db", db, "--to", "2024-12-31"}},
		{"NoTo", []string{"--db", db, "--from", "2024-01-01"}},
		{"ExtraArgument", []string{"--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "extra"}},
		{"UnknownFlag", []string{"--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--format", "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, errOut, code := pejling(t, append([]string{"verify"}, tc.args...)...); code != 2 || !strings.Contains(errOut, "Usage: pejling verify") {
				t.Fatalf("exit %d, want 2 and the usage: %q", code, errOut)
			}
		})
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"NotADate", []string{"--db", db, "--from", "2024-02-30", "--to", "2024-12-31"}, "--from"},
		{"ToNotADate", []string{"--db", db, "--from", "2024-01-01", "--to", "31/12/2024"}, "--to"},
		{"ToBeforeFrom", []string{"--db", db, "--from", "2024-03-01", "--to", "2024-02-01"}, "before"},
		{"UnknownEvery", []string{"--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--every", "decade"}, "decade"},
		{"NoWholePeriod", []string{"--db", db, "--from", "2024-01-02", "--to", "2024-01-30", "--every", "month"}, "no whole month"},
		{"EmptyDatabase", []string{"--db", filepath.Join(t.TempDir(), "empty.db"), "--from", "2024-01-01", "--to", "2024-12-31"}, "holds no data: run pejling import first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := pejling(t, append([]string{"verify"}, tc.args...)...)
			if code != 1 || !strings.Contains(errOut, tc.want) || strings.Contains(out, "verified") {
				t.Fatalf("exit %d, want 1 and %q: stdout %q, stderr %q", code, tc.want, out, errOut)
			}
		})
	}
}
