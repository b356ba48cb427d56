package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/locale"
)

// The list of placements (what is due first, then the placements by the filter, as a
// page or a CSV file) and the form that makes one, directly or from a confirmed
// reservation of the placement bank.

const maxPlacementForm = 8 << 10

// placementFields are the fields of the create form, in form order.
var placementFields = []string{"person", "type", "cvr", "start", "end", "hours", "group", "intervention", "reservation"}

// placementForm is the create form as typed, with a problem per field.
type placementForm struct {
	Values, Errors map[string]string
	Problem        string
	// FromSlot names the slot a reservation's placement comes from; WageSubsidy is set
	// when the slot is a løntilskud, which gives lts_privat or lts_offentlig.
	FromSlot    string
	Reservation string
}

// placementRow is one placement of the list.
type placementRow struct {
	ID, Person, Type, CVR, Start, End, Phase, Due string
}

// placementReminderRow is one thing due.
type placementReminderRow struct {
	ID, Person, Kind, Due string
}

type placementsPage struct {
	page
	Filter    url.Values
	Phases    []string
	Types     []string
	Groups    []string
	Reminders []placementReminderRow
	Rows      []placementRow
	Form      placementForm
	CSV       string
}

// handlePlacements lists the municipality's placements by the filter (phase, person,
// CVR, due), what is due first; format=csv downloads the list.
func (s *Server) handlePlacements(w http.ResponseWriter, r *http.Request) {
	pg := &placementsPage{page: newPage(r, "pl.title"), Form: placementForm{Values: map[string]string{}, Errors: map[string]string{}}}
	if rid := r.URL.Query().Get("reservation"); rid != "" {
		if err := s.prefillFromReservation(r, pg, rid); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.showPlacements(w, r, pg, http.StatusOK)
}

func (s *Server) showPlacements(w http.ResponseWriter, r *http.Request, pg *placementsPage, status int) {
	u := who(r).User
	l := pg.Lang
	q := r.URL.Query()
	pg.Filter = url.Values{}
	f := pejling.PlacementFilter{Municipality: u.Municipality}
	for _, k := range []string{"phase", "person", "cvr", "due"} {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			pg.Filter.Set(k, v)
		}
	}
	phase := pejling.PlacementPhase(pg.Filter.Get("phase"))
	if phase != "" && !phase.Valid() {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "phase: %q is not a phase of a placement", pejling.Clip(string(phase))))
		return
	}
	f.PersonID, f.CVR = pg.Filter.Get("person"), pg.Filter.Get("cvr")
	lst, err := s.listPlacements(r, f, phase, pg.Filter.Get("due") != "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	today, due, shown := lst.Today, lst.Due, lst.Shown
	persons := map[string]bool{}
	for _, rm := range lst.Reminders {
		p := lst.ByID[rm.PlacementID]
		pg.Reminders = append(pg.Reminders, placementReminderRow{ID: strconv.FormatInt(p.ID, 10), Person: p.PersonID,
			Kind: message(l, "pl.rem."+string(rm.Kind)), Due: l.Date(rm.Due)})
		persons[p.PersonID] = true
	}
	for _, p := range shown {
		row := placementRow{ID: strconv.FormatInt(p.ID, 10), Person: p.PersonID, Type: message(l, "pl.type."+string(p.Type)),
			CVR: p.CVR, Start: l.Date(p.Start), End: l.Date(p.LastDay()), Phase: message(l, "pl.phase."+string(p.Phase(today)))}
		if rm, ok := due[p.ID]; ok {
			row.Due = message(l, "pl.rem."+string(rm.Kind)) + " " + l.Date(rm.Due)
		}
		pg.Rows = append(pg.Rows, row)
		persons[p.PersonID] = true
	}
	format := q.Get("format")
	if format != "" && format != formatCSV && format != formatCSVDa {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "format: %q is neither csv nor csv-da", pejling.Clip(format)))
		return
	}
	// A list of named citizens is a search of personal data: one record per list.
	action := pejling.AuditSearch
	if format != "" {
		action = pejling.AuditExport
	}
	if err := s.audit(r, action, "", fmt.Sprintf("placements %s: %d shown", pg.Filter.Encode(), len(persons)), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		s.writeTable(w, r, placementTable(shown, due, today), "placeringer", format)
		return
	}
	csvQ := url.Values{}
	for k, v := range pg.Filter {
		csvQ[k] = v
	}
	csvQ.Set("format", formatCSV)
	pg.CSV = "/placeringer?" + csvQ.Encode()
	for _, p := range pejling.PlacementPhases() {
		pg.Phases = append(pg.Phases, string(p))
	}
	pg.Types = []string{string(pejling.Praktik), string(pejling.LtsPrivat), string(pejling.LtsOffentlig)}
	pg.Groups = benefitGroupNames()
	s.renderStatus(w, r, "placements", pg, status)
}

