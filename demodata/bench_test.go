package demodata_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pejling/pejling/demodata"
)

func BenchmarkGenerate(b *testing.B) {
	dir := b.TempDir()
	rows := 0
	for b.Loop() {
		sum, err := demodata.Generate(context.Background(), demodata.Config{Persons: 20000, Seed: 1, Out: dir}, nil)
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, n := range sum.Rows {
			rows += n
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestNationalScale generates the data set of docs/demo-data.md (1,000,000 persons,
// seed 1) and checks its time and sizes. It takes a while and half a gigabyte of disk:
// run it with PEJLING_LONG=1 go test -run NationalScale -v ./demodata.
func TestNationalScale(t *testing.T) {
	if os.Getenv("PEJLING_LONG") != "1" {
		t.Skip("set PEJLING_LONG=1 to generate 1,000,000 persons")
	}
	dir := t.TempDir()
	start := time.Now()
	sum, err := demodata.Generate(context.Background(), demodata.Config{Persons: 1_000_000, Seed: 1, Out: dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var bytes int64
	for name, n := range sum.Rows {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		bytes += fi.Size()
		t.Logf("%-24s %10d rows %8.1f MB", name, n, float64(fi.Size())/1e6)
	}
	t.Logf("1,000,000 persons in %v, %.1f MB", took.Round(100*time.Millisecond), float64(bytes)/1e6)
	if took > time.Minute {
		t.Errorf("took %v, want at most a minute", took)
	}
	for name, want := range map[string]int{"benefit_spells.csv": 3_000_000, "activation_spells.csv": 1_500_000} {
		if n := sum.Rows[name]; n < want*8/10 || n > want*12/10 {
			t.Errorf("%s has %d rows, want %d ± 20 %%", name, n, want)
		}
	}
}
