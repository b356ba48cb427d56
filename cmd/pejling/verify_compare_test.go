package main

import (
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// TestVerifyCompareFigures checks the comparison behind pejling verify, which on real data
// finds no differences: the engine cannot be corrupted from outside.
func TestVerifyCompareFigures(t *testing.T) {
	p := figures.Period{First: pejling.MustParseDate("2024-01-01"), Last: pejling.MustParseDate("2024-01-31")}
	row := func(m int, g pejling.BenefitGroup, fig string, v float64, valid bool) figures.Row {
		return figures.Row{Municipality: m, Group: g, Period: p, Figure: fig, Value: v, Valid: valid}
	}
	base := func() []figures.Row {
		return []figures.Row{
			row(0, "", figures.FullTimePersons, 12.5, true),
			row(101, "", figures.PersonsAffected, 0, true),
			row(101, "KTH", figures.ActivationRate, 0, false),
			row(101, "KTH", figures.AvgDurationDays, 1e6, true),
		}
	}
	t.Run("Same", func(t *testing.T) {
		w := base()
		w[3].Value += 1e-4 // within 1e-9 relative of 1e6
		if n, diffs := compareFigures(base(), w); n != 4 || len(diffs) != 0 {
			t.Fatalf("%d values, differences %q", n, diffs)
		}
	})
	for _, tc := range []struct {
		name   string
		change func([]figures.Row) []figures.Row
		want   string
	}{
		{"OneValue", func(w []figures.Row) []figures.Row { w[0].Value = 12.500001; return w },
			"all all 2024-01-01…2024-01-31 full_time_persons: engine 12.5, SQL 12.500001"},
		{"OutsideTolerance", func(w []figures.Row) []figures.Row { w[3].Value += 0.01; return w },
			"101 KTH 2024-01-01…2024-01-31 avg_duration_days: engine 1000000, SQL 1000000.01"},
		{"ZeroForEmpty", func(w []figures.Row) []figures.Row { w[2].Valid = true; return w },
			"101 KTH 2024-01-01…2024-01-31 activation_rate: engine empty, SQL 0"},
		{"EmptyForZero", func(w []figures.Row) []figures.Row { w[1].Valid = false; return w },
			"101 all 2024-01-01…2024-01-31 persons_affected: engine 0, SQL empty"},
		{"MissingKey", func(w []figures.Row) []figures.Row { return w[1:] },
			"all all 2024-01-01…2024-01-31 full_time_persons: engine 12.5, SQL has no value"},
		{"ExtraKey", func(w []figures.Row) []figures.Row { return append(w, row(147, "", figures.Outflow, 3, true)) },
			"147 all 2024-01-01…2024-01-31 outflow: SQL 3, engine has no value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n, diffs := compareFigures(base(), tc.change(base()))
			if len(diffs) != 1 || diffs[0] != tc.want {
				t.Fatalf("differences %q, want [%q]", diffs, tc.want)
			}
			if want := 4 + strings.Count(tc.name, "Extra"); n != want {
				t.Errorf("%d values compared, want %d", n, want)
			}
		})
	}
}
