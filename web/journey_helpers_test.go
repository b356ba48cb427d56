package web_test

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/browser"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// journey is a week of employer service: the demo data set imported into a fresh store,
// served as pejling serve serves it, on a clock the test moves, with a Chromium that
// signs in as whichever user acts (one page; the session cookie is swapped).
type journey struct {
	t    *testing.T
	dsn  string
	name string // "sqlite" or "postgres": part of the screenshots' names
	ctx  context.Context
	ts   *httptest.Server
	db   *sqldb.DB
	page *browser.Page

	lapped time.Time // the end of the last lap (lap)

	mu      sync.Mutex
	now     time.Time
	cookies map[int64]string
}

// newJourney imports the demo data into dsn (with its figure set, as pejling import
// does), serves the store with every employer-service part wired as in pejling serve,
// and starts Chromium.
func newJourney(t *testing.T, name, dsn string, start time.Time) *journey {
	t.Helper()
	bin := chromium(t)
	pejlingCLI(t, "import", "--quiet", "--db", dsn, demoData(t))
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	j := &journey{t: t, name: name, dsn: dsn, db: db, now: start, cookies: map[int64]string{}}
	db.Now = j.clock
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Bench, srv.Users, srv.Persons, srv.Imports = db, db, db, db
	srv.Companies, srv.Orders, srv.Slots = db, db, db
	srv.Profiles, srv.Progression = db, db
	srv.Placements, srv.Teams = db, db
	srv.Now = j.clock
	j.ts = httptest.NewServer(srv)
	t.Cleanup(j.ts.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	t.Cleanup(cancel)
	j.ctx = ctx
	b, err := browser.Start(ctx, browser.Options{Bin: bin, Width: 1280, Height: 900})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	if j.page, err = b.NewPage(ctx); err != nil {
		t.Fatal(err)
	}
	// English pages, so that the test reads the rule's own words.
	if err := j.page.SetCookie(ctx, browser.Cookie{Name: "pejling_lang", Value: "en", URL: j.ts.URL}); err != nil {
		t.Fatal(err)
	}
	return j
}

func (j *journey) clock() time.Time {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.now
}

// at moves the clock; the sessions of the day before have gone idle, so users sign in
// anew (a verified session each, made at the new time).
func (j *journey) at(t time.Time) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.now, j.cookies = t, map[int64]string{}
}

func (j *journey) cookie(u *pejling.User) string {
	j.mu.Lock()
	c, ok := j.cookies[u.ID]
	j.mu.Unlock()
	if ok {
		return c
	}
	c = sessionFor(j.t, j.db, u, true)
	j.mu.Lock()
	j.cookies[u.ID] = c
	j.mu.Unlock()
	return c
}

// signIn makes the browser's page u's.
func (j *journey) signIn(u *pejling.User) {
	j.t.Helper()
	if err := j.page.SetCookie(j.ctx, browser.Cookie{Name: "pejling_session", Value: j.cookie(u), URL: j.ts.URL, HTTPOnly: true}); err != nil {
		j.t.Fatal(err)
	}
}

// view opens path in Chromium as u and returns the DOM; the status must be want.
func (j *journey) view(u *pejling.User, path string, want int) string {
	j.t.Helper()
	j.signIn(u)
	status, err := j.page.Navigate(j.ctx, j.ts.URL+path)
	if err != nil {
		j.t.Fatalf("%s: %v", path, err)
	}
	html, err := j.page.HTML(j.ctx)
	if err != nil {
		j.t.Fatal(err)
	}
	if status != want {
		j.t.Fatalf("GET %s as %s: status %d, want %d\n%.1500s", path, u.Name, status, want, pageText(html))
	}
	return html
}

// submit fills in and submits the form matched by selector on the page shown, as u
// would by clicking, and returns the DOM of the page that follows (status want).
func (j *journey) submit(u *pejling.User, selector string, fields map[string]string, want int) string {
	j.t.Helper()
	j.signIn(u)
	status, err := j.page.Submit(j.ctx, selector, fields)
	if err != nil {
		j.t.Fatalf("submit %s: %v", selector, err)
	}
	html, err := j.page.HTML(j.ctx)
	if err != nil {
		j.t.Fatal(err)
	}
	if status != want {
		j.t.Fatalf("submit %s as %s: status %d, want %d\n%.1500s", selector, u.Name, status, want, pageText(html))
	}
	return html
}

