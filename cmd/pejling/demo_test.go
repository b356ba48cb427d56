package main_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDemo(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	data := filepath.Join(dir, "demo-data")
	out := mustPejling(t, "demo", "--no-serve", "--persons", "2000", "--db", db, "--data", data)
	if !strings.Contains(out, "Generated 2000 persons") || !strings.Contains(out, "Imported") {
		t.Fatalf("first run:\n%s", out)
	}
	if _, err := os.Stat(data + ".partial"); !os.IsNotExist(err) {
		t.Fatalf("the temporary folder is left behind: %v", err)
	}
	loaded := fingerprint(t, db)
	out = mustPejling(t, "demo", "--no-serve", "--persons", "2000", "--db", db, "--data", data)
	if !strings.Contains(out, "already holds data") || fingerprint(t, db) != loaded {
		t.Fatalf("second run did not reuse the database:\n%s", out)
	}
	// A database lost but the generated folder kept: imported again, not regenerated.
	db2 := filepath.Join(dir, "p2.db")
	out = mustPejling(t, "demo", "--no-serve", "--persons", "2000", "--db", db2, "--data", data)
	if !strings.Contains(out, "Using the data set already generated") || dataOnly(fingerprint(t, db2)) != dataOnly(loaded) {
		t.Fatalf("third run:\n%s", out)
	}
}

func TestServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "import", "--quiet", "--db", db, writeDataSet(t, smallDataSet))
	addUser(t, db, "nat", "analyst", "all")
	token := strings.TrimSpace(mustPejling(t, "token", "create", "--db", db, "--user", "nat"))
	cmd := exec.Command(binary, "serve", "--db", db, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve did not stop cleanly on interrupt: %v", err)
			}
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not stop within 10s of an interrupt")
		}
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		t.Fatalf("no address in %q", line)
	}
	url := strings.Fields(line[i:])[0]
	if res, err := http.Get(url + "api/v1/status"); err != nil || res.StatusCode != 401 {
		t.Fatalf("status without a token: %v %v", res.Status, err)
	}
	req, _ := http.NewRequest("GET", url+"api/v1/status", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var st struct {
		AsOf string `json:"as_of"`
	}
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil || st.AsOf != "2024-12-31" {
		t.Fatalf("status %+v, %v", st, err)
	}
}
