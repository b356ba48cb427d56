package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/locale"
)

// The follow-up page of a business case (issue 7): year by year from the case's first
// year, the realised inflow, duration and saving of the case's target group in a
// municipality against the case's assumptions — the numbers of `pejling economics
// followup` (economics.FollowUp; docs/economics.md "Follow-up"). The case travels in
// the query as on the business case page, with the municipality (default the user's
// own) beside it.
//
// Small numbers. The page shows aggregates, but a target group can be so narrow (an
// intervention id, a match group, a small municipality) that a year's inflow points at
// a few persons. A year whose realised inflow is 1–4 is shown as "fewer than 5" and
// its duration, basis, period counts and realised saving and result are withheld —
// on the page, in its chart and sentences, and in the downloads — and so is the
// realised cumulative saving from that year on, since the difference of two cumulative
// values would give the withheld year back. An inflow of 0 is shown: it points at no one.

const (
	// followUpMinInflow is the smallest realised inflow a year is shown with.
	followUpMinInflow = 5
	// followUpCacheSize is how many follow-ups are kept per import.
	followUpCacheSize = 32
	// followUpMaxQuery bounds the query: a case with a custom staircase and notes fits.
	followUpMaxQuery = 32 << 10
)

// followUpSuppressed reports whether a year's realised figures are withheld.
func followUpSuppressed(y economics.FollowUpYear) bool {
	return y.RealisedInflow >= 1 && y.RealisedInflow < followUpMinInflow
}

// followUpKey is one follow-up: the case (as its canonical query) and the municipality.
type followUpKey struct {
	caseQuery    string
	municipality int
}

type followUpResult struct {
	asOf  pejling.Date
	years []economics.FollowUpYear
}

// followUp returns the follow-up of c in the municipality, computed once per version
// of the register: each computation streams the whole register (seconds on a large one).
func (h followUpHandler) followUp(ctx context.Context, reg economics.RegisterStream, c *economics.BusinessCase, municipality int) (followUpResult, error) {
	key := followUpKey{businessCaseValues(c, "").Encode(), municipality}
	return h.cache.get(ctx, h.s.Imports, key, func() (followUpResult, error) {
		asOf, years, err := economics.FollowUp(ctx, reg, c, municipality)
		return followUpResult{asOf, years}, err
	})
}

// followUpHandler serves the follow-up page with its cache.
type followUpHandler struct {
	s     *Server
	cache *registerCache[followUpKey, followUpResult]
}

func newFollowUpHandler(s *Server) followUpHandler {
	return followUpHandler{s: s, cache: &registerCache[followUpKey, followUpResult]{size: followUpCacheSize}}
}

// fuRow is one year of the page's table, formatted.
type fuRow struct {
	Year                          string
	AssumedInflow, Inflow         string
	AssumedWeeks, Weeks, Basis    string
	BasisLong                     string // Basis in full, for its title
	AssumedSaving, Saving         string
	AssumedCumulative, Cumulative string
	Suppressed, Worse             bool
}

type followUpPage struct {
	page
	Municipalities []option
	FirstYear      string
	Hidden         []option // the case's fields, carried by the form
	CaseQuery      template.URL
	Query          template.URL // the case, municipality and first year, for the downloads
	NoCase         bool
	Problem        string
	Shown          bool
	Name, Muni     string
	AsOf           string
	Partial        bool
	Rows           []fuRow
	Sentences      []string
	DurationChart  template.HTML
	SavingChart    template.HTML
}

