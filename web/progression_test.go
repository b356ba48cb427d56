package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// progPersons is a register of the progression tests: every id starting "P-" has a
// benefit spell in municipality 101 and nowhere else.
type progPersons struct{}

func (progPersons) FindPerson(_ context.Context, id string) (*pejling.Person, error) {
	if !strings.HasPrefix(id, "P-") {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no person %q", id)
	}
	return &pejling.Person{ID: id, Benefit: []pejling.BenefitSpell{{PersonID: id, Municipality: 101, Group: "kontanthjaelp",
		Start: pejling.MustParseDate("2025-01-01"), End: pejling.Forever, Fraction: 1}}}, nil
}

func (progPersons) SearchPersons(context.Context, sqldb.PersonSearch) ([]sqldb.PersonHit, error) {
	return nil, nil
}

// progEnv is a server with a real store, a fixed clock (10 March 2026) and signed-in
// users: a consultant and a case worker of 101, a consultant of 147, a politician of 101.
type progEnv struct {
	*slotEnv
	con *pejling.User
}

var progToday = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func newProgEnv(t *testing.T) *progEnv {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "prog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &slotClock{t: progToday}
	db.Now = clock.now
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Progression, srv.Persons, srv.Now = db, db, progPersons{}, clock.now
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &progEnv{slotEnv: &slotEnv{ts: ts, db: db, clock: clock}}
	e.con = newUser(t, db, "con-a", pejling.RoleConsultant, 101)
	e.user1 = e.con
	e.cw1 = sessionFor(t, db, e.con, true)
	e.cw2 = sessionFor(t, db, newUser(t, db, "cw-b", pejling.RoleCaseWorker, 101), true)
	e.other = sessionFor(t, db, newUser(t, db, "con-147", pejling.RoleConsultant, 147), true)
	e.politician = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	return e
}

func (e *progEnv) scores(t *testing.T, m int, person string) []pejling.ProgressionScore {
	t.Helper()
	s, err := e.db.FindProgressionScores(context.Background(), m, person)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func focusForm(themes ...string) url.Values { return url.Values{"theme": themes} }

// conversation is a score form of the day with the indicators' scores.
func conversation(day string, scores map[string]string) url.Values {
	f := url.Values{"date": {day}, "intervention": {"mentor"}, "team": {"Team Nord"}}
	for ind, v := range scores {
		f.Set("i."+ind, v)
	}
	return f
}

func wantStatus(t *testing.T, what string, got, want int, body string) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d\n%.600s", what, got, want, body)
	}
}

