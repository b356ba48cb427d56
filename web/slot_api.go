package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/sqldb"
)

// The JSON API of the placement bank and its reservations (issue 8): the page's rules
// (parseSlotSearch, parseSlotForm, the store's locked ReserveSlot), PersonData, scoped
// to the user's municipality, and every citizen shown or changed audited with the
// page's purpose (slotPurpose).

// apiSlot is a slot of the placement bank in the API.
type apiSlot struct {
	ID             int64    `json:"id"`
	CVR            string   `json:"cvr"`
	Company        string   `json:"company"`
	Type           string   `json:"type"`
	Title          string   `json:"title"`
	Occupation     string   `json:"occupation"`
	Description    string   `json:"description"`
	Address        string   `json:"address"`
	Lat            float64  `json:"lat"`
	Lon            float64  `json:"lon"`
	HoursPerWeek   float64  `json:"hours"`
	Requirements   string   `json:"requirements"`
	Skills         []string `json:"skills"`
	MinEducation   int      `json:"min_education"`
	DrivingLicence bool     `json:"driving_licence"`
	Expectations   string   `json:"expectations"`
	Capacity       int      `json:"capacity"`
	Free           *int     `json:"free,omitempty"`
	DistanceKm     *float64 `json:"distance_km,omitempty"`
	ActiveFrom     apiDate  `json:"active_from"`
	ActiveTo       apiDate  `json:"active_to"`
	Version        int      `json:"version"`
}

func apiSlotOf(s *pejling.Slot, company string) apiSlot {
	skills := s.Skills
	if skills == nil {
		skills = []string{}
	}
	return apiSlot{ID: s.ID, CVR: s.CVR, Company: company, Type: string(s.Type), Title: s.Title, Occupation: s.Occupation,
		Description: s.Description, Address: s.Address, Lat: s.Location.Lat, Lon: s.Location.Lon, HoursPerWeek: s.HoursPerWeek,
		Requirements: s.Requirements, Skills: skills, MinEducation: s.MinEducation, DrivingLicence: s.DrivingLicence,
		Expectations: s.Expectations, Capacity: s.Capacity, ActiveFrom: apiDate(s.ActiveFrom), ActiveTo: apiDate(s.ActiveTo), Version: s.Version}
}

// apiReservation is a reservation of a slot's place in the API.
type apiReservation struct {
	ID          int64   `json:"id"`
	SlotID      int64   `json:"slot_id"`
	PersonID    string  `json:"person_id"`
	ReservedBy  int64   `json:"reserved_by"`
	ReservedAt  apiTime `json:"reserved_at"`
	ExpiresAt   apiTime `json:"expires_at"`
	Status      string  `json:"status"`
	Takes       bool    `json:"takes_place"`
	ConfirmedAt apiTime `json:"confirmed_at"`
	EndedAt     apiTime `json:"ended_at"`
}

func apiReservationOf(r pejling.Reservation, now time.Time) apiReservation {
	return apiReservation{ID: r.ID, SlotID: r.SlotID, PersonID: r.PersonID, ReservedBy: r.ReservedBy, ReservedAt: apiTime(r.ReservedAt),
		ExpiresAt: apiTime(r.ExpiresAt), Status: string(r.Status), Takes: r.Takes(now), ConfirmedAt: apiTime(r.ConfirmedAt), EndedAt: apiTime(r.EndedAt)}
}

var slotSearchParams = []string{"q", "occupation", "type", "place", "km", "free"}

// fieldsError answers 400 with the problem of each field; the error names the first.
func (s *Server) fieldsError(w http.ResponseWriter, errs map[string]string, problem string) {
	keys := make([]string, 0, len(errs))
	for k := range errs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	msg := problem
	if len(keys) > 0 {
		msg = keys[0] + ": " + errs[keys[0]]
	}
	writeJSONStatus(w, http.StatusBadRequest, map[string]any{"error": msg, "fields": errs})
}

// handleAPISlots searches the municipality's slots (the page's filters). A slot shows
// no citizen: not audited.
func (s *Server) handleAPISlots(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r, slotSearchParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	sq, f := parseSlotSearch(locale.English, r.URL.Query(), u.Municipality)
	if len(sq.Errors) > 0 {
		s.fieldsError(w, sq.Errors, "")
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
	names := slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}
	out := make([]apiSlot, len(hits))
	for i := range hits {
		h := &hits[i]
		out[i] = apiSlotOf(&h.Slot, names.name(r.Context(), h.CVR))
		free := h.Free
		out[i].Free = &free
		if f.WithinKm > 0 {
			d := h.DistanceKm
			out[i].DistanceKm = &d
		}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"slots": out})
}

