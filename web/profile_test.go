package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
	"github.com/pejling/pejling/web"
)

// newProfileEnv is newSlotEnv with the store of profiles served too.
func newProfileEnv(t *testing.T, dsn string) *slotEnv {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "profile.db")
	}
	db, err := sqldb.Open(context.Background(), dsn)
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
	srv.Users, srv.Slots, srv.Profiles, srv.Now = db, db, db, clock.now
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &slotEnv{ts: ts, db: db, clock: clock}
	e.user1 = newUser(t, db, "cw-a", pejling.RoleCaseWorker, 101)
	e.cw1 = sessionFor(t, db, e.user1, true)
	e.cw2 = sessionFor(t, db, newUser(t, db, "cw-b", pejling.RoleCaseWorker, 101), true)
	e.other = sessionFor(t, db, newUser(t, db, "con-147", pejling.RoleConsultant, 147), true)
	e.politician = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	return e
}

// profileForm is a valid profile form: a cook's assistant living in Copenhagen.
func profileForm(version int) url.Values {
	return url.Values{"occupations": {"5120, 9412"}, "skills": {"Madlavning, HYGIEJNE"}, "education": {"3"},
		"home": {"55.68, 12.56"}, "radius": {"20"}, "hours_min": {"20"}, "hours_max": {"37"},
		"version": {fmt.Sprint(version)}, "purpose": {"jobplan, sag 12"}}
}

// storeProfile saves a profile of municipality m directly.
func (e *slotEnv) storeProfile(t *testing.T, m int, p pejling.Profile) {
	t.Helper()
	if _, err := e.db.SaveProfile(context.Background(), m, p, e.user1.ID, 0); err != nil {
		t.Fatal(err)
	}
}

// matchSlots stores slots of 101 at various distances and occupations, and one of 147.
func (e *slotEnv) matchSlots(t *testing.T) []*pejling.Slot {
	t.Helper()
	return []*pejling.Slot{
		e.storeSlot(t, 101, "Køkkenhjælp", 2, func(s *pejling.Slot) { s.Skills = []string{"madlavning", "hygiejne"} }),
		e.storeSlot(t, 101, "Kantine i Valby", 1, func(s *pejling.Slot) {
			s.Location, s.Skills = pejling.LatLon{Lat: 55.66, Lon: 12.51}, []string{"madlavning"}
		}),
		e.storeSlot(t, 101, "Lager", 1, func(s *pejling.Slot) { s.Occupation, s.HoursPerWeek = "9333", 37 }),
		e.storeSlot(t, 101, "Chauffør", 1, func(s *pejling.Slot) { s.Occupation, s.DrivingLicence = "8322", true }),
		e.storeSlot(t, 101, "Køkken i Aarhus", 1, func(s *pejling.Slot) { s.Location = pejling.LatLon{Lat: 56.15, Lon: 10.2} }),
		e.storeSlot(t, 147, "Frederiksbergs køkken", 1, nil),
	}
}

var (
	vacancyRows   = regexp.MustCompile(`data-vacancy="([^"]+)" data-score="([^"]+)"`)
	candidateRows = regexp.MustCompile(`data-person="([^"]+)" data-score="([^"]+)"`)
)