func TestProgressionFlow(t *testing.T) {
	e := newProgEnv(t)
	const p = "P-1001"
	st, body, _ := e.do(t, "GET", "/progression/"+p, e.cw1, nil)
	wantStatus(t, "new citizen", st, 200, body)
	if !strings.Contains(body, "ikke valgt fokustemaer") {
		t.Errorf("a new citizen's page does not ask for focus themes:\n%.2000s", body)
	}
	st, body, loc := e.do(t, "POST", "/progression/"+p+"/fokus", e.cw1, focusForm("work_identity", "social_competences"))
	wantStatus(t, "set focus", st, 303, body)
	if loc != "/progression/"+p+"?gemt=fokus#fokus" {
		t.Errorf("Location %q", loc)
	}
	st, body, _ = e.do(t, "GET", "/progression/"+p, e.cw1, nil)
	wantStatus(t, "with focus", st, 200, body)
	for _, want := range []string{`name="i.sees_self_in_job"`, `name="i.cooperates"`, "1 = slet ikke", "10 = fuldt ud", `value="2026-03-10"`} {
		if !strings.Contains(body, want) {
			t.Errorf("score form lacks %q", want)
		}
	}
	if strings.Contains(body, `name="i.keeps_agreements"`) {
		t.Error("the score form shows a theme outside the focus")
	}
	first := conversation("2026-02-10", map[string]string{"sees_self_in_job": "3", "knows_job_goal": "4", "cooperates": "5", "handles_conflict": ""})
	st, body, _ = e.do(t, "POST", "/progression/"+p+"/samtaler", e.cw1, first)
	wantStatus(t, "first conversation", st, 303, body)
	second := conversation("2026-03-10", map[string]string{"sees_self_in_job": "6", "knows_job_goal": "7", "cooperates": "6"})
	st, body, _ = e.do(t, "POST", "/progression/"+p+"/samtaler", e.cw1, second)
	wantStatus(t, "second conversation", st, 303, body)
	stored := e.scores(t, 101, p)
	if len(stored) != 6 {
		t.Fatalf("%d scores stored, want 6: %+v", len(stored), stored)
	}
	for _, s := range stored {
		if s.ScoredBy != e.con.ID || s.Team != "Team Nord" || s.InterventionID != "mentor" {
			t.Errorf("score %+v: scorer, team or intervention not kept", s)
		}
	}
	st, body, _ = e.do(t, "GET", "/progression/"+p+"?gemt=samtale", e.cw1, nil)
	wantStatus(t, "progression", st, 200, body)
	body = html.UnescapeString(body)
	// work identity 3.5 → 6.5 (+3), social competences 5 → 6 (+1): overall +2.
	for _, want := range []string{"<svg", "Samtalen er gemt", `id="overall"><strong>+2,00</strong>`, "+3,0", "+1,0", "3,5", "6,5"} {
		if !strings.Contains(body, want) {
			t.Errorf("the progression lacks %q", want)
		}
	}
	focus, _ := e.db.FindFocusThemes(context.Background(), 101, p)
	pr, err := employer.ProgressionOf(stored, focus, employer.DefaultCatalogue())
	if err != nil || !pr.Measured || math.Abs(pr.Change-2) > 1e-9 {
		t.Fatalf("witness: %+v, %v", pr, err)
	}
	// The same indicator again on a day already scored: 409, nothing of the batch kept.
	again := conversation("2026-03-10", map[string]string{"handles_conflict": "4", "cooperates": "9"})
	st, body, _ = e.do(t, "POST", "/progression/"+p+"/samtaler", e.cw1, again)
	wantStatus(t, "scored twice the same day", st, 409, body)
	if !strings.Contains(body, `id="score-problem"`) || len(e.scores(t, 101, p)) != 6 {
		t.Errorf("a refused conversation: problem not shown or something stored (%d scores)", len(e.scores(t, 101, p)))
	}
	// Every page that showed the citizen and every change is audited, with the purpose.
	entries, err := e.db.ListAudit(context.Background(), pejling.AuditFilter{PersonID: p})
	if err != nil {
		t.Fatal(err)
	}
	count := map[pejling.AuditAction]int{}
	for _, a := range entries {
		count[a.Action]++
		if a.Purpose == "" || a.UserID == 0 || a.Municipality != 101 {
			t.Errorf("audit entry without purpose, user or municipality: %+v", a)
		}
	}
	// Reads: 3 GETs + the 409 page; changes: focus + 2 conversations.
	if count[pejling.AuditRead] != 4 || count[pejling.AuditChange] != 3 {
		t.Errorf("audit: %v, want 4 reads and 3 changes", count)
	}
	// The entry page opens a citizen.
	st, _, loc = e.do(t, "GET", "/progression?person="+p, e.cw2, nil)
	if st != 303 || loc != "/progression/"+p {
		t.Errorf("open: %d %q", st, loc)
	}
}

