package benchmark

import (
	"context"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// fakeStore holds a figure set in memory.
type fakeStore struct {
	asOf  pejling.Date
	held  []figures.Period
	rows  []figures.Row
	facts []pejling.MunicipalityFact
	none  bool
}

func (s *fakeStore) FigureSetAsOf(context.Context) (pejling.Date, error) {
	if s.none {
		return 0, pejling.Errorf(pejling.ENOTFOUND, "no figure set")
	}
	return s.asOf, nil
}
func (s *fakeStore) FigureSetPeriods(context.Context) ([]figures.Period, error) { return s.held, nil }
func (s *fakeStore) FigureRows(_ context.Context, ps []figures.Period) ([]figures.Row, error) {
	var out []figures.Row
	for _, r := range s.rows {
		for _, p := range ps {
			if r.Period == p {
				out = append(out, r)
			}
		}
	}
	return out, nil
}
func (s *fakeStore) FrameworkFacts(context.Context) ([]pejling.MunicipalityFact, error) {
	return s.facts, nil
}

func TestLoad(t *testing.T) {
	y := func(s string) figures.Period { p, _ := figures.ParsePeriod(s); return p }
	st := &fakeStore{asOf: pejling.MustParseDate("2025-06-30"),
		held:  []figures.Period{y("2023"), y("2024"), y("2025Q1"), y("2025")}, // 2025 is not whole at as_of
		facts: []pejling.MunicipalityFact{{Municipality: 101, Year: 2024, Variable: "unemployment_pct", Value: 99}}}
	for _, p := range []string{"2023", "2024", "2025Q1", "2025"} {
		for _, m := range []int{0, 101, 147} {
			st.rows = append(st.rows, figures.Row{Municipality: m, Period: y(p), Figure: figures.ActivationRate, Value: 0.1, Valid: m != 147 || p != "2024"})
		}
	}
	d, err := Load(context.Background(), st, figures.Period{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Period != y("2024") || !d.HasPrevious || d.Previous != y("2023") {
		t.Errorf("default period %s, previous %s %v", d.Period.Label(), d.Previous.Label(), d.HasPrevious)
	}
	// 147 has only an empty value in 2024: not a municipality of the period.
	if len(d.Municipalities) != 1 || d.Municipalities[0] != 101 || len(d.Before) != 3 {
		t.Errorf("municipalities %v, before %d values", d.Municipalities, len(d.Before))
	}
	// The store's framework value wins over the shipped one.
	if v, _, _ := d.Framework.Value(101, "unemployment_pct", 2024); v != 99 {
		t.Errorf("framework value %g, want the store's 99", v)
	}
	if v, _, ok := d.Framework.Value(147, "unemployment_pct", 2024); !ok || v == 99 {
		t.Errorf("shipped value for 147: %g %v", v, ok)
	}
	d, err = Load(context.Background(), st, y("2025Q1"))
	if err != nil || d.HasPrevious {
		t.Errorf("2025Q1: %v, previous %v (2024Q4 is not held)", err, d.HasPrevious)
	}
	if _, err := Load(context.Background(), st, y("2022")); err == nil || !strings.Contains(err.Error(), "does not hold") {
		t.Errorf("a period not held: %v", err)
	}
	st.none = true
	if _, err := Load(context.Background(), st, figures.Period{}); pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(err.Error(), "import") {
		t.Errorf("no figure set: %v", err)
	}
}
