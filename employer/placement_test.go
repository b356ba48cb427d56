package employer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

var (
	plNow   = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	plToday = pejling.UTCDay(plNow)
	cw      = pejling.User{ID: 1, Name: "cw", Role: pejling.RoleCaseWorker, Municipality: 751}
	boss    = pejling.User{ID: 2, Name: "boss", Role: pejling.RoleAdmin, Municipality: 751}
)

func placement(t pejling.ActivationType, start, end pejling.Date) pejling.Placement {
	return pejling.Placement{Municipality: 751, PersonID: "P1", Type: t, CVR: "12345678", Start: start, End: end,
		HoursPerWeek: 30, Group: pejling.KTH}
}

func TestPlacementApprovalRule(t *testing.T) {
	pol := employer.DefaultPlacementPolicy()
	jan1 := pejling.DateOf(2026, time.January, 1)
	for _, tc := range []struct {
		name string
		p    pejling.Placement
		want bool
	}{
		{"PraktikLong", placement(pejling.Praktik, jan1, jan1+200), false},
		{"LtsThreeMonths", placement(pejling.LtsPrivat, jan1, pejling.DateOf(2026, time.March, 31)), false},
		{"LtsOneDayMore", placement(pejling.LtsPrivat, jan1, pejling.DateOf(2026, time.April, 1)), true},
		{"LtsPublicLong", placement(pejling.LtsOffentlig, jan1, jan1+180), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := pol.New(tc.p, cw, plNow)
			if err != nil {
				t.Fatal(err)
			}
			if p.NeedsApproval != tc.want || (p.Status == pejling.PlacementPendingApproval) != tc.want || p.Counts() == tc.want {
				t.Errorf("needs approval %v, status %s; want %v", p.NeedsApproval, p.Status, tc.want)
			}
		})
	}
}

func TestPlacementTransitions(t *testing.T) {
	pol := employer.DefaultPlacementPolicy()
	long, err := pol.New(placement(pejling.LtsPrivat, plToday-10, plToday+150), cw, plNow)
	if err != nil {
		t.Fatal(err)
	}
	long.ID = 1
	running, _ := pol.New(placement(pejling.Praktik, plToday-30, plToday+20), cw, plNow)
	running.ID = 2
	future, _ := pol.New(placement(pejling.Praktik, plToday+5, plToday+40), cw, plNow)
	future.ID = 3
	ended, err := pol.EndEarly(running, plToday-1, "Job", plNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, code, text string
		do               func() (pejling.Placement, error)
	}{
		{"ApproveOwn", pejling.EFORBIDDEN, "nobody approves a placement they created", func() (pejling.Placement, error) {
			own := boss
			own.ID = cw.ID
			return pol.Approve(long, own, plNow)
		}},
		{"ApproveWrongRole", pejling.EFORBIDDEN, "may not approve", func() (pejling.Placement, error) {
			return pol.Approve(long, pejling.User{ID: 5, Name: "c", Role: pejling.RoleConsultant, Municipality: 751}, plNow)
		}},
		{"ApproveOtherMunicipality", pejling.EFORBIDDEN, "municipality", func() (pejling.Placement, error) {
			return pol.Approve(long, pejling.User{ID: 5, Name: "b", Role: pejling.RoleAdmin, Municipality: 101}, plNow)
		}},
		{"ApproveNotPending", pejling.ECONFLICT, "not waiting", func() (pejling.Placement, error) { return pol.Approve(running, boss, plNow) }},
		{"FollowUpPending", pejling.ECONFLICT, "only an approved", func() (pejling.Placement, error) {
			return pol.FollowUp(long, plToday, "x", cw, plNow)
		}},
		{"FollowUpFuture", pejling.EINVALID, "future", func() (pejling.Placement, error) {
			return pol.FollowUp(running, plToday+1, "x", cw, plNow)
		}},
		{"FollowUpNoNote", pejling.EINVALID, "note", func() (pejling.Placement, error) { return pol.FollowUp(running, plToday, " ", cw, plNow) }},
		{"FollowUpCPR", pejling.EINVALID, "CPR", func() (pejling.Placement, error) {
			return pol.FollowUp(running, plToday, "ring 010190-1234", cw, plNow)
		}},
		{"DecideLts", pejling.ECONFLICT, "no decision", func() (pejling.Placement, error) {
			return pol.Decide(long, pejling.DecisionEnd, cw, plNow)
		}},
		{"DecideBad", pejling.EINVALID, "decision", func() (pejling.Placement, error) { return pol.Decide(running, "<script>", cw, plNow) }},
		{"DecideNotStarted", pejling.ECONFLICT, "not started", func() (pejling.Placement, error) {
			return pol.Decide(future, pejling.DecisionWageSubsidy, cw, plNow)
		}},
		{"EndTwice", pejling.ECONFLICT, "already ended", func() (pejling.Placement, error) { return pol.EndEarly(ended, plToday, "x", plNow) }},
		{"EndNotStarted", pejling.ECONFLICT, "cancel it instead", func() (pejling.Placement, error) {
			return pol.EndEarly(future, plToday, "x", plNow)
		}},
		{"EndNoReason", pejling.EINVALID, "reason", func() (pejling.Placement, error) { return pol.EndEarly(running, plToday, "", plNow) }},
		{"EndOutside", pejling.EINVALID, "early end", func() (pejling.Placement, error) {
			return pol.EndEarly(running, plToday-40, "x", plNow)
		}},
		{"CancelRunning", pejling.ECONFLICT, "end it early", func() (pejling.Placement, error) { return pol.Cancel(running, "x", plNow) }},
		{"CancelEnded", pejling.ECONFLICT, "already ended", func() (pejling.Placement, error) { return pol.Cancel(ended, "x", plNow) }},
		{"OutcomeEarly", pejling.ECONFLICT, "taken on", func() (pejling.Placement, error) {
			return pol.RecordOutcome(ended, pejling.OutcomeEmployed, pejling.OutcomeByHand, cw, plNow)
		}},
		{"OutcomeBad", pejling.EINVALID, "outcome", func() (pejling.Placement, error) {
			return pol.RecordOutcome(ended, "rich", pejling.OutcomeByHand, cw, plNow)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.do()
			if pejling.ErrorCode(err) != tc.code || !strings.Contains(pejling.ErrorMessage(err), tc.text) {
				t.Errorf("error %v, want %s saying %q", err, tc.code, tc.text)
			}
		})
	}
	t.Run("Allowed", func(t *testing.T) {
		a, err := pol.Approve(long, boss, plNow)
		if err != nil || a.Status != pejling.PlacementPlanned || a.ApprovedBy != boss.ID || !a.Counts() {
			t.Errorf("approve: %+v, %v", a, err)
		}
		c, err := pol.Cancel(future, "Trak sig", plNow)
		if err != nil || c.Status != pejling.PlacementCancelled || c.Counts() {
			t.Errorf("cancel: %+v, %v", c, err)
		}
		if ended.LastDay() != plToday-1 || ended.Spell().End != plToday-1 {
			t.Errorf("ended early counts to %s", ended.Spell().End)
		}
		later := plNow.AddDate(0, 0, 200)
		o, err := pol.RecordOutcome(ended, pejling.OutcomeEducation, pejling.OutcomeByHand, cw, later)
		if err != nil || o.Outcome != pejling.OutcomeEducation {
			t.Errorf("outcome: %+v, %v", o, err)
		}
		if _, err := pol.RecordOutcome(o, pejling.OutcomeOther, pejling.OutcomeByHand, cw, later); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("outcome twice: %v", err)
		}
	})
}