func TestProgressionIsolation(t *testing.T) {
	e := newProgEnv(t)
	const p = "P-2002"
	if st, body, _ := e.do(t, "POST", "/progression/"+p+"/fokus", e.cw1, focusForm("work_identity", "physical_health")); st != 303 {
		t.Fatalf("focus: %d %.300s", st, body)
	}
	if st, body, _ := e.do(t, "POST", "/progression/"+p+"/samtaler", e.cw1, conversation("2026-03-01", map[string]string{"cooperates": "5"})); st != 303 {
		t.Fatalf("scores: %d %.300s", st, body)
	}
	for _, c := range []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/progression/" + p, nil},
		{"POST", "/progression/" + p + "/fokus", focusForm("work_identity", "physical_health")},
		{"POST", "/progression/" + p + "/samtaler", conversation("2026-03-02", map[string]string{"cooperates": "5"})},
		{"GET", "/progression/Q-unknown", nil},
	} {
		st, body, _ := e.do(t, c.method, c.path, e.other, c.form)
		if st != 404 || strings.Contains(body, "physical_health") {
			t.Errorf("147 %s %s: %d, want 404\n%.300s", c.method, c.path, st, body)
		}
		if st, _, _ := e.do(t, c.method, c.path, e.politician, c.form); st != 403 {
			t.Errorf("politician %s %s: %d, want 403", c.method, c.path, st)
		}
	}
	if st, _, _ := e.do(t, "GET", "/progression", e.politician, nil); st != 403 {
		t.Errorf("politician /progression: %d", st)
	}
	if got := e.scores(t, 147, p); len(got) != 0 {
		t.Errorf("147 stored %v", got)
	}
	if got, _ := e.db.FindFocusThemes(context.Background(), 147, p); len(got) != 0 {
		t.Errorf("147 stored focus %v", got)
	}
	// 147's aggregate shows none of 101's scores.
	st, body, _ := e.do(t, "GET", "/progression?by=team", e.other, nil)
	if st != 200 || strings.Contains(body, "Team Nord") || !strings.Contains(body, "Ingen progressionsmålinger") {
		t.Errorf("147's aggregate: %d\n%.1500s", st, body)
	}
	// A 404 is audited as a search, naming no person.
	entries, _ := e.db.ListAudit(context.Background(), pejling.AuditFilter{Municipality: 147})
	if len(entries) == 0 || entries[0].Action != pejling.AuditSearch || entries[0].PersonID != "" {
		t.Errorf("147's refused look-ups audited as %+v", entries)
	}
}

