package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/locale"
)

// The benchmark views of a municipality (issue 6): each is a page of bench_view.html
// with a few selects, sentences, maybe a chart, and tables that download as files.

// benchView is one of the views: its path under /kommuner/{code}/, its title key,
// the query parameters its form offers and the function that fills it.
type benchView struct {
	slug, title string
	params      []string
	fill        func(s *Server, pg *benchPage, q benchQuery, e *benchEntry) error
}

var benchViews = []benchView{
	{"sammenlignelige", "bench.peers", []string{"period", "design"}, fillPeers},
	{"forventet", "bench.expected", []string{"period", "group", "figure"}, fillExpected},
	{"placering", "bench.rank", []string{"period", "group", "figure"}, fillRank},
	{"laering", "bench.learn", []string{"period"}, fillLearn},
	{"sammenligning", "bench.compare", []string{"period", "reference"}, fillCompare},
}

// benchLink is a link of the views' menu or a download.
type benchLink struct {
	Href, Label string
	Current     bool
}

// benchCell is a cell as shown (Text) and as downloaded (Value).
type benchCell struct {
	Text  string
	Value any
	Class string
}

type benchRow struct {
	Cells []benchCell
	Class string // "self" for the municipality, "peer" for its peers
}

type benchCol struct {
	Name     string
	Kind     export.Kind
	Decimals int
}

// Num reports whether the column is right-aligned.
func (c benchCol) Num() bool { return c.Kind != export.Text }

// benchTable is a table of a view and, with the same cells, its download.
type benchTable struct {
	ID, Title, Note string
	Cols            []benchCol
	Rows            []benchRow
	Downloads       []benchLink
}

func (t *benchTable) add(class string, cells ...benchCell) {
	for i := range cells {
		if i < len(t.Cols) && t.Cols[i].Num() {
			cells[i].Class = strings.TrimSpace(cells[i].Class + " num")
		}
	}
	t.Rows = append(t.Rows, benchRow{Cells: cells, Class: class})
}

func (t *benchTable) export() export.Table {
	out := export.Table{Title: t.Title}
	for _, c := range t.Cols {
		out.Columns = append(out.Columns, export.Column{Name: c.Name, Kind: c.Kind, Decimals: c.Decimals})
	}
	for _, r := range t.Rows {
		row := make([]any, len(r.Cells))
		for i, c := range r.Cells {
			row[i] = c.Value
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

type benchPage struct {
	page
	Municipality pejling.Municipality
	PeriodLabel  string
	Views        []benchLink
	Dashboard    string
	Periods      []option
	Groups       []option
	Figures      []option
	Designs      []option
	References   []option
	Words        []string
	Verdict      string
	VerdictClass string
	Chart        template.HTML
	Tables       []*benchTable
}

func (pg *benchPage) table(id, title string, cols ...benchCol) *benchTable {
	t := &benchTable{ID: id, Title: title, Cols: cols}
	pg.Tables = append(pg.Tables, t)
	return t
}

// Cell constructors: text, a whole number (0 is empty), a number and a figure value.
func txt(s string) benchCell { return benchCell{Text: s, Value: s} }

func whole(n int) benchCell {
	if n == 0 {
		return benchCell{}
	}
	return benchCell{Text: strconv.Itoa(n), Value: n}
}

func number(l locale.Lang, v float64, decimals int) benchCell {
	return benchCell{Text: l.Number(v, decimals), Value: v}
}

func figValue(l locale.Lang, id string, v float64) benchCell {
	return benchCell{Text: l.FigureValue(id, v), Value: v}
}

// benchPageRoutes are the views, each under /kommuner/{code}/.
func benchPageRouteTable() []route {
	var out []route
	for _, v := range benchViews {
		out = append(out, route{Route{Pattern: "GET /kommuner/{code}/" + v.slug, Access: SignedIn},
			func(s *Server) http.HandlerFunc { return s.needsBench(s.benchPageHandler(v)) }})
	}
	return out
}

func (s *Server) benchPageHandler(v benchView) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		code, err := lookupMunicipality("municipality", r.PathValue("code"))
		var q benchQuery
		if err == nil {
			q, err = parseBenchQuery(r.URL.RawQuery, append(slices.Clone(v.params), "format", "table"))
		}
		q.municipality = code
		var e *benchEntry
		if err == nil {
			e, err = s.benchLoad(r.Context(), q)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		mu, _ := dk.MunicipalityByCode(code)
		pg := &benchPage{page: newPage(r, v.title), Municipality: mu, PeriodLabel: e.data.Period.Label()}
		pg.Title = mu.Name + " · " + pg.Title
		s.benchForm(pg, v, q, e)
		if err := v.fill(s, pg, q, e); err != nil {
			s.writeError(w, r, err)
			return
		}
		// Every table downloads in three formats, with the page's own choices.
		keep := url.Values{}
		for _, name := range v.params {
			if val := r.URL.Query().Get(name); val != "" {
				keep.Set(name, val)
			}
		}
		for _, t := range pg.Tables {
			for _, f := range []struct{ format, label string }{{formatCSV, "CSV"}, {formatCSVDa, "CSV (da)"}, {formatXLSX, "Excel"}} {
				u := url.Values{}
				for k, vs := range keep {
					u[k] = vs
				}
				u.Set("table", t.ID)
				u.Set("format", f.format)
				t.Downloads = append(t.Downloads, benchLink{Href: r.URL.Path + "?" + u.Encode(), Label: f.label})
			}
		}
		if q.format != "" {
			i := slices.IndexFunc(pg.Tables, func(t *benchTable) bool { return t.ID == q.table })
			if q.table == "" && len(pg.Tables) > 0 {
				i = 0
			}
			if i < 0 {
				var ids []string
				for _, t := range pg.Tables {
					ids = append(ids, t.ID)
				}
				s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "table %q: this page has the tables %v", pejling.Clip(q.table), ids))
				return
			}
			t := pg.Tables[i]
			s.writeTable(w, r, t.export(), mu.Name+"-"+v.slug+"-"+t.ID+"-"+pg.PeriodLabel, q.format)
			return
		}
		if q.table != "" {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "table: give it with format (csv, csv-da or xlsx)"))
			return
		}
		s.render(w, r, "bench_view", pg)
	}
}

