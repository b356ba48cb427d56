package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pejlingBin is the product binary TestMain builds from ../../cmd/pejling.
var pejlingBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "duckwitness")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pejlingBin = filepath.Join(dir, "pejling")
	// built from the product module's root: ../../cmd/pejling lies outside this module
	build := exec.Command("go", "build", "-o", pejlingBin, "./cmd/pejling")
	build.Dir = "../.."
	out, err := build.CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building pejling: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestWitness generates 5,000 persons with the product, imports them, and checks that
// every figure of `pejling figures` for the months and the year 2024 equals DuckDB's.
func TestWitness(t *testing.T) {
	dir := t.TempDir()
	data, store := filepath.Join(dir, "data"), filepath.Join(dir, "p.db")
	run(t, pejlingBin, "generate", "--persons", "5000", "--out", data)
	run(t, pejlingBin, "import", "--db", store, data)

	cfg := config{data: data, pejling: pejlingBin, store: store,
		from: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), to: time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC),
		duckFile: filepath.Join(dir, "figures.duckdb")}
	r, err := bench(context.Background(), cfg, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if want := 99*15*13*17 + 99*13*2; r.compared != want {
		t.Errorf("compared %d rows, want %d (98 municipalities and all, 14 groups and all, 13 periods)", r.compared, want)
	}
	for i, d := range r.diffs {
		if i == 20 {
			t.Errorf("… and %d more differences", len(r.diffs)-20)
			break
		}
		t.Error(d)
	}
	var b strings.Builder
	report(&b, cfg, r)
	t.Log("\n" + b.String())
}

func run(t *testing.T, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}
