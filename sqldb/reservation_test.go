package sqldb_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

func mustReserve(t *testing.T, db *sqldb.DB, slotID int64, person string, at time.Time, hold time.Duration) *pejling.Reservation {
	t.Helper()
	r, err := db.ReserveSlot(ctx, 751, slotID, person, 7, at, hold)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReservation(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		t.Run("Lifecycle", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			r := mustReserve(t, db, s.ID, "P-000123", slotNow, 48*time.Hour)
			if r.ID == 0 || r.Status != pejling.ReservationHeld || !r.ExpiresAt.Equal(slotNow.Add(48*time.Hour)) || r.ReservedBy != 7 {
				t.Fatalf("reserved %+v", r)
			}
			found, err := db.FindReservation(ctx, 751, r.ID)
			if err != nil || *found != *r {
				t.Fatalf("found %+v, %v; want %+v", found, err, r)
			}
			c, err := db.ConfirmReservation(ctx, 751, r.ID, slotNow.Add(time.Hour))
			if err != nil || c.Status != pejling.ReservationConfirmed || !c.ConfirmedAt.Equal(slotNow.Add(time.Hour)) {
				t.Fatalf("confirmed %+v, %v", c, err)
			}
			_, err = db.ConfirmReservation(ctx, 751, r.ID, slotNow.Add(2*time.Hour))
			wantCode(t, err, pejling.ECONFLICT, "confirmed already")
			// A confirmed reservation does not expire.
			if n, err := db.ExpireReservations(ctx, slotNow.Add(100*time.Hour)); err != nil || n != 0 {
				t.Fatalf("expired %d, %v", n, err)
			}
			rel, err := db.ReleaseReservation(ctx, 751, r.ID, slotNow.Add(3*time.Hour))
			if err != nil || rel.Status != pejling.ReservationReleased || !rel.EndedAt.Equal(slotNow.Add(3*time.Hour)) {
				t.Fatalf("released %+v, %v", rel, err)
			}
			_, err = db.ReleaseReservation(ctx, 751, r.ID, slotNow.Add(4*time.Hour))
			wantCode(t, err, pejling.ECONFLICT, "released")
			_, err = db.ConfirmReservation(ctx, 751, r.ID, slotNow.Add(4*time.Hour))
			wantCode(t, err, pejling.ECONFLICT, "reserve again")
			// Released, the person may reserve again.
			mustReserve(t, db, s.ID, "P-000123", slotNow.Add(5*time.Hour), time.Hour)
		})
		t.Run("ConfirmExpired", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			r := mustReserve(t, db, s.ID, "P1", slotNow, time.Hour)
			_, err := db.ConfirmReservation(ctx, 751, r.ID, slotNow.Add(time.Hour))
			wantCode(t, err, pejling.ECONFLICT, "the reservation expired at 2026-11-23 11:00 UTC without being confirmed — reserve again")
			// The refusal marked it expired in the store.
			got, err := db.FindReservations(ctx, sqldb.ReservationFilter{Municipality: 751, At: slotNow})
			if err != nil || len(got) != 1 || got[0].Status != pejling.ReservationExpired || !got[0].EndedAt.Equal(r.ExpiresAt) {
				t.Fatalf("stored %+v, %v", got, err)
			}
			_, err = db.ConfirmReservation(ctx, 751, r.ID, slotNow.Add(2*time.Hour))
			wantCode(t, err, pejling.ECONFLICT, "expired at")
			_, err = db.ReleaseReservation(ctx, 751, r.ID, slotNow.Add(2*time.Hour))
			wantCode(t, err, pejling.ECONFLICT, "expired at")
		})
		t.Run("ExpiryLazyOnRead", func(t *testing.T) {
			db := open(t)
			advance := clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			a := mustReserve(t, db, s.ID, "P1", slotNow, time.Hour)
			mustReserve(t, db, s.ID, "P2", slotNow, 3*time.Hour)
			advance(2 * time.Hour)
			got, err := db.FindReservation(ctx, 751, a.ID)
			if err != nil || got.Status != pejling.ReservationExpired {
				t.Fatalf("read %+v, %v", got, err)
			}
			// Read as of before the expiry, the store says expired: it was marked.
			held, err := db.FindReservations(ctx, sqldb.ReservationFilter{Municipality: 751, Status: pejling.ReservationHeld, At: slotNow})
			if err != nil || len(held) != 1 || held[0].PersonID != "P2" {
				t.Fatalf("held %+v, %v", held, err)
			}
		})
		t.Run("ExpireReservations", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			other := newSlot("Andet sted")
			other.Municipality = 101
			mustCreateSlot(t, db, other)
			mustReserve(t, db, s.ID, "P1", slotNow, time.Hour)
			mustReserve(t, db, s.ID, "P2", slotNow, 3*time.Hour)
			if _, err := db.ReserveSlot(ctx, 101, other.ID, "P3", 7, slotNow, time.Hour); err != nil {
				t.Fatal(err)
			}
			n, err := db.ExpireReservations(ctx, slotNow.Add(time.Hour))
			if err != nil || n != 2 {
				t.Fatalf("expired %d, %v", n, err)
			}
			n, err = db.ExpireReservations(ctx, slotNow.Add(time.Hour))
			if err != nil || n != 0 {
				t.Fatalf("expired again %d, %v", n, err)
			}
		})
		t.Run("ExpiredHoldFreesThePlace", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := newSlot("En plads")
			s.Capacity = 1
			mustCreateSlot(t, db, s)
			mustReserve(t, db, s.ID, "P1", slotNow, time.Hour)
			_, err := db.ReserveSlot(ctx, 751, s.ID, "P2", 7, slotNow.Add(59*time.Minute), time.Hour)
			wantCode(t, err, pejling.ECONFLICT, "no free place")
			r := mustReserve(t, db, s.ID, "P2", slotNow.Add(time.Hour), time.Hour)
			if _, err := db.ConfirmReservation(ctx, 751, r.ID, slotNow.Add(90*time.Minute)); err != nil {
				t.Fatal(err)
			}
			all, _ := db.FindReservations(ctx, sqldb.ReservationFilter{Municipality: 751, SlotID: s.ID})
			if len(all) != 2 || all[0].Status != pejling.ReservationExpired || all[1].Status != pejling.ReservationConfirmed {
				t.Fatalf("reservations %+v", all)
			}
			// Long after, the confirmed reservation still takes the one place.
			_, err = db.ReserveSlot(ctx, 751, s.ID, "P3", 7, slotNow.Add(24*time.Hour), time.Hour)
			wantCode(t, err, pejling.ECONFLICT, "no free place: the slot's one place is reserved")
		})
		t.Run("SamePersonTwice", func(t *testing.T) {
			db := open(t)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			mustReserve(t, db, s.ID, "P1", slotNow, time.Hour)
			_, err := db.ReserveSlot(ctx, 751, s.ID, "P1", 8, slotNow, time.Hour)
			wantCode(t, err, pejling.ECONFLICT, "already has a place of this slot")
		})
		t.Run("InactiveSlot", func(t *testing.T) {
			db := open(t)
			day := pejling.UTCDay(slotNow)
			ended := newSlot("Slut")
			ended.ActiveFrom, ended.ActiveTo = day-30, day-1
			mustCreateSlot(t, db, ended)
			_, err := db.ReserveSlot(ctx, 751, ended.ID, "P1", 7, slotNow, time.Hour)
			wantCode(t, err, pejling.ECONFLICT, "ended on 2026-11-22 and can no longer be reserved")
			later := newSlot("Senere")
			later.ActiveFrom, later.ActiveTo = day+1, day+30
			mustCreateSlot(t, db, later)
			_, err = db.ReserveSlot(ctx, 751, later.ID, "P1", 7, slotNow, time.Hour)
			wantCode(t, err, pejling.ECONFLICT, "opens for reservations on 2026-11-24")
			// The last day counts.
			lastDay := newSlot("Sidste dag")
			lastDay.ActiveFrom, lastDay.ActiveTo = day-1, day
			mustCreateSlot(t, db, lastDay)
			mustReserve(t, db, lastDay.ID, "P1", slotNow, time.Hour)
		})
		t.Run("OtherMunicipality", func(t *testing.T) {
			db := open(t)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			_, err := db.ReserveSlot(ctx, 101, s.ID, "P1", 7, slotNow, time.Hour)
			wantCode(t, err, pejling.ENOTFOUND, "no slot")
			r := mustReserve(t, db, s.ID, "P1", slotNow, time.Hour)
			_, err = db.FindReservation(ctx, 101, r.ID)
			wantCode(t, err, pejling.ENOTFOUND, "no reservation")
			_, err = db.ConfirmReservation(ctx, 101, r.ID, slotNow)
			wantCode(t, err, pejling.ENOTFOUND, "no reservation")
			_, err = db.ReleaseReservation(ctx, 101, r.ID, slotNow)
			wantCode(t, err, pejling.ENOTFOUND, "no reservation")
			if rs, err := db.FindReservations(ctx, sqldb.ReservationFilter{Municipality: 101}); err != nil || len(rs) != 0 {
				t.Fatalf("%+v, %v", rs, err)
			}
		})
		t.Run("BadInput", func(t *testing.T) {
			db := open(t)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			for _, c := range []struct {
				name   string
				person string
				user   int64
				hold   time.Duration
				text   string
			}{
				{"CPR", "0101901234", 7, time.Hour, "looks like a CPR number"},
				{"CPRDash", "010190-1234", 7, time.Hour, "looks like a CPR number"},
				{"CPRInside", "p-3112991234", 7, time.Hour, "looks like a CPR number"},
				{"EmptyPerson", "", 7, time.Hour, "person id is required"},
				{"LongPerson", strings.Repeat("a", 65), 7, time.Hour, "at most 64"},
				{"HostilePerson", "'; DROP TABLE x; --", 7, time.Hour, "may hold only"},
				{"MarkupPerson", "<script>", 7, time.Hour, "may hold only"},
				{"NoUser", "P1", 0, time.Hour, "user"},
				{"NoHold", "P1", 7, 0, "held for"},
				{"LongHold", "P1", 7, 31 * 24 * time.Hour, "at most 30 days"},
			} {
				t.Run(c.name, func(t *testing.T) {
					_, err := db.ReserveSlot(ctx, 751, s.ID, c.person, c.user, slotNow, c.hold)
					wantCode(t, err, pejling.EINVALID, c.text)
				})
			}
			// Ten digits that are no date are a pseudonymous id.
			mustReserve(t, db, s.ID, "9913001234", slotNow, time.Hour)
			_, err := db.ReserveSlot(ctx, 751, 999999, "P1", 7, slotNow, time.Hour)
			wantCode(t, err, pejling.ENOTFOUND, "no slot")
		})
	})
}

