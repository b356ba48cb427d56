package sqldb_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

// orderMonday is a Monday in opening hours (Europe/Copenhagen, 10:00).
var orderMonday = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// newTestOrder makes an order of municipality muni, owned and taken by owner at at, as
// employer.NewOrder does, changed by mods first.
func newTestOrder(t *testing.T, muni int, owner int64, at time.Time, mods ...func(*pejling.JobOrder)) pejling.JobOrder {
	t.Helper()
	o := pejling.JobOrder{Municipality: muni, CVR: "12345678", Title: "2 warehouse workers", Kind: pejling.OrderOrdinary,
		Channel: pejling.ChannelNormal, Owner: owner, Team: "Virksomhedsteam Nord"}
	for _, m := range mods {
		m(&o)
	}
	n, err := employer.NewOrder(o, owner, at)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustCreateOrder(t *testing.T, db *sqldb.DB, o pejling.JobOrder) pejling.JobOrder {
	t.Helper()
	if err := db.CreateJobOrder(context.Background(), &o); err != nil {
		t.Fatal(err)
	}
	if o.ID <= 0 {
		t.Fatalf("created order has id %d", o.ID)
	}
	return o
}

// mustChangeOrder applies ev through employer.ChangeOrder and returns the stored order.
func mustChangeOrder(t *testing.T, db *sqldb.DB, o pejling.JobOrder, ev pejling.OrderEvent, actor int64, at time.Time) pejling.JobOrder {
	t.Helper()
	n, err := employer.ChangeOrder(context.Background(), db, o.Municipality, o.ID, o.Version, ev, actor, at)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func mustFindOrder(t *testing.T, db *sqldb.DB, muni int, id int64) pejling.JobOrder {
	t.Helper()
	o, err := db.FindJobOrder(context.Background(), muni, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// countOrderRows is a witness read straight from the tables.
func countOrderRows(t *testing.T, db *sqldb.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func orderEventTypes(o pejling.JobOrder) []pejling.OrderEventType {
	var ts []pejling.OrderEventType
	for _, e := range o.History {
		ts = append(ts, e.Type)
	}
	return ts
}

func orderIDs(os []pejling.JobOrder) []int64 {
	out := []int64{}
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

func TestJobOrderStore(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 751)
		other := mustCreateUser(t, db, "vejle", pejling.RoleConsultant, 630)

		t.Run("CreateAndFind", func(t *testing.T) {
			// Nanoseconds and a local zone: the store keeps UTC to the microsecond and says so.
			at := time.Date(2026, 3, 2, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
			o := newTestOrder(t, 751, anna.ID, at, func(o *pejling.JobOrder) {
				o.Kind, o.Scheme, o.Channel = pejling.OrderSupported, pejling.SchemeWageSubsidy, pejling.ChannelHotline
			})
			o = mustCreateOrder(t, db, o)
			if !o.CreatedAt.Equal(at.Truncate(time.Microsecond)) || o.CreatedAt.Location() != time.UTC {
				t.Fatalf("created at %v", o.CreatedAt)
			}
			got := mustFindOrder(t, db, 751, o.ID)
			if !reflect.DeepEqual(got, o) {
				t.Fatalf("found\n%+v\nwant\n%+v", got, o)
			}
		})

		t.Run("NotFound", func(t *testing.T) {
			if _, err := db.FindJobOrder(ctx, 751, 999999); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Fatalf("got %v, want ENOTFOUND", err)
			}
		})

		t.Run("Flow", func(t *testing.T) {
			o := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday))
			o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, anna.ID, orderMonday.Add(time.Hour))
			o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderSendCandidates, Note: "Kim and Lis"}, bo.ID, orderMonday.Add(2*time.Hour))
			o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderSendCandidates}, anna.ID, orderMonday.Add(3*time.Hour))
			o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderFill}, anna.ID, orderMonday.Add(50*time.Hour))
			got := mustFindOrder(t, db, 751, o.ID)
			if !reflect.DeepEqual(got, o) {
				t.Fatalf("found\n%+v\nwant\n%+v", got, o)
			}
			want := []pejling.OrderEventType{pejling.OrderCreated, pejling.OrderAcknowledge, pejling.OrderSendCandidates, pejling.OrderSendCandidates, pejling.OrderFill}
			if !reflect.DeepEqual(orderEventTypes(got), want) || got.Version != 5 || got.Status != pejling.OrderFilled ||
				got.History[2].Actor != bo.ID || got.History[2].Note != "Kim and Lis" || !got.ClosedAt.Equal(orderMonday.Add(50*time.Hour)) {
				t.Fatalf("after the flow: %+v", got)
			}

			t.Run("RefusedLeavesRowUnchanged", func(t *testing.T) {
				events := countOrderRows(t, db, "job_order_events")
				for _, ev := range []pejling.OrderEvent{
					{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, // a filled order cannot be closed
					{Type: pejling.OrderRenew},
					{Type: pejling.OrderAcknowledge},
				} {
					_, err := employer.ChangeOrder(ctx, db, 751, o.ID, o.Version, ev, anna.ID, orderMonday.Add(60*time.Hour))
					if pejling.ErrorCode(err) != pejling.ECONFLICT {
						t.Fatalf("%s: got %v, want ECONFLICT", ev.Type, err)
					}
				}
				if got := mustFindOrder(t, db, 751, o.ID); !reflect.DeepEqual(got, o) || countOrderRows(t, db, "job_order_events") != events {
					t.Fatalf("changed by refused transitions: %+v", got)
				}
			})
		})

		t.Run("CloseWithReason", func(t *testing.T) {
			o := mustCreateOrder(t, db, newTestOrder(t, 751, bo.ID, orderMonday))
			o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonOther, Note: "the company moved"}, bo.ID, orderMonday.Add(time.Hour))
			got := mustFindOrder(t, db, 751, o.ID)
			if got.Status != pejling.OrderClosedUnfilled || got.ClosingReason != pejling.ReasonOther || got.ClosingNote != "the company moved" ||
				got.History[1].Reason != pejling.ReasonOther || !reflect.DeepEqual(got, o) {
				t.Fatalf("closed: %+v", got)
			}
		})

		t.Run("StaleVersion", func(t *testing.T) {
			o := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday))
			mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderRenew}, anna.ID, orderMonday.Add(time.Hour))
			// A user who saw version 1 acts on it: refused, with the stored version named.
			_, err := employer.ChangeOrder(ctx, db, 751, o.ID, 1, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, bo.ID, orderMonday.Add(2*time.Hour))
			if pejling.ErrorCode(err) != pejling.ECONFLICT || !strings.Contains(pejling.ErrorMessage(err), "version 2") {
				t.Fatalf("got %v, want ECONFLICT naming version 2", err)
			}
			// The same straight at the store: a change based on version 1.
			next, err := employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, bo.ID, orderMonday.Add(2*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			err = db.UpdateJobOrder(ctx, next, 1)
			if pejling.ErrorCode(err) != pejling.ECONFLICT || pejling.ErrorMessage(err) != "the order was changed by someone else (version 2); reload and try again" {
				t.Fatalf("got %v", err)
			}
			if got := mustFindOrder(t, db, 751, o.ID); got.Version != 2 || got.Status != pejling.OrderNew {
				t.Fatalf("stored %+v", got)
			}
		})

		t.Run("MunicipalityIsolation", func(t *testing.T) {
			o := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday))
			if _, err := db.FindJobOrder(ctx, 630, o.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Fatalf("another municipality's order: %v, want ENOTFOUND", err)
			}
			if os, err := db.FindJobOrders(ctx, sqldb.JobOrderFilter{Municipality: 630}); err != nil || len(os) != 0 {
				t.Fatalf("another municipality lists %v, %v", orderIDs(os), err)
			}
			// A change sent as another municipality's is not found, and changes nothing.
			next, err := employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, other.ID, orderMonday.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			next.Municipality = 630
			if err := db.UpdateJobOrder(ctx, next, 1); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Fatalf("update as another municipality: %v, want ENOTFOUND", err)
			}
			if _, err := employer.ChangeOrder(ctx, db, 630, o.ID, 1, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, other.ID, orderMonday.Add(time.Hour)); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Fatalf("ChangeOrder as another municipality: %v, want ENOTFOUND", err)
			}
			if got := mustFindOrder(t, db, 751, o.ID); !reflect.DeepEqual(got, o) {
				t.Fatalf("changed: %+v", got)
			}
			// An owner of another municipality cannot own the order.
			err = db.CreateJobOrder(ctx, orderPtr(newTestOrder(t, 751, other.ID, orderMonday)))
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("owner of another municipality: %v, want EINVALID", err)
			}
			v := mustCreateOrder(t, db, newTestOrder(t, 630, other.ID, orderMonday))
			if os, err := db.FindJobOrders(ctx, sqldb.JobOrderFilter{Municipality: 630}); err != nil || !reflect.DeepEqual(orderIDs(os), []int64{v.ID}) {
				t.Fatalf("630 lists %v, %v", orderIDs(os), err)
			}
		})
	})
}

