package web_test

import (
	"encoding/csv"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling/locale"
)

// cliRefusion runs pejling economics refusion --format json on the store at dsn.
func cliRefusion(t *testing.T, dsn string, args ...string) []map[string]any {
	t.Helper()
	var out struct {
		Rows []map[string]any `json:"rows"`
	}
	b := pejlingCLI(t, append([]string{"economics", "refusion", "--db", dsn, "--format", "json"}, args...)...)
	if err := json.Unmarshal([]byte(b), &out); err != nil {
		t.Fatalf("CLI output: %v\n%s", err, b)
	}
	return out.Rows
}

// TestEconRefusionEqualsCLI checks that the page's table (as its CSV download) holds
// exactly the rows of pejling economics refusion --format json for the same store,
// rounded as the download rounds, and that the page shows the same numbers.
func TestEconRefusionEqualsCLI(t *testing.T) {
	ts, dsn := newSurvivalServer(t)
	for _, c := range []struct{ muni, year string }{{"101", "2023"}, {"851", "2024"}, {"101", "2025"}} {
		t.Run(c.muni+"/"+c.year, func(t *testing.T) {
			want := cliRefusion(t, dsn, "--municipality", c.muni, "--year", c.year)
			if len(want) == 0 {
				t.Fatal("the CLI gives no rows")
			}
			status, _, body := getPage(t, ts.URL+"/oekonomi/refusion?"+url.Values{"municipality": {c.muni}, "year": {c.year}, "format": {"csv"}}.Encode(), "en")
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			cols := []string{"municipality", "benefit_group", "year", "gross_dkk", "reimbursement_dkk", "net_dkk", "persons", "full_time_persons", "net_per_full_time_person_dkk"}
			if strings.Join(got[0], ",") != strings.Join(cols, ",") {
				t.Fatalf("header %v", got[0])
			}
			if len(got)-1 != len(want) {
				t.Fatalf("%d rows, the CLI %d", len(got)-1, len(want))
			}
			for i, w := range want {
				for j, col := range cols {
					var s string
					switch v := w[col].(type) {
					case string:
						s = v
					case nil:
						s = ""
					case float64:
						if col == "municipality" || col == "year" || col == "persons" {
							s = strconv.Itoa(int(v))
						} else {
							s = strconv.FormatFloat(v, 'f', 2, 64)
						}
					}
					if got[i+1][j] != s {
						t.Errorf("row %d %s: page %q, CLI %q", i, col, got[i+1][j], s)
					}
				}
			}
			// The page shows the same numbers, rounded to kroner.
			_, _, html := getPage(t, ts.URL+"/oekonomi/refusion?municipality="+c.muni+"&year="+c.year, "en")
			for _, w := range want {
				for _, col := range []string{"gross_dkk", "reimbursement_dkk", "net_dkk"} {
					if s := locale.English.Number(w[col].(float64), 0); !strings.Contains(html, ">"+s+"<") {
						t.Errorf("the page lacks %s %s of %v", col, s, w["benefit_group"])
					}
				}
			}
		})
	}
}

func TestEconRefusionPage(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	for _, c := range []struct{ lang, want string }{
		{"da", "Refusion og nettoudgift"}, {"en", "Reimbursement and net cost"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			status, _, body := getPage(t, ts.URL+"/oekonomi/refusion", c.lang)
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			// A national user sees all of Denmark, the last whole year (2024: data as of 2025-06-30).
			for _, s := range []string{c.want, `id="refusion"`, "<svg", `value="all" selected`, `value="2024" selected`, "80 %", "20 %", "format=xlsx"} {
				if !strings.Contains(body, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
		})
	}
	t.Run("Downloads", func(t *testing.T) {
		for _, f := range []string{"csv", "csv-da", "xlsx"} {
			res, err := noRedirect.Get(ts.URL + "/oekonomi/refusion?municipality=101&year=2024&format=" + f)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "refusion-101-2024") {
				t.Errorf("%s: %d %v", f, res.StatusCode, res.Header)
			}
		}
	})
}

