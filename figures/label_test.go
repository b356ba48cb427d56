package figures

import (
	"testing"

	"github.com/pejling/pejling"
)

func TestParsePeriod(t *testing.T) {
	d := pejling.MustParseDate
	for _, c := range []struct {
		in          string
		first, last string
		label, prev string
	}{
		{"2024", "2024-01-01", "2024-12-31", "2024", "2023"},
		{"2024Q1", "2024-01-01", "2024-03-31", "2024Q1", "2023Q4"},
		{"2024k3", "2024-07-01", "2024-09-30", "2024Q3", "2024Q2"},
		{"2024Q4", "2024-10-01", "2024-12-31", "2024Q4", "2024Q3"},
		{"2024M02", "2024-02-01", "2024-02-29", "2024-02", "2024-01"},
		{"2023-02", "2023-02-01", "2023-02-28", "2023-02", "2023-01"},
		{"2024-01", "2024-01-01", "2024-01-31", "2024-01", "2023-12"},
		{"2024M12", "2024-12-01", "2024-12-31", "2024-12", "2024-11"},
	} {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if p.First != d(c.first) || p.Last != d(c.last) {
			t.Errorf("%s = %v–%v, want %s–%s", c.in, p.First, p.Last, c.first, c.last)
		}
		if p.Label() != c.label {
			t.Errorf("%s: label %q, want %q", c.in, p.Label(), c.label)
		}
		prev, ok := p.Previous()
		if !ok || prev.Label() != c.prev {
			t.Errorf("%s: previous %q %v, want %q", c.in, prev.Label(), ok, c.prev)
		}
	}
	for _, bad := range []string{"", "24", "2024Q5", "2024Q0", "2024M13", "2024-0", "abcd", "2024X1", "2024Q", "20241", "9999", "2024-13", "2024Q1x"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	odd := Period{d("2024-01-02"), d("2024-02-01")}
	if _, ok := odd.Previous(); ok {
		t.Error("a custom period has a previous period")
	}
	if odd.Label() != "2024-01-02–2024-02-01" {
		t.Errorf("custom label %q", odd.Label())
	}
}
