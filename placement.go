package pejling

import (
	"strings"
	"time"
)

// PlacementStatus is the stored state of a Placement. Whether a planned placement is
// running or over is a matter of the day (Placement.Phase), not stored.
type PlacementStatus string

// The stored statuses of a placement (employer.PlacementPolicy holds the transitions).
const (
	PlacementPendingApproval PlacementStatus = "pending_approval" // waits for an approver; does not count yet
	PlacementPlanned         PlacementStatus = "planned"          // approved or needing no approval; counts
	PlacementEnded           PlacementStatus = "ended"            // ended early, with a reason; counts to its actual end
	PlacementCancelled       PlacementStatus = "cancelled"        // never started, with a reason; does not count
)

// PlacementStatuses lists the stored statuses.
func PlacementStatuses() []PlacementStatus {
	return []PlacementStatus{PlacementPendingApproval, PlacementPlanned, PlacementEnded, PlacementCancelled}
}

// Valid reports whether s is one of the stored statuses.
func (s PlacementStatus) Valid() bool {
	for _, v := range PlacementStatuses() {
		if s == v {
			return true
		}
	}
	return false
}

// PlacementPhase is what a placement is on a given day: its stored status, with
// planned split by the calendar into planned, active and ended.
type PlacementPhase string

// The phases a list filters and a page shows.
const (
	PhasePendingApproval PlacementPhase = "pending_approval"
	PhasePlanned         PlacementPhase = "planned" // counts, starts later
	PhaseActive          PlacementPhase = "active"  // counts, start ≤ day ≤ end
	PhaseEnded           PlacementPhase = "ended"   // past its fixed end, or ended early
	PhaseCancelled       PlacementPhase = "cancelled"
)

// PlacementPhases lists the phases in the order of a placement's life.
func PlacementPhases() []PlacementPhase {
	return []PlacementPhase{PhasePendingApproval, PhasePlanned, PhaseActive, PhaseEnded, PhaseCancelled}
}

// Valid reports whether p is one of the phases.
func (p PlacementPhase) Valid() bool {
	for _, v := range PlacementPhases() {
		if p == v {
			return true
		}
	}
	return false
}

// PlacementDecision is the decision due after the first weeks of a praktik: go on, move
// to løntilskud, or end.
type PlacementDecision string

// The decisions.
const (
	DecisionContinuePraktik PlacementDecision = "continue_praktik"
	DecisionWageSubsidy     PlacementDecision = "loentilskud"
	DecisionEnd             PlacementDecision = "end"
)

// PlacementDecisions lists the decisions.
func PlacementDecisions() []PlacementDecision {
	return []PlacementDecision{DecisionContinuePraktik, DecisionWageSubsidy, DecisionEnd}
}

// Valid reports whether d is one of the decisions.
func (d PlacementDecision) Valid() bool {
	for _, v := range PlacementDecisions() {
		if d == v {
			return true
		}
	}
	return false
}

// PlacementOutcome is where the citizen is 6 months after a placement ended.
type PlacementOutcome string

// The outcomes.
const (
	OutcomeEmployed  PlacementOutcome = "employed"
	OutcomeEducation PlacementOutcome = "education"
	OutcomeOnBenefit PlacementOutcome = "on_benefit"
	OutcomeOther     PlacementOutcome = "other"
	OutcomeUnknown   PlacementOutcome = "unknown"
)

// PlacementOutcomes lists the outcomes.
func PlacementOutcomes() []PlacementOutcome {
	return []PlacementOutcome{OutcomeEmployed, OutcomeEducation, OutcomeOnBenefit, OutcomeOther, OutcomeUnknown}
}

// Valid reports whether o is one of the outcomes.
func (o PlacementOutcome) Valid() bool {
	for _, v := range PlacementOutcomes() {
		if o == v {
			return true
		}
	}
	return false
}

// Where an outcome came from.
const (
	OutcomeFromRegister = "register" // the register's spells on the outcome day
	OutcomeByHand       = "manual"   // recorded by a consultant
)

// Limits on a placement's fields; larger input is refused, not cut.
const (
	MaxPlacementDays      = 731 // two years, start and end included
	MaxPlacementReasonLen = 1000
	MaxPlacementNoteLen   = 4000
	MaxInterventionIDLen  = 64
	MaxPlacementFollowUps = 200
)

