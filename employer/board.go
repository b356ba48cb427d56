package employer

import (
	"slices"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// The team board (DOMAIN.md §6): per team and per consultant, week by week (ISO weeks,
// Monday–Sunday), the key figures of the caseload, the employer-service work done and
// the team's goals against the results.
//
// Definitions, for a set of consultants (one consultant, or a team's current members)
// and a week W:
//   - caseload: the persons with an assignment to one of the consultants that has a day
//     in W (a citizen reassigned mid-week is on both consultants' caseloads that week;
//     a team counts a person once);
//   - activation rate, outflow, turnover speed: the figures engine (package figures,
//     DOMAIN.md §8) fed only the caseload persons' register spells, of every group and
//     municipality (outflow looks for support anywhere), read in the cell of the team's
//     municipality × all groups for the period W. When fewer than MinGroupSize persons
//     of the caseload are known to the register, the three are not given (TooFew): a
//     rate of one or two citizens would tell about them. In a week that starts after
//     the register's as_of, outflow and turnover speed are not given (the register
//     cannot have seen a spell end then), the activation rate is;
//   - company visits: contact-log entries of the consultants with channel visit whose
//     time falls in W (in the board's time zone);
//   - orders handled: distinct job orders with at least one event (taking it, an answer,
//     candidates, filling, closing, renewing) by one of the consultants in W;
//   - service levels: the service-level clocks (Clocks, as ServiceLevelShares counts
//     them) of the orders the consultants own whose deadline falls in W, at Now: met /
//     (met + missed); pending and void clocks are not in the share.
//
// Team membership is the current one for every week shown (its history is not kept);
// caseloads keep their history.

// BoardInput is everything a board is computed from.
type BoardInput struct {
	Municipality int
	Weeks        []figures.Period // ISO weeks, oldest first
	AsOf         pejling.Date     // the register's as_of (outflow is pending within 28 days of it)
	Now          time.Time        // the time the service-level clocks are read at
	Zone         *time.Location   // the day of a contact or an event; UTC when nil
	Teams        []pejling.Team
	Members      []pejling.TeamMember
	Caseloads    []pejling.CaseloadAssignment
	Persons      []pejling.Person // the register's spells of the caseload persons
	Contacts     []pejling.ContactLogEntry
	Orders       []pejling.JobOrder
	Goals        []pejling.TeamGoal
	Policy       *Policy
}

// Value is a figure that may be empty (Valid false): a ratio over nothing, or a figure
// not given.
type Value struct {
	V     float64
	Valid bool
}

// BoardCell is the board of one team or consultant in one week.
type BoardCell struct {
	Week     figures.Period
	Caseload int // persons on the caseload
	Known    int // of them, persons with a register spell
	// TooFew: Known < MinGroupSize; ActivationRate, Outflow, OutflowPending and
	// TurnoverSpeed are then left empty.
	TooFew bool
	// AfterRegister: the week starts after the register's as_of; Outflow and
	// TurnoverSpeed are then left empty (not known yet).
	AfterRegister                          bool
	ActivationRate, Outflow, TurnoverSpeed Value
	OutflowPending                         int
	Visits, OrdersHandled                  int
	LevelsMet, LevelsMissed, LevelsPending int
	ServiceLevels                          Value        // LevelsMet / (LevelsMet + LevelsMissed)
	Goals                                  []GoalResult // team cells: one per metric, in TeamMetrics order
}

// Result is the cell's value of a metric.
func (c BoardCell) Result(m pejling.TeamMetric) Value {
	switch m {
	case pejling.MetricActivationRate:
		return c.ActivationRate
	case pejling.MetricOutflow:
		return c.Outflow
	case pejling.MetricTurnoverSpeed:
		return c.TurnoverSpeed
	case pejling.MetricCompanyVisits:
		return Value{float64(c.Visits), true}
	case pejling.MetricOrdersHandled:
		return Value{float64(c.OrdersHandled), true}
	case pejling.MetricServiceLevels:
		return c.ServiceLevels
	}
	panic("employer: BoardCell.Result: unknown metric " + string(m))
}

// GoalState is how a result stands against a goal.
type GoalState string

// The states of a goal in a week.
const (
	GoalMet      GoalState = "met"
	GoalNotMet   GoalState = "not_met"
	GoalNoResult GoalState = "no_result" // a goal, but the result is empty (too few, nothing decided)
	NoGoal       GoalState = "no_goal"
)

// GoalResult is one metric of a team's week against the goal in force that week.
type GoalResult struct {
	Metric pejling.TeamMetric
	Goal   *pejling.TeamGoal // nil: no goal
	Result Value
	State  GoalState
}

// MemberBoard is one consultant's weeks.
type MemberBoard struct {
	UserID int64
	Weeks  []BoardCell
}

// TeamBoard is one team's weeks and its members'.
type TeamBoard struct {
	Team    pejling.Team
	Weeks   []BoardCell
	Members []MemberBoard
}

// Board is the board of every team of a municipality.
type Board struct {
	Weeks []figures.Period
	Teams []TeamBoard
}

// ComputeBoard computes the board of every team in in.Teams (in their order) and of
// its members (by user id) for every week of in.Weeks.
func ComputeBoard(in BoardInput) Board {
	zone := in.Zone
	if zone == nil {
		zone = time.UTC
	}
	policy := in.Policy
	if policy == nil {
		policy = DefaultPolicy()
	}
	persons := map[string]*pejling.Person{}
	for i := range in.Persons {
		persons[in.Persons[i].ID] = &in.Persons[i]
	}
	day := func(t time.Time) pejling.Date {
		y, m, d := t.In(zone).Date()
		return pejling.DateOf(y, m, d)
	}
	b := Board{Weeks: slices.Clone(in.Weeks)}
	cell := func(users []int64, w figures.Period) BoardCell {
		c := BoardCell{Week: w}
		var set []*pejling.Person
		seen := map[string]bool{}
		for _, a := range in.Caseloads {
			if a.Municipality == in.Municipality && slices.Contains(users, a.UserID) && a.Covers(w.First, w.Last) && !seen[a.PersonID] {
				seen[a.PersonID] = true
				c.Caseload++
				if p := persons[a.PersonID]; p != nil {
					set = append(set, p)
				}
			}
		}
		c.Known = len(set)
		c.TooFew = c.Known < MinGroupSize
		if !c.TooFew {
			f := CaseloadFigures(in.Municipality, w, in.AsOf, set)
			c.ActivationRate, c.Outflow, c.TurnoverSpeed, c.OutflowPending = f.ActivationRate, f.Outflow, f.TurnoverSpeed, f.OutflowPending
			// A week after the register's extract date: no benefit spell can have ended
			// in it as far as the register knows, so its outflow (and turnover speed)
			// would read 0 — not known, so not given. The activation rate is given: the
			// running benefit spells last past as_of (§8) and the placements recorded in
			// the app after it count.
			if c.AfterRegister = w.First > in.AsOf; c.AfterRegister {
				c.Outflow, c.TurnoverSpeed, c.OutflowPending = Value{}, Value{}, 0
			}
		}
		for _, e := range in.Contacts {
			if e.Channel == pejling.ContactByVisit && slices.Contains(users, e.UserID) && inWeek(day(e.At), w) {
				c.Visits++
			}
		}
		for _, o := range in.Orders {
			if slices.ContainsFunc(o.History, func(e pejling.OrderEvent) bool { return slices.Contains(users, e.Actor) && inWeek(day(e.At), w) }) {
				c.OrdersHandled++
			}
			if !slices.Contains(users, o.Owner) {
				continue
			}
			for _, k := range Clocks(o, policy, in.Now) {
				if !inWeek(day(k.Deadline), w) {
					continue
				}
				switch k.State {
				case LevelMet:
					c.LevelsMet++
				case LevelMissed:
					c.LevelsMissed++
				case LevelPending:
					c.LevelsPending++
				}
			}
		}
		if n := c.LevelsMet + c.LevelsMissed; n > 0 {
			c.ServiceLevels = Value{float64(c.LevelsMet) / float64(n), true}
		}
		return c
	}
	for _, t := range in.Teams {
		tb := TeamBoard{Team: t}
		var users []int64
		for _, m := range in.Members {
			if m.TeamID == t.ID {
				users = append(users, m.UserID)
			}
		}
		slices.Sort(users)
		for _, w := range in.Weeks {
			c := cell(users, w)
			c.Goals = goalResults(c, t.ID, in.Goals)
			tb.Weeks = append(tb.Weeks, c)
		}
		for _, u := range users {
			mb := MemberBoard{UserID: u}
			for _, w := range in.Weeks {
				mb.Weeks = append(mb.Weeks, cell([]int64{u}, w))
			}
			tb.Members = append(tb.Members, mb)
		}
		b.Teams = append(b.Teams, tb)
	}
	return b
}

func inWeek(d pejling.Date, w figures.Period) bool { return w.First <= d && d <= w.Last }

// goalResults compares the cell with the team's goals in force in its week: for each
// metric the goal with the latest FromWeek on or before the week's Monday.
func goalResults(c BoardCell, team int64, goals []pejling.TeamGoal) []GoalResult {
	var out []GoalResult
	for _, m := range pejling.TeamMetrics() {
		r := GoalResult{Metric: m, Result: c.Result(m), State: NoGoal}
		for i, g := range goals {
			if g.TeamID == team && g.Metric == m && g.FromWeek <= c.Week.First && (r.Goal == nil || g.FromWeek > r.Goal.FromWeek) {
				r.Goal = &goals[i]
			}
		}
		switch {
		case r.Goal == nil:
		case !r.Result.Valid:
			r.State = GoalNoResult
		case r.Goal.Direction == pejling.AtLeast && r.Result.V >= r.Goal.Target,
			r.Goal.Direction == pejling.AtMost && r.Result.V <= r.Goal.Target:
			r.State = GoalMet
		default:
			r.State = GoalNotMet
		}
		out = append(out, r)
	}
	return out
}

// CaseloadFiguresResult holds the caseload's key figures of one period.
type CaseloadFiguresResult struct {
	FullTimePersons                        Value
	ActivationRate, Outflow, TurnoverSpeed Value
	OutflowPending                         int
}

// CaseloadFigures runs the figures engine over only the persons given (all their
// spells) for the period p, with the register's asOf, and reads the cell of
// municipality m × all groups: activation_rate, outflow, outflow_pending,
// turnover_speed and full_time_persons exactly as DOMAIN.md §8 defines them on that subset.
func CaseloadFigures(m int, p figures.Period, asOf pejling.Date, persons []*pejling.Person) CaseloadFiguresResult {
	e := figures.NewEngine(figures.Input{AsOf: asOf, Municipalities: []int{m}}, []figures.Period{p})
	for _, x := range persons {
		e.Add(x)
	}
	var r CaseloadFiguresResult
	for row := range e.All() {
		if row.Municipality != m || row.Group != "" {
			continue
		}
		v := Value{row.Value, row.Valid}
		switch row.Figure {
		case figures.FullTimePersons:
			r.FullTimePersons = v
		case figures.ActivationRate:
			r.ActivationRate = v
		case figures.Outflow:
			r.Outflow = v
		case figures.OutflowPending:
			r.OutflowPending = int(row.Value)
		case figures.TurnoverSpeed:
			r.TurnoverSpeed = v
		}
	}
	return r
}

// BoardWeeks returns the ISO week of today and the weeks before it, n in all, oldest first.
func BoardWeeks(today pejling.Date, n int) []figures.Period {
	mon := pejling.WeekMonday(today)
	ws := make([]figures.Period, n)
	for i := range ws {
		first := mon - pejling.Date(7*(n-1-i))
		ws[i] = figures.Period{First: first, Last: first + 6}
	}
	return ws
}
