package web

import (
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/export"
)

// followUpTable is the follow-up as a file: the fields of pejling economics followup
// --format json, one row a year, and the cumulative net savings; a year with a realised
// inflow of 1–4 has its realised cells empty and says "fewer than 5" (the page's rule).
func followUpTable(name string, municipality int, years []economics.FollowUpYear) export.Table {
	num := func(n string, d int) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: d} }
	t := export.Table{Title: "Follow-up " + name, Columns: []export.Column{{Name: "municipality", Kind: export.Integer},
		{Name: "year", Kind: export.Integer}, {Name: "case_year", Kind: export.Integer}, {Name: "partial"}, {Name: "ramp_up", Kind: export.Percent, Decimals: 1},
		num("assumed_inflow", 2), {Name: "realised_inflow", Kind: export.Integer}, {Name: "suppressed"},
		num("assumed_duration_weeks", 6), num("realised_duration_weeks", 6), {Name: "duration_basis"},
		{Name: "completed_periods", Kind: export.Integer}, {Name: "censored_periods", Kind: export.Integer},
		num("mean_weeks_completed", 6), num("km_median_weeks", 6),
		num("assumed_net_saving", 2), num("realised_net_saving", 2), num("net_operating_cost", 2),
		num("assumed_net_result", 2), num("realised_net_result", 2),
		num("assumed_cumulative_net_saving", 2), num("realised_cumulative_net_saving", 2)}}
	opt := func(v *float64) any {
		if v == nil {
			return nil
		}
		return *v
	}
	cumA, cumR := followUpCumulative(years)
	for i, y := range years {
		partial := "no"
		if y.Partial {
			partial = "yes"
		}
		row := []any{municipality, y.Year, y.CaseYear, partial, y.RampUp, y.AssumedInflow, y.RealisedInflow, "",
			y.AssumedWeeks, opt(y.RealisedWeeks), y.DurationBasis, y.Completed, y.Censored, opt(y.MeanWeeksCompleted), opt(y.MedianWeeksKM),
			y.AssumedNetSaving, opt(y.RealisedNetSaving), y.NetOperatingCost, y.AssumedNetResult, opt(y.RealisedNetResult),
			cumA[i], opt(cumR[i])}
		if followUpSuppressed(y) {
			for _, j := range []int{6, 9, 10, 11, 12, 13, 14, 16, 19} {
				row[j] = nil
			}
			row[7] = "fewer than 5"
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