// Placement is a citizen placed at a company (virksomhedsplacering, DOMAIN.md §6): a
// praktik or løntilskud with a fixed end, followed up, perhaps approved, and closed with
// the citizen's outcome 6 months later. A placement that counts (Counts) is an
// activation spell of the person in the key figures (Spell).
type Placement struct {
	ID           int64
	Municipality int // the job centre's; the placement is seen only there
	PersonID     string
	Type         ActivationType // praktik, lts_privat or lts_offentlig
	CVR          string
	Start        Date
	End          Date // the fixed end, inclusive
	HoursPerWeek float64
	// Group is the person's benefit group at the start: the register's benefit spell
	// running on Start when there is one, else as asked.
	Group          BenefitGroup
	InterventionID string // optional
	SlotID         int64  // the placement-bank slot it came from; 0 when made directly
	ReservationID  int64  // the confirmed reservation it came from; 0 when made directly
	Status         PlacementStatus
	NeedsApproval  bool
	ApprovedBy     int64
	ApprovedAt     time.Time
	// EndedOn is the actual last day of a placement ended early; 0 otherwise.
	EndedOn Date
	// Reason says why it was ended early or cancelled.
	Reason        string
	Decision      PlacementDecision // "" until decided
	DecidedOn     Date
	DecidedBy     int64
	Outcome       PlacementOutcome // "" until recorded
	OutcomeSource string           // OutcomeFromRegister or OutcomeByHand
	OutcomeBy     int64
	FollowUps     []PlacementFollowUp // oldest first
	CreatedBy     int64
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Version counts the changes, for optimistic locking as JobOrder.Version.
	Version int
}

// PlacementFollowUp is one follow-up conversation of a placement.
type PlacementFollowUp struct {
	ID   int64
	Day  Date
	Note string
	By   int64
	At   time.Time
}

// LastDay is the placement's actual last day: EndedOn when ended early, else End.
func (p Placement) LastDay() Date {
	if p.Status == PlacementEnded && p.EndedOn != 0 {
		return p.EndedOn
	}
	return p.End
}

// Counts reports whether the placement is an activation spell in the key figures:
// approved or needing no approval, and not cancelled.
func (p Placement) Counts() bool {
	return p.Status == PlacementPlanned || p.Status == PlacementEnded
}

// Phase returns what the placement is on day.
func (p Placement) Phase(day Date) PlacementPhase {
	switch p.Status {
	case PlacementPendingApproval:
		return PhasePendingApproval
	case PlacementCancelled:
		return PhaseCancelled
	case PlacementEnded:
		return PhaseEnded
	}
	switch {
	case day < p.Start:
		return PhasePlanned
	case day <= p.End:
		return PhaseActive
	}
	return PhaseEnded
}

// Spell is the activation spell the placement stands for in the key figures, running
// from Start to LastDay.
func (p Placement) Spell() ActivationSpell {
	return ActivationSpell{PersonID: p.PersonID, Municipality: p.Municipality, Group: p.Group, Type: p.Type,
		Start: p.Start, End: p.LastDay(), HoursPerWeek: p.HoursPerWeek, CVR: p.CVR, InterventionID: p.InterventionID}
}

