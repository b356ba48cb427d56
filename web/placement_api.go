package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// The JSON API of placements (issue 8): the pages' rules and code (listPlacements,
// parsePlacementForm, placementGroup, prefillFromReservation, applyPlacementAction over
// employer.PlacementPolicy), PersonData, scoped to the user's municipality (another
// municipality's placement answers 404), and every citizen shown or changed audited
// with the pages' purpose (placementPurpose).

// apiPlacement is a placement in the API.
type apiPlacement struct {
	ID             int64        `json:"id"`
	PersonID       string       `json:"person_id"`
	Type           string       `json:"type"`
	CVR            string       `json:"cvr"`
	Start          apiDate      `json:"start"`
	End            apiDate      `json:"end"`
	LastDay        apiDate      `json:"last_day"`
	HoursPerWeek   float64      `json:"hours"`
	Group          string       `json:"group"`
	InterventionID string       `json:"intervention_id"`
	SlotID         int64        `json:"slot_id"`
	ReservationID  int64        `json:"reservation_id"`
	Status         string       `json:"status"`
	Phase          string       `json:"phase"`
	NeedsApproval  bool         `json:"needs_approval"`
	ApprovedBy     int64        `json:"approved_by"`
	ApprovedAt     apiTime      `json:"approved_at"`
	EndedOn        apiDate      `json:"ended_on"`
	Reason         string       `json:"reason"`
	Decision       string       `json:"decision"`
	DecidedOn      apiDate      `json:"decided_on"`
	DecidedBy      int64        `json:"decided_by"`
	Outcome        string       `json:"outcome"`
	OutcomeSource  string       `json:"outcome_source"`
	OutcomeBy      int64        `json:"outcome_by"`
	CreatedBy      int64        `json:"created_by"`
	CreatedAt      apiTime      `json:"created_at"`
	UpdatedAt      apiTime      `json:"updated_at"`
	Version        int          `json:"version"`
	Due            *apiReminder `json:"due,omitempty"` // the first thing due, in the list
}

// apiPlacementDetail is one placement with its follow-ups and what falls due.
type apiPlacementDetail struct {
	apiPlacement
	FollowUps    []apiFollowUp `json:"follow_ups"`
	NextFollowUp apiDate       `json:"next_follow_up"`
	DecisionDue  apiDate       `json:"decision_due"`
	OutcomeDay   apiDate       `json:"outcome_day"`
	// Suggestion is the register's outcome 6 months after the end once it is due and
	// not recorded ("" when the register says nothing).
	Suggestion string `json:"outcome_suggestion"`
	CanApprove bool   `json:"can_approve"` // pending, and the caller did not create it
}

type apiFollowUp struct {
	ID   int64   `json:"id"`
	Day  apiDate `json:"day"`
	Note string  `json:"note"`
	By   int64   `json:"by"`
	At   apiTime `json:"at"`
}

type apiReminder struct {
	PlacementID int64   `json:"placement_id"`
	PersonID    string  `json:"person_id"`
	Kind        string  `json:"kind"`
	Due         apiDate `json:"due"`
}

func apiPlacementOf(p pejling.Placement, today pejling.Date) apiPlacement {
	return apiPlacement{ID: p.ID, PersonID: p.PersonID, Type: string(p.Type), CVR: p.CVR, Start: apiDate(p.Start), End: apiDate(p.End),
		LastDay: apiDate(p.LastDay()), HoursPerWeek: p.HoursPerWeek, Group: string(p.Group), InterventionID: p.InterventionID,
		SlotID: p.SlotID, ReservationID: p.ReservationID, Status: string(p.Status), Phase: string(p.Phase(today)),
		NeedsApproval: p.NeedsApproval, ApprovedBy: p.ApprovedBy, ApprovedAt: apiTime(p.ApprovedAt), EndedOn: apiDate(p.EndedOn),
		Reason: p.Reason, Decision: string(p.Decision), DecidedOn: apiDate(p.DecidedOn), DecidedBy: p.DecidedBy,
		Outcome: string(p.Outcome), OutcomeSource: p.OutcomeSource, OutcomeBy: p.OutcomeBy, CreatedBy: p.CreatedBy,
		CreatedAt: apiTime(p.CreatedAt), UpdatedAt: apiTime(p.UpdatedAt), Version: p.Version}
}

