package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// newPagesServer serves the small demo store with the municipality pages.
func newPagesServer(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "p.db")
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
	srv.Bench = db
	return serveSignedIn(t, srv, db), dsn
}

func getWith(t *testing.T, u string, header map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestDashboard(t *testing.T) {
	ts, dsn := newPagesServer(t)
	code, body := getWith(t, ts.URL+"/kommuner", nil)
	if code != 200 || strings.Count(body, `href="/kommuner/`) != 98 {
		t.Fatalf("municipalities: %d, %d links", code, strings.Count(body, `href="/kommuner/`))
	}
	code, body = getWith(t, ts.URL+"/kommuner/779?period=2024", nil)
	if code != 200 {
		t.Fatalf("dashboard: %d %s", code, body)
	}
	// Danish by default, with Danish numbers: the activation rate as the CLI computes it.
	if !strings.Contains(body, `<html lang="da">`) || !strings.Contains(body, "Nøgletal") {
		t.Error("the page is not Danish by default")
	}
	var figs struct {
		Rows []struct {
			Figure string   `json:"figure"`
			Value  *float64 `json:"value"`
		}
	}
	out := pejlingCLI(t, "figures", "--db", dsn, "--from", "2024-01-01", "--to", "2024-12-31", "--municipality", "779", "--group", "all", "--format", "json")
	if err := json.Unmarshal([]byte(out), &figs.Rows); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range figs.Rows {
		if r.Value == nil {
			continue
		}
		row := body[strings.Index(body, `id="fig-`+r.Figure+`"`)+1:]
		if strings.Index(body, `id="fig-`+r.Figure+`"`) < 0 {
			continue // a figure the dashboard does not show (counts other than the four)
		}
		row = row[:strings.Index(row, "</tr>")]
		if want := locale.Danish.FigureValue(r.Figure, *r.Value); !strings.Contains(row, ">"+want+"<") {
			t.Errorf("%s: the row %q does not show %s", r.Figure, row, want)
		}
		checked++
	}
	if checked < 12 {
		t.Errorf("only %d figures checked against the CLI", checked)
	}
	// The activation rate explained on click: its formula with the actual numerator and
	// denominator of the CLI's figures.
	value := map[string]float64{}
	for _, r := range figs.Rows {
		if r.Value != nil {
			value[r.Figure] = *r.Value
		}
	}
	row := body[strings.Index(body, `id="fig-activation_rate"`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{"<details", "fuldtidsaktiverede / fuldtidspersoner",
		"fuldtidsaktiverede " + locale.Danish.FigureValue("full_time_activated", value["full_time_activated"]),
		"fuldtidspersoner " + locale.Danish.FigureValue("full_time_persons", value["full_time_persons"])} {
		if !strings.Contains(row, want) {
			t.Errorf("the explanation lacks %q:\n%s", want, row)
		}
	}
	// The table downloads, with the CLI's numbers.
	for _, format := range []string{"csv", "csv-da", "xlsx"} {
		res, err := http.Get(ts.URL + "/kommuner/779?period=2024&format=" + format)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || len(b) < 100 {
			t.Errorf("%s: %d %q", format, res.StatusCode, res.Header.Get("Content-Disposition"))
		}
		if format == "csv" {
			recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
			if err != nil || recs[0][0] != "figure" {
				t.Fatalf("csv: %v %v", err, recs)
			}
			for _, rec := range recs[1:] {
				if rec[0] == "activation_rate" && rec[2] != strconv.FormatFloat(math.Round(value["activation_rate"]*1e4)/1e4, 'f', 4, 64) {
					t.Errorf("activation_rate %s in the CSV, the CLI says %v", rec[2], value["activation_rate"])
				}
			}
		}
	}
	if code, _ := getWith(t, ts.URL+"/kommuner/779?format=pdf", nil); code != 400 {
		t.Errorf("unknown format: %d", code)
	}
	// The peers are those of pejling benchmark peers.
	rows, err := csv.NewReader(strings.NewReader(pejlingCLI(t, "benchmark", "peers", "--db", dsn, "--municipality", "779", "--period", "2024", "--format", "csv"))).ReadAll()
	if err != nil || len(rows) != 6 {
		t.Fatalf("peers CSV: %v %d", err, len(rows))
	}
	for _, r := range rows[1:] {
		if !strings.Contains(body, r[5]) {
			t.Errorf("peer %s is not on the page", r[5])
		}
	}
	if !strings.Contains(body, "<svg") || !strings.Contains(body, `role="img"`) {
		t.Error("no trend chart")
	}
	// English when the browser asks for it.
	if _, en := getWith(t, ts.URL+"/kommuner/779", map[string]string{"Accept-Language": "en-GB,en;q=0.9"}); !strings.Contains(en, "Key figures") || !strings.Contains(en, `lang="en"`) {
		t.Error("no English for Accept-Language en")
	}
	// A group.
	if code, body := getWith(t, ts.URL+"/kommuner/779?period=2024&group=KTH", nil); code != 200 || strings.Contains(body, `id="fig-public_support_rate"`) {
		t.Errorf("group KTH: %d, or it shows an all-groups-only figure", code)
	}
}

func TestDashboardBadInput(t *testing.T) {
	ts, dsn := newPagesServer(t)
	before, _ := os.ReadFile(dsn)
	for _, c := range []struct {
		path string
		code int
	}{
		{"/kommuner/9999", 404}, {"/kommuner/abc", 404}, {"/kommuner/" + strings.Repeat("1", 5000), 404},
		{"/kommuner/779?period=2024Q5", 400}, {"/kommuner/779?period=1990", 400},
		{"/kommuner/779?group=%3Cscript%3Ealert(1)%3C/script%3E", 400}, {"/kommuner/779?group=XYZ", 400},
		{"/kommuner/779?period=" + url.QueryEscape("' OR 1=1 --"), 400}, {"/kommuner/779?period=" + strings.Repeat("9", 10000), 400},
		{"/kommuner/..%2F..%2Fetc%2Fpasswd", 404},
	} {
		code, body := getWith(t, ts.URL+c.path, nil)
		if code != c.code {
			t.Errorf("%.80s: %d, want %d", c.path, code, c.code)
		}
		if strings.Contains(body, "<script>") || len(body) > 2000 {
			t.Errorf("%.80s: the answer echoes the input: %.200s", c.path, body)
		}
	}
	after, _ := os.ReadFile(dsn)
	if string(before) != string(after) {
		t.Error("a bad request changed the store")
	}
}

func TestLanguageSwitch(t *testing.T) {
	ts, _ := newPagesServer(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for next, want := range map[string]string{
		"/kommuner/779?period=2024": "/kommuner/779?period=2024",
		"//evil.example/":           "/", "https://evil.example/": "/", `/\evil.example`: "/", "": "/", "javascript:alert(1)": "/",
	} {
		resp, err := client.PostForm(ts.URL+"/sprog", url.Values{"lang": {"en"}, "next": {next}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("next %q: %d to %q, want %q", next, resp.StatusCode, resp.Header.Get("Location"), want)
		}
		if c := resp.Cookies(); len(c) != 1 || c[0].Value != "en" || !c[0].HttpOnly {
			t.Errorf("cookie %v", c)
		}
	}
	// The cookie wins over the browser's language.
	req, _ := http.NewRequest("GET", ts.URL+"/kommuner/779", nil)
	req.AddCookie(&http.Cookie{Name: "pejling_lang", Value: "en"})
	req.Header.Set("Accept-Language", "da")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "Key figures") {
		t.Error("the language cookie did not choose English")
	}
	if resp, err := client.PostForm(ts.URL+"/sprog", url.Values{"lang": {"fr"}}); err != nil || resp.StatusCode != 400 {
		t.Errorf("lang fr: %v %d", err, resp.StatusCode)
	}
}

func TestDashboardInBrowser(t *testing.T) {
	ts, _ := newPagesServer(t)
	shot := filepath.Join(t.TempDir(), "dashboard.png")
	if dir := os.Getenv("PEJLING_SCREENSHOTS"); dir != "" {
		shot = filepath.Join(dir, "dashboard.png")
	}
	dom := browse(t, ts.URL+"/kommuner/779?period=2024", shot)
	// Headless Chromium asks for English or Danish depending on the machine's locale.
	for _, want := range [][]string{{"Skive"}, {"<svg"}, {"Placering", "Rank"}, {"Hvorfor disse kommuner?", "Why these municipalities?"}} {
		if !strings.Contains(dom, want[0]) && (len(want) == 1 || !strings.Contains(dom, want[1])) {
			t.Errorf("the rendered page lacks %q", want)
		}
	}
}
