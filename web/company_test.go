package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// companyServer serves the company pages over a fresh SQLite store.
func companyServer(t *testing.T, db *sqldb.DB) *httptest.Server {
	t.Helper()
	if db == nil {
		db = usersDB(t)
	}
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Companies = db, db
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// coReq sends a request with the session cookie; form, when not nil, is POSTed. It
// returns the status, body and Location.
func coReq(t *testing.T, cookie, method, u string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: "pejling_session", Value: cookie})
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

func logOf(t *testing.T, db *sqldb.DB, m int, cvr string) []pejling.ContactLogEntry {
	t.Helper()
	es, err := db.FindContactLog(context.Background(), pejling.ContactLogFilter{Municipality: m, CVR: cvr})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// problemText is the problem a refused form shows (the alert), or the body of an error.
func problemText(body string) string {
	_, after, ok := strings.Cut(body, `role="alert"`)
	if !ok {
		return body
	}
	_, after, _ = strings.Cut(after, ">")
	text, _, _ := strings.Cut(after, "</p>")
	return strings.TrimSpace(text)
}

// TestCompanyRegister runs the register end to end: add a company, list and filter,
// the page with the package's promise, edit the record (and lose a race for it), the
// contact persons, and another municipality and a politician kept out.
func TestCompanyRegister(t *testing.T) {
	ctx := context.Background()
	db := usersDB(t)
	ts := companyServer(t, db)
	anna := newUser(t, db, "anna", pejling.RoleConsultant, 101)
	annaC := sessionFor(t, db, anna, true)
	bo := newUser(t, db, "bo", pejling.RoleCaseWorker, 101)
	boC := sessionFor(t, db, bo, true)
	carlC := sessionFor(t, db, newUser(t, db, "carl", pejling.RoleConsultant, 147), true)
	polC := sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	const cvr = "12345678"

	st, body, loc := coReq(t, annaC, "POST", ts.URL+"/virksomheder", url.Values{"cvr": {cvr}, "name": {"Smedjen A/S"},
		"city": {"Aarhus"}, "package": {"gold"}, "owner": {strconv.FormatInt(anna.ID, 10)}})
	if st != 303 || loc != "/virksomheder/"+cvr {
		t.Fatalf("create: %d %q %.300s", st, loc, body)
	}
	if st, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder", url.Values{"cvr": {cvr}}); st != 409 || !strings.Contains(body, "already") {
		t.Errorf("create twice: %d %.300s", st, body)
	}
	t.Run("List", func(t *testing.T) {
		st, body, _ := coReq(t, boC, "GET", ts.URL+"/virksomheder", nil)
		if st != 200 || !strings.Contains(body, "Smedjen A/S") || !strings.Contains(body, "Guld") || !strings.Contains(body, `aria-current="page"`) {
			t.Errorf("list: %d %.500s", st, body)
		}
		for q, want := range map[string]bool{"q=smed": true, "q=AARHUS": true, "q=nope": false, "package=gold": true,
			"package=silver": false, "owner=" + strconv.FormatInt(anna.ID, 10): true, "owner=" + strconv.FormatInt(bo.ID, 10): false} {
			st, body, _ := coReq(t, boC, "GET", ts.URL+"/virksomheder?"+q, nil)
			if st != 200 || strings.Contains(body, `href="/virksomheder/12345678"`) != want {
				t.Errorf("%s: %d, shown %v", q, st, !want)
			}
		}
		for _, q := range []string{"package=platinum", "owner=x", "q=a&q=b", "q=" + strings.Repeat("x", 201)} {
			if st, _, _ := coReq(t, boC, "GET", ts.URL+"/virksomheder?"+q, nil); st != 400 {
				t.Errorf("%s: %d, want 400", q, st)
			}
		}
	})
	t.Run("Page", func(t *testing.T) {
		st, body, _ := coReq(t, boC, "GET", ts.URL+"/virksomheder/"+cvr, nil)
		promise := pejling.PackageGold.Promise().Danish
		if st != 200 || !strings.Contains(body, promise) || !strings.Contains(body, `name="version" value="1"`) || !strings.Contains(body, `id="orders"`) {
			t.Errorf("page: %d %.500s", st, body)
		}
	})
	t.Run("OptimisticLock", func(t *testing.T) {
		edit := func(city string) (int, string) {
			st, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder/"+cvr, url.Values{"version": {"1"}, "name": {"Smedjen A/S"},
				"city": {city}, "package": {"silver"}, "owner": {strconv.FormatInt(anna.ID, 10)}})
			return st, body
		}
		if st, body := edit("Vejle"); st != 303 {
			t.Fatalf("first edit: %d %.300s", st, body)
		}
		st, body := edit("Skive")
		if st != 409 || !strings.Contains(body, "En kollega har ændret virksomheden") {
			t.Errorf("second edit from the same version: %d %.300s", st, body)
		}
		rec, err := db.FindCompanyRecord(ctx, 101, cvr)
		if err != nil || rec.Version != 2 || rec.City != "Vejle" || rec.Package != pejling.PackageSilver {
			t.Errorf("stored %+v %v", rec, err)
		}
		for name, f := range map[string]url.Values{
			"version":  {"version": {"x"}},
			"postcode": {"version": {"2"}, "postcode": {"80000"}},
			"industry": {"version": {"2"}, "industry": {"1"}},
			"owner":    {"version": {"2"}, "owner": {"-3"}},
			"notes":    {"version": {"2"}, "notes": {strings.Repeat("n", 4001)}},
			"size":     {"version": {"2"}, "size": {"huge"}},
			"name":     {"version": {"2"}, "name": {"a", "b"}},
			"bogus":    {"version": {"2"}, "bogus": {"1"}},
		} {
			st, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder/"+cvr, f)
			if st != 400 || !strings.Contains(problemText(body), name) {
				t.Errorf("%s: %d %.300s", name, st, body)
			}
		}
		if rec, _ := db.FindCompanyRecord(ctx, 101, cvr); rec.Version != 2 {
			t.Errorf("a refused edit changed the record: version %d", rec.Version)
		}
	})
	t.Run("Persons", func(t *testing.T) {
		st, body, _ := coReq(t, boC, "POST", ts.URL+"/virksomheder/"+cvr+"/personer", url.Values{"name": {"Lise <b>Holm</b>"}, "role": {"HR"},
			"phone": {"+45 12 34 56 78"}, "email": {"lise@smedjen.dk"}})
		if st != 303 {
			t.Fatalf("add person: %d %.300s", st, body)
		}
		ps, _ := db.FindCompanyContacts(ctx, 101, cvr)
		if len(ps) != 1 {
			t.Fatalf("persons %+v", ps)
		}
		id := strconv.FormatInt(ps[0].ID, 10)
		if _, body, _ := coReq(t, boC, "GET", ts.URL+"/virksomheder/"+cvr, nil); !strings.Contains(body, "Lise &lt;b&gt;Holm&lt;/b&gt;") {
			t.Errorf("the name is not shown escaped")
		}
		if st, body, _ := coReq(t, boC, "POST", ts.URL+"/virksomheder/"+cvr+"/personer", url.Values{"name": {"X"}, "phone": {"0101901234"}}); st != 400 || !strings.HasPrefix(problemText(body), "phone:") {
			t.Errorf("CPR as phone: %d %.300s", st, body)
		}
		if st, _, _ := coReq(t, boC, "POST", ts.URL+"/virksomheder/"+cvr+"/personer/"+id, url.Values{"name": {"Lise Holm"}, "email": {"lise@smedjen.dk"}}); st != 303 {
			t.Errorf("edit person: %d", st)
		}
		if st, body, _ := coReq(t, boC, "POST", ts.URL+"/virksomheder/"+cvr+"/personer/"+id, url.Values{"name": {"Lise"}, "email": {"not-an-email"}}); st != 400 || !strings.HasPrefix(problemText(body), "email:") {
			t.Errorf("bad email: %d %.300s", st, body)
		}
		if st, _, _ := coReq(t, carlC, "POST", ts.URL+"/virksomheder/"+cvr+"/personer/"+id+"/slet", url.Values{}); st != 404 {
			t.Errorf("147 deletes 101's person: %d", st)
		}
		if st, _, _ := coReq(t, boC, "POST", ts.URL+"/virksomheder/87654321/personer/"+id+"/slet", url.Values{}); st != 404 {
			t.Errorf("delete via another CVR: %d", st)
		}
		if p, _ := db.FindCompanyContactByID(ctx, 101, ps[0].ID); p == nil || p.Name != "Lise Holm" {
			t.Errorf("stored %+v", p)
		}
		if st, _, _ := coReq(t, boC, "POST", ts.URL+"/virksomheder/"+cvr+"/personer/"+id+"/slet", url.Values{}); st != 303 {
			t.Errorf("delete: %d", st)
		}
		if ps, _ := db.FindCompanyContacts(ctx, 101, cvr); len(ps) != 0 {
			t.Errorf("not deleted: %+v", ps)
		}
	})
	t.Run("OtherMunicipality", func(t *testing.T) {
		for _, c := range []struct {
			method, path string
			form         url.Values
		}{
			{"GET", "/virksomheder/" + cvr, nil},
			{"GET", "/virksomheder/" + cvr + "/kontakt/ny?topic=recruitment", nil},
			{"POST", "/virksomheder/" + cvr, url.Values{"version": {"2"}, "city": {"Hacked"}}},
			{"POST", "/virksomheder/" + cvr + "/kontakter", url.Values{"topic": {"recruitment"}, "channel": {"phone"}, "outcome": {"x"}}},
			{"POST", "/virksomheder/" + cvr + "/personer", url.Values{"name": {"X"}}},
		} {
			if st, body, _ := coReq(t, carlC, c.method, ts.URL+c.path, c.form); st != 404 {
				t.Errorf("147: %s %s: %d %.200s", c.method, c.path, st, body)
			}
		}
		if _, body, _ := coReq(t, carlC, "GET", ts.URL+"/virksomheder", nil); strings.Contains(body, "Smedjen") {
			t.Error("147's list shows 101's company")
		}
		if rec, _ := db.FindCompanyRecord(ctx, 101, cvr); rec.City != "Vejle" || len(logOf(t, db, 101, cvr)) != 0 || len(logOf(t, db, 147, cvr)) != 0 {
			t.Errorf("147 changed something: %+v", rec)
		}
	})
	t.Run("Politician", func(t *testing.T) {
		for _, p := range []string{"/virksomheder", "/virksomheder/" + cvr} {
			if st, _, _ := coReq(t, polC, "GET", ts.URL+p, nil); st != 403 {
				t.Errorf("politician %s: %d", p, st)
			}
		}
		if st, _, _ := coReq(t, polC, "POST", ts.URL+"/virksomheder", url.Values{"cvr": {"99999999"}}); st != 403 {
			t.Errorf("politician adds: %d", st)
		}
	})
}

