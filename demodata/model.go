package demodata

import (
	"context"
	"math"
	"math/rand/v2"
	"time"

	"github.com/pejling/pejling"
)

// model is everything shared read-only by the workers: the municipalities, companies,
// dates and the derived tables of the group model.
type model struct {
	cfg        Config
	series     func(code int, variable string, year int) (float64, bool) // real framework values
	from, asOf pejling.Date
	years      []int          // the calendar years of the history
	yearStart  []pejling.Date // 1 January of each history year and of the year after
	scale      float64        // the data set's size relative to Denmark
	munis      []muni
	muniCum    []float64 // where persons live: real population × support intensity
	companies  []company
	compIdx    []companyIndex
	dates      dateTable
	entryYear  [nGroups][]float64 // acceptance of a first spell starting in each year
	dgpLength  []float64          // DGP spell length factor of each year: its unemployment / the mean
	reform2019 pejling.Date       // jobparat/aktivitetsparat replace match1–3 (demo date)
	reform2025 pejling.Date       // UDH and IYD are folded into KTH (1 July 2025)
	amyEnd     pejling.Date       // no new AMY spells from this day (demo date)
}

// Random streams: each part of the data set draws from its own stream of the seed, so
// that, say, a change in the companies does not reshuffle the persons.
const (
	streamMunis = iota + 1
	streamCompanies
	streamPersons
	streamExpenditure
)

func (md *model) seed(stream uint64) uint64 {
	return uint64(md.cfg.Seed)*0x9E3779B97F4A7C15 + stream
}

func newModel(ctx context.Context, cfg Config) (*model, error) {
	md := &model{cfg: cfg, from: cfg.From, asOf: cfg.AsOf,
		reform2019: pejling.DateOf(2019, time.January, 1),
		reform2025: pejling.DateOf(2025, time.July, 1),
		amyEnd:     pejling.DateOf(2023, time.January, 1),
	}
	for y := cfg.From.Year(); y <= cfg.AsOf.Year(); y++ {
		md.years = append(md.years, y)
		md.yearStart = append(md.yearStart, pejling.DateOf(y, time.January, 1))
	}
	md.yearStart = append(md.yearStart, pejling.DateOf(cfg.AsOf.Year()+1, time.January, 1))
	md.scale = float64(cfg.Persons) / personsPerDenmark
	md.series = frameworkSeries()
	md.munis = newMunis(md.years, md.series, rand.New(rand.NewPCG(md.seed(streamMunis), 0)))
	for i := range md.munis {
		m := &md.munis[i]
		var p float64 // mean population 16–66, the population at risk
		for y, x := range m.pop {
			p += x * share16to66(m.a65[y]) / float64(len(m.pop))
		}
		md.muniCum = append(md.muniCum, cumLast(md.muniCum)+p*m.supp)
	}
	if err := newCompanies(ctx, md, rand.New(rand.NewPCG(md.seed(streamCompanies), 0))); err != nil {
		return nil, err
	}
	md.dates = newDateTable(md.from, md.asOf+800)
	md.entryYears()
	return md, nil
}

// entryYears sets how first spells spread over the years: DGP inflow follows the real
// unemployment rate of the year (the mean over the municipalities), IYD inflow falls after the refugee years,
// AMY stops; the other groups are even. DGP spells also last longer in years of high
// unemployment (2020) and shorter in years of low (2022).
func (md *model) entryYears() {
	iyd := map[int]float64{2018: 1, 2019: .75, 2020: .55, 2021: .5, 2022: .65, 2023: .5, 2024: .45}
	var u []float64
	top := 0.0
	for _, y := range md.years {
		var s float64
		for _, m := range md.munis {
			v, _ := md.series(m.code, "unemployment_pct", y)
			s += v
		}
		u = append(u, s)
		top = math.Max(top, s)
	}
	var mean float64
	for _, x := range u {
		mean += x / float64(len(u))
	}
	for _, x := range u {
		md.dgpLength = append(md.dgpLength, x/mean)
	}
	for g := range groups {
		md.entryYear[g] = make([]float64, len(md.years))
		for i, y := range md.years {
			f := 1.0
			switch g {
			case gDGP:
				f = u[i] / top
			case gIYD:
				switch v, ok := iyd[y]; {
				case ok:
					f = v
				case y < 2018:
					f = 1
				default:
					f = .4
				}
			}
			md.entryYear[g][i] = f
		}
	}
}

// entryDate draws the start of a person's first spell of g, from the burn-in before
// From to as_of; inside the history the year's inflow level of g applies.
func (md *model) entryDate(r *rand.Rand, g int, burnIn int32) pejling.Date {
	n := int(md.asOf-md.from+1) + int(burnIn)
	var d pejling.Date
	for range 16 {
		d = md.from - pejling.Date(burnIn) + pejling.Date(r.IntN(n))
		if d < md.from {
			break
		}
		if r.Float64() < md.entryYear[g][md.yearIndex(d)] {
			break
		}
	}
	return d
}

// remap returns the group a spell of g starting at t is registered under: AMY ends,
// and UDH and IYD are folded into KTH from 1 July 2025.
func (md *model) remap(g int, t pejling.Date) int {
	switch {
	case g == gAMY && t >= md.amyEnd:
		return gKTH
	case (g == gUDH || g == gIYD) && t >= md.reform2025:
		return gKTH
	}
	return g
}

// move draws the municipality a person moves to from mi: six times in ten one in the
// same region, otherwise any, weighted by where persons live (the big cities draw most).
func (md *model) move(r *rand.Rand, mi int) int {
	sameRegion := r.Float64() < .6
	for range 32 {
		j := pick(md.muniCum, r)
		if j != mi && (!sameRegion || md.munis[j].region == md.munis[mi].region) {
			return j
		}
	}
	if n := md.munis[mi].neighbours; len(n) > 0 {
		return n[r.IntN(len(n))]
	}
	return mi
}
