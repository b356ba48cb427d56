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
	Cost                    factRow // operating cost per full-time person; Name "" without expenditure
	PeerRank, PeerOf        int
	Conclusions             []string
	CSS                     template.CSS
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

// factsheetInput is what a fact sheet is computed from: the request's municipality,
// period and reference.
type factsheetInput struct {
	m, ref int
	e      *benchEntry
}

// factsheetRequest reads municipality, period and reference of a fact sheet request.
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
	e, err := s.benchmarkOf(r.Context(), p)
	if err != nil {
		return in, err
	}
	in.m, in.e = code, e
	if v := q.Get("reference"); v != "" {
		ref, ok := dk.LookupMunicipality(v)
		if !ok {
			return in, pejling.Errorf(pejling.EINVALID, "reference %q: no such municipality", pejling.Clip(v))
		}
		if ref == code {
			return in, pejling.Errorf(pejling.EINVALID, "reference: choose another municipality than the one of the fact sheet")
		}
		in.ref = ref
	} else if ps, ok := e.peers.Of(code); ok && len(ps) > 0 {
		in.ref = ps[0].Municipality // the nearest peer
	}
	return in, nil
}

func (s *Server) handleFactsheet(w http.ResponseWriter, r *http.Request) {
	in, err := s.factsheetRequest(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg, err := s.factsheet(r.Context(), newPage(r, "fact.title"), in)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, "factsheet", pg)
}

