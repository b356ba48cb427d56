package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb/pgtest"
)

// TestTeamAPI drives the team boards' JSON API end to end on both databases: teams,
// members, goals and audited caseloads, the access of each route, municipality
// isolation and bad bodies.
func TestTeamAPI(t *testing.T) {
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"SQLite", func(*testing.T) string { return "" }},
		{"PostgreSQL", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) { teamAPI(t, newAPIEnvAt(t, db.dsn(t))) })
	}
}

func teamAPI(t *testing.T, e *apiEnv) {
	analyst := sessionFor(t, e.db, newUser(t, e.db, "an-101", pejling.RoleAnalyst, 101), true)
	analyst147 := sessionFor(t, e.db, newUser(t, e.db, "an-147", pejling.RoleAnalyst, 147), true)
	analystToken := tokenFor(t, e.db, newUser(t, e.db, "an-token", pejling.RoleAnalyst, 101))

	// Creating a team: analysts and admins with a session only.
	st, m, b := e.call(t, "POST", "/api/v1/teams", analyst, map[string]any{"name": "Team <script>alert(1)</script>"})
	want(t, "create", st, 201, b)
	if strings.Contains(b, "<script>") || !strings.Contains(b, `\u003cscript\u003e`) {
		t.Errorf("the name is not escaped: %s", b)
	}
	id := int64(m["team"].(map[string]any)["id"].(float64))
	teamPath := fmt.Sprintf("/api/v1/teams/%d", id)
	for _, c := range []struct {
		name, cookie string
		body         any
		status       int
		has          string
	}{
		{"case worker", e.cw, map[string]any{"name": "X"}, 403, ""},
		{"politician", e.politician, map[string]any{"name": "X"}, 403, ""},
		{"no second factor", e.pending, map[string]any{"name": "X"}, 401, ""},
		{"duplicate", analyst, map[string]any{"name": "Team <script>alert(1)</script>"}, 409, "name:"},
		{"empty", analyst, map[string]any{"name": "  "}, 400, "name: required"},
		{"CPR", analyst, map[string]any{"name": "Team 010203-1234"}, 400, "CPR"},
		{"malformed", analyst, `{"name": "X"`, 400, "body:"},
		{"unknown field", analyst, map[string]any{"name": "X", "members": []int{1}}, 400, "members: not a field"},
		{"wrong type", analyst, map[string]any{"name": 7}, 400, "name: number is not of the type string"},
		{"oversized", analyst, `{"name": "` + strings.Repeat("a", 70<<10) + `"}`, 400, "larger than"},
		{"too long", analyst, map[string]any{"name": strings.Repeat("å", 81)}, 400, "name"},
	} {
		st, _, b := e.call(t, "POST", "/api/v1/teams", c.cookie, c.body)
		if st != c.status || !strings.Contains(b, c.has) || strings.Contains(b, "010203-1234") {
			t.Errorf("%s: status %d, want %d with %q: %.300s", c.name, st, c.status, c.has, b)
		}
	}
	if st, _, b := e.call(t, "POST", "/api/v1/teams", "", map[string]any{"name": "Y"}, "Authorization", "Bearer "+analystToken); st != 403 {
		t.Errorf("an analyst's API token: status %d: %s", st, b)
	}
	// A cross-site request is refused before the handler (http.CrossOriginProtection).
	for _, h := range [][]string{{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}} {
		if st, b := apiCall(t, e.ts.URL, "POST", "/api/v1/teams", analyst, map[string]any{"name": "Cross"}, h...); st != 403 {
			t.Errorf("cross-site POST with %s: status %d %s", h[0], st, b)
		}
	}
	if teams, _ := e.db.FindTeams(t.Context(), 101); len(teams) != 1 {
		t.Errorf("%d teams stored, want 1: %+v", len(teams), teams)
	}

	// Members.
	st, m, b = e.call(t, "POST", teamPath+"/members", analyst, map[string]any{"action": "add", "user_id": e.user.ID})
	want(t, "add member", st, 200, b)
	if ids := m["member_ids"].([]any); len(ids) != 1 || int64(ids[0].(float64)) != e.user.ID {
		t.Errorf("members %v", ids)
	}
	if st, _, b := e.call(t, "POST", teamPath+"/members", analyst, map[string]any{"action": "add", "user_id": e.user.ID}); st != 409 || !strings.Contains(b, "user_id:") {
		t.Errorf("added twice: status %d %s", st, b)
	}
	user147 := newUser(t, e.db, "cw-147-b", pejling.RoleCaseWorker, 147)
	if st, _, b := e.call(t, "POST", teamPath+"/members", analyst, map[string]any{"action": "add", "user_id": user147.ID}); st/100 != 4 || st == 403 || !strings.Contains(b, "user_id:") {
		t.Errorf("a user of another municipality added: status %d %s", st, b)
	}
	if st, _, b := e.call(t, "POST", teamPath+"/members", analyst, map[string]any{"action": "remove", "user_id": e.user2.ID}); st/100 != 4 || !strings.Contains(b, "user_id:") {
		t.Errorf("removing a non-member: status %d %s", st, b)
	}
	if st, _, b := e.call(t, "POST", teamPath+"/members", analyst, map[string]any{"action": "promote", "user_id": e.user.ID}); st != 400 || !strings.Contains(b, "action:") {
		t.Errorf("bad action: status %d %s", st, b)
	}
	if st, _, b := e.call(t, "POST", teamPath+"/members", e.cw, map[string]any{"action": "add", "user_id": e.user2.ID}); st != 403 {
		t.Errorf("a case worker adds a member: status %d %s", st, b)
	}

	// Goals: a share in percent, stored as a fraction.
	st, m, b = e.call(t, "POST", teamPath+"/goals", analyst, map[string]any{"metric": "activation_rate", "direction": "at_least", "target": 30, "from": "2026-03-04"})
	want(t, "goal", st, 200, b)
	if g := m["goal"].(map[string]any); g["target"].(float64) != 0.3 || g["from_week"] != "2026-03-02" {
		t.Errorf("goal %v", g)
	}
	for _, c := range []struct {
		body any
		has  string
	}{
		{map[string]any{"metric": "happiness", "direction": "at_least", "target": 3, "from": "2026-03-02"}, "metric:"},
		{map[string]any{"metric": "outflow", "direction": "sideways", "target": 3, "from": "2026-03-02"}, "direction:"},
		{map[string]any{"metric": "activation_rate", "direction": "at_most", "target": 130, "from": "2026-03-02"}, "target: A share is at most 100"},
		{map[string]any{"metric": "outflow", "direction": "at_most", "target": -1, "from": "2026-03-02"}, "target:"},
		{map[string]any{"metric": "outflow", "direction": "at_most", "from": "2026-03-02"}, "target: Required"},
		{map[string]any{"metric": "outflow", "direction": "at_most", "target": "3", "from": "2026-03-02"}, "target: string is not of the type number"},
		{map[string]any{"metric": "outflow", "direction": "at_most", "target": 3, "from": "2.3.2026"}, "from:"},
	} {
		if st, _, b := e.call(t, "POST", teamPath+"/goals", analyst, c.body); st != 400 || !strings.Contains(b, c.has) {
			t.Errorf("goal %v: status %d, want 400 with %q: %s", c.body, st, c.has, b)
		}
	}
	if goals, _ := e.db.FindTeamGoals(t.Context(), 101); len(goals) != 1 {
		t.Errorf("%d goals stored, want 1", len(goals))
	}

	// Caseloads: any of the staff; a citizen is named, so the change is audited.
	person := e.fx.Person
	st, _, b = e.call(t, "POST", teamPath+"/caseloads", e.cw2, map[string]any{"action": "assign", "person_id": person, "user_id": e.user.ID, "from": "2026-02-02"})
	want(t, "assign", st, 200, b)
	if as := e.audits(t, person, pejling.AuditChange); len(as) != 1 || !strings.Contains(as[0].Criteria, "caseload: assigned") {
		t.Errorf("audit of the assignment: %+v", as)
	}
	for _, c := range []struct {
		body any
		has  string
	}{
		{map[string]any{"action": "assign", "person_id": "0102031234", "user_id": e.user.ID, "from": "2026-02-02"}, "person_id: That looks like a CPR number"},
		{map[string]any{"action": "assign", "person_id": "p'; DROP TABLE teams;--", "user_id": e.user.ID, "from": "2026-02-02"}, "person_id:"},
		{map[string]any{"action": "assign", "person_id": "borger-x", "user_id": e.user2.ID, "from": "2026-02-02"}, "user_id: the consultant is not in the team"},
		{map[string]any{"action": "fire", "person_id": "borger-x", "from": "2026-02-02"}, "action:"},
		{map[string]any{"action": "end", "person_id": "borger-x", "from": ""}, "from: Required"},
	} {
		if st, _, b := e.call(t, "POST", teamPath+"/caseloads", e.cw, c.body); st != 400 || !strings.Contains(b, c.has) || strings.Contains(b, "0102031234") {
			t.Errorf("caseload %v: status %d, want 400 with %q: %s", c.body, st, c.has, b)
		}
	}
	if cs, _ := e.db.FindCaseloads(t.Context(), 101); len(cs) != 1 {
		t.Errorf("%d caseloads stored, want 1: %+v", len(cs), cs)
	}
	if st, _, b := e.call(t, "POST", teamPath+"/caseloads", e.politician, map[string]any{"action": "end", "person_id": person, "from": "2026-03-01"}); st != 403 {
		t.Errorf("a politician ends a caseload: status %d %s", st, b)
	}
	if st, _, b := e.call(t, "POST", teamPath+"/caseloads", "", map[string]any{"action": "end", "person_id": person, "from": "2026-03-01"}, "Authorization", "Bearer "+e.token); st != 403 {
		t.Errorf("an API token ends a caseload: status %d %s", st, b)
	}

	// The boards: counts only, the 13 weeks, the goals in force.
	st, m, b = e.call(t, "GET", "/api/v1/teams", e.cw, nil)
	want(t, "boards", st, 200, b)
	teams := m["teams"].([]any)
	if len(teams) != 1 || teams[0].(map[string]any)["week"].(map[string]any)["caseload"].(float64) != 1 || strings.Contains(b, person) {
		t.Errorf("boards: %.600s", b)
	}
	st, m, b = e.call(t, "GET", teamPath, e.cw, nil)
	want(t, "board", st, 200, b)
	if w := m["weeks"].([]any); len(w) != 13 || len(m["members"].([]any)) != 1 || len(m["goals"].([]any)) != 1 || strings.Contains(b, person) {
		t.Errorf("board: %d weeks: %.600s", len(w), b)
	}
	if last := m["weeks"].([]any)[12].(map[string]any); last["too_few"] != true || last["activation_rate"] != nil {
		t.Errorf("a caseload of 1 shows its figures: %v", last)
	}
	for _, c := range []struct {
		what, method, path, cookie string
		body                       any
		status                     int
	}{
		{"politician", "GET", "/api/v1/teams", e.politician, nil, 403},
		{"API token", "GET", teamPath, "", nil, 403},
		{"no second factor", "GET", teamPath, e.pending, nil, 401},
		{"another municipality's board", "GET", teamPath, e.other, nil, 404},
		{"another municipality's members", "POST", teamPath + "/members", analyst147, map[string]any{"action": "add", "user_id": 1}, 404},
		{"another municipality's goals", "POST", teamPath + "/goals", analyst147, map[string]any{"metric": "outflow", "direction": "at_most", "target": 3, "from": "2026-03-02"}, 404},
		{"another municipality's caseload", "POST", teamPath + "/caseloads", e.other, map[string]any{"action": "end", "person_id": person, "from": "2026-03-01"}, 404},
		{"a CPR-shaped team id", "GET", "/api/v1/teams/0102031234", e.cw, nil, 404},
		{"not a number", "GET", "/api/v1/teams/abc", e.cw, nil, 400},
		{"a query parameter", "GET", "/api/v1/teams?week=1", e.cw, nil, 400},
	} {
		var h []string
		if c.what == "API token" {
			h = []string{"Authorization", "Bearer " + e.token}
		}
		if st, _, b := e.call(t, c.method, c.path, c.cookie, c.body, h...); st != c.status || strings.Contains(b, "0102031234") {
			t.Errorf("%s: status %d, want %d: %.300s", c.what, st, c.status, b)
		}
	}
	// Removing a member.
	if st, _, b := e.call(t, "POST", teamPath+"/members", analyst, map[string]any{"action": "remove", "user_id": e.user.ID}); st != 200 || !strings.Contains(b, `"member_ids": []`) {
		t.Errorf("remove: status %d %s", st, b)
	}
}
