package employer

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

//go:embed default_placements.json
var defaultPlacements []byte

// PlacementPolicy is the configuration of company placements (issue 8): how often they
// are followed up, when a praktik's decision on løntilskud and the outcome are due, and
// which placements need whose approval. Its methods are the placement's state machine:
// pure functions that return the changed placement or an error saying why the change
// is refused.
type PlacementPolicy struct {
	Comment string `json:"comment"`
	// FollowUpEveryDays: a follow-up is due this many days after the start or the
	// latest follow-up, whichever is later, as long as the day lies within the placement.
	FollowUpEveryDays int `json:"follow_up_every_days"`
	// DecisionAfterDays: the decision on løntilskud is due this many days after the
	// start of a placement of DecisionTypes (28: after 4 weeks of praktik).
	DecisionAfterDays int                      `json:"decision_after_days"`
	DecisionTypes     []pejling.ActivationType `json:"decision_types"`
	// OutcomeAfterDays: the outcome is taken this many days after the last day (182, the
	// 6 months of DOMAIN.md §8's self_support_rate_6m).
	OutcomeAfterDays int            `json:"outcome_after_days"`
	ApprovalRules    []ApprovalRule `json:"approval_rules"`
}

// ApprovalRule says that placements of Types lasting longer than LongerThanMonths
// calendar months need the approval of a user whose role is one of ApproverRoles.
type ApprovalRule struct {
	Name             string                   `json:"name"`
	Types            []pejling.ActivationType `json:"types"`
	LongerThanMonths int                      `json:"longer_than_months"`
	ApproverRoles    []pejling.Role           `json:"approver_roles"`
}

// AppliesTo reports whether p falls under the rule: one of its types, and a fixed end
// on or after the day LongerThanMonths calendar months after the start (a placement
// from 1 January to 31 March lasts 3 months; to 1 April, longer).
func (r ApprovalRule) AppliesTo(p pejling.Placement) bool {
	if !slices.Contains(r.Types, p.Type) {
		return false
	}
	limit := pejling.UTCDay(p.Start.Time().AddDate(0, r.LongerThanMonths, 0))
	return p.End >= limit
}

// LoadPlacementPolicy reads a policy in the JSON form of default_placements.json and
// checks it; unknown fields are an error.
func LoadPlacementPolicy(r io.Reader) (*PlacementPolicy, error) {
	var p PlacementPolicy
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "placement policy: %v", err)
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *PlacementPolicy) validate() error {
	bad := func(format string, args ...any) error {
		return pejling.Errorf(pejling.EINVALID, "placement policy: "+format, args...)
	}
	switch {
	case p.FollowUpEveryDays < 1 || p.FollowUpEveryDays > 365:
		return bad("follow_up_every_days must be 1–365, not %d", p.FollowUpEveryDays)
	case p.DecisionAfterDays < 1 || p.DecisionAfterDays > 365:
		return bad("decision_after_days must be 1–365, not %d", p.DecisionAfterDays)
	case p.OutcomeAfterDays < 1 || p.OutcomeAfterDays > 3*365:
		return bad("outcome_after_days must be 1–1095, not %d", p.OutcomeAfterDays)
	}
	for _, t := range p.DecisionTypes {
		if !t.IsCompanyPlacement() {
			return bad("decision_types: %q is not a company placement", t)
		}
	}
	names := map[string]bool{}
	for i, r := range p.ApprovalRules {
		switch {
		case strings.TrimSpace(r.Name) == "" || names[r.Name]:
			return bad("approval rule %d needs a name of its own", i+1)
		case len(r.Types) == 0:
			return bad("approval rule %s names no placement type", r.Name)
		case r.LongerThanMonths < 0 || r.LongerThanMonths > 60:
			return bad("approval rule %s: longer_than_months must be 0–60", r.Name)
		case len(r.ApproverRoles) == 0:
			return bad("approval rule %s names no approver role", r.Name)
		}
		names[r.Name] = true
		for _, t := range r.Types {
			if !t.IsCompanyPlacement() {
				return bad("approval rule %s: %q is not a company placement", r.Name, t)
			}
		}
		for _, role := range r.ApproverRoles {
			if !role.Valid() || role == pejling.RolePolitician {
				return bad("approval rule %s: %q may not approve placements", r.Name, role)
			}
		}
	}
	return nil
}

// DefaultPlacementPolicy returns the policy of the embedded default_placements.json.
func DefaultPlacementPolicy() *PlacementPolicy {
	p, err := LoadPlacementPolicy(bytes.NewReader(defaultPlacements))
	if err != nil {
		panic("employer: embedded default_placements.json: " + err.Error())
	}
	return p
}

