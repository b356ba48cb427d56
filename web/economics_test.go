package web_test

import (
	"bytes"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/locale"
	"github.com/pejling/pejling/web"
)

// newEconServer serves the pages with an account store only: the business case needs
// no data.
func newEconServer(t *testing.T) *httptest.Server {
	t.Helper()
	db := usersDB(t)
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	return serveSignedIn(t, srv, db)
}

// hilleroed is the published example as the economics package reads it.
func hilleroed(t *testing.T) *economics.BusinessCase {
	t.Helper()
	f, err := os.Open("../economics/testdata/hilleroed.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := economics.ParseBusinessCase(f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEconHilleroedExample(t *testing.T) {
	want := hilleroed(t)
	got := web.HilleroedExample()
	if !reflect.DeepEqual(&got, want) {
		t.Fatalf("HilleroedExample differs from testdata:\n%+v\n%+v", got, *want)
	}
}

// hilleroedQuery is the example as the form sends it, shares in per cent.
func hilleroedQuery() url.Values {
	return url.Values{
		"target_group.name": {"Hillerød: straksaktivering af unge"}, "target_group.benefit_group": {"UDH"}, "first_year": {"2024"},
		"yearly_inflow": {"459"}, "duration_before_weeks": {"17"}, "duration_after_weeks": {"4,8"}, "yearly_benefit_cost": {"72.000"},
		"municipal_share": {"50"}, "operating_costs.salary": {"500000"}, "operating_costs.salary_reimbursement": {"0"},
		"operating_costs.other": {"167000"}, "operating_costs.other_reimbursement": {"50"}, "ramp_up": {"50, 100, 100, 100"},
		"horizon_years": {"4"}, "discount_rate": {"4"},
	}
}

func TestEconBusinessCasePage(t *testing.T) {
	ts := newEconServer(t)
	res := hilleroed(t).Evaluate()
	for name, u := range map[string]string{"Example": "/oekonomi/businesscase", "Form": "/oekonomi/businesscase?" + hilleroedQuery().Encode()} {
		t.Run(name, func(t *testing.T) {
			code, body := getWith(t, ts.URL+u, nil)
			if code != 200 {
				t.Fatalf("%d %s", code, body)
			}
			da := locale.Danish
			for _, want := range []string{"3.876.785", `id="npv" class="gain">` + da.Number(res.NPV, 0) + " kr.",
				`id="payback">` + da.Number(*res.PaybackYears, 2) + " år", `id="breakeven">` + da.Number(*res.BreakEvenWeeks, 1) + " uger",
				`<svg`, `role="img"`, "Følsomhed", `lang="da"`} {
				if !strings.Contains(body, want) {
					t.Errorf("missing %q", want)
				}
			}
			// The heat map's base cell is the case's own NPV, in 1,000 kroner.
			if !strings.Contains(body, ">"+da.Number(res.Sensitivity.NPV[2][2]/1000, 0)+"</text>") {
				t.Error("the heat map lacks the base case")
			}
		})
	}
	code, body := getWith(t, ts.URL+"/oekonomi/businesscase", map[string]string{"Accept-Language": "en-GB,en;q=0.9"})
	if code != 200 || !strings.Contains(body, "3,876,785") || !strings.Contains(body, "Net present value") || !strings.Contains(body, locale.English.Number(res.NPV, 0)) {
		t.Errorf("English page: %d", code)
	}
}

func TestEconBusinessCaseJSONRoundTrip(t *testing.T) {
	ts := newEconServer(t)
	for name, u := range map[string]string{"Example": "/oekonomi/businesscase?format=json",
		"Form": "/oekonomi/businesscase?format=json&" + hilleroedQuery().Encode()} {
		t.Run(name, func(t *testing.T) {
			res, err := http.Get(ts.URL + u)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") ||
				!strings.Contains(res.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("%d %s %s", res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
			}
			c, err := economics.ParseBusinessCase(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if want := hilleroed(t); !reflect.DeepEqual(c, want) {
				t.Errorf("round trip:\n%+v\nwant\n%+v", *c, *want)
			}
		})
	}
	// A staircase case goes through the form and back.
	c := web.HilleroedExample()
	c.Share = nil
	c.Staircase = &economics.Staircase{Steps: []economics.StaircaseStep{{FromWeek: 1, ToWeek: 10, Rate: 0.7}, {FromWeek: 11, Rate: 0.1}}}
	c.Notes = "<b>note</b>"
	body := econUpload(t, ts, "file", "case.json", mustJSON(t, c))
	if !strings.Contains(body, "staircase") || !strings.Contains(body, "&lt;b&gt;note") {
		t.Fatalf("uploaded staircase case not shown")
	}
	i := strings.Index(body, `href="/oekonomi/businesscase?`)
	if i < 0 {
		i = strings.Index(body, `href="?`)
	}
	link := body[i+len(`href="`):]
	link = html.UnescapeString(link[:strings.Index(link, `"`)])
	resp, err := http.Get(ts.URL + "/oekonomi/businesscase" + link[strings.Index(link, "?"):] + "&format=json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, err := economics.ParseBusinessCase(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, c) {
		t.Errorf("staircase round trip:\n%+v\nwant\n%+v", *got, c)
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// econUpload posts data as the multipart file field and returns the page; the status must
// be 200.
func econUpload(t *testing.T, ts *httptest.Server, field, name string, data []byte) string {
	t.Helper()
	code, body := postUpload(t, ts, field, name, data)
	if code != 200 {
		t.Fatalf("upload: %d %s", code, body)
	}
	return body
}

func postUpload(t *testing.T, ts *httptest.Server, field, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	return econPost(t, ts.URL+"/oekonomi/businesscase", mw.FormDataContentType(), &b)
}

func econPost(t *testing.T, u, ctype string, body io.Reader) (int, string) {
	t.Helper()
	res, err := http.Post(u, ctype, body)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestEconBusinessCaseUpload(t *testing.T) {
	ts := newEconServer(t)
	data, err := os.ReadFile("../economics/testdata/hilleroed.json")
	if err != nil {
		t.Fatal(err)
	}
	body := econUpload(t, ts, "file", "hilleroed.json", data)
	if !strings.Contains(body, "3.876.785") {
		t.Error("uploaded case not evaluated")
	}
}

// TestEconBusinessCaseBadInput: every bad case is a 400 that names the field, shows
// nothing hostile unescaped, and evaluates nothing.
func TestEconBusinessCaseBadInput(t *testing.T) {
	ts := newEconServer(t)
	with := func(k, v string) string {
		q := hilleroedQuery()
		q.Set(k, v)
		return "/oekonomi/businesscase?" + q.Encode()
	}
	without := func(k string) string {
		q := hilleroedQuery()
		q.Del(k)
		return "/oekonomi/businesscase?" + q.Encode()
	}
	twice := func(k string) string {
		q := hilleroedQuery()
		q.Add(k, "1")
		return "/oekonomi/businesscase?" + q.Encode()
	}
	for _, c := range []struct{ name, url, field string }{
		{"NegativeInflow", with("yearly_inflow", "-5"), "yearly_inflow"},
		{"NonNumericInflow", with("yearly_inflow", "many"), "yearly_inflow"},
		{"NaN", with("yearly_benefit_cost", "NaN"), "yearly_benefit_cost"},
		{"Infinite", with("yearly_benefit_cost", "1e400"), "yearly_benefit_cost"},
		{"Huge", with("operating_costs.salary", "1e15"), "operating_costs.salary"},
		{"AfterLongerThanBefore", with("duration_after_weeks", "20"), "duration_after_weeks"},
		{"DiscountHundredPercent", with("discount_rate", "100"), "discount_rate"},
		{"ShareOver100", with("municipal_share", "150"), "municipal_share"},
		{"ReimbursementNegative", with("operating_costs.other_reimbursement", "-1"), "operating_costs.other_reimbursement"},
		{"RampUpBad", with("ramp_up", "50, abc"), "ramp_up[1]"},
		{"RampUpLongerThanHorizon", with("ramp_up", "10 20 30 40 50"), "ramp_up"},
		{"HorizonZero", with("horizon_years", "0"), "horizon_years"},
		{"HorizonFraction", with("horizon_years", "2.5"), "horizon_years"},
		{"FirstYearImplausible", with("first_year", "1066"), "first_year"},
		{"UnknownGroup", with("target_group.benefit_group", `<script>alert(1)</script>`), "target_group.benefit_group"},
		{"HostileName", with("target_group.name", "  "), "target_group.name"},
		{"MissingInflow", without("yearly_inflow"), "yearly_inflow"},
		{"MissingShare", without("municipal_share"), "municipal_share"},
		{"DuplicatedInflow", twice("yearly_inflow"), "yearly_inflow"},
		{"BadCheckbox", with("use_staircase", `"><script>x</script>`), "use_staircase"},
		{"BadStaircase", with("use_staircase", "on") + "&staircase=%7B%22steps%22%3A1%7D", "staircase"},
		{"GappedStaircase", with("use_staircase", "on") + "&staircase=" + url.QueryEscape(`{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":6,"to_week":0,"rate":0.2}]}`), "staircase.steps"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := getWith(t, ts.URL+c.url, nil)
			checkBad(t, code, body, c.field)
			if !strings.Contains(body, `class="field-problem"`) && !strings.Contains(body, `type="hidden" name="staircase"`) && c.field != "use_staircase" {
				t.Error("the problem is not shown next to a field")
			}
		})
	}
	// The hostile name is shown, escaped, on a good case.
	code, body := getWith(t, ts.URL+with("target_group.name", `<script>alert(1)</script>`), nil)
	if code != 200 || strings.Contains(body, "<script>") || !strings.Contains(body, "&lt;script&gt;") {
		t.Errorf("hostile name: %d", code)
	}
	for _, c := range []struct{ name, url string }{
		{"UnknownFormat", "/oekonomi/businesscase?format=pdf"},
		{"UnknownTable", "/oekonomi/businesscase?format=csv&table=secret"},
		{"JSONOfBadCase", with("yearly_inflow", "-1") + "&format=json"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := getWith(t, ts.URL+c.url, nil)
			if code != 400 || strings.Contains(body, "<script") {
				t.Errorf("%d %s", code, body)
			}
		})
	}
}

func checkBad(t *testing.T, code int, body, field string) {
	t.Helper()
	if code != 400 {
		t.Errorf("status %d, want 400", code)
	}
	if !strings.Contains(body, field) {
		t.Errorf("the message does not name %s", field)
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "<script ") {
		t.Error("a script reached the page")
	}
	if strings.Contains(body, `id="npv"`) {
		t.Error("a bad case was evaluated")
	}
}

func TestEconBusinessCaseBadUpload(t *testing.T) {
	ts := newEconServer(t)
	good := mustJSON(t, web.HilleroedExample())
	var withUnknown map[string]any
	json.Unmarshal(good, &withUnknown)
	withUnknown["<script>x</script>"] = 1
	big := append([]byte(`{"notes": "`), bytes.Repeat([]byte("a"), economics.BusinessCaseMaxBytes)...)
	for _, c := range []struct {
		name, field string
		data        []byte
		want        string
	}{
		{"NotJSON", "file", []byte("this is not json"), "malformed JSON"},
		{"UnknownField", "file", mustJSON(t, withUnknown), "unknown field"},
		{"Array", "file", []byte(`[1,2]`), "JSON object"},
		{"MissingField", "file", []byte(`{"version":1}`), "missing"},
		{"WrongType", "file", bytes.Replace(good, []byte(`"yearly_inflow":459`), []byte(`"yearly_inflow":"459"`), 1), "yearly_inflow"},
		{"Invalid", "file", bytes.Replace(good, []byte(`"discount_rate":0.04`), []byte(`"discount_rate":1.5`), 1), "discount_rate"},
		{"TooLarge", "file", big, "bytes"},
		{"NoFileField", "other", good, "no file"},
		{"Empty", "file", nil, "business case"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := postUpload(t, ts, c.field, "case.json", c.data)
			if code != 400 || !strings.Contains(body, c.want) || !strings.Contains(body, `id="upload-problem"`) {
				t.Errorf("%d, want 400 with %q: %.2000s", code, c.want, body)
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, `id="npv"`) {
				t.Error("script shown or case evaluated")
			}
		})
	}
	t.Run("WrongContentType", func(t *testing.T) {
		code, body := econPost(t, ts.URL+"/oekonomi/businesscase", "application/json", bytes.NewReader(good))
		if code != 400 || !strings.Contains(body, "multipart/form-data") {
			t.Errorf("%d %.500s", code, body)
		}
	})
	t.Run("BrokenMultipart", func(t *testing.T) {
		code, _ := econPost(t, ts.URL+"/oekonomi/businesscase", "multipart/form-data; boundary=xyz", strings.NewReader("--xyz\r\nnonsense"))
		if code != 400 {
			t.Errorf("%d", code)
		}
	})
}

func TestEconBusinessCaseTables(t *testing.T) {
	ts := newEconServer(t)
	for _, table := range []string{"years", "sensitivity"} {
		for _, format := range []string{"csv", "csv-da", "xlsx"} {
			res, err := http.Get(ts.URL + "/oekonomi/businesscase?table=" + table + "&format=" + format + "&" + hilleroedQuery().Encode())
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Disposition"), "attachment") || len(b) < 50 {
				t.Errorf("%s %s: %d %s", table, format, res.StatusCode, b)
			}
			if table == "years" && format == "csv" && !strings.Contains(string(b), "3876784.6") {
				t.Errorf("years csv lacks the gross saving of year 1:\n%s", b)
			}
		}
	}
}

func TestEconBusinessCaseBrowser(t *testing.T) {
	ts := newEconServer(t)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	dom := browse(t, ts.URL+"/oekonomi/businesscase", filepath.Join(dir, "econ-businesscase.png"))
	// Chromium asks for English.
	if !strings.Contains(dom, "3,876,785") || !strings.Contains(dom, "<svg") {
		t.Errorf("the browser does not show the case: %.3000s", dom)
	}
	q := hilleroedQuery()
	q.Set("duration_after_weeks", "30")
	browse(t, ts.URL+"/oekonomi/businesscase?"+q.Encode(), filepath.Join(dir, "econ-businesscase-error.png"))
	// The whole page, charts included, and as printed.
	fullPage(t, ts.URL+"/oekonomi/businesscase", filepath.Join(dir, "econ-businesscase-full.png"), false)
	fullPage(t, ts.URL+"/oekonomi/businesscase", filepath.Join(dir, "econ-businesscase.pdf"), true)
	// A case that loses money at the assumed values: red and green in the heat map.
	q = hilleroedQuery()
	q.Set("yearly_inflow", "60")
	fullPage(t, ts.URL+"/oekonomi/businesscase?"+q.Encode(), filepath.Join(dir, "econ-businesscase-loss.png"), false)
}

// fullPage saves a tall screenshot of url, or with pdf a print of it.
func fullPage(t *testing.T, url, out string, pdf bool) {
	t.Helper()
	arg := "--screenshot=" + out
	if pdf {
		arg = "--print-to-pdf=" + out
	}
	cmd := exec.Command(chromium(t), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--user-data-dir="+t.TempDir(), "--window-size=1280,2600", "--lang=da", arg, url)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, b)
	}
}
