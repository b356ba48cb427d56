package web

import (
	"cmp"
	"context"
	"html/template"
	"math"
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

// The reimbursement page (issue 7): the reimbursement staircase applied to the
// register, as `pejling economics refusion` does it (economics.RefusionOfRegister, the
// default staircase and rates), for one municipality (or all) and one year: gross cost,
// state reimbursement, net cost, persons and full-time persons per benefit group, with
// totals and a chart. The rows are computed once per import and kept (refusionCache).
// A second section estimates the same without individual data
// (economics.AggregateRefusion). The tables download as CSV, CSV (;) and Excel.

// refusionAll is the municipality value of the whole country.
const refusionAll = "all"

// refusionParams are the query parameters the page reads; each may be given once.
var refusionParams = []string{"municipality", "year", "format", "table", "full_time_persons", "agg_group", "agg_year"}

// refusionResult is the register's reimbursement account, kept per import.
type refusionResult struct {
	Rows []economics.RefusionRow
	AsOf pejling.Date
}

// refusionHandler serves the page with its cache.
type refusionHandler struct {
	s     *Server
	cache *registerCache[struct{}, refusionResult]
}

func newRefusionHandler(s *Server) refusionHandler {
	return refusionHandler{s: s, cache: &registerCache[struct{}, refusionResult]{size: 1}}
}

// rows returns the reimbursement rows of the newest import at the default staircase
// and rates, computing them once per import.
func (h refusionHandler) rows(ctx context.Context) (refusionResult, error) {
	st, err := h.s.registerOf()
	if err != nil {
		return refusionResult{}, err
	}
	return h.cache.get(ctx, st, struct{}{}, func() (refusionResult, error) {
		rows, asOf, err := economics.RefusionOfRegister(ctx, st, economics.DefaultStaircase(), economics.DefaultRates())
		return refusionResult{rows, asOf}, err
	})
}

// refusionRow is one benefit group (or the total) of the table, formatted.
type refusionRow struct {
	Group, Code, Gross, Reimbursement, Net, Persons, FullTime, NetPerFullTime, Share string
	Total                                                                            bool
}

// refusionStep is one step of the staircase as the page lists it.
type refusionStep struct{ Weeks, Rate, Share string }

// refusionField is one input of the estimate's form.
type refusionField struct {
	Name, Label, Value, Problem string
	Options                     []option
}

type refusionPage struct {
	page
	Municipalities, Years []option
	Problem               string
	Shown                 bool
	Name, Year, AsOf      string
	Query                 template.URL
	Rows                  []refusionRow
	NetChart, ReimbChart  template.HTML
	SummedPersons         bool // municipality all: persons are summed over municipalities
	Steps                 []refusionStep
	Rates                 []refusionRow // Group and Gross: the rate per full-time person
	RatesComment          string
	// The estimate without individual data.
	AggFields  []refusionField
	AggProblem string
	AggShown   bool
	Agg        []refusionRow // label in Group, value in Gross
	AggSteps   []refusionStep
	AggQuery   template.URL
}

// refusionSelection is what the form asks for: municipality 0 is all.
type refusionSelection struct {
	Municipality int
	Year         int
}

// handlePage shows the form, the table of the chosen municipality and year, and the
// estimate without individual data.
func (h refusionHandler) handlePage(w http.ResponseWriter, r *http.Request) {
	s := h.s
	q := r.URL.Query()
	pg := refusionPage{page: newPage(r, "econ.ref.title")}
	l := pg.Lang
	fail := func(err error) {
		status := errorStatus[pejling.ErrorCode(err)]
		if status == 0 || status >= 500 || q.Get("format") != "" {
			s.writeError(w, r, err)
			return
		}
		pg.Problem = pejling.ErrorMessage(err)
		s.renderStatus(w, r, "econ_refusion", pg, status)
	}
	pg.staircase(economics.DefaultStaircase(), economics.DefaultRates())
	for _, k := range refusionParams {
		if len(q[k]) > 1 {
			fail(pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once", k, len(q[k])))
			return
		}
	}
	// The estimate without individual data needs no register.
	agg, aggErr := pg.aggregate(q)
	pg.aggForm(q, aggErr)
	format, err := wantsDownload(r)
	if err != nil {
		fail(err)
		return
	}
	if format != "" && q.Get("table") == "aggregate" {
		if aggErr != nil || agg == nil {
			s.writeError(w, r, cmp.Or(aggErr, error(pejling.Errorf(pejling.EINVALID, "full_time_persons, agg_group and agg_year: give the estimate's inputs"))))
			return
		}
		s.writeTable(w, r, refusionAggregateTable(agg), "refusion-estimate-"+q.Get("agg_group")+"-"+q.Get("agg_year"), format)
		return
	}
	if t := q.Get("table"); t != "" && t != "groups" && t != "aggregate" {
		fail(pejling.Errorf(pejling.EINVALID, "table %q: give groups or aggregate", pejling.Clip(t)))
		return
	}

	muni := q.Get("municipality")
	if muni == "" && pg.User != nil && !pg.User.National() {
		muni = strconv.Itoa(pg.User.Municipality)
	}
	if muni == "" {
		muni = refusionAll
	}
	sel := refusionSelection{}
	code, codeOK := dk.LookupMunicipality(muni)
	pg.Municipalities = append(pg.Municipalities, option{refusionAll, l.Pick("Hele landet", "All of Denmark"), muni == refusionAll})
	for _, m := range dk.Municipalities() {
		pg.Municipalities = append(pg.Municipalities, option{strconv.Itoa(m.Code), m.Name, codeOK && m.Code == code})
	}
	if muni != refusionAll {
		if !codeOK || code == 0 {
			fail(pejling.Errorf(pejling.EINVALID, "municipality %q: no such municipality (a code such as 101, a name, or all)", pejling.Clip(muni)))
			return
		}
		sel.Municipality = code
	}
	res, err := h.rows(r.Context())
	if err != nil {
		fail(err)
		return
	}
	lo, hi := res.AsOf.Year(), res.AsOf.Year()
	for _, row := range res.Rows {
		lo = min(lo, row.Year)
	}
	// The default year is the last whole year of the data.
	sel.Year = hi
	if hi-1 >= lo {
		sel.Year = hi - 1
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || len(y) != 4 || n < lo || n > hi {
			fail(pejling.Errorf(pejling.EINVALID, "year %q: give a year of the data, %d–%d", pejling.Clip(y), lo, hi))
			return
		}
		sel.Year = n
	}
	for y := hi; y >= lo; y-- {
		pg.Years = append(pg.Years, option{strconv.Itoa(y), strconv.Itoa(y), y == sel.Year})
	}
	rows := refusionSelect(res.Rows, sel)
	pg.Name = l.Pick("hele landet", "all of Denmark")
	if sel.Municipality != 0 {
		pg.Name = municipalityName(sel.Municipality)
	}
	if format != "" {
		s.writeTable(w, r, refusionTable(rows), "refusion-"+cmp.Or(strconv.Itoa(sel.Municipality), refusionAll)+"-"+strconv.Itoa(sel.Year), format)
		return
	}
	pg.Shown, pg.Year, pg.AsOf, pg.SummedPersons = true, strconv.Itoa(sel.Year), l.Date(res.AsOf), sel.Municipality == 0
	mq := refusionAll
	if sel.Municipality != 0 {
		mq = strconv.Itoa(sel.Municipality)
	}
	pg.Query = template.URL(url.Values{"municipality": {mq}, "year": {pg.Year}}.Encode())
	pg.table(refusionByGroup(rows))
	if pg.AggFields[2].Value == "" {
		pg.AggFields[2].Value = pg.Year
	}
	if agg != nil {
		pg.aggResult(agg)
		pg.AggQuery = template.URL(url.Values{"full_time_persons": {q.Get("full_time_persons")}, "agg_group": {q.Get("agg_group")}, "agg_year": {q.Get("agg_year")}}.Encode())
	}
	status := http.StatusOK
	if aggErr != nil {
		status = http.StatusBadRequest
	}
	s.renderStatus(w, r, "econ_refusion", pg, status)
}

// refusionSelect keeps the rows of the selection: one municipality's, or every
// municipality's, of one year.
func refusionSelect(rows []economics.RefusionRow, sel refusionSelection) []economics.RefusionRow {
	var out []economics.RefusionRow
	for _, row := range rows {
		if (sel.Municipality == 0 || row.Municipality == sel.Municipality) && row.Year == sel.Year {
			out = append(out, row)
		}
	}
	return out
}

// refusionGroup is a benefit group's sums over the selected rows.
type refusionGroup struct {
	Group pejling.BenefitGroup
	economics.RefusionCell
}

// refusionByGroup sums the rows per benefit group, in the order of
// pejling.BenefitGroups; a group without rows is left out.
func refusionByGroup(rows []economics.RefusionRow) []refusionGroup {
	var out []refusionGroup
	for _, g := range pejling.BenefitGroups {
		sum := refusionGroup{Group: g}
		found := false
		for _, row := range rows {
			if row.Group == g {
				found = true
				sum.Gross += row.Gross
				sum.Reimbursement += row.Reimbursement
				sum.Net += row.Net
				sum.Persons += row.Persons
				sum.FullTimePersons += row.FullTimePersons
			}
		}
		if found {
			out = append(out, sum)
		}
	}
	return out
}

// table fills the rows, the total and the chart.
func (pg *refusionPage) table(groups []refusionGroup) {
	l := pg.Lang
	var total economics.RefusionCell
	var netBars, reimbBars []chart.Bar
	row := func(name string, c economics.RefusionCell, isTotal bool) refusionRow {
		out := refusionRow{Group: name, Gross: kr(l, c.Gross), Reimbursement: kr(l, c.Reimbursement), Net: kr(l, c.Net),
			Persons: l.Number(float64(c.Persons), 0), FullTime: l.Number(c.FullTimePersons, 2), NetPerFullTime: "–", Share: "–", Total: isTotal}
		if v, ok := c.NetPerFullTimePerson(); ok {
			out.NetPerFullTime = kr(l, v)
		}
		if c.Gross > 0 {
			out.Share = l.Percent(c.Reimbursement/c.Gross, 1)
		}
		return out
	}
	for _, g := range groups {
		total.Gross += g.Gross
		total.Reimbursement += g.Reimbursement
		total.Net += g.Net
		total.FullTimePersons += g.FullTimePersons
		total.Persons += g.Persons
		gr := row(l.Group(g.Group), g.RefusionCell, false)
		gr.Code = string(g.Group)
		pg.Rows = append(pg.Rows, gr)
		// The chart names the groups by code (the table gives both): the names are
		// longer than the chart's label margin.
		netBars = append(netBars, chart.Bar{Label: gr.Code, Value: g.Net})
		reimbBars = append(reimbBars, chart.Bar{Label: gr.Code, Value: g.Reimbursement})
	}
	if len(groups) == 0 {
		return
	}
	t := row(l.Pick("I alt", "Total"), total, true)
	t.Persons = "–" // a person on two groups would count twice
	pg.Rows = append(pg.Rows, t)
	mio := func(v float64) string { return l.Number(v/1e6, 1) }
	pg.NetChart = template.HTML(chart.Bars{Title: pg.T("econ.ref.netchart"), Bars: netBars, Format: mio}.SVG())
	pg.ReimbChart = template.HTML(chart.Bars{Title: pg.T("econ.ref.reimbchart"), Bars: reimbBars, Format: mio}.SVG())
}

// staircase lists the staircase and the rates of the computation.
func (pg *refusionPage) staircase(st economics.Staircase, rates *economics.Rates) {
	l := pg.Lang
	for _, step := range st.Steps {
		pg.Steps = append(pg.Steps, refusionStep{Weeks: refusionWeeks(l.Pick("uge", "weeks"), step), Rate: l.Percent(step.Rate, 0)})
	}
	pg.RatesComment = rates.Comment
}

func refusionWeeks(word string, st economics.StaircaseStep) string {
	if st.ToWeek == 0 {
		return word + " " + strconv.Itoa(st.FromWeek) + "–"
	}
	return word + " " + strconv.Itoa(st.FromWeek) + "–" + strconv.Itoa(st.ToWeek)
}

// refusionEstimate is the estimate without individual data with its inputs.
type refusionEstimate struct {
	economics.RefusionAggregate
	Group pejling.BenefitGroup
	Year  int
	Steps []economics.StaircaseStep
}

// aggregate reads the estimate's inputs; nil and no error when none is given. An error
// names the field (aggField).
func (pg *refusionPage) aggregate(q url.Values) (*refusionEstimate, error) {
	ftp, group, year := strings.TrimSpace(q.Get("full_time_persons")), strings.ToUpper(strings.TrimSpace(q.Get("agg_group"))), strings.TrimSpace(q.Get("agg_year"))
	if ftp == "" && q.Get("agg_group") == "" && year == "" {
		return nil, nil
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(ftp, ",", "."), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) || n < 0 || n > 1e7 {
		return nil, &aggFieldError{"full_time_persons", pejling.Errorf(pejling.EINVALID, "full_time_persons %q: give a number of full-time persons, 0–10,000,000", pejling.Clip(ftp))}
	}
	g := pejling.BenefitGroup(group)
	if !g.Valid() {
		return nil, &aggFieldError{"agg_group", pejling.Errorf(pejling.EINVALID, "agg_group %q: not a benefit group (DGP, KTH, …)", pejling.Clip(group))}
	}
	y, err := strconv.Atoi(year)
	if err != nil || len(year) != 4 || y < economics.RatesMinYear || y > economics.RatesMaxYear {
		return nil, &aggFieldError{"agg_year", pejling.Errorf(pejling.EINVALID, "agg_year %q: give a year %d–%d", pejling.Clip(year), economics.RatesMinYear, economics.RatesMaxYear)}
	}
	stairs := economics.DefaultStaircase()
	a, err := economics.AggregateRefusion(n, economics.DefaultRates().Rate(g, y), economics.DefaultRefusionDurations(), stairs)
	if err != nil {
		return nil, &aggFieldError{"full_time_persons", err}
	}
	return &refusionEstimate{RefusionAggregate: a, Group: g, Year: y, Steps: stairs.Steps}, nil
}

// aggFieldError is an error of the estimate's form, with the field it is about.
type aggFieldError struct {
	Field string
	Err   error
}

func (e *aggFieldError) Error() string { return e.Err.Error() }
func (e *aggFieldError) Unwrap() error { return e.Err }

// aggForm fills the estimate's form from q, marking the field of err.
func (pg *refusionPage) aggForm(q url.Values, err error) {
	l := pg.Lang
	field, msg := "", ""
	if fe, ok := err.(*aggFieldError); ok {
		field, msg = fe.Field, pejling.ErrorMessage(fe.Err)
		pg.AggProblem = msg
	}
	problem := func(name string) string {
		if name == field {
			return msg
		}
		return ""
	}
	group := strings.ToUpper(q.Get("agg_group"))
	if group == "" {
		group = "KTH"
	}
	year := q.Get("agg_year")
	pg.AggFields = []refusionField{
		{Name: "full_time_persons", Label: l.Pick("Helårspersoner", "Full-time persons"), Value: q.Get("full_time_persons"), Problem: problem("full_time_persons")},
		{Name: "agg_group", Label: l.Pick("Ydelsesgruppe", "Benefit group"), Options: groupOptions(l, group, false), Problem: problem("agg_group")},
		{Name: "agg_year", Label: l.Pick("År (takst)", "Year (rate)"), Value: year, Problem: problem("agg_year")},
	}
}

// aggResult formats the estimate.
func (pg *refusionPage) aggResult(a *refusionEstimate) {
	l := pg.Lang
	pg.AggShown = true
	per := "–"
	if a.FullTimePersons > 0 {
		per = kr(l, a.Net/a.FullTimePersons)
	}
	pg.Agg = []refusionRow{
		{Group: l.Pick("Ydelsesgruppe, år", "Benefit group, year"), Gross: l.Group(a.Group) + ", " + strconv.Itoa(a.Year)},
		{Group: l.Pick("Helårspersoner", "Full-time persons"), Gross: l.Number(a.FullTimePersons, 2)},
		{Group: l.Pick("Takst pr. helårsperson", "Rate per full-time person"), Gross: kr(l, a.RateDKK)},
		{Group: l.Pick("Bruttoudgift", "Gross cost"), Gross: kr(l, a.Gross)},
		{Group: l.Pick("Gennemsnitlig refusionssats", "Average reimbursement rate"), Gross: l.Percent(a.ReimbursementRate, 1)},
		{Group: l.Pick("Statens refusion", "State reimbursement"), Gross: kr(l, a.Reimbursement)},
		{Group: l.Pick("Kommunens nettoudgift", "Municipal net cost"), Gross: kr(l, a.Net), Total: true},
		{Group: l.Pick("Netto pr. helårsperson", "Net per full-time person"), Gross: per},
	}
	for i, st := range a.Steps {
		pg.AggSteps = append(pg.AggSteps, refusionStep{Weeks: refusionWeeks(l.Pick("uge", "weeks"), st), Rate: l.Percent(st.Rate, 0), Share: l.Percent(a.StepShares[i], 1)})
	}
}

// refusionTable is the selected rows as a file, with the columns of `pejling economics
// refusion --format csv`.
func refusionTable(rows []economics.RefusionRow) export.Table {
	num := func(n string) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: 2} }
	t := export.Table{Title: "Refusion", Columns: []export.Column{{Name: "municipality", Kind: export.Integer}, {Name: "benefit_group"},
		{Name: "year", Kind: export.Integer}, num("gross_dkk"), num("reimbursement_dkk"), num("net_dkk"), {Name: "persons", Kind: export.Integer},
		num("full_time_persons"), num("net_per_full_time_person_dkk")}}
	for _, r := range rows {
		var per any
		if v, ok := r.NetPerFullTimePerson(); ok {
			per = v
		}
		t.Rows = append(t.Rows, []any{r.Municipality, string(r.Group), r.Year, r.Gross, r.Reimbursement, r.Net, r.Persons, r.FullTimePersons, per})
	}
	return t
}

// refusionAggregateTable is the estimate as a file, with the fields of `pejling
// economics refusion --aggregate --format csv`.
func refusionAggregateTable(a *refusionEstimate) export.Table {
	num := func(n string) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: 4} }
	var per any
	if a.FullTimePersons > 0 {
		per = a.Net / a.FullTimePersons
	}
	return export.Table{Title: "Refusion estimate", Columns: []export.Column{{Name: "benefit_group"}, {Name: "year", Kind: export.Integer},
		num("full_time_persons"), num("rate_dkk"), num("gross_dkk"), num("reimbursement_rate"), num("reimbursement_dkk"), num("net_dkk"),
		num("net_per_full_time_person_dkk")},
		Rows: [][]any{{string(a.Group), a.Year, a.FullTimePersons, a.RateDKK, a.Gross, a.ReimbursementRate, a.Reimbursement, a.Net, per}}}
}
