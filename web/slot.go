package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/sqldb"
)

// The placement bank's search page, GET /jobboers, and its form for a new slot, POST
// /jobboers. A place to search from is written as "latitude, longitude": Pejling ships
// no geocoder nor postcode coordinates (dk/ holds municipalities without a centre), so
// a postcode or an address cannot be turned into a point here.

// The search's limits.
const (
	slotSearchMaxText = 200 // runes, as sqldb.FindSlots
	slotDefaultKm     = 25  // the distance when a place is given without one
	slotMaxKm         = 500 // across Denmark
	slotSearchLimit   = 200
)

// slotSearch is the search form as typed, with the problems of its fields.
type slotSearch struct {
	Text, Occupation, Type, Place, Km string
	Free                              bool
	Errors                            map[string]string
}

// Err is the problem of a search field, or "".
func (q slotSearch) Err(field string) string { return q.Errors[field] }

type slotSearchPage struct {
	page
	Search   slotSearch
	Types    []option
	Searched bool
	ByPlace  bool
	Hits     []slotRow
	Form     slotForm // the form for a new slot
	Today    string
}

// slotRow is a slot of the search's list.
type slotRow struct {
	Link, Title, Type, Company, CVR, Occupation, Hours, Free, Distance, Requirements, Active string
	Full, Inactive                                                                           bool
}

// parseSlotSearch reads the search's query into a filter of the municipality.
func parseSlotSearch(l locale.Lang, q url.Values, municipality int) (slotSearch, sqldb.SlotFilter) {
	sq := slotSearch{Errors: map[string]string{}}
	f := sqldb.SlotFilter{Municipality: municipality, Limit: slotSearchLimit}
	get := func(field string) string {
		v, ok := slotSingle(q, field)
		if !ok {
			sq.Errors[field] = l.Pick("Angivet mere end én gang.", "Given more than once.")
		}
		return v
	}
	sq.Text, sq.Occupation, sq.Type, sq.Place, sq.Km = get("q"), get("occupation"), get("type"), get("place"), get("km")
	sq.Free = get("free") != ""
	bad := func(field, da, en string, args ...any) {
		if sq.Errors[field] == "" {
			sq.Errors[field] = fmt.Sprintf(l.Pick(da, en), args...)
		}
	}
	switch n := utf8.RuneCountInString(sq.Text); {
	case !utf8.ValidString(sq.Text) || strings.IndexByte(sq.Text, 0) >= 0:
		bad("q", "Søgeteksten indeholder ugyldige tegn.", "The search text holds invalid characters.")
	case n > slotSearchMaxText:
		bad("q", "Højst %d tegn.", "At most %d characters.", slotSearchMaxText)
	default:
		f.Text = strings.TrimSpace(sq.Text)
	}
	if o := strings.TrimSpace(sq.Occupation); o != "" {
		if len(o) > 4 || strings.Trim(o, "0123456789") != "" {
			bad("occupation", "Starten af en DISCO-08-kode: 1–4 cifre, fx 51.", "The start of a DISCO-08 code: 1–4 digits, e.g. 51.")
		} else {
			f.Occupation = o
		}
	}
	if t := pejling.SlotType(sq.Type); t != "" && !t.Valid() {
		bad("type", "Ukendt type.", "Unknown type.")
	} else {
		f.Type = t
	}
	if p := strings.TrimSpace(sq.Place); p != "" {
		if ll, ok := slotParseLatLon(p); ok {
			f.Near, f.WithinKm = ll, slotDefaultKm
		} else {
			bad("place", "Skriv stedet som breddegrad, længdegrad, fx 56.567, 9.031 (postnumre kan ikke slås op).", "Write the place as latitude, longitude, e.g. 56.567, 9.031 (postcodes cannot be looked up).")
		}
	}
	if k := strings.TrimSpace(sq.Km); k != "" {
		km, ok := slotDecimal(k)
		switch {
		case !ok || km <= 0 || km > slotMaxKm:
			bad("km", "Afstanden skal være over 0 og højst %d km.", "The distance must be above 0 and at most %d km.", slotMaxKm)
		case strings.TrimSpace(sq.Place) == "":
			bad("place", "Angiv et sted at måle afstanden fra.", "Give a place to measure the distance from.")
		case f.WithinKm > 0:
			f.WithinKm = km
		}
	}
	if sq.Free {
		f.HasFreePlace = true
	}
	return sq, f
}

// handleSlotSearch lists the slots of the user's municipality that the filters select.
// A slot shows no citizen, so the search is not audited.
func (s *Server) handleSlotSearch(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	pg := slotSearchPage{page: newPage(r, "slot.title")}
	pg.Form = slotForm{Values: map[string]string{sfFrom: pejling.UTCDay(s.now()).String(), sfHours: "37", sfCapacity: "1"}, Errors: map[string]string{}}
	s.slotSearch(w, r, u, &pg, http.StatusOK)
}

