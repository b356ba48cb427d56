package main_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling/sqldb"
)

// TestBackupRestore backs up a store, imports more, restores the backup and checks that
// the figures computed from the spells are byte for byte those from before.
func TestBackupRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	first, second := filepath.Join(dir, "first"), filepath.Join(dir, "second")
	mustPejling(t, "generate", "--persons", "3000", "--seed", "7", "--out", first)
	mustPejling(t, "generate", "--persons", "2000", "--seed", "8", "--out", second)
	mustPejling(t, "import", "--quiet", "--db", db, first)
	figuresArgs := []string{"figures", "--db", db, "--recompute", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,year"}
	before := mustPejling(t, figuresArgs...)
	fpBefore := fingerprint(t, db)

	backup := filepath.Join(dir, "backup.db")
	out := mustPejling(t, "backup", "--db", db, "--out", backup)
	if !strings.Contains(out, "Backed up") {
		t.Fatalf("backup output: %q", out)
	}
	if _, err := os.Stat(backup + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("a .partial file is left: %v", err)
	}

	mustPejling(t, "import", "--quiet", "--db", db, second)
	if between := mustPejling(t, figuresArgs...); between == before {
		t.Fatal("the second import did not change the figures: the test proves nothing")
	}

	mustPejling(t, "restore", "--db", db, "--from", backup)
	if after := mustPejling(t, figuresArgs...); after != before {
		t.Fatalf("figures after the restore differ from those before the backup")
	}
	if got := fingerprint(t, db); got != fpBefore {
		t.Fatalf("store after the restore:\n%s\nwant\n%s", got, fpBefore)
	}
	status := mustPejling(t, "status", "--db", db)
	if !strings.Contains(status, "import 1: "+first) || strings.Contains(status, "import 2") {
		t.Fatalf("status after the restore:\n%s", status)
	}
	// The restored store takes imports again.
	mustPejling(t, "import", "--quiet", "--db", db, second)
}

// TestBackupDuringImport backs up a store again and again while an import runs in
// another process: every backup holds the state before or after the import, whole.
func TestBackupDuringImport(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "20000", "--seed", "3", "--out", data)
	base := filepath.Join(dir, "base.db")
	mustPejling(t, "import", "--quiet", "--db", base, writeDataSet(t, smallDataSet))
	oldState := fingerprint(t, base)
	full := filepath.Join(dir, "full.db")
	copyFile(t, base, full)
	mustPejling(t, "import", "--quiet", "--no-figures", "--db", full, data)
	newState := fingerprint(t, full)

	db := filepath.Join(dir, "live.db")
	copyFile(t, base, db)
	cmd := exec.Command(binary, "import", "--quiet", "--no-figures", "--db", db, data)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var backups []string
	for running := true; running; {
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("import: %v", err)
			}
			running = false
		default:
			b := filepath.Join(dir, "b"+strconv.Itoa(len(backups))+".db")
			mustPejling(t, "backup", "--db", db, "--out", b)
			backups = append(backups, b)
		}
	}
	var sawOld, sawNew int
	for _, b := range backups {
		switch fingerprint(t, b) {
		case oldState:
			sawOld++
		case newState:
			sawNew++
		default:
			t.Fatalf("backup %s holds neither the state before nor after the import", b)
		}
	}
	t.Logf("%d backups during the import: %d before, %d after", len(backups), sawOld, sawNew)
	if sawOld == 0 {
		t.Error("no backup was taken while the import ran")
	}
}

// TestBackupRestoreRefused checks the refusals: each leaves the store as it was.
func TestBackupRestoreRefused(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	mustPejling(t, "import", "--quiet", "--db", db, writeDataSet(t, smallDataSet))
	before := fingerprint(t, db)
	backup := filepath.Join(dir, "backup.db")
	mustPejling(t, "backup", "--db", db, "--out", backup)
	whole, err := os.ReadFile(backup)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"BackupExists", []string{"backup", "--db", db, "--out", backup}, 1, "exists"},
		{"BackupNoStore", []string{"backup", "--db", filepath.Join(dir, "none.db"), "--out", filepath.Join(dir, "n.db")}, 1, "no store at"},
		{"BackupNoOut", []string{"backup", "--db", db}, 2, "Usage: pejling backup"},
		{"RestoreNoFrom", []string{"restore", "--db", db}, 2, "Usage: pejling restore"},
		{"RestoreExtraArg", []string{"restore", "--db", db, "--from", backup, "x"}, 2, "Usage: pejling restore"},
		{"NotADatabase", []string{"restore", "--db", db, "--from", write("text.db", []byte("person_id,municipality\nA1,101\n"))}, 1, "is not a SQLite database"},
		{"Truncated", []string{"restore", "--db", db, "--from", write("cut.db", whole[:len(whole)/2])}, 1, "is truncated"},
		{"Missing", []string{"restore", "--db", db, "--from", filepath.Join(dir, "missing.db")}, 1, "does not exist"},
		{"Folder", []string{"restore", "--db", db, "--from", dir}, 1, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := pejling(t, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.msg) {
				t.Fatalf("exit %d, %q; want exit %d and %q", code, errOut, tc.code, tc.msg)
			}
			if got := fingerprint(t, db); got != before {
				t.Fatalf("the store changed:\n%s\nwant\n%s", got, before)
			}
			if _, err := os.Stat(db + ".restoring"); !os.IsNotExist(err) {
				t.Fatalf("a .restoring file is left: %v", err)
			}
		})
	}

	t.Run("ServerRunning", func(t *testing.T) {
		open, err := sqldb.Open(t.Context(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer open.Close()
		_, errOut, code := pejling(t, "restore", "--db", db, "--from", backup)
		if code != 1 || !strings.Contains(errOut, "open in another process") {
			t.Fatalf("exit %d, %q", code, errOut)
		}
	})

	t.Run("Help", func(t *testing.T) {
		for _, c := range []string{"backup", "restore"} {
			_, errOut, code := pejling(t, c, "-h")
			if code != 0 || !strings.Contains(errOut, "Usage: pejling "+c) || !strings.Contains(errOut, "docs/operations.md") {
				t.Errorf("%s -h: exit %d, %q", c, code, errOut)
			}
		}
	})
}
