package sqldb_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestJobOrderRequirements stores an order's requirements, reads them back, changes
// them by an edited event, and refuses a change of them without one, a bad value, and
// an edit based on an old version — on both databases.
func TestJobOrderRequirements(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		ctx := context.Background()
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 751)
		req := pejling.OrderRequirements{Occupation: "9333", Skills: []string{"truckcertifikat", "lager"}, MinEducation: 2,
			DrivingLicence: true, Address: "Industrivej 3, 8000 Aarhus C", Location: pejling.LatLon{Lat: 56.15, Lon: 10.2},
			HasLocation: true, Hours: pejling.HoursRange{Min: 30, Max: 37}}
		o := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday, func(o *pejling.JobOrder) { o.Requirements = req }))
		got := mustFindOrder(t, db, 751, o.ID)
		if !reflect.DeepEqual(got.Requirements, req) || !got.Requirements.Matchable() {
			t.Fatalf("stored requirements %+v, want %+v", got.Requirements, req)
		}
		// An order without requirements reads back as the zero value: not matchable.
		plain := mustFindOrder(t, db, 751, mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday)).ID)
		if plain.Requirements.Matchable() || plain.Requirements.HasLocation || plain.Requirements.Skills != nil {
			t.Errorf("an order without requirements reads %+v", plain.Requirements)
		}

		next := req
		next.Skills, next.HasLocation, next.Location, next.Occupation = []string{"lager"}, false, pejling.LatLon{}, "9334"
		edited, err := employer.ChangeOrderRequirements(ctx, db, 751, o.ID, got.Version, next, "kun lager", bo.ID, orderMonday.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		got = mustFindOrder(t, db, 751, o.ID)
		if !reflect.DeepEqual(got.Requirements, next) || got.Version != 2 || got.History[1].Type != pejling.OrderEdit ||
			got.History[1].Note != "kun lager" || !got.TouchedAt.Equal(edited.TouchedAt) {
			t.Errorf("after the edit: %+v (version %d, history %+v)", got.Requirements, got.Version, got.History)
		}

		// The same edit from the old version: a colleague's change is not overwritten.
		if _, err := employer.ChangeOrderRequirements(ctx, db, 751, o.ID, 1, req, "", anna.ID, orderMonday.Add(2*time.Hour)); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("an edit from version 1 after version 2: %v, want a conflict", err)
		}
		// Requirements changed with an event that is not an edit.
		sneaky, err := employer.Transition(got, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, anna.ID, orderMonday.Add(3*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		sneaky.Requirements.Occupation = "1111"
		if err := db.UpdateJobOrder(ctx, sneaky, got.Version); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("requirements changed by an acknowledgement: %v, want refused", err)
		}
		// Bad requirements are refused by the store too.
		for _, bad := range []pejling.OrderRequirements{{Occupation: "93"}, {MinEducation: 9}, {Hours: pejling.HoursRange{Min: 40, Max: 30}},
			{Address: "a\x00b"}, {Skills: []string{"a\nb"}}, {Location: pejling.LatLon{Lat: 1}}, {HasLocation: true, Location: pejling.LatLon{Lat: 91}}} {
			n := got
			n.Requirements = bad
			n.History = append(append([]pejling.OrderEvent(nil), got.History...), pejling.OrderEvent{Type: pejling.OrderEdit, At: orderMonday.Add(4 * time.Hour), Actor: anna.ID})
			n.Version, n.TouchedAt = got.Version+1, orderMonday.Add(4*time.Hour)
			if err := db.UpdateJobOrder(ctx, n, got.Version); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("requirements %+v stored: %v", bad, err)
			}
		}
		if final := mustFindOrder(t, db, 751, o.ID); final.Version != 2 || !reflect.DeepEqual(final.Requirements, next) {
			t.Errorf("a refused change changed the order: %+v", final)
		}
		// A filled or closed order cannot be edited.
		closed := mustChangeOrder(t, db, got, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, anna.ID, orderMonday.Add(5*time.Hour))
		if _, err := employer.ChangeOrderRequirements(ctx, db, 751, o.ID, closed.Version, req, "", anna.ID, orderMonday.Add(6*time.Hour)); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("editing a closed order: %v, want refused", err)
		}
	})
}
