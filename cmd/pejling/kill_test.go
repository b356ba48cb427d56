package main_test

import (
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestImportKill9 kills an import with SIGKILL at random moments and checks that the
// store then opens, passes the integrity check and holds exactly the state before the
// import or exactly the state after it — never a part. PEJLING_KILL_RUNS sets the
// number of kills (default 12; the long run in docs/performance.md uses more).
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

	// The old state: a small earlier extract. The new state: that plus the generated one.
	base := filepath.Join(dir, "base.db")
	mustPejling(t, "import", "--quiet", "--db", base, writeDataSet(t, smallDataSet))
	oldState := fingerprint(t, base)
	full := filepath.Join(dir, "full.db")
	copyFile(t, base, full)
	start := time.Now()
	mustPejling(t, "import", "--quiet", "--db", full, data)
	took := time.Since(start)
	newState := fingerprint(t, full)

	rng := rand.New(rand.NewPCG(1, 2))
	var sawOld, sawNew int
	for i := 0; i < runs; i++ {
		db := filepath.Join(dir, "kill.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		copyFile(t, base, db)
		cmd := exec.Command(binary, "import", "--quiet", "--db", db, data)
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
	db := filepath.Join(dir, "kill.db")
	mustPejling(t, "import", "--quiet", "--db", db, data)
	if got := fingerprint(t, db); dataOnly(got) != dataOnly(newState) {
		t.Fatalf("import after kills: %s, want %s", got, newState)
	}
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