// TestReservationRace has case workers reserve the same slot at the same moment, on
// one shared store (the goroutines of one web server) and on one store each (separate
// processes): exactly as many succeed as there are places, every other one gets the
// ECONFLICT answer, and the store never holds more live reservations than places.
func TestReservationRace(t *testing.T) {
	workers, rounds := 20, 5
	if raceEnabled || testing.Short() {
		rounds = 3
	}
	dsns(t, func(t *testing.T, newDSN func(testing.TB) string) {
		for _, shared := range []bool{true, false} {
			name := "SeparateOpens"
			if shared {
				name = "SharedDB"
			}
			t.Run(name, func(t *testing.T) {
				dsn := newDSN(t)
				stores := make([]*sqldb.DB, workers)
				for i := range stores {
					if i == 0 || !shared {
						stores[i] = mustOpen(t, dsn)
					} else {
						stores[i] = stores[0]
					}
				}
				for _, capacity := range []int{1, 3} {
					for round := range rounds {
						t.Run(fmt.Sprintf("Capacity%d/Round%d", capacity, round), func(t *testing.T) {
							raceForSlot(t, stores, capacity)
						})
					}
				}
			})
		}
	})
}

func raceForSlot(t *testing.T, stores []*sqldb.DB, capacity int) {
	s := newSlot("Den sidste plads")
	s.Capacity = capacity
	mustCreateSlot(t, stores[0], s)
	start := make(chan struct{})
	errs := make([]error, len(stores))
	var wg sync.WaitGroup
	for i, db := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = db.ReserveSlot(ctx, 751, s.ID, fmt.Sprintf("P%03d", i), int64(100+i), slotNow, time.Hour)
		}()
	}
	close(start)
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch pejling.ErrorCode(err) {
		case "":
			won++
		case pejling.ECONFLICT:
			if msg := pejling.ErrorMessage(err); msg != "no free place: the last place was just reserved by a colleague" {
				t.Errorf("worker %d: %q", i, msg)
			}
		default:
			t.Errorf("worker %d: %v", i, err)
		}
	}
	if won != capacity {
		t.Fatalf("%d reservations succeeded for %d places", won, capacity)
	}
	live, err := stores[0].FindReservations(ctx, sqldb.ReservationFilter{Municipality: 751, SlotID: s.ID, Status: pejling.ReservationHeld, At: slotNow})
	if err != nil || len(live) != capacity {
		t.Fatalf("%d reservations stored for %d places: %v", len(live), capacity, err)
	}
	hits, err := stores[0].FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, Text: "sidste plads", At: slotNow, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.ID == s.ID && h.Free != 0 {
			t.Fatalf("%d places free after the race", h.Free)
		}
	}
}
