package benchmark

import (
	"math"
	"slices"
	"sort"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// DefaultVariables are the framework variables peers and expected levels use when none
// are chosen: the conditions of §4 a job centre does not control — local unemployment
// and jobs, education, origin, income, age, housing, commuting, settlement. Left out by
// default: social_assistance_per_1000, because it is an outcome of the job centre's own
// work rather than a condition of it, and population (size is not a condition of how
// fast people find work; density stands for the urban–rural difference).
var DefaultVariables = []string{
	"unemployment_pct", "employees_per_1000", "higher_education_pct",
	"non_danish_origin_pct", "disposable_income_dkk", "age65plus_pct",
	"owner_occupied_pct", "one_person_households_pct", "commute_distance_km",
	"population_density",
}

// logVariables are skewed over the 98 municipalities (København has 100 times
// Læsø's density), so they enter as natural logarithms: otherwise the capital alone
// would decide every distance and regression.
var logVariables = map[string]bool{"population": true, "population_density": true}

// Framework holds the framework variables per municipality and year.
type Framework struct {
	series map[string]map[int][]yearValue // variable → municipality → values by year
}

type yearValue struct {
	year  int
	value float64
}

// NewFramework indexes facts (municipality, year, variable, value); a later fact for the
// same key replaces an earlier one, so callers pass the sources in rising priority.
func NewFramework(facts []pejling.MunicipalityFact) *Framework {
	f := &Framework{series: map[string]map[int][]yearValue{}}
	for _, x := range facts {
		if math.IsNaN(x.Value) || math.IsInf(x.Value, 0) {
			continue
		}
		byMuni := f.series[x.Variable]
		if byMuni == nil {
			byMuni = map[int][]yearValue{}
			f.series[x.Variable] = byMuni
		}
		s := byMuni[x.Municipality]
		i, found := slices.BinarySearchFunc(s, x.Year, func(a yearValue, y int) int { return a.year - y })
		if found {
			s[i].value = x.Value
			continue
		}
		byMuni[x.Municipality] = slices.Insert(s, i, yearValue{x.Year, x.Value})
	}
	return f
}

// Variables lists the variables held, sorted.
func (f *Framework) Variables() []string {
	out := make([]string, 0, len(f.series))
	for v := range f.series {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

// Value returns a municipality's value of variable for year, taken from the nearest
// year that has one (the later on a tie): framework statistics are published for some
// years only (see dk/SOURCES.md), and the nearest year is the best estimate
// of the conditions of the period. It also returns the year used.
func (f *Framework) Value(m int, variable string, year int) (float64, int, bool) {
	s := f.series[variable][m]
	if len(s) == 0 {
		return 0, 0, false
	}
	i, _ := slices.BinarySearchFunc(s, year, func(a yearValue, y int) int { return a.year - y })
	best := -1
	for _, j := range []int{i - 1, i} {
		if j < 0 || j >= len(s) {
			continue
		}
		if best < 0 || abs(s[j].year-year) < abs(s[best].year-year) ||
			(abs(s[j].year-year) == abs(s[best].year-year) && s[j].year > s[best].year) {
			best = j
		}
	}
	return s[best].value, s[best].year, true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Design is the standardised framework data of one year: row i is municipality
// Municipalities[i], column j variable Variables[j].
type Design struct {
	Year           int
	Municipalities []int
	Variables      []string
	Raw            [][]float64 // the values as published
	Z              [][]float64 // z-scores of the (for logVariables, logged) values
	Mean, SD       []float64   // of the transformed values, for reading a z-score back
	Years          [][]int     // per variable, the distinct years the values came from
	LeftOut        []LeftOut
}

// Design builds the design matrix of year for the municipalities munis and the
// variables vars. A municipality without a value of some variable is left out and said
// so; an unknown variable, or one that does not vary, is an EINVALID error.
func (f *Framework) Design(munis []int, vars []string, year int) (*Design, error) {
	if len(vars) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "no framework variables chosen")
	}
	for i, v := range vars {
		if _, ok := f.series[v]; !ok {
			return nil, pejling.Errorf(pejling.EINVALID, "unknown framework variable %q; known: %v", pejling.Clip(v), f.Variables())
		}
		if slices.Contains(vars[:i], v) {
			return nil, pejling.Errorf(pejling.EINVALID, "framework variable %s chosen twice", v)
		}
	}
	d := &Design{Year: year, Variables: slices.Clone(vars), Years: make([][]int, len(vars))}
	for _, m := range munis {
		row := make([]float64, len(vars))
		var missing string
		for j, v := range vars {
			x, y, ok := f.Value(m, v, year)
			if !ok {
				missing = v
				break
			}
			if logVariables[v] && x <= 0 {
				missing = v + " (not positive, cannot take its logarithm)"
				break
			}
			row[j] = x
			if !slices.Contains(d.Years[j], y) {
				d.Years[j] = append(d.Years[j], y)
			}
		}
		if missing != "" {
			d.LeftOut = append(d.LeftOut, LeftOut{m, "no value of the framework variable " + missing})
			continue
		}
		d.Municipalities = append(d.Municipalities, m)
		d.Raw = append(d.Raw, row)
	}
	for j := range d.Years {
		slices.Sort(d.Years[j])
	}
	if len(d.Municipalities) < 3 {
		return nil, pejling.Errorf(pejling.EINVALID, "framework variables for only %d municipalities in %d", len(d.Municipalities), year)
	}
	n := len(d.Municipalities)
	d.Z = make([][]float64, n)
	for i := range d.Z {
		d.Z[i] = make([]float64, len(vars))
	}
	d.Mean, d.SD = make([]float64, len(vars)), make([]float64, len(vars))
	col := make([]float64, n)
	for j, v := range vars {
		for i := range n {
			col[i] = d.transformed(i, j)
		}
		z, err := stats.ZScores(col)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "framework variable %s has the same value for every municipality in %d", v, year)
		}
		var mean float64
		for _, x := range col {
			mean += x / float64(n)
		}
		d.Mean[j] = mean
		d.SD[j] = (col[0] - mean) / z[0]
		if z[0] == 0 {
			for i := range col {
				if z[i] != 0 {
					d.SD[j] = (col[i] - mean) / z[i]
					break
				}
			}
		}
		for i := range n {
			d.Z[i][j] = z[i]
		}
	}
	return d, nil
}

func (d *Design) transformed(i, j int) float64 {
	x := d.Raw[i][j]
	if logVariables[d.Variables[j]] {
		return math.Log(x)
	}
	return x
}

// Index returns the row of municipality m.
func (d *Design) Index(m int) (int, bool) {
	for i, x := range d.Municipalities {
		if x == m {
			return i, true
		}
	}
	return 0, false
}
