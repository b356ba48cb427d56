package web_test

import (
	"context"
	"encoding/csv"
	"html"
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

	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// newBudgetServer serves a generated register with yearly key figures (the data of
// the budget command's test).
func newBudgetServer(t *testing.T) *httptest.Server {
	t.Helper()
	dir := t.TempDir()
	data, dsn := filepath.Join(dir, "data"), filepath.Join(dir, "p.db")
	pejlingCLI(t, "generate", "--persons", "3000", "--seed", "7", "--out", data)
	pejlingCLI(t, "import", "--quiet", "--db", dsn, data)
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
	return serveSignedIn(t, srv, db)
}

func TestEconBudgetPage(t *testing.T) {
	ts := newBudgetServer(t)
	code, body := getWith(t, ts.URL+"/oekonomi/budget", nil)
	if code != 200 || !strings.Contains(body, `name="municipality"`) || strings.Contains(body, `id="budget"`) {
		t.Fatalf("form: %d", code)
	}
	code, body = getWith(t, ts.URL+"/oekonomi/budget?municipality=101&group=KTH&years=3", nil)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	if n := strings.Count(body, "<td>prognose</td>"); n != 3 {
		t.Errorf("%d forecast years, want 3", n)
	}
	if !strings.Contains(body, "<polygon") || !strings.Contains(body, "København") || !strings.Contains(body, `role="img"`) {
		t.Error("no fan chart")
	}
	for _, f := range []string{"csv", "csv-da", "xlsx"} {
		res, err := http.Get(ts.URL + "/oekonomi/budget?municipality=101&group=KTH&years=3&format=" + f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %s", f, res.StatusCode, b)
		}
		if f == "csv" && strings.Count(string(b), ",forecast,") != 3 {
			t.Errorf("csv:\n%s", b)
		}
	}
	for _, c := range []struct{ name, query, field string }{
		{"UnknownMunicipality", "municipality=999", "municipality"},
		{"HostileMunicipality", "municipality=%3Cscript%3Ex%3C%2Fscript%3E", "municipality"},
		{"BadGroup", "municipality=101&group=XYZ", "group"},
		{"YearsTooMany", "municipality=101&years=9", "years"},
		{"YearsNotNumber", "municipality=101&years=abc", "years"},
		{"Duplicated", "municipality=101&municipality=147", "municipality"},
		{"BadFormat", "municipality=101&format=pdf", "format"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := getWith(t, ts.URL+"/oekonomi/budget?"+c.query, nil)
			if code != 400 || !strings.Contains(body, c.field) || strings.Contains(body, "<script>") || strings.Contains(body, `id="budget"`) {
				t.Errorf("%d %.300s", code, body)
			}
		})
	}
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/oekonomi/budget?municipality=101&group=KTH&years=4", filepath.Join(dir, "econ-budget.png"), false)
}

// TestEconBudgetBacktest checks that the page shows the held-out back-test of
// docs/economics.md, computed from the embedded AUK01: the same median MAPEs.
func TestEconBudgetBacktest(t *testing.T) {
	ts := newBudgetServer(t)
	bt, err := economics.BacktestAUK01(2018, 2024)
	if err != nil {
		t.Fatal(err)
	}
	_, body := getWith(t, ts.URL+"/oekonomi/budget?municipality=101&group=KTH", map[string]string{"Accept-Language": "en"})
	if !strings.Contains(body, `id="backtest-table"`) || !strings.Contains(body, "2018–2024") {
		t.Fatalf("no back-test table: %.2000s", body)
	}
	for _, s := range bt.Summaries {
		switch s.Method {
		case economics.BacktestTied, economics.BacktestNaiveLast, economics.BacktestNaiveTrend, economics.BacktestNaiveLastQuarter:
			if v := strconv.FormatFloat(s.MedianMAPE, 'f', 1, 64); !strings.Contains(body, ">"+v+"<") {
				t.Errorf("%s h%d: %s not on the page", s.Method, s.Horizon, v)
			}
		}
	}
	// The national-tied forecast is the best at h1 (16.0 %) and in bold.
	if !strings.Contains(body, "<strong>16.0</strong>") {
		t.Error("h1 of the forecast not marked best")
	}
}

