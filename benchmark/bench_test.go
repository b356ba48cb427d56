package benchmark

import (
	"math/rand/v2"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
)

// tenYears is the work of issue 5's performance goal for one run: for each of 10 years,
// the IAB peers of all 98 municipalities, the expected level (OLS, intervals, ranks)
// of every comparable figure for group all and every benefit group, and the ranks
// per group, on the real framework data and synthetic figure values.
func tenYears(b *testing.B, fw *Framework, munis []int, values map[int]Values) (fits int) {
	for year := 2015; year < 2025; year++ {
		v := values[year]
		target := map[int]float64{}
		for _, m := range munis {
			target[m], _ = v.Get(m, "", figures.PublicSupportRate)
		}
		p, err := NewPeers(fw, munis, PeerOptions{Year: year, Target: target, TargetName: figures.PublicSupportRate})
		if err != nil {
			b.Fatal(err)
		}
		for _, g := range append([]pejling.BenefitGroup{""}, pejling.BenefitGroups...) {
			var ids []string
			for _, id := range ComparableFigures() {
				if f, _ := Figure(id); g == "" || !f.AllGroupsOnly {
					ids = append(ids, id)
				}
			}
			for _, id := range ids {
				if _, err := Expected(v, fw, munis, id, g, ExpectedOptions{Year: year}); err != nil {
					b.Fatal(err)
				}
				fits++
			}
			if _, err := Rank(v, values[year-1], munis, ids, g, p); err != nil {
				b.Fatal(err)
			}
		}
	}
	return fits
}

func BenchmarkTenYears(b *testing.B) {
	fw := NewFramework(dk.Framework())
	var munis []int
	for _, m := range dk.Municipalities() {
		munis = append(munis, m.Code)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	values := map[int]Values{}
	for year := 2014; year < 2025; year++ {
		v := Values{}
		for _, m := range munis {
			for _, g := range append([]pejling.BenefitGroup{""}, pejling.BenefitGroups...) {
				for _, id := range ComparableFigures() {
					v[Key{m, g, id}] = 0.05 + 0.5*rng.Float64()
				}
			}
		}
		values[year] = v
	}
	var fits int
	for b.Loop() {
		fits = tenYears(b, fw, munis, values)
	}
	b.ReportMetric(float64(fits), "fits/op")
}
