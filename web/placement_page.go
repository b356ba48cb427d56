package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// The page of one placement: its facts, follow-ups, decision, approval, end or
// cancellation and outcome, each a form that posts with the version it was based on
// (a colleague's change in between answers 409).

type placementPage struct {
	page
	P                                   pejling.Placement
	ID, Type, Phase, Start, End, Status string
	Hours                               string
	NextFollowUp, DecisionDue           string
	OutcomeDay, Suggestion              string
	CanApprove, CanFollowUp, CanDecide  bool
	CanEnd, CanCancel, CanOutcome       bool
	ApprovalNote                        string
	FollowUps                           []placementFollowUpRow
	Decisions, Outcomes                 []string
	Problem                             string
	Action                              string // the form the problem belongs to
	Today                               string
}

type placementFollowUpRow struct{ Day, Note string }

// placementIDOf reads the {id} of the path.
func placementIDOf(r *http.Request) (int64, error) { return slotID(r, "id") }

// handlePlacement shows a placement of the user's municipality; the read of the
// person is audited before it is shown.
func (s *Server) handlePlacement(w http.ResponseWriter, r *http.Request) {
	id, err := placementIDOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := &placementPage{page: newPage(r, "pl.one")}
	s.showPlacement(w, r, id, pg, http.StatusOK)
}

