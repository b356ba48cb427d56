package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb/pgtest"
)

// TestOrderMatchAPI drives the API of an order's requirements and candidates, the
// service-level policy and the alerts end to end on both databases.
func TestOrderMatchAPI(t *testing.T) {
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"SQLite", func(*testing.T) string { return "" }},
		{"PostgreSQL", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) { orderMatchAPI(t, newAPIEnvAt(t, db.dsn(t))) })
	}
}

func orderMatchAPI(t *testing.T, e *apiEnv) {
	o := e.fx.Order
	path := fmt.Sprintf("/api/v1/orders/%d", o.ID)
	st, m, b := e.call(t, "GET", path, e.cw, nil)
	want(t, "order", st, 200, b)
	if rq := m["order"].(map[string]any)["requirements"].(map[string]any); rq["matchable"] != false || rq["lat"] != nil {
		t.Errorf("requirements %v", rq)
	}
	// Not matchable yet: 409 saying what to set.
	if st, m, b := e.call(t, "GET", path+"/candidates", e.cw, nil); st != 409 || m["matchable"] != false || !strings.Contains(b, "requirements:") {
		t.Errorf("candidates of an unmatchable order: status %d %s", st, b)
	}
	good := map[string]any{"version": o.Version, "occupation": "5120", "skills": []string{"madlavning"}, "min_education": 2,
		"lat": 55.676, "lon": 12.568, "hours_min": 20, "hours_max": 30, "address": "<b>Gaden 1</b>", "note": "ny"}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for kk, vv := range good {
			c[kk] = vv
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	for _, c := range []struct {
		body any
		has  string
	}{
		{with("occupation", "51"), "occupation: A DISCO-08 code is 4 digits"},
		{with("lon", nil), "lat: give both"},
		{with("lat", 95.0), "lat:"},
		{with("min_education", 9), "min_education:"},
		{with("hours_max", 10), "hours_max:"},
		{with("skills", []string{"a,b"}), "skills:"},
		{with("version", nil), "version: required"},
		{with("version", "1"), "version: string is not of the type number"},
		{with("matchable", true), "matchable: not a field"},
		{`{"version": 1,`, "body: malformed"},
		{`{"version": 1} {}`, "one JSON object"},
		{`{"version": 1, "address": "` + strings.Repeat("x", 70<<10) + `"}`, "larger than"},
	} {
		if st, _, b := e.call(t, "PUT", path+"/requirements", e.cw, c.body); st != 400 || !strings.Contains(b, c.has) {
			t.Errorf("%v: status %d, want 400 with %q: %.300s", c.body, st, c.has, b)
		}
	}
	st, m, b = e.call(t, "PUT", path+"/requirements", e.cw, good)
	want(t, "requirements", st, 200, b)
	ord := m["order"].(map[string]any)
	if rq := ord["requirements"].(map[string]any); rq["matchable"] != true || rq["occupation"] != "5120" || strings.Contains(b, "<b>") {
		t.Errorf("requirements stored: %v", rq)
	}
	if v := int(ord["version"].(float64)); v != o.Version+1 {
		t.Errorf("version %d, want %d", v, o.Version+1)
	}
	// The version seen is stale now.
	if st, m, b := e.call(t, "PUT", path+"/requirements", e.cw2, good); st != 409 || m["conflict"] != true {
		t.Errorf("a stale version: status %d %s", st, b)
	}
	// Another municipality's order, a politician, an API token.
	other := fmt.Sprintf("/api/v1/orders/%d", e.fxOther.Order.ID)
	for _, c := range []struct {
		what, method, path, cookie string
		body                       any
		status                     int
		h                          []string
	}{
		{"another municipality's requirements", "PUT", other + "/requirements", e.cw, good, 404, nil},
		{"another municipality's candidates", "GET", other + "/candidates", e.cw, nil, 404, nil},
		{"politician", "GET", path + "/candidates", e.politician, nil, 403, nil},
		{"API token", "GET", path + "/candidates", "", nil, 403, []string{"Authorization", "Bearer " + e.token}},
		{"API token PUT", "PUT", path + "/requirements", "", good, 403, []string{"Authorization", "Bearer " + e.token}},
		{"no second factor", "GET", "/api/v1/order-alerts", e.pending, nil, 401, nil},
		{"CPR-shaped id", "GET", "/api/v1/orders/010203-1234/candidates", e.cw, nil, 400, nil},
	} {
		if st, _, b := e.call(t, c.method, c.path, c.cookie, c.body, c.h...); st != c.status || strings.Contains(b, "010203-1234") {
			t.Errorf("%s: status %d, want %d: %.300s", c.what, st, c.status, b)
		}
	}
	// The candidates: the fixture's citizen, with the score's components, audited first.
	if n := len(e.audits(t, e.fx.Person, pejling.AuditRead)); n != 0 {
		t.Fatalf("%d reads audited before", n)
	}
	st, m, b = e.call(t, "GET", path+"/candidates", e.cw, nil)
	want(t, "candidates", st, 200, b)
	cands := m["candidates"].([]any)
	if len(cands) != 1 || cands[0].(map[string]any)["person_id"] != e.fx.Person || len(cands[0].(map[string]any)["components"].([]any)) == 0 {
		t.Fatalf("candidates %.600s", b)
	}
	if as := e.audits(t, e.fx.Person, pejling.AuditRead); len(as) != 1 || as[0].Purpose != "matchning: kandidater til en jobordre" {
		t.Errorf("audit of the candidate: %+v", as)
	}
	// A closed order's requirements cannot change: 409 without conflict.
	st, m, b = e.call(t, "POST", path+"/events", e.cw, map[string]any{"version": o.Version + 1, "event": "closed", "reason": "withdrawn"})
	want(t, "close", st, 200, b)
	closed := map[string]any{"version": int(m["order"].(map[string]any)["version"].(float64)), "occupation": "5120"}
	if st, m, b := e.call(t, "PUT", path+"/requirements", e.cw, closed); st != 409 || m["conflict"] == true {
		t.Errorf("requirements of a closed order: status %d %s", st, b)
	}

	// The policy: the default, then the municipality's own, then the default again.
	analyst := sessionFor(t, e.db, newUser(t, e.db, "an-101", pejling.RoleAnalyst, 101), true)
	st, m, b = e.call(t, "GET", "/api/v1/order-policy", e.cw, nil)
	want(t, "policy", st, 200, b)
	if m["custom"] != false || m["policy"] == nil || m["saved_by"] != nil {
		t.Errorf("default policy: %.300s", b)
	}
	file := strings.Replace(string(employer.DefaultPolicyJSON()), `"untouched_days": 14`, `"untouched_days": 10`, 1)
	if !strings.Contains(file, `"untouched_days": 10`) {
		t.Fatalf("the default policy file changed shape: %.300s", employer.DefaultPolicyJSON())
	}
	for _, c := range []struct {
		what, cookie string
		body         any
		status       int
		has          string
	}{
		{"case worker", e.cw, file, 403, ""},
		{"token", "", file, 403, ""},
		{"not a policy", analyst, `{"levels": "<script>"}`, 400, "policy:"},
		{"malformed", analyst, `{"untouched_days": `, 400, "policy:"},
		{"empty", analyst, `  `, 400, "empty"},
		{"oversized", analyst, `{"x": "` + strings.Repeat("a", 70<<10) + `"}`, 400, "larger than"},
	} {
		var h []string
		if c.what == "token" {
			h = []string{"Authorization", "Bearer " + e.token}
		}
		if st, _, b := e.call(t, "PUT", "/api/v1/order-policy", c.cookie, c.body, h...); st != c.status || !strings.Contains(b, c.has) || strings.Contains(b, "<script>") {
			t.Errorf("%s: status %d, want %d with %q: %.300s", c.what, st, c.status, c.has, b)
		}
	}
	if _, err := e.db.FindServicePolicy(t.Context(), 101); pejling.ErrorCode(err) != pejling.ENOTFOUND {
		t.Errorf("a refused policy was stored: %v", err)
	}
	for _, method := range []string{"PUT", "DELETE"} {
		if st, b := apiCall(t, e.ts.URL, method, "/api/v1/order-policy", analyst, file, "Sec-Fetch-Site", "cross-site"); st != 403 {
			t.Errorf("cross-site %s of the policy: status %d %s", method, st, b)
		}
	}
	if st, b := apiCall(t, e.ts.URL, "POST", "/api/v1/order-policy", analyst, file); st != 405 {
		t.Errorf("POST of the policy: status %d %s", st, b)
	}
	if _, err := e.db.FindServicePolicy(t.Context(), 101); pejling.ErrorCode(err) != pejling.ENOTFOUND {
		t.Errorf("a cross-site policy was stored: %v", err)
	}
	st, m, b = e.call(t, "PUT", "/api/v1/order-policy", analyst, file)
	want(t, "save policy", st, 200, b)
	if m["custom"] != true || m["untouched_days"].(float64) != 10 || m["saved_by"] != "an-101" {
		t.Errorf("saved policy: %.400s", b)
	}
	if st, m, _ := e.call(t, "GET", "/api/v1/order-policy", e.other, nil); st != 200 || m["custom"] != false {
		t.Errorf("another municipality sees the policy: %v", m["custom"])
	}
	st, m, b = e.call(t, "DELETE", "/api/v1/order-policy", analyst, nil)
	if st != 200 || m["custom"] != false {
		t.Errorf("reset: status %d %.300s", st, b)
	}
	if as := e.audits(t, "", pejling.AuditChange); len(as) < 2 {
		t.Errorf("policy changes audited: %d", len(as))
	}

	// Alerts: an order of the case worker's taken a week ago is overdue.
	late, err := employer.NewOrder(pejling.JobOrder{Municipality: 101, CVR: e.fx.CVR, Title: "Gammel ordre", Kind: pejling.OrderOrdinary,
		Channel: pejling.ChannelNormal, Owner: e.user.ID}, e.user.ID, e.now.Add(-7*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreateJobOrder(t.Context(), &late); err != nil {
		t.Fatal(err)
	}
	has := func(list []any, id int64) bool {
		for _, x := range list {
			if int64(x.(map[string]any)["order_id"].(float64)) == id {
				return true
			}
		}
		return false
	}
	st, m, b = e.call(t, "GET", "/api/v1/order-alerts?mine=1", e.cw, nil)
	want(t, "alerts", st, 200, b)
	if od := m["overdue"].([]any); !has(od, late.ID) || len(od[0].(map[string]any)["reasons"].([]any)) == 0 {
		t.Errorf("own overdue: %.600s", b)
	}
	if _, m, b := e.call(t, "GET", "/api/v1/order-alerts?mine=1", e.cw2, nil); has(m["overdue"].([]any), late.ID) {
		t.Errorf("a colleague's mine=1 lists the order: %.400s", b)
	}
	if _, m, b := e.call(t, "GET", "/api/v1/order-alerts", e.cw2, nil); !has(m["overdue"].([]any), late.ID) {
		t.Errorf("all alerts lack the order: %.400s", b)
	}
	if _, m, _ := e.call(t, "GET", "/api/v1/order-alerts", e.other, nil); has(m["overdue"].([]any), late.ID) {
		t.Errorf("another municipality sees the order")
	}
	if st, _, b := e.call(t, "GET", "/api/v1/order-alerts?mine=yes", e.cw, nil); st != 400 || !strings.Contains(b, "mine:") {
		t.Errorf("mine=yes: status %d %s", st, b)
	}
}