func TestProgressionBadInput(t *testing.T) {
	e := newProgEnv(t)
	const p = "P-3003"
	if st, _, _ := e.do(t, "POST", "/progression/"+p+"/fokus", e.cw1, focusForm("work_identity", "social_competences")); st != 303 {
		t.Fatal("focus not set")
	}
	good := map[string]string{"sees_self_in_job": "5"}
	dupIndicator := conversation("2026-03-01", good)
	dupIndicator.Add("i.sees_self_in_job", "6")
	dupDate := conversation("2026-03-01", good)
	dupDate.Add("date", "2026-03-02")
	hostile := conversation("2026-03-01", map[string]string{"sees_self_in_job": "11"})
	hostile.Set("team", `<script>alert("x")</script>'; DROP TABLE progression_scores; --`)
	for _, c := range []struct {
		name  string
		path  string
		form  url.Values
		field string // the id of the field's error
	}{
		{"ScoreZero", "samtaler", conversation("2026-03-01", map[string]string{"sees_self_in_job": "0"}), "err-i.sees_self_in_job"},
		{"ScoreEleven", "samtaler", conversation("2026-03-01", map[string]string{"knows_job_goal": "11"}), "err-i.knows_job_goal"},
		{"ScoreText", "samtaler", conversation("2026-03-01", map[string]string{"knows_job_goal": "fem"}), "err-i.knows_job_goal"},
		{"UnknownIndicator", "samtaler", conversation("2026-03-01", map[string]string{"sees_self_in_job": "5", "no_such": "5"}), "err-indicators"},
		{"NothingScored", "samtaler", conversation("2026-03-01", nil), "err-indicators"},
		{"FutureDate", "samtaler", conversation("2026-03-11", good), "err-date"},
		{"NoDate", "samtaler", conversation("", good), "err-date"},
		{"BadDate", "samtaler", conversation("2026-02-30", good), "err-date"},
		{"DateTwice", "samtaler", dupDate, "err-date"},
		{"IndicatorTwice", "samtaler", dupIndicator, "err-i.sees_self_in_job"},
		{"CPRTeam", "samtaler", func() url.Values { f := conversation("2026-03-01", good); f.Set("team", "010190-1234"); return f }(), "err-team"},
		{"LongIntervention", "samtaler", func() url.Values {
			f := conversation("2026-03-01", good)
			f.Set("intervention", strings.Repeat("x", 101))
			return f
		}(), "err-intervention"},
		{"Hostile", "samtaler", hostile, "err-i.sees_self_in_job"},
		{"FourThemes", "fokus", focusForm("work_identity", "social_competences", "personal_competences", "physical_health"), "err-themes"},
		{"OneTheme", "fokus", focusForm("work_identity"), "err-themes"},
		{"UnknownTheme", "fokus", focusForm("work_identity", "<b>nope</b>"), "err-themes"},
		{"ThemeTwice", "fokus", focusForm("work_identity", "work_identity"), "err-themes"},
		{"FocusFuture", "fokus", url.Values{"theme": {"work_identity", "social_competences"}, "from": {"2026-04-01"}}, "err-from"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, body, _ := e.do(t, "POST", "/progression/"+p+"/"+c.path, e.cw1, c.form)
			wantStatus(t, c.name, st, 400, body)
			if !strings.Contains(body, `id="`+c.field+`"`) {
				t.Errorf("the error is not at field %s:\n%s", c.field, regexp.MustCompile(`(?s)<main.*</main>`).FindString(body))
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>nope") || strings.Contains(body, "010190-1234") {
				t.Error("hostile input or a CPR number shown as typed")
			}
			if got := e.scores(t, 101, p); len(got) != 0 {
				t.Errorf("stored %v", got)
			}
			if got, _ := e.db.FindFocusThemes(context.Background(), 101, p); len(got) != 1 || len(got[0].Themes) != 2 {
				t.Errorf("focus now %v", got)
			}
		})
	}
	t.Run("HostileEscaped", func(t *testing.T) {
		_, body, _ := e.do(t, "POST", "/progression/"+p+"/samtaler", e.cw1, hostile)
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&#39;; DROP TABLE") {
			t.Errorf("the hostile team is not shown escaped")
		}
	})
	t.Run("CPRPath", func(t *testing.T) {
		for _, path := range []string{"/progression/0101901234", "/progression/010190-1234"} {
			st, body, _ := e.do(t, "GET", path, e.cw1, nil)
			if st != 400 || strings.Contains(body, "0101901234") || strings.Contains(body, "010190-1234") {
				t.Errorf("%s: %d %s", path, st, body)
			}
		}
		st, body, _ := e.do(t, "GET", "/progression?person=010190-1234", e.cw1, nil)
		if st != 400 || !strings.Contains(body, `id="err-person"`) || strings.Contains(body, "010190-1234") {
			t.Errorf("open by CPR: %d", st)
		}
		st, _, _ = e.do(t, "GET", "/progression?person=a&person=b", e.cw1, nil)
		if st != 400 {
			t.Errorf("person twice: %d", st)
		}
		st, body, _ = e.do(t, "GET", "/progression?by=cpr", e.cw1, nil)
		if st != 400 || !strings.Contains(body, `id="err-by"`) {
			t.Errorf("unknown grouping: %d", st)
		}
	})
	t.Run("Oversized", func(t *testing.T) {
		f := conversation("2026-03-01", good)
		f.Set("team", strings.Repeat("x", 20<<10))
		st, _, _ := e.do(t, "POST", "/progression/"+p+"/samtaler", e.cw1, f)
		if st != 400 || len(e.scores(t, 101, p)) != 0 {
			t.Errorf("oversized form: %d", st)
		}
	})
}

