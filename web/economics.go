package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/locale"
)

// The business case page (issue 7): a form with every input of a business case
// document, and the case evaluated — savings year by year, net present value, payback,
// break-even, a chart of savings over time and the sensitivity table as a heat map.
// The case is the query of GET /oekonomi/businesscase, so a case is a link; ?format=json
// downloads it as a document, which POST /oekonomi/businesscase (multipart, field
// "file") takes back. The tables download as CSV, CSV (;) and Excel.

// bcField is one input of the form as the template draws it.
type bcField struct {
	Name, Label, Unit, Hint, Value string
	Problem                        string // the error naming this field
	Kind                           string // "text", "number", "select", "checkbox", "textarea", "hidden"
	Options                        []option
	Checked                        bool
}

// bcYearRow is one year of the result, formatted.
type bcYearRow struct {
	Year, RampUp, Persons, Gross, Net, Operating, Result, Cumulative string
	Negative                                                         bool
}

type businessCasePage struct {
	page
	Fields        []bcField
	Problem       string // the message of the error, as Validate or the parser wrote it
	UploadProblem string
	Example       bool // the form shows the Hillerød example
	Result        bool
	Name          string
	Share         string
	ShareSource   string
	NPV           string
	NPVNegative   bool
	Payback       string
	BreakEven     string
	Cut           string
	Years         []bcYearRow
	SavingsChart  template.HTML
	HeatMap       template.HTML
	Query         template.URL // the case as a query, for the links (encoded here)
	BudgetQuery   template.URL // the budget page's query that lays the case on its group's budget
}

// handleBusinessCase shows the form, and the evaluated case: the one in the query, or
// the Hillerød example when the query holds none.
func (s *Server) handleBusinessCase(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	if len(q["format"]) > 1 || len(q["table"]) > 1 {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "format or table given twice"))
		return
	}
	pg := businessCasePage{page: newPage(r, "econ.bc.title")}
	var c *economics.BusinessCase
	if bcSubmitted(q) {
		var err error
		if c, err = parseBusinessCaseForm(q); err != nil {
			if format != "" && format != "html" {
				s.writeError(w, r, err)
				return
			}
			pg.Problem = pejling.ErrorMessage(err)
			pg.Fields = bcFormFields(pg.Lang, q, bcErrorField(err), pg.Problem)
			s.renderStatus(w, r, "econ_businesscase", pg, http.StatusBadRequest)
			return
		}
	} else {
		ex := HilleroedExample()
		c, pg.Example = &ex, true
	}
	res := c.Evaluate()
	switch format {
	case "json":
		b, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			s.writeError(w, r, fmt.Errorf("write business case: %w", err))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+export.Filename("businesscase-"+c.TargetGroup.Name, "json")+`"`)
		w.Write(append(b, '\n'))
		return
	}
	dl, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if dl != "" {
		t, err := businessCaseTable(&res, q.Get("table"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeTable(w, r, t, "businesscase-"+q.Get("table"), dl)
		return
	}
	s.showBusinessCase(w, r, pg, c, &res, http.StatusOK)
}

// handleBusinessCaseUpload evaluates an uploaded business case document.
func (s *Server) handleBusinessCaseUpload(w http.ResponseWriter, r *http.Request) {
	pg := businessCasePage{page: newPage(r, "econ.bc.title")}
	refuse := func(msg string) {
		pg.UploadProblem = msg
		ex := HilleroedExample()
		pg.Fields = bcFormFields(pg.Lang, businessCaseValues(&ex, pg.Lang), "", "")
		s.renderStatus(w, r, "econ_businesscase", pg, http.StatusBadRequest)
	}
	c, err := readBusinessCaseUpload(w, r)
	if err != nil {
		refuse(pejling.ErrorMessage(err))
		return
	}
	res := c.Evaluate()
	s.showBusinessCase(w, r, pg, c, &res, http.StatusOK)
}

// readBusinessCaseUpload reads the document of a multipart upload's "file" field, at
// most economics.BusinessCaseMaxBytes; every error is EINVALID.
func readBusinessCaseUpload(w http.ResponseWriter, r *http.Request) (*economics.BusinessCase, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		return nil, pejling.Errorf(pejling.EINVALID, "upload: send the business case as a file (multipart/form-data, field \"file\"), not %q", pejling.Clip(r.Header.Get("Content-Type")))
	}
	// The document and the multipart framing around it.
	r.Body = http.MaxBytesReader(w, r.Body, economics.BusinessCaseMaxBytes+64<<10)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "upload: %s", pejling.Clip(err.Error()))
	}
	for {
		part, err := mr.NextPart()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, pejling.Errorf(pejling.EINVALID, "upload: the file is over %d bytes", economics.BusinessCaseMaxBytes)
			}
			return nil, pejling.Errorf(pejling.EINVALID, "upload: no file (field \"file\")")
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		c, err := economics.ParseBusinessCase(part)
		part.Close()
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, pejling.Errorf(pejling.EINVALID, "business case: the document is over %d bytes", economics.BusinessCaseMaxBytes)
			}
			if pejling.ErrorCode(err) != pejling.EINVALID {
				return nil, pejling.Errorf(pejling.EINVALID, "upload: the file could not be read")
			}
			return nil, err
		}
		return c, nil
	}
}

