package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/locale"
)

// The fact sheet (faktaark): the one page a municipality's politicians get — headline
// figures against a reference municipality, its peers and the country; company
// placements by benefit group and by type; activation rate, coverage rate and
// placements' share of activation per group; operating cost per full-time person; the
// rank among the peers; and the main conclusions in words. As a printable page, and
// as a PDF printed from the same HTML by headless Chromium (factsheet_pdf.go).

// ExpenditureStore gives the expenditure for the operating cost per full-time person
// (sqldb.DB implements it); a Bench that does not is a fact sheet without that line.
type ExpenditureStore interface {
	ReadExpenditure(ctx context.Context) ([]pejling.Expenditure, error)
}

// factHeadline are the fact sheet's headline figures, in order.
var factHeadline = []string{
	figures.PublicSupportRate, figures.FullTimePersons, figures.ActivationRate, figures.CoverageRate,
	figures.PlacementsStarted, figures.PlacementsPerPersonAffected, figures.PlacementShareOfActivation,
	figures.CooperationRate, figures.TurnoverSpeed, figures.AvgDurationDays, figures.SelfSupportRate6m,
}

// The placement types of the fact sheet, with their figure ids.
var factPlacementTypes = []struct{ id, da, en string }{
	{figures.PlacementsStartedPraktik, "Virksomhedspraktik", "Work practice"},
	{figures.PlacementsStartedLtsPrivat, "Løntilskud, privat", "Wage subsidy, private"},
	{figures.PlacementsStartedLtsOffentl, "Løntilskud, offentlig", "Wage subsidy, public"},
}

// FactSheet is the content of a fact sheet as numbers (the API's answer); the page
// formats it. A value the figure set does not hold is NaN (null in JSON).
type FactSheet struct {
	Municipality  int          `json:"municipality"`
	Name          string       `json:"name"`
	Period        string       `json:"period"`
	AsOf          string       `json:"as_of"`
	Reference     int          `json:"reference"`
	ReferenceName string       `json:"reference_name"`
	Peers         []int        `json:"peers"`
	PeerNames     []string     `json:"peer_names"`
	Headline      []FactFigure `json:"headline"`
	ByGroup       []FactShare  `json:"placements_by_group"`
	ByType        []FactShare  `json:"placements_by_type"`
	Groups        []FactGroup  `json:"groups"`
	OperatingCost *FactFigure  `json:"operating_cost_per_full_time_person_tkr"` // nil without expenditure
	PeerRank      int          `json:"overall_rank_among_peers"`                // 0: none
	PeerOf        int          `json:"overall_rank_of"`
	Conclusions   []string     `json:"conclusions"`
	verdicts      []verdict    // for the conclusions
}

// FactFigure is one figure of the municipality beside its reference, the mean of its
// peers and the country, with its rank among the municipality and its peers.
type FactFigure struct {
	Figure    string `json:"figure"`
	Value     jnum   `json:"value"`
	Reference jnum   `json:"reference"`
	PeersMean jnum   `json:"peers_mean"`
	Country   jnum   `json:"country"`
	Rank      int    `json:"rank_among_peers,omitempty"`
	Of        int    `json:"rank_of,omitempty"`
	Verdict   string `json:"verdict,omitempty"` // better or worse than the peers' mean
}

// FactShare is a count of company placements and its share of the total, beside the
// reference's share.
type FactShare struct {
	Key      string `json:"key"` // a benefit group or a figure id of a placement type
	Count    jnum   `json:"count"`
	Share    jnum   `json:"share"`
	RefShare jnum   `json:"reference_share"`
}

// FactGroup is a benefit group's activation beside the reference's.
type FactGroup struct {
	Group             pejling.BenefitGroup `json:"benefit_group"`
	FullTimePersons   jnum                 `json:"full_time_persons"`
	Activation        jnum                 `json:"activation_rate"`
	ActivationRef     jnum                 `json:"reference_activation_rate"`
	Coverage          jnum                 `json:"coverage_rate"`
	CoverageRef       jnum                 `json:"reference_coverage_rate"`
	PlacementShare    jnum                 `json:"placement_share_of_activation"`
	PlacementShareRef jnum                 `json:"reference_placement_share_of_activation"`
}