// ApprovalRule returns the first rule p falls under, or nil when it needs no approval.
func (pol *PlacementPolicy) ApprovalRule(p pejling.Placement) *ApprovalRule {
	for i := range pol.ApprovalRules {
		if pol.ApprovalRules[i].AppliesTo(p) {
			return &pol.ApprovalRules[i]
		}
	}
	return nil
}

// refused is the error of a transition the rules do not allow.
func refused(format string, args ...any) error {
	return pejling.Errorf(pejling.ECONFLICT, format, args...)
}

// New prepares a placement made by user on day today: it is pending approval when a
// rule calls for one, else planned. It checks the fields (Placement.Validate) and
// that the user may write in the municipality.
func (pol *PlacementPolicy) New(p pejling.Placement, user pejling.User, now time.Time) (pejling.Placement, error) {
	if !canWrite(user, p.Municipality) {
		return p, pejling.Errorf(pejling.EFORBIDDEN, "%s may not make placements in municipality %d", user.Name, p.Municipality)
	}
	p.Status, p.NeedsApproval = pejling.PlacementPlanned, false
	if pol.ApprovalRule(p) != nil {
		p.Status, p.NeedsApproval = pejling.PlacementPendingApproval, true
	}
	p.CreatedBy, p.CreatedAt, p.UpdatedAt = user.ID, now, now
	p.ApprovedBy, p.ApprovedAt, p.EndedOn, p.Reason = 0, time.Time{}, 0, ""
	p.Decision, p.DecidedOn, p.DecidedBy, p.Outcome, p.OutcomeSource, p.OutcomeBy = "", 0, 0, "", "", 0
	p.FollowUps, p.Version = nil, 0
	return p, p.Validate()
}

// canWrite reports whether u may write operational records of municipality m: an
// active user of that municipality who is not a politician.
func canWrite(u pejling.User, m int) bool {
	return u.CanReadPerson(m) && u.Municipality == m
}

// Approve approves a placement pending approval. The approver must hold a role the
// rule names and must not be the one who created it.
func (pol *PlacementPolicy) Approve(p pejling.Placement, user pejling.User, now time.Time) (pejling.Placement, error) {
	if p.Status != pejling.PlacementPendingApproval {
		return p, refused("placement %d is not waiting for approval (it is %s)", p.ID, p.Status)
	}
	if user.ID == p.CreatedBy {
		return p, pejling.Errorf(pejling.EFORBIDDEN, "nobody approves a placement they created: another approver must approve placement %d", p.ID)
	}
	if !canWrite(user, p.Municipality) {
		return p, pejling.Errorf(pejling.EFORBIDDEN, "%s may not approve placements in municipality %d", user.Name, p.Municipality)
	}
	roles := []pejling.Role{pejling.RoleAdmin}
	if r := pol.ApprovalRule(p); r != nil {
		roles = r.ApproverRoles
	}
	if !slices.Contains(roles, user.Role) {
		return p, pejling.Errorf(pejling.EFORBIDDEN, "the role %s may not approve this placement; approvers: %s", user.Role, roleList(roles))
	}
	p.Status, p.ApprovedBy, p.ApprovedAt, p.UpdatedAt = pejling.PlacementPlanned, user.ID, now, now
	return p, nil
}

func roleList(roles []pejling.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, ", ")
}

// FollowUp records a follow-up held on day (on or after the start, at most the last
// day and not after today) with a note.
func (pol *PlacementPolicy) FollowUp(p pejling.Placement, day pejling.Date, note string, user pejling.User, now time.Time) (pejling.Placement, error) {
	today := pejling.UTCDay(now)
	switch {
	case !p.Counts():
		return p, refused("placement %d is %s: only an approved placement is followed up", p.ID, p.Status)
	case day < p.Start || day > p.LastDay():
		return p, pejling.Errorf(pejling.EINVALID, "follow-up day: %s is outside the placement (%s – %s)", day, p.Start, p.LastDay())
	case day > today:
		return p, pejling.Errorf(pejling.EINVALID, "follow-up day: %s is in the future", day)
	}
	f := pejling.PlacementFollowUp{Day: day, Note: strings.TrimSpace(note), By: user.ID, At: now}
	if err := f.Validate(); err != nil {
		return p, err
	}
	p.FollowUps = append(slices.Clip(p.FollowUps), f)
	p.UpdatedAt = now
	return p, nil
}

