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

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// followUpData is a tiny register in the §9 formats: in 2023 six periods of KTH in 101,
// all completed (6, 6, 6, 9, 4 and 12 weeks: mean 43/6), in 2024 three (one running),
// and periods that do not count (another municipality, another group).
var followUpData = map[string]string{
	"dataset.json": `{"as_of": "2024-12-31", "name": "followup"}`,
	"benefit_spells.csv": "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n" +
		"P1,101,KTH,,2023-01-02,2023-02-12,1\n" +
		"P2,101,KTH,,2023-02-01,2023-03-14,1\n" +
		"P3,101,KTH,,2023-03-01,2023-04-11,1\n" +
		"P4,101,KTH,,2023-04-03,2023-06-04,1\n" +
		"P5,101,KTH,,2023-05-01,2023-05-28,1\n" +
		"P6,101,KTH,,2023-06-01,2023-08-23,1\n" +
		"P7,101,KTH,,2024-01-01,2024-01-28,1\n" +
		"P8,101,KTH,,2024-02-01,,1\n" +
		"P9,101,KTH,,2024-03-01,2024-03-14,1\n" +
		"P10,147,KTH,,2023-01-01,2023-01-31,1\n" +
		"P11,101,DGP,,2023-05-01,2023-05-31,1\n",
	"activation_spells.csv": "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n",
}

// followUpCase is a case of KTH as the business case form sends it.
func followUpCase(firstYear string) url.Values {
	return url.Values{
		"target_group.name": {"KTH-opfølgning"}, "target_group.benefit_group": {"KTH"}, "first_year": {firstYear},
		"yearly_inflow": {"6"}, "duration_before_weeks": {"10"}, "duration_after_weeks": {"5"}, "yearly_benefit_cost": {"52000"},
		"municipal_share": {"50"}, "operating_costs.salary": {"10000"}, "operating_costs.salary_reimbursement": {"0"},
		"operating_costs.other": {"0"}, "operating_costs.other_reimbursement": {"0"}, "ramp_up": {"50"},
		"horizon_years": {"3"}, "discount_rate": {"0"},
	}
}

// newFollowUpServer imports the data set in dir as pejling import does and serves it.
func newFollowUpServer(t *testing.T, dir string) (*httptest.Server, string, *sqldb.DB) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "fu.db")
	pejlingCLI(t, "import", "--quiet", "--no-figures", "--db", dsn, dir)
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
	return serveSignedIn(t, srv, db), dsn, db
}

func followUpDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range followUpData {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFollowUpPage(t *testing.T) {
	ts, _, db := newFollowUpServer(t, followUpDataDir(t))
	q := followUpCase("2023")
	q.Set("municipality", "101")
	code, body := getWith(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode(), nil)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	// 2023: inflow 6, mean 43/6 = 7,2 weeks against 10 − 0,5 × 5 = 7,5; saving
	// (10 − 43/6) × 6 × 52000/52 × 0,5 = 8.500 kr. against 7.500.
	for _, want := range []string{`lang="da"`, "Opfølgning på business case", "København", `id="followup"`,
		"<td>2023</td><td class=\"num\">6</td><td class=\"num\">6</td><td class=\"num\">7,5</td><td class=\"num\">7,2</td>",
		"8.500", "7.500", "I 2023 var den realiserede varighed 7,2 uger mod de antagne 7,5",
		"gennemsnit af afsluttede forløb", ">gennemsnit</td>", "<svg", `role="img"`, "format=csv-da", "31-12-2024"} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %q", want)
		}
	}
	t.Run("SmallNumbers", func(t *testing.T) {
		// 2024 has an inflow of 3: not shown, nor its duration or saving, nor the
		// cumulative saving from 2024 on (8.500 + the 2024 saving would give it back).
		row := body[strings.Index(body, "<td>2024</td>"):]
		row = row[:strings.Index(row, "</tr>")]
		if !strings.Contains(row, "færre end 5") || strings.Contains(row, `num">3<`) || strings.Count(row, "–") < 3 {
			t.Errorf("2024 row: %s", row)
		}
		if !strings.Contains(body, "I 2024 kom færre end 5 personer") {
			t.Error("no sentence on the withheld year")
		}
		res, b := fuDownload(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode()+"&format=csv")
		rows := fuCSV(t, b)
		if res.StatusCode != 200 || len(rows) != 3 {
			t.Fatalf("%d %s", res.StatusCode, b)
		}
		y24 := rows[2]
		if y24["year"] != "2024" || y24["realised_inflow"] != "" || y24["suppressed"] != "fewer than 5" || y24["realised_duration_weeks"] != "" ||
			y24["censored_periods"] != "" || y24["realised_net_saving"] != "" || y24["realised_cumulative_net_saving"] != "" {
			t.Errorf("2024 in the CSV: %v", y24)
		}
		if rows[1]["realised_inflow"] != "6" || rows[1]["realised_cumulative_net_saving"] != "8500.00" {
			t.Errorf("2023 in the CSV: %v", rows[1])
		}
	})
	t.Run("English", func(t *testing.T) {
		code, body := getWith(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode(), map[string]string{"Accept-Language": "en-GB,en;q=0.9"})
		for _, want := range []string{`lang="en"`, "Follow-up of a business case", "In 2023 the realised duration was 7.2 weeks against the assumed 7.5",
			"fewer than 5", "8,500", "mean of completed periods"} {
			if code != 200 || !strings.Contains(body, want) {
				t.Errorf("%d: missing %q", code, want)
			}
		}
	})
	t.Run("OwnMunicipality", func(t *testing.T) {
		cookie := sessionFor(t, db, newUser(t, db, "cw-101", pejling.RoleCaseWorker, 101), true)
		q := followUpCase("2023")
		code, body := getWith(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode(), map[string]string{"Cookie": "pejling_session=" + cookie})
		if code != 200 || !strings.Contains(body, "· København</h1>") || !strings.Contains(body, "8.500") {
			t.Errorf("%d %.500s", code, body)
		}
	})
	t.Run("NoCase", func(t *testing.T) {
		code, body := getWith(t, ts.URL+"/oekonomi/opfoelgning", nil)
		if code != 200 || !strings.Contains(body, `id="nocase"`) || strings.Contains(body, `id="followup"`) {
			t.Errorf("%d", code)
		}
	})
	t.Run("Downloads", func(t *testing.T) {
		for _, f := range []string{"csv", "csv-da", "xlsx"} {
			res, b := fuDownload(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode()+"&format="+f)
			if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || len(b) < 100 {
				t.Errorf("%s: %d %s", f, res.StatusCode, b)
			}
		}
	})
	t.Run("LinkFromTheCase", func(t *testing.T) {
		bq := followUpCase("2023")
		code, body := getWith(t, ts.URL+"/oekonomi/businesscase?"+bq.Encode(), nil)
		i := strings.Index(body, `<a href="/oekonomi/opfoelgning?`)
		if code != 200 || i < 0 || !strings.Contains(body, "Følg op på data") {
			t.Fatalf("%d: no link to the follow-up", code)
		}
		href := body[i+len(`<a href="`):]
		href = strings.ReplaceAll(href[:strings.IndexByte(href, '"')], "&amp;", "&")
		code, body = getWith(t, ts.URL+href+"&municipality=101", nil)
		if code != 200 || !strings.Contains(body, "8.500") {
			t.Errorf("the link's case: %d", code)
		}
	})
}

