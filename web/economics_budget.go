package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/export"
)

// The budget page (issue 7): a municipality's multi-year base budget of one benefit
// group — full-time persons, inflow, outflow and cost for the history and 1–4 forecast
// years, with the back-tested 10–90 % band as a fan chart. It reads the figure set the
// way `pejling economics budget --db` does (cmd/pejling/economics_budget.go); the
// back-test itself is the command's (`--backtest`), documented in docs/economics.md.

type budgetRow struct {
	Year, Kind, Stock, Band, Inflow, Outflow, Cost, CostBand string
	Forecast                                                 bool
}

type budgetPage struct {
	page
	Municipalities, Groups, Years []option
	Problem                       string
	Shown                         bool
	Name, Group, Query            string
	Rows                          []budgetRow
	Fan                           template.HTML
	Backtest                      []budgetBacktestRow // the held-out back-test (economics_budget_layers.go)
	BacktestIntro                 string
	BacktestHeads                 []string
	CaseInputs                    []string              // the "case" parameters, carried by the form
	Cases                         []budgetCase          // business cases laid on the budget
	Investments                   []budgetInvestmentRow // the forecast years with them
	InvestmentsExceed             bool                  // a year's cases save more full-time persons than the forecast holds
}

// handleBudget shows the form and, for a municipality, its budget.
func (s *Server) handleBudget(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pg := budgetPage{page: newPage(r, "econ.budget.title")}
	l := pg.Lang
	muni, group, years := q.Get("municipality"), strings.ToUpper(q.Get("group")), q.Get("years")
	if group == "" {
		group = string(pejling.BenefitGroup("KTH"))
	}
	if years == "" {
		years = strconv.Itoa(economics.BudgetMaxYears)
	}
	if muni == "" && pg.User != nil && !pg.User.National() {
		muni = strconv.Itoa(pg.User.Municipality)
	}
	fail := func(err error) {
		pg.Problem = pejling.ErrorMessage(err)
		status := errorStatus[pejling.ErrorCode(err)]
		if status == 0 || status >= 500 {
			s.writeError(w, r, err)
			return
		}
		s.renderStatus(w, r, "econ_budget", pg, status)
	}
	code, codeOK := dk.LookupMunicipality(muni)
	for _, m := range dk.Municipalities() {
		pg.Municipalities = append(pg.Municipalities, option{strconv.Itoa(m.Code), m.Name, codeOK && m.Code == code})
	}
	pg.Groups = groupOptions(l, group, false)
	for y := 1; y <= economics.BudgetMaxYears; y++ {
		pg.Years = append(pg.Years, option{strconv.Itoa(y), strconv.Itoa(y), strconv.Itoa(y) == years})
	}
	pg.CaseInputs = q["case"]
	if bt, err := budgetBacktest(); err == nil {
		pg.Backtest = budgetBacktestRows(l, bt)
		pg.BacktestIntro = fmt.Sprintf(message(l, "econ.budget.btintro"), fmt.Sprintf("%d–%d", bt.FirstOrigin, bt.LastOrigin))
		for h := 1; h <= economics.BudgetMaxYears; h++ {
			if h == 1 {
				pg.BacktestHeads = append(pg.BacktestHeads, message(l, "econ.budget.bth1"))
			} else {
				pg.BacktestHeads = append(pg.BacktestHeads, fmt.Sprintf(message(l, "econ.budget.bth"), h))
			}
		}
	} else {
		s.Logger.Error("budget back-test", "err", err)
	}
	for _, k := range []string{"municipality", "group", "years", "format"} {
		if len(q[k]) > 1 {
			fail(pejling.Errorf(pejling.EINVALID, "%s: given %d times", k, len(q[k])))
			return
		}
	}
	g := pejling.BenefitGroup(group)
	if !g.Valid() {
		fail(pejling.Errorf(pejling.EINVALID, "group %q: not a benefit group (DGP, KTH, …)", pejling.Clip(group)))
		return
	}
	n, err := strconv.Atoi(years)
	if err != nil || n < 1 || n > economics.BudgetMaxYears {
		fail(pejling.Errorf(pejling.EINVALID, "years %q: give 1 to %d", pejling.Clip(years), economics.BudgetMaxYears))
		return
	}
	cases, err := parseBudgetCases(q)
	if err != nil {
		fail(err)
		return
	}
	if muni == "" {
		s.render(w, r, "econ_budget", pg)
		return
	}
	if !codeOK || code == 0 {
		fail(pejling.Errorf(pejling.EINVALID, "municipality %q: no such municipality (a code such as 101 or a name)", pejling.Clip(muni)))
		return
	}
	format, err := wantsDownload(r)
	if err != nil {
		fail(err)
		return
	}
	all, err := economics.LoadBudgetSeries(r.Context(), s.Bench, code, []pejling.BenefitGroup{g})
	if err != nil {
		fail(err)
		return
	}
	series := all[0]
	rates := economics.DefaultRates()
	ys, err := economics.Budget(series, n, economics.BudgetAUK01Fan, func(y int) float64 { return rates.Rate(g, y) })
	if err != nil {
		fail(err)
		return
	}
	var inv []economics.InvestmentYear
	if len(cases) > 0 {
		if inv, err = economics.BudgetInvestments(ys, g, cases); err != nil {
			fail(err)
			return
		}
	}
	pg.Name, pg.Group = municipalityName(code), l.Group(g)
	if format != "" {
		s.writeTable(w, r, budgetTable(pg.Name, g, ys, inv), "budget-"+strconv.Itoa(code)+"-"+string(g), format)
		return
	}
	pg.Shown = true
	base := fmt.Sprintf("municipality=%d&group=%s&years=%d", code, g, n)
	pg.Query = base
	if len(cases) > 0 {
		pg.Query += "&" + url.Values{"case": q["case"]}.Encode()
		pg.Cases = budgetCaseLinks(base, q["case"], cases)
		pg.Investments = budgetInvestmentRows(l, inv)
		for _, y := range inv {
			pg.InvestmentsExceed = pg.InvestmentsExceed || y.StockSaved > y.BaseStock
		}
	}
	var labels []string
	var hist, fc, low, high []float64
	for _, y := range ys {
		row := budgetRow{Year: strconv.Itoa(y.Year), Kind: l.Pick("historik", "history"), Stock: l.Number(y.Stock, 0),
			Outflow: l.Number(y.Outflow, 0), Cost: l.Number(y.Cost/1e6, 1), Forecast: y.Forecast, Inflow: "–"}
		if y.InflowValid {
			row.Inflow = l.Number(y.Inflow, 0)
		}
		labels = append(labels, row.Year)
		if y.Forecast {
			row.Kind = l.Pick("prognose", "forecast")
			row.Band = l.Number(y.Low, 0) + "–" + l.Number(y.High, 0)
			row.CostBand = l.Number(y.CostLow/1e6, 1) + "–" + l.Number(y.CostHigh/1e6, 1)
			fc, low, high = append(fc, y.Cost), append(low, y.CostLow), append(high, y.CostHigh)
		} else {
			hist = append(hist, y.Cost)
		}
		pg.Rows = append(pg.Rows, row)
	}
	pg.Fan = template.HTML(chart.Fan{Title: l.Pick("Udgift til ", "Cost of ") + pg.Group + ", " + pg.Name + l.Pick(", mio. kr.", ", DKK million"),
		Labels: labels, History: hist, Forecast: fc, Low: low, High: high, ZeroBased: true,
		HistoryName: l.Pick("Historik", "History"), ForecastName: l.Pick("Prognose", "Forecast"), BandName: l.Pick("10–90 %-bånd", "10–90 % band"),
		Format: func(v float64) string { return l.Number(v/1e6, 1) }}.SVG())
	s.render(w, r, "econ_budget", pg)
}