// Decide records the decision on løntilskud of a placement of DecisionTypes that has
// started; it is taken once.
func (pol *PlacementPolicy) Decide(p pejling.Placement, d pejling.PlacementDecision, user pejling.User, now time.Time) (pejling.Placement, error) {
	today := pejling.UTCDay(now)
	switch {
	case !d.Valid():
		return p, pejling.Errorf(pejling.EINVALID, "decision: %q is not continue_praktik, loentilskud or end", pejling.Clip(string(d)))
	case !slices.Contains(pol.DecisionTypes, p.Type):
		return p, refused("a %s placement has no decision on løntilskud", p.Type)
	case !p.Counts():
		return p, refused("placement %d is %s: only an approved placement is decided on", p.ID, p.Status)
	case p.Decision != "":
		return p, refused("the decision on placement %d was already taken (%s on %s)", p.ID, p.Decision, p.DecidedOn)
	case today < p.Start:
		return p, refused("placement %d has not started yet (%s)", p.ID, p.Start)
	}
	p.Decision, p.DecidedOn, p.DecidedBy, p.UpdatedAt = d, today, user.ID, now
	return p, nil
}

// EndEarly ends a running placement before its fixed end: day is its actual last day
// (from the start to the day before the fixed end, not after today). It then counts
// to that day.
func (pol *PlacementPolicy) EndEarly(p pejling.Placement, day pejling.Date, reason string, now time.Time) (pejling.Placement, error) {
	today := pejling.UTCDay(now)
	reason = strings.TrimSpace(reason)
	switch {
	case p.Status == pejling.PlacementEnded:
		return p, refused("placement %d was already ended on %s", p.ID, p.EndedOn)
	case p.Status == pejling.PlacementCancelled:
		return p, refused("placement %d was cancelled", p.ID)
	case p.Status == pejling.PlacementPendingApproval:
		return p, refused("placement %d was never approved: cancel it instead", p.ID)
	case today < p.Start:
		return p, refused("placement %d has not started: cancel it instead", p.ID)
	case today > p.End:
		return p, refused("placement %d is over (it ended on %s)", p.ID, p.End)
	case day < p.Start || day >= p.End:
		return p, pejling.Errorf(pejling.EINVALID, "end day: an early end lies from %s to %s, not %s", p.Start, p.End-1, day)
	case day > today:
		return p, pejling.Errorf(pejling.EINVALID, "end day: %s is in the future", day)
	case reason == "":
		return p, pejling.Errorf(pejling.EINVALID, "reason: say why the placement ends early")
	}
	p.Status, p.EndedOn, p.Reason, p.UpdatedAt = pejling.PlacementEnded, day, reason, now
	return p, p.Validate()
}

// Cancel cancels a placement that has not started (or was never approved). A running
// one is ended early instead.
func (pol *PlacementPolicy) Cancel(p pejling.Placement, reason string, now time.Time) (pejling.Placement, error) {
	today := pejling.UTCDay(now)
	reason = strings.TrimSpace(reason)
	switch {
	case p.Status == pejling.PlacementCancelled:
		return p, refused("placement %d was already cancelled", p.ID)
	case p.Status == pejling.PlacementEnded:
		return p, refused("placement %d was already ended on %s", p.ID, p.EndedOn)
	case p.Status == pejling.PlacementPlanned && today >= p.Start:
		return p, refused("placement %d started on %s: end it early instead of cancelling", p.ID, p.Start)
	case reason == "":
		return p, pejling.Errorf(pejling.EINVALID, "reason: say why the placement is cancelled")
	}
	p.Status, p.Reason, p.UpdatedAt = pejling.PlacementCancelled, reason, now
	return p, p.Validate()
}

// OutcomeDay is the day the outcome is taken: the last day + OutcomeAfterDays.
func (pol *PlacementPolicy) OutcomeDay(p pejling.Placement) pejling.Date {
	return p.LastDay() + pejling.Date(pol.OutcomeAfterDays)
}

// RecordOutcome records the outcome of a placement that counted, once its outcome day
// has come; source is OutcomeFromRegister or OutcomeByHand. It is recorded once.
func (pol *PlacementPolicy) RecordOutcome(p pejling.Placement, o pejling.PlacementOutcome, source string, user pejling.User, now time.Time) (pejling.Placement, error) {
	today := pejling.UTCDay(now)
	switch {
	case !o.Valid():
		return p, pejling.Errorf(pejling.EINVALID, "outcome: %q is not employed, education, on_benefit, other or unknown", pejling.Clip(string(o)))
	case source != pejling.OutcomeFromRegister && source != pejling.OutcomeByHand:
		return p, pejling.Errorf(pejling.EINVALID, "outcome: source %q is neither register nor manual", pejling.Clip(source))
	case !p.Counts():
		return p, refused("placement %d is %s: it has no outcome", p.ID, p.Status)
	case p.Outcome != "":
		return p, refused("the outcome of placement %d was already recorded (%s)", p.ID, p.Outcome)
	case today < pol.OutcomeDay(p):
		return p, refused("the outcome of placement %d is taken on %s, %d days after its last day", p.ID, pol.OutcomeDay(p), pol.OutcomeAfterDays)
	}
	p.Outcome, p.OutcomeSource, p.OutcomeBy, p.UpdatedAt = o, source, user.ID, now
	return p, nil
}

