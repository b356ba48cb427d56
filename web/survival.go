package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/figures"
)

// Bounds of one survival request. Each computation reads every spell of the register,
// so the curves are cached per import, one computation runs at a time, and a request
// for more than these is refused with 400 rather than queued.
const (
	maxSurvivalCohorts = 24 // cohorts of inflow (two years of months)
	maxSurvivalLines   = 30 // curves on the page's chart
	survivalCacheSize  = 32 // queries kept per import
)

// survivalParams are the query parameters of GET /api/v1/survival (openapi.json).
var survivalParams = []string{"from", "to", "every", "by"}

// survivalQuery is one request for curves: the cohorts' range and split, and the strata.
type survivalQuery struct {
	From, To pejling.Date
	Every    string // "", month, quarter or year
	By       figures.By
}

// cohorts splits the query's range into the cohorts of inflow, refusing too many.
func (q survivalQuery) cohorts() ([]figures.Period, error) {
	return figures.SplitPeriods(q.From, q.To, "every", q.Every, maxSurvivalCohorts)
}

// parseSurvivalQuery reads from, to, every and by, as pejling survival reads its
// --cohort-from, --cohort-to, --cohort-every and --by.
func parseSurvivalQuery(v url.Values) (survivalQuery, []figures.Period, error) {
	var q survivalQuery
	first, last, err := figures.ParseRange("from", v.Get("from"), "to", v.Get("to"))
	if err != nil {
		return q, nil, err
	}
	q.From, q.To, q.Every, q.By = first, last, v.Get("every"), figures.By(v.Get("by"))
	if q.By == "" {
		q.By = figures.ByGroup
	}
	if q.Every != "" && q.Every != "month" && q.Every != "quarter" && q.Every != "year" {
		return q, nil, pejling.Errorf(pejling.EINVALID, "every %q: give month, quarter or year", pejling.Clip(q.Every))
	}
	if !slices.Contains(figures.Bys, q.By) {
		return q, nil, pejling.Errorf(pejling.EINVALID, "by %q: give group, match_group, municipality, early_placement or none", pejling.Clip(string(q.By)))
	}
	cohorts, err := q.cohorts()
	if err != nil {
		return q, nil, err
	}
	return q, cohorts, nil
}

// curves returns the curves of q, computed once per version of the register.
func (h survivalHandler) curves(ctx context.Context, q survivalQuery, cohorts []figures.Period) ([]figures.Curve, error) {
	st := h.s.Imports
	return h.cache.get(ctx, st, q, func() ([]figures.Curve, error) { return st.Survival(ctx, cohorts, q.By) })
}

// survivalHandler serves the survival page or API with its cache.
type survivalHandler struct {
	s     *Server
	cache *registerCache[survivalQuery, []figures.Curve]
}

func newSurvivalHandler(s *Server) survivalHandler {
	return survivalHandler{s: s, cache: &registerCache[survivalQuery, []figures.Curve]{size: survivalCacheSize}}
}

