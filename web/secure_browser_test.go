package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/browser"
)

// shot saves a full-page screenshot of the page under /tmp/pejling-shots/ (to look at).
func shot(t *testing.T, ctx context.Context, p *browser.Page, name string) {
	t.Helper()
	png, err := p.Screenshot(ctx)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join(os.TempDir(), "pejling-shots")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSigninInBrowser goes the whole way in headless Chromium, as a case worker would:
// the sign-in form, the enrolment of the second factor with the key shown, a search
// with a purpose, a citizen's page; then an admin finds both look-ups in the audit log.
func TestSigninInBrowser(t *testing.T) {
	bin := chromium(t)
	ts, _, db := newSecureServer(t)
	newUser(t, db, "cw", pejling.RoleCaseWorker, 101)
	newUser(t, db, "admin", pejling.RoleAdmin, 101)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Each user signs in in a browser of its own: pages of one browser share cookies.
	signIn := func(name string) *browser.Page {
		b, err := browser.Start(ctx, browser.Options{Bin: bin, Width: 1280, Height: 900})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		p, err := b.NewPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if status, err := p.Navigate(ctx, ts.URL+"/borgere"); err != nil || status != 200 {
			t.Fatalf("sign-in page: %d %v", status, err) // after the redirect to /logind
		}
		if name == "cw" {
			shot(t, ctx, p, "signin")
		}
		if status, err := p.Submit(ctx, "#signin", map[string]string{"name": name, "password": testPassword}); err != nil || status != 200 {
			t.Fatalf("password: %d %v", status, err)
		}
		var key string
		if err := p.Eval(ctx, `document.getElementById("totp-key").textContent`, &key); err != nil {
			t.Fatal(err)
		}
		if name == "cw" {
			shot(t, ctx, p, "enrol")
		}
		code, err := auth.TOTPCode(strings.ReplaceAll(key, " ", ""), auth.TOTPStep(time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if status, err := p.Submit(ctx, "#code", map[string]string{"code": code}); err != nil || status != 200 {
			t.Fatalf("code: %d %v", status, err)
		}
		return p
	}

	p := signIn("cw")
	html, _ := p.HTML(ctx)
	if !strings.Contains(html, `id="search"`) || !strings.Contains(html, ">cw<") {
		t.Fatalf("not on the citizen search after signing in:\n%.600s", html)
	}
	if status, err := p.Submit(ctx, "#search", map[string]string{"group": "KTH", "purpose": "sag 2026-117"}); err != nil || status != 200 {
		t.Fatalf("search: %d %v", status, err)
	}
	html, _ = p.HTML(ctx)
	if !strings.Contains(html, `id="hits"`) {
		t.Fatalf("no hits:\n%.800s", html)
	}
	shot(t, ctx, p, "persons")
	var href string
	if err := p.Eval(ctx, `document.querySelector("#hits a").href`, &href); err != nil {
		t.Fatal(err)
	}
	if status, err := p.Navigate(ctx, href); err != nil || status != 200 {
		t.Fatalf("citizen page: %d %v", status, err)
	}
	html, _ = p.HTML(ctx)
	if !strings.Contains(html, `id="benefit"`) || !strings.Contains(html, "sag 2026-117") {
		t.Fatalf("citizen page:\n%.800s", html)
	}
	shot(t, ctx, p, "person")

	a := signIn("admin")
	if status, err := a.Navigate(ctx, ts.URL+"/admin/log"); err != nil || status != 200 {
		t.Fatalf("audit log: %d %v", status, err)
	}
	html, _ = a.HTML(ctx)
	if strings.Count(html, "sag 2026-117") != 2 || !strings.Contains(html, `group="KTH"`) || !strings.Contains(html, "<td>GET /borgere/P") {
		t.Errorf("the audit log lacks the search and the read:\n%s", html[strings.Index(html, "<main>"):])
	}
	shot(t, ctx, a, "auditlog")
	// Sign out: back to the sign-in page, and the log is closed.
	if status, err := a.Submit(ctx, "form.signout", nil); err != nil || status != 200 {
		t.Fatalf("sign-out: %d %v", status, err)
	}
	if status, _ := a.Navigate(ctx, ts.URL+"/admin/log"); status != 200 {
		t.Fatalf("after sign-out: %d", status)
	}
	if html, _ = a.HTML(ctx); !strings.Contains(html, `id="signin"`) {
		t.Error("the audit log opened after sign-out")
	}
}

// TestFactsheetInBrowser screenshots the fact sheet page.
func TestFactsheetInBrowser(t *testing.T) {
	chromium(t)
	ts, _ := newPagesServer(t)
	dir := filepath.Join(os.TempDir(), "pejling-shots")
	os.MkdirAll(dir, 0o755)
	dom := browse(t, ts.URL+"/kommuner/751/faktaark?period=2024&reference=101", filepath.Join(dir, "factsheet.png"))
	if !strings.Contains(dom, "· Aarhus") || !strings.Contains(dom, "<svg") {
		t.Errorf("fact sheet in the browser:\n%.500s", dom)
	}
}

// TestDashboardExplainInBrowser opens a figure's explanation as a click would and
// screenshots the dashboard with it.
func TestDashboardExplainInBrowser(t *testing.T) {
	bin := chromium(t)
	ts, _ := newPagesServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b, err := browser.Start(ctx, browser.Options{Bin: bin, Width: 1280, Height: 1000})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, err := b.NewPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if status, err := p.Navigate(ctx, ts.URL+"/kommuner/779?period=2024"); err != nil || status != 200 {
		t.Fatalf("dashboard: %d %v", status, err)
	}
	var text string
	if err := p.Eval(ctx, `(() => { const d = document.querySelector("#fig-activation_rate details"); d.querySelector("summary").click(); return d.open ? d.innerText : ""; })()`, &text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "/") || !strings.Contains(text, "=") {
		t.Errorf("the explanation did not open: %q", text)
	}
	shot(t, ctx, p, "dashboard-explain")
}

// TestJourneyInBrowser walks the browser journey in headless Chromium with real
// sign-ins: a politician signs in, opens a dashboard, switches the language, changes
// period and group, opens the fact sheet and downloads its PDF (a PDF titled with the
// municipality's name), and is refused a citizen's page; a case worker of another
// municipality does not find that citizen; an analyst uploads a bad data set and sees
// its errors, with nothing changed.
func TestJourneyInBrowser(t *testing.T) {
	bin := chromium(t)
	ts, _, db := newSecureServer(t)
	newUser(t, db, "pol", pejling.RolePolitician, 751)
	newUser(t, db, "cw147", pejling.RoleCaseWorker, 147)
	newUser(t, db, "ana", pejling.RoleAnalyst, 751)
	person := personIn(t, db, 751)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	start := func() *browser.Page {
		b, err := browser.Start(ctx, browser.Options{Bin: bin, Width: 1280, Height: 900})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		p, err := b.NewPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	eval := func(p *browser.Page, js string) string {
		t.Helper()
		var s string
		if err := p.Eval(ctx, js, &s); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	// waitFor polls until js is true (after a click that navigates).
	waitFor := func(p *browser.Page, js string) {
		t.Helper()
		for range 100 {
			var ok bool
			if p.Eval(ctx, js, &ok) == nil && ok {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Fatalf("never true: %s", js)
	}
	signIn := func(p *browser.Page, name, next string) {
		t.Helper()
		if status, err := p.Navigate(ctx, ts.URL+next); err != nil || status != 200 {
			t.Fatalf("%s: %d %v", next, status, err)
		}
		if status, err := p.Submit(ctx, "#signin", map[string]string{"name": name, "password": testPassword}); err != nil || status != 200 {
			t.Fatalf("sign-in as %s: %d %v", name, status, err)
		}
		if eval(p, `document.getElementById("totp-key") ? document.getElementById("totp-key").textContent : ""`) != "" {
			key := strings.ReplaceAll(eval(p, `document.getElementById("totp-key").textContent`), " ", "")
			code, _ := auth.TOTPCode(key, auth.TOTPStep(time.Now()))
			if status, err := p.Submit(ctx, "#code", map[string]string{"code": code}); err != nil || status != 200 {
				t.Fatalf("code of %s: %d %v", name, status, err)
			}
		}
	}

	// The politician.
	p := start()
	signIn(p, "pol", "/kommuner/751")
	if h1 := eval(p, `document.querySelector("h1").textContent`); !strings.HasPrefix(h1, "Aarhus") {
		t.Fatalf("not on Aarhus's dashboard: %q", h1)
	}
	lang := eval(p, `document.documentElement.lang`)
	eval(p, `(document.querySelector("form.lang button").click(), "")`)
	waitFor(p, `document.documentElement.lang !== "`+lang+`" && document.readyState === "complete"`)
	if eval(p, `document.documentElement.lang`) != "da" && lang != "da" {
		t.Errorf("the switch did not change the language from %s", lang)
	}
	if status, err := p.Submit(ctx, "main form.filters", map[string]string{"period": "2023", "group": "KTH"}); err != nil || status != 200 {
		t.Fatalf("period and group: %d %v", status, err)
	}
	if got := eval(p, `location.search`); !strings.Contains(got, "period=2023") || !strings.Contains(got, "group=KTH") {
		t.Errorf("the filter went to %q", got)
	}
	if !strings.Contains(eval(p, `document.querySelector("h1").textContent`), "2023") {
		t.Error("the dashboard does not show 2023")
	}
	shot(t, ctx, p, "journey-dashboard")
	if status, err := p.Navigate(ctx, eval(p, `[...document.querySelectorAll("a")].find(a => a.href.includes("/faktaark")).href`)); err != nil || status != 200 {
		t.Fatalf("fact sheet: %d %v", status, err)
	}
	if !strings.Contains(eval(p, `document.querySelector("h1").textContent`), "Aarhus") {
		t.Error("the fact sheet is not Aarhus's")
	}
	shot(t, ctx, p, "journey-factsheet")
	// The PDF, fetched by the browser with its session, as the PDF link does.
	pdf := eval(p, `fetch(document.querySelector('a[href*="faktaark.pdf"]').href).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status)).then(b => { let s = ""; for (const x of new Uint8Array(b)) s += String.fromCharCode(x); return s; })`)
	if !strings.HasPrefix(pdf, "%PDF-") || !pdfHasTitleWord([]byte(pdf), "Aarhus") {
		t.Errorf("the download is not the PDF of Aarhus's fact sheet: %.80q … title %q", pdf, pdfTitle([]byte(pdf)))
	}
	if status, _ := p.Navigate(ctx, ts.URL+"/borgere/"+person+"?purpose=test"); status != 403 {
		t.Errorf("a politician opened a citizen's page: %d", status)
	}

	// A case worker of another municipality.
	c := start()
	signIn(c, "cw147", "/borgere")
	if status, _ := c.Navigate(ctx, ts.URL+"/borgere/"+person+"?purpose=sag+1"); status != 404 {
		t.Errorf("a case worker of 147 opened a person of 751: %d", status)
	}

	// An analyst uploads a bad data set.
	a := start()
	signIn(a, "ana", "/data/import")
	before, err := db.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eval(a, `(() => {
		const dt = new DataTransfer();
		dt.items.add(new File(['{"as_of": "2025-12-31", "name": "bad"}'], "dataset.json"));
		dt.items.add(new File(["person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\nP1,751,KTH,,2024-02-30,,1\n"], "benefit_spells.csv"));
		document.querySelector('#upload input[type=file]').files = dt.files;
		return "";
	})()`)
	if status, err := a.Submit(ctx, "#upload", nil); err != nil || status != 400 {
		t.Fatalf("bad upload: %d %v", status, err)
	}
	if got := eval(a, `document.querySelector("main").innerText`); !strings.Contains(got, "benefit_spells.csv") || !strings.Contains(got, "2024-02-30") {
		t.Errorf("the errors are not shown:\n%s", got)
	}
	shot(t, ctx, a, "journey-import-errors")
	after, err := db.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("the store changed: %v → %v", before, after)
	}
}

// pdfHasTitleWord reports whether the PDF's title holds word, in either encoding.
func pdfHasTitleWord(pdf []byte, word string) bool {
	raw := pdfTitle(pdf)
	if strings.Contains(raw, word) {
		return true
	}
	var hexed strings.Builder
	for _, r := range word {
		fmt.Fprintf(&hexed, "%04X", r)
	}
	return strings.Contains(strings.ToUpper(raw), hexed.String())
}
