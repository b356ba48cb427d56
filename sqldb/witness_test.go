package sqldb_test

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
)

// witnessKey names one value of the long form: municipality (0 = all), group ("" = all),
// period index and figure id.
type witnessKey struct {
	m   int
	g   string
	p   int
	fig string
}

// witnessValue is a value; valid false is an empty value.
type witnessValue struct {
	v     float64
	valid bool
}

// TestFiguresSQLWitness recomputes the key figures of DOMAIN.md §8 in plain SQL over the
// store (DB.WitnessFigures), independently of package figures, and compares them value
// by value with figures.Compute on the same data set.
func TestFiguresSQLWitness(t *testing.T) {
	// The 100,000-person comparison runs at full speed in cmd/pejling's TestVerify100k
	// (the binary is built without the race detector); here the witness runs on the
	// in-memory path (ReadRegister, Compute) under -race, so on fewer persons.
	persons := 5000
	if testing.Short() {
		persons = 2000
	}
	if s := os.Getenv("PEJLING_WITNESS_PERSONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("PEJLING_WITNESS_PERSONS=%q: %v", s, err)
		}
		persons = n
	}
	began := time.Now()
	dir := t.TempDir()
	// as_of in January 2025 (not demodata's default mid-2025) puts the outflow_pending
	// boundary (end + 28 > as_of) and the six-month boundary (end + 182 ≤ as_of) inside
	// 2024, so both sides of each are compared.
	asOf := pejling.DateOf(2025, time.January, 20)
	if _, err := demodata.Generate(ctx, demodata.Config{Persons: persons, Seed: 11, Out: dir, AsOf: asOf}, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d persons in %v", persons, time.Since(began).Round(time.Millisecond))
	forEachDB(t, func(t *testing.T, open opener) {
		began := time.Now()
		db := open(t)
		if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		t.Logf("imported in %v", time.Since(began).Round(time.Millisecond))

		first := pejling.DateOf(2024, time.January, 1)
		last := pejling.DateOf(2024, time.December, 31)
		periods := append(figures.Months(first, last), figures.Years(first, last)...)
		if len(periods) != 13 {
			t.Fatalf("%d periods, want 13", len(periods))
		}

		// The engine.
		began = time.Now()
		reg, err := db.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		in := reg.Input()
		engine := witnessMap(t, figures.Compute(in, periods), periods)
		t.Logf("engine: %d rows in %v", len(engine), time.Since(began).Round(time.Millisecond))

		// The witness.
		began = time.Now()
		rows, err := db.WitnessFigures(ctx, periods)
		if err != nil {
			t.Fatal(err)
		}
		witness := witnessMap(t, rows, periods)
		t.Logf("SQL witness: %d values in %v", len(witness), time.Since(began).Round(time.Millisecond))

		// Compare.
		var diffs int
		report := func(format string, args ...any) {
			diffs++
			if diffs <= 20 {
				t.Errorf(format, args...)
			}
		}
		name := func(k witnessKey) string {
			m, g := "all", "all"
			if k.m != 0 {
				m = strconv.Itoa(k.m)
			}
			if k.g != "" {
				g = k.g
			}
			return fmt.Sprintf("%s %s %s..%s %s", m, g, periods[k.p].First, periods[k.p].Last, k.fig)
		}
		show := func(v witnessValue) string {
			if !v.valid {
				return "empty"
			}
			return strconv.FormatFloat(v.v, 'g', -1, 64)
		}
		compared := 0
		for k, w := range witness {
			e, ok := engine[k]
			if !ok {
				report("%s: SQL %s, no engine row", name(k), show(w))
				continue
			}
			compared++
			switch {
			case w.valid != e.valid:
				report("%s: SQL %s, engine %s", name(k), show(w), show(e))
			case w.valid && math.Abs(w.v-e.v) > 1e-9*math.Max(1, math.Abs(e.v)):
				report("%s: SQL %s, engine %s", name(k), show(w), show(e))
			}
		}
		for k, e := range engine {
			if _, ok := witness[k]; !ok {
				report("%s: engine %s, no SQL value", name(k), show(e))
			}
		}
		if diffs > 20 {
			t.Errorf("… and %d more differences", diffs-20)
		}
		t.Logf("compared %d values (%d differences)", compared, diffs)

		// A figure that is 0 or empty everywhere would compare without testing anything.
		nonZero := map[string]int{}
		for k, w := range witness {
			if w.valid && w.v != 0 {
				nonZero[k.fig]++
			}
		}
		for _, f := range figures.Figures {
			if nonZero[f] == 0 {
				t.Errorf("%s is 0 or empty in every cell: the data set does not exercise it", f)
			}
		}
	})
}

// witnessMap indexes rows by key, failing on a row of an unknown period or a key twice.
func witnessMap(t *testing.T, rows []figures.Row, periods []figures.Period) map[witnessKey]witnessValue {
	t.Helper()
	out := make(map[witnessKey]witnessValue, len(rows))
	for _, r := range rows {
		p := slices.Index(periods, r.Period)
		if p < 0 {
			t.Fatalf("row of unknown period %v", r.Period)
		}
		k := witnessKey{r.Municipality, string(r.Group), p, r.Figure}
		if _, dup := out[k]; dup {
			t.Fatalf("row %+v twice", k)
		}
		out[k] = witnessValue{r.Value, r.Valid}
	}
	return out
}
