package web_test

import (
	"cmp"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// newSecureServer serves the small demo store with every service, and nothing in front
// of it: the tests of sign-in and access.
func newSecureServer(t *testing.T) (*httptest.Server, *web.Server, *sqldb.DB) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "s.db")
	pejlingCLI(t, "import", "--quiet", "--db", dsn, demoData(t))
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Bench, srv.Users, srv.Persons, srv.Imports = db, db, db, db
	srv.Companies, srv.Orders, srv.Slots = db, db, db
	srv.Profiles, srv.Progression = db, db
	srv.Placements, srv.Teams = db, db
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, srv, db
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// personIn returns a person with a benefit spell in municipality m.
func personIn(t *testing.T, db *sqldb.DB, m int) string {
	t.Helper()
	hits, err := db.SearchPersons(context.Background(), sqldb.PersonSearch{Municipality: m, Limit: 1})
	if err != nil || len(hits) == 0 {
		t.Fatalf("no person in %d: %v", m, err)
	}
	return hits[0].ID
}

// caller is one identity of the access matrix.
type caller struct {
	name    string
	cookie  string // session token
	bearer  string // API token
	persons bool   // may use the PersonData routes
	admin   bool   // may use the Admin routes
	imports bool   // may use the Importer routes
	muni    int
	anon    bool // no valid credential: sent to sign in
	pending bool // password given, second factor not yet
}