func orderPtr[T any](v T) *T { return &v }

func TestJobOrderFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 751)
		team := func(s string) func(*pejling.JobOrder) { return func(o *pejling.JobOrder) { o.Team = s } }
		cvr := func(s string) func(*pejling.JobOrder) { return func(o *pejling.JobOrder) { o.CVR = s } }
		a := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday, team("Nord")))
		b := mustCreateOrder(t, db, newTestOrder(t, 751, bo.ID, orderMonday.Add(time.Minute), team("Syd"), cvr("87654321")))
		c := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday.Add(2*time.Minute), team("Syd")))
		d := mustCreateOrder(t, db, newTestOrder(t, 751, bo.ID, orderMonday.Add(3*time.Minute), team("Nord"), cvr("87654321")))
		a = mustChangeOrder(t, db, a, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, anna.ID, orderMonday.Add(time.Hour))
		c = mustChangeOrder(t, db, c, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, anna.ID, orderMonday.Add(time.Hour))
		for _, tc := range []struct {
			name string
			f    sqldb.JobOrderFilter
			want []int64
		}{
			{"All", sqldb.JobOrderFilter{}, []int64{d.ID, c.ID, b.ID, a.ID}},
			{"Status", sqldb.JobOrderFilter{Status: pejling.OrderAcknowledged}, []int64{a.ID}},
			{"Open", sqldb.JobOrderFilter{Open: true}, []int64{d.ID, b.ID, a.ID}},
			{"Owner", sqldb.JobOrderFilter{Owner: anna.ID}, []int64{c.ID, a.ID}},
			{"Team", sqldb.JobOrderFilter{Team: "Syd"}, []int64{c.ID, b.ID}},
			{"OpenTeam", sqldb.JobOrderFilter{Team: "Syd", Open: true}, []int64{b.ID}},
			{"CVR", sqldb.JobOrderFilter{CVR: "87654321"}, []int64{d.ID, b.ID}},
			{"Limit", sqldb.JobOrderFilter{Limit: 2}, []int64{d.ID, c.ID}},
			{"HostileTeam", sqldb.JobOrderFilter{Team: "' OR 1=1 --"}, []int64{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				tc.f.Municipality = 751
				os, err := db.FindJobOrders(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(orderIDs(os), tc.want) {
					t.Fatalf("got %v, want %v", orderIDs(os), tc.want)
				}
				for _, o := range os {
					if len(o.History) != o.Version || o.History[0].Type != pejling.OrderCreated {
						t.Fatalf("order %d listed without its history: %+v", o.ID, o.History)
					}
				}
			})
		}
		t.Run("Bad", func(t *testing.T) {
			for _, f := range []sqldb.JobOrderFilter{{}, {Municipality: 751, Status: "lost"}, {Municipality: 751, Limit: -1}} {
				if _, err := db.FindJobOrders(ctx, f); pejling.ErrorCode(err) != pejling.EINVALID {
					t.Fatalf("%+v: got %v, want EINVALID", f, err)
				}
			}
		})
	})
}

