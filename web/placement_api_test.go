package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// newPlacementFixture stores a running praktik placement of municipality m (started 10
// days before now, ending 60 days after), made by u, for the API tests to address.
func newPlacementFixture(t testing.TB, db *sqldb.DB, u *pejling.User, m int, now time.Time) pejling.Placement {
	t.Helper()
	today := pejling.UTCDay(now)
	p, err := employer.DefaultPlacementPolicy().New(pejling.Placement{Municipality: m, PersonID: fmt.Sprintf("fixture-placed-%d", m),
		Type: pejling.Praktik, CVR: "12345678", Start: today - 10, End: today + 60, HoursPerWeek: 20, Group: pejling.KTH}, *u, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreatePlacement(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// placementAPIEnv serves placements and the placement bank from a fresh SQLite store
// with a fixed clock (2026-03-02) to sessions of 101 (two case workers, an admin) and
// 147, a politician, and an API token.
type placementAPIEnv struct {
	*apiEnv
	admin   string
	adminU  *pejling.User
	otherU  *pejling.User
	slot147 *pejling.Slot
}

func newPlacementAPIEnv(t *testing.T) *placementAPIEnv {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "plapi.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db.Now = clock
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Slots, srv.Placements, srv.Companies, srv.Now = db, db, db, db, clock
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &placementAPIEnv{apiEnv: &apiEnv{ts: ts, db: db, now: now}}
	e.user = newUser(t, db, "cw-a", pejling.RoleCaseWorker, 101)
	e.user2 = newUser(t, db, "cw-b", pejling.RoleConsultant, 101)
	e.otherU = newUser(t, db, "cw-147", pejling.RoleCaseWorker, 147)
	e.adminU = newUser(t, db, "leder-a", pejling.RoleAdmin, 101)
	e.cw, e.cw2, e.other = sessionFor(t, db, e.user, true), sessionFor(t, db, e.user2, true), sessionFor(t, db, e.otherU, true)
	e.admin = sessionFor(t, db, e.adminU, true)
	e.politician = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	e.pending = sessionFor(t, db, newUser(t, db, "cw-nocode", pejling.RoleCaseWorker, 101), false)
	e.token = tokenFor(t, db, e.user)
	return e
}

// confirmedReservation stores a slot of m and a confirmed reservation of person on it.
func (e *placementAPIEnv) confirmedReservation(t *testing.T, m int, u *pejling.User, person string) *pejling.Reservation {
	t.Helper()
	ctx := context.Background()
	slot := &pejling.Slot{Municipality: m, CVR: "23456789", Type: pejling.SlotPraktik, Title: "Lager", Occupation: "9333",
		HoursPerWeek: 30, Capacity: 2, ActiveFrom: pejling.DateOf(2020, 1, 1), ActiveTo: pejling.Forever,
		Location: pejling.LatLon{Lat: 55.676, Lon: 12.568}, CreatedBy: u.ID}
	if err := e.db.CreateSlot(ctx, slot); err != nil {
		t.Fatal(err)
	}
	res, err := e.db.ReserveSlot(ctx, m, slot.ID, person, u.ID, e.now, 72*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if res, err = e.db.ConfirmReservation(ctx, m, res.ID, e.now); err != nil {
		t.Fatal(err)
	}
	return res
}

func (e *placementAPIEnv) count(t *testing.T, m int) int {
	t.Helper()
	ps, err := e.db.FindPlacements(context.Background(), pejling.PlacementFilter{Municipality: m})
	if err != nil {
		t.Fatal(err)
	}
	return len(ps)
}

func placementOf(t *testing.T, m map[string]any, b string) map[string]any {
	t.Helper()
	p, ok := m["placement"].(map[string]any)
	if !ok {
		t.Fatalf("no placement in %.300s", b)
	}
	return p
}

func num(v any) int64 { f, _ := v.(float64); return int64(f) }

// TestPlacementAPI walks the placement API end to end on a real store: made directly
// and from a confirmed reservation (at most once), listed with what is due, read with
// an audit record, followed up, approved (never by its creator), decided, ended early,
// and every refused transition and stale version answered 409 with nothing stored.
func TestPlacementAPI(t *testing.T) {
	e := newPlacementAPIEnv(t)
	ctx := context.Background()
	path := func(id int64, rest string) string { return fmt.Sprintf("/api/v1/placements/%d%s", id, rest) }

	// A praktik made directly: needs no approval, running since 2 February.
	praktik := map[string]any{"person_id": "borger-1", "type": "praktik", "cvr": "12345678", "start": "2026-02-02",
		"end": "2026-04-26", "hours": 25, "group": "KTH", "intervention_id": "IND-7"}
	st, m, b := e.call(t, "POST", "/api/v1/placements", e.cw, praktik)
	want(t, "create praktik", st, 201, b)
	pr := placementOf(t, m, b)
	prID := num(pr["id"])
	if pr["status"] != "planned" || pr["phase"] != "active" || pr["group"] != "KTH" || pr["next_follow_up"] != "2026-02-16" ||
		pr["decision_due"] != "2026-03-02" || num(pr["version"]) != 1 {
		t.Errorf("praktik %s", b)
	}
	if es := e.audits(t, "borger-1", pejling.AuditChange); len(es) != 1 || es[0].Purpose != "virksomhedsplacering: opfølgning" || es[0].Page != "POST /api/v1/placements" {
		t.Errorf("the creation's audit records %+v", es)
	}
	// A long løntilskud waits for approval.
	lts := map[string]any{"person_id": "borger-2", "type": "lts_privat", "cvr": "12345678", "start": "2026-03-10",
		"end": "2026-09-30", "hours": 37, "group": "DGP"}
	st, m, b = e.call(t, "POST", "/api/v1/placements", e.cw, lts)
	want(t, "create lts", st, 201, b)
	lt := placementOf(t, m, b)
	ltID := num(lt["id"])
	if lt["status"] != "pending_approval" || lt["needs_approval"] != true || lt["can_approve"] != false {
		t.Errorf("lts %s", b)
	}
	// From a confirmed reservation: the person, CVR, hours and type are the reservation's.
	res := e.confirmedReservation(t, 101, e.user, "borger-3")
	fromRes := map[string]any{"reservation_id": res.ID, "start": "2026-03-16", "end": "2026-05-31", "group": "AMY"}
	st, m, b = e.call(t, "POST", "/api/v1/placements", e.cw2, fromRes)
	want(t, "from a reservation", st, 201, b)
	if p := placementOf(t, m, b); p["person_id"] != "borger-3" || p["cvr"] != "23456789" || p["type"] != "praktik" ||
		num(p["reservation_id"]) != res.ID || num(p["slot_id"]) == 0 || p["hours"] != 30.0 {
		t.Errorf("from a reservation %s", b)
	}
	st, _, b = e.call(t, "POST", "/api/v1/placements", e.cw2, fromRes)
	want(t, "the reservation a second time", st, 409, b)
	if n := e.count(t, 101); n != 3 {
		t.Fatalf("%d placements stored, want 3", n)
	}

	// The list: what is due first (the approval, the praktik's follow-up and decision).
	st, m, b = e.call(t, "GET", "/api/v1/placements", e.cw2, nil)
	want(t, "list", st, 200, b)
	var kinds []string
	for _, r := range m["reminders"].([]any) {
		kinds = append(kinds, r.(map[string]any)["kind"].(string))
	}
	if got := strings.Join(kinds, ","); got != "approval,follow_up,decision" || len(m["placements"].([]any)) != 3 {
		t.Errorf("reminders %s in %s", got, b)
	}
	for q, n := range map[string]int{"?phase=active": 1, "?phase=pending_approval": 1, "?person=borger-2": 1, "?cvr=23456789": 1, "?due=1": 2, "?cvr=99999999": 0} {
		st, m, b = e.call(t, "GET", "/api/v1/placements"+q, e.cw2, nil)
		want(t, q, st, 200, b)
		if got := len(m["placements"].([]any)); got != n {
			t.Errorf("%s: %d placements, want %d", q, got, n)
		}
	}
	if es := e.audits(t, "", pejling.AuditSearch); len(es) != 7 || !strings.Contains(es[0].Criteria, "placements") {
		t.Errorf("the lists' audit records: %d %+v", len(es), es)
	}

	// One placement, its read audited.
	st, m, b = e.call(t, "GET", path(prID, ""), e.cw2, nil)
	want(t, "one", st, 200, b)
	if es := e.audits(t, "borger-1", pejling.AuditRead); len(es) != 1 || es[0].UserID != e.user2.ID || es[0].Purpose != "virksomhedsplacering: opfølgning" {
		t.Errorf("the read's audit records %+v", es)
	}

	// Follow-up at version 1; the same version again is stale.
	fu := map[string]any{"version": 1, "action": "followup", "day": "2026-02-27", "note": "Møder stabilt <script>alert(1)</script>"}
	st, m, b = e.call(t, "POST", path(prID, "/actions"), e.cw, fu)
	want(t, "follow-up", st, 200, b)
	if p := placementOf(t, m, b); num(p["version"]) != 2 || len(p["follow_ups"].([]any)) != 1 || p["next_follow_up"] != "2026-03-13" {
		t.Errorf("after the follow-up %s", b)
	}
	if strings.Contains(b, "<script>") {
		t.Errorf("a hostile note is sent unescaped: %s", b)
	}
	st, m, b = e.call(t, "POST", path(prID, "/actions"), e.cw2, fu)
	want(t, "stale follow-up", st, 409, b)
	if m["conflict"] != true || num(m["version"]) != 2 {
		t.Errorf("stale: %s", b)
	}
	// Approval: not by the creator (403), not by a role that does not approve (403);
	// by an admin who did not make it.
	st, m, b = e.call(t, "GET", path(ltID, ""), e.admin, nil)
	want(t, "lts as the admin", st, 200, b)
	if placementOf(t, m, b)["can_approve"] != true {
		t.Errorf("the admin cannot approve: %s", b)
	}
	approve := map[string]any{"version": 1, "action": "approve"}
	for who, c := range map[string]string{"creator": e.cw, "consultant": e.cw2} {
		st, _, b = e.call(t, "POST", path(ltID, "/actions"), c, approve)
		want(t, "approve as the "+who, st, 403, b)
	}
	adminAsCreator := newUser(t, e.db, "leder-b", pejling.RoleAdmin, 101)
	own, err := employer.DefaultPlacementPolicy().New(pejling.Placement{Municipality: 101, PersonID: "borger-4", Type: pejling.LtsOffentlig,
		CVR: "12345678", Start: pejling.DateOf(2026, 4, 1), End: pejling.DateOf(2026, 12, 31), HoursPerWeek: 30, Group: pejling.KTH}, *adminAsCreator, e.now)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreatePlacement(ctx, &own); err != nil {
		t.Fatal(err)
	}
	st, _, b = e.call(t, "POST", path(own.ID, "/actions"), sessionFor(t, e.db, adminAsCreator, true), approve)
	want(t, "an admin approving their own", st, 403, b)
	if !strings.Contains(b, "nobody approves a placement they created") {
		t.Errorf("self-approval: %s", b)
	}
	st, m, b = e.call(t, "POST", path(ltID, "/actions"), e.admin, approve)
	want(t, "approve", st, 200, b)
	if p := placementOf(t, m, b); p["status"] != "planned" || num(p["approved_by"]) != e.adminU.ID {
		t.Errorf("approved %s", b)
	}
	st, m, b = e.call(t, "POST", path(ltID, "/actions"), e.admin, map[string]any{"version": 2, "action": "approve"})
	want(t, "approve twice", st, 409, b)
	if m["conflict"] != nil {
		t.Errorf("a refused transition is not a stale version: %s", b)
	}
	// The praktik's decision, once.
	st, _, b = e.call(t, "POST", path(prID, "/actions"), e.cw, map[string]any{"version": 2, "action": "decide", "decision": "loentilskud"})
	want(t, "decide", st, 200, b)
	st, _, b = e.call(t, "POST", path(prID, "/actions"), e.cw, map[string]any{"version": 3, "action": "decide", "decision": "end"})
	want(t, "decide twice", st, 409, b)
	// A started placement is not cancelled but ended early, once.
	st, _, b = e.call(t, "POST", path(prID, "/actions"), e.cw, map[string]any{"version": 3, "action": "cancel", "reason": "Syg"})
	want(t, "cancel a started one", st, 409, b)
	end := map[string]any{"version": 3, "action": "end", "day": "2026-03-01", "reason": "Fik job"}
	st, m, b = e.call(t, "POST", path(prID, "/actions"), e.cw, end)
	want(t, "end early", st, 200, b)
	if p := placementOf(t, m, b); p["status"] != "ended" || p["ended_on"] != "2026-03-01" || p["last_day"] != "2026-03-01" {
		t.Errorf("ended %s", b)
	}
	end["version"] = 4
	st, _, b = e.call(t, "POST", path(prID, "/actions"), e.cw, end)
	want(t, "end twice", st, 409, b)
	// The outcome is taken 182 days after the end: not yet.
	st, _, b = e.call(t, "POST", path(prID, "/actions"), e.cw, map[string]any{"version": 4, "action": "outcome", "outcome": "employed"})
	want(t, "outcome too early", st, 409, b)
	// The pending one of the admin is cancelled.
	st, m, b = e.call(t, "POST", path(own.ID, "/actions"), e.cw, map[string]any{"version": 1, "action": "cancel", "reason": "Virksomheden trak sig"})
	want(t, "cancel", st, 200, b)
	if placementOf(t, m, b)["status"] != "cancelled" {
		t.Errorf("cancelled %s", b)
	}
	if es := e.audits(t, "borger-1", pejling.AuditChange); len(es) != 4 {
		t.Errorf("borger-1's change records: %d, want 4 (create, follow-up, decide, end)", len(es))
	}
	if p, err := e.db.FindPlacement(ctx, 101, prID); err != nil || p.Version != 4 || p.Decision != pejling.DecisionWageSubsidy {
		t.Errorf("stored %+v %v", p, err)
	}
}

// TestPlacementAPIIsolation: another municipality's placements and reservations are
// not found, and its list is its own; politicians, unverified sessions and API tokens
// are refused; no credentials is 401.
func TestPlacementAPIIsolation(t *testing.T) {
	e := newPlacementAPIEnv(t)
	p101 := newPlacementFixture(t, e.db, e.user, 101, e.now)
	p147 := newPlacementFixture(t, e.db, e.otherU, 147, e.now)
	res147 := e.confirmedReservation(t, 147, e.otherU, "borger-147")
	id := func(p pejling.Placement) string { return fmt.Sprintf("/api/v1/placements/%d", p.ID) }
	st, _, b := e.call(t, "GET", id(p147), e.cw, nil)
	want(t, "147's placement", st, 404, b)
	st, _, b = e.call(t, "POST", id(p147)+"/actions", e.cw, map[string]any{"version": 1, "action": "followup", "day": "2026-03-01", "note": "x"})
	want(t, "an action on 147's placement", st, 404, b)
	st, _, b = e.call(t, "POST", "/api/v1/placements", e.cw, map[string]any{"reservation_id": res147.ID, "start": "2026-03-16", "end": "2026-04-30", "group": "KTH"})
	want(t, "147's reservation", st, 404, b)
	st, m, b := e.call(t, "GET", "/api/v1/placements", e.other, nil)
	want(t, "147's list", st, 200, b)
	if ps := m["placements"].([]any); len(ps) != 1 || num(ps[0].(map[string]any)["id"]) != p147.ID {
		t.Errorf("147 sees %s", b)
	}
	if p, _ := e.db.FindPlacement(context.Background(), 147, p147.ID); p.Version != 1 || len(p.FollowUps) != 0 {
		t.Errorf("147's placement changed: %+v", p)
	}
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/api/v1/placements", nil},
		{"POST", "/api/v1/placements", map[string]any{"person_id": "borger-9"}},
		{"GET", id(p101), nil},
		{"POST", id(p101) + "/actions", map[string]any{"version": 1, "action": "approve"}},
	} {
		for who, cookie := range map[string]string{"politician": e.politician, "unverified": e.pending} {
			if st, _, b := e.call(t, c.method, c.path, cookie, c.body); st != 403 && !(who == "unverified" && st == 401) {
				t.Errorf("%s %s as %s: %d %s", c.method, c.path, who, st, b)
			}
		}
		if st, _, b := e.call(t, c.method, c.path, "", c.body, "Authorization", "Bearer "+e.token); st != 403 {
			t.Errorf("%s %s with an API token: %d %s", c.method, c.path, st, b)
		}
		if st, _, b := e.call(t, c.method, c.path, "", c.body); st != 401 {
			t.Errorf("%s %s without credentials: %d %s", c.method, c.path, st, b)
		}
	}
	if n := e.count(t, 101); n != 1 {
		t.Errorf("%d placements in 101 after the refusals, want 1", n)
	}
}

// TestPlacementAPIBadInput: a bad body or query is 400 naming the field, stores nothing
// and never echoes a CPR number.
func TestPlacementAPIBadInput(t *testing.T) {
	e := newPlacementAPIEnv(t)
	p := newPlacementFixture(t, e.db, e.user, 101, e.now)
	action := fmt.Sprintf("/api/v1/placements/%d/actions", p.ID)
	good := `{"person_id":"borger-1","type":"praktik","cvr":"12345678","start":"2026-02-02","end":"2026-04-26","hours":25,"group":"KTH"}`
	cases := []struct {
		name, method, path string
		body               any
		status             int
		field              string // the message begins with it
	}{
		{"malformed", "POST", "/api/v1/placements", `{"person_id":`, 400, "body"},
		{"not an object", "POST", "/api/v1/placements", `[1,2]`, 400, "body"},
		{"two objects", "POST", "/api/v1/placements", good + good, 400, "body"},
		{"unknown field", "POST", "/api/v1/placements", strings.Replace(good, `"hours"`, `"status":"planned","hours"`, 1), 400, "status"},
		{"oversized", "POST", "/api/v1/placements", `{"person_id":"` + strings.Repeat("a", 70<<10) + `"}`, 400, "body"},
		{"hours a string", "POST", "/api/v1/placements", strings.Replace(good, `"hours":25`, `"hours":"25"`, 1), 400, "hours"},
		{"reservation a string", "POST", "/api/v1/placements", strings.Replace(good, `"group"`, `"reservation_id":"1","group"`, 1), 400, "reservation_id"},
		{"CPR person", "POST", "/api/v1/placements", strings.Replace(good, "borger-1", "010190-1234", 1), 400, "person_id"},
		{"CPR person, 10 digits", "POST", "/api/v1/placements", strings.Replace(good, "borger-1", "0101901234", 1), 400, "person_id"},
		{"hostile person", "POST", "/api/v1/placements", strings.Replace(good, "borger-1", `<script>alert(1)</script>`, 1), 400, "person_id"},
		{"SQL person", "POST", "/api/v1/placements", strings.Replace(good, "borger-1", `x'; DROP TABLE placements; --`, 1), 400, "person_id"},
		{"CPR intervention", "POST", "/api/v1/placements", strings.Replace(good, `"group"`, `"intervention_id":"0101901234","group"`, 1), 400, "intervention_id"},
		{"bad type", "POST", "/api/v1/placements", strings.Replace(good, `"praktik"`, `"fleksjob"`, 1), 400, "type"},
		{"too long", "POST", "/api/v1/placements", strings.Replace(good, "2026-04-26", "2028-04-26", 1), 400, "end"},
		{"no hours", "POST", "/api/v1/placements", strings.Replace(good, `"hours":25,`, ``, 1), 400, "hours"},
		{"bad group", "POST", "/api/v1/placements", strings.Replace(good, `"KTH"`, `"XYZ"`, 1), 400, "group"},
		{"no group, none in the register", "POST", "/api/v1/placements", strings.Replace(good, `,"group":"KTH"`, ``, 1), 400, "group"},
		{"negative reservation", "POST", "/api/v1/placements", strings.Replace(good, `"group"`, `"reservation_id":-1,"group"`, 1), 400, "reservation_id"},
		{"unknown reservation", "POST", "/api/v1/placements", strings.Replace(good, `"group"`, `"reservation_id":999,"group"`, 1), 404, ""},
		{"text/plain", "POST", "/api/v1/placements", nil, 400, "body"},
		{"no version", "POST", action, `{"action":"followup","day":"2026-03-01","note":"x"}`, 400, "version"},
		{"version a string", "POST", action, `{"version":"1","action":"approve"}`, 400, "version"},
		{"unknown action", "POST", action, `{"version":1,"action":"delete"}`, 400, "action"},
		{"bad day", "POST", action, `{"version":1,"action":"followup","day":"1/3/2026","note":"x"}`, 400, "day"},
		{"CPR in the note", "POST", action, `{"version":1,"action":"followup","day":"2026-03-01","note":"ring til 010190-1234"}`, 400, ""},
		{"bad decision", "POST", action, `{"version":1,"action":"decide","decision":"maybe"}`, 400, ""},
		{"unknown field of an action", "POST", action, `{"version":1,"action":"approve","by":1}`, 400, "by"},
		{"CPR path id", "GET", "/api/v1/placements/0101901234", nil, 400, "id"},
		{"text path id", "GET", "/api/v1/placements/abc", nil, 400, "id"},
		{"unknown query", "GET", "/api/v1/placements?status=open", nil, 400, "status"},
		{"bad phase", "GET", "/api/v1/placements?phase=running", nil, 400, "phase"},
		{"CPR person filter", "GET", "/api/v1/placements?person=0101901234", nil, 400, "person"},
		{"bad cvr filter", "GET", "/api/v1/placements?cvr=1234", nil, 400, "cvr"},
		{"bad due", "GET", "/api/v1/placements?due=yes", nil, 400, "due"},
		{"person twice", "GET", "/api/v1/placements?person=a&person=b", nil, 400, "person"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var headers []string
			if c.name == "text/plain" {
				c.body = good
				headers = []string{"Content-Type", "text/plain"}
			}
			st, b := apiCall(t, e.ts.URL, c.method, c.path, e.cw, c.body, headers...)
			if st != c.status {
				t.Fatalf("status %d, want %d: %s", st, c.status, b)
			}
			var m map[string]any
			if err := json.Unmarshal([]byte(b), &m); err != nil {
				t.Fatalf("not JSON: %s", b)
			}
			msg, _ := m["error"].(string)
			if c.field != "" && !strings.HasPrefix(msg, c.field+":") {
				t.Errorf("error %q does not name %s", msg, c.field)
			}
			if strings.Contains(b, "010190") || strings.Contains(b, "0101901234") || strings.Contains(b, "<script>") || strings.Contains(b, "DROP TABLE") {
				t.Errorf("the answer echoes the input: %s", b)
			}
		})
	}
	if n := e.count(t, 101); n != 1 {
		t.Errorf("%d placements stored, want only the fixture", n)
	}
	if got, _ := e.db.FindPlacement(context.Background(), 101, p.ID); got.Version != 1 {
		t.Errorf("the fixture changed to version %d", got.Version)
	}
}
