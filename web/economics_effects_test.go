package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// effectsCosts is a cost file of the demo data's busiest interventions.
const effectsCosts = "intervention_id,year,cost_dkk,name\n" +
	"INT-0001,2023,250000,Virksomhedsforløb A\nINT-0001,2024,260000,Virksomhedsforløb A\n" +
	"INT-0003,2023,90000,Mentor\nINT-0003,2024,95000,Mentor\n" +
	"INT-0004,2023,400000,Jobcenter-kursus\nINT-0004,2024,380000,Jobcenter-kursus\n" +
	"INT-0005,2024,120000,\nINT-0006,2023,60000,Praktik B\nINT-0006,2024,75000,Praktik B\n" +
	"INT-9999,2024,10000,Ingen deltagere\n"

// newEffectsServer imports the demo data and serves it with the accounts in the same
// store, as pejling serve does, to a national analyst; it returns the store and its path.
func newEffectsServer(t *testing.T) (*httptest.Server, *sqldb.DB, string) {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "effects.db")
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
	srv.Bench, srv.Imports, srv.Progression = db, db, db
	return serveSignedIn(t, srv, db), db, dsn
}

// uploadCosts posts a cost file as the page's form does and returns the status, the
// redirect and the body.
func uploadCosts(t *testing.T, ts *httptest.Server, name string, content []byte) (int, string, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/oekonomi/effekter", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", "en")
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(body)
}

