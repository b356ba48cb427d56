package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/web"
)

type fakeStatus struct {
	st  pejling.StoreStatus
	err error
}

func (f fakeStatus) Status(context.Context) (pejling.StoreStatus, error) { return f.st, f.err }

func newServer(t *testing.T, s web.StatusService) *httptest.Server {
	t.Helper()
	srv, err := web.NewServer(s, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return serveSignedIn(t, srv, nil)
}

var loaded = pejling.StoreStatus{
	AsOf: pejling.MustParseDate("2025-06-30"), Name: "Pejling national demo data",
	Tables:  []pejling.TableCount{{Table: "benefit_spells", Rows: 912345}, {Table: "companies", Rows: 12}},
	Imports: []pejling.Import{{ID: 1, Source: "demo-data", AsOf: pejling.MustParseDate("2025-06-30"), Rows: 912357}},
}

func TestHome(t *testing.T) {
	t.Run("Loaded", func(t *testing.T) {
		ts := newServer(t, fakeStatus{st: loaded})
		res, err := http.Get(ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
		}
		for _, want := range []string{"30-06-2025", "912.345", "Ydelsesforløb", `lang="da"`} {
			if !strings.Contains(string(body), want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})
	t.Run("StoreFails", func(t *testing.T) {
		ts := newServer(t, fakeStatus{err: io.ErrUnexpectedEOF})
		res, err := http.Get(ts.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 500 || strings.Contains(string(body), "unexpected EOF") {
			t.Fatalf("status %d, body %s: internal errors must not leak", res.StatusCode, body)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		ts := newServer(t, fakeStatus{st: loaded})
		for _, path := range []string{"/nope", "/api/v1/nope", "/../../etc/passwd", "/%00"} {
			res, err := http.Get(ts.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 404 && res.StatusCode != 400 {
				t.Errorf("%s: status %d", path, res.StatusCode)
			}
		}
		req, _ := http.NewRequest("POST", ts.URL+"/", strings.NewReader("x"))
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST /: status %d", res.StatusCode)
		}
	})
}

func TestAPIStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		st   pejling.StoreStatus
		asOf any
	}{{"Loaded", loaded, "2025-06-30"}, {"Empty", pejling.StoreStatus{}, nil}} {
		t.Run(tc.name, func(t *testing.T) {
			ts := newServer(t, fakeStatus{st: tc.st})
			res, err := http.Get(ts.URL + "/api/v1/status")
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var got map[string]any
			if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if got["as_of"] != tc.asOf {
				t.Fatalf("as_of = %v, want %v", got["as_of"], tc.asOf)
			}
		})
	}
}

// TestHomeInBrowser renders the start page in headless Chromium and keeps a screenshot
// (in PEJLING_SCREENSHOTS, when set, to look at).
func TestHomeInBrowser(t *testing.T) {
	ts := newServer(t, fakeStatus{st: loaded})
	dir := os.Getenv("PEJLING_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	dom := browse(t, ts.URL+"/", filepath.Join(dir, "home.png"))
	for _, want := range []string{"Indlæste data", "912.345", "30-06-2025"} {
		if !strings.Contains(dom, want) {
			t.Errorf("rendered page lacks %q", want)
		}
	}
}
