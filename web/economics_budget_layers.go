package web

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/locale"
)

// The two layers of the budget page beyond the base budget: the back-test of the
// forecast on Statistics Denmark's AUK01 (embedded, held-out origins 2018–2024, the
// table of docs/economics.md), and investment budgets — business cases of the group
// laid on top of the forecast (economics.BudgetInvestments). A case comes as the
// parameter "case", the business case page's query URL-encoded once more, so the
// business case page can link a case onto the budget and a budget with its cases is
// a link to share.

// budgetBacktestOrigins are the held-out origins the page reports.
const budgetBacktestFirst, budgetBacktestLast = 2018, 2024

// budgetBacktest is the held-out back-test, run once per process (~0.3 s).
var budgetBacktest = sync.OnceValues(func() (economics.BacktestResult, error) {
	return economics.BacktestAUK01(budgetBacktestFirst, budgetBacktestLast)
})

// budgetBacktestRow is one method of the back-test: median-municipality MAPE per
// horizon, formatted, with the best of the shown methods marked.
type budgetBacktestRow struct {
	Method string
	Chosen bool
	MAPE   []budgetMAPE
}

type budgetMAPE struct {
	Value string
	Best  bool
}

// budgetBacktestRows are the rows the page shows: the chosen method and the three
// naive forecasts.
func budgetBacktestRows(l locale.Lang, r economics.BacktestResult) []budgetBacktestRow {
	names := map[economics.BacktestMethod]string{
		economics.BacktestTied:             l.Pick("Prognosen (landsbundet, fra sidste kvartal)", "The forecast (national-tied, from the last quarter)"),
		economics.BacktestNaiveLast:        l.Pick("Naiv: sidste års niveau", "Naive: last year's level"),
		economics.BacktestNaiveTrend:       l.Pick("Naiv: lokal trend (5 år)", "Naive: local trend (5 years)"),
		economics.BacktestNaiveLastQuarter: l.Pick("Naiv: sidste kvartals niveau", "Naive: last quarter's level"),
	}
	order := []economics.BacktestMethod{economics.BacktestTied, economics.BacktestNaiveLast, economics.BacktestNaiveTrend, economics.BacktestNaiveLastQuarter}
	best := make([]float64, economics.BudgetMaxYears)
	value := map[economics.BacktestMethod][]float64{}
	for _, s := range r.Summaries {
		if _, ok := names[s.Method]; !ok {
			continue
		}
		if value[s.Method] == nil {
			value[s.Method] = make([]float64, economics.BudgetMaxYears)
		}
		value[s.Method][s.Horizon-1] = s.MedianMAPE
		if best[s.Horizon-1] == 0 || s.MedianMAPE < best[s.Horizon-1] {
			best[s.Horizon-1] = s.MedianMAPE
		}
	}
	var out []budgetBacktestRow
	for _, m := range order {
		row := budgetBacktestRow{Method: names[m], Chosen: m == economics.BacktestTied}
		for h, v := range value[m] {
			row.MAPE = append(row.MAPE, budgetMAPE{l.Number(v, 1), v == best[h]})
		}
		out = append(out, row)
	}
	return out
}

// budgetCase is a business case laid on the budget, as the page lists it.
type budgetCase struct {
	Name, FirstYear string
	Remove          template.URL // the page's query without this case (encoded here)
	Open            template.URL // the case's query for the business case page (re-encoded here)
}

// budgetInvestmentRow is one forecast year with the investments, formatted.
type budgetInvestmentRow struct {
	Year, BaseStock, StockSaved, Stock, BaseCost, CostSaved, Operating, Cost string
}

// parseBudgetCases reads the "case" parameters into business cases.
func parseBudgetCases(q url.Values) ([]*economics.BusinessCase, error) {
	vs := q["case"]
	if len(vs) > economics.BudgetMaxInvestments {
		return nil, pejling.Errorf(pejling.EINVALID, "case: %d business cases, at most %d can be laid on a budget", len(vs), economics.BudgetMaxInvestments)
	}
	var out []*economics.BusinessCase
	for i, v := range vs {
		if len(v) > 16<<10 {
			return nil, pejling.Errorf(pejling.EINVALID, "case %d: longer than 16 KiB", i+1)
		}
		cq, err := url.ParseQuery(v)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "case %d: not a business case query (%s)", i+1, pejling.Clip(err.Error()))
		}
		if !bcSubmitted(cq) {
			return nil, pejling.Errorf(pejling.EINVALID, "case %d: holds no field of a business case", i+1)
		}
		c, err := parseBusinessCaseForm(cq)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "case %d: %s", i+1, pejling.ErrorMessage(err))
		}
		out = append(out, c)
	}
	return out, nil
}

// budgetCaseLinks lists the cases with a link that removes each and one that opens it.
func budgetCaseLinks(base string, raw []string, cases []*economics.BusinessCase) []budgetCase {
	var out []budgetCase
	for i, c := range cases {
		rest := url.Values{}
		for j, v := range raw {
			if j != i {
				rest.Add("case", v)
			}
		}
		remove := base
		if len(rest) > 0 {
			remove += "&" + rest.Encode()
		}
		fy := "–"
		if c.FirstYear != 0 {
			fy = strconv.Itoa(c.FirstYear)
		}
		cq, _ := url.ParseQuery(raw[i]) // parsed without error by parseBudgetCases
		out = append(out, budgetCase{Name: c.TargetGroup.Name, FirstYear: fy, Remove: template.URL(remove), Open: template.URL(cq.Encode())})
	}
	return out
}

// budgetInvestmentRows formats the investment layer.
func budgetInvestmentRows(l locale.Lang, ys []economics.InvestmentYear) []budgetInvestmentRow {
	var out []budgetInvestmentRow
	for _, y := range ys {
		out = append(out, budgetInvestmentRow{Year: strconv.Itoa(y.Year), BaseStock: l.Number(y.BaseStock, 0),
			StockSaved: l.Number(y.StockSaved, 1), Stock: l.Number(y.Stock, 0), BaseCost: l.Number(y.BaseCost/1e6, 1),
			CostSaved: l.Number(y.CostSaved/1e6, 1), Operating: l.Number(y.OperatingCost/1e6, 1), Cost: l.Number(y.Cost/1e6, 1)})
	}
	return out
}

// budgetCaseQuery is the query of the budget page that lays a business case (given
// as the business case page's query) on the budget of its group.
func budgetCaseQuery(caseQuery string, group pejling.BenefitGroup) string {
	v := url.Values{}
	v.Set("group", strings.ToUpper(string(group)))
	v.Set("case", caseQuery)
	return v.Encode()
}