// RegisterOutcome derives the outcome on day from a person's register spells: an
// employment spell running that day is employed, else a benefit spell is on benefit;
// ok is false when neither says (the outcome is then recorded by hand), and when day
// lies after asOf, the day the register's extract was taken.
func RegisterOutcome(person pejling.Person, day, asOf pejling.Date) (pejling.PlacementOutcome, bool) {
	if day > asOf {
		return "", false
	}
	for _, e := range person.Employment {
		if e.Start <= day && day <= e.End {
			return pejling.OutcomeEmployed, true
		}
	}
	for _, b := range person.Benefit {
		if b.Start <= day && day <= b.End {
			return pejling.OutcomeOnBenefit, true
		}
	}
	return "", false
}

// NextFollowUp returns the day the next follow-up of p falls due: FollowUpEveryDays
// after the start or the latest follow-up; ok is false when that day lies after the
// placement's last day or p is not followed up.
func (pol *PlacementPolicy) NextFollowUp(p pejling.Placement) (pejling.Date, bool) {
	if !p.Counts() {
		return 0, false
	}
	from := p.Start
	for _, f := range p.FollowUps {
		from = max(from, f.Day)
	}
	due := from + pejling.Date(pol.FollowUpEveryDays)
	return due, due <= p.LastDay()
}

// Reminders returns what is due on day among ps: approvals waited for, follow-ups
// overdue (due on or before day), decisions due and outcomes due, in that order of
// kind and then by due day and placement id.
func (pol *PlacementPolicy) Reminders(ps []pejling.Placement, day pejling.Date) []pejling.PlacementReminder {
	var out []pejling.PlacementReminder
	add := func(p pejling.Placement, k pejling.ReminderKind, due pejling.Date) {
		out = append(out, pejling.PlacementReminder{PlacementID: p.ID, Kind: k, Due: due})
	}
	for _, p := range ps {
		if p.Status == pejling.PlacementPendingApproval {
			add(p, pejling.ReminderApproval, pejling.UTCDay(p.CreatedAt))
			continue
		}
		if !p.Counts() {
			continue
		}
		if due, ok := pol.NextFollowUp(p); ok && due <= day {
			add(p, pejling.ReminderFollowUp, due)
		}
		if slices.Contains(pol.DecisionTypes, p.Type) && p.Decision == "" {
			due := p.Start + pejling.Date(pol.DecisionAfterDays)
			if due <= p.LastDay() && due <= day {
				add(p, pejling.ReminderDecision, due)
			}
		}
		if p.Outcome == "" && pol.OutcomeDay(p) <= day {
			add(p, pejling.ReminderOutcome, pol.OutcomeDay(p))
		}
	}
	rank := map[pejling.ReminderKind]int{pejling.ReminderApproval: 0, pejling.ReminderFollowUp: 1, pejling.ReminderDecision: 2, pejling.ReminderOutcome: 3}
	slices.SortStableFunc(out, func(a, b pejling.PlacementReminder) int {
		if c := rank[a.Kind] - rank[b.Kind]; c != 0 {
			return c
		}
		if a.Due != b.Due {
			return int(a.Due - b.Due)
		}
		return int(a.PlacementID - b.PlacementID)
	})
	return out
}

// String describes the policy in one line, for logs.
func (pol *PlacementPolicy) String() string {
	return fmt.Sprintf("follow-up every %d days, decision after %d days, outcome after %d days, %d approval rules",
		pol.FollowUpEveryDays, pol.DecisionAfterDays, pol.OutcomeAfterDays, len(pol.ApprovalRules))
}

// BenefitGroupOn returns the benefit group of the person's register benefit spell
// running on day (the latest-starting one when several do); ok is false when none
// does, and the group is then asked of the case worker.
func BenefitGroupOn(p pejling.Person, day pejling.Date) (pejling.BenefitGroup, bool) {
	var g pejling.BenefitGroup
	found := false
	for _, b := range p.Benefit {
		if b.Start <= day && day <= b.End {
			g, found = b.Group, true
		}
	}
	return g, found
}
