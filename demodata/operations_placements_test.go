package demodata_test

import (
	"reflect"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/employer"
)

// TestOperationsPlacements checks the demo's placements: made by the rules
// (PlacementPolicy.New gives each again), never approved by their creator but by an
// admin of the municipality, at most one per reservation and only from a confirmed one
// of the same person and company, by staff of the municipality, for persons on benefit
// there, nothing after now, no CPR number; and every state a consultant meets is there.
func TestOperationsPlacements(t *testing.T) {
	dir, ops := mustOperations(t)
	pol := employer.DefaultPlacementPolicy()
	today := pejling.UTCDay(opsNow)
	persons := map[string]map[int]bool{}
	for _, r := range readCSV(t, dir, "benefit_spells.csv", "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction") {
		if persons[r[0]] == nil {
			persons[r[0]] = map[int]bool{}
		}
		persons[r[0]][mustMuni(t, r[1])] = true
	}
	staff := func(what string, id int64, m int) pejling.User {
		t.Helper()
		if id < 1 || int(id) > len(ops.Staff) || ops.Staff[id-1].Municipality != m {
			t.Fatalf("%s: user %d is not staff of %d", what, id, m)
		}
		s := ops.Staff[id-1]
		return pejling.User{ID: id, Name: s.Name, Role: s.Role, Municipality: s.Municipality}
	}
	noCPR := func(what, s string) {
		if pejling.HasCPRNumber(s) {
			t.Errorf("%s holds a CPR number", what)
		}
	}
	fromReservation := map[int]bool{}
	seen := map[string]int{}
	for _, x := range ops.Placements {
		p, f := x.Made, x.Final
		m := p.Municipality
		again, err := pol.New(p, staff("creator", p.CreatedBy, m), p.CreatedAt)
		if err != nil || !reflect.DeepEqual(again, p) {
			t.Fatalf("not as PlacementPolicy.New makes it (%v):\n%+v\n%+v", err, p, again)
		}
		if err := f.Validate(); err != nil {
			t.Errorf("final %+v: %v", f, err)
		}
		if f.PersonID != p.PersonID || f.Type != p.Type || f.CVR != p.CVR || f.Start != p.Start || f.End != p.End || f.Group != p.Group ||
			f.CreatedBy != p.CreatedBy || f.NeedsApproval != p.NeedsApproval {
			t.Errorf("fixed fields changed: %+v → %+v", p, f)
		}
		if !persons[p.PersonID][m] || pejling.ValidPersonID(p.PersonID) != nil {
			t.Errorf("person %s has no benefit spell in %d", p.PersonID, m)
		}
		noCPR("person", p.PersonID)
		noCPR("reason", f.Reason)
		if p.CreatedAt.After(opsNow) || f.UpdatedAt.After(opsNow) || f.ApprovedAt.After(opsNow) {
			t.Errorf("a step after now: %+v", f)
		}
		if f.ApprovedBy != 0 {
			if a := staff("approver", f.ApprovedBy, m); f.ApprovedBy == f.CreatedBy || a.Role != pejling.RoleAdmin {
				t.Errorf("placement of %s approved by %+v, created by %d", p.PersonID, a, f.CreatedBy)
			}
			seen["approved"]++
		}
		if f.Status == pejling.PlacementPendingApproval && f.ApprovedBy == 0 {
			seen["pending"]++
		}
		for i, fu := range f.FollowUps {
			staff("follow-up", fu.By, m)
			noCPR("note", fu.Note)
			if fu.Day < f.Start || fu.Day > f.LastDay() || fu.Day > today || fu.At.After(opsNow) || (i > 0 && fu.Day < f.FollowUps[i-1].Day) {
				t.Errorf("follow-up %+v of %s – %s", fu, f.Start, f.LastDay())
			}
		}
		if f.Decision != "" {
			staff("decision", f.DecidedBy, m)
			if f.Type != pejling.Praktik || f.DecidedOn < f.Start+pejling.Date(pol.DecisionAfterDays) || f.DecidedOn > today {
				t.Errorf("decision %s on %s of a %s from %s", f.Decision, f.DecidedOn, f.Type, f.Start)
			}
			seen["decided"]++
		}
		if f.Outcome != "" {
			staff("outcome", f.OutcomeBy, m)
			if pol.OutcomeDay(f) > today {
				t.Errorf("outcome before its day %s", pol.OutcomeDay(f))
			}
			seen["outcome"]++
		}
		if x.Reservation > 0 {
			if fromReservation[x.Reservation] {
				t.Errorf("reservation %d made into two placements", x.Reservation)
			}
			fromReservation[x.Reservation] = true
			res := ops.Reservations[x.Reservation-1]
			slot := ops.Slots[res.Slot]
			if res.Outcome != pejling.ReservationConfirmed || res.PersonID != p.PersonID || slot.CVR != p.CVR || slot.Municipality != m ||
				(slot.Type == pejling.SlotPraktik) != (p.Type == pejling.Praktik) || p.CreatedAt.Before(res.At) {
				t.Errorf("placement %+v from reservation %+v of slot %s %s", p, res, slot.CVR, slot.Type)
			}
			seen["from a reservation"]++
		} else {
			seen["direct"]++
		}
		if f.Counts() {
			if due, ok := pol.NextFollowUp(f); ok && due < today && f.Phase(today) == pejling.PhaseActive {
				seen["overdue follow-up"]++
			}
		}
		seen["phase "+string(f.Phase(today))]++
		seen["type "+string(f.Type)]++
		if f.Status == pejling.PlacementEnded {
			seen["ended early"]++
		}
	}
	t.Logf("%d placements: %v", len(ops.Placements), seen)
	for _, k := range []string{"approved", "pending", "decided", "outcome", "from a reservation", "direct", "overdue follow-up",
		"phase active", "phase ended", "ended early", "type praktik", "type lts_privat", "type lts_offentlig"} {
		if seen[k] == 0 {
			t.Errorf("no placement is %s", k)
		}
	}
	if ops.Rows()["placements"] != len(ops.Placements) || ops.Rows()["placement_follow_ups"] == 0 {
		t.Errorf("rows %v", ops.Rows())
	}
	// Deterministic: the same data set, seed and now give the same placements.
	again, err := demodata.GenerateOperations(demodata.OperationsConfig{Data: dir, Seed: 3, Now: opsNow})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Placements, ops.Placements) || !reflect.DeepEqual(again.Staff, ops.Staff) {
		t.Error("the placements differ between two runs")
	}
}
