package sqldb_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

// TestConcurrency runs 50 readers against one writer that imports data sets one after
// another, on one shared *sqldb.DB (the goroutines of one web server) and on separate
// Opens of the same file (separate processes): no reader ever sees an error — in
// particular no "database is locked" — and every state a reader sees is one that an
// import committed.
func TestConcurrency(t *testing.T) {
	// Small data sets of benefit spells only: under -race the pure-Go SQLite runs some
	// thirty times slower, and the demo data's fixed facts and expenditure would make
	// each import take a minute.
	imports, persons, readFor := 4, 1000, 3*time.Second
	if testing.Short() || raceEnabled {
		imports, persons, readFor = 2, 500, 2*time.Second
	}
	data := make([]string, imports)
	for i := range data {
		data[i] = benefitDataSet(t, i+1, persons)
	}
	first := benefitDataSet(t, 0, persons)
	for _, shared := range []bool{true, false} {
		name := "SeparateOpens"
		if shared {
			name = "SharedDB"
		}
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "p.db")
			writer := openStoreAt(t, path)
			if _, _, err := importer.Load(ctx, first, writer, importer.Options{}); err != nil {
				t.Fatal(err)
			}
			saveSmallFigureSet(t, writer)
			readers := make([]*sqldb.DB, 50)
			for i := range readers {
				readers[i] = writer
				if !shared {
					// Opened before the imports start: Open migrates, and that waits
					// for the write lock an import holds.
					readers[i] = openStoreAt(t, path)
				}
			}
			runConcurrently(t, writer, readers, data, readFor)
		})
	}
}

// runConcurrently imports data one set after another through writer while the readers
// read, until the imports are done and at least readFor has passed.
func runConcurrently(t *testing.T, writer *sqldb.DB, readers []*sqldb.DB, data []string, readFor time.Duration) {
	t.Helper()
	// committed holds the states of table_counts that imports committed; a reader
	// that sees any other one saw a transaction half done.
	var mu sync.Mutex
	committed := map[string]bool{}
	commit := func() {
		st, err := writer.Status(ctx)
		if err != nil {
			t.Error(err)
			return
		}
		mu.Lock()
		committed[countsKey(st)] = true
		mu.Unlock()
	}
	commit()

	var reads, conflicts, failures atomic.Int64
	var errMu sync.Mutex
	var errs []string
	fail := func(what string, err error) {
		failures.Add(1)
		errMu.Lock()
		if len(errs) < 10 {
			errs = append(errs, what+": "+err.Error())
		}
		errMu.Unlock()
	}

	stop := make(chan struct{})
	writerDone := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(writerDone)
		for _, dir := range data {
			// Spread the imports over the reading time.
			time.Sleep(readFor / time.Duration(len(data)+1))
			if _, _, err := importer.Load(ctx, dir, writer, importer.Options{}); err != nil {
				fail("import", err)
				return
			}
			commit()
		}
	}()

	seen := make([]map[string]int, len(readers))
	var wg sync.WaitGroup
	for i, db := range readers {
		seen[i] = map[string]int{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				st, err := db.Status(ctx)
				if err != nil {
					fail("status", err)
					continue
				}
				seen[i][countsKey(st)]++
				frame, err := db.ReadFrame(ctx)
				if err != nil {
					fail("read frame", err)
					continue
				}
				set, err := db.FindFigureSet(ctx)
				if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
					fail("find figure set", err)
				}
				rows, _, err := db.FindFigures(ctx, sqldb.FigureFilter{Municipalities: []int{101, 0}, Figures: []string{"full_time_persons"}})
				if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
					fail("find figures", err)
				} else if err == nil && set.ID != 0 && len(rows) == 0 {
					fail("find figures", errors.New("no rows from a stored set"))
				}
				reads.Add(4)
				// Now and then a small read of the spells, the first persons only (a
				// stream reads a few thousand rows ahead, which -race makes slow).
				if n%10 != 0 {
					time.Sleep(2 * time.Millisecond)
					continue
				}
				persons := 0
				err = db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error {
					if persons++; persons == 20+n%30 {
						return errEnough
					}
					return nil
				})
				switch {
				case pejling.ErrorCode(err) == pejling.ECONFLICT:
					// An import committed between ReadFrame and ReadPersons: the
					// documented answer, which callers retry.
					conflicts.Add(1)
				case err != nil && !errors.Is(err, errEnough):
					fail("read persons", err)
				}
				reads.Add(1)
				// Web requests come and go; a reader that never pauses only measures
				// how the two cores are shared.
				time.Sleep(2 * time.Millisecond)
			}
		}()
	}
	<-writerDone
	if rest := readFor - time.Since(start); rest > 0 {
		time.Sleep(rest)
	}
	close(stop)
	wg.Wait()
	took := time.Since(start)

	states := map[string]bool{}
	for _, m := range seen {
		for k := range m {
			states[k] = true
			if !committed[k] {
				t.Errorf("a reader saw table counts %s, which no import committed (committed: %v)", k, committed)
			}
		}
	}
	t.Logf("%d readers, %d imports in %.1fs: %d reads (%.0f/s), %d errors, %d ECONFLICT retries of ReadPersons, %d of %d committed states seen",
		len(readers), len(data), took.Seconds(), reads.Load(), float64(reads.Load())/took.Seconds(),
		failures.Load(), conflicts.Load(), len(states), len(committed))
	if failures.Load() > 0 {
		t.Fatalf("%d errors while reading and importing, the first:\n%s", failures.Load(), strings.Join(errs, "\n"))
	}
	if len(committed) != len(data)+1 {
		t.Fatalf("%d committed states for %d imports: the data sets do not differ", len(committed), len(data))
	}
}

// benefitDataSet writes a data set of n persons with one benefit spell each, named for
// import i so that every import adds persons.
func benefitDataSet(t *testing.T, i, n int) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n")
	for k := range n {
		fmt.Fprintf(&b, "I%d-P%05d,%d,KTH,jobparat,2024-%02d-01,2024-12-%02d,1\n", i, k, []int{101, 147, 751}[k%3], 1+k%12, 1+k%28)
	}
	if err := os.WriteFile(filepath.Join(dir, "benefit_spells.csv"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ds := fmt.Sprintf(`{"as_of": "2024-12-31", "name": "set %d"}`, i)
	if err := os.WriteFile(filepath.Join(dir, "dataset.json"), []byte(ds), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

var errEnough = errors.New("enough persons read")

// countsKey is the row counts of a status: they are written in the import's commit.
func countsKey(st pejling.StoreStatus) string {
	var b strings.Builder
	for _, tc := range st.Tables {
		fmt.Fprintf(&b, "%s=%d ", tc.Table, tc.Rows)
	}
	return b.String()
}

// saveSmallFigureSet stores a figure set of two periods for the newest import, so that
// the readers find figures.
func saveSmallFigureSet(t *testing.T, db *sqldb.DB) {
	t.Helper()
	reg, err := db.ReadRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	frame, err := db.ReadFrame(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := reg.Input()
	standard := figures.StandardPeriods(reg.AsOf)
	periods := standard[len(standard)-2:]
	rows := figures.Compute(in, periods)
	if _, err := db.SaveFigureSet(ctx, frame.ImportID, reg.AsOf, len(periods), slices.Values(rows), time.Second); err != nil {
		t.Fatal(err)
	}
}
