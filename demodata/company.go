package demodata

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// company is one employer of companies.csv.
type company struct {
	cvr       uint32
	muni      int
	public    bool
	industry  int32 // DB07 code, six digits
	employees int32
	name      string
}

// companyIndex is the placement hosts of one municipality with cumulative weights, so
// that larger and more willing companies take more placements.
type companyIndex struct {
	all, priv, pub          []int32
	allCum, privCum, pubCum []float64
}

// cvrStride walks the seven-digit CVR bases in an order that looks random; it is prime
// and so coprime to the 9,000,000 bases.
const cvrStride = 6700417

// newCompanies draws the companies of every municipality: one per jobsPerCompany jobs
// located there (real population × real employees_per_1000, scaled), at least three.
func newCompanies(ctx context.Context, md *model, r *rand.Rand) error {
	base := r.IntN(9000000)
	j := 0
	nextCVR := func() uint32 {
		for {
			b := 1000000 + (base+j*cvrStride)%9000000
			j++
			if c, ok := cvrWithCheck(b); ok {
				return c
			}
		}
	}
	last := len(md.years) - 1
	md.compIdx = make([]companyIndex, len(md.munis))
	for mi := range md.munis {
		if err := ctx.Err(); err != nil {
			return err
		}
		m := &md.munis[mi]
		perK, ok := md.series(m.code, "employees_per_1000", md.years[last])
		if !ok {
			perK = 400
		}
		n := max(3, int(math.Round(m.pop[last]*perK/1000*md.scale/jobsPerCompany)))
		nPub := max(1, int(math.Round(float64(n)*.08)))
		ix := &md.compIdx[mi]
		for k := range n {
			if len(md.companies) >= 8000000 {
				return fmt.Errorf("more than 8,000,000 companies: too many persons")
			}
			c := company{cvr: nextCVR(), muni: mi, public: k < nPub}
			var propensity float64
			if c.public {
				c.employees = int32(10 + math.Round(math.Exp(3.5+1.0*r.NormFloat64())))
				c.employees = min(c.employees, 3000)
				c.industry, c.name = publicName(r, m)
				propensity = 1.5
			} else {
				c.employees = privateEmployees(r)
				c.industry, c.name = privateName(r, m)
				propensity = math.Exp(.8 * r.NormFloat64())
			}
			w := math.Sqrt(float64(c.employees)+1) * propensity
			id := int32(len(md.companies))
			md.companies = append(md.companies, c)
			ix.all = append(ix.all, id)
			ix.allCum = append(ix.allCum, cumLast(ix.allCum)+w)
			if c.public {
				ix.pub = append(ix.pub, id)
				ix.pubCum = append(ix.pubCum, cumLast(ix.pubCum)+w)
			} else {
				ix.priv = append(ix.priv, id)
				ix.privCum = append(ix.privCum, cumLast(ix.privCum)+w)
			}
		}
	}
	return nil
}

func cumLast(c []float64) float64 {
	if len(c) == 0 {
		return 0
	}
	return c[len(c)-1]
}

// cvrWithCheck appends the modulus-11 check digit of the Danish CVR register (weights
// 2 7 6 5 4 3 2 1) to a seven-digit base; a base whose check digit would be 10 has none.
func cvrWithCheck(base int) (uint32, bool) {
	w := [7]int{2, 7, 6, 5, 4, 3, 2}
	s, b := 0, base
	for i := 6; i >= 0; i-- {
		s += w[i] * (b % 10)
		b /= 10
	}
	c := (11 - s%11) % 11
	if c == 10 {
		return 0, false
	}
	return uint32(base*10 + c), true
}

// privateEmployees draws a firm size from a skewed distribution like that of Danish
// workplaces: most have fewer than ten employees, a few thousands.
func privateEmployees(r *rand.Rand) int32 {
	classes := [...]struct {
		lo, hi int32
		cum    float64
	}{{0, 0, .25}, {1, 4, .57}, {5, 9, .73}, {10, 19, .84}, {20, 49, .93}, {50, 99, .97}, {100, 249, .99}, {250, 999, .998}, {1000, 5000, 1}}
	u := r.Float64()
	for _, c := range classes {
		if u < c.cum {
			return c.lo + r.Int32N(c.hi-c.lo+1)
		}
	}
	return 0
}

// publicName returns the industry and name of a public workplace of m.
func publicName(r *rand.Rand, m *muni) (int32, string) {
	u := publicUnits[r.IntN(len(publicUnits))]
	if u.industry == 861000 {
		return u.industry, "Regionshospitalet " + m.name
	}
	kommune := m.name + " Kommune"
	if m.code == 101 {
		kommune = "Københavns Kommune"
	}
	return u.industry, kommune + ", " + u.name + " " + placeNames[r.IntN(len(placeNames))]
}

// privateName returns the industry and a plausible Danish firm name for a company in m.
// Some names carry commas, apostrophes, quotes or æøå, so that CSV quoting is exercised;
// none starts with = + - @, which spreadsheets would read as a formula.
func privateName(r *rand.Rand, m *muni) (int32, string) {
	t := trades[r.IntN(len(trades))]
	sur := surnames[r.IntN(len(surnames))]
	given := givenNames[r.IntN(len(givenNames))]
	form := [...]string{"ApS", "ApS", "ApS", "A/S", "A/S", "I/S"}[r.IntN(6)]
	var s string
	switch u := r.IntN(100); {
	case u < 14:
		s = sur + " & Søn " + form
	case u < 28:
		s = m.name + " " + t.word + " " + form
	case u < 38:
		adj := regionAdjectives[m.region]
		s = adj[r.IntN(len(adj))] + " " + t.word + " A/S"
	case u < 52:
		s = genitive(sur) + " " + t.word + " " + form
	case u < 62:
		s = t.word + " v/" + given + " " + sur
	case u < 70:
		s = sur + " & " + surnames[r.IntN(len(surnames))] + " I/S"
	case u < 78:
		s = m.name + " " + t.word + ", " + sur + " " + form
	case u < 86:
		s = given + "'s " + t.noun
	case u < 92:
		s = given + " " + genitive(sur) + " " + t.noun
	case u < 97:
		s = sur + " Holding ApS" // holding companies are limited companies
	default:
		s = t.noun + " \"" + placeNames[r.IntN(len(placeNames))] + "\" " + form
	}
	return t.industry, s
}

// genitive returns the Danish genitive: "Jensens", but "Mads'" after s, x or z.
func genitive(s string) string {
	switch s[len(s)-1] {
	case 's', 'x', 'z':
		return s + "'"
	}
	return s + "s"
}

// appendCVR writes a CVR number as its eight digits.
func appendCVR(b []byte, cvr uint32) []byte { return strconv.AppendUint(b, uint64(cvr), 10) }
