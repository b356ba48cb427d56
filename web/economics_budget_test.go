package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