// apiPlacementDetailOf is the placement as GET /api/v1/placements/{id} shows it.
func (s *Server) apiPlacementDetailOf(r *http.Request, p pejling.Placement) (apiPlacementDetail, error) {
	pol, today := placementPolicy(), pejling.UTCDay(s.now())
	d := apiPlacementDetail{apiPlacement: apiPlacementOf(p, today), FollowUps: []apiFollowUp{}, OutcomeDay: apiDate(pol.OutcomeDay(p)),
		CanApprove: p.Status == pejling.PlacementPendingApproval && p.CreatedBy != who(r).User.ID}
	for _, f := range p.FollowUps {
		d.FollowUps = append(d.FollowUps, apiFollowUp{ID: f.ID, Day: apiDate(f.Day), Note: f.Note, By: f.By, At: apiTime(f.At)})
	}
	if due, ok := pol.NextFollowUp(p); ok {
		d.NextFollowUp = apiDate(due)
	}
	if p.Type == pejling.Praktik && p.Decision == "" && p.Counts() {
		d.DecisionDue = apiDate(p.Start + pejling.Date(pol.DecisionAfterDays))
	}
	if p.Counts() && p.Outcome == "" && today >= pol.OutcomeDay(p) {
		var err error
		if d.Suggestion, err = s.placementSuggestion(r, p); err != nil {
			return d, err
		}
	}
	return d, nil
}

// apiPlacementID reads the {id} of the path: a positive number; a CPR-shaped value is
// refused without being echoed.
func apiPlacementID(r *http.Request) (int64, error) {
	if pejling.HasCPRNumber(r.PathValue("id")) {
		return 0, pejling.Errorf(pejling.EINVALID, "id: looks like a CPR number; use the placement's number")
	}
	return apiPathID(r, "id")
}

var placementListParams = []string{"phase", "person", "cvr", "due"}

// handleAPIPlacements lists the municipality's placements by the page's filters (phase,
// person, CVR, only due) with what is due first; one audit record per list, as the page.
func (s *Server) handleAPIPlacements(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r, placementListParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	filter := url.Values{}
	for _, k := range placementListParams {
		if v := strings.TrimSpace(q.Get(k)); v != "" {
			filter.Set(k, v)
		}
	}
	phase, person, cvr, due := pejling.PlacementPhase(filter.Get("phase")), filter.Get("person"), filter.Get("cvr"), filter.Get("due")
	switch {
	case phase != "" && !phase.Valid():
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "phase: %q; use pending_approval, planned, active, ended or cancelled", pejling.Clip(string(phase))))
		return
	case person != "" && pejling.HasCPRNumber(person):
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "person: looks like a CPR number; use the pseudonymous person id"))
		return
	case person != "" && pejling.ValidPersonID(person) != nil:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "person: %s", pejling.ErrorMessage(pejling.ValidPersonID(person))))
		return
	case cvr != "" && pejling.ValidCVR(cvr) != nil:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "cvr: %q is not 8 digits", pejling.Clip(cvr)))
		return
	case due != "" && due != "1" && due != "true":
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "due: %q; use 1 (only those with something due) or leave it out", pejling.Clip(due)))
		return
	}
	lst, err := s.listPlacements(r, pejling.PlacementFilter{Municipality: u.Municipality, PersonID: person, CVR: cvr}, phase, due != "")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	persons := map[string]bool{}
	out := apiPlacementList{Placements: []apiPlacement{}, Reminders: []apiReminder{}}
	for _, rm := range lst.Reminders {
		p := lst.ByID[rm.PlacementID]
		out.Reminders = append(out.Reminders, apiReminder{PlacementID: p.ID, PersonID: p.PersonID, Kind: string(rm.Kind), Due: apiDate(rm.Due)})
		persons[p.PersonID] = true
	}
	for _, p := range lst.Shown {
		a := apiPlacementOf(p, lst.Today)
		if rm, ok := lst.Due[p.ID]; ok {
			a.Due = &apiReminder{PlacementID: p.ID, PersonID: p.PersonID, Kind: string(rm.Kind), Due: apiDate(rm.Due)}
		}
		out.Placements = append(out.Placements, a)
		persons[p.PersonID] = true
	}
	// A list of named citizens is a search of personal data: one record per list.
	if err := s.audit(r, pejling.AuditSearch, "", fmt.Sprintf("placements %s: %d shown", filter.Encode(), len(persons)), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, out)
}

type apiPlacementList struct {
	Placements []apiPlacement `json:"placements"`
	Reminders  []apiReminder  `json:"reminders"`
}

