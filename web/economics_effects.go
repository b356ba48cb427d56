package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/sqldb"
)

// The effects page (issue 7): the effect economics per intervention of `pejling
// economics effects` — participants, self-support six months after with its 95 %
// Wilson interval, cost, effect per 100,000 kr. and a recommendation, ranked — and an
// interval chart of the shares against the reference of all activation. The counts
// stream the whole register, so they are computed once per import and selection and
// kept (effectsCache); the costs are read from the store on each request (a small
// table) and priced in by EffectEstimator.Report. The costs come from a cost file that
// an analyst or admin uploads on the page (economics_effects_upload.go); a
// municipality without its own costs uses the national ones (municipality 0).

// effectsParams are the query parameters the page reads; each may be given once.
var effectsParams = []string{"municipality", "from", "to", "format", "saved"}

// effectsMaxYears bounds the years of one selection.
const effectsMaxYears = 10

// effectsChartRows bounds the rows of the interval chart.
const effectsChartRows = 40

// interventionCostStore keeps the uploaded cost files (sqldb.DB implements it).
type interventionCostStore interface {
	ReplaceInterventionCosts(ctx context.Context, up sqldb.InterventionCostUpload, costs []economics.InterventionCost) error
	InterventionCosts(ctx context.Context, municipality int) (sqldb.InterventionCostUpload, []economics.InterventionCost, error)
}

// effectsQuery is what the counts depend on: municipality 0 is all; years 0 take the
// year before as_of's.
type effectsQuery struct{ Municipality, From, To int }

// effectsHandler serves the page with its cache.
type effectsHandler struct {
	s     *Server
	cache *registerCache[effectsQuery, *economics.EffectEstimator]
	limit int64 // bytes of a cost file
}

func newEffectsHandler(s *Server) effectsHandler {
	return effectsHandler{s: s, cache: &registerCache[effectsQuery, *economics.EffectEstimator]{size: 32}, limit: maxCostFileBytes}
}

// estimator returns the counts of q, computed once per import.
func (h effectsHandler) estimator(ctx context.Context, q effectsQuery) (*economics.EffectEstimator, error) {
	st, err := h.s.registerOf()
	if err != nil {
		return nil, err
	}
	return h.cache.get(ctx, st, q, func() (*economics.EffectEstimator, error) {
		return economics.EffectsOfRegister(ctx, st, func(asOf pejling.Date) economics.EffectOptions {
			from, to := q.From, q.To
			if from == 0 {
				from, to = asOf.Year()-1, asOf.Year()-1
			}
			return economics.EffectOptions{AsOf: asOf, Municipality: q.Municipality,
				First: pejling.DateOf(from, time.January, 1), Last: pejling.DateOf(to, time.December, 31)}
		})
	})
}

// effectsRow is one intervention of the table, formatted.
type effectsRow struct {
	Rank, ID, Name, Participants, Spells, Judged, SelfSupported, Share, Interval, Cost, Effect string
	Recommendation, Class, Note                                                                string
	Few                                                                                        bool
	// Progression is the mean change with its interval, "too few" or "–";
	// ProgressionN the measured persons of the persons scored.
	Progression, ProgressionN string
}

// effectsCosts is where the page's costs come from.
type effectsCosts struct {
	Whose, File, By, At, Rows string
}

type effectsPage struct {
	page
	Municipalities []option
	From, To       string
	Problem        string
	Shown          bool
	Name, AsOf     string
	Years          string
	Reference      string
	Median         string
	Rows           []effectsRow
	Chart          template.HTML
	Notes          []string
	Query          template.URL
	Costs          *effectsCosts // nil: no cost file stored
	CanUpload      bool
	UploadFor      string // whose costs an upload replaces
	UploadProblems []string
	Saved          bool
	MaxKB          int64
}