// ranking reads the ranked rows of a page as "id score" lines.
func ranking(re *regexp.Regexp, body string) []string {
	var out []string
	for _, m := range re.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

// matchesText writes matches as ranking writes rows: by vacancy, or by person.
func matchesText(ms []employer.Match, byPerson bool) []string {
	var out []string
	for _, m := range ms {
		id := m.VacancyID
		if byPerson {
			id = m.PersonID
		}
		out = append(out, id+" "+locale.Danish.Number(m.Score, 1))
	}
	return out
}

// TestProfileFlow opens, creates and changes a citizen's profile over HTTP, checks the
// audit log, and that the slots shown are employer.BestVacancies' over the same data.
func TestProfileFlow(t *testing.T) {
	e := newProfileEnv(t, "")
	slots := e.matchSlots(t)
	ctx := context.Background()

	code, body, _ := e.do(t, "GET", "/profiler", e.cw1, nil)
	if code != 200 || !strings.Contains(body, `href="/profiler" class="current" aria-current="page"`) ||
		!strings.Contains(body, "/jobboers/"+fmt.Sprint(slots[0].ID)+"/kandidater") || strings.Contains(body, "Frederiksbergs køkken") {
		t.Fatalf("entry page: %d\n%s", code, body)
	}
	code, _, loc := e.do(t, "GET", "/profiler?person=P-1&purpose=jobplan", e.cw1, nil)
	if code != 303 || loc != "/profiler/P-1?purpose=jobplan" {
		t.Fatalf("open: %d %q", code, loc)
	}
	code, body, _ = e.do(t, "GET", loc, e.cw1, nil)
	if code != 200 || !strings.Contains(body, `id="new"`) || !strings.Contains(body, `name="version" value="0"`) {
		t.Fatalf("new profile page: %d\n%s", code, body)
	}
	code, _, loc = e.do(t, "POST", "/profiler/P-1", e.cw1, profileForm(0))
	if code != 303 || !strings.HasPrefix(loc, "/profiler/P-1?") || !strings.Contains(loc, "saved=1") {
		t.Fatalf("create: %d %q", code, loc)
	}
	code, body, _ = e.do(t, "GET", loc, e.cw1, nil)
	if code != 200 || !strings.Contains(body, `value="madlavning, hygiejne"`) || !strings.Contains(body, `name="version" value="1"`) ||
		!strings.Contains(body, "Profilen er gemt.") {
		t.Fatalf("saved profile page: %d\n%s", code, body)
	}
	// The witness: the ranking on the page is BestVacancies' over the municipality's
	// open slots with a free place.
	rec, err := e.db.FindProfile(ctx, 101, "P-1")
	if err != nil {
		t.Fatal(err)
	}
	hits, err := e.db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 101, HasFreePlace: true, ActiveOn: pejling.UTCDay(e.clock.now())})
	if err != nil {
		t.Fatal(err)
	}
	var vs []pejling.Vacancy
	for _, h := range hits {
		vs = append(vs, h.Vacancy())
	}
	want := matchesText(employer.BestVacancies(rec.Profile, vs, 20, employer.DefaultMatchWeights()), false)
	got := ranking(vacancyRows, body)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) < 2 {
		t.Fatalf("ranking on the page\n%s\nwant BestVacancies'\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got[0] != fmt.Sprintf("slot:%d 100,0", slots[0].ID) {
		t.Errorf("best slot %q, want the kitchen next door at 100", got[0])
	}
	for _, s := range []string{"Chauffør", "Køkken i Aarhus", "Frederiksbergs"} {
		if strings.Contains(body, s) {
			t.Errorf("%s shown: it is excluded (licence, distance) or another municipality's", s)
		}
	}
	if !strings.Contains(body, "Stilling</strong>") || !strings.Contains(body, fmt.Sprintf(`href="/jobboers/%d#reserve"`, slots[0].ID)) {
		t.Errorf("no explanation or reserve link:\n%s", body)
	}
	// In English the explanation is English.
	req, _ := http.NewRequest("GET", e.ts.URL+loc, nil)
	req.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cw1})
	req.AddCookie(&http.Cookie{Name: "pejling_lang", Value: "en"})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := employer.Score(rec.Profile, slots[0].Vacancy(), employer.DefaultMatchWeights())
	if !strings.Contains(string(b), "Best slots for the citizen") || !strings.Contains(string(b), templateEscape(m.Parts[0].Reason.Text("en"))) {
		t.Errorf("English page lacks %q", m.Parts[0].Reason.Text("en"))
	}
	// A change based on version 1.
	f := profileForm(1)
	f.Set("licence", "1")
	if code, _, _ := e.do(t, "POST", "/profiler/P-1", e.cw1, f); code != 303 {
		t.Fatalf("change: %d", code)
	}
	if rec, _ := e.db.FindProfile(ctx, 101, "P-1"); rec.Version != 2 || !rec.DrivingLicence {
		t.Fatalf("after the change %+v", rec)
	}
	// The audit log: the reads with their purpose, before showing, and the changes.
	log, err := e.db.ListAudit(ctx, pejling.AuditFilter{PersonID: "P-1"})
	if err != nil {
		t.Fatal(err)
	}
	reads, changes := 0, 0
	for _, a := range log {
		switch a.Action {
		case pejling.AuditRead:
			reads++
			if a.Purpose == "" || a.Municipality != 101 {
				t.Errorf("read record %+v", a)
			}
		case pejling.AuditChange:
			changes++
			if a.Purpose != "jobplan, sag 12" {
				t.Errorf("change record %+v", a)
			}
		}
	}
	if reads != 3 || changes != 2 {
		t.Errorf("audit: %d reads, %d changes; want 3 and 2: %+v", reads, changes, log)
	}
}

