package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

// Matching on the pages: the slots that fit a citizen best (on the profile page) and
// the citizens that fit a slot best, GET /jobboers/{id}/kandidater. Both rank with
// employer's default weights, and each row explains every component of its score in
// the page's language (employer.Reason.Text).
//
// The candidates are citizens, so the page writes a read record for each one it shows,
// before showing them, with a fixed purpose (candidatePurpose) naming the slot: the
// list is reached from the placement bank, as the slot's page is, which records its
// reservations' citizens the same way (slot_page.go).

// The most matches a page lists, and the most slots matched against.
const (
	maxMatches    = 20
	maxMatchSlots = 1000
)

// candidatePurpose is the purpose recorded for the citizens of a candidate list.
const candidatePurpose = "matchning: kandidater til en plads i jobbørsen"

// matchRow is one ranked match with its explanation.
type matchRow struct {
	Rank       int
	ID         string // the vacancy's id ("slot:12") or the person id
	Title      string // the slot's title, or the person id
	Link       string // to the slot (to reserve) or to the citizen's profile
	Company    string
	Score      string
	Parts      []matchPart
	Occupation string
	Free       int
}

type matchPart struct {
	Name, Points, Text string
}

// matchRowOf renders m for the page.
func matchRowOf(pg page, rank int, m employer.Match) matchRow {
	row := matchRow{Rank: rank, Score: pg.Lang.Number(m.Score, 1)}
	for _, p := range m.Parts {
		row.Parts = append(row.Parts, matchPart{Name: pg.T("prof.comp." + string(p.Component)), Points: pg.Lang.Number(p.Points, 1),
			Text: p.Reason.Text(string(pg.Lang))})
	}
	return row
}

// bestSlots ranks the municipality's slots open today with a free place for the
// profile, and returns the best with the number of slots ranked.
func (s *Server) bestSlots(r *http.Request, municipality int, p pejling.Profile, pg page) ([]matchRow, int, error) {
	now := s.now()
	hits, err := s.Slots.FindSlots(r.Context(), sqldb.SlotFilter{Municipality: municipality, ActiveOn: pejling.UTCDay(now),
		HasFreePlace: true, At: now, Limit: maxMatchSlots})
	if err != nil {
		return nil, 0, err
	}
	vs := make([]pejling.Vacancy, len(hits))
	byID := map[string]*sqldb.SlotHit{}
	for i := range hits {
		vs[i] = hits[i].Vacancy()
		byID[vs[i].ID] = &hits[i]
	}
	names := slotCompanyNames{s: s.Slots, municipality: municipality, known: map[string]string{}}
	var rows []matchRow
	for i, m := range employer.BestVacancies(p, vs, maxMatches, employer.DefaultMatchWeights()) {
		h := byID[m.VacancyID]
		row := matchRowOf(pg, i+1, m)
		row.ID, row.Title, row.Link = m.VacancyID, h.Title, "/jobboers/"+strconv.FormatInt(h.ID, 10)
		row.Company, row.Occupation, row.Free = names.name(r.Context(), h.CVR), h.Occupation, h.Free
		rows = append(rows, row)
	}
	return rows, len(hits), nil
}

// bestOrders ranks the municipality's open job orders that can be matched (an
// occupation and a place given) for the profile, and returns the best with the number
// ranked; none without an order store.
func (s *Server) bestOrders(r *http.Request, municipality int, p pejling.Profile, pg page) ([]matchRow, int, error) {
	if s.Orders == nil {
		return nil, 0, nil
	}
	orders, err := s.Orders.FindJobOrdersOf(r.Context(), municipality, true)
	if err != nil {
		return nil, 0, err
	}
	var vs []pejling.Vacancy
	byID := map[string]*pejling.JobOrder{}
	for i := range orders {
		if o := &orders[i]; o.Requirements.Matchable() {
			v := o.Vacancy()
			vs, byID[v.ID] = append(vs, v), o
		}
	}
	var names func(string) string
	if s.Slots != nil {
		n := slotCompanyNames{s: s.Slots, municipality: municipality, known: map[string]string{}}
		names = func(cvr string) string { return n.name(r.Context(), cvr) }
	} else {
		names = func(cvr string) string { return "CVR " + cvr }
	}
	var rows []matchRow
	for i, m := range employer.BestVacancies(p, vs, maxMatches, employer.DefaultMatchWeights()) {
		o := byID[m.VacancyID]
		row := matchRowOf(pg, i+1, m)
		row.ID, row.Title, row.Link = m.VacancyID, o.Title, "/ordrer/"+strconv.FormatInt(o.ID, 10)
		row.Company, row.Occupation = names(o.CVR), o.Requirements.Occupation
		rows = append(rows, row)
	}
	return rows, len(vs), nil
}

type candidatesPage struct {
	page
	Slot       *pejling.Slot
	SlotLink   string
	Company    string
	Hours      string
	Education  string
	Skills     string
	Profiles   int
	Candidates []matchRow
}

// handleCandidates lists the citizens of the municipality whose profiles match a slot
// best; a slot of another municipality is not found.
func (s *Server) handleCandidates(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	ctx := r.Context()
	id, err := slotID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	slot, err := s.Slots.FindSlot(ctx, u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	profiles, err := s.Profiles.FindProfiles(ctx, u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := candidatesPage{page: newPage(r, "prof.candtitle"), Slot: slot, SlotLink: "/jobboers/" + strconv.FormatInt(id, 10),
		Profiles: len(profiles)}
	pg.Title = pg.T("prof.candtitle") + ": " + slot.Title
	pg.Company = (slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}).name(ctx, slot.CVR)
	pg.Hours, pg.Education = slotHours(pg.Lang, slot.HoursPerWeek), iscedName(pg.Lang, slot.MinEducation)
	for i, k := range slot.Skills {
		if i > 0 {
			pg.Skills += ", "
		}
		pg.Skills += k
	}
	matches := employer.NewIndex(profiles).BestCandidates(slot.Vacancy(), maxMatches, employer.DefaultMatchWeights())
	for i, m := range matches {
		if err := s.audit(r, pejling.AuditRead, m.PersonID, fmt.Sprintf("slot %d: candidate ranked %d", id, i+1), candidatePurpose); err != nil {
			s.writeError(w, r, err)
			return
		}
		row := matchRowOf(pg.page, i+1, m)
		row.ID, row.Title = m.PersonID, m.PersonID
		row.Link = "/profiler/" + url.PathEscape(m.PersonID) + "?" + url.Values{"purpose": {candidatePurpose}}.Encode()
		pg.Candidates = append(pg.Candidates, row)
	}
	s.render(w, r, "profile_candidates", pg)
}
