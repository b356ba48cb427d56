package sqldb_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pejling/pejling"
)

// TestFindJobOrdersOf: the orders of one municipality only, open ones or all, newest
// first, with their histories.
func TestFindJobOrdersOf(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		eva := mustCreateUser(t, db, "eva", pejling.RoleConsultant, 101)
		a := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday))
		b := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday.Add(time.Minute)))
		mustCreateOrder(t, db, newTestOrder(t, 101, eva.ID, orderMonday))
		b = mustChangeOrder(t, db, b, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, anna.ID, orderMonday.Add(time.Hour))
		all, err := db.FindJobOrdersOf(ctx, 751, false)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := orderIDs(all), []int64{b.ID, a.ID}; !reflect.DeepEqual(got, want) {
			t.Fatalf("all: got %v, want %v", got, want)
		}
		if len(all[0].History) != 2 {
			t.Fatalf("history %+v", all[0].History)
		}
		openOnes, err := db.FindJobOrdersOf(ctx, 751, true)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := orderIDs(openOnes), []int64{a.ID}; !reflect.DeepEqual(got, want) {
			t.Fatalf("open: got %v, want %v", got, want)
		}
		if _, err := db.FindJobOrdersOf(ctx, 0, false); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Fatalf("municipality 0: %v", err)
		}
	})
}
