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
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
	"github.com/pejling/pejling/web"
)

// apiEnv serves every store of the employer service from a fresh SQLite store with a
// fixed clock, to sessions of two municipalities.
type apiEnv struct {
	ts                                  *httptest.Server
	db                                  *sqldb.DB
	cw, cw2, other, politician, pending string
	user, user2                         *pejling.User
	token                               string // a case worker of 101's API token
	fx, fxOther                         employerFixture
	now                                 time.Time
}

func newAPIEnv(t *testing.T) *apiEnv { return newAPIEnvAt(t, "") }

// newAPIEnvAt serves the store at dsn ("": a fresh SQLite store).
func newAPIEnvAt(t *testing.T, dsn string) *apiEnv {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "api.db")
	}
	db, err := sqldb.Open(context.Background(), dsn)
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
	srv.Users, srv.Companies, srv.Orders, srv.Slots, srv.Profiles, srv.Progression, srv.Teams, srv.Now = db, db, db, db, db, db, db, clock
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &apiEnv{ts: ts, db: db, now: now}
	e.user = newUser(t, db, "cw-a", pejling.RoleCaseWorker, 101)
	e.user2 = newUser(t, db, "cw-b", pejling.RoleConsultant, 101)
	otherUser := newUser(t, db, "cw-147", pejling.RoleCaseWorker, 147)
	e.cw, e.cw2 = sessionFor(t, db, e.user, true), sessionFor(t, db, e.user2, true)
	e.other = sessionFor(t, db, otherUser, true)
	e.politician = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	e.pending = sessionFor(t, db, newUser(t, db, "cw-nocode", pejling.RoleCaseWorker, 101), false)
	e.token = tokenFor(t, db, newUser(t, db, "cw-token", pejling.RoleCaseWorker, 101))
	e.fx = newEmployerFixture(t, db, e.user, 101, "borger-101-a", now)
	e.fxOther = newEmployerFixture(t, db, otherUser, 147, "borger-147-a", now)
	return e
}

func (e *apiEnv) call(t *testing.T, method, path, cookie string, body any, headers ...string) (int, map[string]any, string) {
	t.Helper()
	status, b := apiCall(t, e.ts.URL, method, path, cookie, body, headers...)
	var m map[string]any
	if err := json.Unmarshal([]byte(b), &m); err != nil {
		t.Fatalf("%s %s: not a JSON object: %v\n%.300s", method, path, err, b)
	}
	return status, m, b
}