// TestFollowUpEqualsCLI checks that the page's numbers are those of pejling economics
// followup --format json for the same store and case: on the generated demo register,
// several municipalities and first years, and on the tiny one.
func TestFollowUpEqualsCLI(t *testing.T) {
	for _, c := range []struct {
		name, data, muni, first string
		group                   string
	}{
		{"DemoKTH101", "demo", "101", "2022", "KTH"},
		{"DemoDGP751", "demo", "751", "2023", "DGP"},
		{"DemoSDP147", "demo", "147", "2021", "SDP"},
		{"Tiny", "tiny", "101", "2023", "KTH"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := demoData(t)
			if c.data == "tiny" {
				dir = followUpDataDir(t)
			}
			ts, dsn, _ := newFollowUpServer(t, dir)
			q := followUpCase(c.first)
			q.Set("target_group.benefit_group", c.group)
			// The case as a document, for the CLI: the business case page's own download.
			res, doc := fuDownload(t, ts.URL+"/oekonomi/businesscase?"+q.Encode()+"&format=json")
			if res.StatusCode != 200 {
				t.Fatalf("case document: %d %s", res.StatusCode, doc)
			}
			in := filepath.Join(t.TempDir(), "case.json")
			if err := os.WriteFile(in, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			var cli struct {
				Municipality int              `json:"municipality"`
				Years        []map[string]any `json:"years"`
			}
			out := pejlingCLI(t, "economics", "followup", "--db", dsn, "--in", in, "--municipality", c.muni, "--format", "json")
			if err := json.Unmarshal([]byte(out), &cli); err != nil {
				t.Fatal(err)
			}
			q.Set("municipality", c.muni)
			res, b := fuDownload(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode()+"&format=csv")
			rows := fuCSV(t, b)
			if res.StatusCode != 200 || len(rows) != len(cli.Years)+1 || len(cli.Years) == 0 {
				t.Fatalf("%d years on the page, %d from the CLI: %s", len(rows)-1, len(cli.Years), b)
			}
			shown := 0
			for i, want := range cli.Years {
				got := rows[i+1]
				small := want["realised_inflow"].(float64) >= 1 && want["realised_inflow"].(float64) < 5
				for field, v := range want {
					if field == "partial" {
						if (v == true) != (got[field] == "yes") {
							t.Errorf("%v partial: %s, CLI %v", want["year"], got[field], v)
						}
						continue
					}
					g, ok := got[field]
					if !ok {
						t.Fatalf("the CSV has no %s", field)
					}
					withheld := small && field != "year" && field != "case_year" && field != "ramp_up" && !strings.HasPrefix(field, "assumed_") &&
						field != "net_operating_cost" && field != "mean_weeks_completed" && field != "km_median_weeks"
					if small && (field == "mean_weeks_completed" || field == "km_median_weeks") {
						withheld = true
					}
					switch {
					case withheld:
						if g != "" {
							t.Errorf("%v %s: %q shown for a year of fewer than 5", want["year"], field, g)
						}
					case v == nil:
						if g != "" {
							t.Errorf("%v %s: %q, CLI null", want["year"], field, g)
						}
					case field == "duration_basis":
						if g != v {
							t.Errorf("%v %s: %q, CLI %v", want["year"], field, g, v)
						}
					default:
						x, err := strconv.ParseFloat(g, 64)
						if field == "ramp_up" {
							x /= 100 // the CSV writes per cent
						}
						if err != nil || math.Abs(x-v.(float64)) > 0.006 {
							t.Errorf("%v %s: %q, CLI %v", want["year"], field, g, v)
						}
					}
				}
				if !small && want["realised_duration_weeks"] != nil {
					shown++
				}
			}
			if c.data == "demo" && shown == 0 {
				t.Error("no year with a realised duration: the comparison tests nothing")
			}
			// The page's table shows the same, rounded.
			code, body := getWith(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode(), nil)
			if code != 200 {
				t.Fatalf("%d", code)
			}
			for _, y := range cli.Years {
				if w, ok := y["realised_net_saving"].(float64); ok && !(y["realised_inflow"].(float64) < 5) {
					if s := fuKr(w); !strings.Contains(body, ">"+s+"</td>") {
						t.Errorf("%v: the page lacks the saving %s", y["year"], s)
					}
				}
			}
		})
	}
}

