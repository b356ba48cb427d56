package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/sqldb"
)

// PersonStore reads individual-level data for the citizen pages (sqldb.DB implements
// it). Only the PersonData routes use it, and each read is audited first.
type PersonStore interface {
	FindPerson(ctx context.Context, id string) (*pejling.Person, error)
	SearchPersons(ctx context.Context, s sqldb.PersonSearch) ([]sqldb.PersonHit, error)
}

// The purpose of a look-up: the task or case it serves, which the audit record keeps
// (the Danish Data Protection Agency's logging guidance). Required, 3–200 characters.
const (
	minPurpose = 3
	maxPurpose = 200
)

// purposeOf returns the purpose given with r, or a message key saying what is wrong
// with it.
func purposeOf(r *http.Request) (string, string) {
	p := strings.TrimSpace(r.URL.Query().Get("purpose"))
	switch n := utf8.RuneCountInString(p); {
	case n == 0:
		return "", ""
	case n < minPurpose || n > maxPurpose || !utf8.ValidString(p) || strings.ContainsFunc(p, func(r rune) bool { return r < ' ' }):
		return "", "person.badpurpose"
	}
	return p, ""
}

type personsPage struct {
	page
	Purpose, Problem string
	ID, Group, On    string
	Groups           []option
	Searched         bool
	Hits             []personHit
}

type personHit struct {
	ID, Link, Group, Start, End string
}

// handlePersonSearch lists the persons of the user's municipality that match the
// criteria. Nothing is searched without a purpose, and every search writes an audit
// record with its criteria before anything is shown.
func (s *Server) handlePersonSearch(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	q := r.URL.Query()
	pg := personsPage{page: newPage(r, "persons.title"), ID: q.Get("id"), Group: q.Get("group"), On: q.Get("on")}
	pg.Groups = groupOptions(pg.Lang, pg.Group, true)
	purpose, problem := purposeOf(r)
	pg.Purpose, pg.Problem = purpose, problem
	if problem != "" || purpose == "" || s.Persons == nil {
		if problem == "" && (pg.ID != "" || pg.Group != "" || pg.On != "") {
			pg.Problem = "person.needpurpose"
		}
		s.renderStatus(w, r, "persons", pg, problemStatus(pg.Problem))
		return
	}
	search := sqldb.PersonSearch{Municipality: u.Municipality, IDPrefix: pg.ID, Limit: 200}
	if pg.ID != "" {
		if f := importer.PersonIDFault(pg.ID); f != "" {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "id %q: %s", pejling.Clip(pg.ID), f))
			return
		}
	}
	if pg.Group != "" {
		g := pejling.BenefitGroup(pg.Group)
		if !g.Valid() {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "unknown benefit group %q", pejling.Clip(pg.Group)))
			return
		}
		search.Group = g
	}
	if pg.On != "" {
		d, err := pejling.ParseDate(pg.On)
		if err != nil {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "date %q: use YYYY-MM-DD", pejling.Clip(pg.On)))
			return
		}
		search.On = d
	}
	criteria := fmt.Sprintf("municipality=%d id=%q group=%q on=%q", u.Municipality, pg.ID, pg.Group, pg.On)
	if err := s.audit(r, pejling.AuditSearch, "", criteria, purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	hits, err := s.Persons.SearchPersons(r.Context(), search)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg.Searched = true
	for _, h := range hits {
		pg.Hits = append(pg.Hits, personHit{ID: h.ID, Link: "/borgere/" + h.ID + "?purpose=" + url.QueryEscape(purpose),
			Group: pg.Lang.Group(h.Group), Start: pg.Lang.Date(h.Start), End: endDate(pg.Lang, h.End)})
	}
	s.render(w, r, "persons", pg)
}

type personPage struct {
	page
	ID, Purpose, Problem string
	Municipality         string
	Benefit              []spellRow
	Activation           []spellRow
	Employment           []spellRow
}