// TestEconRefusionRefuses checks the 400s of bad parameters, each with its message.
func TestEconRefusionRefuses(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	for name, c := range map[string]struct{ q, want string }{
		"UnknownMunicipality":  {"municipality=9999", "no such municipality"},
		"NameNotMunicipality":  {"municipality=Atlantis", "no such municipality"},
		"YearNotNumber":        {"year=abc", `year &#34;abc&#34;`},
		"YearHuge":             {"year=99999999999999999999", "give a year of the data"},
		"YearOutsideData":      {"year=1990", "give a year of the data"},
		"Repeated":             {"year=2023&year=2024", "year: given 2 times"},
		"RepeatedMunicipality": {"municipality=101&municipality=147", "municipality: given 2 times"},
		"Format":               {"format=pdf", "unknown format"},
		"Table":                {"table=x", "table"},
		"AggFTP":               {"full_time_persons=-3&agg_group=KTH&agg_year=2024", "full_time_persons"},
		"AggFTPHuge":           {"full_time_persons=1e300&agg_group=KTH&agg_year=2024", "full_time_persons"},
		"AggGroup":             {"full_time_persons=10&agg_group=XYZ&agg_year=2024", "agg_group"},
		"AggYear":              {"full_time_persons=10&agg_group=KTH&agg_year=abc", "agg_year"},
	} {
		t.Run(name, func(t *testing.T) {
			status, _, body := getPage(t, ts.URL+"/oekonomi/refusion?"+c.q, "en")
			if status != 400 || !strings.Contains(body, c.want) {
				t.Errorf("status %d, want 400 with %q:\n%.2000s", status, c.want, body)
			}
		})
	}
	t.Run("AggFieldNamed", func(t *testing.T) {
		_, _, body := getPage(t, ts.URL+"/oekonomi/refusion?full_time_persons=10&agg_group=XYZ&agg_year=2024", "en")
		if !strings.Contains(body, `id="problem-agg_group"`) || strings.Contains(body, `id="problem-full_time_persons"`) {
			t.Errorf("the error is not at its field:\n%.3000s", body)
		}
	})
}

// TestEconRefusionAggregate checks the estimate without individual data against the
// CLI's --aggregate.
func TestEconRefusionAggregate(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	var want map[string]any
	b := pejlingCLI(t, "economics", "refusion", "--aggregate", "--full-time-persons", "250", "--group", "KTH", "--year", "2024", "--format", "json")
	if err := json.Unmarshal([]byte(b), &want); err != nil {
		t.Fatal(err)
	}
	q := "full_time_persons=250&agg_group=KTH&agg_year=2024"
	status, _, body := getPage(t, ts.URL+"/oekonomi/refusion?"+q, "en")
	if status != 200 {
		t.Fatalf("status %d: %.2000s", status, body)
	}
	for _, k := range []string{"gross_dkk", "reimbursement_dkk", "net_dkk"} {
		if s := locale.English.Number(want[k].(float64), 0); !strings.Contains(body, ">"+s+"<") {
			t.Errorf("the estimate lacks %s = %s", k, s)
		}
	}
	status, _, csvBody := getPage(t, ts.URL+"/oekonomi/refusion?"+q+"&table=aggregate&format=csv", "en")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, "\ufeff"))).ReadAll()
	if status != 200 || err != nil || len(rows) != 2 {
		t.Fatalf("download: %d %v %q", status, err, csvBody)
	}
	if got, w := rows[1][7], strconv.FormatFloat(want["net_dkk"].(float64), 'f', 4, 64); got != w {
		t.Errorf("net_dkk %s, CLI %s", got, w)
	}
}

func TestEconRefusionBrowser(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/oekonomi/refusion?municipality=101&year=2024&full_time_persons=250&agg_group=KTH&agg_year=2024", filepath.Join(dir, "econ-refusion.png"), false)
	fullPage(t, ts.URL+"/oekonomi/refusion?municipality=101&year=2024", filepath.Join(dir, "econ-refusion.pdf"), true)
	dom := browse(t, ts.URL+"/oekonomi/refusion?municipality=101&year=2024", "")
	if !strings.Contains(dom, `id="refusion"`) || !strings.Contains(dom, "<svg") {
		t.Errorf("the browser does not show the table: %.2000s", dom)
	}
}