// fuKr writes whole kroner as the Danish page does: 1.234.567, -12.345.
func fuKr(v float64) string {
	s := strconv.FormatFloat(math.Abs(math.Round(v)), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	if math.Round(v) < 0 {
		s = "-" + s
	}
	return s
}

func TestFollowUpBadInput(t *testing.T) {
	ts, _, db := newFollowUpServer(t, followUpDataDir(t))
	with := func(k, v string) string {
		q := followUpCase("2023")
		q.Set("municipality", "101")
		q.Set(k, v)
		return "/oekonomi/opfoelgning?" + q.Encode()
	}
	for _, c := range []struct{ name, url, want string }{
		{"NegativeInflow", with("yearly_inflow", "-5"), "yearly_inflow"},
		{"BadGroup", with("target_group.benefit_group", "<script>x</script>"), "target_group.benefit_group"},
		{"AfterLongerThanBefore", with("duration_after_weeks", "20"), "duration_after_weeks"},
		{"UnknownMunicipality", with("municipality", "999"), "municipality"},
		{"HostileMunicipality", with("municipality", "<script>x</script>"), "municipality"},
		{"FirstYearNotNumber", with("first_year", "abc"), "first_year"},
		{"FirstYearImplausible", with("first_year", "99999"), "first_year"},
		{"FirstYearMissing", with("first_year", ""), "first_year"},
		{"FirstYearAfterData", with("first_year", "2030"), "first_year"},
		{"RepeatedMunicipality", with("municipality", "101") + "&municipality=147", "municipality: given 2 times"},
		{"RepeatedCaseField", with("yearly_inflow", "6") + "&yearly_inflow=7", "yearly_inflow: given 2 times"},
		{"RepeatedFormat", with("format", "csv") + "&format=xlsx", "format: given 2 times"},
		{"BadFormat", with("format", "pdf"), "format"},
		{"OversizedQuery", with("notes", strings.Repeat("x", 40000)), "query: longer than"},
		{"NationalWithoutMunicipality", with("municipality", ""), "municipality: choose"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := getWith(t, ts.URL+c.url, nil)
			if code != 400 || !strings.Contains(body, c.want) || !strings.Contains(body, `id="problem"`) {
				t.Errorf("%d, want 400 with %q: %.1500s", code, c.want, body)
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, `id="followup"`) {
				t.Error("a script reached the page or a follow-up was shown")
			}
		})
	}
	t.Run("NationalUserFormOffersMunicipalities", func(t *testing.T) {
		cookie := sessionFor(t, db, newUser(t, db, "nat-fu", pejling.RoleAnalyst, pejling.NationalMunicipality), true)
		code, body := getWith(t, ts.URL+with("municipality", ""), map[string]string{"Cookie": "pejling_session=" + cookie})
		if code != 400 || !strings.Contains(body, `<option value="101">København</option>`) || !strings.Contains(body, `type="hidden" name="yearly_inflow" value="6"`) {
			t.Errorf("%d %.800s", code, body)
		}
	})
}

func TestFollowUpBrowser(t *testing.T) {
	chromium(t)
	ts, _, _ := newFollowUpServer(t, demoData(t))
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	q := followUpCase("2021")
	for k, v := range map[string]string{"target_group.benefit_group": "DGP", "target_group.name": "Dagpenge: tidlig indsats", "horizon_years": "5",
		"yearly_inflow": "50", "duration_before_weeks": "26", "duration_after_weeks": "18", "ramp_up": "50, 100, 100, 100, 100", "municipality": "101"} {
		q.Set(k, v)
	}
	u := ts.URL + "/oekonomi/opfoelgning?" + q.Encode()
	dom := browse(t, u, filepath.Join(dir, "econ-followup.png"))
	if !strings.Contains(dom, `id="followup"`) || !strings.Contains(dom, "<svg") {
		t.Errorf("the browser does not show the follow-up: %.2000s", dom)
	}
	fullPage(t, u, filepath.Join(dir, "econ-followup-full.png"), false)
	fullPage(t, u, filepath.Join(dir, "econ-followup.pdf"), true)
	q = followUpCase("2023")
	q.Set("municipality", "999")
	fullPage(t, ts.URL+"/oekonomi/opfoelgning?"+q.Encode(), filepath.Join(dir, "econ-followup-error.png"), false)
}

// fuDownload gets u and returns the response and its body.
func fuDownload(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, b
}

// fuCSV reads a comma CSV: the header (index 0, its names) and each row by column.
func fuCSV(t *testing.T, b []byte) []map[string]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("csv: %v\n%s", err, b)
	}
	out := []map[string]string{{}}
	for _, h := range recs[0] {
		out[0][h] = h
	}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

// TestFollowUpConcurrent: requests for the same follow-up at once all get it (one
// computes, the rest wait for the cache), and a second look is the same page.
func TestFollowUpConcurrent(t *testing.T) {
	ts, _, _ := newFollowUpServer(t, followUpDataDir(t))
	q := followUpCase("2023")
	q.Set("municipality", "101")
	u := ts.URL + "/oekonomi/opfoelgning?" + q.Encode()
	bodies := make([][]byte, 6)
	done := make(chan int)
	for i := range bodies {
		go func() {
			res, err := http.Get(u)
			if err == nil {
				bodies[i], _ = io.ReadAll(res.Body)
				res.Body.Close()
			}
			done <- i
		}()
	}
	for range bodies {
		<-done
	}
	for i, b := range bodies {
		if !strings.Contains(string(b), "8.500") || string(b) != string(bodies[0]) {
			t.Errorf("request %d: %.300s", i, b)
		}
	}
}