func TestEconEffectsWithoutCosts(t *testing.T) {
	ts, _, _ := newEffectsServer(t)
	for _, c := range []struct{ lang, title, missing string }{
		{"da", "Effekt pr. indsats", "Der er ingen omkostninger"},
		{"en", "Effect per intervention", "Costs are missing"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			status, _, body := getPage(t, ts.URL+"/oekonomi/effekter", c.lang)
			if status != 200 {
				t.Fatalf("status %d: %.2000s", status, body)
			}
			for _, s := range []string{c.title, c.missing, `id="effects"`, "INT-", `id="upload"`, `name="file"`, "<svg", `class="badge"`} {
				if !strings.Contains(body, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
		})
	}
}

// TestEconEffectsEqualsCLI uploads a cost file and checks that the page's table (as its
// CSV download) holds the numbers of pejling economics effects --format json with the
// same file, and that the upload was audited.
func TestEconEffectsEqualsCLI(t *testing.T) {
	ts, db, dsn := newEffectsServer(t)
	status, loc, body := uploadCosts(t, ts, "costs.csv", []byte(effectsCosts))
	if status != http.StatusSeeOther || loc != "/oekonomi/effekter?saved=1" {
		t.Fatalf("upload: %d %q %.2000s", status, loc, body)
	}
	audit, err := db.ListAudit(context.Background(), pejling.AuditFilter{Action: pejling.AuditChange})
	if err != nil || len(audit) != 1 || !strings.Contains(audit[0].Criteria, "intervention costs costs.csv: 10 rows") || audit[0].Page != "POST /oekonomi/effekter" {
		t.Errorf("audit: %+v %v", audit, err)
	}
	// Progression scored during two interventions: five persons of 101 in INT-0001
	// (measured), two of 147 in INT-0003 (too few).
	for _, g := range []struct {
		muni         int
		intervention string
		persons      int
	}{{101, "INT-0001", 5}, {147, "INT-0003", 2}} {
		var scores []pejling.ProgressionScore
		for i := range g.persons {
			p := fmt.Sprintf("PRG-%d-%d", g.muni, i)
			for k, day := range []pejling.Date{pejling.DateOf(2023, time.March, 1), pejling.DateOf(2023, time.September, 1)} {
				scores = append(scores, pejling.ProgressionScore{PersonID: p, Theme: "work_identity", Indicator: "sees_self_in_job",
					Score: 3 + k*(i+1), Date: day, ScoredBy: 1, InterventionID: g.intervention})
			}
		}
		if err := db.AddProgressionScores(context.Background(), g.muni, scores); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "costs.csv")
	os.WriteFile(file, []byte(effectsCosts), 0o600)
	var want struct {
		Rows []struct {
			Rank         int    `json:"rank"`
			ID           string `json:"intervention_id"`
			Name         string `json:"name"`
			Participants int    `json:"participants"`
			Spells       int    `json:"spells"`
			Self         struct {
				Judged        int      `json:"judged_spells"`
				SelfSupported int      `json:"self_supported_spells"`
				Share         *float64 `json:"share"`
				Lower         *float64 `json:"lower"`
				Upper         *float64 `json:"upper"`
			} `json:"self_support_6m"`
			SelfPersons int      `json:"self_supported_persons"`
			Cost        *float64 `json:"cost_dkk"`
			Effect      *float64 `json:"effect_per_100000_dkk"`
			Progression *struct {
				Persons  int      `json:"persons"`
				Measured int      `json:"measured"`
				Mean     *float64 `json:"mean_change"`
				Lower    *float64 `json:"lower"`
				Upper    *float64 `json:"upper"`
			} `json:"progression"`
			Recommendation string `json:"recommendation"`
		} `json:"interventions"`
	}
	if err := json.Unmarshal([]byte(pejlingCLI(t, "economics", "effects", "--db", dsn, "--costs", file, "--format", "json")), &want); err != nil {
		t.Fatal(err)
	}
	status, _, page := getPage(t, ts.URL+"/oekonomi/effekter?saved=1", "en")
	if status != 200 || !strings.Contains(page, `id="saved"`) || !strings.Contains(page, "costs.csv") || strings.Contains(page, `id="nocosts"`) {
		t.Errorf("the page after the upload: %d %.3000s", status, page)
	}
	status, _, body = getPage(t, ts.URL+"/oekonomi/effekter?format=csv", "en")
	if status != 200 {
		t.Fatalf("download: %d %s", status, body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows)-2 != len(want.Rows) || len(want.Rows) < 5 {
		t.Fatalf("%d rows, the CLI %d", len(rows)-2, len(want.Rows))
	}
	f := func(v *float64, d int) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', d, 64)
	}
	measured := 0
	for i, w := range want.Rows {
		s := w.Self
		prog := []string{"", "", "", "", ""}
		if p := w.Progression; p != nil {
			prog = []string{strconv.Itoa(p.Persons), strconv.Itoa(p.Measured), f(p.Mean, 4), f(p.Lower, 4), f(p.Upper, 4)}
			if p.Mean != nil {
				measured++
			}
		}
		wantRow := slices.Concat([]string{strconv.Itoa(w.Rank), w.ID, w.Name, strconv.Itoa(w.Participants), strconv.Itoa(w.Spells), strconv.Itoa(s.Judged),
			strconv.Itoa(s.SelfSupported), strconv.Itoa(w.SelfPersons), f(s.Share, 4), f(s.Lower, 4), f(s.Upper, 4), f(w.Cost, 2), f(w.Effect, 4)},
			prog, []string{w.Recommendation})
		if got := rows[i+1][:len(wantRow)]; !reflect.DeepEqual(got, wantRow) {
			t.Errorf("row %d:\npage %q\n CLI %q", i+1, got, wantRow)
		}
	}
	if measured != 1 {
		t.Errorf("%d interventions with a measured progression, want 1 (INT-0001)", measured)
	}
	// The page shows INT-0001's mean change (rises 1…5: +3,00) and INT-0003 as too few.
	if u := html.UnescapeString(page); !strings.Contains(u, "+3.00 [+1.0, +5.0]") || !strings.Contains(u, ">too few<small>2 / 2</small>") {
		t.Errorf("the page lacks the progression column's values: %.6000s", page[strings.Index(page, "<table"):])
	}
}

// TestEconEffectsBadUploads checks that every bad cost file is refused with the
// reader's message and changes neither the stored costs nor the audit log.
func TestEconEffectsBadUploads(t *testing.T) {
	ts, db, _ := newEffectsServer(t)
	if status, _, body := uploadCosts(t, ts, "costs.csv", []byte(effectsCosts)); status != http.StatusSeeOther {
		t.Fatalf("first upload: %d %.2000s", status, body)
	}
	ctx := context.Background()
	before, beforeCosts, err := db.InterventionCosts(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	big := []byte("intervention_id,year,cost_dkk\n")
	for i := 0; len(big) <= 1<<20; i++ {
		big = append(big, "INT-"+strconv.Itoa(i)+",2024,1000\n"...)
	}
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
	for name, c := range map[string]struct {
		file    string
		content []byte
		status  int
		want    string
	}{
		"NotCSVName":      {"costs.xlsx", []byte(effectsCosts), 400, "not a CSV file"},
		"BinaryContent":   {"costs.csv", png, 400, "not a CSV text file"},
		"Empty":           {"costs.csv", nil, 400, "empty file"},
		"MissingColumn":   {"costs.csv", []byte("intervention_id,year\nA,2024\n"), 400, "costs.csv:1: missing column cost_dkk"},
		"UnknownColumn":   {"costs.csv", []byte("intervention_id,year,cost_dkk,price\nA,2024,1\n"), 400, "unknown column"},
		"NegativeCost":    {"costs.csv", []byte("intervention_id,year,cost_dkk\nA,2024,-5\n"), 400, "costs.csv:2"},
		"Duplicate":       {"costs.csv", []byte("intervention_id,year,cost_dkk\nA,2024,5\nA,2024,6\n"), 400, "duplicate of line 2"},
		"BadYear":         {"costs.csv", []byte("intervention_id,year,cost_dkk\nA,24,5\n"), 400, "not a year"},
		"FormulaName":     {"costs.csv", []byte("intervention_id,year,cost_dkk,name\nA,2024,5,=SUM(A1:A9)\n"), 400, "formula"},
		"CPRLikeID":       {"costs.csv", []byte("intervention_id,year,cost_dkk\n0101901234,2024,5\n"), 400, "costs.csv:2"},
		"Oversized":       {"costs.csv", big, 413, "over 1024 KiB"},
		"ScriptName":      {"<script>alert(1)</script>.csv", []byte(effectsCosts), 400, "not allowed"},
		"ControlCharName": {"co\x7fsts.csv", []byte(effectsCosts), 400, "The cost file was refused"},
	} {
		t.Run(name, func(t *testing.T) {
			status, _, body := uploadCosts(t, ts, c.file, c.content)
			if status != c.status || !strings.Contains(body, c.want) || !strings.Contains(body, "nothing was changed") {
				t.Errorf("status %d, want %d with %q:\n%.3000s", status, c.status, c.want, body)
			}
			if strings.Contains(body, "<script>alert") {
				t.Error("the page repeats the hostile name unescaped")
			}
			after, afterCosts, err := db.InterventionCosts(ctx, 0)
			if err != nil || !reflect.DeepEqual(before, after) || !reflect.DeepEqual(beforeCosts, afterCosts) {
				t.Errorf("a refused upload changed the costs: %+v %v", after, err)
			}
		})
	}
	t.Run("NotMultipart", func(t *testing.T) {
		res, err := http.Post(ts.URL+"/oekonomi/effekter", "application/x-www-form-urlencoded", strings.NewReader("file=x"))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 400 {
			t.Errorf("status %d", res.StatusCode)
		}
	})
	if audit, _ := db.ListAudit(ctx, pejling.AuditFilter{Action: pejling.AuditChange}); len(audit) != 1 {
		t.Errorf("%d audit records, want the first upload's only", len(audit))
	}
}

// TestEconEffectsRefuses checks the 400s of bad parameters.
func TestEconEffectsRefuses(t *testing.T) {
	ts, _, _ := newEffectsServer(t)
	for name, c := range map[string]struct{ q, want string }{
		"UnknownMunicipality": {"municipality=9999", "no such municipality"},
		"YearNotNumber":       {"from=abc&to=2024", "from &#34;abc&#34;"},
		"YearHuge":            {"from=2023&to=99999999999999999999", "give a year as YYYY"},
		"OneYear":             {"from=2023", "give both years"},
		"Reversed":            {"from=2024&to=2023", "before from"},
		"TooMany":             {"from=2000&to=2024", "at most 10 years"},
		"Repeated":            {"from=2023&from=2024&to=2024", "from: given 2 times"},
		"Format":              {"format=pdf", "unknown format"},
	} {
		t.Run(name, func(t *testing.T) {
			status, _, body := getPage(t, ts.URL+"/oekonomi/effekter?"+c.q, "en")
			if status != 400 || !strings.Contains(body, c.want) {
				t.Errorf("status %d, want 400 with %q:\n%.2000s", status, c.want, body)
			}
		})
	}
}

func TestEconEffectsBrowser(t *testing.T) {
	ts, _, _ := newEffectsServer(t)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/oekonomi/effekter", filepath.Join(dir, "econ-effects-nocosts.png"), false)
	if status, _, body := uploadCosts(t, ts, "costs.csv", []byte(effectsCosts)); status != http.StatusSeeOther {
		t.Fatalf("upload: %d %.2000s", status, body)
	}
	fullPage(t, ts.URL+"/oekonomi/effekter", filepath.Join(dir, "econ-effects.png"), false)
	fullPage(t, ts.URL+"/oekonomi/effekter?municipality=101&from=2020&to=2024", filepath.Join(dir, "econ-effects-101.png"), false)
	fullPage(t, ts.URL+"/oekonomi/effekter?municipality=101&from=2020&to=2024", filepath.Join(dir, "econ-effects.pdf"), true)
	dom := browse(t, ts.URL+"/oekonomi/effekter", "")
	if !strings.Contains(dom, `id="effects"`) || !strings.Contains(dom, "<svg") {
		t.Errorf("the browser does not show the table: %.2000s", dom)
	}
	_, _, body := uploadCosts(t, ts, "costs.csv", []byte("intervention_id,year,cost_dkk\nA,2024,-5\nA,2024,5\n"))
	os.WriteFile(filepath.Join(dir, "econ-effects-refused.html"), []byte(body), 0o644)
}
