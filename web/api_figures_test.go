package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
	"github.com/pejling/pejling/web"
)

var (
	binDir  string
	binOnce sync.Once
	binErr  error
	binOut  []byte

	dataOnce sync.Once
	dataDir  string
	dataErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// pejlingBin builds the pejling command once from ../cmd/pejling and returns its path.
func pejlingBin(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		if binDir, binErr = os.MkdirTemp("", "pejling-web-bin"); binErr != nil {
			return
		}
		binOut, binErr = exec.Command("go", "build", "-o", filepath.Join(binDir, "pejling"), "../cmd/pejling").CombinedOutput()
	})
	if binErr != nil {
		t.Fatalf("build pejling: %v\n%s", binErr, binOut)
	}
	return filepath.Join(binDir, "pejling")
}

// pejlingCLI runs the pejling command, built once from ../cmd/pejling, and returns its
// stdout; it fails the test unless the command succeeds.
func pejlingCLI(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command(pejlingBin(t), args...)
	cmd.Env = append(os.Environ(), "PEJLING_DB=")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("pejling %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

// demoData generates the small demo data set the API tests share (3000 persons, seed 5).
func demoData(t testing.TB) string {
	t.Helper()
	pejlingCLI(t, "help") // builds the binary outside dataOnce, so a failure reports in t
	dataOnce.Do(func() {
		if dataDir, dataErr = os.MkdirTemp(binDir, "data"); dataErr != nil {
			return
		}
		cmd := exec.Command(filepath.Join(binDir, "pejling"), "generate", "--persons", "3000", "--seed", "5", "--out", dataDir)
		if out, err := cmd.CombinedOutput(); err != nil {
			dataErr = fmt.Errorf("generate: %v\n%s", err, out)
		}
	})
	if dataErr != nil {
		t.Fatal(dataErr)
	}
	return dataDir
}

// newFiguresServer imports the demo data set into the store dsn (with its figure set,
// as pejling import does) and serves it as pejling serve does.
func newFiguresServer(t testing.TB, dsn string) (*httptest.Server, *sqldb.DB) {
	t.Helper()
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
	return serveSignedIn(t, srv, db), db
}

// identityQueries are the queries the API must answer exactly as pejling figures does.
var identityQueries = []struct {
	name   string
	params url.Values
}{
	{"OneMunicipalityAllGroups12Months", url.Values{"municipality": {"101"}, "from": {"2024-01-01"}, "to": {"2024-12-31"}, "every": {"month"}}},
	{"AllMunicipalitiesOneFigureByYear", url.Values{"figure": {"activation_rate"}, "from": {"2019-01-01"}, "to": {"2024-12-31"}, "every": {"year"}}},
	{"WeeksFromTheSpells", url.Values{"municipality": {"all,0751"}, "from": {"2024-03-01"}, "to": {"2024-05-31"}, "every": {"week"}}},
	{"CustomPeriodFromTheSpells", url.Values{"municipality": {"Aarhus"}, "group": {"KTH,all"}, "from": {"2024-02-10"}, "to": {"2024-07-20"}}},
	{"DanishName", url.Values{"municipality": {"København"}, "group": {"all,kth"}, "figure": {"full_time_persons,activation_rate"}, "from": {"2023-01-01"}, "to": {"2024-12-31"}, "every": {"quarter,year"}}},
	{"EnglishName", url.Values{"municipality": {"Copenhagen"}, "group": {"all,KTH"}, "figure": {"activation_rate,full_time_persons"}, "from": {"2023-01-01"}, "to": {"2024-12-31"}, "every": {"year,quarter"}}},
	{"NullValues", url.Values{"municipality": {"101"}, "group": {"AMY"}, "figure": {"activation_rate,coverage_rate"}, "from": {"2024-01-01"}, "to": {"2024-01-31"}}},
	{"NoRows", url.Values{"municipality": {"Frederiksberg"}, "from": {"2024-01-01"}, "to": {"2024-01-31"}}},
}

// cliArgs are the pejling figures arguments of the same query as params.
func cliArgs(dsn string, params url.Values) []string {
	args := []string{"figures", "--db", dsn, "--format", "json"}
	for _, name := range []string{"municipality", "group", "figure", "from", "to", "every"} {
		if v, ok := params[name]; ok {
			args = append(args, "--"+name, v[0])
		}
	}
	return args
}

func get(t testing.TB, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q", u, ct)
	}
	return res.StatusCode, string(body)
}

// testAPIEqualsCLI checks that the API answers every identity query with the CLI's
// rows, byte for byte, wrapped in {"rows": …}.
func testAPIEqualsCLI(t *testing.T, dsn string) {
	ts, _ := newFiguresServer(t, dsn)
	for _, q := range identityQueries {
		t.Run(q.name, func(t *testing.T) {
			want := pejlingCLI(t, cliArgs(dsn, q.params)...)
			status, got := get(t, ts.URL+"/api/v1/figures?"+q.params.Encode())
			if status != 200 {
				t.Fatalf("status %d: %s", status, got)
			}
			if wrapped := `{"rows":` + strings.TrimSuffix(want, "\n") + "}\n"; got != wrapped {
				t.Fatalf("API differs from the CLI:\napi %.400s\ncli %.400s", got, want)
			}
			var out struct {
				Rows []map[string]any `json:"rows"`
			}
			if err := json.Unmarshal([]byte(got), &out); err != nil {
				t.Fatal(err)
			}
			if len(out.Rows) == 0 && q.name != "NoRows" {
				t.Fatal("no rows: the query tests nothing")
			}
			if q.name == "NullValues" && !strings.Contains(got, `"value":null`) {
				t.Error("an empty value must be null")
			}
		})
	}
}

func TestAPIFiguresEqualCLI(t *testing.T) {
	testAPIEqualsCLI(t, filepath.Join(t.TempDir(), "p.db"))
}

func TestAPIFiguresEqualCLIPostgres(t *testing.T) {
	testAPIEqualsCLI(t, pgtest.NewDatabase(t))
}

// TestAPIFiguresBadInput sends missing, malformed, oversized and hostile parameters:
// each is a 400 with a JSON message naming the parameter, nothing echoed unescaped,
// and the store unchanged.
func TestAPIFiguresBadInput(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "p.db")
	ts, db := newFiguresServer(t, dsn)
	fingerprint := func() string {
		st, err := db.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		set, err := db.FindFigureSet(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%v %d %d %s", st.Tables, len(st.Imports), set.ID,
			pejlingCLI(t, "figures", "--db", dsn, "--from", "2024-01-01", "--to", "2024-12-31", "--every", "quarter"))
	}
	before := fingerprint()
	ok := "from=2024-01-01&to=2024-12-31"
	long := strings.Repeat("x", 10<<10)
	for _, tc := range []struct {
		name, query, mention string
	}{
		{"MissingFrom", "to=2024-12-31", "from"},
		{"MissingTo", "from=2024-01-01", "to"},
		{"EmptyFrom", "from=&to=2024-12-31", "from"},
		{"NoParameters", "", "from"},
		{"BadDate", "from=2024-02-30&to=2024-12-31", "from"},
		{"DanishDate", "from=01-01-2024&to=2024-12-31", "from"},
		{"BadTo", "from=2024-01-01&to=tomorrow", "to"},
		{"EndBeforeStart", "from=2024-03-01&to=2024-02-01", "to"},
		{"UnknownMunicipality", ok + "&municipality=Atlantis", "municipality"},
		{"UnknownMunicipalityCode", ok + "&municipality=9999", "municipality"},
		{"UnknownGroup", ok + "&group=XYZ", "group"},
		{"UnknownFigure", ok + "&figure=nope", "figure"},
		{"UnknownEvery", ok + "&every=decade", "every"},
		{"NoWholePeriod", "from=2024-01-02&to=2024-01-30&every=month", "month"},
		{"TooManyPeriods", "from=1990-01-01&to=2024-12-31&every=month", "every"},
		{"CenturiesOfWeeks", "from=0001-01-01&to=9999-12-31&every=week", "every"},
		{"TooManyRows", "from=2015-01-01&to=2024-12-31&every=month", "rows"},
		{"XSS", ok + "&municipality=" + url.QueryEscape("<script>alert(1)</script>"), "municipality"},
		{"XSSInName", ok + "&" + url.QueryEscape("<script>") + "=1", "unknown parameter"},
		{"PathTraversal", ok + "&figure=" + url.QueryEscape("../../etc/passwd"), "figure"},
		{"SQL", ok + "&group=" + url.QueryEscape("'; DROP TABLE x;--"), "group"},
		{"SQLInMunicipality", ok + "&municipality=" + url.QueryEscape("101' OR '1'='1"), "municipality"},
		{"RawSemicolon", ok + "&group=KTH;DROP", "query string"},
		{"NUL", ok + "&every=month%00", "every"},
		{"NULInDate", "from=2024-01-01%00&to=2024-12-31", "from"},
		{"BadEscape", ok + "&group=%zz", "query string"},
		{"LongParameter", ok + "&municipality=" + long, "municipality"},
		{"LongDate", "from=" + long + "&to=2024-12-31", "from"},
		{"RepeatedParameter", ok + "&municipality=101&municipality=147", "municipality"},
		{"RepeatedFrom", ok + "&from=2023-01-01", "from"},
		{"UnknownParameter", ok + "&format=csv", "format"},
		{"InvalidUTF8", ok + "&group=%ff%fe", "group"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := get(t, ts.URL+"/api/v1/figures?"+tc.query)
			if status != 400 {
				t.Fatalf("status %d, want 400: %.300s", status, body)
			}
			var e struct {
				Error string `json:"error"`
			}
			if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
				t.Fatalf("not a JSON error: %v %.300s", err, body)
			}
			if !strings.Contains(e.Error, tc.mention) {
				t.Errorf("message %q does not name %q", e.Error, tc.mention)
			}
			if len(body) > 2000 {
				t.Errorf("a %d-byte answer: long input must not be echoed", len(body))
			}
			for _, raw := range []string{"<script", "\x00", long[:100]} {
				if strings.Contains(body, raw) {
					t.Errorf("answer echoes %q unescaped: %.300s", raw, body)
				}
			}
		})
	}
	t.Run("OtherMethods", func(t *testing.T) {
		for _, method := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			req, _ := http.NewRequest(method, ts.URL+"/api/v1/figures?"+ok, strings.NewReader("x"))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(string(body), `"error"`) {
				t.Errorf("%s: status %d, %s", method, res.StatusCode, body)
			}
		}
	})
	if after := fingerprint(); after != before {
		t.Fatal("the store changed")
	}
}