// handle shows the follow-up of the case in the query.
func (h followUpHandler) handle(w http.ResponseWriter, r *http.Request) {
	s := h.s
	pg := followUpPage{page: newPage(r, "econ.fu.title")}
	l := pg.Lang
	fail := func(err error) {
		status := errorStatus[pejling.ErrorCode(err)]
		if status == 0 || status >= 500 {
			s.writeError(w, r, err)
			return
		}
		pg.Problem = pejling.ErrorMessage(err)
		s.renderStatus(w, r, "econ_followup", pg, status)
	}
	pg.municipalityOptions(0, false)
	if len(r.URL.RawQuery) > followUpMaxQuery {
		fail(pejling.Errorf(pejling.EINVALID, "query: longer than %d bytes", followUpMaxQuery))
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		fail(pejling.Errorf(pejling.EINVALID, "query: %s", pejling.Clip(err.Error())))
		return
	}
	// The case's fields as given, for the form and the way back to the case.
	raw := url.Values{}
	for _, k := range bcFields {
		if v := q.Get(k); v != "" {
			raw.Set(k, v)
			if k != bcFirstYear {
				pg.Hidden = append(pg.Hidden, option{Value: k, Label: v})
			}
		}
	}
	pg.CaseQuery, pg.FirstYear = template.URL(raw.Encode()), q.Get(bcFirstYear)
	muni := q.Get("municipality")
	if muni == "" && pg.User != nil && !pg.User.National() {
		muni = strconv.Itoa(pg.User.Municipality)
	}
	code, codeOK := dk.LookupMunicipality(muni)
	pg.municipalityOptions(code, codeOK)
	for _, k := range []string{"municipality", "format"} {
		if len(q[k]) > 1 {
			fail(pejling.Errorf(pejling.EINVALID, "%s: given %d times", k, len(q[k])))
			return
		}
	}
	if !bcSubmitted(q) {
		pg.NoCase = true
		s.render(w, r, "econ_followup", pg)
		return
	}
	c, err := parseBusinessCaseForm(q)
	if err != nil {
		fail(err)
		return
	}
	if c.FirstYear == 0 {
		fail(bcFieldError(bcFirstYear, "missing; give the calendar year of the case's year 1"))
		return
	}
	if muni == "" {
		fail(pejling.Errorf(pejling.EINVALID, "municipality: choose the municipality to follow the case up in"))
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
	reg, ok := s.Imports.(economics.RegisterStream)
	if s.Imports == nil || !ok {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no register data are served here"))
		return
	}
	res, err := h.followUp(r.Context(), reg, c, code)
	if err != nil {
		fail(err)
		return
	}
	name := c.TargetGroup.Name
	if name == "" {
		name = l.Group(c.TargetGroup.BenefitGroup)
	}
	if format != "" {
		s.writeTable(w, r, followUpTable(name, code, res.years), "followup-"+strconv.Itoa(code)+"-"+name, format)
		return
	}
	caseQuery := businessCaseValues(c, "")
	pg.CaseQuery = template.URL(caseQuery.Encode())
	caseQuery.Set("municipality", strconv.Itoa(code))
	pg.Query = template.URL(caseQuery.Encode())
	pg.Shown, pg.Name, pg.Muni, pg.AsOf = true, name, municipalityName(code), l.Date(res.asOf)
	pg.fill(c, res.years)
	s.render(w, r, "econ_followup", pg)
}

// municipalityOptions lists the municipalities, code selected when ok.
func (pg *followUpPage) municipalityOptions(code int, ok bool) {
	pg.Municipalities = pg.Municipalities[:0]
	for _, m := range dk.Municipalities() {
		pg.Municipalities = append(pg.Municipalities, option{strconv.Itoa(m.Code), m.Name, ok && m.Code == code})
	}
}

// followUpCumulative is the running sum of the years' realised net savings, nil from
// the first year that has none or is withheld.
func followUpCumulative(years []economics.FollowUpYear) (assumed []float64, realised []*float64) {
	var a, r float64
	known := true
	for _, y := range years {
		a += y.AssumedNetSaving
		assumed = append(assumed, a)
		if followUpSuppressed(y) || y.RealisedNetSaving == nil {
			known = false
		}
		if !known {
			realised = append(realised, nil)
			continue
		}
		r += *y.RealisedNetSaving
		v := r
		realised = append(realised, &v)
	}
	return assumed, realised
}

// fill formats the years, the charts and the sentences.
func (pg *followUpPage) fill(c *economics.BusinessCase, years []economics.FollowUpYear) {
	l := pg.Lang
	opt := func(v *float64, f func(float64) string) string {
		if v == nil {
			return "–"
		}
		return f(*v)
	}
	weeks := func(v float64) string { return l.Number(v, 1) }
	krs := func(v float64) string { return kr(l, v) }
	cumA, cumR := followUpCumulative(years)
	n := len(years)
	labels := make([]string, n)
	aw, rw, ac, rc := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, y := range years {
		row := fuRow{Year: strconv.Itoa(y.Year), AssumedInflow: l.Number(y.AssumedInflow, 0), AssumedWeeks: weeks(y.AssumedWeeks),
			AssumedSaving: krs(y.AssumedNetSaving), AssumedCumulative: krs(cumA[i]), Cumulative: opt(cumR[i], krs)}
		if y.Partial {
			row.Year += "*"
			pg.Partial = true
		}
		labels[i], aw[i], ac[i], rw[i], rc[i] = row.Year, y.AssumedWeeks, cumA[i]/1e6, math.NaN(), math.NaN()
		if cumR[i] != nil {
			rc[i] = *cumR[i] / 1e6
		}
		if followUpSuppressed(y) {
			row.Suppressed = true
			row.Inflow, row.Weeks, row.Saving = pg.T("econ.fu.fewer"), "–", "–"
			pg.Sentences = append(pg.Sentences, l.Pick("I "+strconv.Itoa(y.Year)+" kom færre end 5 personer i målgruppen; deres varighed og besparelse vises ikke.",
				"In "+strconv.Itoa(y.Year)+" fewer than 5 persons entered the target group; their duration and saving are not shown."))
			pg.Rows = append(pg.Rows, row)
			continue
		}
		row.Inflow, row.Weeks, row.Saving = l.Number(float64(y.RealisedInflow), 0), opt(y.RealisedWeeks, weeks), opt(y.RealisedNetSaving, krs)
		if y.DurationBasis != "none" {
			row.Basis, row.BasisLong = pg.T("econ.fu.short."+y.DurationBasis), pg.T("econ.fu.basis."+y.DurationBasis)
		}
		if y.RealisedWeeks != nil {
			rw[i] = *y.RealisedWeeks
			row.Worse = *y.RealisedWeeks > y.AssumedWeeks
		}
		pg.Rows = append(pg.Rows, row)
		pg.Sentences = append(pg.Sentences, followUpSentence(l, y, pg.T))
	}
	pg.DurationChart = template.HTML(chart.Line{Title: l.Pick("Varighed i uger: antaget og realiseret", "Duration in weeks: assumed and realised"),
		Labels: labels, ZeroBased: true, Format: weeks, Series: []chart.Series{
			{Name: l.Pick("Antaget", "Assumed"), Values: aw, Dashed: true},
			{Name: l.Pick("Realiseret", "Realised"), Values: rw},
		}}.SVG()) // chart escapes every text it writes
	pg.SavingChart = template.HTML(chart.Line{Title: l.Pick("Akkumuleret nettobesparelse, mio. kr.", "Cumulative net saving, DKK million"),
		Labels: labels, ZeroBased: true, Format: func(v float64) string { return l.Number(v, 1) }, Series: []chart.Series{
			{Name: l.Pick("Antaget", "Assumed"), Values: ac, Dashed: true},
			{Name: l.Pick("Realiseret", "Realised"), Values: rc},
		}}.SVG())
}

// followUpSentence says a year that is shown in words.
func followUpSentence(l locale.Lang, y economics.FollowUpYear, t func(string) string) string {
	year := strconv.Itoa(y.Year)
	inflow := l.Pick("tilgangen var "+l.Number(float64(y.RealisedInflow), 0)+" mod antaget "+l.Number(y.AssumedInflow, 0),
		"the inflow was "+l.Number(float64(y.RealisedInflow), 0)+" against the assumed "+l.Number(y.AssumedInflow, 0))
	var s string
	switch {
	case y.RealisedInflow == 0:
		s = l.Pick("I "+year+" kom ingen i målgruppen (antaget "+l.Number(y.AssumedInflow, 0)+").",
			"In "+year+" no one entered the target group (assumed "+l.Number(y.AssumedInflow, 0)+").")
	case y.RealisedWeeks == nil:
		s = l.Pick("I "+year+" "+inflow+"; ingen forløb er afsluttet endnu, så varigheden kendes ikke.",
			"In "+year+" "+inflow+"; no period has ended yet, so the duration is not known.")
	default:
		s = l.Pick("I "+year+" var den realiserede varighed "+l.Number(*y.RealisedWeeks, 1)+" uger mod de antagne "+l.Number(y.AssumedWeeks, 1)+
			" ("+t("econ.fu.basis."+y.DurationBasis)+"), og "+inflow+"; den realiserede nettobesparelse var "+kr(l, *y.RealisedNetSaving)+
			" kr. mod antaget "+kr(l, y.AssumedNetSaving)+" kr.",
			"In "+year+" the realised duration was "+l.Number(*y.RealisedWeeks, 1)+" weeks against the assumed "+l.Number(y.AssumedWeeks, 1)+
				" ("+t("econ.fu.basis."+y.DurationBasis)+"), and "+inflow+"; the realised net saving was DKK "+kr(l, *y.RealisedNetSaving)+
				" against the assumed DKK "+kr(l, y.AssumedNetSaving)+".")
	}
	if y.Partial {
		s += l.Pick(" Året er ikke slut i data.", " The year is not over in the data.")
	}
	return s
}
