package main_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBenchmarkAggregatesOnly: a user with national aggregates only (no individual
// data) gets the same benchmark as one with the register data: the figures of the
// register store, exported and imported with import-aggregates into a fresh store,
// give byte-identical peers, expected levels, ranks, learning and comparisons. The
// framework variables come from the real values Pejling ships with in the aggregates
// store and from the demo data's municipality_facts in the register store; the default
// variables are the same real values in both.
func TestBenchmarkAggregatesOnly(t *testing.T) {
	register := benchDB(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "aggregates.csv")
	out := mustPejling(t, "figures", "--db", register, "--from", "2023-01-01", "--to", "2024-12-31", "--every", "year")
	if err := os.WriteFile(file, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	agg := filepath.Join(dir, "agg.db")
	mustPejling(t, "import-aggregates", "--db", agg, file)
	for _, args := range [][]string{
		{"peers", "--format", "json"},
		{"expected", "--figure", "activation_rate", "--format", "csv"},
		{"expected", "--group", "KTH", "--format", "csv"},
		{"rank", "--format", "csv"},
		{"learn", "--municipality", "Skive", "--format", "json"},
		{"compare", "--municipality", "Skive", "--reference", "cluster", "--format", "csv"},
	} {
		base := append([]string{"benchmark"}, args[0], "--period", "2024")
		want := mustPejling(t, append(append(base, "--db", register), args[1:]...)...)
		got := mustPejling(t, append(append(base, "--db", agg), args[1:]...)...)
		if got != want {
			t.Errorf("benchmark %v differs on the aggregates-only store:\n%.600s\n--- register store:\n%.600s", args, got, want)
		}
		if len(want) < 200 {
			t.Errorf("benchmark %v printed almost nothing: %q", args, want)
		}
	}
}
