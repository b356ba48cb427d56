package figures_test

import (
	"fmt"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

func ExampleCompute() {
	d := pejling.MustParseDate
	in := figures.Input{
		AsOf: d("2024-12-31"),
		Benefit: []pejling.BenefitSpell{
			// Half of January at full time, then gone for good: an outflow.
			{PersonID: "a", Municipality: 101, Group: pejling.KTH, Start: d("2024-01-01"), End: d("2024-01-15"), Fraction: 1},
			// All of January at half time, still running.
			{PersonID: "b", Municipality: 147, Group: pejling.SDP, Start: d("2024-01-01"), End: pejling.Forever, Fraction: 0.5},
		},
		Activation: []pejling.ActivationSpell{
			{PersonID: "b", Municipality: 147, Group: pejling.SDP, Type: pejling.Praktik,
				Start: d("2024-01-10"), End: d("2024-01-31"), HoursPerWeek: 37, CVR: "12345678"},
		},
	}
	january := figures.Months(d("2024-01-01"), d("2024-01-31"))
	for _, r := range figures.Compute(in, january) {
		if r.Municipality != 0 || r.Group != "" {
			continue // only the whole data set, all groups
		}
		if !r.Valid {
			fmt.Printf("%-32s empty\n", r.Figure)
			continue
		}
		fmt.Printf("%-32s %.4f\n", r.Figure, r.Value)
	}
	// By hand: full_time_persons = (15×1 + 31×0.5)/31 = 30.5/31; full_time_activated =
	// 22/31 (b's praktik, 10–31 Jan); activation_rate = 22/30.5; b alone is covered (1/2);
	// a's 15-day period is completed, b's runs; a's end + 28 = 12 Feb ≤ as_of, nothing
	// follows: one outflow, turnover 1/(30.5/31); b's praktik ends 31 Jan, + 182 =
	// 31 Jul ≤ as_of, b still on benefit then: self-support 0/1. No companies, no
	// population and no employment data: those three are empty.
	//
	// Output:
	// activation_rate                  0.7213
	// avg_duration_days                15.0000
	// cooperation_rate                 empty
	// coverage_rate                    0.5000
	// employment_rate_6m               empty
	// full_time_activated              0.7097
	// full_time_persons                0.9839
	// outflow                          1.0000
	// outflow_pending                  0.0000
	// persons_affected                 2.0000
	// placement_share_of_activation    1.0000
	// placements_per_person_affected   0.5000
	// placements_started               1.0000
	// placements_started_lts_offentlig 0.0000
	// placements_started_lts_privat    0.0000
	// placements_started_praktik       1.0000
	// public_support_rate              empty
	// self_support_rate_6m             0.0000
	// turnover_speed                   1.0164
}
