package benchmark

import (
	"math"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

// ExpectedOptions chooses the regression of an expected level.
type ExpectedOptions struct {
	Variables []string // framework variables; DefaultVariables when empty
	Year      int      // the year of the framework variables
	Level     float64  // of the prediction interval; 0.95 when 0
}

// Coefficient is one estimated coefficient, in the units of the figure per unit of the
// variable as published (per unit of its logarithm for population and density).
type Coefficient struct {
	Name     string // "(intercept)" or the variable
	Estimate float64
	StdErr   float64
	T        float64
}

// ExpectedRow is one municipality's expected level.
type ExpectedRow struct {
	Municipality int
	Actual       float64
	Expected     float64 // the fitted value
	Lower, Upper float64 // the prediction interval of a municipality with these conditions
	Residual     float64 // Actual − Expected: the municipality's own performance
	Rank         int     // by Residual, 1 = best given the figure's direction; ties share
}

// ExpectedLevel is the regression of a figure on framework variables across the
// municipalities of one period.
type ExpectedLevel struct {
	Figure         FigureInfo
	Group          pejling.BenefitGroup
	Year           int
	Variables      []string
	Coefficients   []Coefficient
	R2, AdjustedR2 float64
	Sigma          float64 // residual standard deviation
	N, DF          int
	Level          float64
	Rows           []ExpectedRow // in municipality code order
	LeftOut        []LeftOut
}

// Expected fits figure (for group g) of the period in v on the framework variables of
// the municipalities munis by least squares (QR, stats.FitOLS), and gives each
// municipality its expected value, prediction interval, residual and rank by residual.
// A municipality without the figure (an empty value) or without the variables is left
// out and said so.
func Expected(v Values, fw *Framework, munis []int, figure string, g pejling.BenefitGroup, o ExpectedOptions) (*ExpectedLevel, error) {
	infos, err := checkFigures([]string{figure}, g)
	if err != nil {
		return nil, err
	}
	if len(o.Variables) == 0 {
		o.Variables = DefaultVariables
	}
	if o.Level == 0 {
		o.Level = 0.95
	}
	if !(o.Level > 0 && o.Level < 1) {
		return nil, pejling.Errorf(pejling.EINVALID, "the interval level must be between 0 and 1, not %g", o.Level)
	}
	d, err := fw.Design(munis, o.Variables, o.Year)
	if err != nil {
		return nil, err
	}
	e := &ExpectedLevel{Figure: infos[0], Group: g, Year: o.Year, Variables: d.Variables, Level: o.Level, LeftOut: d.LeftOut}
	var x [][]float64
	var y []float64
	var ms []int
	for i, m := range d.Municipalities {
		a, ok := v.Get(m, g, figure)
		if !ok {
			e.LeftOut = append(e.LeftOut, LeftOut{m, "no value of " + figure + groupSuffix(g) + " (empty: no data or a zero denominator)"})
			continue
		}
		row := make([]float64, len(d.Variables))
		for j := range row {
			row[j] = d.transformed(i, j)
		}
		x, y, ms = append(x, row), append(y, a), append(ms, m)
	}
	if len(y) < len(d.Variables)+2 {
		return nil, pejling.Errorf(pejling.EINVALID, "%s%s has values for %d municipalities; %d variables need at least %d",
			figure, groupSuffix(g), len(y), len(d.Variables), len(d.Variables)+2)
	}
	fit, err := stats.FitOLS(x, y)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "regression of %s%s: %v", figure, groupSuffix(g), err)
	}
	n := len(y)
	e.N, e.DF, e.R2, e.Sigma = n, fit.DF, fit.R2, fit.Sigma
	e.AdjustedR2 = 1 - (1-fit.R2)*float64(n-1)/float64(fit.DF)
	for j, c := range fit.Coef {
		name := "(intercept)"
		if j > 0 {
			name = d.Variables[j-1]
		}
		e.Coefficients = append(e.Coefficients, Coefficient{Name: name, Estimate: c, StdErr: fit.StdErr[j], T: c / fit.StdErr[j]})
	}
	resid := make([]float64, n)
	for i := range y {
		lo, hi := fit.PredictionInterval(x[i], o.Level)
		e.Rows = append(e.Rows, ExpectedRow{Municipality: ms[i], Actual: y[i], Expected: fit.Fitted[i],
			Lower: lo, Upper: hi, Residual: fit.Resid[i]})
		resid[i] = fit.Resid[i]
		if math.IsNaN(lo) {
			return nil, pejling.Errorf(pejling.EINTERNAL, "prediction interval of %d is not a number", ms[i])
		}
	}
	for i, r := range stats.Rank(resid, nil, e.Figure.HigherIsBetter) {
		e.Rows[i].Rank = r
	}
	return e, nil
}

func groupSuffix(g pejling.BenefitGroup) string {
	if g == "" {
		return ""
	}
	return " for " + string(g)
}