// handleAPI answers GET /api/v1/survival with the curves as pejling survival --format
// json writes them. A server without a register store answers no curves.
func (h survivalHandler) handleAPI(w http.ResponseWriter, r *http.Request) {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		h.s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "query string: %s", pejling.Clip(err.Error())))
		return
	}
	for name, vs := range v {
		switch {
		case !slices.Contains(survivalParams, name):
			err = pejling.Errorf(pejling.EINVALID, "unknown parameter %q (known: from, to, every, by)", pejling.Clip(name))
		case len(vs) > 1:
			err = pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once", name, len(vs))
		case v.Get("from") == "" || v.Get("to") == "":
			err = pejling.Errorf(pejling.EINVALID, "from and to: give the first and last inflow day as YYYY-MM-DD")
		}
	}
	if len(v) == 0 {
		err = pejling.Errorf(pejling.EINVALID, "from and to: give the first and last inflow day as YYYY-MM-DD")
	}
	if err != nil {
		h.s.writeError(w, r, err)
		return
	}
	q, cohorts, err := parseSurvivalQuery(v)
	if err != nil {
		h.s.writeError(w, r, err)
		return
	}
	var cs []figures.Curve
	if h.s.Imports != nil {
		if cs, err = h.curves(r.Context(), q, cohorts); err != nil {
			h.s.writeError(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	figures.WriteCurvesJSON(w, cs)
}

// survivalRow is one curve of the page's table.
type survivalRow struct {
	Cohort, Stratum, Periods string
	At                       []string // S at survivalWeeks
	Median                   string
}

// survivalWeeks are the weeks the table shows.
var survivalWeeks = []int{4, 13, 26, 52}

type survivalPage struct {
	page
	From, To       string
	Everys, Bys    []option
	Problem        string // message key
	Detail         string
	Chart          template.HTML
	Weeks          []int
	Rows           []survivalRow
	Downloads      []option // format → link
	Computed, None bool
}

// pageBys are the strata the page offers (by municipality gives 98 lines: the API has it).
var pageBys = []figures.By{figures.ByGroup, figures.ByMatchGroup, figures.ByEarlyPlacement, figures.ByNone}

// handlePage shows the curves of the chosen cohorts and strata: a chart, a table at 4,
// 13, 26 and 52 weeks with the median, and the curves as a download.
func (h survivalHandler) handlePage(w http.ResponseWriter, r *http.Request) {
	s := h.s
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := survivalPage{page: newPage(r, "surv.title"), Weeks: survivalWeeks}
	l := pg.Lang
	v := r.URL.Query()
	if v.Get("from") == "" && v.Get("to") == "" {
		v = h.defaults(r.Context(), v)
	}
	pg.From, pg.To = v.Get("from"), v.Get("to")
	every, by := v.Get("every"), v.Get("by")
	if by == "" {
		by = string(figures.ByGroup)
	}
	for _, e := range []string{"year", "quarter", "month", ""} {
		pg.Everys = append(pg.Everys, option{e, pg.T("surv.every." + e), e == every})
	}
	for _, b := range pageBys {
		pg.Bys = append(pg.Bys, option{string(b), pg.T("surv.by." + string(b)), string(b) == by})
	}
	q, cohorts, err := parseSurvivalQuery(v)
	if err == nil && !slices.Contains(pageBys, q.By) {
		err = pejling.Errorf(pejling.EINVALID, "by %q: the page shows group, match_group, early_placement or none", pejling.Clip(by))
	}
	if err == nil && len(cohorts)*strataOf(q.By) > maxSurvivalLines {
		pg.Problem = "surv.toomany"
		s.renderStatus(w, r, "survival", pg, http.StatusBadRequest)
		return
	}
	if err != nil {
		if pejling.ErrorCode(err) != pejling.EINVALID {
			s.writeError(w, r, err)
			return
		}
		pg.Problem, pg.Detail = "surv.bad", pejling.ErrorMessage(err)
		s.renderStatus(w, r, "survival", pg, http.StatusBadRequest)
		return
	}
	if s.Imports == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no register data are served here"))
		return
	}
	cs, err := h.curves(r.Context(), q, cohorts)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		s.writeTable(w, r, survivalTable(pg, cs), "pejling-survival", format)
		return
	}
	pg.Computed, pg.None = true, len(cs) == 0
	labels := make([]string, figures.SurvivalWeeks)
	for i := range labels {
		labels[i] = strconv.Itoa(i + 1)
	}
	line := chart.Line{Title: pg.T("surv.chart"), Labels: labels, ZeroBased: true,
		Format: func(x float64) string { return l.Percent(x, 0) }}
	for _, c := range cs {
		name := curveName(pg, c, len(cohorts) > 1)
		values := nanSlice(figures.SurvivalWeeks)
		row := survivalRow{Cohort: c.Cohort.Label(), Stratum: stratumName(pg, c), Periods: l.Number(float64(c.Periods), 0)}
		median := 0
		for _, p := range c.Points {
			values[p.Week-1] = p.Survival
			if median == 0 && p.Survival <= 0.5 {
				median = p.Week
			}
		}
		for _, wk := range survivalWeeks {
			row.At = append(row.At, l.Percent(values[wk-1], 0))
		}
		switch {
		case median > 0:
			row.Median = strconv.Itoa(median)
		case len(c.Points) > 0:
			row.Median = "> " + strconv.Itoa(c.Points[len(c.Points)-1].Week)
		default:
			row.Median = "–"
		}
		pg.Rows = append(pg.Rows, row)
		// The palette has len(chart.Palette) colours: the next as many lines are dashed.
		dashed := (len(line.Series)/len(chart.Palette))%2 == 1
		line.Series = append(line.Series, chart.Series{Name: name, Values: values, Dashed: dashed})
	}
	pg.Chart = template.HTML(line.SVG()) // chart escapes every text it writes
	for _, f := range []string{formatCSV, formatCSVDa, formatXLSX} {
		d := url.Values{"from": {pg.From}, "to": {pg.To}, "every": {every}, "by": {by}, "format": {f}}
		pg.Downloads = append(pg.Downloads, option{"/overlevelse?" + d.Encode(), f, false})
	}
	s.render(w, r, "survival", pg)
}

// defaults are the last three whole years of inflow before the store's as_of, one
// cohort each, not split: three lines, which the chart's legend holds in one row.
func (h survivalHandler) defaults(ctx context.Context, v url.Values) url.Values {
	out := url.Values{"every": {"year"}, "by": {string(figures.ByNone)}}
	y := 2024
	if h.s.Status != nil {
		if st, err := h.s.Status.Status(ctx); err == nil && st.AsOf != 0 {
			y = st.AsOf.Year()
			if st.AsOf.Time().YearDay() < 360 {
				y-- // the current year is not whole
			}
		}
	}
	out.Set("from", strconv.Itoa(y-2)+"-01-01")
	out.Set("to", strconv.Itoa(y)+"-12-31")
	for _, k := range []string{"every", "by"} {
		if x := v.Get(k); x != "" {
			out.Set(k, x)
		}
	}
	return out
}

// strataOf is how many curves a cohort has at most, by by.
func strataOf(by figures.By) int {
	switch by {
	case figures.ByGroup:
		return len(pejling.BenefitGroups)
	case figures.ByMatchGroup:
		return 4
	case figures.ByEarlyPlacement:
		return 2
	case figures.ByNone:
		return 1
	}
	return 98
}

// stratumName is a curve's stratum in the page's language.
func stratumName(pg survivalPage, c figures.Curve) string {
	switch c.By {
	case figures.ByGroup:
		return pg.Lang.Group(pejling.BenefitGroup(c.Stratum))
	case figures.ByMatchGroup:
		if c.Stratum == "unknown" {
			return pg.T("surv.match.unknown")
		}
		return pg.T("surv.match") + " " + c.Stratum
	case figures.ByEarlyPlacement, figures.ByNone:
		return pg.T("surv.stratum." + c.Stratum)
	}
	return c.Stratum
}

// curveName is a curve's legend: its stratum, after its cohort when there are several.
func curveName(pg survivalPage, c figures.Curve, withCohort bool) string {
	if withCohort {
		return c.Cohort.Label() + " · " + stratumName(pg, c)
	}
	return stratumName(pg, c)
}