// handleAPISlot answers one slot with its free places and reservations; each citizen
// of a reservation is audited first, as on the slot's page.
func (s *Server) handleAPISlot(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	ctx := r.Context()
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	slot, err := s.Slots.FindSlot(ctx, u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	rs, err := s.Slots.FindReservations(ctx, sqldb.ReservationFilter{Municipality: u.Municipality, SlotID: id, At: now})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	taken, shown := 0, map[string]bool{}
	out := make([]apiReservation, len(rs))
	for i, res := range rs {
		if res.Takes(now) {
			taken++
		}
		if !shown[res.PersonID] {
			shown[res.PersonID] = true
			if err := s.audit(r, pejling.AuditRead, res.PersonID, fmt.Sprintf("slot %d (reservation %d)", id, res.ID), slotPurpose); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		out[i] = apiReservationOf(res, now)
	}
	a := apiSlotOf(slot, (slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}).name(ctx, slot.CVR))
	free := max(0, slot.Capacity-taken)
	a.Free = &free
	writeJSONStatus(w, http.StatusOK, map[string]any{"slot": a, "reservations": out})
}

// apiSlotRequest is the body of POST /api/v1/slots; the fields are the page form's.
type apiSlotRequest struct {
	CVR            string   `json:"cvr"`
	Type           string   `json:"type"`
	Title          string   `json:"title"`
	Occupation     string   `json:"occupation"`
	Description    string   `json:"description"`
	Address        string   `json:"address"`
	Lat            *float64 `json:"lat"`
	Lon            *float64 `json:"lon"`
	Hours          float64  `json:"hours"`
	Requirements   string   `json:"requirements"`
	Skills         []string `json:"skills"`
	MinEducation   int      `json:"min_education"`
	DrivingLicence bool     `json:"driving_licence"`
	Expectations   string   `json:"expectations"`
	Capacity       int      `json:"capacity"`
	ActiveFrom     string   `json:"active_from"`
	ActiveTo       string   `json:"active_to"`
}

// handleAPISlotCreate stores a new slot by the rules of the page's form (parseSlotForm
// and Slot.Validate): 201 with the slot, or 400 with the problem of each field.
func (s *Server) handleAPISlotCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiSlotRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	for _, k := range req.Skills {
		if strings.ContainsAny(k, ",\n\r") {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "skills: a skill may not hold a comma or a line break"))
			return
		}
	}
	form := map[string][]string{sfCVR: {req.CVR}, sfType: {req.Type}, sfTitle: {req.Title}, sfOccupation: {req.Occupation},
		sfDescription: {req.Description}, sfAddress: {req.Address}, sfHours: {strconv.FormatFloat(req.Hours, 'f', -1, 64)},
		sfRequirements: {req.Requirements}, sfSkills: {strings.Join(req.Skills, ",")}, sfEducation: {strconv.Itoa(req.MinEducation)},
		sfExpectations: {req.Expectations}, sfCapacity: {strconv.Itoa(req.Capacity)}, sfFrom: {req.ActiveFrom}, sfTo: {req.ActiveTo}}
	if req.Lat != nil && req.Lon != nil {
		form[sfLocation] = []string{strconv.FormatFloat(*req.Lat, 'f', -1, 64) + ", " + strconv.FormatFloat(*req.Lon, 'f', -1, 64)}
	}
	if req.DrivingLicence {
		form[sfLicence] = []string{"1"}
	}
	if req.ActiveFrom == "" {
		form[sfFrom] = []string{pejling.UTCDay(s.now()).String()}
	}
	f, slot, _ := parseSlotForm(locale.English, form, u.Municipality, false)
	if !f.ok() {
		errs := map[string]string{}
		for k, v := range f.Errors {
			if k == sfLocation {
				k, v = "lat", "give lat and lon, the place in decimal degrees"
			}
			errs[k] = v
		}
		s.fieldsError(w, errs, f.Problem)
		return
	}
	slot.CreatedBy = u.ID
	if err := s.Slots.CreateSlot(r.Context(), &slot); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/slots/"+itoa64(slot.ID))
	writeJSONStatus(w, http.StatusCreated, map[string]any{"slot": apiSlotOf(&slot,
		(slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}).name(r.Context(), slot.CVR))})
}

// apiReserveRequest is the body of POST /api/v1/slots/{id}/reservations.
type apiReserveRequest struct {
	PersonID string `json:"person_id"`
	Days     int    `json:"days"` // 0: the default hold
}

// handleAPIReserve reserves a place of the slot for a citizen (the store's locked
// ReserveSlot): 201 with the reservation, 409 when no place is free.
func (s *Server) handleAPIReserve(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Slots.FindSlot(r.Context(), u.Municipality, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiReserveRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	person := strings.TrimSpace(req.PersonID)
	if err := pejling.ValidPersonID(person); err != nil {
		if pejling.HasCPRNumber(person) {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "person_id: looks like a CPR number; use the pseudonymous person id"))
			return
		}
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "person_id: %s", pejling.ErrorMessage(err)))
		return
	}
	hold := req.Days
	if hold == 0 {
		hold = defaultHoldDays
	}
	if hold < 1 || hold > maxHoldDays {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "days: between 1 and %d", maxHoldDays))
		return
	}
	now := s.now()
	res, err := s.Slots.ReserveSlot(r.Context(), u.Municipality, id, person, u.ID, now, time.Duration(hold)*24*time.Hour)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, person, fmt.Sprintf("slot %d: reservation %d held until %s", id, res.ID,
		res.ExpiresAt.Format(time.RFC3339)), slotPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusCreated, map[string]any{"reservation": apiReservationOf(*res, now)})
}

// handleAPIConfirm confirms a held reservation; an expired or ended one is 409.
func (s *Server) handleAPIConfirm(w http.ResponseWriter, r *http.Request) {
	s.apiChangeReservation(w, r, "confirm", func(m int, id int64) (*pejling.Reservation, error) {
		return s.Slots.ConfirmReservation(r.Context(), m, id, s.now())
	})
}

// handleAPIRelease gives up a reservation, freeing its place.
func (s *Server) handleAPIRelease(w http.ResponseWriter, r *http.Request) {
	s.apiChangeReservation(w, r, "release", func(m int, id int64) (*pejling.Reservation, error) {
		return s.Slots.ReleaseReservation(r.Context(), m, id, s.now())
	})
}

func (s *Server) apiChangeReservation(w http.ResponseWriter, r *http.Request, verb string, change func(int, int64) (*pejling.Reservation, error)) {
	u := who(r).User
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Slots.FindReservation(r.Context(), u.Municipality, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := change(u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, res.PersonID, fmt.Sprintf("slot %d: %s reservation %d", res.SlotID, verb, res.ID), slotPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"reservation": apiReservationOf(*res, s.now())})
}