func (e *apiEnv) audits(t *testing.T, person string, action pejling.AuditAction) []pejling.AuditEntry {
	t.Helper()
	es, err := e.db.ListAudit(context.Background(), pejling.AuditFilter{PersonID: person, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func want(t *testing.T, what string, status, wantStatus int, body string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("%s: status %d, want %d\n%.400s", what, status, wantStatus, body)
	}
}

// TestEmployerAPIFlow walks every part of the API end to end as a case worker of 101,
// and checks that 147's records are not found.
func TestEmployerAPIFlow(t *testing.T) {
	e := newAPIEnv(t)
	id := func(n int64) string { return fmt.Sprint(n) }

	// Companies and the contact log.
	st, m, b := e.call(t, "GET", "/api/v1/companies?q=k%C3%B8kken", e.cw, nil)
	want(t, "companies", st, 200, b)
	if cs := m["companies"].([]any); len(cs) != 1 || cs[0].(map[string]any)["cvr"] != "12345678" {
		t.Errorf("companies %s", b)
	}
	st, m, b = e.call(t, "GET", "/api/v1/companies/12345678", e.cw, nil)
	want(t, "company", st, 200, b)
	if os := m["orders"].([]any); len(os) != 1 || os[0].(map[string]any)["id"].(float64) != float64(e.fx.Order.ID) {
		t.Errorf("company's orders %s", b)
	}
	st, _, b = e.call(t, "GET", "/api/v1/companies/87654321", e.cw, nil)
	want(t, "unknown company", st, 404, b)
	contact := map[string]any{"topic": "recruitment", "channel": "phone", "outcome": "Wants two assistants"}
	st, m, b = e.call(t, "POST", "/api/v1/companies/12345678/contacts", e.cw, contact)
	want(t, "first contact", st, 201, b)
	if m["precheck"].(map[string]any)["warning"] != false {
		t.Errorf("first contact warned: %s", b)
	}
	// A colleague about the same topic: the precheck's warning, nothing stored.
	st, m, b = e.call(t, "POST", "/api/v1/companies/12345678/contacts", e.cw2, contact)
	want(t, "second contact unconfirmed", st, 409, b)
	if pc := m["precheck"].(map[string]any); pc["warning"] != true || len(pc["same_topic"].([]any)) != 1 {
		t.Errorf("precheck %s", b)
	}
	_, m, _ = e.call(t, "GET", "/api/v1/companies/12345678/contacts", e.cw, nil)
	if n := len(m["contacts"].([]any)); n != 1 {
		t.Fatalf("%d contacts after a refused one, want 1", n)
	}
	contact["confirm"] = true
	st, _, b = e.call(t, "POST", "/api/v1/companies/12345678/contacts", e.cw2, contact)
	want(t, "second contact confirmed", st, 201, b)

	// Job orders: create, read with clocks, change at a version, a stale version.
	st, m, b = e.call(t, "POST", "/api/v1/orders", e.cw, map[string]any{"cvr": "12345678", "title": "1 opvasker", "kind": "ordinary", "channel": "hotline", "owner_id": e.user2.ID})
	want(t, "create order", st, 201, b)
	o := m["order"].(map[string]any)
	oid := int64(o["id"].(float64))
	if o["status"] != "new" || o["version"].(float64) != 1 || len(o["clocks"].([]any)) == 0 {
		t.Errorf("new order %s", b)
	}
	st, _, b = e.call(t, "POST", "/api/v1/orders/"+id(oid)+"/events", e.cw, map[string]any{"version": 1, "event": "acknowledged"})
	want(t, "acknowledge", st, 200, b)
	st, m, b = e.call(t, "POST", "/api/v1/orders/"+id(oid)+"/events", e.cw2, map[string]any{"version": 1, "event": "filled"})
	want(t, "stale version", st, 409, b)
	if m["conflict"] != true || m["version"].(float64) != 2 || !strings.HasPrefix(m["error"].(string), "version:") {
		t.Errorf("conflict %s", b)
	}
	st, m, b = e.call(t, "GET", "/api/v1/orders/"+id(oid), e.cw, nil)
	want(t, "order", st, 200, b)
	if o := m["order"].(map[string]any); o["status"] != "acknowledged" || len(o["history"].([]any)) != 2 {
		t.Errorf("order after a refused change %s", b)
	}
	st, m, b = e.call(t, "GET", "/api/v1/orders?status=all&cvr=12345678", e.cw, nil)
	want(t, "orders", st, 200, b)
	if n := len(m["orders"].([]any)); n != 2 {
		t.Errorf("%d orders, want 2: %s", n, b)
	}
	st, _, b = e.call(t, "POST", "/api/v1/orders", e.cw, map[string]any{"cvr": "12345678", "title": "x", "kind": "ordinary", "channel": "normal", "owner_id": 999999})
	want(t, "owner of no municipality", st, 400, b)

	// The placement bank: create, search, reserve, confirm, release; all audited.
	slot := map[string]any{"cvr": "12345678", "type": "loentilskud", "title": "Lagerarbejde", "occupation": "9333", "lat": 55.7, "lon": 12.5,
		"hours": 37, "capacity": 1, "skills": []string{"Truckcertifikat"}, "active_from": "2026-03-01"}
	st, m, b = e.call(t, "POST", "/api/v1/slots", e.cw, slot)
	want(t, "create slot", st, 201, b)
	sid := int64(m["slot"].(map[string]any)["id"].(float64))
	st, m, b = e.call(t, "GET", "/api/v1/slots?occupation=93&free=1", e.cw, nil)
	want(t, "search slots", st, 200, b)
	if ss := m["slots"].([]any); len(ss) != 1 || ss[0].(map[string]any)["free"].(float64) != 1 {
		t.Errorf("search %s", b)
	}
	st, m, b = e.call(t, "POST", "/api/v1/slots/"+id(sid)+"/reservations", e.cw, map[string]any{"person_id": "borger-101-b", "days": 2})
	want(t, "reserve", st, 201, b)
	rid := int64(m["reservation"].(map[string]any)["id"].(float64))
	st, _, b = e.call(t, "POST", "/api/v1/slots/"+id(sid)+"/reservations", e.cw2, map[string]any{"person_id": "borger-101-c"})
	want(t, "reserve the last place twice", st, 409, b)
	st, m, b = e.call(t, "POST", "/api/v1/reservations/"+id(rid)+"/confirm", e.cw, nil)
	want(t, "confirm", st, 200, b)
	if m["reservation"].(map[string]any)["status"] != "confirmed" {
		t.Errorf("confirmed %s", b)
	}
	st, m, b = e.call(t, "GET", "/api/v1/slots/"+id(sid), e.cw, nil)
	want(t, "slot", st, 200, b)
	if m["slot"].(map[string]any)["free"].(float64) != 0 || len(m["reservations"].([]any)) != 1 {
		t.Errorf("slot %s", b)
	}
	if n := len(e.audits(t, "borger-101-b", pejling.AuditRead)); n != 1 {
		t.Errorf("%d read records of the slot's citizen, want 1", n)
	}
	st, _, b = e.call(t, "POST", "/api/v1/reservations/"+id(rid)+"/release", e.cw, nil)
	want(t, "release", st, 200, b)
	if n := len(e.audits(t, "borger-101-b", pejling.AuditChange)); n != 3 {
		t.Errorf("%d change records of the reserved citizen, want 3 (reserve, confirm, release)", n)
	}

	// Profiles and matching: audited with the purpose given.
	p := "/api/v1/profiles/" + e.fx.Person
	st, _, b = e.call(t, "GET", p, e.cw, nil)
	want(t, "profile without purpose", st, 400, b)
	st, m, b = e.call(t, "GET", p+"?purpose=jobplan+sag+12", e.cw, nil)
	want(t, "profile", st, 200, b)
	if pr := m["profile"].(map[string]any); pr["version"].(float64) != 1 || pr["occupations"].([]any)[0] != "5120" {
		t.Errorf("profile %s", b)
	}
	if es := e.audits(t, e.fx.Person, pejling.AuditRead); len(es) != 1 || es[0].Purpose != "jobplan sag 12" || es[0].Page != "GET "+p {
		t.Errorf("audit of the profile read: %+v", es)
	}
	newProfile := map[string]any{"version": 1, "occupations": []string{"9333", " 5120 "}, "skills": []string{"Truckcertifikat"},
		"education": 2, "home_lat": 55.69, "home_lon": 12.55, "radius_km": 25, "hours_min": 30, "hours_max": 37}
	st, m, b = e.call(t, "PUT", p+"?purpose=jobplan+sag+12", e.cw, newProfile)
	want(t, "save profile", st, 200, b)
	if pr := m["profile"].(map[string]any); pr["version"].(float64) != 2 || pr["skills"].([]any)[0] != "truckcertifikat" {
		t.Errorf("saved profile %s", b)
	}
	st, m, b = e.call(t, "PUT", p+"?purpose=jobplan+sag+12", e.cw2, newProfile)
	want(t, "stale profile", st, 409, b)
	if m["conflict"] != true {
		t.Errorf("profile conflict %s", b)
	}
	st, m, b = e.call(t, "GET", p+"/matches?purpose=jobplan+sag+12", e.cw, nil)
	want(t, "matches", st, 200, b)
	ms := m["matches"].([]any)
	if len(ms) == 0 || len(ms[0].(map[string]any)["components"].([]any)) == 0 {
		t.Errorf("matches %s", b)
	}
	st, m, b = e.call(t, "GET", "/api/v1/slots/"+id(e.fx.Slot.ID)+"/candidates", e.cw, nil)
	want(t, "candidates", st, 200, b)
	if cs := m["candidates"].([]any); len(cs) != 1 || cs[0].(map[string]any)["person_id"] != e.fx.Person {
		t.Errorf("candidates %s", b)
	}
	if n := len(e.audits(t, e.fx.Person, pejling.AuditRead)); n != 3 {
		t.Errorf("%d read records of the profile's citizen, want 3 (profile, matches, candidate)", n)
	}

	// Progression: audited read, a conversation, its duplicate, the aggregates.
	g := "/api/v1/progression/" + e.fx.Person
	before := len(e.audits(t, e.fx.Person, pejling.AuditRead))
	st, m, b = e.call(t, "GET", g, e.cw, nil)
	want(t, "progression", st, 200, b)
	if len(m["scores"].([]any)) != 1 || len(e.audits(t, e.fx.Person, pejling.AuditRead)) != before+1 {
		t.Errorf("progression %s", b)
	}
	conv := map[string]any{"date": "2026-03-01", "team": "Team Nord", "scores": map[string]int{e.fx.Indicator: 7}}
	st, _, b = e.call(t, "POST", g+"/conversations", e.cw, conv)
	want(t, "conversation", st, 201, b)
	st, m, b = e.call(t, "POST", g+"/conversations", e.cw2, conv)
	want(t, "same conversation again", st, 409, b)
	_, m, b = e.call(t, "GET", g, e.cw, nil)
	if pr := m["progression"].(map[string]any); pr["change"] != 3.0 || len(pr["conversations"].([]any)) != 2 {
		t.Errorf("progression after the conversation %s", b)
	}
	st, m, b = e.call(t, "GET", "/api/v1/progression?per=team", e.cw, nil)
	want(t, "aggregates", st, 200, b)
	for _, gr := range m["groups"].([]any) {
		if gm := gr.(map[string]any); gm["too_few"] != true || gm["mean_change"] != nil {
			t.Errorf("a group of one shows numbers: %s", b)
		}
	}

	// Another municipality's records are not found, and nothing of theirs is shown.
	for _, path := range []string{"/api/v1/companies/12345678/contacts?limit=5", "/api/v1/orders/" + id(e.fxOther.Order.ID),
		"/api/v1/slots/" + id(e.fxOther.Slot.ID), "/api/v1/slots/" + id(e.fxOther.Slot.ID) + "/candidates",
		"/api/v1/profiles/" + e.fxOther.Person + "?purpose=jobplan+sag+12", "/api/v1/progression/" + e.fxOther.Person} {
		if strings.Contains(path, "contacts") {
			// 147 has its own record of the CVR, without 101's contacts.
			st, m, b := e.call(t, "GET", path, e.other, nil)
			want(t, path, st, 200, b)
			if len(m["contacts"].([]any)) != 0 {
				t.Errorf("147 sees 101's contacts: %s", b)
			}
			continue
		}
		st, _, b := e.call(t, "GET", path, e.cw, nil)
		want(t, "101 reading 147's "+path, st, 404, b)
	}
	for _, c := range []struct{ path string }{{"/api/v1/orders/" + id(e.fxOther.Order.ID) + "/events"}, {"/api/v1/slots/" + id(e.fxOther.Slot.ID) + "/reservations"},
		{"/api/v1/reservations/" + id(e.fxOther.Reservation.ID) + "/release"}} {
		st, _, b := e.call(t, "POST", c.path, e.cw, map[string]any{"version": 1, "event": "acknowledged", "person_id": "x"})
		if st != 404 && st != 400 {
			t.Errorf("101 changing 147's %s: status %d %s", c.path, st, b)
		}
	}
	if o, err := e.db.FindJobOrder(context.Background(), 147, e.fxOther.Order.ID); err != nil || o.Version != 1 {
		t.Errorf("147's order changed: %+v %v", o, err)
	}
	if r, err := e.db.FindReservation(context.Background(), 147, e.fxOther.Reservation.ID); err != nil || r.Status != pejling.ReservationHeld {
		t.Errorf("147's reservation changed: %+v %v", r, err)
	}
}

// TestEmployerAPIAccess calls every personal-data API route as callers who must be
// refused: a politician (403), a municipal case worker's API token (403: personal data
// is not served to tokens), a session without its second factor (401), nobody (401).
func TestEmployerAPIAccess(t *testing.T) {
	e := newAPIEnv(t)
	n := 0
	for _, r := range web.APIRoutes() {
		if r.Access != web.PersonData && r.Access != web.Manager {
			continue
		}
		n++
		method, _, _ := strings.Cut(r.Pattern, " ")
		path := strings.NewReplacer("{cvr}", "12345678", "{id}", fmt.Sprint(e.fx.Slot.ID)).Replace(r.Path())
		for _, c := range []struct {
			name          string
			cookie, token string
			want          int
		}{{"politician", e.politician, "", 403}, {"token", "", e.token, 403}, {"no second factor", e.pending, "", 401}, {"nobody", "", "", 401}} {
			var headers []string
			if c.token != "" {
				headers = []string{"Authorization", "Bearer " + c.token}
			}
			st, m, b := e.call(t, method, path+"?purpose=jobplan+sag+12", c.cookie, map[string]any{}, headers...)
			if st != c.want || m["error"] == nil {
				t.Errorf("%s as %s: status %d, want %d with a JSON error: %s", r.Pattern, c.name, st, c.want, b)
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d personal-data API routes", n)
	}
	if es := e.audits(t, e.fx.Person, pejling.AuditRead); len(es) != 0 {
		t.Errorf("a refused caller was audited as reading: %+v", es)
	}
}

// TestEmployerAPIBadInput sends malformed, unknown, oversized, mistyped and hostile
// bodies: each is refused with a JSON error naming the field, and nothing is stored.
func TestEmployerAPIBadInput(t *testing.T) {
	e := newAPIEnv(t)
	order := "/api/v1/orders"
	good := `{"cvr":"12345678","title":"t","kind":"ordinary","channel":"normal"}`
	for _, c := range []struct {
		name, path, body, ctype, field string
	}{
		{"malformed", order, `{"cvr": "12345678",`, "", "body"},
		{"not an object", order, `[1,2]`, "", "body"},
		{"empty", order, ``, "", "body"},
		{"trailing data", order, good + `{}`, "", "body"},
		{"unknown field", order, `{"cvr":"12345678","title":"t","kind":"ordinary","channel":"normal","municipality":147}`, "", "municipality"},
		{"wrong type", order, `{"cvr":12345678,"title":"t","kind":"ordinary","channel":"normal"}`, "", "cvr"},
		{"wrong type number", order, `{"cvr":"12345678","title":"t","kind":"ordinary","channel":"normal","owner_id":"me"}`, "", "owner_id"},
		{"form, not JSON", order, "cvr=12345678", "application/x-www-form-urlencoded", "body"},
		{"oversized", order, `{"cvr":"12345678","title":"` + strings.Repeat("x", 70<<10) + `"}`, "", "body"},
		{"bad kind", order, `{"cvr":"12345678","title":"t","kind":"<script>","channel":"normal"}`, "", "kind"},
		{"bad cvr", order, `{"cvr":"1234","title":"t","kind":"ordinary","channel":"normal"}`, "", "cvr"},
		{"bad event", "/api/v1/orders/" + fmt.Sprint(e.fx.Order.ID) + "/events", `{"version":1,"event":"created"}`, "", "event"},
		{"no version", "/api/v1/orders/" + fmt.Sprint(e.fx.Order.ID) + "/events", `{"event":"filled"}`, "", "version"},
		{"CPR person in body", "/api/v1/slots/" + fmt.Sprint(e.fx.Slot.ID) + "/reservations", `{"person_id":"010190-1234"}`, "", "person_id"},
		{"bad hold", "/api/v1/slots/" + fmt.Sprint(e.fx.Slot.ID) + "/reservations", `{"person_id":"p1","days":99}`, "", "days"},
		{"bad slot", "/api/v1/slots", `{"cvr":"12345678","type":"praktik","title":"","occupation":"51","hours":99,"capacity":0}`, "", "capacity"},
		{"bad contact", "/api/v1/companies/12345678/contacts", `{"topic":"recruitment","channel":"pigeon","outcome":"x"}`, "", "channel"},
		{"CPR in outcome", "/api/v1/companies/12345678/contacts", `{"topic":"recruitment","channel":"phone","outcome":"talked about 0101901234"}`, "", "outcome"},
		{"bad profile", "/api/v1/profiles/p1?purpose=jobplan+sag+12", `{"version":0,"home_lat":55,"home_lon":12,"radius_km":0}`, "", "radius_km"},
		{"bad scores", "/api/v1/progression/" + e.fx.Person + "/conversations", `{"date":"2026-03-01","scores":{"` + e.fx.Indicator + `":11}}`, "", "scores." + e.fx.Indicator},
		{"future conversation", "/api/v1/progression/" + e.fx.Person + "/conversations", `{"date":"2027-01-01","scores":{"` + e.fx.Indicator + `":5}}`, "", "date"},
		{"score of wrong type", "/api/v1/progression/" + e.fx.Person + "/conversations", `{"date":"2026-03-01","scores":{"` + e.fx.Indicator + `":"5"}}`, "", "scores"},
	} {
		t.Run(c.name, func(t *testing.T) {
			method := "POST"
			if strings.HasPrefix(c.path, "/api/v1/profiles/") {
				method = "PUT"
			}
			ct := c.ctype
			if ct == "" {
				ct = "application/json"
			}
			st, m, b := e.call(t, method, c.path, e.cw, c.body, "Content-Type", ct)
			if st != 400 {
				t.Fatalf("status %d, want 400: %.300s", st, b)
			}
			msg, _ := m["error"].(string)
			t.Log(msg)
			if !strings.HasPrefix(msg, c.field+":") && !strings.HasPrefix(msg, c.field+" ") {
				if _, ok := m["fields"].(map[string]any)[c.field]; !ok {
					t.Errorf("the error does not name %s: %s", c.field, b)
				}
			}
			if strings.Contains(b, "<script>") || strings.Contains(b, "0101901234") || strings.Contains(b, "010190-1234") {
				t.Errorf("the answer echoes hostile input raw: %s", b)
			}
		})
	}
	// CPR-shaped ids in the path are refused and not echoed.
	for _, path := range []string{"/api/v1/profiles/0101901234?purpose=jobplan+sag+12", "/api/v1/progression/010190-1234"} {
		st, _, b := e.call(t, "GET", path, e.cw, nil)
		if st != 400 || strings.Contains(b, "0101901234") || strings.Contains(b, "010190-1234") {
			t.Errorf("%s: status %d %s", path, st, b)
		}
	}
	// Hostile strings are stored as text and returned escaped as JSON strings.
	hostile := `<script>alert(1)</script> '; DROP TABLE job_order; --`
	st, m, b := e.call(t, "POST", "/api/v1/orders", e.cw, map[string]any{"cvr": "12345678", "title": hostile, "kind": "ordinary", "channel": "normal", "team": "Robert'); --"})
	want(t, "hostile title", st, 201, b)
	if strings.Contains(b, "<script>") || m["order"].(map[string]any)["title"] != hostile {
		t.Errorf("hostile title not returned as an escaped JSON string: %s", b)
	}
	// Nothing of the refused requests was stored: the fixture's order and the hostile one.
	os, err := e.db.FindJobOrdersOf(context.Background(), 101, false)
	if err != nil || len(os) != 2 {
		t.Errorf("%d orders stored, want 2 (%v)", len(os), err)
	}
	if es, _ := e.db.FindContactLog(context.Background(), pejling.ContactLogFilter{Municipality: 101}); len(es) != 0 {
		t.Errorf("%d contacts stored from refused requests", len(es))
	}
	if hits, _ := e.db.FindSlots(context.Background(), sqldb.SlotFilter{Municipality: 101}); len(hits) != 1 {
		t.Errorf("%d slots, want the fixture's only", len(hits))
	}
	// Query parameters: unknown, repeated, wrong.
	for _, path := range []string{"/api/v1/orders?status=nope", "/api/v1/orders?status=all&status=open", "/api/v1/slots?km=5",
		"/api/v1/companies?limit=0", "/api/v1/companies?municipality=147", "/api/v1/progression?per=person"} {
		if st, m, b := e.call(t, "GET", path, e.cw, nil); st != 400 || m["error"] == nil {
			t.Errorf("%s: status %d %s", path, st, b)
		}
	}
	// A method the path does not serve: JSON 405 naming the methods it does.
	if st, m, b := e.call(t, "DELETE", "/api/v1/orders", e.cw, nil); st != 405 || !strings.Contains(m["error"].(string), "GET or POST") {
		t.Errorf("DELETE: status %d %s", st, b)
	}
}

// TestEmployerAPILastPlace races two reservations of a slot's last place over the API,
// on both databases: one gets it (201), the other 409, and the slot is full, not over.
func TestEmployerAPILastPlace(t *testing.T) {
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"SQLite", func(*testing.T) string { return "" }},
		{"PostgreSQL", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) { apiLastPlace(t, newAPIEnvAt(t, db.dsn(t))) })
	}
}

func apiLastPlace(t *testing.T, e *apiEnv) {
	path := fmt.Sprintf("/api/v1/slots/%d/reservations", e.fx.Slot.ID)
	// The fixture's slot has 3 places and one reservation: take one more, leaving one.
	if st, _, b := e.call(t, "POST", path, e.cw, map[string]any{"person_id": "first"}); st != 201 {
		t.Fatalf("status %d %s", st, b)
	}
	for round := 0; round < 3; round++ {
		var wg sync.WaitGroup
		start := make(chan struct{})
		statuses := make([]int, 2)
		for i, c := range []string{e.cw, e.cw2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				statuses[i], _ = apiCall(t, e.ts.URL, "POST", path, c, map[string]any{"person_id": fmt.Sprintf("race-%d-%d", round, i)})
			}()
		}
		close(start)
		wg.Wait()
		if (statuses[0] == 201) == (statuses[1] == 201) || statuses[0]+statuses[1] != 201+409 {
			t.Fatalf("round %d: statuses %v, want one 201 and one 409", round, statuses)
		}
		rs, err := e.db.FindReservations(context.Background(), sqldb.ReservationFilter{Municipality: 101, SlotID: e.fx.Slot.ID, At: e.now})
		if err != nil {
			t.Fatal(err)
		}
		taken := 0
		var last pejling.Reservation
		for _, r := range rs {
			if r.Takes(e.now) {
				taken++
				last = r
			}
		}
		if taken != 3 {
			t.Fatalf("round %d: %d places taken of 3", round, taken)
		}
		// Free the place again for the next round.
		if st, _, b := e.call(t, "POST", fmt.Sprintf("/api/v1/reservations/%d/release", last.ID), e.cw, nil); st != 200 {
			t.Fatalf("release: %d %s", st, b)
		}
	}
}

