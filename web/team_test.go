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

// teamRegister is the store of the team-board tests: the real store, with a register
// of known spells instead of an import (the register's own reading is sqldb's test).
type teamRegister struct {
	*sqldb.DB
	persons map[string]pejling.Person
}

func (r teamRegister) CaseloadPersons(_ context.Context, ids []string) ([]pejling.Person, pejling.Date, error) {
	var ps []pejling.Person
	for _, id := range ids {
		if p, ok := r.persons[id]; ok {
			ps = append(ps, p)
		}
	}
	return ps, pejling.DateOf(2026, 6, 1), nil
}

// teamPersons: the week of Monday 2 March 2026 (D = 7). anna's caseload W1–W5: W1 on
// benefit all week with a full-time praktik, W2, W3 and W5 on benefit all week, W4's
// benefit ends Tuesday 3 March with nothing after (outflow). Full-time persons 30/7,
// activated 7/7: activation rate 7/30 = 23,3 %, outflow 1, turnover speed 7/30 = 0,233.
// bo's caseload is W6 alone (on benefit all week): fewer than 5. The team: 37/7 and
// 7/7: 7/37 = 18,9 %, outflow 1, turnover speed 7/37 = 0,189.
func teamPersons() map[string]pejling.Person {
	d := pejling.DateOf
	ben := func(id string, end pejling.Date) pejling.BenefitSpell {
		return pejling.BenefitSpell{PersonID: id, Municipality: 101, Group: pejling.KTH, Start: d(2026, 1, 1), End: end, Fraction: 1}
	}
	ps := map[string]pejling.Person{}
	for _, id := range []string{"W1", "W2", "W3", "W5", "W6", "W7"} {
		ps[id] = pejling.Person{ID: id, Benefit: []pejling.BenefitSpell{ben(id, pejling.Forever)}}
	}
	ps["W4"] = pejling.Person{ID: "W4", Benefit: []pejling.BenefitSpell{ben("W4", d(2026, 3, 3))}}
	w1 := ps["W1"]
	w1.Activation = []pejling.ActivationSpell{{PersonID: "W1", Municipality: 101, Group: pejling.KTH, Type: pejling.Praktik,
		Start: d(2026, 2, 1), End: d(2026, 4, 30), HoursPerWeek: 37, CVR: "12345678"}}
	ps["W1"] = w1
	return ps
}

type teamEnv struct {
	ts                                 *httptest.Server
	db                                 *sqldb.DB
	analyst, anna, bo, pol, other, con string
	annaID, boID, otherUserID          int64
}

func newTeamEnv(t *testing.T) *teamEnv {
	t.Helper()
	return newTeamEnvWith(t, teamPersons())
}

// newTeamEnvWith serves a fresh store whose register holds persons, on Wednesday 4
// March 2026 10:00 UTC, with an analyst, consultants anna and bo and a politician of
// 101 and an analyst of 147.
func newTeamEnvWith(t *testing.T, persons map[string]pejling.Person) *teamEnv {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "team.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &slotClock{t: time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)}
	db.Now = clock.now
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Teams, srv.Now = db, teamRegister{db, persons}, clock.now
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &teamEnv{ts: ts, db: db}
	e.analyst = sessionFor(t, db, newUser(t, db, "analytiker", pejling.RoleAnalyst, 101), true)
	anna, bo := newUser(t, db, "anna", pejling.RoleConsultant, 101), newUser(t, db, "bo", pejling.RoleConsultant, 101)
	e.anna, e.bo, e.annaID, e.boID = sessionFor(t, db, anna, true), sessionFor(t, db, bo, true), anna.ID, bo.ID
	e.pol = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	other := newUser(t, db, "analyst147", pejling.RoleAnalyst, 147)
	e.other, e.otherUserID = sessionFor(t, db, other, true), other.ID
	return e
}

func (e *teamEnv) do(t *testing.T, method, path, cookie string, form url.Values) (int, string, string) {
	t.Helper()
	se := &slotEnv{ts: e.ts}
	return se.do(t, method, path, cookie, form)
}

// cellsOf returns the texts of the cells of the table row whose first cell holds label.
func cellsOf(body, label string) []string {
	for _, row := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(body, -1) {
		cells := regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(row[1], -1)
		if len(cells) == 0 || !strings.Contains(cells[0][1], label) {
			continue
		}
		var out []string
		for _, c := range cells {
			out = append(out, strings.TrimSpace(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(c[1], " ")))
		}
		return out
	}
	return nil
}