// templateEscape writes s as html/template writes text.
func templateEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

// TestProfileCandidates ranks the municipality's citizens for a slot as the matcher
// does, and writes each citizen shown to the audit log.
func TestProfileCandidates(t *testing.T) {
	e := newProfileEnv(t, "")
	slots := e.matchSlots(t)
	ctx := context.Background()
	base := pejling.Profile{Occupations: []string{"5120"}, Skills: []string{"madlavning"}, Education: 2,
		Home: pejling.LatLon{Lat: 55.68, Lon: 12.56}, RadiusKm: 25, Hours: pejling.HoursRange{Min: 20, Max: 37}}
	for i := range 25 {
		p := base
		p.PersonID = fmt.Sprintf("P-%03d", i)
		p.Occupations = []string{[]string{"5120", "5131", "9412", "2512"}[i%4]}
		p.Home.Lat += float64(i) * 0.01
		p.Hours.Min = float64(i % 30)
		if i == 8 {
			p.Skills = []string{"madlavning", "hygiejne"}
		}
		e.storeProfile(t, 101, p)
	}
	other := base
	other.PersonID = "P-147"
	e.storeProfile(t, 147, other)

	path := fmt.Sprintf("/jobboers/%d/kandidater", slots[0].ID)
	code, body, _ := e.do(t, "GET", path, e.cw1, nil)
	if code != 200 {
		t.Fatalf("candidates: %d\n%s", code, body)
	}
	profiles, err := e.db.FindProfiles(ctx, 101)
	if err != nil {
		t.Fatal(err)
	}
	index := employer.NewIndex(profiles).BestCandidates(slots[0].Vacancy(), 20, employer.DefaultMatchWeights())
	plain := employer.BestCandidates(slots[0].Vacancy(), profiles, 20, employer.DefaultMatchWeights())
	got, want := ranking(candidateRows, body), matchesText(index, true)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || strings.Join(want, "\n") != strings.Join(matchesText(plain, true), "\n") || len(got) != 20 {
		t.Fatalf("candidates on the page\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.HasPrefix(got[0], "P-008 ") || strings.Contains(body, "P-147") {
		t.Errorf("ranking %v", got)
	}
	log, err := e.db.ListAudit(ctx, pejling.AuditFilter{Municipality: 101, Action: pejling.AuditRead})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range log {
		if a.Purpose == "" || !strings.Contains(a.Criteria, fmt.Sprintf("slot %d", slots[0].ID)) {
			t.Errorf("audit record %+v", a)
		}
		seen[a.PersonID] = true
	}
	for _, g := range got {
		person, _, _ := strings.Cut(g, " ")
		if !seen[person] {
			t.Errorf("%s shown but not in the audit log", person)
		}
	}
	if len(seen) != 20 {
		t.Errorf("%d citizens audited, want the 20 shown", len(seen))
	}
	// A slot nobody fits.
	code, body, _ = e.do(t, "GET", fmt.Sprintf("/jobboers/%d/kandidater", slots[3].ID), e.cw1, nil)
	if code != 200 || !strings.Contains(body, "Ingen jobprofil passer til pladsen.") {
		t.Errorf("no candidates: %d\n%s", code, body)
	}
}

// TestProfileAccess: another municipality's slot and profile are not found, a
// politician is refused, and a person id that looks like a CPR number is never read.
func TestProfileAccess(t *testing.T) {
	e := newProfileEnv(t, "")
	slots := e.matchSlots(t)
	ctx := context.Background()
	p := pejling.Profile{PersonID: "P-1", Occupations: []string{"5120"}, Skills: []string{"hemmelig kompetence"},
		Home: pejling.LatLon{Lat: 55.68, Lon: 12.56}, RadiusKm: 20}
	e.storeProfile(t, 101, p)

	if code, _, _ := e.do(t, "GET", fmt.Sprintf("/jobboers/%d/kandidater", slots[0].ID), e.other, nil); code != 404 {
		t.Errorf("147 reads 101's slot's candidates: %d, want 404", code)
	}
	if code, _, _ := e.do(t, "POST", "/profiler/P-1", e.other, profileForm(1)); code != 404 {
		t.Errorf("147 changes 101's profile: %d, want 404", code)
	}
	code, body, _ := e.do(t, "GET", "/profiler/P-1?purpose=test", e.other, nil)
	if code != 200 || strings.Contains(body, "hemmelig") || !strings.Contains(body, `id="new"`) {
		t.Errorf("147 opens P-1: %d; sees 101's profile?\n%s", code, body)
	}
	code, body, _ = e.do(t, "GET", "/profiler", e.other, nil)
	if code != 200 || !strings.Contains(body, "Frederiksbergs køkken") || strings.Contains(body, "Køkkenhjælp") {
		t.Errorf("147's entry page lists 101's slots: %d", code)
	}
	if rec, _ := e.db.FindProfile(ctx, 101, "P-1"); rec.Version != 1 {
		t.Errorf("101's profile changed: %+v", rec)
	}
	for _, r := range []struct{ method, path string }{
		{"GET", "/profiler"}, {"GET", "/profiler/P-1?purpose=test"}, {"POST", "/profiler/P-1"},
		{"GET", fmt.Sprintf("/jobboers/%d/kandidater", slots[0].ID)},
	} {
		var form url.Values
		if r.method == "POST" {
			form = profileForm(1)
		}
		if code, _, _ := e.do(t, r.method, r.path, e.politician, form); code != 403 {
			t.Errorf("politician %s %s: %d, want 403", r.method, r.path, code)
		}
		if code, _, loc := e.do(t, r.method, r.path, "", form); code != 303 || !strings.HasPrefix(loc, "/logind") {
			t.Errorf("anonymous %s %s: %d %q", r.method, r.path, code, loc)
		}
	}
	for _, path := range []string{"/profiler/010190-1234?purpose=test", "/profiler/0101901234?purpose=test"} {
		code, body, _ := e.do(t, "GET", path, e.cw1, nil)
		if code != 400 || !strings.Contains(body, "CPR") {
			t.Errorf("GET %s: %d\n%.400s", path, code, body)
		}
	}
	if code, _, _ := e.do(t, "POST", "/profiler/010190-1234", e.cw1, profileForm(0)); code != 400 {
		t.Errorf("POST with a CPR number: %d", code)
	}
	if log, _ := e.db.ListAudit(ctx, pejling.AuditFilter{PersonID: "010190-1234"}); len(log) != 0 {
		t.Errorf("a CPR number reached the audit log")
	}
	if ps, _ := e.db.FindProfiles(ctx, 101); len(ps) != 1 {
		t.Errorf("profiles of 101: %v", ps)
	}
}

// TestProfileBadInput: a bad form answers 400 with the field named, and nothing is stored.
func TestProfileBadInput(t *testing.T) {
	e := newProfileEnv(t, "")
	ctx := context.Background()
	many := make([]string, 21)
	for i := range many {
		many[i] = fmt.Sprintf("kompetence %d", i)
	}
	for _, c := range []struct {
		name, field string
		change      func(f url.Values)
	}{
		{"NoOccupation", "occupations", func(f url.Values) { f.Set("occupations", "51") }},
		{"DISCOLetters", "occupations", func(f url.Values) { f.Set("occupations", "5120, abcd") }},
		{"SQL", "occupations", func(f url.Values) { f.Set("occupations", "'); DROP TABLE job_profiles; --") }},
		{"TooManySkills", "skills", func(f url.Values) { f.Set("skills", strings.Join(many, ", ")) }},
		{"LongSkill", "skills", func(f url.Values) { f.Set("skills", strings.Repeat("x", 61)) }},
		{"EducationHigh", "education", func(f url.Values) { f.Set("education", "9") }},
		{"EducationMissing", "education", func(f url.Values) { f.Del("education") }},
		{"EducationText", "education", func(f url.Values) { f.Set("education", "<script>alert(1)</script>") }},
		{"HomeMissing", "home", func(f url.Values) { f.Del("home") }},
		{"HomeBad", "home", func(f url.Values) { f.Set("home", "Rådhuspladsen 1") }},
		{"RadiusZero", "radius", func(f url.Values) { f.Set("radius", "0") }},
		{"RadiusNegative", "radius", func(f url.Values) { f.Set("radius", "-3") }},
		{"RadiusFar", "radius", func(f url.Values) { f.Set("radius", "501") }},
		{"RadiusText", "radius", func(f url.Values) { f.Set("radius", "langt") }},
		{"HoursHigh", "hours_max", func(f url.Values) { f.Set("hours_max", "61") }},
		{"HoursNegative", "hours_min", func(f url.Values) { f.Set("hours_min", "-1") }},
		{"HoursReversed", "hours_min", func(f url.Values) { f.Set("hours_min", "30"); f.Set("hours_max", "20") }},
		{"Repeated", "radius", func(f url.Values) { f["radius"] = []string{"20", "400"} }},
		{"Licence", "licence", func(f url.Values) { f.Set("licence", "yes please") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := profileForm(0)
			c.change(f)
			code, body, _ := e.do(t, "POST", "/profiler/P-1", e.cw1, f)
			if code != 400 || !regexp.MustCompile(`class="[^"]*invalid[^"]*" id="f-`+c.field+`"`).MatchString(body) {
				t.Fatalf("status %d; field %s not marked\n%s", code, c.field, body)
			}
			if strings.Contains(body, "<script>alert") {
				t.Errorf("unescaped markup")
			}
		})
	}
	for _, c := range []struct {
		name string
		form url.Values
	}{
		{"NoPurpose", func() url.Values { f := profileForm(0); f.Del("purpose"); return f }()},
		{"NoVersion", func() url.Values { f := profileForm(0); f.Del("version"); return f }()},
		{"Oversized", func() url.Values { f := profileForm(0); f.Set("skills", strings.Repeat("a, ", 10000)); return f }()},
	} {
		if code, _, _ := e.do(t, "POST", "/profiler/P-1", e.cw1, c.form); code != 400 {
			t.Errorf("%s: %d, want 400", c.name, code)
		}
	}
	for _, path := range []string{"/profiler/P-1", "/profiler/P-1?purpose=x", "/profiler?person=P-1", "/profiler?person=&purpose=jobplan",
		"/profiler?person=P-1&person=P-2&purpose=jobplan", "/profiler?person=" + url.QueryEscape("<script>alert(1)</script>") + "&purpose=jobplan",
		"/jobboers/abc/kandidater", "/jobboers/999/kandidater"} {
		code, body, _ := e.do(t, "GET", path, e.cw1, nil)
		if want := map[bool]int{true: 404, false: 400}[strings.HasSuffix(path, "999/kandidater")]; code != want {
			t.Errorf("GET %s: %d, want %d", path, code, want)
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s: unescaped markup", path)
		}
	}
	if ps, err := e.db.FindProfiles(ctx, 101); err != nil || len(ps) != 0 {
		t.Fatalf("stored after bad input: %v %v", ps, err)
	}
	if log, _ := e.db.ListAudit(ctx, pejling.AuditFilter{Action: pejling.AuditChange}); len(log) != 0 {
		t.Errorf("changes audited: %+v", log)
	}
	// Hostile text that is a valid skill is stored as typed (in lower case) and shown escaped.
	f := profileForm(0)
	f.Set("skills", `<script>alert(1)</script>, '; DROP TABLE job_profiles; --`)
	if code, _, _ := e.do(t, "POST", "/profiler/P-1", e.cw1, f); code != 303 {
		t.Fatalf("hostile skills: %d", code)
	}
	code, body, _ := e.do(t, "GET", "/profiler/P-1?purpose=test", e.cw1, nil)
	if code != 200 || strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("hostile skills shown: %d\n%s", code, body)
	}
}

