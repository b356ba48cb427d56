package demodata_test

import (
	"math"
	"sort"
	"strconv"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

func TestRealism(t *testing.T) {
	dir, _ := mustShared(t)
	spells := readBenefits(t, dir)
	asOf := pejling.MustParseDate("2025-06-30")

	t.Run("BigCitiesMostPersons", func(t *testing.T) {
		persons := map[int]map[string]bool{}
		for p, ss := range spells {
			for _, s := range ss {
				if persons[s.muni] == nil {
					persons[s.muni] = map[string]bool{}
				}
				persons[s.muni][p] = true
			}
		}
		var codes []int
		for c := range persons {
			codes = append(codes, c)
		}
		sort.Slice(codes, func(i, j int) bool { return len(persons[codes[i]]) > len(persons[codes[j]]) })
		if codes[0] != 101 || codes[1] != 751 {
			t.Errorf("most persons in %d and %d, want København (101) and Aarhus (751)", codes[0], codes[1])
		}
	})

	t.Run("CashBenefitShareFollowsUnemployment", func(t *testing.T) {
		ft, cash := map[int]float64{}, map[int]float64{}
		for _, ss := range spells {
			for _, s := range ss {
				d := float64(min(s.end, asOf) - s.start + 1)
				ft[s.muni] += d
				if s.group == "KTH" || s.group == "UDH" || s.group == "IYD" {
					cash[s.muni] += d
				}
			}
		}
		var x, y []float64
		for _, m := range dk.Municipalities() {
			u, _, _ := dk.FrameworkValue(m.Code, "unemployment_pct", 2019)
			x = append(x, u)
			y = append(y, cash[m.Code]/ft[m.Code])
		}
		if r := correlation(x, y); r < .3 {
			t.Errorf("correlation of the KTH+UDH+IYD share with unemployment = %.2f, want clearly positive", r)
		}
	})

	t.Run("SicknessShorterThanCashBenefit", func(t *testing.T) {
		durs := map[string][]int{}
		for _, ss := range spells {
			for _, s := range ss {
				if s.end != pejling.Forever {
					durs[s.group] = append(durs[s.group], int(s.end-s.start+1))
				}
			}
		}
		sdp, kth := median(durs["SDP"]), median(durs["KTH"])
		if !(sdp < kth) || sdp < 28 || sdp > 84 {
			t.Errorf("median duration SDP %d days, KTH %d days", sdp, kth)
		}
	})

	t.Run("NoMunicipalityStrongInEveryGroup", func(t *testing.T) {
		rank := placementRanking(t, dir, spells)
		for _, g := range []string{"KTH", "DGP", "SDP", "UDH"} {
			if len(rank[g]) < 20 {
				t.Fatalf("only %d municipalities with 25 %s persons", len(rank[g]), g)
			}
		}
		top := rank["KTH"][:10]
		for _, m := range top {
			for _, g := range []string{"DGP", "SDP", "UDH"} {
				r := rank[g]
				for i, x := range r {
					if x == m && i >= len(r)/2 {
						return // one of KTH's top ten is in the bottom half of another group
					}
				}
			}
		}
		t.Errorf("the ten municipalities with the most KTH placements per person are all in the top half of DGP, SDP and UDH")
	})
}

// placementRanking ranks, per group, the municipalities with at least 25 persons of the
// group by company placements started per person affected, highest first.
func placementRanking(t *testing.T, dir string, spells map[string][]benefitRow) map[string][]int {
	type cell struct {
		muni  int
		group string
	}
	persons := map[cell]map[string]bool{}
	for p, ss := range spells {
		for _, s := range ss {
			c := cell{s.muni, s.group}
			if persons[c] == nil {
				persons[c] = map[string]bool{}
			}
			persons[c][p] = true
		}
	}
	placed := map[cell]int{}
	for _, r := range readCSV(t, dir, "activation_spells.csv", "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id") {
		if pejling.ActivationType(r[3]).IsCompanyPlacement() {
			m, _ := strconv.Atoi(r[1])
			placed[cell{m, r[2]}]++
		}
	}
	rank := map[string][]int{}
	score := map[cell]float64{}
	for c, ps := range persons {
		if len(ps) >= 25 {
			rank[c.group] = append(rank[c.group], c.muni)
			score[c] = float64(placed[c]) / float64(len(ps))
		}
	}
	for g, ms := range rank {
		sort.Slice(ms, func(i, j int) bool {
			a, b := score[cell{ms[i], g}], score[cell{ms[j], g}]
			return a > b || (a == b && ms[i] < ms[j])
		})
	}
	return rank
}

func median(x []int) int {
	sort.Ints(x)
	return x[len(x)/2]
}

// correlation is Pearson's r.
func correlation(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i] / float64(len(x))
		my += y[i] / float64(len(y))
	}
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}