// TestJobOrderConcurrentUpdate: two consultants load the same version of an order and
// both change it; exactly one change is stored, the other is refused with ECONFLICT.
func TestJobOrderConcurrentUpdate(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 751)
		rounds := 10
		if raceEnabled {
			rounds = 4
		}
		for r := range rounds {
			o := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday))
			evs := [2]pejling.OrderEvent{
				{Type: pejling.OrderAcknowledge, Note: "anna answered"},
				{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn, Note: "bo closed"},
			}
			actors := [2]int64{anna.ID, bo.ID}
			var loaded, start sync.WaitGroup
			loaded.Add(2)
			start.Add(1)
			errs := [2]error{}
			var wg sync.WaitGroup
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					cur, err := db.FindJobOrder(ctx, 751, o.ID)
					loaded.Done()
					if err != nil {
						errs[i] = err
						return
					}
					start.Wait() // both have version 1 in hand
					next, err := employer.Transition(cur, evs[i], actors[i], orderMonday.Add(time.Hour))
					if err == nil {
						err = db.UpdateJobOrder(ctx, next, cur.Version)
					}
					errs[i] = err
				}()
			}
			loaded.Wait()
			start.Done()
			wg.Wait()
			won := -1
			for i, err := range errs {
				switch pejling.ErrorCode(err) {
				case "":
					if won >= 0 {
						t.Fatalf("round %d: both changes stored", r)
					}
					won = i
				case pejling.ECONFLICT:
					if !strings.Contains(pejling.ErrorMessage(err), "changed by someone else (version 2)") {
						t.Fatalf("round %d: loser's message %q", r, pejling.ErrorMessage(err))
					}
				default:
					t.Fatalf("round %d: %v", r, err)
				}
			}
			if won < 0 {
				t.Fatalf("round %d: neither change stored: %v", r, errs)
			}
			got := mustFindOrder(t, db, 751, o.ID)
			if got.Version != 2 || len(got.History) != 2 || got.History[1].Note != evs[won].Note || got.History[1].Actor != actors[won] {
				t.Fatalf("round %d: stored %+v, want only the winner's event %+v", r, got, evs[won])
			}
			var n int
			if err := db.SQL().QueryRow("SELECT count(*) FROM job_order_events WHERE order_id = " + strconv.FormatInt(o.ID, 10)).Scan(&n); err != nil || n != 2 {
				t.Fatalf("round %d: %d events stored, %v", r, n, err)
			}
		}
	})
}

