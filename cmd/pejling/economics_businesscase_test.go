package main_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBusinessCaseCommand(t *testing.T) {
	in := filepath.Join("..", "..", "economics", "testdata", "hilleroed.json")
	t.Run("JSON", func(t *testing.T) {
		var r struct {
			NetOperatingCost float64 `json:"net_operating_cost"`
			Years            []struct {
				NetSaving float64 `json:"net_saving"`
			} `json:"years"`
			PaybackYears *float64 `json:"payback_years"`
			Sensitivity  struct {
				NPV [][]float64 `json:"npv"`
			} `json:"sensitivity"`
		}
		if err := json.Unmarshal([]byte(mustPejling(t, "economics", "businesscase", "--in", in, "--format", "json")), &r); err != nil {
			t.Fatal(err)
		}
		if r.NetOperatingCost != 583500 || math.Abs(r.Years[1].NetSaving-3876784.615) > 0.01 || r.PaybackYears == nil || len(r.Sensitivity.NPV) != 5 {
			t.Errorf("%+v", r)
		}
	})
	t.Run("Table", func(t *testing.T) {
		out := mustPejling(t, "economics", "businesscase", "--in", in)
		for _, want := range []string{"3876785", "583500", "Net present value", "Payback time       0.30 years", "Break-even effect  1.84 weeks", "150%"} {
			if !strings.Contains(out, want) {
				t.Errorf("table lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("Template", func(t *testing.T) {
		tmpl := filepath.Join(t.TempDir(), "case.json")
		if err := os.WriteFile(tmpl, []byte(mustPejling(t, "economics", "businesscase", "--template")), 0o644); err != nil {
			t.Fatal(err)
		}
		a := mustPejling(t, "economics", "businesscase", "--in", tmpl, "--format", "json")
		b := mustPejling(t, "economics", "businesscase", "--in", in, "--format", "json")
		if a != b {
			t.Errorf("the template is not the Hillerød example:\n%s\n%s", a, b)
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.json")
		os.WriteFile(bad, []byte(`{"version": 1, "yearly_inflow": -3}`), 0o644)
		_, errOut, code := pejling(t, "economics", "businesscase", "--in", bad)
		if code != 1 || !strings.Contains(errOut, "target_group: missing") {
			t.Errorf("exit %d: %s", code, errOut)
		}
		if _, _, code := pejling(t, "economics", "businesscase"); code != 2 {
			t.Errorf("no --in: exit %d, want 2", code)
		}
		_, errOut, code = pejling(t, "economics", "businesscase", "--in", filepath.Join(t.TempDir(), "none.json"))
		if code != 1 || !strings.Contains(errOut, "none.json") {
			t.Errorf("missing file: exit %d: %s", code, errOut)
		}
	})
}