// Validate returns an EINVALID error naming the first field of p that is missing, out
// of range or too long; nil when p can be stored. ID, the users, the times and Version
// are the store's.
func (p Placement) Validate() error {
	if err := ValidMunicipalityCode(p.Municipality); err != nil {
		return err
	}
	if err := ValidPersonID(p.PersonID); err != nil {
		return Errorf(EINVALID, "person: %s", ErrorMessage(err))
	}
	if !p.Type.IsCompanyPlacement() {
		return Errorf(EINVALID, "type: %q is not a company placement (praktik, lts_privat or lts_offentlig)", Clip(string(p.Type)))
	}
	if err := ValidCVR(p.CVR); err != nil {
		return err
	}
	switch {
	case p.Start <= 0 || p.Start >= Forever:
		return Errorf(EINVALID, "start: a start day is required")
	case p.End <= 0 || p.End >= Forever:
		return Errorf(EINVALID, "end: a placement has a fixed end day")
	case p.End < p.Start:
		return Errorf(EINVALID, "end: the placement ends (%s) before it starts (%s)", p.End, p.Start)
	case int(p.End-p.Start)+1 > MaxPlacementDays:
		return Errorf(EINVALID, "end: a placement lasts at most %d days, not %d", MaxPlacementDays, int(p.End-p.Start)+1)
	case !(p.HoursPerWeek >= MinSlotHours && p.HoursPerWeek <= MaxSlotHours):
		return Errorf(EINVALID, "hours: hours per week must be %d–%d, not %g", MinSlotHours, MaxSlotHours, p.HoursPerWeek)
	case !p.Group.Valid():
		return Errorf(EINVALID, "benefit group: %q is not a benefit group", Clip(string(p.Group)))
	case !p.Status.Valid():
		return Errorf(EINVALID, "status: %q is not a placement status", Clip(string(p.Status)))
	case p.SlotID < 0 || p.ReservationID < 0:
		return Errorf(EINVALID, "slot: ids are positive")
	case p.Decision != "" && !p.Decision.Valid():
		return Errorf(EINVALID, "decision: %q is not a decision", Clip(string(p.Decision)))
	case p.Outcome != "" && !p.Outcome.Valid():
		return Errorf(EINVALID, "outcome: %q is not an outcome", Clip(string(p.Outcome)))
	case p.Outcome != "" && p.OutcomeSource != OutcomeFromRegister && p.OutcomeSource != OutcomeByHand:
		return Errorf(EINVALID, "outcome: source %q is neither register nor manual", Clip(p.OutcomeSource))
	case p.Status == PlacementEnded && (p.EndedOn < p.Start || p.EndedOn >= p.End):
		return Errorf(EINVALID, "ended on: an early end lies from the start to the day before the fixed end")
	case p.Status != PlacementEnded && p.EndedOn != 0:
		return Errorf(EINVALID, "ended on: only a placement ended early has an early end")
	case (p.Status == PlacementEnded || p.Status == PlacementCancelled) && strings.TrimSpace(p.Reason) == "":
		return Errorf(EINVALID, "reason: ending early or cancelling needs a reason")
	case len(p.FollowUps) > MaxPlacementFollowUps:
		return Errorf(EINVALID, "follow-ups: at most %d", MaxPlacementFollowUps)
	}
	if p.InterventionID != "" {
		if len(p.InterventionID) > MaxInterventionIDLen {
			return Errorf(EINVALID, "intervention: at most %d characters", MaxInterventionIDLen)
		}
		if err := validFreeText("intervention", p.InterventionID, MaxInterventionIDLen, false); err != nil {
			return err
		}
	}
	if err := validFreeText("reason", p.Reason, MaxPlacementReasonLen, true); err != nil {
		return err
	}
	for _, f := range p.FollowUps {
		if err := f.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// Validate returns an EINVALID error when the follow-up has no day or its note is
// missing or not acceptable text.
func (f PlacementFollowUp) Validate() error {
	if f.Day <= 0 || f.Day >= Forever {
		return Errorf(EINVALID, "follow-up day: a day is required")
	}
	if strings.TrimSpace(f.Note) == "" {
		return Errorf(EINVALID, "follow-up note: say what was followed up")
	}
	return validFreeText("follow-up note", f.Note, MaxPlacementNoteLen, true)
}

// PlacementFilter selects placements. Municipality is required; the zero value of
// every other field selects all.
type PlacementFilter struct {
	Municipality int
	PersonID     string
	CVR          string
	Status       PlacementStatus
	Limit        int // 0: the store's default
}

// ReminderKind is what a placement is waiting for.
type ReminderKind string

// The reminders of placements, most pressing kind first.
const (
	ReminderApproval ReminderKind = "approval"  // waiting for an approver
	ReminderFollowUp ReminderKind = "follow_up" // a follow-up is due
	ReminderDecision ReminderKind = "decision"  // the praktik's decision on løntilskud is due
	ReminderOutcome  ReminderKind = "outcome"   // the 6-month outcome is due
)

// PlacementReminder is one thing due on a placement.
type PlacementReminder struct {
	PlacementID int64
	Kind        ReminderKind
	Due         Date // the day it fell due
}

// RegisterVersion identifies what a store's register reads give: the newest import and
// the stamp of the placements recorded in the app (which join the activation spells).
// What is computed from the register stays current while both are unchanged.
type RegisterVersion struct {
	ImportID        int64
	PlacementsStamp int64
}
