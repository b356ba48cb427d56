package main_test

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/sqldb"
)

// The benchmark tests share one small generated demo store, which they only read:
// generating and importing it takes seconds, and every check below is against this one
// data set. It lives beside the test binary, which TestMain removes at the end.
var benchFixture struct {
	once sync.Once
	db   string
	err  error
}

func benchDB(t *testing.T) string {
	t.Helper()
	benchFixture.once.Do(func() {
		dir := filepath.Join(filepath.Dir(binary), "benchmark-store")
		data, db := filepath.Join(dir, "data"), filepath.Join(dir, "p.db")
		for _, args := range [][]string{
			{"generate", "--persons", "3000", "--seed", "7", "--out", data},
			{"import", "--quiet", "--db", db, data},
		} {
			cmd := exec.Command(binary, args...)
			cmd.Env = append(os.Environ(), "PEJLING_DB=")
			if out, err := cmd.CombinedOutput(); err != nil {
				benchFixture.err = fmt.Errorf("pejling %s: %v\n%s", strings.Join(args, " "), err, out)
				return
			}
		}
		benchFixture.db = db
	})
	if benchFixture.err != nil {
		t.Fatal(benchFixture.err)
	}
	return benchFixture.db
}

// higherIsBetter is the direction of each comparable figure, written down from
// DOMAIN.md §4/§8 rather than taken from the benchmark package.
var higherIsBetter = map[string]bool{
	"activation_rate": true, "coverage_rate": true, "placements_per_person_affected": true,
	"placement_share_of_activation": true, "cooperation_rate": true, "public_support_rate": false,
	"turnover_speed": true, "avg_duration_days": false, "self_support_rate_6m": true,
	"employment_rate_6m": true,
}

// better says whether a is strictly better than b on figure f.
func better(f string, a, b float64) bool {
	if higherIsBetter[f] {
		return a > b
	}
	return a < b
}

// competitionRanks ranks the present values: 1 + the number of strictly better ones,
// so ties share the best rank and the next rank skips ("1224").
func competitionRanks(vals map[int]float64, isBetter func(a, b float64) bool) map[int]int {
	out := map[int]int{}
	for m, v := range vals {
		r := 1
		for _, w := range vals {
			if isBetter(w, v) {
				r++
			}
		}
		out[m] = r
	}
	return out
}

// closeTo says whether a and b agree to rel relative to the larger of them (and 1e-300).
func closeTo(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Max(math.Abs(a), math.Abs(b)), 1e-300)
}

type csvOut struct {
	header []string
	rows   []map[string]string
}

func parseCSV(t *testing.T, s string) csvOut {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("not CSV (%v):\n%s", err, s)
	}
	out := csvOut{header: recs[0]}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out.rows = append(out.rows, m)
	}
	return out
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not an integer: %q", s)
	}
	return n
}

func atofT(t *testing.T, s string) float64 {
	t.Helper()
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return x
}

// muniCode reads a municipality code or name.
func muniCode(t *testing.T, s string) int {
	t.Helper()
	if s == "all" {
		return 0
	}
	c, ok := dk.LookupMunicipality(s)
	if !ok {
		t.Fatalf("unknown municipality %q", s)
	}
	return c
}

// figKey names one key figure value: municipality (0 = all), group ("all") and figure.
type figKey struct {
	m    int
	g, f string
}

// figs holds the values `pejling figures` gives for one calendar year; an empty value
// is absent. munis are the municipalities (not `all`) it has rows for.
type figs struct {
	v     map[figKey]float64
	munis []int
}

func (f figs) get(m int, g, figure string) (float64, bool) {
	x, ok := f.v[figKey{m, g, figure}]
	return x, ok
}

// yearFigures runs pejling figures for the calendar year: the independent source of
// every value the benchmark commands print.
func yearFigures(t *testing.T, db string, year int) figs {
	t.Helper()
	out := mustPejling(t, "figures", "--db", db, "--from", fmt.Sprintf("%d-01-01", year), "--to", fmt.Sprintf("%d-12-31", year))
	c := parseCSV(t, out)
	f := figs{v: map[figKey]float64{}}
	seen := map[int]bool{}
	for _, r := range c.rows {
		m := muniCode(t, r["municipality"])
		if m != 0 && !seen[m] {
			seen[m] = true
			f.munis = append(f.munis, m)
		}
		if r["value"] != "" {
			f.v[figKey{m, r["benefit_group"], r["figure"]}] = atofT(t, r["value"])
		}
	}
	slices.Sort(f.munis)
	if len(f.munis) < 90 {
		t.Fatalf("the demo store has figures for only %d municipalities", len(f.munis))
	}
	return f
}