// TestAccessMatrix walks every route of the server (web.Routes, the table the mux is
// built from, so a new route cannot be left out) × every kind of caller: anonymous,
// each role, own and other municipality, national, session and API token, a session
// without its second factor, a disabled user. Each answer must be what the route's
// Access allows, and a person of another municipality is never shown.
func TestAccessMatrix(t *testing.T) {
	ts, _, db := newSecureServer(t)
	const own, other = 101, 147
	sess := func(name string, role pejling.Role, m int, verified bool) string {
		return sessionFor(t, db, newUser(t, db, name, role, m), verified)
	}
	disabled := newUser(t, db, "gone", pejling.RoleAdmin, own)
	disabledCookie := sessionFor(t, db, disabled, true)
	if err := db.DisableUser(context.Background(), disabled.ID); err != nil {
		t.Fatal(err)
	}
	callers := []caller{
		{name: "Anonymous", anon: true},
		{name: "BadCookie", cookie: strings.Repeat("A", 43), anon: true},
		{name: "BadBearer", bearer: strings.Repeat("B", 43), anon: true},
		{name: "Disabled", cookie: disabledCookie, anon: true},
		{name: "PoliticianOwn", cookie: sess("pol", pejling.RolePolitician, own, true), muni: own},
		{name: "CaseWorkerOwn", cookie: sess("cw", pejling.RoleCaseWorker, own, true), persons: true, muni: own},
		{name: "CaseWorkerNoCode", cookie: sess("cw2", pejling.RoleCaseWorker, own, false), pending: true},
		{name: "CaseWorkerOther", cookie: sess("cw3", pejling.RoleCaseWorker, other, true), persons: true, muni: other},
		{name: "ConsultantOwn", cookie: sess("con", pejling.RoleConsultant, own, true), persons: true, muni: own},
		{name: "AnalystOwn", cookie: sess("an", pejling.RoleAnalyst, own, true), persons: true, imports: true, muni: own},
		{name: "AnalystNational", cookie: sess("nat", pejling.RoleAnalyst, 0, true), imports: true},
		{name: "AnalystNationalToken", bearer: tokenFor(t, db, newUser(t, db, "nat2", pejling.RoleAnalyst, 0)), imports: true},
		{name: "CaseWorkerOwnToken", bearer: tokenFor(t, db, newUser(t, db, "cw4", pejling.RoleCaseWorker, own))},
		{name: "AdminOwn", cookie: sess("adm", pejling.RoleAdmin, own, true), persons: true, admin: true, imports: true, muni: own},
		{name: "AdminOwnToken", bearer: tokenFor(t, db, newUser(t, db, "adm2", pejling.RoleAdmin, own)), imports: true},
		{name: "AdminNational", cookie: sess("adm3", pejling.RoleAdmin, 0, true), admin: true, imports: true},
	}
	ownPerson := personIn(t, db, own)
	routes := web.Routes()
	// Signing out ends the callers' sessions: it goes last.
	slices.SortStableFunc(routes, func(a, b web.Route) int {
		last := func(r web.Route) int {
			if strings.HasSuffix(r.Pattern, "/logud") {
				return 1
			}
			return 0
		}
		return cmp.Compare(last(a), last(b))
	})
	if len(routes) < 10 {
		t.Fatalf("only %d routes", len(routes))
	}
	checked := 0
	for _, r := range routes {
		method, _, _ := strings.Cut(r.Pattern, " ")
		path := strings.NewReplacer("{$}", "", "{code}", "101", "{id}", ownPerson, "{team}", "1").Replace(r.Path())
		if strings.HasSuffix(path, "/static/") {
			path += "style.css"
		}
		for _, c := range callers {
			t.Run(strings.ReplaceAll(r.Pattern, "/", "_")+"/"+c.name, func(t *testing.T) {
				checked++
				q := url.Values{"purpose": {"matrix test"}, "person": {ownPerson}}
				var body io.Reader
				target := ts.URL + path + "?" + q.Encode()
				if method == "POST" {
					body, target = strings.NewReader("lang=en&next=/"), ts.URL+path
				}
				req, _ := http.NewRequest(method, target, body)
				if method == "POST" {
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				}
				if c.cookie != "" {
					req.AddCookie(&http.Cookie{Name: "pejling_session", Value: c.cookie})
				}
				if c.bearer != "" {
					req.Header.Set("Authorization", "Bearer "+c.bearer)
				}
				res, err := noRedirect.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				loc := res.Header.Get("Location")
				toSignin := res.StatusCode == 303 && strings.HasPrefix(loc, "/logind?next=")
				toCode := res.StatusCode == 303 && strings.HasPrefix(loc, "/logind/kode?next=")
				refused := res.StatusCode == 401 || res.StatusCode == 403 || toSignin || toCode
				var want string
				switch {
				case r.Access == web.Public:
					// The code page needs a password first: it alone sends to sign-in.
					if res.StatusCode == 403 || toCode || (toSignin && !strings.HasPrefix(path, "/logind/")) {
						want = "served"
					}
				case c.anon && r.API:
					if res.StatusCode != 401 || res.Header.Get("WWW-Authenticate") == "" {
						want = "401 with WWW-Authenticate"
					}
				case c.anon:
					if !toSignin {
						want = "a redirect to /logind"
					}
				case c.pending && r.API:
					if res.StatusCode != 401 {
						want = "401"
					}
				case c.pending:
					if !toCode {
						want = "a redirect to /logind/kode"
					}
				case r.Access == web.SignedIn:
					if refused {
						want = "served"
					}
				case r.Access == web.PersonData && !c.persons, r.Access == web.Admin && !c.admin:
					if res.StatusCode != 403 {
						want = "403"
					}
				case r.Access == web.PersonData && r.Path() == "/borgere/{id}":
					// Own municipality's person: shown; another's: not found.
					if c.muni == own && res.StatusCode != 200 {
						want = "200"
					} else if c.muni != own && res.StatusCode != 404 {
						want = "404 (a person of another municipality)"
					}
				case r.Access == web.Manager && !(c.persons && c.imports):
					if res.StatusCode != 403 {
						want = "403"
					}
				case r.Access == web.Importer && !c.imports:
					if res.StatusCode != 403 {
						want = "403"
					}
				default:
					if refused || res.StatusCode >= 500 {
						want = "served"
					}
				}
				if want != "" {
					t.Errorf("%s %s as %s: status %d (Location %q), want %s\n%.300s", method, path, c.name, res.StatusCode, loc, want, b)
				}
				if res.StatusCode == 200 && r.Access != web.Public && res.Header.Get("Cache-Control") != "no-store" {
					t.Errorf("a signed-in answer may be cached: Cache-Control %q", res.Header.Get("Cache-Control"))
				}
				for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
					if res.Header.Get(h) == "" {
						t.Errorf("header %s missing", h)
					}
				}
			})
		}
	}
	t.Logf("%d routes × %d callers = %d requests checked", len(routes), len(callers), checked)
	if checked != len(routes)*len(callers) {
		t.Errorf("checked %d of %d", checked, len(routes)*len(callers))
	}
}

// TestSecurityHeaders checks the headers on a public page and on an error.
func TestSecurityHeaders(t *testing.T) {
	ts, _, _ := newSecureServer(t)
	for _, path := range []string{"/logind", "/nope", "/api/v1/openapi.json"} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'none'", "frame-ancestors 'none'", "form-action 'self'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, res.Header)
		}
	}
}
