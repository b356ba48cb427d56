package figures_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// TestComputeAdditive checks on random spells that every figure that is a sum of
// spell contributions adds up across cells: the (m, all) value is the sum over the
// groups of m, and the (all, g) value the sum over the municipalities — and that
// persons_affected, a count of distinct persons, never exceeds that sum.
func TestComputeAdditive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	munis := []int{101, 147, 751}
	groups := pejling.BenefitGroups[:4]
	start := date("2023-11-01")
	var in figures.Input
	in.AsOf = date("2024-03-15")
	for i := range 300 {
		id := fmt.Sprintf("p%03d", i%60)
		s := start + pejling.Date(r.IntN(150))
		e := s + pejling.Date(r.IntN(60))
		if r.IntN(10) == 0 {
			e = pejling.Forever
		}
		m, g := munis[r.IntN(len(munis))], groups[r.IntN(len(groups))]
		in.Benefit = append(in.Benefit, pejling.BenefitSpell{PersonID: id, Municipality: m, Group: g,
			Start: s, End: e, Fraction: 0.25 * float64(1+r.IntN(4))})
		if r.IntN(2) == 0 {
			in.Activation = append(in.Activation, pejling.ActivationSpell{PersonID: id, Municipality: m, Group: g,
				Type: pejling.ActivationTypes[r.IntN(len(pejling.ActivationTypes))], Start: s, End: s + pejling.Date(r.IntN(40)),
				HoursPerWeek: float64(10 + r.IntN(30))})
		}
	}
	periods := append(figures.Months(start, date("2024-03-31")), figures.Years(date("2024-01-01"), date("2024-12-31"))...)
	rows := figures.Compute(in, periods)

	type cell struct {
		m int
		g pejling.BenefitGroup
		p figures.Period
		f string
	}
	val := map[cell]float64{}
	for _, row := range rows {
		val[cell{row.Municipality, row.Group, row.Period, row.Figure}] = row.Value
	}
	additive := []string{"full_time_persons", "full_time_activated", "placements_started",
		"placements_started_praktik", "outflow", "outflow_pending"}
	for _, p := range periods {
		for _, f := range additive {
			var total float64
			for _, m := range munis {
				var sum float64
				for _, g := range pejling.BenefitGroups {
					sum += val[cell{m, g, p, f}]
				}
				if got := val[cell{m, "", p, f}]; math.Abs(got-sum) > 1e-9 {
					t.Errorf("%d all %v %s = %v, sum over groups %v", m, p, f, got, sum)
				}
				total += sum
			}
			if got := val[cell{0, "", p, f}]; math.Abs(got-total) > 1e-9 {
				t.Errorf("all all %v %s = %v, sum %v", p, f, got, total)
			}
		}
		var sum float64
		for _, m := range munis {
			sum += val[cell{m, "", p, "persons_affected"}]
		}
		if got := val[cell{0, "", p, "persons_affected"}]; got > sum || (sum > 0 && got == 0) {
			t.Errorf("all all %v persons_affected = %v, sum over municipalities %v", p, got, sum)
		}
	}
}