// factsheet computes the fact sheet of in.
func (s *Server) factsheet(ctx context.Context, p page, in factsheetInput) (*factsheetPage, error) {
	d, peers, m, ref := in.e.data, in.e.peers, in.m, in.ref
	l := p.Lang
	mu, _ := dk.MunicipalityByCode(m)
	pg := &factsheetPage{page: p, Municipality: mu, PeriodLabel: d.Period.Label(), AsOf: l.Date(d.AsOf)}
	pg.Title = l.Pick("Faktaark", "Fact sheet") + " · " + mu.Name
	if ref != 0 {
		pg.Reference, _ = dk.MunicipalityByCode(ref)
	}
	for i := len(d.Held) - 1; i >= 0; i-- {
		if h := d.Held[i]; h.Last <= d.AsOf && benchmark.IsYear(h) || h == d.Period {
			pg.Periods = append(pg.Periods, option{h.Label(), h.Label(), h == d.Period})
		}
	}
	var near []int
	var names []string
	if ns, ok := peers.Of(m); ok {
		for _, n := range ns {
			near = append(near, n.Municipality)
			names = append(names, municipalityName(n.Municipality))
		}
	}
	pg.PeerNames = strings.Join(names, ", ")
	for _, x := range dk.Municipalities() {
		if x.Code != m {
			pg.References = append(pg.References, option{strconv.Itoa(x.Code), x.Name, x.Code == ref})
		}
	}
	get := func(v benchmark.Values, x int, g pejling.BenefitGroup, id string) float64 {
		if v == nil {
			return math.NaN()
		}
		if val, ok := v.Get(x, g, id); ok {
			return val
		}
		return math.NaN()
	}
	mean := func(ms []int, id string) float64 {
		var sum float64
		n := 0
		for _, x := range ms {
			if v := get(d.Current, x, "", id); !math.IsNaN(v) {
				sum, n = sum+v, n+1
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return sum / float64(n)
	}

	// Headline figures, with the rank among the municipality and its peers.
	circle := append([]int{m}, near...)
	var verdicts []verdict
	for _, id := range factHeadline {
		v := get(d.Current, m, "", id)
		row := factRow{ID: id, Name: l.Figure(id), Value: l.FigureValue(id, v), Reference: l.FigureValue(id, get(d.Current, ref, "", id)),
			Peers: l.FigureValue(id, mean(near, id)), Country: l.FigureValue(id, get(d.Current, 0, "", id))}
		if f, err := benchmark.Figure(id); err == nil {
			if pm := mean(near, id); !math.IsNaN(v) && !math.IsNaN(pm) && pm != 0 {
				rel := (v - pm) / math.Abs(pm)
				if !f.HigherIsBetter {
					rel = -rel
				}
				verdicts = append(verdicts, verdict{id, rel, v, pm})
				if rel > 0.005 {
					row.Verdict = "better"
				} else if rel < -0.005 {
					row.Verdict = "worse"
				}
			}
			if rk, of := rankAmong(d.Current, circle, id, f.HigherIsBetter); rk > 0 {
				row.Rank = fmt.Sprintf("%d %s %d", rk, l.Pick("af", "of"), of)
			}
		}
		pg.Headline = append(pg.Headline, row)
	}

	// Company placements by benefit group and by type, as shares of the total.
	total, refTotal := get(d.Current, m, "", figures.PlacementsStarted), get(d.Current, ref, "", figures.PlacementsStarted)
	share := func(n, of float64) string {
		if math.IsNaN(n) || math.IsNaN(of) || of == 0 {
			return "–"
		}
		return l.Percent(n/of, 0)
	}
	var bars []chart.Bar
	for _, g := range pejling.BenefitGroups {
		n := get(d.Current, m, g, figures.PlacementsStarted)
		if math.IsNaN(n) || n == 0 {
			continue
		}
		pg.ByGroup = append(pg.ByGroup, shareRow{Name: l.Group(g), Count: l.Number(n, 0), Share: share(n, total),
			RefShare: share(get(d.Current, ref, g, figures.PlacementsStarted), refTotal)})
		if total > 0 {
			bars = append(bars, chart.Bar{Label: l.Group(g), Value: n / total})
		}
	}
	if len(bars) > 0 {
		c := chart.Bars{Title: l.Pick("Andel af kommunens virksomhedsplaceringer", "Share of the municipality's company placements"),
			Bars: bars, Width: 560, Format: func(x float64) string { return l.Percent(x, 0) }}
		pg.ByGroupChart = template.HTML(c.SVG()) // chart escapes every text it draws
	}
	for _, t := range factPlacementTypes {
		n := get(d.Current, m, "", t.id)
		pg.ByType = append(pg.ByType, shareRow{Name: l.Pick(t.da, t.en), Count: l.Number(n, 0), Share: share(n, total),
			RefShare: share(get(d.Current, ref, "", t.id), refTotal)})
	}

	// Activation, coverage and placements' share of activation per group.
	for _, g := range pejling.BenefitGroups {
		persons := get(d.Current, m, g, figures.FullTimePersons)
		if math.IsNaN(persons) || persons == 0 {
			continue
		}
		fv := func(x int, id string) string { return l.FigureValue(id, get(d.Current, x, g, id)) }
		pg.Groups = append(pg.Groups, groupRow{Name: l.Group(g), Persons: l.Number(persons, 0),
			Activation: fv(m, figures.ActivationRate), ActivationRef: fv(ref, figures.ActivationRate),
			Coverage: fv(m, figures.CoverageRate), CoverageRef: fv(ref, figures.CoverageRate),
			PlacementShare: fv(m, figures.PlacementShareOfActivation), PlacementShareRef: fv(ref, figures.PlacementShareOfActivation)})
	}

	// Operating cost per full-time person (1,000 kr.), when expenditure is loaded.
	if es, ok := s.Bench.(ExpenditureStore); ok {
		exp, err := es.ReadExpenditure(ctx)
		if err != nil {
			return nil, err
		}
		cost := benchmark.OperatingCost(exp, d.Current, d.Period.First.Year(), pejling.AccountJobcentreOperations)
		if c, ok := cost[m]; ok {
			money := func(x int) string {
				if v, ok := cost[x]; ok {
					return l.Number(v, 1)
				}
				return "–"
			}
			var sum float64
			n := 0
			for _, x := range near {
				if v, ok := cost[x]; ok {
					sum, n = sum+v, n+1
				}
			}
			pg.Cost = factRow{Name: l.Pick("Driftsudgift pr. fuldtidsperson (1.000 kr.)", "Operating cost per full-time person (DKK 1,000)"),
				Value: l.Number(c, 1), Reference: money(ref), Peers: "–"}
			if n > 0 {
				pg.Cost.Peers = l.Number(sum/float64(n), 1)
			}
		}
	}

	// The overall rank among the peers: the mean of the ranks on the rank figures.
	if overall, err := benchmark.Rank(d.Current, nil, circle, benchmark.DefaultRankFigures, "", nil); err == nil {
		for _, x := range overall.Rows {
			if x.OverallRank > 0 {
				pg.PeerOf++
			}
			if x.Municipality == m {
				pg.PeerRank = x.OverallRank
			}
		}
	}
	pg.Conclusions = factConclusions(l, pg, verdicts, d, m, near, get)
	return pg, nil
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
// the peers, the clearest strength and weakness, the placements' strongest group and
// their change, and the rank among the peers.
func factConclusions(l locale.Lang, pg *factsheetPage, vs []verdict, d *benchmark.Data, m int, near []int,
	get func(benchmark.Values, int, pejling.BenefitGroup, string) float64) []string {
	var out []string
	name := pg.Municipality.Name
	for _, v := range vs {
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
			name, l.FigureValue(v.id, v.v), l.Number(math.Abs(diff), 1), word, l.FigureValue(v.id, v.peers)))
	}
	sorted := slices.Clone(vs)
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
	now := get(d.Current, m, "", figures.PlacementsStarted)
	before := get(d.Before, m, "", figures.PlacementsStarted)
	if !math.IsNaN(now) {
		sentence := fmt.Sprintf(l.Pick("%s virksomhedsplaceringer påbegyndt i %s", "%s company placements started in %s"), l.Number(now, 0), pg.PeriodLabel)
		if !math.IsNaN(before) && before > 0 && d.HasPrevious {
			sentence += fmt.Sprintf(l.Pick(", %s mod %s", ", %s against %s"), signedPercent(l, now/before-1), d.Previous.Label())
		}
		if len(pg.ByGroup) > 0 {
			top := slices.MaxFunc(pg.ByGroup, func(a, b shareRow) int {
				return cmpFloat(parseShare(a.Share), parseShare(b.Share))
			})
			sentence += fmt.Sprintf(l.Pick("; flest for %s (%s)", "; most for %s (%s)"), strings.ToLower(top.Name), top.Share)
		}
		out = append(out, sentence+".")
	}
	if pg.PeerRank > 0 {
		out = append(out, fmt.Sprintf(l.Pick("Samlet nr. %d af %d blandt kommunen og dens sammenlignelige kommuner.", "Overall number %d of %d among the municipality and its peers."),
			pg.PeerRank, pg.PeerOf))
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

// parseShare reads back a share written by Lang.Percent ("12 %"), for ordering.
func parseShare(s string) float64 {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", "."), 64)
	if err != nil {
		return math.Inf(-1)
	}
	return f
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