// seedProgression stores two conversations for n persons per group, with changes that
// differ between persons; a group of 3 is too few.
func seedProgression(t *testing.T, db *sqldb.DB, users []*pejling.User) {
	t.Helper()
	ctx := context.Background()
	d1, d2 := pejling.MustParseDate("2026-01-15"), pejling.MustParseDate("2026-03-01")
	groups := []struct {
		team, intervention string
		n                  int
	}{{"Team Nord", "mentor", 7}, {"Team Syd", "virksomhedspraktik", 6}, {"Team Vest", "mentor", 3}}
	k := 0
	for gi, g := range groups {
		for i := 0; i < g.n; i++ {
			k++
			person := fmt.Sprintf("P-9%03d", k)
			if err := db.SetFocusThemes(ctx, 101, pejling.FocusThemes{PersonID: person, Themes: []string{"work_identity", "social_competences"}, From: d1}, users[0].ID); err != nil {
				t.Fatal(err)
			}
			by := users[(k+gi)%len(users)].ID
			mk := func(ind, theme string, v int, d pejling.Date) pejling.ProgressionScore {
				return pejling.ProgressionScore{PersonID: person, Theme: theme, Indicator: ind, Score: v, Date: d, ScoredBy: by, Team: g.team, InterventionID: g.intervention}
			}
			a, b := 2+(k%4), 3+(k*7)%8
			if err := db.AddProgressionScores(ctx, 101, []pejling.ProgressionScore{
				mk("sees_self_in_job", "work_identity", a, d1), mk("cooperates", "social_competences", 4, d1),
				mk("sees_self_in_job", "work_identity", b, d2), mk("cooperates", "social_competences", 4+k%3, d2),
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// progSigned is the page's signed number: "+1,50", "−0,25".
func progSigned(v float64) string {
	s := locale.Danish.Number(math.Abs(v), 2)
	if strings.Trim(s, "0,.") == "" {
		return s
	}
	if v > 0 {
		return "+" + s
	} else if v < 0 {
		return "−" + s
	}
	return s
}

// TestProgressionAggregate checks the aggregate page against
// employer.AggregateProgression on the same scores (the witness), per grouping.
func TestProgressionAggregate(t *testing.T) {
	e := newProgEnv(t)
	users := []*pejling.User{e.con, newUser(t, e.db, "con-b", pejling.RoleConsultant, 101), newUser(t, e.db, "con-c", pejling.RoleConsultant, 101)}
	seedProgression(t, e.db, users)
	scores, _ := e.db.FindAllProgressionScores(context.Background(), 101)
	focus, _ := e.db.FindAllFocusThemes(context.Background(), 101)
	row := regexp.MustCompile(`(?s)<tr data-key="([^"]*)"><td>([^<]*)</td><td class="num">(\d+)</td><td class="num">(\d+)</td>(.*?)</tr>`)
	for _, by := range []employer.ProgressionGroupBy{employer.ProgressionByIntervention, employer.ProgressionByTeam, employer.ProgressionByConsultant} {
		t.Run(string(by), func(t *testing.T) {
			want, err := employer.AggregateProgression(scores, focus, employer.DefaultCatalogue(), by)
			if err != nil {
				t.Fatal(err)
			}
			st, body, _ := e.do(t, "GET", "/progression?by="+string(by), e.cw2, nil)
			wantStatus(t, string(by), st, 200, body)
			rows := row.FindAllStringSubmatch(body, -1)
			if len(rows) != len(want) {
				t.Fatalf("%d rows, want %d\n%s", len(rows), len(want), body)
			}
			tooFew := 0
			for i, g := range want {
				r := rows[i]
				r[5] = html.UnescapeString(r[5])
				if r[1] != g.Key || r[3] != fmt.Sprint(g.Persons) || r[4] != fmt.Sprint(g.N) {
					t.Errorf("row %d: %q, want key %q persons %d n %d", i, r[1:5], g.Key, g.Persons, g.N)
				}
				if g.TooFew {
					tooFew++
					if !strings.Contains(r[5], "for få") || strings.Contains(r[5], `class="num mean"`) {
						t.Errorf("group %q of n=%d: %q", g.Key, g.N, r[5])
					}
					continue
				}
				w := fmt.Sprintf(`<td class="num mean">%s</td><td class="num interval">%s – %s</td>`, progSigned(g.MeanChange), progSigned(g.Lower), progSigned(g.Upper))
				if r[5] != w {
					t.Errorf("group %q: %q, want %q", g.Key, r[5], w)
				}
			}
			if by == employer.ProgressionByTeam && tooFew != 1 {
				t.Errorf("%d too-few teams, want 1 (Team Vest)", tooFew)
			}
			if by == employer.ProgressionByConsultant && !strings.Contains(body, "con-b") {
				t.Error("consultants are not named")
			}
		})
	}
	// The aggregate shows no personal data and audits nothing.
	_, body, _ := e.do(t, "GET", "/progression?by=team", e.cw2, nil)
	if strings.Contains(body, "P-9") {
		t.Error("the aggregate shows a person id")
	}
	if entries, _ := e.db.ListAudit(context.Background(), pejling.AuditFilter{Municipality: 101}); len(entries) != 0 {
		t.Errorf("the aggregate wrote audit records: %+v", entries)
	}
}
