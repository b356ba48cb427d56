package web_test

import (
	"context"
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