// post sends a form as u over HTTP (for the forms whose button carries the value) and
// returns status, body and Location.
func (j *journey) post(u *pejling.User, path string, form url.Values) (int, string, string) {
	j.t.Helper()
	req, err := http.NewRequest("POST", j.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		j.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "en")
	req.AddCookie(&http.Cookie{Name: "pejling_session", Value: j.cookie(u)})
	res, err := noRedirect.Do(req)
	if err != nil {
		j.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// mustPost posts and wants 303 See Other; it returns the Location.
func (j *journey) mustPost(u *pejling.User, path string, form url.Values) string {
	j.t.Helper()
	st, body, loc := j.post(u, path, form)
	if st != http.StatusSeeOther {
		j.t.Fatalf("POST %s as %s: %d\n%.1500s", path, u.Name, st, pageText(body))
	}
	return loc
}

// getJSON reads an API answer as u.
func (j *journey) getJSON(u *pejling.User, path string, out any) {
	j.t.Helper()
	req, err := http.NewRequest("GET", j.ts.URL+path, nil)
	if err != nil {
		j.t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "pejling_session", Value: j.cookie(u)})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		j.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		j.t.Fatalf("GET %s: %d %.500s", path, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, out); err != nil {
		j.t.Fatalf("GET %s: %v", path, err)
	}
}

// shot saves the page shown as /tmp/pejling-shots/journey-<db>-<day>.png.
func (j *journey) shot(day string) {
	j.t.Helper()
	shot(j.t, j.ctx, j.page, "journey-"+j.name+"-"+day)
}

// placementsStarted reads placements_started of municipality 101, all groups, for the
// month of day from the API (the stored figure set); -1 when empty.
func (j *journey) placementsStarted(u *pejling.User, day pejling.Date) float64 {
	j.t.Helper()
	first := pejling.DateOf(day.Year(), day.Time().Month(), 1)
	last := pejling.DateOf(day.Year(), day.Time().Month()+1, 1) - 1
	var res struct {
		Rows []struct {
			Figure string   `json:"figure"`
			Group  string   `json:"benefit_group"`
			Value  *float64 `json:"value"`
		} `json:"rows"`
	}
	j.getJSON(u, "/api/v1/figures?"+url.Values{"municipality": {"101"}, "group": {"all"}, "figure": {"placements_started"},
		"from": {first.String()}, "to": {last.String()}, "every": {"month"}}.Encode(), &res)
	if len(res.Rows) != 1 {
		j.t.Fatalf("placements_started: %d rows, want 1", len(res.Rows))
	}
	if res.Rows[0].Value == nil {
		return -1
	}
	return *res.Rows[0].Value
}

// journeyCitizen picks a citizen of the demo data on benefit in 101 all through
// [from, to] with no activation spell near it, so that a placement there is the
// person's only one and counts. It reads the data set's files, not the store: a pass
// over the register costs much under the race detector.
func journeyCitizen(t *testing.T, from, to pejling.Date) string {
	t.Helper()
	busy := map[string]bool{}
	for _, r := range demoRows(t, "activation_spells.csv") {
		start, end := pejling.MustParseDate(r[4]), pejling.Forever
		if r[5] != "" {
			end = pejling.MustParseDate(r[5])
		}
		if start <= to+60 && from-60 <= end {
			busy[r[0]] = true
		}
	}
	for _, r := range demoRows(t, "benefit_spells.csv") {
		start, end := pejling.MustParseDate(r[4]), pejling.Forever
		if r[5] != "" {
			end = pejling.MustParseDate(r[5])
		}
		if r[1] == "101" && start <= from && to <= end && !busy[r[0]] {
			return r[0]
		}
	}
	t.Fatalf("no citizen of 101 on benefit %s–%s in the demo data", from, to)
	return ""
}

// demoRows reads a file of the demo data set, without its header.
func demoRows(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(demoData(t), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// journeyCompany is a company of 101 in the demo data's register (companies.csv).
func journeyCompany(t *testing.T) (cvr, name string) {
	t.Helper()
	for _, r := range demoRows(t, "companies.csv") {
		if r[2] == "101" {
			return r[0], r[1]
		}
	}
	t.Fatal("no company of 101 in the demo data")
	return "", ""
}

var (
	tagRe   = regexp.MustCompile(`(?s)<style.*?</style>|<script.*?</script>|<[^>]+>`)
	spaceRe = regexp.MustCompile(`\s+`)
)

// pageText is the visible text of html, in one line (for messages and assertions).
func pageText(html string) string {
	return strings.TrimSpace(spaceRe.ReplaceAllString(tagRe.ReplaceAllString(html, " "), " "))
}

// lap logs the time since the last lap, so that a slow step shows in the log.
func (j *journey) lap(what string) {
	now := time.Now()
	if !j.lapped.IsZero() {
		j.t.Logf("%s: %s took %v", j.name, what, now.Sub(j.lapped).Round(time.Millisecond))
	}
	j.lapped = now
}

// serveOnce starts pejling serve on the journey's store, as an operator would, and stops
// it once it serves: at its start it refreshes the figure set (RefreshFigureSet) when
// the newest import or the placements changed since. The command is built without the
// race detector, so that the refresh of the demo data's 127 periods takes seconds and
// not minutes when the tests run with -race.
func (j *journey) serveOnce() string {
	j.t.Helper()
	cmd := exec.Command(pejlingBin(j.t), "serve", "--db", j.dsn, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "PEJLING_DB=")
	out, err := cmd.StdoutPipe()
	if err != nil {
		j.t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		j.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var said strings.Builder
	sc := bufio.NewScanner(out)
	serving := false
	for sc.Scan() {
		said.WriteString(sc.Text() + "\n")
		if strings.HasPrefix(sc.Text(), "Pejling is serving on") {
			serving = true
			break
		}
	}
	cmd.Process.Signal(os.Interrupt)
	go io.Copy(io.Discard, out)
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
	}
	if !serving {
		j.t.Fatalf("pejling serve did not start:\n%s%s", said.String(), stderr.String())
	}
	return said.String()
}
