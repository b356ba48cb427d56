package browser_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"image"
	_ "image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling/browser"
)

// browserOptions returns Options for a test, skipping it when chromium is
// missing unless PEJLING_TEST_BROWSER=required.
func browserOptions(tb testing.TB) browser.Options {
	tb.Helper()
	bin, err := browser.Find()
	if err != nil {
		if os.Getenv("PEJLING_TEST_BROWSER") == "required" {
			tb.Fatal(err)
		}
		tb.Skip("browser test skipped: chromium not installed (apt-get install chromium)")
	}
	return browser.Options{Bin: bin, Timeout: 15 * time.Second}
}

// MustStart starts a browser that is closed when the test ends.
func MustStart(tb testing.TB) *browser.Browser {
	tb.Helper()
	o := browserOptions(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	b, err := browser.Start(ctx, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := b.Close(); err != nil {
			tb.Error(err)
		}
	})
	return b
}

// MustNewPage opens a page on b.
func MustNewPage(tb testing.TB, ctx context.Context, b *browser.Browser) *browser.Page {
	tb.Helper()
	p, err := b.NewPage(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// newServer serves the pages the tests drive. Its slow page waits until the
// request is cancelled or the server is shut down.
func newServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /plain", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>plain</title><h1>Plain page</h1>`)
	})
	mux.HandleFunc("GET /cookie", func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie("session")
		v := "none"
		if err == nil {
			v = c.Value
		}
		fmt.Fprintf(w, `<!doctype html><p id="cookie">%s</p>`, html.EscapeString(v))
	})
	mux.HandleFunc("GET /protected", func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("session"); err != nil || c.Value != "secret" {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		fmt.Fprint(w, `<!doctype html><style>@page{size:A4}</style><h1>Fact sheet</h1>`+
			`<p style="break-after:page">page one</p><p>page two</p>`)
	})
	mux.HandleFunc("GET /form", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><form id="f" method="post" action="/posted">`+
			`<input name="name"><textarea name="note"></textarea><button>Send</button></form>`)
	})
	mux.HandleFunc("POST /posted", func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		if r.PostFormValue("name") == "redirect" {
			http.Redirect(w, r, "/plain", http.StatusSeeOther)
			return
		}
		fmt.Fprintf(w, `<!doctype html><p id="name">%s</p><p id="note">%s</p>`,
			html.EscapeString(r.PostFormValue("name")), html.EscapeString(r.PostFormValue("note")))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	srv := httptest.NewServer(mux) // unknown paths answer 404
	tb.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv
}

func testContext(tb testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	tb.Cleanup(cancel)
	return ctx
}

func TestPage(t *testing.T) {
	b := MustStart(t)
	srv := newServer(t)

	t.Run("NavigateStatus", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		for path, want := range map[string]int{"/plain": 200, "/missing": 404} {
			status, err := p.Navigate(ctx, srv.URL+path)
			if err != nil {
				t.Fatal(err)
			}
			if status != want {
				t.Errorf("%s: status %d, want %d", path, status, want)
			}
		}
	})

	t.Run("NavigateRefused", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		if _, err := p.Navigate(ctx, "http://127.0.0.1:1/"); err == nil {
			t.Fatal("navigating to a closed port: no error")
		}
	})

	t.Run("SetCookie", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		err := p.SetCookie(ctx, browser.Cookie{Name: "session", Value: "abc123", URL: srv.URL, HTTPOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Navigate(ctx, srv.URL+"/cookie"); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := p.Eval(ctx, `document.getElementById("cookie").textContent`, &got); err != nil {
			t.Fatal(err)
		}
		if got != "abc123" {
			t.Errorf("server saw cookie %q, want abc123", got)
		}
		cookies, err := p.Cookies(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(cookies) != 1 || cookies[0].Name != "session" || !cookies[0].HTTPOnly {
			t.Errorf("Cookies = %+v", cookies)
		}
	})

	t.Run("Submit", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		if _, err := p.Navigate(ctx, srv.URL+"/form"); err != nil {
			t.Fatal(err)
		}
		status, err := p.Submit(ctx, "#f", map[string]string{"name": `Åsa "Ö"`, "note": "line <b>"})
		if err != nil {
			t.Fatal(err)
		}
		if status != 200 {
			t.Errorf("status %d, want 200", status)
		}
		doc, err := p.HTML(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`<p id="name">Åsa "Ö"</p>`, `<p id="note">line &lt;b&gt;</p>`} {
			if !strings.Contains(doc, want) {
				t.Errorf("result page lacks %s:\n%s", want, doc)
			}
		}
	})

	t.Run("SubmitRedirect", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		if _, err := p.Navigate(ctx, srv.URL+"/form"); err != nil {
			t.Fatal(err)
		}
		status, err := p.Submit(ctx, "#f", map[string]string{"name": "redirect"})
		if err != nil {
			t.Fatal(err)
		}
		var title string
		if err := p.Eval(ctx, "document.title", &title); err != nil {
			t.Fatal(err)
		}
		if status != 200 || title != "plain" {
			t.Errorf("after 303: status %d, title %q; want 200, plain", status, title)
		}
	})

	t.Run("SubmitMissingField", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		if _, err := p.Navigate(ctx, srv.URL+"/form"); err != nil {
			t.Fatal(err)
		}
		_, err := p.Submit(ctx, "#f", map[string]string{"nosuch": "x"})
		if err == nil || !strings.Contains(err.Error(), "nosuch") {
			t.Fatalf("err = %v, want one naming the field", err)
		}
		_, err = p.Submit(ctx, "#nosuchform", nil)
		if err == nil || !strings.Contains(err.Error(), "no form") {
			t.Fatalf("err = %v, want one about the form", err)
		}
	})

	t.Run("EvalException", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		err := p.Eval(ctx, `throw new Error("kaboom")`, nil)
		if err == nil || !strings.Contains(err.Error(), "kaboom") {
			t.Fatalf("err = %v, want one containing kaboom", err)
		}
		var n int
		if err := p.Eval(ctx, `Promise.resolve(6*7)`, &n); err != nil || n != 42 {
			t.Fatalf("awaited promise: %d, %v", n, err)
		}
	})

	t.Run("Screenshot", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		if _, err := p.Navigate(ctx, srv.URL+"/plain"); err != nil {
			t.Fatal(err)
		}
		png, err := p.Screenshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("not a PNG: % x", png[:min(len(png), 8)])
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(png))
		if err != nil || format != "png" || cfg.Width <= 0 || cfg.Height <= 0 {
			t.Fatalf("DecodeConfig = %+v, %q, %v", cfg, format, err)
		}
	})

	t.Run("PDF", func(t *testing.T) {
		ctx := testContext(t)
		p := MustNewPage(t, ctx, b)
		defer p.Close(ctx)
		p.SetCookie(ctx, browser.Cookie{Name: "session", Value: "secret", URL: srv.URL})
		if _, err := p.Navigate(ctx, srv.URL+"/protected"); err != nil {
			t.Fatal(err)
		}
		pdf, err := p.PDF(ctx, browser.PDFOptions{})
		if err != nil {
			t.Fatal(err)
		}
		checkPDF(t, pdf, 2)
	})

	t.Run("ConcurrentPages", func(t *testing.T) {
		ctx := testContext(t)
		var wg sync.WaitGroup
		errs := make(chan error, 4)
		for i := range 4 {
			wg.Go(func() {
				p, err := b.NewPage(ctx)
				if err != nil {
					errs <- err
					return
				}
				defer p.Close(ctx)
				path := "/plain"
				if i%2 == 1 {
					path = "/missing"
				}
				status, err := p.Navigate(ctx, srv.URL+path)
				if err == nil && status != map[string]int{"/plain": 200, "/missing": 404}[path] {
					err = fmt.Errorf("%s: status %d", path, status)
				}
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
	})

	t.Run("CancelSlowNavigation", func(t *testing.T) {
		p := MustNewPage(t, testContext(t), b)
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := p.Navigate(ctx, srv.URL+"/slow")
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Navigate returned after %v", d)
		}
		p.Close(testContext(t))
	})
}

// checkPDF checks the header and size of a PDF and counts its pages. Page
// objects are written uncompressed by Chromium's PDF backend (Skia), so
// "/Type /Page" can be counted; "/Type /Pages" is the page tree, not a page.
func checkPDF(tb testing.TB, pdf []byte, pages int) {
	tb.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
		tb.Fatalf("not a PDF (%d bytes): %q", len(pdf), pdf[:min(len(pdf), 16)])
	}
	n := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages"))
	if n != pages {
		tb.Errorf("PDF has %d pages, want %d", n, pages)
	}
}

func TestPrintPDF(t *testing.T) {
	o := browserOptions(t)
	srv := newServer(t)
	ctx := testContext(t)

	t.Run("SignedIn", func(t *testing.T) {
		cookies := []browser.Cookie{{Name: "session", Value: "secret", URL: srv.URL, HTTPOnly: true}}
		pdf, err := browser.PrintPDF(ctx, o, srv.URL+"/protected", cookies, browser.PDFOptions{Margin: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		checkPDF(t, pdf, 2)
	})

	t.Run("Forbidden", func(t *testing.T) {
		_, err := browser.PrintPDF(ctx, o, srv.URL+"/protected", nil, browser.PDFOptions{})
		if err == nil || !strings.Contains(err.Error(), "403") {
			t.Fatalf("err = %v, want one naming status 403", err)
		}
	})
}

func TestClosed(t *testing.T) {
	o := browserOptions(t)
	ctx := testContext(t)
	before := runtime.NumGoroutine()
	b, err := browser.Start(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() }) // in case the test fails before it closes b
	p := MustNewPage(t, ctx, b)
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	start := time.Now()
	if err := p.Eval(ctx, "1", nil); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("Eval after Close: err = %v, want one saying closed", err)
	}
	if _, err := b.NewPage(ctx); err == nil {
		t.Error("NewPage after Close: no error")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("calls after Close took %v", d)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before Start, %d after Close", before, after)
	}
}

// fakeBrowser writes an executable shell script standing in for chromium.
func fakeBrowser(tb testing.TB, script string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "chromium")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		tb.Fatal(err)
	}
	return path
}

func TestStart(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh")
	}

	t.Run("Exits", func(t *testing.T) {
		bin := fakeBrowser(t, "echo 'cannot open display: boom' >&2; exit 3")
		_, err := browser.Start(testContext(t), browser.Options{Bin: bin})
		if err == nil || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "boom") {
			t.Fatalf("err = %v, want one with the exit status and stderr", err)
		}
	})

	t.Run("Unresponsive", func(t *testing.T) {
		bin := fakeBrowser(t, "exec sleep 60")
		start := time.Now()
		_, err := browser.Start(testContext(t), browser.Options{Bin: bin, Timeout: 300 * time.Millisecond})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("Start gave up after %v", d)
		}
	})
}
