package sqldb_test

import (
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

var placementUser = pejling.User{ID: 7, Name: "cw", Role: pejling.RoleCaseWorker, Municipality: 751}

// newPlacement returns a praktik of municipality 751 made by placementUser, as
// employer's rules make it, starting 10 days before slotNow.
func newPlacement(person string) pejling.Placement {
	start := pejling.UTCDay(slotNow) - 10
	p := pejling.Placement{Municipality: 751, PersonID: person, Type: pejling.Praktik, CVR: "12345678",
		Start: start, End: start + 55, HoursPerWeek: 20, Group: pejling.KTH}
	p, err := employer.DefaultPlacementPolicy().New(p, placementUser, slotNow)
	if err != nil {
		panic(err)
	}
	return p
}

// TestPlacementStore creates, finds, lists and changes placements; another
// municipality sees none; a stale version is refused.
func TestPlacementStore(t *testing.T) {
	pol := employer.DefaultPlacementPolicy()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		p := newPlacement("P1")
		if err := db.CreatePlacement(ctx, &p); err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.Version != 1 || p.Status != pejling.PlacementPlanned {
			t.Fatalf("created %+v", p)
		}
		lts := newPlacement("P2")
		lts.Type, lts.CVR, lts.End = pejling.LtsPrivat, "87654321", lts.Start+200
		lts, _ = pol.New(lts, placementUser, slotNow)
		if err := db.CreatePlacement(ctx, &lts); err != nil {
			t.Fatal(err)
		}
		if lts.Status != pejling.PlacementPendingApproval {
			t.Fatalf("a 200-day løntilskud is %s, want pending approval", lts.Status)
		}
		if _, err := db.FindPlacement(ctx, 101, p.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("another municipality: %v, want ENOTFOUND", err)
		}
		if ps, err := db.FindPlacements(ctx, pejling.PlacementFilter{Municipality: 101}); err != nil || len(ps) != 0 {
			t.Errorf("another municipality lists %d, %v", len(ps), err)
		}
		for _, tc := range []struct {
			name string
			f    pejling.PlacementFilter
			want int
		}{
			{"All", pejling.PlacementFilter{Municipality: 751}, 2},
			{"Person", pejling.PlacementFilter{Municipality: 751, PersonID: "P2"}, 1},
			{"CVR", pejling.PlacementFilter{Municipality: 751, CVR: "12345678"}, 1},
			{"Status", pejling.PlacementFilter{Municipality: 751, Status: pejling.PlacementPendingApproval}, 1},
		} {
			ps, err := db.FindPlacements(ctx, tc.f)
			if err != nil || len(ps) != tc.want {
				t.Errorf("%s: %d placements, %v; want %d", tc.name, len(ps), err, tc.want)
			}
		}
		for _, f := range []pejling.PlacementFilter{{Municipality: 0}, {Municipality: 751, CVR: "1' OR '1'='1"},
			{Municipality: 751, Status: "x"}, {Municipality: 751, PersonID: "<script>"}} {
			if _, err := db.FindPlacements(ctx, f); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("filter %+v: %v, want EINVALID", f, err)
			}
		}

		// A follow-up, stored with the change; the stale version loses.
		got, err := db.FindPlacement(ctx, 751, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		next, err := pol.FollowUp(got, got.Start+3, "Godt i gang", placementUser, slotNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.UpdatePlacement(ctx, &next, got.Version); err != nil {
			t.Fatal(err)
		}
		stale, _ := pol.Decide(got, pejling.DecisionEnd, placementUser, slotNow)
		if err := db.UpdatePlacement(ctx, &stale, got.Version); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("stale version: %v, want ECONFLICT", err)
		}
		got, _ = db.FindPlacement(ctx, 751, p.ID)
		if got.Version != 2 || len(got.FollowUps) != 1 || got.FollowUps[0].Note != "Godt i gang" || got.Decision != "" {
			t.Errorf("after the follow-up: %+v", got)
		}
		moved := got
		moved.End++
		if err := db.UpdatePlacement(ctx, &moved, got.Version); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("moving the fixed end: %v, want EINVALID", err)
		}
		ended, err := pol.EndEarly(got, got.Start+5, "Sygdom", slotNow)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.UpdatePlacement(ctx, &ended, got.Version); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindPlacement(ctx, 751, p.ID)
		if got.Status != pejling.PlacementEnded || got.EndedOn != got.Start+5 || got.Reason != "Sygdom" || got.LastDay() != got.Start+5 {
			t.Errorf("ended early: %+v", got)
		}
		if _, err := pol.EndEarly(got, got.Start+5, "igen", slotNow); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("ending twice: %v, want ECONFLICT", err)
		}

		// Concurrent changes of one version: exactly one wins.
		cur, _ := db.FindPlacement(ctx, 751, lts.ID)
		approver := pejling.User{ID: 9, Name: "boss", Role: pejling.RoleAdmin, Municipality: 751}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := pol.Approve(cur, approver, slotNow)
				if err == nil {
					err = db.UpdatePlacement(ctx, &n, cur.Version)
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch pejling.ErrorCode(err) {
			case "":
				ok++
			case pejling.ECONFLICT:
			default:
				t.Errorf("concurrent approval: %v", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d concurrent approvals of one version succeeded, want 1 (%v)", ok, errs)
		}
	})
}

// TestPlacementFromReservation turns a confirmed reservation into a placement: twice
// at once gives exactly one; a held one, or one of another person or slot type, none.
func TestPlacementFromReservation(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		slot := mustCreateSlot(t, db, newSlot("Lager"))
		held := mustReserve(t, db, slot.ID, "P1", slotNow, time.Hour)
		p := newPlacement("P1")
		p.ReservationID = held.ID
		err := db.CreatePlacement(ctx, &p)
		wantCode(t, err, pejling.ECONFLICT, "only a confirmed reservation")
		if _, err := db.ConfirmReservation(ctx, 751, held.ID, slotNow); err != nil {
			t.Fatal(err)
		}
		other := newPlacement("P9")
		other.ReservationID = held.ID
		wantCode(t, db.CreatePlacement(ctx, &other), pejling.EINVALID, "another person")
		lts := newPlacement("P1")
		lts.Type, lts.ReservationID = pejling.LtsPrivat, held.ID
		wantCode(t, db.CreatePlacement(ctx, &lts), pejling.EINVALID, "does not give")
		foreign := newPlacement("P1")
		foreign.Municipality, foreign.ReservationID = 101, held.ID
		wantCode(t, db.CreatePlacement(ctx, &foreign), pejling.ENOTFOUND, "no reservation")

		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				q := newPlacement("P1")
				q.ReservationID = held.ID
				errs[i] = db.CreatePlacement(ctx, &q)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Errorf("second placement of the reservation: %v, want ECONFLICT", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d placements of one reservation, want 1: %v", ok, errs)
		}
		ps, _ := db.FindPlacements(ctx, pejling.PlacementFilter{Municipality: 751})
		if len(ps) != 1 || ps[0].SlotID != slot.ID || ps[0].ReservationID != held.ID {
			t.Errorf("stored %+v", ps)
		}
	})
}

// checkStoredPlacement keeps the compiler honest about the store's method set.
var _ = (*sqldb.DB).FindPlacements