func TestPlacementReminders(t *testing.T) {
	pol := employer.DefaultPlacementPolicy()
	start := plToday - 30
	p, _ := pol.New(placement(pejling.Praktik, start, start+90), cw, plNow)
	p.ID = 1
	got := pol.Reminders([]pejling.Placement{p}, plToday)
	if len(got) != 2 || got[0].Kind != pejling.ReminderFollowUp || got[0].Due != start+14 ||
		got[1].Kind != pejling.ReminderDecision || got[1].Due != start+28 {
		t.Fatalf("reminders %+v", got)
	}
	p, _ = pol.FollowUp(p, plToday-2, "ok", cw, plNow)
	p, _ = pol.Decide(p, pejling.DecisionContinuePraktik, cw, plNow)
	if got := pol.Reminders([]pejling.Placement{p}, plToday); len(got) != 0 {
		t.Errorf("after follow-up and decision: %+v", got)
	}
	if due, ok := pol.NextFollowUp(p); !ok || due != plToday+12 {
		t.Errorf("next follow-up %s %v", due, ok)
	}
	outcomeDay := p.End + 182
	got = pol.Reminders([]pejling.Placement{p}, outcomeDay)
	if len(got) == 0 || got[len(got)-1].Kind != pejling.ReminderOutcome || got[len(got)-1].Due != outcomeDay {
		t.Errorf("outcome reminder: %+v", got)
	}
	person := pejling.Person{ID: "P1",
		Employment: []pejling.EmploymentSpell{{PersonID: "P1", Start: outcomeDay - 5, End: pejling.Forever}},
		Benefit:    []pejling.BenefitSpell{{PersonID: "P1", Start: outcomeDay - 100, End: outcomeDay + 3}}}
	if o, ok := employer.RegisterOutcome(person, outcomeDay, outcomeDay); !ok || o != pejling.OutcomeEmployed {
		t.Errorf("register outcome %s %v, want employed", o, ok)
	}
	person.Employment = nil
	if o, ok := employer.RegisterOutcome(person, outcomeDay, outcomeDay); !ok || o != pejling.OutcomeOnBenefit {
		t.Errorf("register outcome %s %v, want on_benefit", o, ok)
	}
	if _, ok := employer.RegisterOutcome(person, outcomeDay, outcomeDay-1); ok {
		t.Error("an outcome day after as_of is not the register's to say")
	}
}

func TestLoadPlacementPolicy(t *testing.T) {
	for _, tc := range []struct{ name, json, text string }{
		{"Unknown", `{"follow_up_every_days":14,"decision_after_days":28,"outcome_after_days":182,"x":1}`, "unknown field"},
		{"FollowUpZero", `{"follow_up_every_days":0,"decision_after_days":28,"outcome_after_days":182}`, "follow_up_every_days"},
		{"Politician", `{"follow_up_every_days":14,"decision_after_days":28,"outcome_after_days":182,
			"approval_rules":[{"name":"a","types":["lts_privat"],"longer_than_months":3,"approver_roles":["politician"]}]}`, "may not approve"},
		{"NoRoles", `{"follow_up_every_days":14,"decision_after_days":28,"outcome_after_days":182,
			"approval_rules":[{"name":"a","types":["lts_privat"],"longer_than_months":3,"approver_roles":[]}]}`, "no approver"},
		{"BadType", `{"follow_up_every_days":14,"decision_after_days":28,"outcome_after_days":182,"decision_types":["nytte"]}`, "not a company placement"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := employer.LoadPlacementPolicy(strings.NewReader(tc.json))
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(err.Error(), tc.text) {
				t.Errorf("error %v, want EINVALID saying %q", err, tc.text)
			}
		})
	}
}