// TestCompanyContactPrecheck checks the warning before a contact is logged: a
// colleague's contact about the same topic within 14 days warns, one's own, another
// topic's and an older one do not; a warned POST is held back until confirmed.
func TestCompanyContactPrecheck(t *testing.T) {
	ctx := context.Background()
	db := usersDB(t)
	ts := companyServer(t, db)
	anna := newUser(t, db, "anna", pejling.RoleConsultant, 101)
	annaC := sessionFor(t, db, anna, true)
	bo := newUser(t, db, "bo", pejling.RoleConsultant, 101)
	boC := sessionFor(t, db, bo, true)
	const cvr, old = "12345678", "23456789"
	now := time.Now().UTC()
	for _, e := range []pejling.ContactLogEntry{
		{Municipality: 101, CVR: cvr, UserID: bo.ID, At: now.Add(-3 * 24 * time.Hour), Channel: "visit", Topic: "recruitment", Outcome: "Bo talte med HR om <rekruttering>"},
		{Municipality: 101, CVR: old, UserID: bo.ID, At: now.Add(-20 * 24 * time.Hour), Channel: "phone", Topic: "recruitment", Outcome: "gammel"},
	} {
		if err := db.CreateContactLogEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	form := func(c string, topic, outcome, confirm string) (int, string, string) {
		f := url.Values{"topic": {topic}, "channel": {"phone"}, "outcome": {outcome}, "next_step": {"Send CV'er"}}
		if confirm != "" {
			f.Set("confirm", confirm)
		}
		return coReq(t, c, "POST", ts.URL+"/virksomheder/"+cvr+"/kontakter", f)
	}
	t.Run("Warning", func(t *testing.T) {
		st, body, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder/"+cvr+"/kontakt/ny?topic=recruitment", nil)
		if st != 200 || !strings.Contains(body, `id="warning"`) || !strings.Contains(body, "Bo talte med HR om &lt;rekruttering&gt;") || !strings.Contains(body, `id="anyway"`) {
			t.Errorf("colleague's same topic: %d %.2000s", st, body)
		}
		for name, c := range map[string]struct{ cookie, path string }{
			"OtherTopic": {annaC, "/virksomheder/" + cvr + "/kontakt/ny?topic=placement"},
			"Own":        {boC, "/virksomheder/" + cvr + "/kontakt/ny?topic=recruitment"},
			"Older":      {annaC, "/virksomheder/" + old + "/kontakt/ny?topic=recruitment"},
		} {
			st, body, _ := coReq(t, c.cookie, "GET", ts.URL+c.path, nil)
			if st != 200 || strings.Contains(body, `id="warning"`) || !strings.Contains(body, `id="nowarning"`) {
				t.Errorf("%s: %d, warning shown", name, st)
			}
		}
		if _, body, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder/"+cvr+"/kontakt/ny?topic=placement", nil); !strings.Contains(body, "Bo talte med HR") {
			t.Error("colleagues' recent contacts not shown")
		}
		for _, q := range []string{"topic=sales", "topic=a&topic=b"} {
			if st, _, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder/"+cvr+"/kontakt/ny?"+q, nil); st != 400 {
				t.Errorf("%s: %d", q, st)
			}
		}
	})
	t.Run("HeldUntilConfirmed", func(t *testing.T) {
		st, body, _ := form(annaC, "recruitment", "Ringede om elever", "")
		if st != 200 || !strings.Contains(body, `id="held"`) || !strings.Contains(body, "Ringede om elever") {
			t.Errorf("unconfirmed: %d %.500s", st, body)
		}
		if n := len(logOf(t, db, 101, cvr)); n != 1 {
			t.Fatalf("unconfirmed duplicate stored: %d entries", n)
		}
		if st, body, loc := form(annaC, "recruitment", "Ringede om elever", "1"); st != 303 || loc != "/virksomheder/"+cvr+"#log" {
			t.Errorf("confirmed: %d %q %.300s", st, loc, body)
		}
		es := logOf(t, db, 101, cvr)
		if len(es) != 2 || es[0].UserID != anna.ID || es[0].Outcome != "Ringede om elever" || es[0].NextStep != "Send CV'er" {
			t.Errorf("stored %+v", es)
		}
		// Another topic, and bo's own topic again: no warning, saved at once.
		if st, _, _ := form(annaC, "placement", "Praktik?", ""); st != 303 {
			t.Errorf("other topic: %d", st)
		}
		if st, body, _ := coReq(t, boC, "GET", ts.URL+"/virksomheder/"+cvr, nil); st != 200 || strings.Index(body, "Praktik?") > strings.Index(body, "Ringede om elever") {
			t.Errorf("the log is not newest first: %d", st)
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		before := len(logOf(t, db, 101, cvr))
		for _, c := range []struct {
			field string
			form  url.Values
		}{
			{"outcome", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"Borgeren 010190-1234 var med"}, "confirm": {"1"}}},
			{"outcome", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"0101901234"}, "confirm": {"1"}}},
			{"outcome", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"  "}}},
			{"outcome", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {strings.Repeat("x", 2001)}}},
			{"next step", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"ok"}, "next_step": {strings.Repeat("x", 501)}}},
			{"topic", url.Values{"channel": {"phone"}, "outcome": {"ok"}}},
			{"topic", url.Values{"topic": {"'; DROP TABLE contact_log; --"}, "channel": {"phone"}, "outcome": {"ok"}}},
			{"channel", url.Values{"topic": {"other"}, "channel": {"fax"}, "outcome": {"ok"}}},
			{"channel", url.Values{"topic": {"other"}, "channel": {"phone", "visit"}, "outcome": {"ok"}}},
			{"date", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"ok"}, "date": {"2999-01-01"}}},
			{"date", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"ok"}, "date": {"yesterday"}}},
			{"next_date", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"ok"}, "next_date": {"31-12-2026"}}},
			{"confirm", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"ok"}, "confirm": {"yes"}}},
			{"form", url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {strings.Repeat("x", 70<<10)}}},
		} {
			st, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder/"+cvr+"/kontakter", c.form)
			if st != 400 || !strings.HasPrefix(problemText(body), c.field+":") {
				t.Errorf("%s %.60v: %d %.300s", c.field, c.form, st, body)
			}
		}
		_, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder/"+cvr+"/kontakter",
			url.Values{"topic": {"other"}, "channel": {"phone"}, "outcome": {"<script>alert(1)</script> 010190-1234"}})
		if strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;") || !strings.Contains(body, "CPR") {
			t.Errorf("hostile outcome not shown escaped with the CPR problem: %.1000s", body)
		}
		if n := len(logOf(t, db, 101, cvr)); n != before {
			t.Errorf("bad input stored: %d entries, was %d", n, before)
		}
		// Hostile but valid text is stored as given and shown escaped.
		if st, _, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder/"+cvr+"/kontakter",
			url.Values{"topic": {"other"}, "channel": {"email"}, "outcome": {"<script>alert(1)</script> '; DROP TABLE contact_log; --"}}); st != 303 {
			t.Errorf("hostile text: %d", st)
		}
		if _, body, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder/"+cvr, nil); strings.Contains(body, "<script>alert") ||
			!strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt; &#39;; DROP TABLE contact_log; --") {
			t.Error("hostile outcome not shown escaped on the company page")
		}
	})
	t.Run("BadCompanyInput", func(t *testing.T) {
		for _, c := range []struct {
			field string
			form  url.Values
		}{
			{"cvr", url.Values{"name": {"X"}}},
			{"cvr", url.Values{"cvr": {"1234abcd"}}},
			{"cvr", url.Values{"cvr": {"11111111", "22222222"}}},
			{"name", url.Values{"cvr": {"33333333"}, "name": {strings.Repeat("é", 201)}}},
			{"name", url.Values{"cvr": {"33333333"}, "name": {"Firma 0101901234"}}},
			{"service package", url.Values{"cvr": {"33333333"}, "package": {"platinum"}}},
			{"owner", url.Values{"cvr": {"33333333"}, "owner": {"99999"}}},
		} {
			st, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder", c.form)
			if st != 400 || !strings.HasPrefix(problemText(body), c.field) {
				t.Errorf("%s %.60v: %d %.300s", c.field, c.form, st, body)
			}
		}
		if rs, _ := db.FindCompanyRecords(ctx, pejling.CompanyFilter{Municipality: 101, Text: "3333"}); len(rs) != 0 {
			t.Errorf("bad input stored %+v", rs)
		}
		if st, body, _ := coReq(t, annaC, "POST", ts.URL+"/virksomheder", url.Values{"cvr": {"44444444"}, "name": {"<script>x</script>'; DROP TABLE company_records; --"}}); st != 303 {
			t.Errorf("hostile name: %d %.300s", st, body)
		}
		if _, body, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder", nil); strings.Contains(body, "<script>x") || !strings.Contains(body, "&lt;script&gt;x&lt;/script&gt;&#39;; DROP TABLE company_records; --") {
			t.Error("hostile name not shown escaped")
		}
		for _, p := range []string{"/virksomheder/1234", "/virksomheder/abcdefgh"} {
			if st, _, _ := coReq(t, annaC, "GET", ts.URL+p, nil); st != 400 {
				t.Errorf("%s: %d", p, st)
			}
		}
		if st, _, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder/55555555", nil); st != 404 {
			t.Errorf("no record: %d", st)
		}
	})
}

