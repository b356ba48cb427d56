package pejling

import (
	"strings"
	"time"
)

// Team boards (DOMAIN.md §6): a job centre's consultants work in teams; each consultant
// has a caseload of citizens; each team has goals for the weekly figures of its board.

// Team is a team of a municipality's job centre. Its name is unique in the municipality
// (without regard to case).
type Team struct {
	ID           int64
	Municipality int
	Name         string // at most MaxTeamNameLen characters
	CreatedAt    time.Time
}

// MaxTeamNameLen is the longest team name, in characters.
const MaxTeamNameLen = 80

// Validate returns an EINVALID error naming the first field of t that is wrong.
func (t Team) Validate() error {
	if err := ValidMunicipalityCode(t.Municipality); err != nil {
		return err
	}
	if strings.TrimSpace(t.Name) == "" {
		return Errorf(EINVALID, "name: the team's name is required")
	}
	return validFreeText("name", t.Name, MaxTeamNameLen, false)
}

// TeamMember says that a user (a consultant) is in a team. A user is in at most one team
// at a time; membership is the current one (its history is not kept).
type TeamMember struct {
	TeamID int64
	UserID int64
}

// CaseloadAssignment says that a citizen is on a consultant's caseload from a day to a
// day (both inclusive; To is Forever while it runs). Assigning the citizen to another
// consultant ends the running assignment the day before the new one starts, so the
// history is kept and a citizen is on at most one caseload on any day.
type CaseloadAssignment struct {
	ID           int64
	Municipality int
	PersonID     string // pseudonymous, never a CPR number (ValidPersonID)
	UserID       int64  // the consultant
	From, To     Date
}

// Validate returns an EINVALID error naming the first field of a that is wrong.
func (a CaseloadAssignment) Validate() error {
	if err := ValidMunicipalityCode(a.Municipality); err != nil {
		return err
	}
	if err := ValidPersonID(a.PersonID); err != nil {
		return Errorf(EINVALID, "person: %s", ErrorMessage(err))
	}
	if a.UserID <= 0 {
		return Errorf(EINVALID, "consultant: the consultant is required")
	}
	if a.From <= 0 || a.From >= Forever {
		return Errorf(EINVALID, "from: the first day is required")
	}
	if a.To < a.From {
		return Errorf(EINVALID, "to: the last day %s is before the first day %s", a.To, a.From)
	}
	return nil
}

// Covers reports whether the assignment has a day in [first, last].
func (a CaseloadAssignment) Covers(first, last Date) bool { return a.From <= last && a.To >= first }

// TeamMetric is a figure of the team board that a goal can be set for.
type TeamMetric string

// The metrics of a team board. Rates are fractions (0.25, not 25).
const (
	MetricActivationRate TeamMetric = "activation_rate" // figures' activation_rate on the caseload
	MetricOutflow        TeamMetric = "outflow"         // figures' outflow on the caseload (a count)
	MetricTurnoverSpeed  TeamMetric = "turnover_speed"  // figures' turnover_speed on the caseload
	MetricCompanyVisits  TeamMetric = "company_visits"  // contact-log entries with channel visit
	MetricOrdersHandled  TeamMetric = "orders_handled"  // job orders with an event by a member
	MetricServiceLevels  TeamMetric = "service_levels"  // share of service-level clocks met
)

// TeamMetrics returns every metric, in the board's order.
func TeamMetrics() []TeamMetric {
	return []TeamMetric{MetricActivationRate, MetricOutflow, MetricTurnoverSpeed, MetricCompanyVisits,
		MetricOrdersHandled, MetricServiceLevels}
}

// Valid reports whether m is one of the metrics.
func (m TeamMetric) Valid() bool {
	for _, x := range TeamMetrics() {
		if m == x {
			return true
		}
	}
	return false
}

// Share reports whether the metric is a share (0–1) rather than a count or a speed.
func (m TeamMetric) Share() bool { return m == MetricActivationRate || m == MetricServiceLevels }

// GoalDirection says which side of its target a goal is met on.
type GoalDirection string

// The directions of a goal.
const (
	AtLeast GoalDirection = "at_least" // met when the result ≥ the target
	AtMost  GoalDirection = "at_most"  // met when the result ≤ the target
)

// Valid reports whether d is one of the directions.
func (d GoalDirection) Valid() bool { return d == AtLeast || d == AtMost }

// MaxGoalTarget is the largest target of a count or speed goal; shares are at most 1.
const MaxGoalTarget = 1e6

// TeamGoal is a team's goal for one metric from a week on: a later goal for the same
// metric replaces it from its own week.
type TeamGoal struct {
	ID           int64
	Municipality int
	TeamID       int64
	Metric       TeamMetric
	Target       float64
	Direction    GoalDirection
	FromWeek     Date // the Monday of the first ISO week the goal applies to
}

// Validate returns an EINVALID error naming the first field of g that is wrong.
func (g TeamGoal) Validate() error {
	if err := ValidMunicipalityCode(g.Municipality); err != nil {
		return err
	}
	if g.TeamID <= 0 {
		return Errorf(EINVALID, "team: the team is required")
	}
	if !g.Metric.Valid() {
		return Errorf(EINVALID, "metric: unknown metric %q; use activation_rate, outflow, turnover_speed, company_visits, orders_handled or service_levels", Clip(string(g.Metric)))
	}
	switch {
	case g.Target != g.Target || g.Target < 0:
		return Errorf(EINVALID, "target: must be a number of at least 0")
	case g.Metric.Share() && g.Target > 1:
		return Errorf(EINVALID, "target: a share is at most 1 (100 %%)")
	case g.Target > MaxGoalTarget:
		return Errorf(EINVALID, "target: at most %g", float64(MaxGoalTarget))
	}
	if !g.Direction.Valid() {
		return Errorf(EINVALID, "direction: unknown direction %q; use at_least or at_most", Clip(string(g.Direction)))
	}
	if g.FromWeek <= 0 || g.FromWeek >= Forever {
		return Errorf(EINVALID, "from week: the first week is required")
	}
	if g.FromWeek != WeekMonday(g.FromWeek) {
		return Errorf(EINVALID, "from week: %s is not a Monday", g.FromWeek)
	}
	return nil
}

// WeekMonday returns the Monday of the ISO week (Monday–Sunday) of d.
func WeekMonday(d Date) Date {
	// 1970-01-01 was a Thursday: (d+3) mod 7 is 0 on Mondays.
	return d - Date(((int(d)+3)%7+7)%7)
}