// blockingFigures is a FigureService that computes until its caller goes away, and
// tells when it saw that.
type blockingFigures struct{ stopped chan struct{} }

func (b blockingFigures) Figures(ctx context.Context, q figures.Query) ([]figures.Row, error) {
	<-ctx.Done()
	close(b.stopped)
	return nil, ctx.Err()
}

// TestAPIFiguresClientGone checks that a long computation (periods not in the stored
// set, from the spells) stops when the client goes away: the request's context reaches
// the FigureService.
func TestAPIFiguresClientGone(t *testing.T) {
	fs := blockingFigures{stopped: make(chan struct{})}
	srv, err := web.NewServer(fakeStatus{st: loaded}, fs, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := serveSignedIn(t, srv, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/api/v1/figures?from=2024-01-01&to=2024-06-30&every=week", nil)
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("the request got an answer before the client gave up")
	}
	select {
	case <-fs.stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("the computation went on after the client left")
	}
}

// BenchmarkAPIFigures60Months measures the server time of GET /api/v1/figures for one
// municipality, every group and figure, over the newest 60 months of the stored figure
// set, on the store named by PEJLING_BENCH_DB (skipped without it); it reports the
// median and 95th percentile. The store is only read.
//
//	PEJLING_BENCH_DB=/tmp/m1.db go test ./web -run '^$' -bench APIFigures60Months -benchtime 200x
func BenchmarkAPIFigures60Months(b *testing.B) {
	dsn := os.Getenv("PEJLING_BENCH_DB")
	if dsn == "" {
		b.Skip("set PEJLING_BENCH_DB to a store to measure")
	}
	ctx := context.Background()
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	held, err := db.FigureSetPeriods(ctx)
	if err != nil {
		b.Fatal(err)
	}
	var months []figures.Period
	for _, p := range held {
		if got := figures.Months(p.First, p.Last); len(got) == 1 && got[0] == p {
			months = append(months, p)
		}
	}
	if len(months) < 60 {
		b.Fatalf("the stored set holds %d months, want 60", len(months))
	}
	months = months[len(months)-60:]
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	srv.Users = db
	// The benchmark measures the API with its access check: a bearer token per request.
	u, err := db.FindUserByName(context.Background(), "bench-analyst") // a store used before
	if err != nil {
		u = newUser(b, db, "bench-analyst", pejling.RoleAnalyst, pejling.NationalMunicipality)
	}
	token := tokenFor(b, db, u)
	target := fmt.Sprintf("/api/v1/figures?municipality=101&from=%s&to=%s&every=month", months[0].First, months[59].Last)
	var took []time.Duration
	var size int
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		start := time.Now()
		srv.ServeHTTP(rec, req)
		took = append(took, time.Since(start))
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		size = rec.Body.Len()
	}
	slices.Sort(took)
	q := func(f float64) float64 { return float64(took[int(f*float64(len(took)-1))].Microseconds()) / 1000 }
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.95), "p95-ms")
	b.ReportMetric(float64(size), "bytes")
}