// factsheetPage is the fact sheet formatted in the page's language.
type factsheetPage struct {
	page
	Municipality, Reference pejling.Municipality
	References, Periods     []option
	PeriodLabel, AsOf       string
	PeerNames               string
	Headline                []factRow
	ByGroup, ByType         []shareRow
	ByGroupChart            template.HTML
	Groups                  []groupRow
	Cost                    factRow // Name "" without expenditure
	PeerRank, PeerOf        int
	Conclusions             []string
	CSS                     template.CSS
	Tables                  []string // the tables that download
}

type factRow struct {
	ID, Name, Value, Reference, Peers, Country, Rank, Verdict string
}

type shareRow struct {
	Name, Count, Share, RefShare string
}

type groupRow struct {
	Name                                       string
	Activation, ActivationRef                  string
	Coverage, CoverageRef                      string
	PlacementShare, PlacementShareRef, Persons string
}

// factsheetInput is what a fact sheet is computed from: the municipality, its
// reference and the period's benchmark.
type factsheetInput struct {
	m, ref int
	e      *benchEntry
}

// factsheetRequest reads the municipality (a code in the path), period and reference
// of a fact sheet page.
func (s *Server) factsheetRequest(r *http.Request) (factsheetInput, error) {
	var in factsheetInput
	code, err := strconv.Atoi(r.PathValue("code"))
	if _, ok := dk.MunicipalityByCode(code); err != nil || !ok {
		return in, pejling.Errorf(pejling.ENOTFOUND, "no municipality with code %q", pejling.Clip(r.PathValue("code")))
	}
	q := r.URL.Query()
	var p figures.Period
	if v := q.Get("period"); v != "" {
		if p, err = figures.ParsePeriod(v); err != nil {
			return in, err
		}
	}
	ref := 0
	if v := q.Get("reference"); v != "" {
		var ok bool
		if ref, ok = dk.LookupMunicipality(v); !ok {
			return in, pejling.Errorf(pejling.EINVALID, "reference %q: no such municipality", pejling.Clip(v))
		}
	}
	return s.factsheetInputOf(r.Context(), code, ref, p)
}

// factsheetInputOf loads the period and settles the reference: the nearest peer when
// none is given, never the municipality itself.
func (s *Server) factsheetInputOf(ctx context.Context, m, ref int, p figures.Period) (factsheetInput, error) {
	in := factsheetInput{m: m, ref: ref}
	if ref == m {
		return in, pejling.Errorf(pejling.EINVALID, "reference: choose another municipality than the one of the fact sheet")
	}
	e, err := s.benchmarkOf(ctx, p)
	if err != nil {
		return in, err
	}
	in.e = e
	if in.ref == 0 {
		if ps, ok := e.peers.Of(m); ok && len(ps) > 0 {
			in.ref = ps[0].Municipality
		}
	}
	return in, nil
}