// TestEmployerAPICrossOrigin checks that a state change from another site is refused
// (http.CrossOriginProtection) with a signed-in session, and stores nothing; the same
// request from the site itself goes through.
func TestEmployerAPICrossOrigin(t *testing.T) {
	e := newAPIEnv(t)
	body := map[string]any{"cvr": "12345678", "title": "cross-site", "kind": "ordinary", "channel": "normal"}
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}, {"Sec-Fetch-Site", "same-site"}} {
		st, b := apiCall(t, e.ts.URL, "POST", "/api/v1/orders", e.cw, body, h...)
		if st != 403 {
			t.Errorf("POST with %s: %s: status %d, want 403: %s", h[0], h[1], st, b)
		}
		st, b = apiCall(t, e.ts.URL, "PUT", "/api/v1/profiles/"+e.fx.Person+"?purpose=jobplan+sag+12", e.cw,
			map[string]any{"version": 1, "home_lat": 55, "home_lon": 12, "radius_km": 5}, h...)
		if st != 403 {
			t.Errorf("PUT with %s: %s: status %d, want 403: %s", h[0], h[1], st, b)
		}
	}
	if os, _ := e.db.FindJobOrdersOf(context.Background(), 101, false); len(os) != 1 {
		t.Errorf("%d orders after cross-origin posts, want the fixture's only", len(os))
	}
	if st, b := apiCall(t, e.ts.URL, "POST", "/api/v1/orders", e.cw, body, "Sec-Fetch-Site", "same-origin"); st != 201 {
		t.Errorf("same-origin POST: status %d %s", st, b)
	}
}