func (s *Server) showPlacement(w http.ResponseWriter, r *http.Request, id int64, pg *placementPage, status int) {
	u := who(r).User
	p, err := s.Placements.FindPlacement(r.Context(), u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditRead, p.PersonID, fmt.Sprintf("placement %d", p.ID), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	l, pol, now := pg.Lang, placementPolicy(), s.now()
	today := pejling.UTCDay(now)
	pg.P, pg.ID = p, strconv.FormatInt(p.ID, 10)
	pg.Type, pg.Phase = message(l, "pl.type."+string(p.Type)), message(l, "pl.phase."+string(p.Phase(today)))
	pg.Start, pg.End, pg.Hours, pg.Today = l.Date(p.Start), l.Date(p.LastDay()), l.Number(p.HoursPerWeek, 1), today.String()
	if due, ok := pol.NextFollowUp(p); ok {
		pg.NextFollowUp = l.Date(due)
	}
	if p.Type == pejling.Praktik && p.Decision == "" && p.Counts() {
		pg.DecisionDue = l.Date(p.Start + pejling.Date(pol.DecisionAfterDays))
	}
	pg.OutcomeDay = l.Date(pol.OutcomeDay(p))
	for _, f := range p.FollowUps {
		pg.FollowUps = append(pg.FollowUps, placementFollowUpRow{Day: l.Date(f.Day), Note: f.Note})
	}
	for _, d := range pejling.PlacementDecisions() {
		pg.Decisions = append(pg.Decisions, string(d))
	}
	for _, o := range pejling.PlacementOutcomes() {
		pg.Outcomes = append(pg.Outcomes, string(o))
	}
	pg.CanApprove = p.Status == pejling.PlacementPendingApproval
	if pg.CanApprove && p.CreatedBy == u.ID {
		pg.ApprovalNote = message(l, "pl.ownapproval")
	}
	pg.CanFollowUp = p.Counts() && today >= p.Start
	pg.CanDecide = p.Type == pejling.Praktik && p.Counts() && p.Decision == "" && today >= p.Start
	pg.CanEnd = p.Status == pejling.PlacementPlanned && today >= p.Start && today <= p.End
	pg.CanCancel = p.Status == pejling.PlacementPendingApproval || (p.Status == pejling.PlacementPlanned && today < p.Start)
	pg.CanOutcome = p.Counts() && p.Outcome == "" && today >= pol.OutcomeDay(p)
	if pg.CanOutcome {
		if pg.Suggestion, err = s.placementSuggestion(r, p); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.renderStatus(w, r, "placement", pg, status)
}

// handlePlacementChange applies one action of the page's forms (followup, approve,
// decide, end, cancel, outcome) to the placement at the version the form was based on.
func (s *Server) handlePlacementChange(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := placementIDOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := &placementPage{page: newPage(r, "pl.one")}
	l := pg.Lang
	form, err := slotReadForm(w, r, maxPlacementForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	field := func(k string) (string, bool) {
		v, ok := slotSingle(form, k)
		return strings.TrimSpace(v), ok
	}
	action, ok1 := field("action")
	rawVersion, ok2 := field("version")
	pg.Action = action
	version, err := strconv.Atoi(rawVersion)
	if !ok1 || !ok2 || err != nil || version < 1 {
		pg.Problem = l.Pick("Formularen mangler sin version: genindlæs siden.", "The form lacks its version: reload the page.")
		s.showPlacement(w, r, id, pg, http.StatusBadRequest)
		return
	}
	p, err := s.Placements.FindPlacement(r.Context(), u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if p.Version != version {
		pg.Problem = message(l, "pl.conflict")
		s.showPlacement(w, r, id, pg, http.StatusConflict)
		return
	}
	text := func(k string) (string, error) {
		v, ok := field(k)
		if !ok {
			return "", pejling.Errorf(pejling.EINVALID, "%s: given more than once", k)
		}
		return v, nil
	}
	next, err := applyPlacementAction(p, *u, s.now(), action, text)
	if err == nil {
		err = s.Placements.UpdatePlacement(r.Context(), &next, version)
	}
	if err != nil {
		switch code := pejling.ErrorCode(err); code {
		case pejling.EINVALID, pejling.ECONFLICT, pejling.EFORBIDDEN:
			pg.Problem = pejling.ErrorMessage(err)
			if code == pejling.ECONFLICT && strings.Contains(pg.Problem, "colleague") {
				pg.Problem = message(l, "pl.conflict")
			}
			s.showPlacement(w, r, id, pg, errorStatus[code])
		default:
			s.writeError(w, r, err)
		}
		return
	}
	if err := s.audit(r, pejling.AuditChange, p.PersonID, fmt.Sprintf("placement %d: %s", p.ID, action), placementPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/placeringer/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}

// applyPlacementAction applies one action (followup, approve, decide, end, cancel,
// outcome) to the placement by the placement rules, reading its fields (day, note,
// decision, reason, outcome, suggestion) by field; the pages and the JSON API both
// use it. The result is to be stored with the version p was read at.
func applyPlacementAction(p pejling.Placement, u pejling.User, now time.Time, action string, text func(string) (string, error)) (pejling.Placement, error) {
	pol := placementPolicy()
	day := func(k string) (pejling.Date, error) {
		v, err := text(k)
		if err != nil {
			return 0, err
		}
		d, err := pejling.ParseDate(v)
		if err != nil || d <= 0 || d >= pejling.Forever {
			return 0, pejling.Errorf(pejling.EINVALID, "%s: %q is not a date such as 2026-03-01", k, pejling.Clip(v))
		}
		return d, nil
	}
	var next pejling.Placement
	var err error
	switch action {
	case "followup":
		var d pejling.Date
		var note string
		if d, err = day("day"); err == nil {
			if note, err = text("note"); err == nil {
				next, err = pol.FollowUp(p, d, note, u, now)
			}
		}
	case "approve":
		next, err = pol.Approve(p, u, now)
	case "decide":
		var d string
		if d, err = text("decision"); err == nil {
			next, err = pol.Decide(p, pejling.PlacementDecision(d), u, now)
		}
	case "end":
		var d pejling.Date
		var reason string
		if d, err = day("day"); err == nil {
			if reason, err = text("reason"); err == nil {
				next, err = pol.EndEarly(p, d, reason, now)
			}
		}
	case "cancel":
		var reason string
		if reason, err = text("reason"); err == nil {
			next, err = pol.Cancel(p, reason, now)
		}
	case "outcome":
		var o, source string
		if o, err = text("outcome"); err == nil {
			source = pejling.OutcomeByHand
			if sug, _ := text("suggestion"); sug != "" && sug == o {
				source = pejling.OutcomeFromRegister
			}
			next, err = pol.RecordOutcome(p, pejling.PlacementOutcome(o), source, u, now)
		}
	default:
		err = pejling.Errorf(pejling.EINVALID, "action: %q is not an action of a placement", pejling.Clip(action))
	}
	return next, err
}

// placementSuggestion is the register's outcome of the placement 6 months after its
// end (employer.RegisterOutcome), "" when the register says nothing.
func (s *Server) placementSuggestion(r *http.Request, p pejling.Placement) (string, error) {
	reg, asOf, err := s.Placements.RegisterPerson(r.Context(), p.PersonID)
	if err != nil {
		return "", err
	}
	pol := placementPolicy()
	if o, ok := employer.RegisterOutcome(reg, pol.OutcomeDay(p), asOf); ok {
		return string(o), nil
	}
	return "", nil
}
