package demodata

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// muni is the model of one municipality: its real framework conditions and the seeded
// effects that make it differ from the others.
type muni struct {
	code   int
	codeB  []byte // the code as written in the files
	name   string
	region int

	pop  []float64 // real population per history year (interpolated)
	a65  []float64 // real age65plus_pct per history year (interpolated)
	z    [nZ]float64
	supp float64 // relative public-support intensity from the framework conditions

	entryCum  [nGroups]float64 // first-spell group mix (cumulative)
	inflowCum [nGroups]float64 // group mix of re-entries after self-support (cumulative)
	actRate   [nGroups]float64 // activation starts per year on benefit
	placeP    [nGroups]float64 // share of activations that are company placements
	aktivP    float64          // share of aktivitetsparat among KTH, UDH and IYD spells
	rateEff   [nGroups]float64 // municipality effect on the yearly benefit rate
	opsEff    float64          // municipality effect on operating cost per full-time person
	guideEff  float64          // municipality effect on guidance cost

	neighbours []int // indices of municipalities in the same region with adjacent codes
	interv     int   // first intervention number of the municipality
}

// interventionsPerMuni is how many interventions (INT-nnnn) each municipality runs.
const interventionsPerMuni = 8

// frameworkSeries returns a function interpolating a real framework variable linearly
// between the years Statistics Denmark has it, constant beyond the first and last.
func frameworkSeries() func(code int, variable string, year int) (float64, bool) {
	type key struct {
		code int
		v    string
	}
	type pt struct {
		year int
		v    float64
	}
	idx := map[key][]pt{}
	for _, f := range dk.Framework() {
		k := key{f.Municipality, f.Variable}
		idx[k] = append(idx[k], pt{f.Year, f.Value})
	}
	for _, s := range idx {
		sort.Slice(s, func(i, j int) bool { return s[i].year < s[j].year })
	}
	return func(code int, variable string, year int) (float64, bool) {
		s := idx[key{code, variable}]
		if len(s) == 0 {
			return 0, false
		}
		if year <= s[0].year {
			return s[0].v, true
		}
		for i := 1; i < len(s); i++ {
			if year <= s[i].year {
				a, b := s[i-1], s[i]
				return a.v + (b.v-a.v)*float64(year-a.year)/float64(b.year-a.year), true
			}
		}
		return s[len(s)-1].v, true
	}
}

// newMunis builds the 98 municipalities for the history years, drawing their random
// effects from r in a fixed order.
func newMunis(years []int, series func(int, string, int) (float64, bool), r *rand.Rand) []muni {
	dms := dk.Municipalities()
	ms := make([]muni, len(dms))
	zvars := [nZ]string{"unemployment_pct", "non_danish_origin_pct", "higher_education_pct", "disposable_income_dkk", "age65plus_pct"}
	const refYear = 2019 // the framework year that drives the mix: all variables exist for it
	var raw [nZ][]float64
	for i, d := range dms {
		m := &ms[i]
		m.code, m.name, m.region = d.Code, d.Name, d.RegionCode
		m.codeB = strconv.AppendInt(nil, int64(d.Code), 10)
		for _, y := range years {
			p, _ := series(d.Code, "population", y)
			a, _ := series(d.Code, "age65plus_pct", y)
			m.pop = append(m.pop, p)
			m.a65 = append(m.a65, a)
		}
		for k, v := range zvars {
			x, _ := series(d.Code, v, refYear)
			if k == zIncome {
				x = math.Log(math.Max(x, 1))
			}
			raw[k] = append(raw[k], x)
		}
		m.interv = i*interventionsPerMuni + 1
	}
	for k := range raw {
		mean, sd := meanSD(raw[k])
		for i := range ms {
			if sd > 0 {
				ms[i].z[k] = (raw[k][i] - mean) / sd
			}
		}
	}
	for i := range ms {
		m := &ms[i]
		m.aktivP = clamp(.55+.05*m.z[zUnemployment]+.04*m.z[zNonDanish], .3, .8)
		m.supp = math.Exp(.10*m.z[zUnemployment] - .10*m.z[zEducation] - .06*m.z[zIncome])
		var e, in float64
		for g := range groups {
			gp := &groups[g]
			w := gp.entry
			for k := range nZ {
				w *= math.Exp(gp.beta[k] * m.z[k])
			}
			e += w
			m.entryCum[g] = e
			if g == gFTP {
				w *= .2 // after self-support, førtidspension mostly comes by way of JAF or RES
			}
			in += w
			m.inflowCum[g] = in
		}
		// Random effects are drawn for every group, also those without activation, so
		// that adding a group's activation later does not reshuffle the others.
		actM, placeM := r.NormFloat64()*sdActMuni, r.NormFloat64()*sdPlaceMuni
		for g := range groups {
			gp := &groups[g]
			a, p := r.NormFloat64()*sdActMuniGroup, r.NormFloat64()*sdPlaceMuniGroup
			m.actRate[g] = gp.act * math.Exp(actM+a-(sdActMuni*sdActMuni+sdActMuniGroup*sdActMuniGroup)/2)
			if gp.place > 0 {
				m.placeP[g] = 1 / (1 + math.Exp(-(math.Log(gp.place/(1-gp.place)) + placeM + p)))
			}
			m.rateEff[g] = 1 + .03*clamp(r.NormFloat64(), -2.5, 2.5)
		}
		m.opsEff = math.Exp(.15*clamp(r.NormFloat64(), -2.5, 2.5)) * math.Pow(m.pop[0]/50000, -.05)
		m.guideEff = math.Exp(.2 * clamp(r.NormFloat64(), -2.5, 2.5))
	}
	// Neighbours: no geography is embedded, so the municipalities with adjacent codes in
	// the same region stand in for them (the codes run roughly along the map).
	for i := range ms {
		for d := -2; d <= 2; d++ {
			j := i + d
			if d != 0 && j >= 0 && j < len(ms) && ms[j].region == ms[i].region {
				ms[i].neighbours = append(ms[i].neighbours, j)
			}
		}
	}
	return ms
}

// yearIndex returns the index of the history year of d (0 for the first).
func (md *model) yearIndex(d pejling.Date) int {
	i := sort.Search(len(md.yearStart), func(i int) bool { return md.yearStart[i] > d }) - 1
	return max(0, min(i, len(md.years)-1))
}

func meanSD(x []float64) (mean, sd float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	for _, v := range x {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(x)))
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// pick returns the index i of a cumulative weight table with cum[i-1] ≤ u·total < cum[i].
func pick(cum []float64, r *rand.Rand) int {
	u := r.Float64() * cum[len(cum)-1]
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > u {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}