// handleAPIPlacement answers one placement of the municipality; the read of the
// person is audited before it is sent.
func (s *Server) handleAPIPlacement(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPlacementID(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Placements.FindPlacement(r.Context(), u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditRead, p.PersonID, fmt.Sprintf("placement %d", p.ID), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.apiPlacementDetailOf(r, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"placement": d})
}

// apiPlacementRequest is the body of POST /api/v1/placements. With reservation_id the
// placement is made from that confirmed reservation: person_id, cvr, hours (and type
// for a praktik slot) default to the reservation's.
type apiPlacementRequest struct {
	PersonID       string  `json:"person_id"`
	Type           string  `json:"type"`
	CVR            string  `json:"cvr"`
	Start          string  `json:"start"`
	End            string  `json:"end"`
	Hours          float64 `json:"hours"`
	Group          string  `json:"group"`
	InterventionID string  `json:"intervention_id"`
	ReservationID  int64   `json:"reservation_id"`
}

// apiPlacementField names the API's field of a field of the create form.
var apiPlacementField = map[string]string{"person": "person_id", "intervention": "intervention_id", "reservation": "reservation_id"}

// handleAPIPlacementCreate makes a placement by the create form's rules
// (parsePlacementForm, the register's benefit group, PlacementPolicy.New, the store's
// one placement per reservation): 201 with it; 400 with fields; 409 when the
// reservation is not confirmed or already a placement; 404 for another municipality's
// reservation.
func (s *Server) handleAPIPlacementCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiPlacementRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	form := url.Values{"person": {req.PersonID}, "type": {req.Type}, "cvr": {req.CVR}, "start": {req.Start}, "end": {req.End},
		"group": {req.Group}, "intervention": {req.InterventionID}, "hours": {""}, "reservation": {""}}
	if req.Hours != 0 {
		form.Set("hours", strconv.FormatFloat(req.Hours, 'f', -1, 64))
	}
	if req.ReservationID < 0 {
		s.fieldsError(w, map[string]string{"reservation_id": "not a reservation"}, "")
		return
	}
	if req.ReservationID > 0 {
		rid := strconv.FormatInt(req.ReservationID, 10)
		pre := &placementsPage{Form: placementForm{Values: map[string]string{}}}
		if err := s.prefillFromReservation(r, pre, rid); err != nil {
			s.writeError(w, r, err)
			return
		}
		form.Set("reservation", rid)
		for _, k := range []string{"person", "cvr", "hours", "type"} {
			if form.Get(k) == "" {
				form.Set(k, pre.Form.Values[k])
			}
		}
	}
	f, p := parsePlacementForm("en", form, u.Municipality)
	if len(f.Errors) == 0 {
		known, err := s.placementGroup(r, &p)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !known {
			f.Errors["group"] = "The register holds no benefit of the person on the start day: give the benefit group."
		}
	}
	if len(f.Errors) > 0 {
		errs := map[string]string{}
		for k, v := range f.Errors {
			if n, ok := apiPlacementField[k]; ok {
				k = n
			}
			errs[k] = v
		}
		s.fieldsError(w, errs, "")
		return
	}
	p, err := placementPolicy().New(p, *u, s.now())
	if err == nil {
		err = s.Placements.CreatePlacement(r.Context(), &p)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, p.PersonID, fmt.Sprintf("placement %d created (%s)", p.ID, p.Status), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.apiPlacementDetailOf(r, p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/placements/"+itoa64(p.ID))
	writeJSONStatus(w, http.StatusCreated, map[string]any{"placement": d})
}

// apiPlacementActionRequest is the body of POST /api/v1/placements/{id}/actions.
type apiPlacementActionRequest struct {
	Version  int    `json:"version"`
	Action   string `json:"action"`
	Day      string `json:"day"`
	Note     string `json:"note"`
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
	Outcome  string `json:"outcome"`
}

// handleAPIPlacementAction applies an action to the placement as the caller saw it
// (its version), by the pages' applyPlacementAction: 200 with the placement; 409
// {"conflict": true, "version": n} when a colleague changed it since; 409 without
// conflict when the status refuses the action; 403 when the caller may not (approving
// one's own placement); 400 for a bad body.
func (s *Server) handleAPIPlacementAction(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPlacementID(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := s.Placements.FindPlacement(r.Context(), u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiPlacementActionRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	if req.Version < 1 {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "version: required, the version of the placement you saw"))
		return
	}
	stale := func(version int) {
		writeJSONStatus(w, http.StatusConflict, map[string]any{"error": "version: the placement was changed by a colleague since version " +
			strconv.Itoa(req.Version) + "; read it again and retry", "conflict": true, "version": version})
	}
	if p.Version != req.Version {
		stale(p.Version)
		return
	}
	fields := map[string]string{"day": req.Day, "note": req.Note, "decision": req.Decision, "reason": req.Reason, "outcome": req.Outcome}
	if req.Action == "outcome" {
		// The source is the register when the outcome is the register's own suggestion.
		if fields["suggestion"], err = s.placementSuggestion(r, p); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	next, err := applyPlacementAction(p, *u, s.now(), req.Action, func(k string) (string, error) { return strings.TrimSpace(fields[k]), nil })
	if err == nil {
		err = s.Placements.UpdatePlacement(r.Context(), &next, req.Version)
	}
	if pejling.ErrorCode(err) == pejling.ECONFLICT {
		if cur, ferr := s.Placements.FindPlacement(r.Context(), u.Municipality, id); ferr == nil && cur.Version != req.Version {
			stale(cur.Version)
			return
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, p.PersonID, fmt.Sprintf("placement %d: %s", p.ID, req.Action), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.apiPlacementDetailOf(r, next)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"placement": d})
}