type spellRow struct {
	Start, End, What, Detail string
}

// handlePerson shows one person's spells in the user's municipality, and the person's
// employment. Without a purpose it only asks for one. A person with no spell in the
// user's municipality is "not found" — whether the person exists elsewhere is not told
// — and the attempt is audited as a search by id; a person shown is audited as a read,
// before the page is sent.
func (s *Server) handlePerson(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id := r.PathValue("id")
	if f := importer.PersonIDFault(id); f != "" {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "id %q: %s", pejling.Clip(id), f))
		return
	}
	pg := personPage{page: newPage(r, "person.title"), ID: id}
	purpose, problem := purposeOf(r)
	pg.Purpose, pg.Problem = purpose, problem
	if purpose == "" || s.Persons == nil {
		s.renderStatus(w, r, "person", pg, problemStatus(problem))
		return
	}
	p, err := s.Persons.FindPerson(r.Context(), id)
	if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
		s.writeError(w, r, err)
		return
	}
	if p == nil || !inMunicipality(p, u.Municipality) {
		if err := s.audit(r, pejling.AuditSearch, "", fmt.Sprintf("id=%q (not shown: no spell in municipality %d)", id, u.Municipality), purpose); err != nil {
			s.writeError(w, r, err)
			return
		}
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no person %q in your municipality", id))
		return
	}
	if err := s.audit(r, pejling.AuditRead, id, "", purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	l := pg.Lang
	pg.Municipality = municipalityName(u.Municipality)
	for _, b := range p.Benefit {
		if b.Municipality == u.Municipality {
			detail := ""
			if b.Fraction < 1 {
				detail = l.Percent(b.Fraction, 0)
			}
			pg.Benefit = append(pg.Benefit, spellRow{l.Date(b.Start), endDate(l, b.End), l.Group(b.Group), detail})
		}
	}
	for _, a := range p.Activation {
		if a.Municipality == u.Municipality {
			detail := l.Number(a.HoursPerWeek, 0) + " t/u"
			if l == locale.English {
				detail = l.Number(a.HoursPerWeek, 0) + " h/wk"
			}
			if a.CVR != "" {
				detail += " · CVR " + a.CVR
			}
			pg.Activation = append(pg.Activation, spellRow{l.Date(a.Start), endDate(l, a.End), string(a.Type), detail})
		}
	}
	for _, e := range p.Employment {
		pg.Employment = append(pg.Employment, spellRow{Start: l.Date(e.Start), End: endDate(l, e.End)})
	}
	s.render(w, r, "person", pg)
}

// inMunicipality reports whether the person has a benefit or activation spell in m:
// the rule for a municipality's staff to see the person.
func inMunicipality(p *pejling.Person, m int) bool {
	for _, b := range p.Benefit {
		if b.Municipality == m {
			return true
		}
	}
	for _, a := range p.Activation {
		if a.Municipality == m {
			return true
		}
	}
	return false
}

func endDate(l locale.Lang, d pejling.Date) string {
	if d == pejling.Forever {
		return "…"
	}
	return l.Date(d)
}

// problemStatus is the status of a form shown again: 400 when something was wrong.
func problemStatus(problem string) int {
	if problem != "" {
		return http.StatusBadRequest
	}
	return http.StatusOK
}

// groupOptions are the choices of a benefit-group select; withAny adds "any group"
// first, with the value "".
func groupOptions(l locale.Lang, selected string, withAny bool) []option {
	var out []option
	if withAny {
		out = append(out, option{"", l.Pick("Alle ydelsesgrupper", "All benefit groups"), selected == ""})
	}
	for _, g := range pejling.BenefitGroups {
		out = append(out, option{string(g), l.Group(g), string(g) == selected})
	}
	return out
}

// municipalityName is the municipality's name, or its code when unknown.
func municipalityName(code int) string {
	if m, ok := dk.MunicipalityByCode(code); ok {
		return m.Name
	}
	return fmt.Sprint(code)
}