// slotSearch fills the search's list and shows the page with the status (or 400 when
// a filter is wrong).
func (s *Server) slotSearch(w http.ResponseWriter, r *http.Request, u *pejling.User, pg *slotSearchPage, status int) {
	l := pg.Lang
	sq, f := parseSlotSearch(l, r.URL.Query(), u.Municipality)
	pg.Search = sq
	pg.Types = []option{{"", l.Pick("Alle typer", "All types"), sq.Type == ""}}
	for _, o := range (slotForm{Values: map[string]string{sfType: sq.Type}}).Types(l) {
		pg.Types = append(pg.Types, o)
	}
	pg.Today = pejling.UTCDay(s.now()).String()
	if len(sq.Errors) > 0 {
		s.renderStatus(w, r, "slot_search", pg, http.StatusBadRequest)
		return
	}
	now := s.now()
	f.At = now
	if f.HasFreePlace {
		f.ActiveOn = pejling.UTCDay(now)
	}
	hits, err := s.Slots.FindSlots(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg.Searched, pg.ByPlace = true, f.WithinKm > 0
	names := slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}
	today := pejling.UTCDay(now)
	for _, h := range hits {
		row := slotRow{Link: "/jobboers/" + strconv.FormatInt(h.ID, 10), Title: h.Title, Type: slotTypeName(l, h.Type),
			Company: names.name(r.Context(), h.CVR), CVR: h.CVR, Occupation: h.Occupation, Hours: slotHours(l, h.HoursPerWeek),
			Free: fmt.Sprintf("%d / %d", h.Free, h.Capacity), Requirements: slotClip(h.Requirements, 140),
			Active: slotActivePeriod(l, h.Slot), Full: h.Free == 0, Inactive: !h.ActiveOn(today)}
		if pg.ByPlace {
			row.Distance = l.Number(h.DistanceKm, 1) + " km"
		}
		pg.Hits = append(pg.Hits, row)
	}
	s.renderStatus(w, r, "slot_search", pg, status)
}

// handleSlotCreate stores a new slot from the form and shows it; a form with problems
// comes back with them at its fields, and nothing is stored.
func (s *Server) handleSlotCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	pg := slotSearchPage{page: newPage(r, "slot.title")}
	form, err := slotReadForm(w, r, maxSlotForm)
	if err != nil {
		pg.Form = slotForm{Values: map[string]string{}, Errors: map[string]string{}, Problem: pejling.ErrorMessage(err)}
		s.slotSearch(w, r, u, &pg, http.StatusBadRequest)
		return
	}
	f, slot, _ := parseSlotForm(pg.Lang, form, u.Municipality, false)
	pg.Form = f
	if !f.ok() {
		s.slotSearch(w, r, u, &pg, http.StatusBadRequest)
		return
	}
	slot.CreatedBy = u.ID
	if err := s.Slots.CreateSlot(r.Context(), &slot); err != nil {
		if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT {
			pg.Form.Problem = pejling.ErrorMessage(err)
			s.slotSearch(w, r, u, &pg, errorStatus[code])
			return
		}
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobboers/"+strconv.FormatInt(slot.ID, 10), http.StatusSeeOther)
}

// slotCompanyNames finds the names of companies by CVR for one request, each once.
type slotCompanyNames struct {
	s            SlotStore
	municipality int
	known        map[string]string
}

func (c slotCompanyNames) name(ctx context.Context, cvr string) string {
	if n, ok := c.known[cvr]; ok {
		return n
	}
	n := ""
	if rec, err := c.s.FindCompanyRecord(ctx, c.municipality, cvr); err == nil {
		n = rec.Name
	}
	c.known[cvr] = n
	return n
}

// slotHours writes hours per week, with a decimal only when there is one.
func slotHours(l locale.Lang, h float64) string {
	if h == float64(int(h)) {
		return l.Number(h, 0)
	}
	return l.Number(h, 1)
}

func slotTypeName(l locale.Lang, t pejling.SlotType) string {
	if t == pejling.SlotWageSubsidy {
		return l.Pick("Løntilskud", "Wage subsidy")
	}
	return l.Pick("Praktik", "Praktik")
}

func slotActivePeriod(l locale.Lang, s pejling.Slot) string {
	if s.ActiveTo == pejling.Forever {
		return l.Pick("fra ", "from ") + l.Date(s.ActiveFrom)
	}
	return l.Date(s.ActiveFrom) + " – " + l.Date(s.ActiveTo)
}

// slotClip cuts s to at most n characters, marking the cut.
func slotClip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
