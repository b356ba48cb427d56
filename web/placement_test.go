package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

type placementEnv struct {
	*slotEnv
	admin1, admin2 string // two admins (approvers) of 101
	adminUser      *pejling.User
}

func newPlacementEnv(t *testing.T) *placementEnv {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "pl.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &slotClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = clock.now
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Slots, srv.Placements, srv.Companies, srv.Now = db, db, db, db, clock.now
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &placementEnv{slotEnv: &slotEnv{ts: ts, db: db, clock: clock}}
	e.user1 = newUser(t, db, "cw-a", pejling.RoleCaseWorker, 101)
	e.cw1 = sessionFor(t, db, e.user1, true)
	e.cw2 = sessionFor(t, db, newUser(t, db, "cw-b", pejling.RoleCaseWorker, 101), true)
	e.other = sessionFor(t, db, newUser(t, db, "con-147", pejling.RoleConsultant, 147), true)
	e.politician = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	e.adminUser = newUser(t, db, "leder-a", pejling.RoleAdmin, 101)
	e.admin1 = sessionFor(t, db, e.adminUser, true)
	e.admin2 = sessionFor(t, db, newUser(t, db, "leder-b", pejling.RoleAdmin, 101), true)
	return e
}

func placementValues(mod map[string]string) url.Values {
	v := url.Values{"person": {"P-100"}, "type": {"praktik"}, "cvr": {"12345678"}, "start": {"2026-02-02"},
		"end": {"2026-04-26"}, "hours": {"25"}, "group": {"KTH"}, "intervention": {"IND-7"}}
	for k, x := range mod {
		if x == "\x00del" {
			v.Del(k)
		} else {
			v.Set(k, x)
		}
	}
	return v
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

func (e *placementEnv) version(t *testing.T, path, cookie string) string {
	t.Helper()
	status, body, _ := e.do(t, "GET", path, cookie, nil)
	m := versionRe.FindStringSubmatch(body)
	if status != 200 || m == nil {
		t.Fatalf("GET %s: %d, no version in the page", path, status)
	}
	return m[1]
}

// TestPlacementPages makes placements over HTTP, directly and from a confirmed
// reservation, refuses bad input field by field, follows up, decides, approves (not
// one's own), ends (not twice), with 409 on a stale version, 404 for another
// municipality and 403 for a politician; the list shows what is due and downloads.
func TestPlacementPages(t *testing.T) {
	e := newPlacementEnv(t)
	ctx := context.Background()

	t.Run("BadInput", func(t *testing.T) {
		long := strings.Repeat("x", 65)
		for _, tc := range []struct{ field, value, want string }{
			{"person", "\x00del", "person-error"},
			{"person", "010190-1234", "CPR"},
			{"person", "<script>alert(1)</script>", "person-error"},
			{"type", "nytte", "type-error"},
			{"type", "'; DROP TABLE placements; --", "type-error"},
			{"cvr", "1234", "cvr-error"},
			{"cvr", "\x00del", "cvr-error"},
			{"start", "2026-13-01", "start-error"},
			{"start", "\x00del", "start-error"},
			{"end", "2026-01-01", "end-error"},
			{"end", "2029-01-01", "end-error"},
			{"hours", "0", "hours-error"},
			{"hours", "NaN", "hours-error"},
			{"hours", "61", "hours-error"},
			{"group", "XYZ", "group-error"},
			{"intervention", long, "intervention-error"},
			{"intervention", "ring 010190-1234", "intervention-error"},
			{"reservation", "abc", "reservation-error"},
		} {
			status, body, _ := e.do(t, "POST", "/placeringer", e.cw1, placementValues(map[string]string{tc.field: tc.value}))
			if status != 400 || !strings.Contains(body, tc.want) {
				t.Errorf("%s=%q: status %d, want 400 with %q", tc.field, tc.value, status, tc.want)
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "010190-1234") {
				t.Errorf("%s=%q: the page echoes the value", tc.field, tc.value)
			}
		}
		dup := placementValues(nil)
		dup.Add("cvr", "87654321")
		if status, body, _ := e.do(t, "POST", "/placeringer", e.cw1, dup); status != 400 || !strings.Contains(body, "cvr-error") {
			t.Errorf("duplicate cvr: %d", status)
		}
		// No group and nothing in the register: asked for.
		if status, body, _ := e.do(t, "POST", "/placeringer", e.cw1, placementValues(map[string]string{"group": ""})); status != 400 || !strings.Contains(body, "group-error") {
			t.Errorf("no group: %d", status)
		}
		big := placementValues(map[string]string{"intervention": strings.Repeat("y", 20<<10)})
		if status, _, _ := e.do(t, "POST", "/placeringer", e.cw1, big); status != 400 {
			t.Errorf("oversized form: %d", status)
		}
		if ps, _ := e.db.FindPlacements(ctx, pejling.PlacementFilter{Municipality: 101}); len(ps) != 0 {
			t.Fatalf("bad input stored %d placements", len(ps))
		}
	})

	// A praktik made directly, started a month ago: follow-up and decision due.
	status, _, loc := e.do(t, "POST", "/placeringer", e.cw1, placementValues(nil))
	if status != 303 || !strings.HasPrefix(loc, "/placeringer/") {
		t.Fatalf("create: %d %q", status, loc)
	}
	praktik := loc
	status, body, _ := e.do(t, "GET", "/placeringer", e.cw1, nil)
	if status != 200 || !strings.Contains(body, "Opfølgning") || !strings.Contains(body, "Beslutning") || !strings.Contains(body, "P-100") {
		t.Errorf("the list does not show what is due: %d", status)
	}
	if status, body, _ := e.do(t, "GET", "/placeringer?format=csv", e.cw1, nil); status != 200 || !strings.Contains(body, "P-100,praktik,12345678,2026-02-02") {
		t.Errorf("CSV: %d %q", status, body)
	}
	if status, _, _ := e.do(t, "GET", "/placeringer?phase=<script>", e.cw1, nil); status != 400 {
		t.Errorf("bad phase filter: %d", status)
	}

	t.Run("Access", func(t *testing.T) {
		if status, _, _ := e.do(t, "GET", praktik, e.other, nil); status != 404 {
			t.Errorf("another municipality: %d, want 404", status)
		}
		if status, _, _ := e.do(t, "POST", praktik, e.other, url.Values{"action": {"cancel"}, "version": {"1"}, "reason": {"x"}}); status != 404 {
			t.Errorf("another municipality's change: %d, want 404", status)
		}
		if status, _, _ := e.do(t, "GET", "/placeringer", e.politician, nil); status != 403 {
			t.Errorf("politician: %d, want 403", status)
		}
		if status, _, _ := e.do(t, "GET", praktik, e.politician, nil); status != 403 {
			t.Errorf("politician on a placement: %d, want 403", status)
		}
		if status, _, _ := e.do(t, "GET", "/placeringer/abc", e.cw1, nil); status != 400 {
			t.Errorf("bad id: %d", status)
		}
	})

	v := e.version(t, praktik, e.cw1)
	status, _, _ = e.do(t, "POST", praktik, e.cw1, url.Values{"action": {"followup"}, "version": {v}, "day": {"2026-02-16"}, "note": {"Trives"}})
	if status != 303 {
		t.Fatalf("follow-up: %d", status)
	}
	// The stale version answers 409 and stores nothing.
	status, body, _ = e.do(t, "POST", praktik, e.cw2, url.Values{"action": {"decide"}, "version": {v}, "decision": {"loentilskud"}})
	if status != 409 || !strings.Contains(body, "kollega") {
		t.Errorf("stale version: %d", status)
	}
	for _, tc := range []struct {
		form url.Values
		code int
	}{
		{url.Values{"action": {"followup"}, "day": {"2030-01-01"}, "note": {"x"}}, 400},
		{url.Values{"action": {"followup"}, "day": {"2026-02-20"}, "note": {""}}, 400},
		{url.Values{"action": {"followup"}, "day": {"2026-02-20"}, "note": {"010190-1234"}}, 400},
		{url.Values{"action": {"decide"}, "decision": {"<script>"}}, 400},
		{url.Values{"action": {"explode"}}, 400},
		{url.Values{"action": {"cancel"}, "reason": {"x"}}, 409},
		{url.Values{"action": {"end"}, "day": {"2026-03-01"}, "reason": {""}}, 400},
		{url.Values{"action": {"approve"}}, 409},
		{url.Values{"action": {"outcome"}, "outcome": {"employed"}}, 409},
	} {
		tc.form.Set("version", e.version(t, praktik, e.cw1))
		if status, _, _ := e.do(t, "POST", praktik, e.cw1, tc.form); status != tc.code {
			t.Errorf("%v: %d, want %d", tc.form, status, tc.code)
		}
	}
	if status, _, _ := e.do(t, "POST", praktik, e.cw1, url.Values{"action": {"decide"}, "decision": {"continue_praktik"}}); status != 400 {
		t.Errorf("no version: %d", status)
	}
	status, _, _ = e.do(t, "POST", praktik, e.cw1, url.Values{"action": {"decide"}, "version": {e.version(t, praktik, e.cw1)}, "decision": {"loentilskud"}})
	if status != 303 {
		t.Fatalf("decide: %d", status)
	}
	status, _, _ = e.do(t, "POST", praktik, e.cw1, url.Values{"action": {"end"}, "version": {e.version(t, praktik, e.cw1)}, "day": {"2026-03-01"}, "reason": {"Ansat"}})
	if status != 303 {
		t.Fatalf("end: %d", status)
	}
	status, body, _ = e.do(t, "POST", praktik, e.cw1, url.Values{"action": {"end"}, "version": {e.version(t, praktik, e.cw1)}, "day": {"2026-03-01"}, "reason": {"igen"}})
	if status != 409 || !strings.Contains(body, "already ended") {
		t.Errorf("ending twice: %d", status)
	}

	// A long løntilskud from a confirmed reservation: pending, not approved by its creator.
	slot := e.storeSlot(t, 101, "Lager", 1, func(s *pejling.Slot) { s.Type = pejling.SlotWageSubsidy })
	res, err := e.db.ReserveSlot(ctx, 101, slot.ID, "P-200", e.adminUser.ID, e.clock.now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ConfirmReservation(ctx, 101, res.ID, e.clock.now()); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := e.do(t, "GET", slotPath(slot.ID), e.admin1, nil); status != 200 || !strings.Contains(body, `name="reservation" value="`+strconv.FormatInt(res.ID, 10)) {
		t.Errorf("the slot page offers no placement of the confirmed reservation: %d", status)
	}
	status, body, _ = e.do(t, "GET", "/placeringer?reservation="+strconv.FormatInt(res.ID, 10), e.admin1, nil)
	if status != 200 || !strings.Contains(body, `value="P-200"`) || !strings.Contains(body, "Lager") {
		t.Fatalf("prefilled form: %d", status)
	}
	from := url.Values{"person": {"P-200"}, "type": {"lts_privat"}, "cvr": {"12345678"}, "start": {"2026-03-09"}, "end": {"2026-09-30"},
		"hours": {"30"}, "group": {"KTH"}, "reservation": {strconv.FormatInt(res.ID, 10)}}
	status, _, lts := e.do(t, "POST", "/placeringer", e.admin1, from)
	if status != 303 {
		t.Fatalf("from the reservation: %d", status)
	}
	if status, body, _ := e.do(t, "POST", "/placeringer", e.admin1, from); status != 409 || !strings.Contains(body, "already become a placement") {
		t.Errorf("the reservation again: %d", status)
	}
	status, body, _ = e.do(t, "POST", lts, e.admin1, url.Values{"action": {"approve"}, "version": {e.version(t, lts, e.admin1)}})
	if status != 403 || !strings.Contains(body, "nobody approves a placement they created") {
		t.Errorf("approving one's own: %d", status)
	}
	status, _, _ = e.do(t, "POST", lts, e.cw1, url.Values{"action": {"approve"}, "version": {e.version(t, lts, e.cw1)}})
	if status != 403 {
		t.Errorf("a case worker approving: %d, want 403", status)
	}
	status, _, _ = e.do(t, "POST", lts, e.admin2, url.Values{"action": {"approve"}, "version": {e.version(t, lts, e.admin2)}})
	if status != 303 {
		t.Errorf("another admin approving: %d", status)
	}
	ps, _ := e.db.FindPlacements(ctx, pejling.PlacementFilter{Municipality: 101})
	if len(ps) != 2 || ps[0].Status != pejling.PlacementPlanned || ps[0].ReservationID != res.ID ||
		ps[1].Status != pejling.PlacementEnded || ps[1].Decision != pejling.DecisionWageSubsidy || len(ps[1].FollowUps) != 1 {
		t.Errorf("stored %+v", ps)
	}
	if err := e.db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 101, CVR: "12345678", Name: "Kantinen ApS"}); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := e.do(t, "GET", "/virksomheder/12345678", e.cw1, nil); status != 200 || !strings.Contains(body, `id="store-placements"`) ||
		!strings.Contains(body, `href="`+praktik+`"`) || !strings.Contains(body, `href="`+lts+`"`) {
		t.Errorf("the company page does not list its placements: %d", status)
	}
	entries, err := e.db.ListAudit(ctx, pejling.AuditFilter{PersonID: "P-200"})
	if err != nil || len(entries) == 0 {
		t.Errorf("the reads of P-200 are not in the audit log: %d, %v", len(entries), err)
	}
}
