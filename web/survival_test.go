package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// newSurvivalServer imports the demo data set with pejling import and serves it as
// pejling serve does (the register store set).
func newSurvivalServer(t testing.TB) (*httptest.Server, string) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "survival.db")
	pejlingCLI(t, "import", "--quiet", "--no-figures", "--db", dsn, demoData(t))
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Bench, srv.Imports = db, db
	return serveSignedIn(t, srv, nil), dsn
}

// TestSurvivalAPIEqualsCLI checks that GET /api/v1/survival answers exactly what
// pejling survival --format json writes, byte for byte.
func TestSurvivalAPIEqualsCLI(t *testing.T) {
	ts, dsn := newSurvivalServer(t)
	for _, q := range []url.Values{
		{"from": {"2022-01-01"}, "to": {"2023-12-31"}, "every": {"year"}, "by": {"group"}},
		{"from": {"2023-01-01"}, "to": {"2023-12-31"}, "every": {"quarter"}, "by": {"match_group"}},
		{"from": {"2021-01-01"}, "to": {"2022-12-31"}, "by": {"early_placement"}},
		{"from": {"2024-01-01"}, "to": {"2024-06-30"}, "every": {"month"}, "by": {"none"}},
		{"from": {"2022-01-01"}, "to": {"2022-12-31"}},
	} {
		t.Run(q.Encode(), func(t *testing.T) {
			args := []string{"survival", "--db", dsn, "--format", "json", "--cohort-from", q.Get("from"), "--cohort-to", q.Get("to")}
			if v := q.Get("every"); v != "" {
				args = append(args, "--cohort-every", v)
			}
			if v := q.Get("by"); v != "" {
				args = append(args, "--by", v)
			}
			want := pejlingCLI(t, args...)
			status, got := get(t, ts.URL+"/api/v1/survival?"+q.Encode())
			if status != 200 {
				t.Fatalf("status %d: %s", status, got)
			}
			if got != want {
				t.Errorf("the API and the CLI differ:\nAPI %.300s\nCLI %.300s", got, want)
			}
			if len(got) < 100 {
				t.Errorf("no curves: %s", got)
			}
		})
	}
}

// TestSurvivalAPIRefuses checks the 400s: missing or bad parameters, too many cohorts.
func TestSurvivalAPIRefuses(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	for name, q := range map[string]string{
		"NoTo":          "from=2022-01-01",
		"NoParams":      "",
		"BadDate":       "from=2022-13-01&to=2022-12-31",
		"Reversed":      "from=2023-01-01&to=2022-12-31",
		"Week":          "from=2022-01-01&to=2022-12-31&every=week",
		"UnknownBy":     "from=2022-01-01&to=2022-12-31&by=age",
		"Unknown":       "from=2022-01-01&to=2022-12-31&sex=f",
		"Twice":         "from=2022-01-01&to=2022-12-31&by=group&by=none",
		"TooManyMonths": "from=2020-01-01&to=2022-12-31&every=month",
	} {
		t.Run(name, func(t *testing.T) {
			status, body := get(t, ts.URL+"/api/v1/survival?"+q)
			if status != 400 || !strings.Contains(body, `"error"`) {
				t.Errorf("status %d: %s", status, body)
			}
		})
	}
}

func getPage(t testing.TB, u, lang string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	req.Header.Set("Accept-Language", lang)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

// TestSurvivalPage shows the default curves (three whole years of inflow, one cohort each, not split) in
// Danish and English, with the chart, the table and the downloads.
func TestSurvivalPage(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	status, _, page := getPage(t, ts.URL+"/overlevelse", "da")
	if status != 200 {
		t.Fatalf("status %d: %s", status, pageMain(page))
	}
	for _, want := range []string{"Varighed på offentlig forsørgelse", "<svg", "Uge 52", "Median (uger)", "format=csv-da", `value="2022-01-01"`, `value="2024-12-31"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	status, _, page = getPage(t, ts.URL+"/overlevelse?from=2023-01-01&to=2023-12-31&every=quarter&by=early_placement", "en")
	if status != 200 || !strings.Contains(page, "Time on public support") || !strings.Contains(page, "With early company placement") || !strings.Contains(page, "2023K4") && !strings.Contains(page, "2023Q4") {
		t.Errorf("status %d: %s", status, pageMain(page))
	}
	status, h, body := getPage(t, ts.URL+"/overlevelse?from=2023-01-01&to=2023-12-31&by=none&format=csv", "da")
	if status != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "cohort_first,cohort_last,by,stratum,week,at_risk") {
		t.Errorf("CSV: status %d %s: %.200s", status, h.Get("Content-Type"), body)
	}
	status, h, _ = getPage(t, ts.URL+"/overlevelse?from=2023-01-01&to=2023-12-31&by=none&format=xlsx", "da")
	if status != 200 || !strings.Contains(h.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("XLSX: status %d %s", status, h.Get("Content-Type"))
	}
	for name, q := range map[string]string{
		"TooManyLines":   "from=2020-01-01&to=2023-12-31&every=quarter&by=group",
		"BadDate":        "from=2023-02-30&to=2023-12-31",
		"ByMunicipality": "from=2023-01-01&to=2023-12-31&by=municipality",
	} {
		if status, _, page := getPage(t, ts.URL+"/overlevelse?"+q, "da"); status != 400 || !strings.Contains(page, `class="problem"`) {
			t.Errorf("%s: status %d: %s", name, status, pageMain(page))
		}
	}
}