// TestProfileConflict: two case workers save the same version; one wins, the other gets
// 409 and the store has one change.
func TestProfileConflict(t *testing.T) {
	run := func(t *testing.T, dsn string) {
		e := newProfileEnv(t, dsn)
		if code, _, _ := e.do(t, "POST", "/profiler/P-1", e.cw1, profileForm(0)); code != 303 {
			t.Fatalf("create: %d", code)
		}
		a, b := profileForm(1), profileForm(1)
		a.Set("radius", "10")
		b.Set("radius", "40")
		codeA, _, _ := e.do(t, "POST", "/profiler/P-1", e.cw1, a)
		codeB, body, _ := e.do(t, "POST", "/profiler/P-1", e.cw2, b)
		if codeA != 303 || codeB != 409 || !strings.Contains(body, "En kollega har ændret profilen") || !strings.Contains(body, `value="40"`) {
			t.Fatalf("statuses %d, %d\n%s", codeA, codeB, body)
		}
		rec, err := e.db.FindProfile(context.Background(), 101, "P-1")
		if err != nil || rec.Version != 2 || rec.RadiusKm != 10 {
			t.Fatalf("stored %+v, %v", rec, err)
		}
		// Two creations of the same citizen's profile: the second is a conflict too.
		if code, _, _ := e.do(t, "POST", "/profiler/P-2", e.cw1, profileForm(0)); code != 303 {
			t.Fatalf("create P-2: %d", code)
		}
		if code, _, _ := e.do(t, "POST", "/profiler/P-2", e.cw2, profileForm(0)); code != 409 {
			t.Fatalf("second create of P-2: %d, want 409", code)
		}
	}
	t.Run("SQLite", func(t *testing.T) { run(t, "") })
	t.Run("PostgreSQL", func(t *testing.T) { run(t, pgtest.NewDatabase(t)) })
}

