package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestExplain(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "import", "--quiet", "--db", db, writeDataSet(t, smallDataSet))
	// KTH in København, Q1 2024 (91 days): A1's spell 2024-01-01…03-31 at fraction 1
	// (see TestFigures): Σ 91 days × 1 / 91 = 1, from one spell.
	out := mustPejling(t, "explain", "--db", db, "--figure", "full_time_persons", "--municipality", "København",
		"--group", "kth", "--from", "2024-01-01", "--to", "2024-03-31")
	for _, want := range []string{"full_time_persons · København (101) · KTH · 2024-01-01 … 2024-03-31 (91 days)",
		"  = 91 / 91", "  = 1\n", "from 1 benefit spells with a day in the period"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	out = mustPejling(t, "explain", "--db", db, "--figure", "turnover_speed", "--municipality", "101",
		"--group", "KTH", "--from", "2024-01-01", "--to", "2024-03-31", "--format", "json")
	var x struct {
		Value *float64 `json:"value"`
		Terms []struct {
			Name  string   `json:"name"`
			Value *float64 `json:"value"`
			Fed   int      `json:"fed_by_count"`
		} `json:"terms"`
	}
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	// The spell ends 03-31 and A1 is on SDP from 04-10: no outflow, so 0 / 1.
	if x.Value == nil || *x.Value != 0 || len(x.Terms) != 2 || x.Terms[0].Name != "outflow" || *x.Terms[1].Value != 1 || x.Terms[0].Fed != 1 {
		t.Fatalf("turnover_speed: %s", out)
	}
	for _, bad := range []struct {
		args []string
		code int
	}{
		{[]string{"--figure", "activation_rate"}, 2},
		{[]string{"--figure", "nope", "--from", "2024-01-01", "--to", "2024-01-31"}, 1},
		{[]string{"--figure", "activation_rate", "--from", "2024-01-01", "--to", "2023-01-31"}, 1},
		{[]string{"--figure", "activation_rate", "--from", "2024-13-01", "--to", "2024-01-31"}, 1},
		{[]string{"--figure", "activation_rate", "--municipality", "Atlantis", "--from", "2024-01-01", "--to", "2024-01-31"}, 1},
		{[]string{"--figure", "activation_rate", "--municipality", "Skive", "--from", "2024-01-01", "--to", "2024-01-31"}, 1},
		{[]string{"--figure", "cooperation_rate", "--group", "KTH", "--from", "2024-01-01", "--to", "2024-01-31"}, 1},
		{[]string{"--figure", "activation_rate", "--group", "'; DROP TABLE x", "--from", "2024-01-01", "--to", "2024-01-31"}, 1},
		{[]string{"--figure", "activation_rate", "--from", "2024-01-01", "--to", "2024-01-31", "--format", "xml"}, 1},
	} {
		if _, errOut, code := pejling(t, append([]string{"explain", "--db", db}, bad.args...)...); code != bad.code || errOut == "" {
			t.Errorf("%v: exit %d, want %d; %q", bad.args, code, bad.code, errOut)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty.db")
	if _, errOut, code := pejling(t, "explain", "--db", empty, "--figure", "outflow", "--from", "2024-01-01", "--to", "2024-01-31"); code != 1 || !strings.Contains(errOut, "no data") {
		t.Errorf("empty store: exit %d, %q", code, errOut)
	}
}
