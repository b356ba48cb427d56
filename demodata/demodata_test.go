package demodata_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
)

// testPersons is the size of the data set most tests read; large enough for the
// realism checks, small enough to keep the package under a few seconds with -race.
const testPersons = 20000

var (
	shared     sync.Once
	sharedDir  string
	sharedSum  demodata.Summary
	sharedErr  error
	sharedCfg  demodata.Config
	sharedDone []int
)

// mustShared returns the folder of one data set generated for the whole package.
func mustShared(tb testing.TB) (string, demodata.Summary) {
	tb.Helper()
	shared.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "demodata-test-")
		if sharedErr != nil {
			return
		}
		sharedCfg = demodata.Config{Persons: testPersons, Seed: 7, Out: sharedDir}
		sharedSum, sharedErr = demodata.Generate(context.Background(), sharedCfg, func(done, total int) {
			sharedDone = append(sharedDone, done)
		})
	})
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return sharedDir, sharedSum
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// readCSV reads a file back with encoding/csv, checks its header and returns the rows.
func readCSV(tb testing.TB, dir, name, header string) [][]string {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = false
	recs, err := r.ReadAll()
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	if got := strings.Join(recs[0], ","); got != header {
		tb.Fatalf("%s header = %q, want %q", name, got, header)
	}
	return recs[1:]
}

func TestDeterministic(t *testing.T) {
	run := func(seed int64, procs int) map[string][]byte {
		t.Helper()
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		dir := t.TempDir()
		if _, err := demodata.Generate(context.Background(), demodata.Config{Persons: 3500, Seed: seed, Out: dir}, nil); err != nil {
			t.Fatal(err)
		}
		files := map[string][]byte{}
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = b
		}
		return files
	}
	a, b, c := run(1, 1), run(1, 4), run(2, 2)
	if len(a) != 7 {
		t.Fatalf("wrote %d files, want 7", len(a))
	}
	for name, x := range a {
		if !bytes.Equal(x, b[name]) {
			t.Errorf("%s differs between GOMAXPROCS 1 and 4", name)
		}
	}
	for _, name := range []string{"benefit_spells.csv", "activation_spells.csv", "employment_spells.csv", "companies.csv", "expenditure.csv"} {
		if bytes.Equal(a[name], c[name]) {
			t.Errorf("%s is the same for seeds 1 and 2", name)
		}
	}
}

func TestSummaryAndProgress(t *testing.T) {
	dir, sum := mustShared(t)
	for name, header := range map[string]string{
		"benefit_spells.csv":     "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction",
		"activation_spells.csv":  "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id",
		"employment_spells.csv":  "person_id,start_date,end_date",
		"companies.csv":          "cvr,name,municipality,industry,employees",
		"municipality_facts.csv": "municipality,year,variable,value",
		"expenditure.csv":        "municipality,year,account,kind,amount_dkk",
	} {
		if got, want := len(readCSV(t, dir, name, header)), sum.Rows[name]; got != want || got == 0 {
			t.Errorf("%s: %d rows in the file, %d in the summary", name, got, want)
		}
	}
	if n := len(sharedDone); n < 10 || n > 101 || sharedDone[n-1] != testPersons {
		t.Errorf("progress called %d times, last %v", n, sharedDone[n-1:])
	}
	for i := 1; i < len(sharedDone); i++ {
		if sharedDone[i] <= sharedDone[i-1] {
			t.Fatalf("progress not increasing: %v", sharedDone)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "dataset.json"))
	if err != nil || !bytes.Contains(b, []byte(`"as_of": "2025-06-30"`)) || !bytes.Contains(b, []byte(`"name": "Pejling national demo data"`)) {
		t.Errorf("dataset.json = %s (%v)", b, err)
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	for name, cfg := range map[string]demodata.Config{
		"NoPersons":    {Persons: 0, Out: dir},
		"TooMany":      {Persons: demodata.MaxPersons + 1, Out: dir},
		"NoOut":        {Persons: 10},
		"AsOfBeforeFr": {Persons: 10, Out: dir, From: pejling.MustParseDate("2020-01-01"), AsOf: pejling.MustParseDate("2019-01-01")},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := demodata.Generate(context.Background(), cfg, nil)
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("err = %v, want code invalid", err)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "benefit_spells.csv")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := demodata.Generate(ctx, demodata.Config{Persons: 2_000_000, Seed: 1, Out: dir}, nil)
		errc <- err
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	cancelled := time.Now()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(cancelled); d > 2*time.Second {
			t.Errorf("Generate returned %v after the context was cancelled", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Generate did not return after the context was cancelled")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("cancelled run left %d files, want only the old one", len(ents))
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("cancelled run replaced an existing file")
	}
}

func Example() {
	dir, err := os.MkdirTemp("", "pejling-demo-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	sum, err := demodata.Generate(context.Background(), demodata.Config{Persons: 1000, Seed: 1, Out: dir}, nil)
	if err != nil {
		panic(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "benefit_spells.csv"))
	fmt.Println(strings.SplitN(string(b), "\n", 2)[0])
	fmt.Println(sum.Rows["municipality_facts.csv"] > 0, sum.Rows["benefit_spells.csv"] > 1000)
	// Output:
	// person_id,municipality,benefit_group,match_group,start_date,end_date,fraction
	// true true
}