// TestEconBudgetInvestments lays the Hillerød case (UDH, year 1 = 2024) on a budget
// of UDH and checks the layer against economics.BudgetInvestments, the download's
// extra columns, the remove link, and bad cases.
func TestEconBudgetInvestments(t *testing.T) {
	ts := newBudgetServer(t)
	cq := hilleroedQuery().Encode()
	q := url.Values{"municipality": {"101"}, "group": {"UDH"}, "years": {"4"}, "case": {cq}}
	code, body := getWith(t, ts.URL+"/oekonomi/budget?"+q.Encode(), map[string]string{"Accept-Language": "en"})
	if code != 200 || !strings.Contains(body, `id="investment"`) || !strings.Contains(body, "Hillerød: straksaktivering af unge") {
		t.Fatalf("%d %.3000s", code, body)
	}
	// Full effect: 459 × 12.2 / 52 = 107.7 full-time persons saved; operating 0.6 mio.
	// The demo's København has about 5 full-time persons on UDH: Hillerød's 459 a year
	// save more than there are, and the page says so.
	if !strings.Contains(body, `id="exceed"`) {
		t.Error("no warning that the cases save more than the forecast holds")
	}
	if !strings.Contains(body, "<td class=\"num\">107.7</td>") || !strings.Contains(body, "<td class=\"num\">0.6</td>") {
		t.Errorf("layer: %.4000s", body)
	}
	// The hidden input carries the case through the form; the remove link drops it.
	if !strings.Contains(body, `type="hidden" name="case"`) || !strings.Contains(body, `href="/oekonomi/budget?municipality=101&amp;group=UDH&amp;years=4"`) {
		t.Error("case not carried or no remove link")
	}
	res, err := http.Get(ts.URL + "/oekonomi/budget?" + q.Encode() + "&format=csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(recs) < 2 || recs[0][len(recs[0])-1] != "with_investments_cost_dkk" {
		t.Fatalf("csv: %v %s", err, b)
	}
	for _, r := range recs[1:] {
		cost, _ := strconv.ParseFloat(r[8], 64)
		if r[1] == "history" {
			if r[11] != "" || len(r) != 16 {
				t.Errorf("history year %s has an investment: %v", r[0], r)
			}
			continue
		}
		saved, _ := strconv.ParseFloat(r[13], 64)
		oper, _ := strconv.ParseFloat(r[14], 64)
		with, _ := strconv.ParseFloat(r[15], 64)
		if y, _ := strconv.Atoi(r[0]); math.Abs(with-(cost-saved+oper)) > 0.01 || (saved <= 0) == (y <= 2027) {
			t.Errorf("%s: cost %v − saved %v + operating %v ≠ %v", r[0], cost, saved, oper, with)
		}
	}
	// The business case page links the case onto its group's budget.
	_, bcPage := getWith(t, ts.URL+"/oekonomi/businesscase?"+cq, nil)
	i := strings.Index(bcPage, `<a href="/oekonomi/budget?`)
	if i < 0 {
		t.Fatal("no link to the budget on the business case page")
	}
	href := html.UnescapeString(bcPage[i+len(`<a href="`) : i+strings.Index(bcPage[i:], `" id="budget-link"`)])
	if code, body := getWith(t, ts.URL+href+"&municipality=101", nil); code != 200 || !strings.Contains(body, "<td class=\"num\">107,7</td>") {
		t.Errorf("the link %s: %d", href, code)
	}
	other := hilleroedQuery()
	other.Set("duration_after_weeks", "30")
	many := url.Values{"municipality": {"101"}, "group": {"UDH"}}
	for range economics.BudgetMaxInvestments + 1 {
		many.Add("case", cq)
	}
	for _, c := range []struct{ name, query, want string }{
		{"OtherGroup", url.Values{"municipality": {"101"}, "group": {"KTH"}, "case": {cq}}.Encode(), "the budget&#39;s is KTH"},
		{"InvalidCase", url.Values{"municipality": {"101"}, "group": {"UDH"}, "case": {other.Encode()}}.Encode(), "duration_after_weeks"},
		{"NotACase", url.Values{"municipality": {"101"}, "group": {"UDH"}, "case": {"x=1"}}.Encode(), "case 1"},
		{"BadEscape", "municipality=101&group=UDH&case=%2525zz", "case 1"},
		{"TooMany", many.Encode(), "at most 10"},
		{"Oversized", url.Values{"municipality": {"101"}, "group": {"UDH"}, "case": {strings.Repeat("a", 17<<10)}}.Encode(), "16 KiB"},
		{"Hostile", url.Values{"municipality": {"101"}, "group": {"UDH"}, "case": {"target_group.name=<script>x</script>"}}.Encode(), "case 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := getWith(t, ts.URL+"/oekonomi/budget?"+c.query, map[string]string{"Accept-Language": "en"})
			if code != 400 || !strings.Contains(body, c.want) || strings.Contains(body, "<script>") || strings.Contains(body, `id="investment"`) {
				t.Errorf("%d %.400s", code, body)
			}
		})
	}
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/oekonomi/budget?"+q.Encode(), filepath.Join(dir, "econ-budget-investments.png"), false)
}