// TestCompanyHistoryAudited checks that the history names the placed and hired
// citizens to a consultant of the municipality, and that each one shown is audited
// with the purpose of the company page before the page is sent.
func TestCompanyHistoryAudited(t *testing.T) {
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "h.db")
	pejlingCLI(t, "import", "--quiet", "--db", dsn, demoData(t))
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ts := companyServer(t, db)
	cvr, person := placementIn(t, db, 101)
	con := newUser(t, db, "con", pejling.RoleConsultant, 101)
	if err := db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 101, CVR: cvr}); err != nil {
		t.Fatal(err)
	}
	st, body, _ := coReq(t, sessionFor(t, db, con, true), "GET", ts.URL+"/virksomheder/"+cvr, nil)
	if st != 200 || !strings.Contains(body, person) || !strings.Contains(body, `id="placements"`) {
		t.Fatalf("history: %d %.500s", st, body)
	}
	es, err := db.ListAudit(ctx, pejling.AuditFilter{UserID: con.ID, PersonID: person})
	if err != nil || len(es) != 1 || es[0].Action != pejling.AuditRead || es[0].Purpose != "virksomhedsside" || !strings.Contains(es[0].Criteria, cvr) {
		t.Errorf("audit %+v %v", es, err)
	}
	if dir := os.Getenv("PEJLING_SCREENSHOTS"); dir != "" {
		cookie := sessionFor(t, db, con, true)
		srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		srv.Users, srv.Companies = db, db
		signed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.AddCookie(&http.Cookie{Name: "pejling_session", Value: cookie})
			srv.ServeHTTP(w, r)
		}))
		defer signed.Close()
		fullPage(t, signed.URL+"/virksomheder/"+cvr, filepath.Join(dir, "company_history.png"), false)
	}
}