// budgetTable is the budget as a file; with investments (inv not empty) five columns
// more, empty in the history years.
func budgetTable(name string, g pejling.BenefitGroup, ys []economics.BudgetYear, inv []economics.InvestmentYear) export.Table {
	num := func(n string) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: 2} }
	t := export.Table{Title: "Budget " + name + " " + string(g), Columns: []export.Column{{Name: "year", Kind: export.Integer}, {Name: "kind"},
		num("full_time_persons"), num("full_time_persons_p10"), num("full_time_persons_p90"), num("inflow"), num("outflow"),
		num("dkk_per_full_time_person"), num("cost_dkk"), num("cost_p10_dkk"), num("cost_p90_dkk")}}
	byYear := map[int]economics.InvestmentYear{}
	if len(inv) > 0 {
		t.Columns = append(t.Columns, num("investments_full_time_persons_saved"), num("with_investments_full_time_persons"),
			num("investments_benefit_cost_saved_dkk"), num("investments_operating_cost_dkk"), num("with_investments_cost_dkk"))
		for _, y := range inv {
			byYear[y.Year] = y
		}
	}
	for _, y := range ys {
		kind := "history"
		if y.Forecast {
			kind = "forecast"
		}
		var inflow any
		if y.InflowValid {
			inflow = y.Inflow
		}
		row := []any{y.Year, kind, y.Stock, y.Low, y.High, inflow, y.Outflow, y.Rate, y.Cost, y.CostLow, y.CostHigh}
		if len(inv) > 0 {
			if iy, ok := byYear[y.Year]; ok {
				row = append(row, iy.StockSaved, iy.Stock, iy.CostSaved, iy.OperatingCost, iy.Cost)
			} else {
				row = append(row, nil, nil, nil, nil, nil)
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
