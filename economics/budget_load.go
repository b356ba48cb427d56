package economics

import (
	"context"
	"math"
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
// persons, and the full-time persons of each year's fourth quarter when the figure set
// holds it (the jump-off of the forecast; NaN when not).
func LoadBudgetSeries(ctx context.Context, st BudgetStore, code int, groups []pejling.BenefitGroup) ([]BudgetSeries, error) {
	periods, err := st.FigureSetPeriods(ctx)
	if err != nil {
		return nil, err
	}
	asOf, err := st.FigureSetAsOf(ctx)
	if err != nil {
		return nil, err
	}
	var yearPeriods, quarters []figures.Period
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
	quarter := map[figures.Period]int{} // a fourth quarter → the index of its year
	for _, p := range periods {
		l := p.Label()
		if len(l) != 6 || l[4:] != "Q4" || p.Last > asOf {
			continue
		}
		for i, y := range years {
			if strconv.Itoa(y) == l[:4] {
				quarter[p] = i
				quarters = append(quarters, p)
			}
		}
	}
	if len(yearPeriods) == 0 {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "the figure set holds no complete calendar year: compute figures with yearly periods (pejling figures)")
	}
	var out []BudgetSeries
	for _, g := range groups {
		n := len(yearPeriods)
		s := BudgetSeries{Group: g, Years: years, Stock: make([]float64, n), Outflow: make([]float64, n), National: make([]float64, n)}
		if len(quarters) > 0 {
			s.StockJump, s.NationalJump = make([]float64, n), make([]float64, n)
			for i := range n {
				s.StockJump[i], s.NationalJump[i] = math.NaN(), math.NaN()
			}
			rows, err := st.FigureSeries(ctx, []int{code, 0}, g, figures.FullTimePersons, quarters)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				i, ok := quarter[r.Period]
				switch {
				case !ok || !r.Valid:
				case r.Municipality == code:
					s.StockJump[i] = r.Value
				case r.Municipality == 0:
					s.NationalJump[i] = r.Value
				}
			}
		}
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