// benchForm fills the menu of the views and the selects the view offers.
func (s *Server) benchForm(pg *benchPage, v benchView, q benchQuery, e *benchEntry) {
	l := pg.Lang
	base := "/kommuner/" + strconv.Itoa(pg.Municipality.Code)
	period := ""
	if q.period != (figures.Period{}) {
		period = "?period=" + url.QueryEscape(e.data.Period.Label())
	}
	pg.Dashboard = base + period
	for _, x := range benchViews {
		pg.Views = append(pg.Views, benchLink{base + "/" + x.slug + period, pg.T(x.title), x.slug == v.slug})
	}
	for i := len(e.data.Held) - 1; i >= 0; i-- {
		h := e.data.Held[i]
		if h.Last <= e.data.AsOf {
			pg.Periods = append(pg.Periods, option{h.Label(), h.Label(), h == e.data.Period})
		}
	}
	if slices.Contains(v.params, "group") {
		pg.Groups = append(pg.Groups, option{"all", l.Group(""), q.group == ""})
		for _, g := range pejling.BenefitGroups {
			pg.Groups = append(pg.Groups, option{string(g), l.Group(g), g == q.group})
		}
	}
	if slices.Contains(v.params, "figure") {
		want := q.figure
		if want == "" {
			want = defaultFigure(q.group)
		}
		for _, id := range benchmark.ComparableFigures() {
			if f, _ := benchmark.Figure(id); q.group == "" || !f.AllGroupsOnly {
				pg.Figures = append(pg.Figures, option{id, l.Figure(id), id == want})
			}
		}
	}
	if slices.Contains(v.params, "design") {
		labels := map[string][2]string{
			benchmark.MethodIAB:      {"IAB (vægtet efter regression)", "IAB (regression-weighted)"},
			benchmark.MethodKMeans:   {"k-means", "k-means"},
			benchmark.MethodWard:     {"Ward", "Ward"},
			benchmark.MethodOfficial: {"Danmarks Statistiks kommunegrupper", "Statistics Denmark's municipality groups"},
		}
		for _, d := range benchDesigns {
			pg.Designs = append(pg.Designs, option{d, l.Pick(labels[d][0], labels[d][1]), d == q.design})
		}
	}
}