func benefitGroupNames() []string {
	var out []string
	for _, g := range pejling.BenefitGroups {
		out = append(out, string(g))
	}
	return out
}

// placementList is what the list of placements shows (the page, its CSV file and
// GET /api/v1/placements): the placements the filter selects and what is due.
type placementList struct {
	Today     pejling.Date
	Shown     []pejling.Placement                 // by the filter (phase, person, CVR, only due)
	ByID      map[int64]pejling.Placement         // every placement read
	Due       map[int64]pejling.PlacementReminder // the first thing due of each placement
	Reminders []pejling.PlacementReminder         // what is due, first first, of the phase
}

// listPlacements reads the municipality's placements by the store's filter (person,
// CVR) and applies the phase and "only due" of the list.
func (s *Server) listPlacements(r *http.Request, f pejling.PlacementFilter, phase pejling.PlacementPhase, dueOnly bool) (placementList, error) {
	ps, err := s.Placements.FindPlacements(r.Context(), f)
	if err != nil {
		return placementList{}, err
	}
	lst := placementList{Today: pejling.UTCDay(s.now()), ByID: map[int64]pejling.Placement{}, Due: map[int64]pejling.PlacementReminder{}}
	reminders := placementPolicy().Reminders(ps, lst.Today)
	for _, rm := range reminders {
		if _, ok := lst.Due[rm.PlacementID]; !ok {
			lst.Due[rm.PlacementID] = rm
		}
	}
	for _, p := range ps {
		lst.ByID[p.ID] = p
		if phase != "" && p.Phase(lst.Today) != phase {
			continue
		}
		if _, ok := lst.Due[p.ID]; dueOnly && !ok {
			continue
		}
		lst.Shown = append(lst.Shown, p)
	}
	for _, rm := range reminders {
		if phase != "" && lst.ByID[rm.PlacementID].Phase(lst.Today) != phase {
			continue
		}
		lst.Reminders = append(lst.Reminders, rm)
	}
	return lst, nil
}

// placementTable is the list as a download.
func placementTable(ps []pejling.Placement, due map[int64]pejling.PlacementReminder, today pejling.Date) export.Table {
	t := export.Table{Title: "placeringer", Columns: []export.Column{{Name: "id", Kind: export.Integer}, {Name: "person_id"},
		{Name: "type"}, {Name: "cvr"}, {Name: "start_date", Kind: export.Date}, {Name: "end_date", Kind: export.Date},
		{Name: "hours_per_week", Kind: export.Number, Decimals: 1}, {Name: "benefit_group"}, {Name: "phase"},
		{Name: "due"}, {Name: "due_date", Kind: export.Date}, {Name: "decision"}, {Name: "outcome"}}}
	for _, p := range ps {
		var kind, dueDate any = "", nil
		if rm, ok := due[p.ID]; ok {
			kind, dueDate = string(rm.Kind), rm.Due.Time()
		}
		t.Rows = append(t.Rows, []any{p.ID, p.PersonID, string(p.Type), p.CVR, p.Start.Time(), p.LastDay().Time(), p.HoursPerWeek,
			string(p.Group), string(p.Phase(today)), kind, dueDate, string(p.Decision), string(p.Outcome)})
	}
	return t
}

