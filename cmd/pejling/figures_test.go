package main_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling/dk"
)

func TestFigures(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	mustPejling(t, "import", "--quiet", "--db", db, writeDataSet(t, smallDataSet))
	out := mustPejling(t, "figures", "--db", db, "--from", "2024-01-01", "--to", "2024-03-31", "--every", "quarter",
		"--municipality", "101", "--group", "KTH", "--figure", "full_time_persons,persons_affected,placements_started,turnover_speed")
	// KTH in København, Q1 2024 (91 days): A1's spell 2024-01-01…03-31 with fraction 1
	// → 91/91 = 1 full-time person; one placement (praktik) started 2024-01-15; the spell
	// ends 03-31 and A1 is on SDP from 04-10, inside 28 days → no outflow → turnover 0.
	want := "municipality,benefit_group,period_first,period_last,figure,value\n" +
		"101,KTH,2024-01-01,2024-03-31,full_time_persons,1\n" +
		"101,KTH,2024-01-01,2024-03-31,persons_affected,1\n" +
		"101,KTH,2024-01-01,2024-03-31,placements_started,1\n" +
		"101,KTH,2024-01-01,2024-03-31,turnover_speed,0\n"
	if out != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	out = mustPejling(t, "figures", "--db", db, "--from", "2024-01-01", "--to", "2024-01-31",
		"--municipality", "Frederiksberg", "--group", "all", "--figure", "activation_rate", "--format", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 0 {
		t.Fatalf("Frederiksberg is named in no file, so it has no rows: %v %s", err, out)
	}
	out = mustPejling(t, "figures", "--db", db, "--from", "2024-01-01", "--to", "2024-01-31",
		"--municipality", "all", "--group", "DGP", "--figure", "activation_rate", "--format", "json")
	if !strings.Contains(out, `"value":null`) {
		t.Fatalf("an empty ratio must be null in JSON: %s", out)
	}
	// Months and the year together; a kind named twice is computed once.
	out = mustPejling(t, "figures", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,year,month",
		"--municipality", "101", "--group", "KTH", "--figure", "persons_affected")
	if n := strings.Count(out, "\n"); n != 1+13 {
		t.Fatalf("%d lines, want a header and 13 rows:\n%s", n, out)
	}
	for _, bad := range [][]string{
		{"--from", "2024-02-30", "--to", "2024-03-01"},
		{"--from", "2024-03-01", "--to", "2024-02-01"},
		{"--from", "2024-01-01", "--to", "2024-12-31", "--every", "decade"},
		{"--from", "2024-01-01", "--to", "2024-12-31", "--figure", "nope"},
		{"--from", "2024-01-01", "--to", "2024-12-31", "--municipality", "Atlantis"},
		{"--from", "2024-01-01", "--to", "2024-12-31", "--group", "XYZ"},
		{"--from", "2024-01-02", "--to", "2024-01-30", "--every", "month"},
	} {
		if _, errOut, code := pejling(t, append([]string{"figures", "--db", db}, bad...)...); code != 1 || errOut == "" {
			t.Errorf("%v: exit %d, %q", bad, code, errOut)
		}
	}
}

// TestFiguresIndependentOfSurfaceStyle checks the figures issue's rule that the same data
// in the other surface style gives identical output.
func TestFiguresIndependentOfSurfaceStyle(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "1500", "--seed", "5", "--out", data)
	a := filepath.Join(dir, "a.db")
	mustPejling(t, "import", "--quiet", "--db", a, data)
	b := filepath.Join(dir, "b.db")
	mustPejling(t, "import", "--quiet", "--db", b, writeDataSet(t, danishStyle(t, data)))
	args := []string{"figures", "--from", "2023-01-01", "--to", "2024-12-31", "--every", "quarter"}
	fa := mustPejling(t, append(args, "--db", a)...)
	fb := mustPejling(t, append(args, "--db", b)...)
	if fa != fb {
		t.Fatal("figures differ between the two surface styles")
	}
	if n := strings.Count(fa, "\n"); n < 1000 {
		t.Fatalf("only %d rows", n)
	}
}

// danishStyle rewrites a generated data set in the other surface style: ';' separator,
// decimal comma, DD-MM-YYYY dates, Danish municipality names, columns in reverse order.
func danishStyle(t *testing.T, dir string) map[string]string {
	t.Helper()
	isDate := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isDecimal := regexp.MustCompile(`^-?\d+\.\d+$`)
	files := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(e.Name(), ".csv") {
			files[e.Name()] = string(b)
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		w := csv.NewWriter(&out)
		w.Comma = ';'
		for i, rec := range recs {
			row := make([]string, len(rec))
			for j, f := range rec {
				switch {
				case i == 0:
				case recs[0][j] == "municipality":
					code, _ := strconv.Atoi(f)
					m, ok := dk.MunicipalityByCode(code)
					if !ok {
						t.Fatalf("unknown municipality %q", f)
					}
					f = m.Name
				case isDate.MatchString(f):
					f = f[8:10] + "-" + f[5:7] + "-" + f[0:4]
				case isDecimal.MatchString(f) && recs[0][j] != "cvr":
					f = strings.Replace(f, ".", ",", 1)
				}
				row[len(rec)-1-j] = f
			}
			w.Write(row)
		}
		w.Flush()
		files[e.Name()] = out.String()
	}
	return files
}

// TestFiguresStored checks that the figure set stored at import gives exactly what a
// computation from the spells gives, that it is used only while it is up to date, and
// that --no-figures leaves it to the next run.
func TestFiguresStored(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	data := filepath.Join(dir, "data")
	mustPejling(t, "generate", "--persons", "2000", "--out", data)
	out := mustPejling(t, "import", "--quiet", "--db", db, data)
	if !strings.Contains(out, "Figures: ") {
		t.Fatalf("import did not store the figure set:\n%s", out)
	}
	args := []string{"figures", "--db", db, "--from", "2024-01-01", "--to", "2024-12-31", "--every", "month,quarter,year"}
	stored := mustPejling(t, args...)
	computed := mustPejling(t, append(args, "--recompute")...)
	if stored != computed {
		t.Fatal("the stored figures differ from the computed ones")
	}
	if n := strings.Count(stored, "\n"); n < 1000 {
		t.Fatalf("only %d lines", n)
	}
	// A second import without the figure set: the stored one is stale and not used (the
	// same data gives the same figures, so compare a week, which is never stored, too).
	out = mustPejling(t, "import", "--quiet", "--no-figures", "--db", db, data)
	if strings.Contains(out, "Figures: ") {
		t.Fatalf("--no-figures stored figures:\n%s", out)
	}
	if got := mustPejling(t, args...); got != computed {
		t.Fatal("figures after a second import of the same data differ")
	}
	week := mustPejling(t, "figures", "--db", db, "--from", "2024-03-04", "--to", "2024-03-10", "--every", "week")
	if strings.Count(week, "\n") < 100 {
		t.Fatalf("week: %s", week)
	}
	// pejling serve would compute the set on start; status shows it is there afterwards.
	if out := mustPejling(t, "demo", "--no-serve", "--db", db, "--data", data); !strings.Contains(out, "Figures: ") {
		t.Fatalf("demo on a store with a stale figure set did not recompute it:\n%s", out)
	}
}
