package main_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
)

// TestImportKill9 kills an import with SIGKILL at random moments and checks that the
// store then opens, passes the integrity check and holds exactly the state before the
// import or exactly the state after it — never a part. It runs on a SQLite file and on
// a PostgreSQL database. PEJLING_KILL_RUNS sets the number of kills per database
// (default 12; the long run in docs/performance.md uses more).
func TestImportKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test: not in -short")
	}
	runs := 12
	if s := os.Getenv("PEJLING_KILL_RUNS"); s != "" {
		runs, _ = strconv.Atoi(s)
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "20000", "--seed", "3", "--out", data)
	small := writeDataSet(t, smallDataSet)

	t.Run("SQLite", func(t *testing.T) {
		// The old state: a small earlier extract, imported once and copied.
		base := filepath.Join(t.TempDir(), "base.db")
		mustPejling(t, "import", "--quiet", "--db", base, small)
		n := 0
		importKill9(t, runs, data, func(t *testing.T) string {
			n++
			db := filepath.Join(filepath.Dir(base), fmt.Sprintf("kill-%d.db", n))
			copyFile(t, base, db)
			return db
		})
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		importKill9(t, runs, data, func(t *testing.T) string {
			db := pgtest.NewDatabase(t)
			mustPejling(t, "import", "--quiet", "--no-figures", "--db", db, small)
			return db
		})
	})
}

// importKill9 is TestImportKill9 on the stores withBase makes: each a new store that
// holds the old state.
func importKill9(t *testing.T, runs int, data string, withBase func(*testing.T) string) {
	oldState := fingerprint(t, withBase(t))
	// The new state: the old plus the generated set. --no-figures: the figure set is
	// computed in a transaction of its own after the import has committed
	// (TestFigureSetKill9 kills that one).
	full := withBase(t)
	start := time.Now()
	mustPejling(t, "import", "--quiet", "--no-figures", "--db", full, data)
	took := time.Since(start)
	newState := fingerprint(t, full)

	rng := rand.New(rand.NewPCG(1, 2))
	var sawOld, sawNew int
	var db string
	for i := 0; i < runs; i++ {
		db = withBase(t)
		cmd := exec.Command(binary, "import", "--quiet", "--no-figures", "--db", db, data)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Float64() * 1.1 * float64(took))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch got := fingerprint(t, db); got {
		case oldState:
			sawOld++
		case newState:
			sawNew++
		default:
			t.Fatalf("kill %d after %v left a state that is neither old nor new:\n%s", i, delay, got)
		}
	}
	t.Logf("%d kills during an import of %v: %d left the old state, %d the new", runs, took.Round(time.Millisecond), sawOld, sawNew)
	if runs >= 5 && sawOld == 0 {
		t.Errorf("no kill hit the import while it ran; the test proves nothing")
	}
	// A killed import leaves a store that takes the next import.
	mustPejling(t, "import", "--quiet", "--db", db, data)
	if got := fingerprint(t, db); dataOnly(got) != dataOnly(newState) {
		t.Fatalf("import after kills: %s, want %s", got, newState)
	}
}

// TestFigureSetKill9 kills the computation of the figure set that follows an import and
// checks that the store keeps either the old figure set or the whole new one, and that
// the next run completes it.
func TestFigureSetKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kill -9 test: not in -short")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "20000", "--seed", "4", "--out", data)
	base := filepath.Join(dir, "base.db")
	mustPejling(t, "import", "--quiet", "--db", base, writeDataSet(t, smallDataSet))
	mustPejling(t, "import", "--quiet", "--no-figures", "--db", base, data)
	oldSet := figureSetState(t, base)

	full := filepath.Join(dir, "full.db")
	copyFile(t, base, full)
	start := time.Now()
	mustPejling(t, "demo", "--no-serve", "--db", full, "--data", data) // computes the missing set
	took := time.Since(start)
	newSet := figureSetState(t, full)
	if newSet == oldSet {
		t.Fatalf("the figure set did not change: %s", newSet)
	}

	rng := rand.New(rand.NewPCG(3, 4))
	var sawOld, sawNew int
	for i := 0; i < 8; i++ {
		db := filepath.Join(dir, "kill.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		copyFile(t, base, db)
		cmd := exec.Command(binary, "demo", "--no-serve", "--db", db, "--data", data)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Float64() * 1.1 * float64(took))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		switch got := figureSetState(t, db); got {
		case oldSet:
			sawOld++
		case newSet:
			sawNew++
		default:
			t.Fatalf("kill %d after %v left a figure set that is neither old nor new: %s", i, delay, got)
		}
	}
	t.Logf("8 kills while the figure set was computed (%v): %d left the old set, %d the new", took.Round(time.Millisecond), sawOld, sawNew)
	if sawOld == 0 {
		t.Errorf("no kill hit the computation; the test proves nothing")
	}
	db := filepath.Join(dir, "kill.db")
	mustPejling(t, "demo", "--no-serve", "--db", db, "--data", data)
	if got := figureSetState(t, db); got != newSet {
		t.Fatalf("after the kills the next run stored %s, want %s", got, newSet)
	}
}

// figureSetState sums up the figure sets of a store: how many, the import of the
// newest, its cells and a checksum of its values (not its id or time).
func figureSetState(t *testing.T, path string) string {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.IntegrityCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	var sets, importID, cells int64
	var sum float64
	err = db.SQL().QueryRow(`SELECT (SELECT count(*) FROM figure_sets), coalesce((SELECT max(import_id) FROM figure_sets), 0),
		count(*), coalesce(sum(coalesce(full_time_persons, 0) + coalesce(outflow, 0) + coalesce(avg_duration_days, 0)), 0)
		FROM figure_cells`).Scan(&sets, &importID, &cells, &sum)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%d sets, import %d, %d cells, Σ %.6f", sets, importID, cells, sum)
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