// prefillFromReservation fills the create form from a confirmed reservation of the
// user's municipality.
func (s *Server) prefillFromReservation(r *http.Request, pg *placementsPage, raw string) error {
	u := who(r).User
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return pejling.Errorf(pejling.EINVALID, "reservation %q is not a number", pejling.Clip(raw))
	}
	res, err := s.Placements.FindReservation(r.Context(), u.Municipality, id)
	if err != nil {
		return err
	}
	if res.Status != pejling.ReservationConfirmed {
		return pejling.Errorf(pejling.ECONFLICT, "reservation %d is %s: only a confirmed reservation becomes a placement", id, res.Status)
	}
	slot, err := s.Placements.FindSlot(r.Context(), u.Municipality, res.SlotID)
	if err != nil {
		return err
	}
	v := pg.Form.Values
	v["person"], v["cvr"], v["reservation"] = res.PersonID, slot.CVR, raw
	v["hours"] = strconv.FormatFloat(slot.HoursPerWeek, 'f', -1, 64)
	if slot.Type == pejling.SlotPraktik {
		v["type"] = string(pejling.Praktik)
	}
	pg.Form.FromSlot = slot.Title
	pg.Form.Reservation = raw
	return s.audit(r, pejling.AuditRead, res.PersonID, fmt.Sprintf("reservation %d for a placement", id), placementPurpose)
}

