package employer_test

import (
	"math"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/figures"
)

// boardExample is a hand-worked team board: team 1 has anna (user 1) and bo (user 2);
// the week of Monday 2 March 2026 (D = 7 days); as_of 1 June 2026, so every outflow of
// the week is decided.
//
//	person  caseload               spells in 101 (KTH) with days in the week
//	P1      anna from 1 Jan        benefit running, f=1: 7 days; praktik 37 h: 7 days
//	P2      anna from 1 Jan        benefit ending 4 Mar: 3 days; nothing after → outflow
//	P3      anna from 1 Jan        benefit ending 5 Mar: 4 days; new spell 20 Mar → no outflow
//	P4      anna from 1 Jan        benefit running, f=0.5: 3.5; vejledning 18.5 h 6–8 Mar: 1.5
//	P5      bo to 4 Mar, anna 5 Mar→  benefit in 147 to 6 Mar (not in 101's cell), in 101 from 7 Mar: 2
//	P6      bo from 1 Feb          benefit ending 2 Mar: 1 day; nothing after → outflow
//	P7      anna to 28 Feb         (large spells, but off the caseload this week)
//
// anna: full-time persons (7+3+4+3.5+2)/7 = 19.5/7, full-time activated (7+1.5)/7 =
// 8.5/7, activation rate 8.5/19.5, outflow 1 (P2), turnover speed 1/(19.5/7) = 7/19.5.
// bo: P5 and P6, fewer than 5 → not given. Team (P1–P6 once each): 20.5/7 and 8.5/7,
// activation rate 8.5/20.5, outflow 2, turnover speed 14/20.5.
func boardExample() employer.BoardInput {
	d := pejling.DateOf
	mon := d(2026, 3, 2)
	ben := func(p string, m int, from, to pejling.Date, f float64) pejling.BenefitSpell {
		return pejling.BenefitSpell{PersonID: p, Municipality: m, Group: pejling.KTH, Start: from, End: to, Fraction: f}
	}
	act := func(p string, t pejling.ActivationType, from, to pejling.Date, h float64) pejling.ActivationSpell {
		return pejling.ActivationSpell{PersonID: p, Municipality: 101, Group: pejling.KTH, Type: t, Start: from, End: to, HoursPerWeek: h, CVR: "12345678"}
	}
	persons := []pejling.Person{
		{ID: "P1", Benefit: []pejling.BenefitSpell{ben("P1", 101, d(2026, 1, 1), pejling.Forever, 1)},
			Activation: []pejling.ActivationSpell{act("P1", pejling.Praktik, mon, d(2026, 3, 31), 37)}},
		{ID: "P2", Benefit: []pejling.BenefitSpell{ben("P2", 101, d(2026, 1, 1), mon+2, 1)}},
		{ID: "P3", Benefit: []pejling.BenefitSpell{ben("P3", 101, d(2026, 2, 1), mon+3, 1), ben("P3", 101, d(2026, 3, 20), pejling.Forever, 1)}},
		{ID: "P4", Benefit: []pejling.BenefitSpell{ben("P4", 101, d(2026, 1, 1), pejling.Forever, 0.5)},
			Activation: []pejling.ActivationSpell{act("P4", pejling.Vejledning, mon+4, mon+6, 18.5)}},
		{ID: "P5", Benefit: []pejling.BenefitSpell{ben("P5", 147, d(2026, 1, 1), mon+4, 1), ben("P5", 101, mon+5, pejling.Forever, 1)}},
		{ID: "P6", Benefit: []pejling.BenefitSpell{ben("P6", 101, d(2026, 1, 1), mon, 1)}},
		{ID: "P7", Benefit: []pejling.BenefitSpell{ben("P7", 101, d(2025, 1, 1), pejling.Forever, 1)},
			Activation: []pejling.ActivationSpell{act("P7", pejling.Praktik, d(2026, 1, 1), d(2026, 12, 31), 37)}},
	}
	assign := func(p string, u int64, from, to pejling.Date) pejling.CaseloadAssignment {
		return pejling.CaseloadAssignment{Municipality: 101, PersonID: p, UserID: u, From: from, To: to}
	}
	jan1 := d(2026, 1, 1)
	caseloads := []pejling.CaseloadAssignment{
		assign("P1", 1, jan1, pejling.Forever), assign("P2", 1, jan1, pejling.Forever), assign("P3", 1, jan1, pejling.Forever),
		assign("P4", 1, jan1, pejling.Forever), assign("P5", 2, jan1, mon+2), assign("P5", 1, mon+3, pejling.Forever),
		assign("P6", 2, d(2026, 2, 1), pejling.Forever), assign("P7", 1, jan1, d(2026, 2, 28)),
		// Another municipality's assignment of a member never counts.
		{Municipality: 147, PersonID: "P7", UserID: 1, From: jan1, To: pejling.Forever},
	}
	utc := func(day pejling.Date, h, m int) time.Time {
		return day.Time().Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	contacts := []pejling.ContactLogEntry{
		{UserID: 1, Channel: pejling.ContactByVisit, At: utc(mon+1, 9, 0)},   // anna: a visit
		{UserID: 1, Channel: pejling.ContactByPhone, At: utc(mon+1, 10, 0)},  // a call is no visit
		{UserID: 2, Channel: pejling.ContactByVisit, At: utc(mon+6, 22, 30)}, // Sunday 23:30 in Copenhagen: in the week
		{UserID: 2, Channel: pejling.ContactByVisit, At: utc(mon+6, 23, 30)}, // Monday 00:30 in Copenhagen: the next week
		{UserID: 99, Channel: pejling.ContactByVisit, At: utc(mon+2, 9, 0)},  // not a member
		{UserID: 1, Channel: pejling.ContactByVisit, At: utc(mon-3, 9, 0)},   // the week before
	}
	ev := func(t pejling.OrderEventType, at time.Time, actor int64) pejling.OrderEvent {
		return pejling.OrderEvent{Type: t, At: at, Actor: actor}
	}
	orders := []pejling.JobOrder{
		// A: anna's, taken Monday 09:00 (08:00 UTC), answered at 10:00: the 24-hour clock
		// ends Thursday 5 March 10:30 and is met.
		{ID: 1, Owner: 1, Channel: pejling.ChannelNormal, Status: pejling.OrderAcknowledged, CreatedAt: utc(mon, 8, 0),
			History: []pejling.OrderEvent{ev(pejling.OrderCreated, utc(mon, 8, 0), 1), ev(pejling.OrderAcknowledge, utc(mon, 9, 0), 1)}},
		// B: bo's, taken Friday 27 February 12:00, never answered; its clock ends Thursday
		// 5 March 08:30 and is missed. Renewed by bo on Tuesday: handled this week.
		{ID: 2, Owner: 2, Channel: pejling.ChannelNormal, Status: pejling.OrderNew, CreatedAt: utc(mon-3, 11, 0),
			History: []pejling.OrderEvent{ev(pejling.OrderCreated, utc(mon-3, 11, 0), 2), ev(pejling.OrderRenew, utc(mon+1, 12, 0), 2)}},
		// E: bo's hotline order, taken Friday 27 February 12:00; candidates sent Monday
		// 09:30: the 3-hour clock ends Monday 2 March 10:00 (the week's first day) and the
		// 24-hour clock Thursday 08:30, both met.
		{ID: 5, Owner: 2, Channel: pejling.ChannelHotline, Status: pejling.OrderCandidatesSent, CreatedAt: utc(mon-3, 11, 0),
			History: []pejling.OrderEvent{ev(pejling.OrderCreated, utc(mon-3, 11, 0), 2), ev(pejling.OrderSendCandidates, utc(mon, 8, 30), 2)}},
		// C: a colleague's order on which anna sent candidates: handled by anna, not her clock.
		{ID: 3, Owner: 99, Channel: pejling.ChannelNormal, Status: pejling.OrderCandidatesSent, CreatedAt: utc(mon+2, 8, 0),
			History: []pejling.OrderEvent{ev(pejling.OrderCreated, utc(mon+2, 8, 0), 99), ev(pejling.OrderSendCandidates, utc(mon+2, 9, 0), 1)}},
	}
	goal := func(m pejling.TeamMetric, target float64, dir pejling.GoalDirection, from pejling.Date) pejling.TeamGoal {
		return pejling.TeamGoal{Municipality: 101, TeamID: 1, Metric: m, Target: target, Direction: dir, FromWeek: from}
	}
	copenhagen, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return employer.BoardInput{
		Municipality: 101,
		Weeks:        employer.BoardWeeks(mon+2, 2),
		AsOf:         d(2026, 6, 1),
		Now:          utc(mon+8, 12, 0),
		Zone:         copenhagen,
		Teams:        []pejling.Team{{ID: 1, Municipality: 101, Name: "Nord"}},
		Members:      []pejling.TeamMember{{TeamID: 1, UserID: 1}, {TeamID: 1, UserID: 2}},
		Caseloads:    caseloads,
		Persons:      persons,
		Contacts:     contacts,
		Orders:       orders,
		Goals: []pejling.TeamGoal{
			goal(pejling.MetricActivationRate, 0.4, pejling.AtLeast, mon-7),
			goal(pejling.MetricActivationRate, 0.5, pejling.AtLeast, mon), // replaces the one before from this week
			goal(pejling.MetricOutflow, 1, pejling.AtMost, mon-7),
			goal(pejling.MetricCompanyVisits, 2, pejling.AtLeast, mon-7),
			goal(pejling.MetricServiceLevels, 0.8, pejling.AtLeast, mon+7),                                                            // from next week: no goal yet
			{Municipality: 101, TeamID: 2, Metric: pejling.MetricOrdersHandled, Target: 1, Direction: pejling.AtLeast, FromWeek: mon}, // another team's
		},
	}
}

func boardNear(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

// TestComputeBoard checks the example's week against the hand count above.
func TestComputeBoard(t *testing.T) {
	in := boardExample()
	b := employer.ComputeBoard(in)
	if len(b.Teams) != 1 || len(b.Teams[0].Weeks) != 2 || len(b.Teams[0].Members) != 2 {
		t.Fatalf("shape %+v", b)
	}
	team, anna, bo := b.Teams[0].Weeks[1], b.Teams[0].Members[0].Weeks[1], b.Teams[0].Members[1].Weeks[1]
	if b.Teams[0].Members[0].UserID != 1 || team.Week != (figures.Period{First: pejling.DateOf(2026, 3, 2), Last: pejling.DateOf(2026, 3, 8)}) {
		t.Fatalf("members or week %+v %+v", b.Teams[0].Members[0].UserID, team.Week)
	}
	t.Run("Anna", func(t *testing.T) {
		if anna.Caseload != 5 || anna.TooFew || !boardNear(anna.ActivationRate.V, 8.5/19.5) || anna.Outflow.V != 1 ||
			!boardNear(anna.TurnoverSpeed.V, 7/19.5) || anna.OutflowPending != 0 {
			t.Errorf("%+v", anna)
		}
		if anna.Visits != 1 || anna.OrdersHandled != 2 || anna.LevelsMet != 1 || anna.LevelsMissed != 0 || anna.ServiceLevels.V != 1 {
			t.Errorf("work %+v", anna)
		}
	})
	t.Run("BoTooFew", func(t *testing.T) {
		if bo.Caseload != 2 || !bo.TooFew || bo.ActivationRate.Valid || bo.Outflow.Valid || bo.TurnoverSpeed.Valid {
			t.Errorf("%+v", bo)
		}
		if bo.Visits != 1 || bo.OrdersHandled != 2 || bo.LevelsMet != 2 || bo.LevelsMissed != 1 || !boardNear(bo.ServiceLevels.V, 2.0/3) {
			t.Errorf("work %+v", bo)
		}
	})
	t.Run("Team", func(t *testing.T) {
		if team.Caseload != 6 || team.TooFew || !boardNear(team.ActivationRate.V, 8.5/20.5) || team.Outflow.V != 2 || !boardNear(team.TurnoverSpeed.V, 14/20.5) {
			t.Errorf("%+v", team)
		}
		if team.Visits != 2 || team.OrdersHandled != 4 || team.LevelsMet != 3 || team.LevelsMissed != 1 || !boardNear(team.ServiceLevels.V, 0.75) {
			t.Errorf("work %+v", team)
		}
	})
	t.Run("Goals", func(t *testing.T) {
		want := map[pejling.TeamMetric]employer.GoalState{
			pejling.MetricActivationRate: employer.GoalNotMet, // 0.415 < 0.5 (the goal of this week)
			pejling.MetricOutflow:        employer.GoalNotMet, // 2 > 1
			pejling.MetricTurnoverSpeed:  employer.NoGoal,
			pejling.MetricCompanyVisits:  employer.GoalMet, // 2 ≥ 2
			pejling.MetricOrdersHandled:  employer.NoGoal,  // another team's goal
			pejling.MetricServiceLevels:  employer.NoGoal,  // from next week
		}
		if len(team.Goals) != len(want) {
			t.Fatalf("goals %+v", team.Goals)
		}
		for _, g := range team.Goals {
			if g.State != want[g.Metric] {
				t.Errorf("%s: %s, want %s", g.Metric, g.State, want[g.Metric])
			}
		}
		if g := team.Goals[0]; g.Goal == nil || g.Goal.Target != 0.5 {
			t.Errorf("the goal in force: %+v", g.Goal)
		}
		// The week before: the earlier goal 0.4 is in force; the team's caseload there is
		// P1–P4, P5 (bo), P6, P7 and P7's full-time praktik lifts the rate.
		prev := b.Teams[0].Weeks[0]
		if prev.Goals[0].Goal == nil || prev.Goals[0].Goal.Target != 0.4 || prev.Caseload != 7 || prev.LevelsMet+prev.LevelsMissed != 0 || prev.OrdersHandled != 2 || prev.Visits != 1 {
			t.Errorf("the week before: %+v", prev)
		}
		if anna := b.Teams[0].Members[0].Weeks[0]; anna.Caseload != 5 {
			t.Errorf("anna the week before: %d persons", anna.Caseload)
		}
	})
}

// TestBoardAfterRegister: with the register's as_of moved before the last week (Sunday
// 1 March 2026), that week's outflow and turnover speed are not known — empty, the goal
// on outflow has no result — while its activation rate and the week before are as
// before.
func TestBoardAfterRegister(t *testing.T) {
	in := boardExample()
	full := employer.ComputeBoard(in)
	in.AsOf = pejling.DateOf(2026, 3, 1)
	b := employer.ComputeBoard(in)
	last, prev := b.Teams[0].Weeks[1], b.Teams[0].Weeks[0]
	if !last.AfterRegister || last.Outflow.Valid || last.TurnoverSpeed.Valid || !last.ActivationRate.Valid || last.OutflowPending != 0 {
		t.Errorf("the week after the register: %+v", last)
	}
	for _, g := range last.Goals {
		if g.Metric == pejling.MetricOutflow && g.State == employer.GoalMet || g.Metric == pejling.MetricOutflow && g.State == employer.GoalNotMet {
			t.Errorf("the outflow goal after the register: %s, want no result", g.State)
		}
	}
	if prev.AfterRegister || !prev.ActivationRate.Valid || full.Teams[0].Weeks[1].AfterRegister {
		t.Errorf("the week before, or the board with the full register, is marked after the register")
	}
}

// TestBoardEqualsEngine: the caseload figures are those of figures.Compute on the
// caseload's spells alone, in the cell of the municipality × all groups.
func TestBoardEqualsEngine(t *testing.T) {
	in := boardExample()
	b := employer.ComputeBoard(in)
	week := in.Weeks[1]
	var sub figures.Input
	sub.AsOf = in.AsOf
	for _, p := range in.Persons {
		if p.ID != "P7" { // off every caseload this week
			sub.Benefit = append(sub.Benefit, p.Benefit...)
			sub.Activation = append(sub.Activation, p.Activation...)
		}
	}
	got := map[string]figures.Row{}
	for _, r := range figures.Compute(sub, []figures.Period{week}) {
		if r.Municipality == 101 && r.Group == "" {
			got[r.Figure] = r
		}
	}
	team := b.Teams[0].Weeks[1]
	for f, v := range map[string]employer.Value{figures.ActivationRate: team.ActivationRate, figures.Outflow: team.Outflow, figures.TurnoverSpeed: team.TurnoverSpeed} {
		if r := got[f]; !r.Valid || !v.Valid || r.Value != v.V {
			t.Errorf("%s: engine %v, board %v", f, r, v)
		}
	}
}

// TestBoardServiceLevelsAsShares: a week holding every clock's deadline counts what
// ServiceLevelShares counts per owner.
func TestBoardServiceLevelsAsShares(t *testing.T) {
	in := boardExample()
	b := employer.ComputeBoard(in)
	met, missed := 0, 0
	for _, s := range employer.ServiceLevelShares(in.Orders, employer.DefaultPolicy(), in.Now, employer.ByOwner) {
		if s.Owner == 1 || s.Owner == 2 {
			met, missed = met+s.Met, missed+s.Missed
		}
	}
	if c := b.Teams[0].Weeks[1]; c.LevelsMet != met || c.LevelsMissed != missed {
		t.Errorf("board %d met %d missed, ServiceLevelShares %d and %d", c.LevelsMet, c.LevelsMissed, met, missed)
	}
}

// TestBoardWeeks: ISO weeks, Monday to Sunday, ending with today's.
func TestBoardWeeks(t *testing.T) {
	ws := employer.BoardWeeks(pejling.DateOf(2026, 1, 4), 13) // a Sunday
	if len(ws) != 13 || ws[12].First != pejling.DateOf(2025, 12, 29) || ws[12].Last != pejling.DateOf(2026, 1, 4) || ws[0].First != pejling.DateOf(2025, 10, 6) {
		t.Errorf("%v", ws)
	}
	if got := figures.ISOWeeks(ws[0].First, ws[12].Last); len(got) != 13 || got[5] != ws[5] {
		t.Errorf("not the engine's ISO weeks: %v", got)
	}
}
