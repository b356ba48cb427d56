package economics

import (
	"context"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// BudgetStore is what a budget reads of the stored figure set (sqldb.DB implements it):
// the CLI and the web load the history alike, through LoadBudgetSeries.
type BudgetStore interface {
	FigureSetAsOf(ctx context.Context) (pejling.Date, error)
	FigureSetPeriods(ctx context.Context) ([]figures.Period, error)
	FigureSeries(ctx context.Context, munis []int, g pejling.BenefitGroup, figure string, periods []figures.Period) ([]figures.Row, error)
}

// LoadBudgetSeries reads, per group, the calendar years of the figure set that end on
// or before its as-of day (a year still running would read as a fall), with the
// full-time persons and outflow of municipality code and the country's full-time
// persons.
func LoadBudgetSeries(ctx context.Context, st BudgetStore, code int, groups []pejling.BenefitGroup) ([]BudgetSeries, error) {
	periods, err := st.FigureSetPeriods(ctx)
	if err != nil {
		return nil, err
	}
	asOf, err := st.FigureSetAsOf(ctx)
	if err != nil {
		return nil, err
	}
	var yearPeriods []figures.Period
	var years []int
	index := map[figures.Period]int{}
	for _, p := range periods {
		if l := p.Label(); len(l) == 4 && p.Last <= asOf {
			y, err := strconv.Atoi(l)
			if err != nil {
				continue
			}
			index[p] = len(yearPeriods)
			yearPeriods = append(yearPeriods, p)
			years = append(years, y)
		}
	}
	if len(yearPeriods) == 0 {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "the figure set holds no complete calendar year: compute figures with yearly periods (pejling figures)")
	}
	var out []BudgetSeries
	for _, g := range groups {
		n := len(yearPeriods)
		s := BudgetSeries{Group: g, Years: years, Stock: make([]float64, n), Outflow: make([]float64, n), National: make([]float64, n)}
		for _, fig := range []string{figures.FullTimePersons, figures.Outflow} {
			rows, err := st.FigureSeries(ctx, []int{code, 0}, g, fig, yearPeriods)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				i, ok := index[r.Period]
				if !ok || !r.Valid {
					continue
				}
				switch {
				case fig == figures.Outflow && r.Municipality == code:
					s.Outflow[i] = r.Value
				case fig == figures.FullTimePersons && r.Municipality == code:
					s.Stock[i] = r.Value
				case fig == figures.FullTimePersons && r.Municipality == 0:
					s.National[i] = r.Value
				}
			}
		}
		out = append(out, s)
	}
	return out, nil
}