func (s *Server) handleFactsheet(w http.ResponseWriter, r *http.Request) {
	in, err := s.factsheetRequest(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := newPage(r, "fact.title")
	fs, err := s.factSheet(r.Context(), in, p.Lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		t, err := factsheetTable(fs, r.URL.Query().Get("table"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeTable(w, r, t, "faktaark-"+fs.Name+"-"+fs.Period+"-"+r.URL.Query().Get("table"), format)
		return
	}
	s.render(w, r, "factsheet", formatFactsheet(p, fs, in))
}

// factsheetTables are the fact sheet's tables that download (?format=…&table=…).
var factsheetTables = []string{"headline", "placements_by_group", "placements_by_type", "groups"}

// factsheetTable is one table of the fact sheet for download: ids and numbers, shares
// as shares.
func factsheetTable(fs *FactSheet, name string) (export.Table, error) {
	num := func(n string) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: 4} }
	t := export.Table{Title: fs.Name + " " + fs.Period + " " + name}
	switch name {
	case "headline":
		t.Columns = []export.Column{{Name: "figure"}, num("value"), num("reference"), num("peers_mean"), num("country"),
			{Name: "rank_among_peers", Kind: export.Integer}, {Name: "rank_of", Kind: export.Integer}}
		for _, f := range fs.Headline {
			var rank, of any
			if f.Rank > 0 {
				rank, of = f.Rank, f.Of
			}
			t.Rows = append(t.Rows, []any{f.Figure, float64(f.Value), float64(f.Reference), float64(f.PeersMean), float64(f.Country), rank, of})
		}
	case "placements_by_group", "placements_by_type":
		t.Columns = []export.Column{{Name: "key"}, num("count"), num("share"), num("reference_share")}
		rows := fs.ByGroup
		if name == "placements_by_type" {
			rows = fs.ByType
		}
		for _, x := range rows {
			t.Rows = append(t.Rows, []any{x.Key, float64(x.Count), float64(x.Share), float64(x.RefShare)})
		}
	case "groups":
		t.Columns = []export.Column{{Name: "benefit_group"}, num("full_time_persons"), num("activation_rate"), num("reference_activation_rate"),
			num("coverage_rate"), num("reference_coverage_rate"), num("placement_share_of_activation"), num("reference_placement_share_of_activation")}
		for _, g := range fs.Groups {
			t.Rows = append(t.Rows, []any{string(g.Group), float64(g.FullTimePersons), float64(g.Activation), float64(g.ActivationRef),
				float64(g.Coverage), float64(g.CoverageRef), float64(g.PlacementShare), float64(g.PlacementShareRef)})
		}
	default:
		return t, pejling.Errorf(pejling.EINVALID, "table %q: give one of %s", pejling.Clip(name), strings.Join(factsheetTables, ", "))
	}
	return t, nil
}

// factSheet computes the fact sheet of in; the conclusions are in the language l.
func (s *Server) factSheet(ctx context.Context, in factsheetInput, l locale.Lang) (*FactSheet, error) {
	d, peers, m, ref := in.e.data, in.e.peers, in.m, in.ref
	fs := &FactSheet{Municipality: m, Name: municipalityName(m), Period: d.Period.Label(), AsOf: d.AsOf.String(),
		Reference: ref, ReferenceName: municipalityName(ref), Peers: []int{}, PeerNames: []string{}}
	if ns, ok := peers.Of(m); ok {
		for _, n := range ns {
			fs.Peers = append(fs.Peers, n.Municipality)
			fs.PeerNames = append(fs.PeerNames, municipalityName(n.Municipality))
		}
	}
	get := func(x int, g pejling.BenefitGroup, id string) float64 {
		if val, ok := d.Current.Get(x, g, id); ok {
			return val
		}
		return math.NaN()
	}
	mean := func(id string) float64 {
		var sum float64
		n := 0
		for _, x := range fs.Peers {
			if v := get(x, "", id); !math.IsNaN(v) {
				sum, n = sum+v, n+1
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	}

	// Headline figures, with the rank among the municipality and its peers.
	circle := append([]int{m}, fs.Peers...)
	for _, id := range factHeadline {
		v, pm := get(m, "", id), mean(id)
		f := FactFigure{Figure: id, Value: jnum(v), Reference: jnum(get(ref, "", id)), PeersMean: jnum(pm), Country: jnum(get(0, "", id))}
		if info, err := benchmark.Figure(id); err == nil {
			if !math.IsNaN(v) && !math.IsNaN(pm) && pm != 0 {
				rel := (v - pm) / math.Abs(pm)
				if !info.HigherIsBetter {
					rel = -rel
				}
				fs.verdicts = append(fs.verdicts, verdict{id, rel, v, pm})
				if rel > 0.005 {
					f.Verdict = "better"
				} else if rel < -0.005 {
					f.Verdict = "worse"
				}
			}
			f.Rank, f.Of = rankAmong(d.Current, circle, id, info.HigherIsBetter)
		}
		fs.Headline = append(fs.Headline, f)
	}

	// Company placements by benefit group and by type, as shares of the total.
	total, refTotal := get(m, "", figures.PlacementsStarted), get(ref, "", figures.PlacementsStarted)
	share := func(n, of float64) jnum {
		if of == 0 {
			return jnum(math.NaN())
		}
		return jnum(n / of)
	}
	for _, g := range pejling.BenefitGroups {
		n := get(m, g, figures.PlacementsStarted)
		if math.IsNaN(n) || n == 0 {
			continue
		}
		fs.ByGroup = append(fs.ByGroup, FactShare{Key: string(g), Count: jnum(n), Share: share(n, total),
			RefShare: share(get(ref, g, figures.PlacementsStarted), refTotal)})
	}
	for _, t := range factPlacementTypes {
		n := get(m, "", t.id)
		fs.ByType = append(fs.ByType, FactShare{Key: t.id, Count: jnum(n), Share: share(n, total), RefShare: share(get(ref, "", t.id), refTotal)})
	}

	// Activation, coverage and placements' share of activation per group.
	for _, g := range pejling.BenefitGroups {
		persons := get(m, g, figures.FullTimePersons)
		if math.IsNaN(persons) || persons == 0 {
			continue
		}
		fs.Groups = append(fs.Groups, FactGroup{Group: g, FullTimePersons: jnum(persons),
			Activation: jnum(get(m, g, figures.ActivationRate)), ActivationRef: jnum(get(ref, g, figures.ActivationRate)),
			Coverage: jnum(get(m, g, figures.CoverageRate)), CoverageRef: jnum(get(ref, g, figures.CoverageRate)),
			PlacementShare: jnum(get(m, g, figures.PlacementShareOfActivation)), PlacementShareRef: jnum(get(ref, g, figures.PlacementShareOfActivation))})
	}

	// Operating cost per full-time person (1,000 kr.), when expenditure is loaded.
	if es, ok := s.Bench.(ExpenditureStore); ok {
		exp, err := es.ReadExpenditure(ctx)
		if err != nil {
			return nil, err
		}
		cost := benchmark.OperatingCost(exp, d.Current, d.Period.First.Year(), pejling.AccountJobcentreOperations)
		if c, ok := cost[m]; ok {
			of := func(x int) jnum {
				if v, ok := cost[x]; ok {
					return jnum(v)
				}
				return jnum(math.NaN())
			}
			var sum float64
			n := 0
			for _, x := range fs.Peers {
				if v, ok := cost[x]; ok {
					sum, n = sum+v, n+1
				}
			}
			pm := math.NaN()
			if n > 0 {
				pm = sum / float64(n)
			}
			fs.OperatingCost = &FactFigure{Figure: "operating_cost_per_full_time_person_tkr", Value: jnum(c), Reference: of(ref), PeersMean: jnum(pm), Country: jnum(math.NaN())}
		}
	}

	// The overall rank among the peers: the mean of the ranks on the rank figures.
	if overall, err := benchmark.Rank(d.Current, nil, circle, benchmark.DefaultRankFigures, "", nil); err == nil {
		for _, x := range overall.Rows {
			if x.OverallRank > 0 {
				fs.PeerOf++
			}
			if x.Municipality == m {
				fs.PeerRank = x.OverallRank
			}
		}
	}
	fs.Conclusions = factConclusions(l, fs, d)
	return fs, nil
}

// formatFactsheet writes the fact sheet in the page's language.
func formatFactsheet(p page, fs *FactSheet, in factsheetInput) *factsheetPage {
	l, d := p.Lang, in.e.data
	mu, _ := dk.MunicipalityByCode(fs.Municipality)
	pg := &factsheetPage{page: p, Municipality: mu, PeriodLabel: fs.Period, AsOf: l.Date(d.AsOf),
		PeerNames: strings.Join(fs.PeerNames, ", "), PeerRank: fs.PeerRank, PeerOf: fs.PeerOf, Conclusions: fs.Conclusions, Tables: factsheetTables}
	pg.Title = l.Pick("Faktaark", "Fact sheet") + " · " + mu.Name
	pg.Reference, _ = dk.MunicipalityByCode(fs.Reference)
	for i := len(d.Held) - 1; i >= 0; i-- {
		if h := d.Held[i]; h.Last <= d.AsOf && benchmark.IsYear(h) || h == d.Period {
			pg.Periods = append(pg.Periods, option{h.Label(), h.Label(), h == d.Period})
		}
	}
	for _, x := range dk.Municipalities() {
		if x.Code != fs.Municipality {
			pg.References = append(pg.References, option{strconv.Itoa(x.Code), x.Name, x.Code == fs.Reference})
		}
	}
	fv := func(id string, v jnum) string { return l.FigureValue(id, float64(v)) }
	pct := func(v jnum) string {
		if math.IsNaN(float64(v)) {
			return "–"
		}
		return l.Percent(float64(v), 0)
	}
	for _, f := range fs.Headline {
		row := factRow{ID: f.Figure, Name: l.Figure(f.Figure), Value: fv(f.Figure, f.Value), Reference: fv(f.Figure, f.Reference),
			Peers: fv(f.Figure, f.PeersMean), Country: fv(f.Figure, f.Country), Verdict: f.Verdict}
		if f.Rank > 0 {
			row.Rank = fmt.Sprintf("%d %s %d", f.Rank, l.Pick("af", "of"), f.Of)
		}
		pg.Headline = append(pg.Headline, row)
	}
	var bars []chart.Bar
	for _, x := range fs.ByGroup {
		g := pejling.BenefitGroup(x.Key)
		pg.ByGroup = append(pg.ByGroup, shareRow{Name: l.Group(g), Count: l.Number(float64(x.Count), 0), Share: pct(x.Share), RefShare: pct(x.RefShare)})
		if !math.IsNaN(float64(x.Share)) {
			bars = append(bars, chart.Bar{Label: l.Group(g), Value: float64(x.Share)})
		}
	}
	if len(bars) > 0 {
		c := chart.Bars{Title: l.Pick("Andel af kommunens virksomhedsplaceringer", "Share of the municipality's company placements"),
			Bars: bars, Width: 560, Format: func(x float64) string { return l.Percent(x, 0) }}
		pg.ByGroupChart = template.HTML(c.SVG()) // chart escapes every text it draws
	}
	for i, x := range fs.ByType {
		t := factPlacementTypes[i]
		pg.ByType = append(pg.ByType, shareRow{Name: l.Pick(t.da, t.en), Count: l.Number(float64(x.Count), 0), Share: pct(x.Share), RefShare: pct(x.RefShare)})
	}
	for _, g := range fs.Groups {
		pg.Groups = append(pg.Groups, groupRow{Name: l.Group(g.Group), Persons: l.Number(float64(g.FullTimePersons), 0),
			Activation: fv(figures.ActivationRate, g.Activation), ActivationRef: fv(figures.ActivationRate, g.ActivationRef),
			Coverage: fv(figures.CoverageRate, g.Coverage), CoverageRef: fv(figures.CoverageRate, g.CoverageRef),
			PlacementShare: fv(figures.PlacementShareOfActivation, g.PlacementShare), PlacementShareRef: fv(figures.PlacementShareOfActivation, g.PlacementShareRef)})
	}
	if c := fs.OperatingCost; c != nil {
		money := func(v jnum) string {
			if math.IsNaN(float64(v)) {
				return "–"
			}
			return l.Number(float64(v), 1)
		}
		pg.Cost = factRow{Name: l.Pick("Driftsudgift pr. fuldtidsperson (1.000 kr.)", "Operating cost per full-time person (DKK 1,000)"),
			Value: money(c.Value), Reference: money(c.Reference), Peers: money(c.PeersMean)}
	}
	return pg
}

// rankAmong is m's (the first's) rank on figure id among ms (1 is best), and how many
// have a value.
func rankAmong(v benchmark.Values, ms []int, id string, higherIsBetter bool) (int, int) {
	mine, ok := v.Get(ms[0], "", id)
	if !ok || math.IsNaN(mine) {
		return 0, 0
	}
	rank, of := 1, 0
	for _, x := range ms {
		val, ok := v.Get(x, "", id)
		if !ok || math.IsNaN(val) {
			continue
		}
		of++
		if (higherIsBetter && val > mine) || (!higherIsBetter && val < mine) {
			rank++
		}
	}
	return rank, of
}

// verdict is a headline figure judged against the peers: rel is the relative
// difference to the peers' mean, signed so that > 0 is better.
type verdict struct {
	id       string
	rel      float64
	v, peers float64
}

// factConclusions are the main conclusions in words: the public support rate against
// the peers, the clearest strength and weakness, the placements' change and strongest
// group, and the rank among the peers.
func factConclusions(l locale.Lang, fs *FactSheet, d *benchmark.Data) []string {
	out := []string{}
	for _, v := range fs.verdicts {
		if v.id != figures.PublicSupportRate {
			continue
		}
		diff := 100 * (v.v - v.peers)
		word := l.Pick("lavere", "lower")
		if diff > 0 {
			word = l.Pick("højere", "higher")
		}
		out = append(out, fmt.Sprintf(l.Pick("%s har en offentlig forsørgelsesgrad på %s, %s procentpoint %s end gennemsnittet af de sammenlignelige kommuner (%s).",
			"%s has a public support rate of %s, %s percentage points %s than the mean of its peers (%s)."),
			fs.Name, l.FigureValue(v.id, v.v), l.Number(math.Abs(diff), 1), word, l.FigureValue(v.id, v.peers)))
	}
	sorted := slices.Clone(fs.verdicts)
	slices.SortFunc(sorted, func(a, b verdict) int { return cmpFloat(b.rel, a.rel) })
	if len(sorted) > 0 && sorted[0].rel > 0.05 {
		b := sorted[0]
		out = append(out, fmt.Sprintf(l.Pick("Styrke: %s (%s mod %s hos de sammenlignelige).", "Strength: %s (%s against %s for the peers)."),
			l.Figure(b.id), l.FigureValue(b.id, b.v), l.FigureValue(b.id, b.peers)))
	}
	if n := len(sorted); n > 1 && sorted[n-1].rel < -0.05 {
		w := sorted[n-1]
		out = append(out, fmt.Sprintf(l.Pick("Udfordring: %s (%s mod %s hos de sammenlignelige).", "Challenge: %s (%s against %s for the peers)."),
			l.Figure(w.id), l.FigureValue(w.id, w.v), l.FigureValue(w.id, w.peers)))
	}
	now, ok := d.Current.Get(fs.Municipality, "", figures.PlacementsStarted)
	if ok && !math.IsNaN(now) {
		sentence := fmt.Sprintf(l.Pick("%s virksomhedsplaceringer påbegyndt i %s", "%s company placements started in %s"), l.Number(now, 0), fs.Period)
		if d.Before != nil && d.HasPrevious {
			if before, ok := d.Before.Get(fs.Municipality, "", figures.PlacementsStarted); ok && before > 0 {
				sentence += fmt.Sprintf(l.Pick(", %s mod %s", ", %s against %s"), signedPercent(l, now/before-1), d.Previous.Label())
			}
		}
		if len(fs.ByGroup) > 0 {
			top := slices.MaxFunc(fs.ByGroup, func(a, b FactShare) int { return cmpFloat(float64(a.Count), float64(b.Count)) })
			sentence += fmt.Sprintf(l.Pick("; flest for %s (%s)", "; most for %s (%s)"), l.Group(pejling.BenefitGroup(top.Key)), l.Percent(float64(top.Share), 0))
		}
		out = append(out, sentence+".")
	}
	if fs.PeerRank > 0 {
		out = append(out, fmt.Sprintf(l.Pick("Samlet nr. %d af %d blandt kommunen og dens sammenlignelige kommuner.", "Overall number %d of %d among the municipality and its peers."),
			fs.PeerRank, fs.PeerOf))
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func signedPercent(l locale.Lang, x float64) string {
	s := l.Percent(math.Abs(x), 0)
	if x < 0 {
		return "−" + s
	}
	return "+" + s
}

// renderFactsheetPrint renders the fact sheet as one standalone HTML document, the
// stylesheets inlined, for printing to PDF.
func (s *Server) renderFactsheetPrint(pg *factsheetPage) ([]byte, error) {
	css, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		return nil, err
	}
	fcss, err := staticFS.ReadFile("static/factsheet.css")
	if err != nil {
		return nil, err
	}
	pg.CSS = template.CSS(string(css) + "\n" + string(fcss))
	var b bytes.Buffer
	if err := s.pages["factsheet"].ExecuteTemplate(&b, "standalone", pg); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
