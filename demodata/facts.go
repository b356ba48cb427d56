package demodata

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// Shares used to derive population_16_66 and labour_force from the real population and
// age65plus_pct (the embedded data has no finer age groups).
const (
	under16Share    = 0.175 // residents under 16, national level
	aged65to66Share = 0.024 // residents aged 65 or 66, counted in both 65+ and 16–66
	participation   = 0.80  // labour force / population 16–66, national level
)

// share16to66 is the share of the population aged 16–66 given the share aged 65+ (%).
func share16to66(age65plus float64) float64 {
	return 1 - under16Share - age65plus/100 + aged65to66Share
}

func (md *model) writeCompanies(o *outFile) {
	var b []byte
	for _, c := range md.companies {
		b = appendCVR(b[:0], c.cvr)
		b = append(b, ',')
		b = appendCSV(b, c.name)
		b = append(b, ',')
		b = append(b, md.munis[c.muni].codeB...)
		b = append(b, ',')
		b = appendPadded(b, int(c.industry), 6)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(c.employees), 10)
		o.w.Write(append(b, '\n'))
		o.rows++
	}
}

// writeFacts writes per municipality and history year the scaled population,
// population_16_66 and labour_force, and every real framework value Statistics Denmark
// has for that year, unscaled (the real population is replaced by the scaled one).
func (md *model) writeFacts(o *outFile) {
	type key struct {
		code, year int
		v          string
	}
	real := map[key]float64{}
	for _, f := range dk.Framework() {
		real[key{f.Municipality, f.Year, f.Variable}] = f.Value
	}
	vars := dk.FrameworkVariables()
	var b []byte
	row := func(m *muni, year int, v string, x float64) {
		b = append(b[:0], m.codeB...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(year), 10)
		b = append(b, ',')
		b = append(b, v...)
		b = append(b, ',')
		b = strconv.AppendFloat(b, x, 'f', -1, 64)
		o.w.Write(append(b, '\n'))
		o.rows++
	}
	for i := range md.munis {
		m := &md.munis[i]
		part := clamp(participation+.02*m.z[zEducation]-.015*m.z[zNonDanish]-.01*m.z[zAge65], .7, .88)
		for y, year := range md.years {
			pop := m.pop[y] * md.scale
			p1666 := pop * share16to66(m.a65[y])
			row(m, year, pejling.VarPopulation16to66, math.Max(1, math.Round(p1666)))
			row(m, year, pejling.VarPopulation, math.Max(1, math.Round(pop)))
			row(m, year, pejling.VarLabourForce, math.Max(1, math.Round(p1666*part)))
			for _, v := range vars {
				if x, ok := real[key{m.code, year, v.Name}]; ok && v.Name != pejling.VarPopulation {
					row(m, year, v.Name, x)
				}
			}
		}
	}
}

// writeExpenditure writes per municipality, year and account the budget and, for years
// that have ended by as_of, the accounts. Benefits cost the year's full-time persons ×
// the group's yearly rate; operations cost a rate per full-time person with the
// municipality's efficiency effect; guidance costs a rate per full-time activated.
func (md *model) writeExpenditure(o *outFile, tot *totals) {
	r := rand.New(rand.NewPCG(md.seed(streamExpenditure), 0))
	ny := len(md.years)
	var b []byte
	row := func(m *muni, year int, account, kind string, amount float64) {
		b = append(b[:0], m.codeB...)
		b = append(b, ',')
		b = strconv.AppendInt(b, int64(year), 10)
		b = append(b, ',')
		b = append(b, account...)
		b = append(b, ',')
		b = append(b, kind...)
		b = append(b, ',')
		b = appendCents(b, int64(math.Round(amount*100)))
		o.w.Write(append(b, '\n'))
		o.rows++
	}
	for i := range md.munis {
		m := &md.munis[i]
		for y, year := range md.years {
			first, last := max(md.yearStart[y], md.from), min(md.yearStart[y+1]-1, md.asOf)
			days := float64(last - first + 1)
			closed := md.yearStart[y+1]-1 <= md.asOf
			index := math.Pow(1+priceIndexPerYear, float64(year-2024))
			write := func(account string, accounts float64) {
				budget := accounts * (1 + .03*clamp(r.NormFloat64(), -2.5, 2.5))
				row(m, year, account, pejling.KindBudget, budget)
				if closed {
					row(m, year, account, pejling.KindAccounts, accounts)
				}
			}
			var ftAll float64
			for g := range groups {
				ft := float64(tot.ft[(i*nGroups+g)*ny+y]) / 10000 / days
				ftAll += ft
				write("benefit:"+string(groups[g].code), ft*groups[g].rate*m.rateEff[g]*index)
			}
			write(pejling.AccountJobcentreOperations, ftAll*opsPerFullTime*m.opsEff*index)
			active := float64(tot.guide[i*ny+y]) / 10000 / 37 / days
			write(pejling.AccountGuidanceUpskilling, active*guidancePerActiveFT*m.guideEff*index)
		}
	}
}

func (md *model) writeDataset(o *outFile) error {
	c := md.cfg
	b, err := json.MarshalIndent(struct {
		AsOf        string `json:"as_of"`
		Name        string `json:"name"`
		Description string `json:"description"`
	}{
		AsOf: c.AsOf.String(),
		Name: "Pejling national demo data",
		Description: fmt.Sprintf("Synthetic register data for the 98 Danish municipalities: %d invented persons "+
			"from %s to %s (seed %d), spread and mixed by the real framework conditions of Statistics Denmark. "+
			"Not real persons; see docs/demo-data.md.", c.Persons, c.From, c.AsOf, c.Seed),
	}, "", "  ")
	if err != nil {
		return err
	}
	_, err = o.w.Write(append(b, '\n'))
	return err
}