// handlePlacementCreate makes a placement from the form: the benefit group comes from
// the register's benefit spell running on the start day when there is one.
func (s *Server) handlePlacementCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	pg := &placementsPage{page: newPage(r, "pl.title")}
	form, err := slotReadForm(w, r, maxPlacementForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, p := parsePlacementForm(pg.Lang, form, u.Municipality)
	pg.Form = f
	pg.Form.Reservation = f.Values["reservation"]
	if len(f.Errors) == 0 {
		known, err := s.placementGroup(r, &p)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !known {
			f.Errors["group"] = pg.Lang.Pick("Registret har ingen ydelse for borgeren på startdagen: vælg ydelsesgruppen.",
				"The register holds no benefit of the person on the start day: choose the benefit group.")
		}
	}
	if len(f.Errors) > 0 {
		s.showPlacements(w, r, pg, http.StatusBadRequest)
		return
	}
	p, err = placementPolicy().New(p, *u, s.now())
	if err == nil {
		err = s.Placements.CreatePlacement(r.Context(), &p)
	}
	if err != nil {
		switch code := pejling.ErrorCode(err); code {
		case pejling.EINVALID, pejling.ECONFLICT, pejling.ENOTFOUND:
			pg.Form.Problem = pejling.ErrorMessage(err)
			s.showPlacements(w, r, pg, errorStatus[code])
		default:
			s.writeError(w, r, err)
		}
		return
	}
	if err := s.audit(r, pejling.AuditChange, p.PersonID, fmt.Sprintf("placement %d created (%s)", p.ID, p.Status), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/placeringer/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// placementGroup sets the placement's benefit group from the register's benefit spell
// running on the start day when there is one; false when neither the register nor the
// form gives a group.
func (s *Server) placementGroup(r *http.Request, p *pejling.Placement) (bool, error) {
	reg, _, err := s.Placements.RegisterPerson(r.Context(), p.PersonID)
	if err != nil {
		return false, err
	}
	if g, ok := employer.BenefitGroupOn(reg, p.Start); ok {
		p.Group = g
	}
	return p.Group != "", nil
}

// parsePlacementForm reads the create form; the placement is usable only when the form
// has no errors.
func parsePlacementForm(l locale.Lang, form url.Values, municipality int) (placementForm, pejling.Placement) {
	f := placementForm{Values: map[string]string{}, Errors: map[string]string{}}
	p := pejling.Placement{Municipality: municipality}
	for _, k := range placementFields {
		v, ok := slotSingle(form, k)
		f.Values[k] = v
		if !ok {
			f.Errors[k] = l.Pick("Feltet er sendt mere end én gang.", "The field was sent more than once.")
		}
	}
	required := l.Pick("Skal udfyldes.", "Required.")
	v := func(k string) string { return strings.TrimSpace(f.Values[k]) }
	set := func(k, msg string) {
		if f.Errors[k] == "" {
			f.Errors[k] = msg
		}
	}
	if err := pejling.ValidPersonID(v("person")); err != nil {
		if strings.Contains(pejling.ErrorMessage(err), "CPR") {
			set("person", l.Pick("Ligner et CPR-nummer: brug det pseudonyme borger-id.", "Looks like a CPR number: use the pseudonymous person id."))
			f.Values["person"] = ""
		} else if v("person") == "" {
			set("person", required)
		} else {
			set("person", l.Pick("Et borger-id har højst 64 tegn: bogstaver A–Z, cifre og _ . : -", "A person id has at most 64 characters: letters A–Z, digits and _ . : -"))
		}
	}
	p.PersonID = v("person")
	p.Type = pejling.ActivationType(v("type"))
	if !p.Type.IsCompanyPlacement() {
		set("type", l.Pick("Vælg praktik, løntilskud privat eller løntilskud offentlig.", "Choose praktik, wage subsidy private or wage subsidy public."))
	}
	p.CVR = v("cvr")
	if err := pejling.ValidCVR(p.CVR); err != nil {
		set("cvr", l.Pick("8 cifre.", "8 digits."))
	}
	for _, k := range []string{"start", "end"} {
		d, err := pejling.ParseDate(v(k))
		switch {
		case v(k) == "":
			set(k, required)
		case err != nil || d <= 0 || d >= pejling.Forever:
			set(k, l.Pick("En dato som 2026-03-01.", "A date such as 2026-03-01."))
		case k == "start":
			p.Start = d
		default:
			p.End = d
		}
	}
	if p.Start != 0 && p.End != 0 {
		if p.End < p.Start {
			set("end", l.Pick("Slutter før start.", "Ends before the start."))
		} else if int(p.End-p.Start)+1 > pejling.MaxPlacementDays {
			set("end", fmt.Sprintf(l.Pick("Højst %d dage.", "At most %d days."), pejling.MaxPlacementDays))
		}
	}
	h, err := strconv.ParseFloat(strings.Replace(v("hours"), ",", ".", 1), 64)
	if v("hours") == "" {
		set("hours", required)
	} else if err != nil || !(h >= pejling.MinSlotHours && h <= pejling.MaxSlotHours) {
		set("hours", fmt.Sprintf(l.Pick("%d–%d timer.", "%d–%d hours."), pejling.MinSlotHours, pejling.MaxSlotHours))
	}
	p.HoursPerWeek = h
	if g := pejling.BenefitGroup(v("group")); g != "" {
		if !g.Valid() {
			set("group", l.Pick("Ukendt ydelsesgruppe.", "Unknown benefit group."))
		}
		p.Group = g
	}
	p.InterventionID = v("intervention")
	if p.InterventionID != "" {
		if len(p.InterventionID) > pejling.MaxInterventionIDLen || pejling.HasCPRNumber(p.InterventionID) ||
			strings.ContainsFunc(p.InterventionID, func(r rune) bool { return r < ' ' }) {
			set("intervention", fmt.Sprintf(l.Pick("Højst %d tegn, ingen CPR-numre.", "At most %d characters, no CPR numbers."), pejling.MaxInterventionIDLen))
			if pejling.HasCPRNumber(p.InterventionID) {
				f.Values["intervention"] = "" // a CPR number is not sent back
			}
		}
	}
	if rid := v("reservation"); rid != "" {
		id, err := strconv.ParseInt(rid, 10, 64)
		if err != nil || id <= 0 {
			set("reservation", l.Pick("Ugyldig reservation.", "Not a reservation."))
		}
		p.ReservationID = id
	}
	for k := range f.Errors {
		if !slices.Contains(placementFields, k) {
			delete(f.Errors, k)
		}
	}
	return f, p
}