// setUpTeam creates the team Nord with anna and bo and their caseloads through the pages.
func (e *teamEnv) setUpTeam(t *testing.T) string {
	t.Helper()
	loc := e.setUpTeamNamed(t, "Nord", []int64{e.annaID, e.boID})
	for _, p := range []string{"W1", "W2", "W3", "W4", "W5", "W6"} {
		user := e.annaID
		if p == "W6" {
			user = e.boID
		}
		if status, body, _ := e.do(t, "POST", loc+"/sagsstamme", e.anna, url.Values{"action": {"assign"}, "person": {p}, "user": {itoa(user)}, "from": {"2026-01-01"}}); status != 303 {
			t.Fatalf("assign %s: %d %.600s", p, status, body)
		}
	}
	return loc
}

// setUpTeamNamed creates a team with members through the pages and returns its path.
func (e *teamEnv) setUpTeamNamed(t *testing.T, name string, users []int64) string {
	t.Helper()
	status, _, loc := e.do(t, "POST", "/teamtavler", e.analyst, url.Values{"name": {name}})
	if status != 303 || !strings.HasPrefix(loc, "/teamtavler/") {
		t.Fatalf("create team: %d %q", status, loc)
	}
	for _, u := range users {
		if status, body, _ := e.do(t, "POST", loc+"/medlemmer", e.analyst, url.Values{"action": {"add"}, "user": {itoa(u)}}); status != 303 {
			t.Fatalf("add member: %d %.400s", status, body)
		}
	}
	return loc
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestTeamBoardPages: a team set up through the forms shows this week's board with the
// hand-counted figures, the goal against the result, the consultants, the charts and
// the download; other roles and municipalities are refused.
func TestTeamBoardPages(t *testing.T) {
	e := newTeamEnv(t)
	loc := e.setUpTeam(t)
	if status, body, _ := e.do(t, "POST", loc+"/maal", e.analyst, url.Values{"metric": {"activation_rate"}, "direction": {"at_least"}, "target": {"20"}, "from": {"2026-03-04"}}); status != 303 {
		t.Fatalf("goal: %d %.600s", status, body)
	}
	gs, err := e.db.FindTeamGoals(context.Background(), 101)
	if err != nil || len(gs) != 1 || gs[0].Target != 0.2 || gs[0].FromWeek != pejling.DateOf(2026, 3, 2) {
		t.Fatalf("goals %+v %v", gs, err)
	}

	status, body, _ := e.do(t, "GET", "/teamtavler", e.anna, nil)
	if status != 200 {
		t.Fatalf("board: %d %.300s", status, body)
	}
	// Team, caseload, activation rate, outflow, turnover speed, visits, orders, service levels.
	got := cellsOf(body, "Nord")
	want := []string{"Nord", "6", "18,9 % mål ≥ 20,0 %", "1", "0,189", "0", "0", "–"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("team row %q, want %q", got, want)
	}
	if !strings.Contains(body, `class="num not_met"`) || strings.Count(body, "<figure>") != 6 || strings.Count(body, "<svg") == 0 || !strings.Contains(body, `href="/teamtavler"`) {
		t.Errorf("goal marker, 6 charts or the menu line missing")
	}

	status, body, _ = e.do(t, "GET", loc, e.anna, nil)
	if status != 200 {
		t.Fatalf("team page: %d", status)
	}
	if got := cellsOf(body, "anna"); strings.Join(got[:5], "|") != "anna|5|23,3 %|1|0,233" {
		t.Errorf("anna %q", got)
	}
	if got := cellsOf(body, "bo"); strings.Join(got[:5], "|") != "bo|1|færre end 5|færre end 5|færre end 5" {
		t.Errorf("bo %q", got)
	}

	status, body, _ = e.do(t, "GET", "/teamtavler?format=csv", e.anna, nil)
	if status != 200 || !strings.Contains(body, "team,consultant,week_first") || !strings.Contains(body, "Nord,,2026-03-02,2026-03-08,6,no,0.1892,1,0,0.1892,0,0,0,0,,not_met at_least 0.2") {
		t.Errorf("csv %d %.600s", status, body)
	}
	status, body, _ = e.do(t, "GET", loc+"?format=csv", e.anna, nil)
	if status != 200 || !strings.Contains(body, "Nord,bo,2026-03-02,2026-03-08,1,yes,,,,,") {
		t.Errorf("team csv %d %.800s", status, body)
	}

	t.Run("Access", func(t *testing.T) {
		for _, c := range []struct {
			name, method, path, cookie string
			form                       url.Values
			want                       int
		}{
			{"PoliticianBoards", "GET", "/teamtavler", e.pol, nil, 403},
			{"PoliticianTeam", "GET", loc, e.pol, nil, 403},
			{"ConsultantCreatesTeam", "POST", "/teamtavler", e.anna, url.Values{"name": {"Syd"}}, 403},
			{"ConsultantSetsGoal", "POST", loc + "/maal", e.anna, url.Values{"metric": {"outflow"}}, 403},
			{"OtherMunicipalityTeam", "GET", loc, e.other, nil, 404},
			{"OtherMunicipalityGoal", "POST", loc + "/maal", e.other, url.Values{"metric": {"outflow"}, "direction": {"at_least"}, "target": {"1"}, "from": {"2026-03-02"}}, 404},
			{"OtherMunicipalityMember", "POST", loc + "/medlemmer", e.other, url.Values{"action": {"add"}, "user": {itoa(e.otherUserID)}}, 404},
			{"UnknownTeam", "GET", "/teamtavler/999", e.anna, nil, 404},
			{"MalformedTeam", "GET", "/teamtavler/abc", e.anna, nil, 404},
			{"BadFormat", "GET", "/teamtavler?format=pdf", e.anna, nil, 400},
		} {
			t.Run(c.name, func(t *testing.T) {
				if status, body, _ := e.do(t, c.method, c.path, c.cookie, c.form); status != c.want {
					t.Errorf("%d, want %d: %.300s", status, c.want, body)
				}
			})
		}
		if status, body, _ := e.do(t, "GET", "/teamtavler", e.other, nil); status != 200 || strings.Contains(body, "Nord") {
			t.Errorf("another municipality sees the team: %d", status)
		}
	})
}

// TestTeamBoardBadInput: every form refuses bad input with the field named and stores
// nothing; hostile text is stored as text and shown escaped.
func TestTeamBoardBadInput(t *testing.T) {
	e := newTeamEnv(t)
	loc := e.setUpTeam(t)
	ctx := context.Background()
	teams := func() int { ts, _ := e.db.FindTeams(ctx, 101); return len(ts) }
	goals := func() int { gs, _ := e.db.FindTeamGoals(ctx, 101); return len(gs) }
	caseloads := func() int { cs, _ := e.db.FindCaseloads(ctx, 101); return len(cs) }
	members := func() int { ms, _ := e.db.FindTeamMembers(ctx, 101); return len(ms) }
	goal := func(mod func(url.Values)) url.Values {
		v := url.Values{"metric": {"outflow"}, "direction": {"at_least"}, "target": {"2"}, "from": {"2026-03-02"}}
		mod(v)
		return v
	}
	caseForm := func(mod func(url.Values)) url.Values {
		v := url.Values{"action": {"assign"}, "person": {"W7"}, "user": {itoa(e.annaID)}, "from": {"2026-03-02"}}
		mod(v)
		return v
	}
	for _, c := range []struct {
		name, path, cookie string
		form               url.Values
		status             int
		field, text        string
		count              func() int
	}{
		{"TeamMissing", "/teamtavler", e.analyst, url.Values{"name": {"  "}}, 400, "err-name", "Skal udfyldes", teams},
		{"TeamOversized", "/teamtavler", e.analyst, url.Values{"name": {strings.Repeat("x", 81)}}, 400, "err-name", "at most 80", teams},
		{"TeamDuplicate", "/teamtavler", e.analyst, url.Values{"name": {"NORD"}}, 409, "err-name", "allerede et team", teams},
		{"TeamTwice", "/teamtavler", e.analyst, url.Values{"name": {"A", "B"}}, 400, "err-name", "mere end én gang", teams},
		{"TeamCPR", "/teamtavler", e.analyst, url.Values{"name": {"Team 010190-1234"}}, 400, "err-name", "CPR", teams},
		{"TeamControl", "/teamtavler", e.analyst, url.Values{"name": {"a\x07b"}}, 400, "err-name", "control character", teams},
		{"MemberDuplicate", loc + "/medlemmer", e.analyst, url.Values{"action": {"add"}, "user": {itoa(e.annaID)}}, 409, "err-member", "already in the team", members},
		{"MemberOtherMunicipality", loc + "/medlemmer", e.analyst, url.Values{"action": {"add"}, "user": {itoa(e.otherUserID)}}, 400, "err-member", "not a user of your municipality", members},
		{"MemberMalformed", loc + "/medlemmer", e.analyst, url.Values{"action": {"add"}, "user": {"1 OR 1=1"}}, 400, "err-member", "Ukendt medarbejder", members},
		{"MemberMissing", loc + "/medlemmer", e.analyst, url.Values{"action": {"add"}}, 400, "err-member", "Vælg en medarbejder", members},
		{"MemberAction", loc + "/medlemmer", e.analyst, url.Values{"action": {"<script>"}, "user": {itoa(e.annaID)}}, 400, "member-problem", "Ukendt handling", members},
		{"GoalUnknownMetric", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("metric", "speed'; DROP TABLE team_goals; --") }), 400, "err-metric", "Ukendt nøgletal", goals},
		{"GoalNegative", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("target", "-1") }), 400, "err-target", "negativt", goals},
		{"GoalShareOver100", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("metric", "service_levels"); v.Set("target", "101") }), 400, "err-target", "højst 100", goals},
		{"GoalMalformed", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("target", "NaN") }), 400, "err-target", "Skriv et tal", goals},
		{"GoalHuge", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("target", "1e300") }), 400, "err-target", "Højst", goals},
		{"GoalMissing", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Del("target") }), 400, "err-target", "Skal udfyldes", goals},
		{"GoalDirection", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("direction", "more") }), 400, "err-direction", "mindst eller højst", goals},
		{"GoalDate", loc + "/maal", e.analyst, goal(func(v url.Values) { v.Set("from", "02-30-2026x") }), 400, "err-goalfrom", "ÅÅÅÅ-MM-DD", goals},
		{"CaseCPR", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("person", "0101901234") }), 400, "err-person", "CPR-nummer", caseloads},
		{"CaseCPRDash", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("person", "010190-1234") }), 400, "err-person", "CPR-nummer", caseloads},
		{"CaseHostile", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("person", "<script>x</script>") }), 400, "err-person", "bogstaver A–Z", caseloads},
		{"CaseOversized", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("person", strings.Repeat("a", 65)) }), 400, "err-person", "højst 64 tegn", caseloads},
		{"CaseNotMember", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("user", itoa(e.otherUserID)) }), 400, "err-user", "ikke med i teamet", caseloads},
		{"CaseNoDay", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("from", "") }), 400, "err-from", "Skal udfyldes", caseloads},
		{"CaseAgain", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("person", "W1") }), 409, "err-person", "already on this consultant", caseloads},
		{"CaseEndUnknown", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("action", "end"); v.Set("person", "W99") }), 404, "err-person", "on no caseload", caseloads},
		{"CaseEndBeforeStart", loc + "/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("action", "end"); v.Set("person", "W1"); v.Set("from", "2025-12-31") }), 400, "err-from", "on or after", caseloads},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := c.count()
			status, body, _ := e.do(t, "POST", c.path, c.cookie, c.form)
			if status != c.status || !strings.Contains(body, `id="`+c.field+`"`) || !strings.Contains(body, c.text) {
				t.Errorf("%d (want %d), %s with %q?\n%.2000s", status, c.status, c.field, c.text, body)
			}
			if strings.Contains(body, "<script>x") || strings.Contains(body, "0101901234") || strings.Contains(body, "010190-1234") {
				t.Errorf("the page echoes a hostile value or a CPR number")
			}
			if c.count() != before {
				t.Errorf("stored something: %d → %d", before, c.count())
			}
		})
	}

	t.Run("HostileNameIsText", func(t *testing.T) {
		name := `<script>alert(1)</script>'; DROP TABLE teams; --`
		if status, _, _ := e.do(t, "POST", "/teamtavler", e.analyst, url.Values{"name": {name}}); status != 303 {
			t.Fatalf("%d", status)
		}
		_, body, _ := e.do(t, "GET", "/teamtavler", e.anna, nil)
		if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") || teams() != 2 {
			t.Errorf("not escaped or not stored")
		}
	})

	t.Run("ReassignAndEndAudited", func(t *testing.T) {
		if status, body, _ := e.do(t, "POST", loc+"/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("person", "W5"); v.Set("user", itoa(e.boID)) })); status != 303 {
			t.Fatalf("%d %.500s", status, body)
		}
		if status, _, _ := e.do(t, "POST", loc+"/sagsstamme", e.anna, caseForm(func(v url.Values) { v.Set("action", "end"); v.Set("person", "W5"); v.Set("from", "2026-03-06") })); status != 303 {
			t.Fatalf("end %d", status)
		}
		cs, _ := e.db.FindCaseloads(ctx, 101)
		var w5 []pejling.CaseloadAssignment
		for _, c := range cs {
			if c.PersonID == "W5" {
				w5 = append(w5, c)
			}
		}
		if len(w5) != 2 || w5[0].To != pejling.DateOf(2026, 3, 1) || w5[1].UserID != e.boID || w5[1].To != pejling.DateOf(2026, 3, 6) {
			t.Errorf("history %+v", w5)
		}
		audit, err := e.db.ListAudit(ctx, pejling.AuditFilter{PersonID: "W5"})
		if err != nil || len(audit) != 3 || audit[0].Purpose == "" || !strings.Contains(audit[0].Criteria, "ended on 2026-03-06") {
			t.Errorf("audit %+v %v", audit, err)
		}
		if status, _, _ := e.do(t, "POST", loc+"/medlemmer", e.analyst, url.Values{"action": {"remove"}, "user": {itoa(e.boID)}}); status != 303 || members() != 1 {
			t.Errorf("remove %d", status)
		}
	})
}