// TestJobOrderWitness: the overdue list and the service-level shares of orders read
// back from the store are those of the same orders in memory.
func TestJobOrderWitness(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 751)
		p := employer.DefaultPolicy()
		var mem []pejling.JobOrder
		hotline := func(o *pejling.JobOrder) { o.Channel = pejling.ChannelHotline }
		supported := func(o *pejling.JobOrder) { o.Kind, o.Scheme = pejling.OrderSupported, pejling.SchemeFlexjob }
		for i := range 24 {
			owner, team := anna, "Nord"
			if i%3 == 0 {
				owner, team = bo, "Syd"
			}
			at := orderMonday.Add(time.Duration(i) * 97 * time.Minute)
			mods := []func(*pejling.JobOrder){func(o *pejling.JobOrder) { o.Team = team }}
			if i%4 == 1 {
				mods = append(mods, hotline)
			}
			if i%5 == 2 {
				mods = append(mods, supported)
			}
			o := mustCreateOrder(t, db, newTestOrder(t, 751, owner.ID, at, mods...))
			// Varied histories: some answered fast, some late, some never; some closed.
			step := time.Duration(1+i%7) * 2 * time.Hour
			switch i % 6 {
			case 1:
				o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, owner.ID, at.Add(step))
			case 2:
				o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderSendCandidates}, owner.ID, at.Add(step))
				o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderFill}, owner.ID, at.Add(3*step))
			case 3:
				o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonNoCandidates}, owner.ID, at.Add(step))
			case 4:
				o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, owner.ID, at.Add(40*step))
				o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderRenew}, owner.ID, at.Add(80*step))
			}
			mem = append(mem, o)
		}
		stored, err := db.FindJobOrders(ctx, sqldb.JobOrderFilter{Municipality: 751})
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != len(mem) {
			t.Fatalf("%d orders stored, want %d", len(stored), len(mem))
		}
		for _, now := range []time.Time{orderMonday.Add(5 * time.Hour), orderMonday.Add(3 * 24 * time.Hour), orderMonday.Add(40 * 24 * time.Hour)} {
			od, want := employer.Overdue(stored, p, now), employer.Overdue(mem, p, now)
			if !reflect.DeepEqual(od, want) {
				t.Fatalf("at %v: overdue from the store\n%+v\nin memory\n%+v", now, od, want)
			}
			for _, by := range []employer.GroupBy{employer.ByTeam, employer.ByOwner} {
				got, want := employer.ServiceLevelShares(stored, p, now, by), employer.ServiceLevelShares(mem, p, now, by)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("at %v by %d: shares from the store\n%+v\nin memory\n%+v", now, by, got, want)
				}
			}
		}
		// The witness is not vacuous: something is overdue and something was met.
		if len(employer.Overdue(mem, p, orderMonday.Add(3*24*time.Hour))) == 0 {
			t.Fatal("nothing overdue")
		}
		met := 0
		for _, s := range employer.ServiceLevelShares(mem, p, orderMonday.Add(3*24*time.Hour), employer.ByTeam) {
			met += s.Met
		}
		if met == 0 {
			t.Fatal("no level met")
		}
	})
}

func TestJobOrderBadInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 751)
		good := newTestOrder(t, 751, anna.ID, orderMonday)
		t.Run("Create", func(t *testing.T) {
			for _, tc := range []struct {
				name string
				mod  func(*pejling.JobOrder)
			}{
				{"UnknownKind", func(o *pejling.JobOrder) { o.Kind = "temporary" }},
				{"UnknownChannel", func(o *pejling.JobOrder) { o.Channel = "fax" }},
				{"UnknownStatus", func(o *pejling.JobOrder) { o.Status = "lost" }},
				{"StatusNotNew", func(o *pejling.JobOrder) { o.Status = pejling.OrderFilled }},
				{"SchemeOnOrdinary", func(o *pejling.JobOrder) { o.Scheme = pejling.SchemeFlexjob }},
				{"TitleTooLong", func(o *pejling.JobOrder) { o.Title = strings.Repeat("ø", 201) }},
				{"TitleEmpty", func(o *pejling.JobOrder) { o.Title = "  " }},
				{"TitleNUL", func(o *pejling.JobOrder) { o.Title = "a\x00b" }},
				{"TitleBadUTF8", func(o *pejling.JobOrder) { o.Title = "a\xffb" }},
				{"CVRShort", func(o *pejling.JobOrder) { o.CVR = "1234567" }},
				{"CVRLetters", func(o *pejling.JobOrder) { o.CVR = "1234567a" }},
				{"CVRInjection", func(o *pejling.JobOrder) { o.CVR = "1'; DROP TABLE job_orders; --" }},
				{"NoOwner", func(o *pejling.JobOrder) { o.Owner = 0 }},
				{"OwnerNotAUser", func(o *pejling.JobOrder) { o.Owner = 987654 }},
				{"NoMunicipality", func(o *pejling.JobOrder) { o.Municipality = 0 }},
				{"NoHistory", func(o *pejling.JobOrder) { o.History = nil }},
				{"NoActor", func(o *pejling.JobOrder) {
					o.History = []pejling.OrderEvent{{Type: pejling.OrderCreated, At: orderMonday}}
				}},
				{"ActorNotAUser", func(o *pejling.JobOrder) {
					o.History = []pejling.OrderEvent{{Type: pejling.OrderCreated, At: orderMonday, Actor: 987654}}
				}},
				{"Version", func(o *pejling.JobOrder) { o.Version = 3 }},
				{"TimesDisagree", func(o *pejling.JobOrder) { o.TouchedAt = orderMonday.Add(time.Hour) }},
				{"AlreadyAcknowledged", func(o *pejling.JobOrder) { o.AcknowledgedAt = orderMonday }},
				{"TeamTooLong", func(o *pejling.JobOrder) { o.Team = strings.Repeat("x", 201) }},
			} {
				t.Run(tc.name, func(t *testing.T) {
					o := good
					o.History = append([]pejling.OrderEvent(nil), good.History...)
					tc.mod(&o)
					orders, events := countOrderRows(t, db, "job_orders"), countOrderRows(t, db, "job_order_events")
					err := db.CreateJobOrder(ctx, &o)
					if pejling.ErrorCode(err) != pejling.EINVALID {
						t.Fatalf("got %v, want EINVALID", err)
					}
					t.Log(pejling.ErrorMessage(err))
					if o.ID != 0 || countOrderRows(t, db, "job_orders") != orders || countOrderRows(t, db, "job_order_events") != events {
						t.Fatal("something was stored")
					}
				})
			}
		})
		t.Run("Hostile", func(t *testing.T) {
			o := newTestOrder(t, 751, anna.ID, orderMonday, func(o *pejling.JobOrder) {
				o.Title = "'); DROP TABLE job_orders; -- <script>alert(1)</script> ?1 $1"
				o.Team = `Team "Nord" \ ?`
			})
			o = mustCreateOrder(t, db, o)
			o = mustChangeOrder(t, db, o, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonOther, Note: "'; DELETE FROM job_order_events; --"}, anna.ID, orderMonday.Add(time.Hour))
			if got := mustFindOrder(t, db, 751, o.ID); !reflect.DeepEqual(got, o) {
				t.Fatalf("stored %+v, want %+v", got, o)
			}
			if os, err := db.FindJobOrders(ctx, sqldb.JobOrderFilter{Municipality: 751, Team: o.Team}); err != nil || len(os) != 1 || os[0].ID != o.ID {
				t.Fatalf("by hostile team: %v, %v", orderIDs(os), err)
			}
		})
		t.Run("Update", func(t *testing.T) {
			o := mustCreateOrder(t, db, newTestOrder(t, 751, anna.ID, orderMonday))
			ack, err := employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, anna.ID, orderMonday.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				name     string
				mod      func(*pejling.JobOrder)
				expected int
			}{
				{"TitleChanged", func(n *pejling.JobOrder) { n.Title = "something else" }, 1},
				{"OwnerChanged", func(n *pejling.JobOrder) { n.Owner = 42 }, 1},
				{"KindChanged", func(n *pejling.JobOrder) { n.Kind = pejling.OrderSupported; n.Scheme = pejling.SchemeFlexjob }, 1},
				{"UnknownStatus", func(n *pejling.JobOrder) { n.Status = "lost" }, 1},
				{"UnknownEvent", func(n *pejling.JobOrder) { n.History[1].Type = "teleported" }, 1},
				{"SecondCreated", func(n *pejling.JobOrder) { n.History[1].Type = pejling.OrderCreated }, 1},
				{"VersionNotRaised", func(n *pejling.JobOrder) { n.Version = 1 }, 1},
				{"EventMissing", func(n *pejling.JobOrder) { n.History = n.History[:1] }, 1},
				{"NoExpectedVersion", func(n *pejling.JobOrder) {}, 0},
				{"NoID", func(n *pejling.JobOrder) { n.ID = 0 }, 1},
				{"ActorNotAUser", func(n *pejling.JobOrder) { n.History[1].Actor = 987654 }, 1},
				{"EventBeforeLatest", func(n *pejling.JobOrder) {
					n.History[1].At, n.TouchedAt, n.AcknowledgedAt = orderMonday.Add(-time.Hour), orderMonday.Add(-time.Hour), orderMonday.Add(-time.Hour)
				}, 1},
				{"ClosedWithoutTime", func(n *pejling.JobOrder) { n.Status = pejling.OrderFilled }, 1},
				{"NoteNUL", func(n *pejling.JobOrder) { n.History[1].Note = "\x00" }, 1},
			} {
				t.Run(tc.name, func(t *testing.T) {
					n := ack
					n.History = append([]pejling.OrderEvent(nil), ack.History...)
					tc.mod(&n)
					events := countOrderRows(t, db, "job_order_events")
					err := db.UpdateJobOrder(ctx, n, tc.expected)
					if pejling.ErrorCode(err) != pejling.EINVALID {
						t.Fatalf("got %v, want EINVALID", err)
					}
					t.Log(pejling.ErrorMessage(err))
					if got := mustFindOrder(t, db, 751, o.ID); !reflect.DeepEqual(got, o) || countOrderRows(t, db, "job_order_events") != events {
						t.Fatalf("changed: %+v", got)
					}
				})
			}
		})
	})
}