// TestProfileBrowser draws a profile with its best slots in Chromium for a person to
// look at (/tmp/pejling-shots/profile-*.png).
func TestProfileBrowser(t *testing.T) {
	e := newProfileEnv(t, "")
	ctx := context.Background()
	if err := e.db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 101, CVR: "12345678", Name: "Kantinen ApS"}); err != nil {
		t.Fatal(err)
	}
	slots := e.matchSlots(t)
	if code, _, _ := e.do(t, "POST", "/profiler/P-004711", e.cw1, profileForm(0)); code != 303 {
		t.Fatal("create")
	}
	for i := range 4 {
		e.storeProfile(t, 101, pejling.Profile{PersonID: fmt.Sprintf("P-00%d", i), Occupations: []string{"5120"},
			Skills: []string{"madlavning"}, Education: i, Home: pejling.LatLon{Lat: 55.68 + float64(i)*0.03, Lon: 12.56}, RadiusKm: 15})
	}
	srv := e.ts.Config.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cw1})
		if r.URL.Query().Get("da") != "" {
			r.AddCookie(&http.Cookie{Name: "pejling_lang", Value: "da"})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/profiler/P-004711?purpose=jobplan&da=1", filepath.Join(dir, "profile-page.png"), false)
	fullPage(t, ts.URL+fmt.Sprintf("/jobboers/%d/kandidater", slots[0].ID), filepath.Join(dir, "profile-candidates.png"), false)
	fullPage(t, ts.URL+"/profiler", filepath.Join(dir, "profile-start.png"), false)
}