// handlePage shows the form and the effect table of the selection.
func (h effectsHandler) handlePage(w http.ResponseWriter, r *http.Request) {
	s := h.s
	q := r.URL.Query()
	pg := h.newPage(r)
	l := pg.Lang
	fail := func(err error) {
		status := errorStatus[pejling.ErrorCode(err)]
		if status == 0 || status >= 500 || q.Get("format") != "" {
			s.writeError(w, r, err)
			return
		}
		pg.Problem = pejling.ErrorMessage(err)
		s.renderStatus(w, r, "econ_effects", pg, status)
	}
	for _, k := range effectsParams {
		if len(q[k]) > 1 {
			fail(pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once", k, len(q[k])))
			return
		}
	}
	pg.Saved = q.Get("saved") != ""
	format, err := wantsDownload(r)
	if err != nil {
		fail(err)
		return
	}
	muni := q.Get("municipality")
	if muni == "" && pg.User != nil && !pg.User.National() {
		muni = strconv.Itoa(pg.User.Municipality)
	}
	if muni == "" {
		muni = refusionAll
	}
	code, codeOK := dk.LookupMunicipality(muni)
	pg.Municipalities = append(pg.Municipalities, option{refusionAll, l.Pick("Hele landet", "All of Denmark"), muni == refusionAll})
	for _, m := range dk.Municipalities() {
		pg.Municipalities = append(pg.Municipalities, option{strconv.Itoa(m.Code), m.Name, codeOK && m.Code == code})
	}
	sel := effectsQuery{}
	if muni != refusionAll {
		if !codeOK || code == 0 {
			fail(pejling.Errorf(pejling.EINVALID, "municipality %q: no such municipality (a code such as 101, a name, or all)", pejling.Clip(muni)))
			return
		}
		sel.Municipality = code
	}
	pg.From, pg.To = q.Get("from"), q.Get("to")
	costs, err := h.costs(r.Context(), &pg, sel.Municipality)
	if err != nil {
		fail(err)
		return
	}
	// Years: as given, else those of the cost file, else (in estimator) the year
	// before as_of's.
	for _, c := range costs {
		if pg.From == "" && (sel.From == 0 || c.Year < sel.From) {
			sel.From = c.Year
		}
		if pg.To == "" && c.Year > sel.To {
			sel.To = c.Year
		}
	}
	for _, f := range []struct {
		name, value string
		to          *int
	}{{"from", pg.From, &sel.From}, {"to", pg.To, &sel.To}} {
		if f.value == "" {
			continue
		}
		y, err := strconv.Atoi(f.value)
		if err != nil || len(f.value) != 4 || y < 1900 || y > 2100 {
			fail(pejling.Errorf(pejling.EINVALID, "%s %q: give a year as YYYY, 1900–2100", f.name, pejling.Clip(f.value)))
			return
		}
		*f.to = y
	}
	switch {
	case (sel.From == 0) != (sel.To == 0):
		fail(pejling.Errorf(pejling.EINVALID, "from and to: give both years, or neither"))
		return
	case sel.To < sel.From:
		fail(pejling.Errorf(pejling.EINVALID, "to %d is before from %d", sel.To, sel.From))
		return
	case sel.To-sel.From >= effectsMaxYears:
		fail(pejling.Errorf(pejling.EINVALID, "from %d to %d: give at most %d years", sel.From, sel.To, effectsMaxYears))
		return
	}
	e, err := h.estimator(r.Context(), sel)
	if err != nil {
		fail(err)
		return
	}
	opt := e.Options()
	first, last := opt.First.Year(), opt.Last.Year()
	rep := e.Report(costs, first, last)
	if err := h.addProgression(r.Context(), &rep, sel.Municipality); err != nil {
		fail(err)
		return
	}
	if format != "" {
		s.writeTable(w, r, effectsTable(rep), "effects-"+effectsMunicipalityName(sel.Municipality)+"-"+strconv.Itoa(first)+"-"+strconv.Itoa(last), format)
		return
	}
	pg.From, pg.To = strconv.Itoa(first), strconv.Itoa(last)
	pg.Shown, pg.AsOf = true, l.Date(opt.AsOf)
	pg.Name = l.Pick("hele landet", "all of Denmark")
	if sel.Municipality != 0 {
		pg.Name = municipalityName(sel.Municipality)
	}
	pg.Years = pg.From
	if last != first {
		pg.Years += "–" + pg.To
	}
	pg.Query = template.URL(url.Values{"municipality": {effectsMunicipalityName(sel.Municipality)}, "from": {pg.From}, "to": {pg.To}}.Encode())
	pg.fill(rep)
	s.render(w, r, "econ_effects", pg)
}

// newPage starts the page with what every answer shows: the upload form for those
// allowed.
func (h effectsHandler) newPage(r *http.Request) effectsPage {
	pg := effectsPage{page: newPage(r, "econ.eff.title"), MaxKB: h.limit >> 10}
	if u := pg.User; u != nil && u.CanImport() {
		pg.CanUpload = true
		pg.UploadFor = pg.Lang.Pick("hele landet (nationale omkostninger)", "all of Denmark (national costs)")
		if !u.National() {
			pg.UploadFor = municipalityName(u.Municipality)
		}
	}
	return pg
}

// costs reads the stored costs of the municipality, else the national ones; none
// stored is no error.
func (h effectsHandler) costs(ctx context.Context, pg *effectsPage, municipality int) ([]economics.InterventionCost, error) {
	st, ok := h.s.Imports.(interventionCostStore)
	if !ok || h.s.Imports == nil {
		return nil, nil
	}
	for _, m := range []int{municipality, 0} {
		up, costs, err := st.InterventionCosts(ctx, m)
		if pejling.ErrorCode(err) == pejling.ENOTFOUND {
			if m == 0 {
				break
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		l := pg.Lang
		whose := l.Pick("nationale", "national")
		if m != 0 {
			whose = municipalityName(m)
		}
		pg.Costs = &effectsCosts{Whose: whose, File: up.FileName, By: up.UserName,
			At:   l.Date(pejling.DateOf(up.UploadedAt.Year(), up.UploadedAt.Month(), up.UploadedAt.Day())) + " " + up.UploadedAt.Format("15:04") + " UTC",
			Rows: l.Number(float64(up.Rows), 0)}
		return costs, nil
	}
	return nil, nil
}

// addProgression puts the progression measured during each intervention into the
// report (economics.EffectReport.AddProgression), from the progression scores of the
// selection's municipality or, for all of Denmark, of every municipality — the same
// as pejling economics effects. Aggregates only: groups of fewer than
// employer.MinGroupSize measured persons are "too few". Without a progression store
// the report keeps its note that progression is not available.
func (h effectsHandler) addProgression(ctx context.Context, rep *economics.EffectReport, municipality int) error {
	st := h.s.Progression
	if st == nil {
		return nil
	}
	codes := []int{municipality}
	if municipality == 0 {
		codes = codes[:0]
		for _, m := range dk.Municipalities() {
			codes = append(codes, m.Code)
		}
	}
	var scores []pejling.ProgressionScore
	var focus []pejling.FocusThemes
	for _, m := range codes {
		s, err := st.FindAllProgressionScores(ctx, m)
		if err != nil {
			return err
		}
		f, err := st.FindAllFocusThemes(ctx, m)
		if err != nil {
			return err
		}
		scores, focus = append(scores, s...), append(focus, f...)
	}
	return rep.AddProgression(scores, focus, progCatalogue)
}

// fill formats the report: the rows, the chart and the notes.
func (pg *effectsPage) fill(rep economics.EffectReport) {
	l := pg.Lang
	share := func(s economics.EffectShare) (string, string) {
		if !s.Valid {
			return "–", "–"
		}
		return l.Percent(s.Share, 1), l.Number(s.Lower*100, 0) + "–" + l.Percent(s.Upper, 0)
	}
	ref := rep.Reference
	if ref.Valid {
		v, ci := share(ref)
		pg.Reference = v + " [" + ci + "], " + l.Number(float64(ref.SelfSupported), 0) + " / " + l.Number(float64(ref.Judged), 0)
	} else {
		pg.Reference = "–"
	}
	pg.Median = "–"
	if rep.MedianValid {
		pg.Median = l.Number(rep.MedianEffect, 2)
	}
	ch := chart.Intervals{Title: l.Pick("Selvforsørgelse 6 måneder efter: andel med 95 %-interval; streg = reference (al aktivering)",
		"Self-support 6 months after: share with 95 % interval; tick = reference (all activation)"),
		Format: func(v float64) string { return l.Percent(v, 0) }}
	nan := func(ok bool, v float64) float64 {
		if !ok {
			return math.NaN()
		}
		return v
	}
	if ref.Valid {
		ch.Rows = append(ch.Rows, chart.Interval{Label: l.Pick("Al aktivering", "All activation"), Actual: ref.Share, Expected: ref.Share, Lower: ref.Lower, Upper: ref.Upper})
	}
	for _, x := range rep.Interventions {
		s := x.SelfSupport
		v, ci := share(s)
		row := effectsRow{Rank: strconv.Itoa(x.Rank), ID: x.InterventionID, Name: x.Name, Participants: l.Number(float64(x.Participants), 0),
			Spells: l.Number(float64(x.Spells), 0), Judged: l.Number(float64(s.Judged), 0), SelfSupported: l.Number(float64(s.SelfSupported), 0),
			Share: v, Interval: ci, Cost: "–", Effect: "–", Recommendation: pg.T("econ.eff.rec." + x.Recommendation),
			Class: effectsClass[x.Recommendation], Note: x.Note, Few: s.Judged < economics.EffectMinJudged}
		if x.CostKnown {
			row.Cost = kr(l, x.CostDKK)
		}
		if x.EffectValid {
			row.Effect = l.Number(x.EffectPer100k, 2)
		}
		row.Progression = "–"
		if p := x.Progression; p != nil {
			row.ProgressionN = l.Number(float64(p.N), 0) + " / " + l.Number(float64(p.Persons), 0)
			row.Progression = pg.T("econ.eff.progfew")
			if !p.TooFew {
				row.Progression = progSigned(l, p.MeanChange, 2) + " [" + progSigned(l, p.Lower, 1) + l.Pick("; ", ", ") + progSigned(l, p.Upper, 1) + "]"
			}
		}
		pg.Rows = append(pg.Rows, row)
		if s.Valid && len(ch.Rows) < effectsChartRows {
			label := x.InterventionID
			if row.Few {
				label += " *"
			}
			ch.Rows = append(ch.Rows, chart.Interval{Label: label, Actual: s.Share, Expected: nan(ref.Valid, ref.Share), Lower: s.Lower, Upper: s.Upper,
				Highlight: ref.Valid && (s.Lower > ref.Share || s.Upper < ref.Share)})
		}
	}
	if len(ch.Rows) > 0 {
		pg.Chart = template.HTML(ch.SVG())
	}
	pg.Notes = rep.Notes
}

// effectsClass is the CSS class of each recommendation.
var effectsClass = map[string]string{economics.EffectExpand: "rec-expand", economics.EffectKeep: "rec-keep",
	economics.EffectReview: "rec-review", economics.EffectClose: "rec-close", economics.EffectTooFew: "rec-few"}

func effectsMunicipalityName(m int) string {
	if m == 0 {
		return refusionAll
	}
	return strconv.Itoa(m)
}

// effectsTable is the report as a file, with the columns of `pejling economics effects
// --format csv` (the reference last, without a rank).
func effectsTable(r economics.EffectReport) export.Table {
	num := func(n string, d int) export.Column { return export.Column{Name: n, Kind: export.Number, Decimals: d} }
	integer := func(n string) export.Column { return export.Column{Name: n, Kind: export.Integer} }
	t := export.Table{Title: "Effects " + strconv.Itoa(r.FirstYear) + "-" + strconv.Itoa(r.LastYear), Columns: []export.Column{integer("rank"),
		{Name: "intervention_id"}, {Name: "name"}, integer("participants"), integer("spells"), integer("judged_spells"),
		integer("self_supported_spells"), integer("self_supported_persons"), num("self_support_share", 4), num("share_lower", 4),
		num("share_upper", 4), num("cost_dkk", 2), num("effect_per_100000_dkk", 4), integer("progression_persons"),
		integer("progression_measured"), num("progression_change", 4), num("progression_lower", 4), num("progression_upper", 4),
		{Name: "recommendation"}, {Name: "note"}}}
	opt := func(v float64, ok bool) any {
		if !ok {
			return nil
		}
		return v
	}
	row := func(rank any, x economics.InterventionEffect) []any {
		s := x.SelfSupport
		prog := []any{nil, nil, nil, nil, nil}
		if p := x.Progression; p != nil {
			prog = []any{p.Persons, p.N, opt(p.MeanChange, !p.TooFew), opt(p.Lower, !p.TooFew), opt(p.Upper, !p.TooFew)}
		}
		return slices.Concat([]any{rank, x.InterventionID, x.Name, x.Participants, x.Spells, s.Judged, s.SelfSupported, x.SelfSupportedPersons,
			opt(s.Share, s.Valid), opt(s.Lower, s.Valid), opt(s.Upper, s.Valid), opt(x.CostDKK, x.CostKnown),
			opt(x.EffectPer100k, x.EffectValid)}, prog, []any{x.Recommendation, x.Note})
	}
	for _, x := range r.Interventions {
		t.Rows = append(t.Rows, row(x.Rank, x))
	}
	t.Rows = append(t.Rows, row(nil, economics.InterventionEffect{InterventionID: "all", Name: "all activation (reference)",
		Participants: r.RefPersons, Spells: r.RefSpells, SelfSupport: r.Reference}))
	return t
}