// placementIn returns a CVR number with a placement in municipality m, and its person.
func placementIn(t *testing.T, db *sqldb.DB, m int) (string, string) {
	t.Helper()
	hits, err := db.SearchPersons(context.Background(), sqldb.PersonSearch{Municipality: m, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		p, err := db.FindPerson(context.Background(), h.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Activation {
			if a.Municipality == m && a.CVR != "" {
				return a.CVR, p.ID
			}
		}
	}
	t.Fatalf("no placement at a company in %d", m)
	return "", ""
}

// TestCompanyBrowser renders the list, a company's page and the contact form with its
// warning in Chromium, signed in as a consultant, and keeps screenshots.
func TestCompanyBrowser(t *testing.T) {
	ctx := context.Background()
	chromium(t)
	db := usersDB(t)
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Companies = db, db
	anna := newUser(t, db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, db, "bo", pejling.RoleConsultant, 101)
	cookie := sessionFor(t, db, anna, true)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.AddCookie(&http.Cookie{Name: "pejling_session", Value: cookie})
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	for _, r := range []pejling.CompanyRecord{
		{Municipality: 101, CVR: "12345678", Name: "Smedjen A/S", Address: "Havnevej 3", Postcode: "8000", City: "Aarhus C", Industry: "2511", SizeBand: pejling.SizeSmall, Package: pejling.PackageGold, OwnerID: anna.ID, Notes: "Tager gerne praktikanter i værkstedet."},
		{Municipality: 101, CVR: "23456789", Name: "Bageriet ApS", City: "Risskov", Package: pejling.PackageBronze, OwnerID: bo.ID},
		{Municipality: 101, CVR: "34567890", Name: "Plejecenter Solgården", City: "Aarhus N", Package: pejling.PackageSilver},
	} {
		if err := db.CreateCompanyRecord(ctx, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.CreateCompanyContact(ctx, &pejling.CompanyContact{Municipality: 101, CVR: "12345678", Name: "Lise Holm", Role: "HR-chef", Phone: "+45 12 34 56 78", Email: "lise@smedjen.dk"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	for _, e := range []pejling.ContactLogEntry{
		{Municipality: 101, CVR: "12345678", UserID: bo.ID, At: now.Add(-3 * 24 * time.Hour), Channel: "visit", Topic: "recruitment", Outcome: "Mangler to smede fra august.", NextStep: "Send CV'er", NextStepDate: pejling.DateOf(now.AddDate(0, 0, 4).Date())},
		{Municipality: 101, CVR: "12345678", UserID: anna.ID, At: now.Add(-30 * 24 * time.Hour), Channel: "phone", Topic: "placement", Outcome: "Praktikant fra 1. marts aftalt."},
		{Municipality: 101, CVR: "23456789", UserID: bo.ID, At: now.Add(-1 * 24 * time.Hour), Channel: "email", Topic: "follow_up", Outcome: "Opfølgning sendt."},
	} {
		if err := db.CreateContactLogEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}
	}
	dir := os.Getenv("PEJLING_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for name, path := range map[string]string{
		"company_list":    "/virksomheder",
		"company_page":    "/virksomheder/12345678",
		"company_contact": "/virksomheder/12345678/kontakt/ny?topic=recruitment",
	} {
		out := filepath.Join(dir, name+".png")
		fullPage(t, ts.URL+path, out, false)
		if fi, err := os.Stat(out); err != nil || fi.Size() < 5000 {
			t.Errorf("%s: no screenshot: %v", name, err)
		}
	}
	dom := browse(t, ts.URL+"/virksomheder/12345678/kontakt/ny?topic=recruitment", "")
	if !strings.Contains(dom, `id="warning"`) || !strings.Contains(dom, "Mangler to smede") {
		t.Errorf("the browser does not show the warning: %.500s", dom)
	}
}