// frameworkAt reads the framework variables the way DOMAIN.md §4 and the command's help
// describe, independently of the benchmark package: the values shipped with Pejling
// (dk), overridden by the store's municipality_facts and imported framework values;
// for a year, each municipality's value from the nearest year that has one (the later
// on a tie).
func frameworkAt(t *testing.T, db string, vars []string, year int) map[string]map[int]float64 {
	t.Helper()
	s, err := sqldb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	facts, err := s.ReadFacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	imported, err := s.ReadFrameworkValues(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	series := map[string]map[int]map[int]float64{}
	for _, f := range append(append(slices.Clone(dk.Framework()), facts...), imported...) {
		if !slices.Contains(vars, f.Variable) || math.IsNaN(f.Value) {
			continue
		}
		if series[f.Variable] == nil {
			series[f.Variable] = map[int]map[int]float64{}
		}
		if series[f.Variable][f.Municipality] == nil {
			series[f.Variable][f.Municipality] = map[int]float64{}
		}
		series[f.Variable][f.Municipality][f.Year] = f.Value
	}
	out := map[string]map[int]float64{}
	for _, v := range vars {
		out[v] = map[int]float64{}
		for m, byYear := range series[v] {
			best := -1
			for y := range byYear {
				d, bd := abs(y-year), abs(best-year)
				if best < 0 || d < bd || (d == bd && y > best) {
					best = y
				}
			}
			out[v][m] = byYear[best]
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// defaultVariables are the framework variables of peers and expected levels when none
// are chosen (benchmark.DefaultVariables, written down here); the two size variables
// enter as logarithms.
var defaultVariables = []string{"unemployment_pct", "employees_per_1000", "higher_education_pct",
	"non_danish_origin_pct", "disposable_income_dkk", "age65plus_pct", "owner_occupied_pct",
	"one_person_households_pct", "commute_distance_km", "population_density"}

func transformed(variable string, x float64) float64 {
	if variable == "population" || variable == "population_density" {
		return math.Log(x)
	}
	return x
}

// lsFit is a least-squares fit of the witness.
type lsFit struct {
	coef, se, fitted, leverage []float64
	sigma, r2                  float64
	df                         int
}

// leastSquares fits y = Xβ (X holds its own intercept column) by modified Gram–Schmidt
// on the columns scaled to unit length (Björck, Numerical Methods for Least Squares
// Problems, 1996, §2.4.3: MGS applied to [X y] gives a backward-stable solution). It is
// a different algorithm from the command's Householder QR, so agreement to many digits
// is evidence for both. σ² = RSS/(n−p), se = σ √diag(R⁻¹R⁻ᵀ), leverage h_i = Σ_k q_ik².
func leastSquares(x [][]float64, y []float64) lsFit {
	n, p := len(x), len(x[0])
	q := make([][]float64, p) // columns
	scale := make([]float64, p)
	for j := range q {
		q[j] = make([]float64, n)
		for i := range n {
			q[j][i] = x[i][j]
		}
		scale[j] = norm(q[j])
		for i := range q[j] {
			q[j][i] /= scale[j]
		}
	}
	r := make([][]float64, p)
	for k := range r {
		r[k] = make([]float64, p)
	}
	rest := slices.Clone(y)
	z := make([]float64, p)
	for k := range p {
		r[k][k] = norm(q[k])
		for i := range q[k] {
			q[k][i] /= r[k][k]
		}
		for j := k + 1; j < p; j++ {
			r[k][j] = dot(q[k], q[j])
			for i := range q[j] {
				q[j][i] -= r[k][j] * q[k][i]
			}
		}
		z[k] = dot(q[k], rest)
		for i := range rest {
			rest[i] -= z[k] * q[k][i]
		}
	}
	// R⁻¹ by back substitution, column by column.
	rinv := make([][]float64, p)
	for k := range rinv {
		rinv[k] = make([]float64, p)
	}
	for c := range p {
		for i := p - 1; i >= 0; i-- {
			s := 0.0
			if i == c {
				s = 1
			}
			for j := i + 1; j < p; j++ {
				s -= r[i][j] * rinv[j][c]
			}
			rinv[i][c] = s / r[i][i]
		}
	}
	f := lsFit{coef: make([]float64, p), se: make([]float64, p), fitted: make([]float64, n), leverage: make([]float64, n), df: n - p}
	for i := range p {
		for j := range p {
			f.coef[i] += rinv[i][j] * z[j]
		}
	}
	var rss, mean, tss float64
	for i := range n {
		f.fitted[i] = y[i] - rest[i]
		rss += rest[i] * rest[i]
		mean += y[i] / float64(n)
		for k := range p {
			f.leverage[i] += q[k][i] * q[k][i]
		}
	}
	for _, v := range y {
		tss += (v - mean) * (v - mean)
	}
	f.sigma = math.Sqrt(rss / float64(n-p))
	f.r2 = 1 - rss/tss
	for i := range p {
		var s float64
		for j := range p {
			s += rinv[i][j] * rinv[i][j]
		}
		f.se[i] = f.sigma * math.Sqrt(s) / scale[i]
		f.coef[i] /= scale[i]
	}
	return f
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }

// jsonNum is a JSON number that may be null (an empty value).
type jsonNum = *float64

type expectedJSON struct {
	Figure       string `json:"figure"`
	Group        string `json:"benefit_group"`
	Period       string `json:"period"`
	Year         int    `json:"framework_year"`
	Coefficients []struct {
		Name     string  `json:"name"`
		Estimate jsonNum `json:"estimate"`
		StdErr   jsonNum `json:"std_error"`
		T        jsonNum `json:"t"`
	} `json:"coefficients"`
	R2         jsonNum `json:"r2"`
	AdjustedR2 jsonNum `json:"adjusted_r2"`
	Sigma      jsonNum `json:"sigma"`
	N          int     `json:"n"`
	Rows       []struct {
		Municipality int     `json:"municipality"`
		Expected     jsonNum `json:"expected"`
		Residual     jsonNum `json:"residual"`
		Rank         int     `json:"rank"`
	} `json:"rows"`
}

// TestBenchmarkExpected checks the expected level of activation_rate: the CSV's shape,
// its internal arithmetic (interval, residual, rank), and the regression itself against
// a least-squares fit computed here from the framework values and pejling figures.
func TestBenchmarkExpected(t *testing.T) {
	db := benchDB(t)
	fig := yearFigures(t, db, 2024)
	out := mustPejling(t, "benchmark", "expected", "--db", db, "--figure", "activation_rate", "--format", "csv")
	if first, _, _ := strings.Cut(out, "\n"); first != "municipality,actual,expected,lower,upper,residual,rank" {
		t.Fatalf("header %q", first)
	}
	c := parseCSV(t, out)

	// One row per municipality with a value of activation_rate (group all) in 2024, the
	// default period (the latest whole year before as_of 2025-06-30).
	var want []int
	for _, m := range fig.munis {
		if _, ok := fig.get(m, "all", "activation_rate"); ok {
			want = append(want, m)
		}
	}
	var got []int
	type row struct{ actual, expected, lower, upper, residual float64 }
	rows := map[int]row{}
	ranks := map[int]int{}
	for _, r := range c.rows {
		m := atoiT(t, r["municipality"])
		if _, dup := rows[m]; dup {
			t.Fatalf("municipality %d twice", m)
		}
		got = append(got, m)
		x := row{atofT(t, r["actual"]), atofT(t, r["expected"]), atofT(t, r["lower"]), atofT(t, r["upper"]), atofT(t, r["residual"])}
		rows[m], ranks[m] = x, atoiT(t, r["rank"])
		if !(x.lower <= x.expected && x.expected <= x.upper) {
			t.Errorf("%d: expected %v outside its interval [%v, %v]", m, x.expected, x.lower, x.upper)
		}
		if !closeTo(x.residual, x.actual-x.expected, 1e-12) {
			t.Errorf("%d: residual %v, actual − expected %v", m, x.residual, x.actual-x.expected)
		}
		if v, _ := fig.get(m, "all", "activation_rate"); !closeTo(x.actual, v, 1e-12) {
			t.Errorf("%d: actual %v, pejling figures %v", m, x.actual, v)
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("rows for %v,\nwant the municipalities with a value %v", got, want)
	}
	// Competition ranks by residual; activation_rate: a higher residual is better.
	resid := map[int]float64{}
	for m, x := range rows {
		resid[m] = x.residual
	}
	for m, r := range competitionRanks(resid, func(a, b float64) bool { return a > b }) {
		if ranks[m] != r {
			t.Errorf("%d: rank %d, want %d (residual %v)", m, ranks[m], r, resid[m])
		}
	}

	// The regression, refitted here.
	var e expectedJSON
	jout := mustPejling(t, "benchmark", "expected", "--db", db, "--figure", "activation_rate", "--format", "json")
	if err := json.Unmarshal([]byte(jout), &e); err != nil {
		t.Fatalf("%v\n%s", err, jout)
	}
	if e.Period != "2024" || e.Year != 2024 || e.Figure != "activation_rate" || e.Group != "all" {
		t.Fatalf("period %q, framework year %d, figure %q, group %q", e.Period, e.Year, e.Figure, e.Group)
	}
	names := []string{"(intercept)"}
	names = append(names, defaultVariables...)
	var gotNames []string
	for _, co := range e.Coefficients {
		gotNames = append(gotNames, co.Name)
	}
	if !slices.Equal(gotNames, names) {
		t.Fatalf("coefficients %v, want %v", gotNames, names)
	}
	fw := frameworkAt(t, db, defaultVariables, 2024)
	x := make([][]float64, len(got))
	y := make([]float64, len(got))
	for i, m := range got {
		x[i] = []float64{1}
		for _, v := range defaultVariables {
			val, ok := fw[v][m]
			if !ok {
				t.Fatalf("%d has no %s, yet a row", m, v)
			}
			x[i] = append(x[i], transformed(v, val))
		}
		y[i] = rows[m].actual
	}
	w := leastSquares(x, y)
	scaleY := norm(y) / math.Sqrt(float64(len(y))) // the size of the values, for absolute tolerances
	for i, m := range got {
		// The printed coefficients times the framework values give the printed expected value.
		var fromCoef float64
		for j, co := range e.Coefficients {
			fromCoef += *co.Estimate * x[i][j]
		}
		if math.Abs(fromCoef-rows[m].expected) > 1e-9*scaleY {
			t.Errorf("%d: Σ coefficient × variable = %v, printed expected %v", m, fromCoef, rows[m].expected)
		}
		if math.Abs(w.fitted[i]-rows[m].expected) > 1e-9*scaleY {
			t.Errorf("%d: fitted here %v, printed expected %v", m, w.fitted[i], rows[m].expected)
		}
		// The prediction interval is ŷ ± t(df) σ √(1 + h_i): symmetric, and the same t for
		// every row, between t(∞) = 1.960 and t(60) = 2.000 for df ≥ 60.
		lo, hi := rows[m].expected-rows[m].lower, rows[m].upper-rows[m].expected
		if math.Abs(lo-hi) > 1e-9*scaleY {
			t.Errorf("%d: interval not symmetric: −%v +%v", m, lo, hi)
		}
		tq := hi / (w.sigma * math.Sqrt(1+w.leverage[i]))
		if w.df < 60 || !(tq > 1.959 && tq < 2.001) {
			t.Errorf("%d: interval half-width %v is %v σ√(1+h) (df %d), want t(0.975, df)", m, hi, tq, w.df)
		}
	}
	for j, co := range e.Coefficients {
		if math.Abs(*co.Estimate-w.coef[j]) > 1e-6*w.se[j] || !closeTo(*co.StdErr, w.se[j], 1e-6) || !closeTo(*co.T, *co.Estimate / *co.StdErr, 1e-9) {
			t.Errorf("%s: estimate %v ± %v (t %v), refitted %v ± %v", co.Name, *co.Estimate, *co.StdErr, *co.T, w.coef[j], w.se[j])
		}
	}
	if math.Abs(*e.R2-w.r2) > 1e-9 || !closeTo(*e.Sigma, w.sigma, 1e-9) {
		t.Errorf("R² %v σ %v, refitted R² %v σ %v", *e.R2, *e.Sigma, w.r2, w.sigma)
	}
}

// TestBenchmarkExpectedJSON checks the JSON of an expected level against its CSV.
func TestBenchmarkExpectedJSON(t *testing.T) {
	db := benchDB(t)
	for _, figure := range []string{"activation_rate", "avg_duration_days"} {
		t.Run(figure, func(t *testing.T) {
			c := parseCSV(t, mustPejling(t, "benchmark", "expected", "--db", db, "--figure", figure, "--format", "csv"))
			out := mustPejling(t, "benchmark", "expected", "--db", db, "--figure", figure, "--format", "json")
			var e expectedJSON
			if err := json.Unmarshal([]byte(out), &e); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(e.Coefficients) != 1+len(defaultVariables) {
				t.Errorf("%d coefficients", len(e.Coefficients))
			}
			for _, co := range e.Coefficients {
				if co.Estimate == nil || co.StdErr == nil || co.T == nil || !(*co.StdErr > 0) || math.IsInf(*co.StdErr, 0) {
					t.Errorf("coefficient %s: estimate %v, std. error %v, t %v", co.Name, co.Estimate, co.StdErr, co.T)
				}
			}
			if e.R2 == nil || !(*e.R2 >= 0 && *e.R2 <= 1) {
				t.Errorf("r2 %v", e.R2)
			}
			if e.N != len(c.rows) || len(e.Rows) != e.N {
				t.Errorf("n %d, %d JSON rows, %d CSV rows", e.N, len(e.Rows), len(c.rows))
			}
			p := len(e.Coefficients)
			if e.AdjustedR2 == nil || e.R2 == nil || math.Abs(*e.AdjustedR2-(1-(1-*e.R2)*float64(e.N-1)/float64(e.N-p))) > 1e-12 {
				t.Errorf("adjusted r2 %v for r2 %v, n %d, p %d", e.AdjustedR2, e.R2, e.N, p)
			}
			// avg_duration_days: lower is better, so the most negative residual ranks first.
			resid := map[int]float64{}
			for i, r := range e.Rows {
				resid[r.Municipality] = *r.Residual
				if c.rows[i]["municipality"] != strconv.Itoa(r.Municipality) || c.rows[i]["rank"] != strconv.Itoa(r.Rank) {
					t.Errorf("JSON row %d (%d, rank %d) differs from CSV %v", i, r.Municipality, r.Rank, c.rows[i])
				}
			}
			want := competitionRanks(resid, func(a, b float64) bool { return better(figure, a, b) })
			for _, r := range e.Rows {
				if r.Rank != want[r.Municipality] {
					t.Errorf("%d: rank %d, want %d (residual %v)", r.Municipality, r.Rank, want[r.Municipality], *r.Residual)
				}
			}
		})
	}
}

type peersJSON struct {
	Method string `json:"method"`
	K      int    `json:"k"`
	Fit    []struct {
		K  int     `json:"k"`
		R2 float64 `json:"r2"`
	} `json:"fit"`
	Municipalities []struct {
		Municipality int    `json:"municipality"`
		Cluster      string `json:"cluster"`
		Peers        []struct {
			Municipality int     `json:"municipality"`
			Distance     float64 `json:"distance"`
		} `json:"peers"`
	} `json:"municipalities"`
	LeftOut []string `json:"left_out"`
}

func peersOf(t *testing.T, args ...string) peersJSON {
	t.Helper()
	out := mustPejling(t, append([]string{"benchmark", "peers", "--format", "json"}, args...)...)
	var p peersJSON
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return p
}

// TestBenchmarkPeers checks a municipality's peers: the explanation in words against
// the CSV, determinism, Danish, and every method.
func TestBenchmarkPeers(t *testing.T) {
	db := benchDB(t)
	skive := muniCode(t, "Skive")
	text := mustPejling(t, "benchmark", "peers", "--db", db, "--municipality", "Skive")
	c := parseCSV(t, mustPejling(t, "benchmark", "peers", "--db", db, "--municipality", "Skive", "--format", "csv"))
	if len(c.rows) != 5 {
		t.Fatalf("%d peers in the CSV, want 5", len(c.rows))
	}
	var peerNames []string
	last := -1.0
	for i, r := range c.rows {
		d := atofT(t, r["distance"])
		if r["municipality"] != strconv.Itoa(skive) || atoiT(t, r["peer_rank"]) != i+1 || d < last || r["peer"] == r["municipality"] {
			t.Errorf("row %d: %v", i, r)
		}
		last = d
		if mu, ok := dk.MunicipalityByCode(atoiT(t, r["peer"])); !ok || mu.Name != r["peer_name"] {
			t.Errorf("peer %s is not %s", r["peer"], r["peer_name"])
		}
		peerNames = append(peerNames, r["peer_name"])
	}
	// "Skive's peers are A, B, C, D and E: …"
	_, rest, ok := strings.Cut(text, "Skive's peers are ")
	list, _, ok2 := strings.Cut(rest, ":")
	if !ok || !ok2 {
		t.Fatalf("the text does not name Skive's peers:\n%s", text)
	}
	named := strings.Split(strings.Replace(list, " and ", ", ", 1), ", ")
	if !slices.Equal(named, peerNames) {
		t.Errorf("the text names %q, the CSV %q", named, peerNames)
	}
	if !strings.Contains(text, "because") {
		t.Errorf("the text does not say why:\n%s", text)
	}
	if again := mustPejling(t, "benchmark", "peers", "--db", db, "--municipality", "Skive"); again != text {
		t.Errorf("two runs differ:\n%s\n---\n%s", text, again)
	}
	da := mustPejling(t, "benchmark", "peers", "--db", db, "--municipality", "Skive", "--lang", "da")
	if !strings.Contains(da, "Skive ligner mest "+strings.Join(peerNames[:4], ", ")+" og "+peerNames[4]) {
		t.Errorf("Danish text:\n%s", da)
	}
	if strings.Contains(da, "because") || strings.Contains(da, "'s peers") {
		t.Errorf("Danish explanation with English in it:\n%s", da)
	}
	t.Run("DanishHeadings", func(t *testing.T) {
		// The whole text is for a Danish reader, not only the explanation.
		for _, english := range []string{"Peers by", "framework conditions of", "differs most in", "distance"} {
			if strings.Contains(da, english) {
				t.Errorf("--lang da writes %q:\n%s", english, da)
			}
		}
	})

	all := peersOf(t, "--db", db)
	if all.Method != "iab" || len(all.Municipalities) < 90 {
		t.Fatalf("default method %q, %d municipalities", all.Method, len(all.Municipalities))
	}
	if again := peersOf(t, "--db", db); fmt.Sprint(again) != fmt.Sprint(all) {
		t.Error("two runs of the whole grouping differ")
	}

	t.Run("Ward", func(t *testing.T) {
		p := peersOf(t, "--db", db, "--method", "ward")
		checkClusters(t, p, 6)
		for i := 1; i < len(p.Fit); i++ {
			if !(p.Fit[i].R2 > p.Fit[i-1].R2) {
				t.Errorf("Ward: R² %v at k %d after %v at k %d: cutting the tree lower must explain more", p.Fit[i].R2, p.Fit[i].K, p.Fit[i-1].R2, p.Fit[i-1].K)
			}
		}
		checkEqualWeightNeighbours(t, db, p)
	})
	t.Run("KMeans", func(t *testing.T) {
		p := peersOf(t, "--db", db, "--method", "kmeans", "--k", "4")
		checkClusters(t, p, 4)
		checkEqualWeightNeighbours(t, db, p)
		if again := peersOf(t, "--db", db, "--method", "kmeans", "--k", "4"); fmt.Sprint(again) != fmt.Sprint(p) {
			t.Error("k-means with the same seed differs between runs")
		}
	})
	t.Run("OfficialDefault", func(t *testing.T) {
		p := peersOf(t, "--db", db, "--method", "official")
		if len(p.Fit) != 0 {
			t.Errorf("official clusters have no fit by k: %v", p.Fit)
		}
		for _, m := range p.Municipalities {
			if mu, _ := dk.MunicipalityByCode(m.Municipality); m.Cluster != mu.Group {
				t.Errorf("%d: cluster %q, Statistics Denmark's group %q", m.Municipality, m.Cluster, mu.Group)
			}
		}
		checkEqualWeightNeighbours(t, db, p)
	})
	t.Run("OfficialFile", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("municipality,cluster\n")
		want := map[int]string{}
		for _, mu := range dk.Municipalities() {
			if mu.Code%7 == 0 {
				continue // left out, and said so
			}
			want[mu.Code] = fmt.Sprintf("Klynge %c", 'A'+mu.Code%3)
			fmt.Fprintf(&b, "%s,%s\n", mu.Name, want[mu.Code])
		}
		file := writeFile(t, t.TempDir(), "clusters.csv", b.String())
		out, errOut, code := pejling(t, "benchmark", "peers", "--db", db, "--method", "official", "--clusters", file, "--format", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var p peersJSON
		if err := json.Unmarshal([]byte(out), &p); err != nil {
			t.Fatal(err)
		}
		if p.K != 3 || len(p.Municipalities) != len(want) {
			t.Errorf("k %d, %d municipalities, want 3 and %d", p.K, len(p.Municipalities), len(want))
		}
		for _, m := range p.Municipalities {
			if m.Cluster != want[m.Municipality] {
				t.Errorf("%d: cluster %q, file %q", m.Municipality, m.Cluster, want[m.Municipality])
			}
			for _, n := range m.Peers {
				if _, ok := want[n.Municipality]; !ok {
					t.Errorf("%d has peer %d, which has no cluster in the file", m.Municipality, n.Municipality)
				}
			}
		}
		if len(p.LeftOut) == 0 || !strings.Contains(errOut, "no official cluster") {
			t.Errorf("the municipalities without a cluster are not said to be left out: %v %q", p.LeftOut, errOut)
		}
	})
}

// checkClusters checks a clustering's shape: k labels, the fit for k = 2…12.
func checkClusters(t *testing.T, p peersJSON, k int) {
	t.Helper()
	if p.K != k {
		t.Errorf("k %d, want %d", p.K, k)
	}
	labels := map[string]bool{}
	for _, m := range p.Municipalities {
		labels[m.Cluster] = true
		if len(m.Peers) != 5 {
			t.Errorf("%d has %d peers", m.Municipality, len(m.Peers))
		}
	}
	if len(labels) != k {
		t.Errorf("%d clusters used, want %d", len(labels), k)
	}
	var ks []int
	for _, f := range p.Fit {
		ks = append(ks, f.K)
		if !(f.R2 >= 0 && f.R2 <= 1) {
			t.Errorf("k %d: R² %v", f.K, f.R2)
		}
	}
	if !slices.Equal(ks, []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}) {
		t.Errorf("fit for k %v, want 2…12", ks)
	}
}

// checkEqualWeightNeighbours recomputes every municipality's five nearest neighbours
// for the methods that weigh the framework variables equally: z-scores (sample
// standard deviation) of the variables of 2024, the size variable logged, Euclidean
// distance with weight 1/10 each.
func checkEqualWeightNeighbours(t *testing.T, db string, p peersJSON) {
	t.Helper()
	fw := frameworkAt(t, db, defaultVariables, 2024)
	var munis []int
	for _, m := range p.Municipalities {
		munis = append(munis, m.Municipality)
	}
	z := map[int][]float64{}
	for _, v := range defaultVariables {
		var mean, ss float64
		for _, m := range munis {
			mean += transformed(v, fw[v][m]) / float64(len(munis))
		}
		for _, m := range munis {
			d := transformed(v, fw[v][m]) - mean
			ss += d * d
		}
		sd := math.Sqrt(ss / float64(len(munis)-1))
		for _, m := range munis {
			z[m] = append(z[m], (transformed(v, fw[v][m])-mean)/sd)
		}
	}
	dist := func(a, b int) float64 {
		var s float64
		for j := range z[a] {
			s += (z[a][j] - z[b][j]) * (z[a][j] - z[b][j]) / float64(len(defaultVariables))
		}
		return math.Sqrt(s)
	}
	for _, m := range p.Municipalities {
		others := slices.DeleteFunc(slices.Clone(munis), func(x int) bool { return x == m.Municipality })
		slices.SortFunc(others, func(a, b int) int {
			da, db := dist(m.Municipality, a), dist(m.Municipality, b)
			if da != db {
				if da < db {
					return -1
				}
				return 1
			}
			return a - b
		})
		for i, n := range m.Peers {
			if n.Municipality != others[i] || !closeTo(n.Distance, dist(m.Municipality, n.Municipality), 1e-9) {
				t.Errorf("%d: peer %d is %d at %v, want %d at %v", m.Municipality, i+1, n.Municipality, n.Distance, others[i], dist(m.Municipality, others[i]))
				break
			}
		}
	}
}

// TestBenchmarkRank checks ranks per figure, overall and within clusters against ranks
// computed here from pejling figures, the empty-figure rule, and the rank change.
func TestBenchmarkRank(t *testing.T) {
	db := benchDB(t)
	for _, tc := range []struct{ period, prev, group string }{
		{"2024", "2023", "all"},
		{"2024Q2", "2024Q1", "all"},
		{"2024", "2023", "KTH"},
	} {
		t.Run(tc.period+"_"+tc.group, func(t *testing.T) {
			args := []string{"benchmark", "rank", "--db", db, "--format", "csv", "--group", tc.group}
			cur := parseCSV(t, mustPejling(t, append(args, "--period", tc.period)...))
			prev := parseCSV(t, mustPejling(t, append(args, "--period", tc.prev)...))
			checkRanks(t, db, tc.period, tc.group, cur)
			prevRank := map[string]string{}
			for _, r := range prev.rows {
				prevRank[r["municipality"]] = r["overall_rank"]
			}
			var changes, unranked, ranked int
			for _, r := range cur.rows {
				if r["overall_rank"] == "" {
					unranked++
				} else {
					ranked++
				}
				if r["overall_rank"] == "" || prevRank[r["municipality"]] == "" {
					if r["previous_overall_rank"] != "" || r["change"] != "" {
						t.Errorf("%s: previous rank %q and change %q without two overall ranks", r["name"], r["previous_overall_rank"], r["change"])
					}
					continue
				}
				changes++
				if r["previous_overall_rank"] != prevRank[r["municipality"]] {
					t.Errorf("%s: previous_overall_rank %s, overall_rank in %s %s", r["name"], r["previous_overall_rank"], tc.prev, prevRank[r["municipality"]])
				}
				if atoiT(t, r["change"]) != atoiT(t, r["previous_overall_rank"])-atoiT(t, r["overall_rank"]) {
					t.Errorf("%s: change %s, previous %s, now %s", r["name"], r["change"], r["previous_overall_rank"], r["overall_rank"])
				}
			}
			if changes == 0 || unranked == 0 || ranked == 0 {
				t.Fatalf("the demo store does not exercise the test: %d rank changes, %d ranked, %d without overall rank", changes, ranked, unranked)
			}
		})
	}
}

// periodRange gives the first and last day of a year or quarter label.
func periodRange(t *testing.T, p string) (string, string) {
	t.Helper()
	y, q, isQ := strings.Cut(p, "Q")
	if !isQ {
		return y + "-01-01", y + "-12-31"
	}
	first := []string{"01-01", "04-01", "07-01", "10-01"}[atoiT(t, q)-1]
	last := []string{"03-31", "06-30", "09-30", "12-31"}[atoiT(t, q)-1]
	return y + "-" + first, y + "-" + last
}

func checkRanks(t *testing.T, db, period, group string, c csvOut) {
	t.Helper()
	from, to := periodRange(t, period)
	fc := parseCSV(t, mustPejling(t, "figures", "--db", db, "--from", from, "--to", to, "--group", group))
	value := map[figKey]string{}
	for _, r := range fc.rows {
		value[figKey{muniCode(t, r["municipality"]), r["benefit_group"], r["figure"]}] = r["value"]
	}
	h := c.header
	tail := []string{"overall", "overall_rank", "cluster_overall_rank", "previous_overall_rank", "change", "missing"}
	if len(h) < 3+3+len(tail) || !slices.Equal(h[:3], []string{"municipality", "name", "cluster"}) || !slices.Equal(h[len(h)-len(tail):], tail) || (len(h)-3-len(tail))%3 != 0 {
		t.Fatalf("header %v", h)
	}
	var ids []string
	for i := 3; i < len(h)-len(tail); i += 3 {
		ids = append(ids, h[i])
		if h[i+1] != h[i]+"_rank" || h[i+2] != h[i]+"_cluster_rank" {
			t.Fatalf("header %v", h)
		}
	}
	wantIDs := []string{"public_support_rate", "turnover_speed", "avg_duration_days", "self_support_rate_6m", "placements_per_person_affected"}
	if group != "all" {
		wantIDs = wantIDs[1:] // public_support_rate exists for group all only
	}
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("figures %v, want %v", ids, wantIDs)
	}
	byCode := map[int]map[string]string{}
	cluster := map[int]string{}
	for _, r := range c.rows {
		m := atoiT(t, r["municipality"])
		byCode[m], cluster[m] = r, r["cluster"]
	}
	sums := map[int]int{} // Σ national ranks of those with every figure: exact, no rounding
	for _, f := range ids {
		vals := map[int]float64{}
		for m, r := range byCode {
			v := value[figKey{m, group, f}]
			if r[f] != v && !(r[f] != "" && v != "" && closeTo(atofT(t, r[f]), atofT(t, v), 1e-12)) {
				t.Errorf("%s %s: %q, pejling figures %q", r["name"], f, r[f], v)
			}
			if r[f] != "" {
				vals[m] = atofT(t, r[f])
			}
		}
		national := competitionRanks(vals, func(a, b float64) bool { return better(f, a, b) })
		for m, r := range byCode {
			want := ""
			if rk, ok := national[m]; ok {
				want = strconv.Itoa(rk)
			}
			if r[f+"_rank"] != want {
				t.Errorf("%s %s = %q: rank %q, want %q (ties share, an empty value has no rank)", r["name"], f, r[f], r[f+"_rank"], want)
			}
			inCluster := map[int]float64{}
			for o, v := range vals {
				if cluster[o] == cluster[m] {
					inCluster[o] = v
				}
			}
			want = ""
			if rk, ok := competitionRanks(inCluster, func(a, b float64) bool { return better(f, a, b) })[m]; ok {
				want = strconv.Itoa(rk)
			}
			if r[f+"_cluster_rank"] != want {
				t.Errorf("%s %s: cluster rank %q, want %q", r["name"], f, r[f+"_cluster_rank"], want)
			}
		}
	}
	for m, r := range byCode {
		var missing []string
		sum := 0
		for _, f := range ids {
			if r[f] == "" {
				missing = append(missing, f)
			} else {
				sum += atoiT(t, r[f+"_rank"])
			}
		}
		if r["missing"] != strings.Join(missing, " ") {
			t.Errorf("%s: missing %q, want %q", r["name"], r["missing"], strings.Join(missing, " "))
		}
		if len(missing) > 0 {
			if r["overall"] != "" || r["overall_rank"] != "" || r["cluster_overall_rank"] != "" {
				t.Errorf("%s has no %v, yet overall %q rank %q cluster rank %q", r["name"], missing, r["overall"], r["overall_rank"], r["cluster_overall_rank"])
			}
			continue
		}
		sums[m] = sum
		if r["overall"] == "" || math.Abs(atofT(t, r["overall"])-float64(sum)/float64(len(ids))) > 1e-9 {
			t.Errorf("%s: overall %q, mean rank %v", r["name"], r["overall"], float64(sum)/float64(len(ids)))
		}
	}
	less := func(a, b float64) bool { return a < b }
	sumsF := map[int]float64{}
	for m, s := range sums {
		sumsF[m] = float64(s)
	}
	for m, rk := range competitionRanks(sumsF, less) {
		if byCode[m]["overall_rank"] != strconv.Itoa(rk) {
			t.Errorf("%s: overall_rank %q for mean rank %s, want %d (equal mean ranks share the rank)", byCode[m]["name"], byCode[m]["overall_rank"], byCode[m]["overall"], rk)
		}
		inCluster := map[int]float64{}
		for o, s := range sumsF {
			if cluster[o] == cluster[m] {
				inCluster[o] = s
			}
		}
		if want := strconv.Itoa(competitionRanks(inCluster, less)[m]); byCode[m]["cluster_overall_rank"] != want {
			t.Errorf("%s: cluster_overall_rank %q, want %s", byCode[m]["name"], byCode[m]["cluster_overall_rank"], want)
		}
	}
}

type learnJSON struct {
	Municipality int      `json:"municipality"`
	Period       string   `json:"period"`
	Peers        []string `json:"peers"`
	Cells        []struct {
		Group    string   `json:"benefit_group"`
		Figure   string   `json:"figure"`
		Value    jsonNum  `json:"value"`
		PeerMean jsonNum  `json:"peer_mean"`
		Country  jsonNum  `json:"country"`
		Score    jsonNum  `json:"score"`
		Verdict  string   `json:"verdict"`
		Excel    []string `json:"learn_from"`
	} `json:"cells"`
	Summary string `json:"summary"`
}

// TestBenchmarkLearn checks cross-group learning for Aarhus against pejling figures.
func TestBenchmarkLearn(t *testing.T) {
	db := benchDB(t)
	fig := yearFigures(t, db, 2024)
	aarhus := muniCode(t, "Aarhus")
	// --min-persons 0 judges every group of the small test store; TestBenchmarkLearnTooFew
	// checks the default.
	c := parseCSV(t, mustPejling(t, "benchmark", "learn", "--db", db, "--municipality", "Aarhus", "--format", "csv", "--min-persons", "0"))
	if want := []string{"benefit_group", "figure", "value", "persons_affected", "peer_mean", "country", "score", "verdict", "learn_from"}; !slices.Equal(c.header, want) {
		t.Fatalf("header %v", c.header)
	}
	verdicts := map[string]int{}
	for _, r := range c.rows {
		s := atofT(t, r["score"])
		want := "average"
		if s >= 0.5 {
			want = "strong"
		} else if s <= -0.5 {
			want = "weak"
		}
		if r["verdict"] != want {
			t.Errorf("%s %s: score %v, verdict %q, want %q", r["benefit_group"], r["figure"], s, r["verdict"], want)
		}
		verdicts[r["verdict"]]++
	}
	if verdicts["strong"] == 0 || verdicts["weak"] == 0 || verdicts["average"] == 0 {
		t.Errorf("the demo store does not exercise every verdict: %v", verdicts)
	}

	out := mustPejling(t, "benchmark", "learn", "--db", db, "--municipality", "Aarhus", "--format", "json", "--min-persons", "0")
	var l learnJSON
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if l.Municipality != aarhus || l.Period != "2024" || len(l.Peers) != 5 || len(l.Cells) != len(c.rows) || l.Summary == "" {
		t.Fatalf("municipality %d, period %s, peers %v, %d cells (CSV %d), summary %q", l.Municipality, l.Period, l.Peers, len(l.Cells), len(c.rows), l.Summary)
	}
	peersCSV := parseCSV(t, mustPejling(t, "benchmark", "peers", "--db", db, "--municipality", "Aarhus", "--format", "csv"))
	for i, r := range peersCSV.rows {
		if l.Peers[i] != r["peer_name"] {
			t.Errorf("learn's peers %v are not Aarhus's peers", l.Peers)
		}
	}
	groups := []string{"DGP", "AMY", "KTH", "UDH", "IYD", "SDP", "JAF", "RES", "LED", "FLX", "REVA", "FREVA", "FTP", "SUY"}
	learnFigs := []string{"placements_per_person_affected", "activation_rate", "coverage_rate", "turnover_speed", "self_support_rate_6m"}
	var wantCells, gotCells []string
	for _, g := range groups {
		for _, f := range learnFigs {
			if _, ok := fig.get(aarhus, g, f); ok {
				wantCells = append(wantCells, g+" "+f)
			}
		}
	}
	learned := 0
	for i, cell := range l.Cells {
		gotCells = append(gotCells, cell.Group+" "+cell.Figure)
		name := cell.Group + " " + cell.Figure
		own, ok := fig.get(aarhus, cell.Group, cell.Figure)
		if !ok || cell.Value == nil || !closeTo(*cell.Value, own, 1e-12) {
			t.Errorf("%s: value %v, pejling figures %v", name, cell.Value, own)
			continue
		}
		if country, ok := fig.get(0, cell.Group, cell.Figure); ok != (cell.Country != nil) || (ok && !closeTo(*cell.Country, country, 1e-12)) {
			t.Errorf("%s: country %v, pejling figures %v (%v)", name, cell.Country, country, ok)
		}
		var sum float64
		var n int
		for _, p := range l.Peers {
			if x, ok := fig.get(muniCode(t, p), cell.Group, cell.Figure); ok {
				sum, n = sum+x, n+1
			}
		}
		if (n > 0) != (cell.PeerMean != nil) || (n > 0 && !closeTo(*cell.PeerMean, sum/float64(n), 1e-12)) {
			t.Errorf("%s: peer mean %v, mean of the peers' values %v", name, cell.PeerMean, sum/float64(n))
		}
		// Score: (value − peer mean) / the national standard deviation, positive is better.
		var xs []float64
		for _, m := range fig.munis {
			if x, ok := fig.get(m, cell.Group, cell.Figure); ok {
				xs = append(xs, x)
			}
		}
		want := 0.0
		if sd := sampleSD(xs); n > 0 && sd > 0 {
			want = (own - sum/float64(n)) / sd
			if !higherIsBetter[cell.Figure] {
				want = -want
			}
		}
		if cell.Score == nil || math.Abs(*cell.Score-want) > 1e-9 {
			t.Errorf("%s: score %v, want %v", name, cell.Score, want)
		}
		if r := c.rows[i]; r["benefit_group"] != cell.Group || r["figure"] != cell.Figure || r["verdict"] != cell.Verdict {
			t.Errorf("CSV row %d %v differs from JSON %s %s", i, r, name, cell.Verdict)
		}
		if len(cell.Excel) > 3 {
			t.Errorf("%s: %d to learn from, at most 3", name, len(cell.Excel))
		}
		prev := math.NaN()
		for _, e := range cell.Excel {
			m := muniCode(t, e)
			x, ok := fig.get(m, cell.Group, cell.Figure)
			if m == aarhus || !ok || !better(cell.Figure, x, own) {
				t.Errorf("%s: learn from %s (%v, %v), who is not better than Aarhus (%v)", name, e, x, ok, own)
			}
			if !math.IsNaN(prev) && better(cell.Figure, x, prev) {
				t.Errorf("%s: learn_from %v not best first", name, cell.Excel)
			}
			prev = x
			learned++
		}
	}
	if !slices.Equal(gotCells, wantCells) {
		t.Errorf("cells %v,\nwant Aarhus's group × figure values %v", gotCells, wantCells)
	}
	if learned == 0 {
		t.Error("no cell names anyone to learn from")
	}
}

func sampleSD(xs []float64) float64 {
	if len(xs) < 3 {
		return 0
	}
	var mean, ss float64
	for _, x := range xs {
		mean += x / float64(len(xs))
	}
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

type compareJSON struct {
	Municipality int      `json:"municipality"`
	Reference    string   `json:"reference"`
	Members      []string `json:"reference_members"`
	Rows         []struct {
		Group      string  `json:"benefit_group"`
		Figure     string  `json:"figure"`
		Value      jsonNum `json:"value"`
		Reference  jsonNum `json:"reference"`
		Difference jsonNum `json:"difference"`
		Better     string  `json:"better"`
	} `json:"rows"`
}

// TestBenchmarkCompare checks Skive beside the country, Viborg and its peers against
// pejling figures.
func TestBenchmarkCompare(t *testing.T) {
	db := benchDB(t)
	fig := yearFigures(t, db, 2024)
	skive := muniCode(t, "Skive")
	var peers []int
	for _, r := range parseCSV(t, mustPejling(t, "benchmark", "peers", "--db", db, "--municipality", "Skive", "--format", "csv")).rows {
		peers = append(peers, atoiT(t, r["peer"]))
	}
	groups := []string{"all", "DGP", "AMY", "KTH", "UDH", "IYD", "SDP", "JAF", "RES", "LED", "FLX", "REVA", "FREVA", "FTP", "SUY"}
	comparable := []string{"activation_rate", "coverage_rate", "placements_per_person_affected", "placement_share_of_activation",
		"cooperation_rate", "public_support_rate", "turnover_speed", "avg_duration_days", "self_support_rate_6m", "employment_rate_6m"}
	for _, tc := range []struct {
		ref     string
		members []int // the reference is the mean of their values; none: the country
	}{
		{"country", nil},
		{"Viborg", []int{muniCode(t, "Viborg")}},
		{"peers", peers},
	} {
		t.Run(tc.ref, func(t *testing.T) {
			out := mustPejling(t, "benchmark", "compare", "--db", db, "--municipality", "Skive", "--reference", tc.ref, "--format", "json")
			var c compareJSON
			if err := json.Unmarshal([]byte(out), &c); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			var members []int
			for _, m := range c.Members {
				members = append(members, muniCode(t, m))
			}
			if c.Municipality != skive || !slices.Equal(members, tc.members) {
				t.Fatalf("municipality %d, reference members %v, want %v", c.Municipality, members, tc.members)
			}
			reference := func(g, f string) (float64, bool) {
				if tc.members == nil {
					return fig.get(0, g, f)
				}
				var sum float64
				var n int
				for _, m := range tc.members {
					if x, ok := fig.get(m, g, f); ok {
						sum, n = sum+x, n+1
					}
				}
				return sum / float64(n), n > 0
			}
			var want, got []string
			for _, g := range groups {
				for _, f := range comparable {
					if g != "all" && (f == "cooperation_rate" || f == "public_support_rate") {
						continue
					}
					_, ok1 := fig.get(skive, g, f)
					_, ok2 := reference(g, f)
					if ok1 || ok2 {
						want = append(want, g+" "+f)
					}
				}
			}
			for _, r := range c.Rows {
				name := r.Group + " " + r.Figure
				got = append(got, name)
				v, okV := fig.get(skive, r.Group, r.Figure)
				ref, okR := reference(r.Group, r.Figure)
				if okV != (r.Value != nil) || (okV && !closeTo(*r.Value, v, 1e-12)) {
					t.Errorf("%s: value %v, pejling figures %v (%v)", name, r.Value, v, okV)
				}
				if okR != (r.Reference != nil) || (okR && !closeTo(*r.Reference, ref, 1e-12)) {
					t.Errorf("%s: reference %v, from pejling figures %v (%v)", name, r.Reference, ref, okR)
				}
				wantBetter := ""
				if okV && okR {
					if r.Difference == nil || math.Abs(*r.Difference-(v-ref)) > 1e-12*math.Max(1, math.Abs(v)) {
						t.Errorf("%s: difference %v, want %v", name, r.Difference, v-ref)
					}
					switch {
					case math.Abs(v-ref) <= 1e-12:
						wantBetter = "same"
					case better(r.Figure, v, ref):
						wantBetter = "better"
					default:
						wantBetter = "worse"
					}
				} else if r.Difference != nil {
					t.Errorf("%s: difference %v with an empty value", name, *r.Difference)
				}
				if r.Better != wantBetter {
					t.Errorf("%s: %q, want %q (%v against %v)", name, r.Better, wantBetter, v, ref)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("rows %v,\nwant %v", got, want)
			}
		})
	}
}

// TestBenchmarkBadInput checks that bad input is refused with a message that says what
// is wrong, and that nothing in the store changes.
func TestBenchmarkBadInput(t *testing.T) {
	db := benchDB(t)
	before := storeFingerprint(t, db)
	hash := fileHash(t, db)
	dir := t.TempDir()
	longLabel := strings.Repeat("x", 200)
	gz := []byte{0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xa5, 0x56, 0x4d, 0x6f, 0x1b, 0x37, 0x10, 0x3d, 0x6b, 0x7f, 0xc5, 0x74, 0x81, 0xa4, 0x92, 0xbb, 0x5a, 0x39, 0x40, 0xd1, 0x83, 0x00, 0x17, 0x88, 0xed, 0xa4, 0x97, 0xa6, 0x35, 0x62, 0xa4, 0x2c, 0x17, 0x59, 0x08, 0xb8, 0xbb, 0x5c, 0x2d, 0xe3, 0x15, 0xa9, 0x92, 0x5c, 0xd9, 0x82}
	files := map[string]string{
		"empty":     writeFile(t, dir, "empty.csv", ""),
		"header":    writeFile(t, dir, "header.csv", "municipality,cluster\n"),
		"unknown":   writeFile(t, dir, "unknown.csv", "municipality,cluster\nSkive,A\nAtlantis,B\n"),
		"duplicate": writeFile(t, dir, "duplicate.csv", "Skive,A\nViborg,B\n779,B\n"),
		"long":      writeFile(t, dir, "long.csv", "Skive,A\nViborg,"+longLabel+"\n"),
		"binary":    writeFile(t, dir, "binary.csv", string(gz)),
		"huge":      writeFile(t, dir, "huge.csv", strings.Repeat("Å", 100000)+",A\n"),
		"fields":    writeFile(t, dir, "fields.csv", "Skive;A\n"),
	}
	official := func(file string) []string {
		return []string{"peers", "--method", "official", "--clusters", file}
	}
	type bad struct {
		args []string
		code int      // 0: any non-zero
		want []string // in the message
	}
	cases := []bad{
		{[]string{"nonsense"}, 2, []string{"nonsense", "Usage: pejling benchmark"}},
		{[]string{"expected", "--figure", "full_time_persons"}, 1, []string{"full_time_persons", "count", "rate"}},
		{[]string{"rank", "--figures", "full_time_persons"}, 1, []string{"full_time_persons", "rate"}},
		{[]string{"expected", "--figure", "nope"}, 1, []string{`"nope"`, "activation_rate"}},
		{[]string{"compare", "--municipality", "Skive", "--figures", "nope"}, 1, []string{`"nope"`}},
		{[]string{"learn"}, 1, []string{"--municipality"}},
		{[]string{"compare"}, 1, []string{"--municipality"}},
		{[]string{"compare", "--municipality", "Skive", "--reference", "Atlantis"}, 1, []string{"Atlantis"}},
		{[]string{"peers", "--k", "0"}, 1, []string{"k must be"}},
		{[]string{"peers", "--k", "500"}, 1, []string{"k must be", "500"}},
		{[]string{"rank", "--k", "0"}, 1, []string{"k must be"}},
		{[]string{"peers", "--neighbours", "0"}, 1, []string{"neighbours"}},
		{[]string{"learn", "--municipality", "Aarhus", "--neighbours", "0"}, 1, []string{"neighbours"}},
		{[]string{"peers", "--method", "nonsense"}, 1, []string{"nonsense"}},
		{official(filepath.Join(dir, "missing.csv")), 1, []string{"missing.csv"}},
		{official(files["empty"]), 1, []string{"empty.csv", "no clusters"}},
		{official(files["header"]), 1, []string{"header.csv", "no clusters"}},
		{official(files["unknown"]), 1, []string{"unknown.csv:3", "Atlantis"}},
		{official(files["duplicate"]), 1, []string{"duplicate.csv:3", "Skive", "twice"}},
		{official(files["long"]), 1, []string{"long.csv:2", "100 characters"}},
		{official(files["binary"]), 1, []string{"binary.csv"}},
		{official(files["huge"]), 1, []string{"huge.csv:1", "unknown municipality"}},
		{official(files["fields"]), 1, []string{"fields.csv", "municipality,cluster"}},
	}
	// The flags every subcommand shares, refused by each.
	for _, sub := range [][]string{
		{"peers"}, {"expected", "--figure", "activation_rate"}, {"rank"},
		{"learn", "--municipality", "Aarhus"}, {"compare", "--municipality", "Aarhus"},
	} {
		for _, b := range []bad{
			{[]string{"--municipality", "Atlantis"}, 1, []string{"Atlantis", "unknown municipality"}},
			{[]string{"--period", "2024Q5"}, 1, []string{"2024Q5"}},
			{[]string{"--period", "1990"}, 1, []string{"1990", "does not hold"}},
			{[]string{"--variables", "nonexistent"}, 1, []string{"nonexistent"}},
			{[]string{"--variables", "unemployment_pct,unemployment_pct"}, 1, []string{"unemployment_pct", "twice"}},
			{[]string{"--format", "xml"}, 1, []string{"xml"}},
			{[]string{"--lang", "fr"}, 1, []string{"fr", "en or da"}},
			{[]string{"--group", "XYZ"}, 1, []string{"XYZ", "benefit group"}},
			{[]string{"--nonsense"}, 2, []string{"nonsense"}},
			{[]string{"extra-argument"}, 2, []string{"Usage"}},
		} {
			cases = append(cases, bad{append(slices.Clone(sub), b.args...), b.code, b.want})
		}
	}
	// The cases only read the store, so they run in parallel; the group ends when all have.
	t.Run("Cases", func(t *testing.T) {
		for _, b := range cases {
			t.Run(strings.ReplaceAll(strings.Join(b.args, " "), dir+string(filepath.Separator), ""), func(t *testing.T) {
				t.Parallel()
				out, errOut, code := pejling(t, append(append([]string{"benchmark"}, b.args...), "--db", db)...)
				if code == 0 || (b.code != 0 && code != b.code) {
					t.Errorf("exit %d, want %d\nstdout: %.300s\nstderr: %.300s", code, b.code, out, errOut)
				}
				if out != "" {
					t.Errorf("output on bad input: %.300s", out)
				}
				for _, w := range b.want {
					if !strings.Contains(errOut, w) {
						t.Errorf("the message does not say %q: %.500s", w, errOut)
					}
				}
				// The message is for people: one screen, no echo of a whole bad file.
				if len(errOut) > 3000 {
					t.Errorf("a %d-byte message: %.200s…", len(errOut), errOut)
				}
			})
		}
	})
	if after := fileHash(t, db); after != hash {
		t.Errorf("bad input changed the store's file")
	}
	if after := storeFingerprint(t, db); after != before {
		t.Errorf("bad input changed the store:\n%s\n%s", before, after)
	}

	// A store without figures: every subcommand says to import.
	empty := filepath.Join(t.TempDir(), "empty.db")
	mustPejling(t, "migrate", "--db", empty)
	emptyBefore, emptyHash := storeFingerprint(t, empty), fileHash(t, empty)
	for _, sub := range [][]string{
		{"peers"}, {"expected", "--figure", "activation_rate"}, {"rank"},
		{"learn", "--municipality", "Skive"}, {"compare", "--municipality", "Skive"},
	} {
		out, errOut, code := pejling(t, append(append([]string{"benchmark"}, sub...), "--db", empty)...)
		if code != 1 || out != "" || !strings.Contains(errOut, "no key figures") || !strings.Contains(errOut, "pejling import") {
			t.Errorf("%v on an empty store: exit %d, %q %q", sub, code, out, errOut)
		}
	}
	if fileHash(t, empty) != emptyHash {
		t.Errorf("the empty store's file changed")
	}
	if after := storeFingerprint(t, empty); after != emptyBefore {
		t.Errorf("the empty store changed:\n%s\n%s", emptyBefore, after)
	}
}

// storeFingerprint is fingerprint without the integrity check, which takes seconds on
// the demo store under the race detector; fileHash below proves the bytes unchanged.
func storeFingerprint(t *testing.T, path string) string {
	t.Helper()
	db, err := sqldb.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	return fingerprintSQL(t, db.SQL())
}

// fileHash hashes a SQLite store's file and its write-ahead log, if any: a read-only
// command leaves both byte for byte as they were.
func fileHash(t *testing.T, path string) string {
	t.Helper()
	h := sha256.New()
	for _, p := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(p)
		if errors.Is(err, fs.ErrNotExist) && p != path {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s %d\n", filepath.Base(p), len(b))
		h.Write(b)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// TestBenchmarkLearnTooFew: by default a group with fewer than 20 persons affected in
// the period is shown but not judged, and only such groups are.
func TestBenchmarkLearnTooFew(t *testing.T) {
	db := benchDB(t)
	c := parseCSV(t, mustPejling(t, "benchmark", "learn", "--db", db, "--municipality", "Aarhus", "--format", "csv"))
	var few, judged int
	for _, r := range c.rows {
		n := atofT(t, r["persons_affected"])
		if (n < 20) != (r["verdict"] == "too_few") {
			t.Errorf("%s %s: %g persons affected, verdict %q", r["benefit_group"], r["figure"], n, r["verdict"])
		}
		if n < 20 {
			few++
		} else {
			judged++
		}
	}
	if few == 0 || judged == 0 {
		t.Errorf("the test store has %d small and %d judged cells; it should have both", few, judged)
	}
	_, errOut, code := pejling(t, "benchmark", "learn", "--db", db, "--municipality", "Aarhus", "--min-persons", "-1")
	if code == 0 || !strings.Contains(errOut, "min-persons") {
		t.Errorf("--min-persons -1: exit %d, %s", code, errOut)
	}
}