// showBusinessCase renders the form filled with c and its result.
func (s *Server) showBusinessCase(w http.ResponseWriter, r *http.Request, pg businessCasePage, c *economics.BusinessCase, res *economics.BusinessCaseResult, status int) {
	l := pg.Lang
	pg.Fields = bcFormFields(l, businessCaseValues(c, l), "", "")
	pg.Query = template.URL(businessCaseValues(c, "").Encode())
	pg.BudgetQuery = template.URL(budgetCaseQuery(string(pg.Query), c.TargetGroup.BenefitGroup))
	pg.Result = true
	pg.Name = res.Name
	pg.Share = l.Percent(res.MunicipalShare, 1)
	pg.ShareSource = l.Pick("givet", "given")
	if res.ShareSource == "staircase" {
		pg.ShareSource = l.Pick("beregnet af refusionstrappen", "computed from the staircase")
	}
	pg.NPV, pg.NPVNegative = kr(l, res.NPV), res.NPV < 0
	pg.Payback = l.Pick("tjener sig ikke hjem inden for horisonten", "does not pay back within the horizon")
	if res.PaybackYears != nil {
		pg.Payback = l.Number(*res.PaybackYears, 2) + l.Pick(" år", " years")
	}
	pg.BreakEven = l.Pick("ikke mulig: selv hele forløbet fjernet dækker ikke driften", "not possible: even cutting the whole duration does not cover the cost")
	if res.BreakEvenWeeks != nil {
		pg.BreakEven = l.Number(*res.BreakEvenWeeks, 1) + l.Pick(" uger", " weeks")
	}
	pg.Cut = l.Number(c.WeeksBefore-c.WeeksAfter, 1) + l.Pick(" uger", " weeks")
	labels := make([]string, len(res.Years))
	net, op, cum := make([]float64, len(res.Years)), make([]float64, len(res.Years)), make([]float64, len(res.Years))
	for i, y := range res.Years {
		labels[i] = yearLabel(l, y)
		net[i], op[i], cum[i] = y.NetSaving, y.NetOperatingCost, y.Cumulative
		pg.Years = append(pg.Years, bcYearRow{Year: labels[i], RampUp: l.Percent(y.RampUp, 0), Persons: l.Number(y.FullTimePersonsSaved, 1),
			Gross: kr(l, y.GrossSaving), Net: kr(l, y.NetSaving), Operating: kr(l, y.NetOperatingCost), Result: kr(l, y.NetResult),
			Cumulative: kr(l, y.Cumulative), Negative: y.NetResult < 0})
	}
	mio := func(v float64) string { return l.Number(v/1e6, 1) }
	pg.SavingsChart = template.HTML(chart.Line{Title: l.Pick("Besparelse og udgift pr. år, mio. kr.", "Saving and cost a year, DKK million"),
		Labels: labels, Format: mio, ZeroBased: true, Series: []chart.Series{
			{Name: l.Pick("Nettobesparelse", "Net saving"), Values: net},
			{Name: l.Pick("Nettodriftsudgift", "Net operating cost"), Values: op, Dashed: true},
			{Name: l.Pick("Akkumuleret nettoresultat", "Cumulative net result"), Values: cum},
		}}.SVG())
	sens := res.Sensitivity
	hm := chart.HeatMap{Title: l.Pick("Nutidsværdi (1.000 kr.) ved ændret effekt og driftsudgift", "Net present value (DKK 1,000) with changed effect and operating cost"),
		RowTitle: l.Pick("Effekt", "Effect"), ColumnTitle: l.Pick("Driftsudgift i forhold til antaget", "Operating cost against the assumed"),
		Values: sens.NPV, Format: func(v float64) string { return l.Number(v/1000, 0) }, Mark: [2]int{-1, -1}}
	for i, e := range sens.EffectFactors {
		hm.Rows = append(hm.Rows, l.Percent(e, 0))
		if e == 1 {
			hm.Mark[0] = i
		}
	}
	for j, f := range sens.CostFactors {
		hm.Columns = append(hm.Columns, l.Percent(f, 0))
		if f == 1 {
			hm.Mark[1] = j
		}
	}
	pg.HeatMap = template.HTML(hm.SVG())
	s.renderStatus(w, r, "econ_businesscase", pg, status)
}

// kr writes whole kroner.
func kr(l locale.Lang, v float64) string { return l.Number(v, 0) }

func yearLabel(l locale.Lang, y economics.BusinessCaseYear) string {
	if y.CalendarYear != 0 {
		return strconv.Itoa(y.CalendarYear)
	}
	return l.Pick("År ", "Year ") + strconv.Itoa(y.Year)
}

// businessCaseTable is a table of the result as a file: "years" or "sensitivity".
func businessCaseTable(res *economics.BusinessCaseResult, name string) (export.Table, error) {
	num := func(n string) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: 2} }
	t := export.Table{Title: res.Name + " " + name}
	switch name {
	case "years":
		t.Columns = []export.Column{{Name: "year", Kind: export.Integer}, {Name: "calendar_year", Kind: export.Integer}, {Name: "ramp_up", Kind: export.Percent, Decimals: 1},
			num("weeks_saved"), num("full_time_persons_saved"), num("gross_saving"), num("net_saving"), num("net_operating_cost"),
			num("net_result"), num("discounted_net_result"), num("cumulative_net_result")}
		for _, y := range res.Years {
			var cal any
			if y.CalendarYear != 0 {
				cal = y.CalendarYear
			}
			t.Rows = append(t.Rows, []any{y.Year, cal, y.RampUp, y.WeeksSaved, y.FullTimePersonsSaved, y.GrossSaving, y.NetSaving,
				y.NetOperatingCost, y.NetResult, y.Discounted, y.Cumulative})
		}
	case "sensitivity":
		t.Columns = []export.Column{{Name: "effect_factor", Kind: export.Percent, Decimals: 0}}
		for _, f := range res.Sensitivity.CostFactors {
			t.Columns = append(t.Columns, num(fmt.Sprintf("npv_cost_%g_pct", f*100)))
		}
		for i, e := range res.Sensitivity.EffectFactors {
			row := []any{e}
			for _, v := range res.Sensitivity.NPV[i] {
				row = append(row, v)
			}
			t.Rows = append(t.Rows, row)
		}
	default:
		return t, pejling.Errorf(pejling.EINVALID, "unknown table %q: use years or sensitivity", pejling.Clip(name))
	}
	return t, nil
}
