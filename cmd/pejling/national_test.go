package main_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
)

const auk01 = "../../dk/AUK01_net_unemployed_social_assistance.csv"

// eachStore runs test with a fresh store of each kind.
func eachStore(t *testing.T, test func(t *testing.T, newDB func() string)) {
	t.Run("SQLite", func(t *testing.T) {
		n := 0
		test(t, func() string { n++; return filepath.Join(t.TempDir(), fmt.Sprintf("p%d.db", n)) })
	})
	t.Run("PostgreSQL", func(t *testing.T) { test(t, func() string { return pgtest.NewDatabase(t) }) })
}

// nationalFingerprint sums up the national tables and the figure set of a store.
func nationalFingerprint(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		"SELECT count(*), coalesce(sum(municipality), 0), coalesce(sum(year), 0), coalesce(sum(value), 0), coalesce(sum(length(source || variable)), 0) FROM framework_values",
		"SELECT count(*), coalesce(sum(seq), 0), coalesce(sum(rows_total), 0), 0, coalesce(sum(length(source || imported_at)), 0) FROM framework_sources",
		"SELECT count(*), coalesce(sum(municipality), 0), coalesce(sum(period_first + period_last), 0), coalesce(sum(coalesce(value, -1)), 0), coalesce(sum(length(table_id || area || dims || period || area_kind)), 0) FROM statbank_values",
		"SELECT count(*), coalesce(sum(rows_total), 0), 0, 0, coalesce(sum(length(table_id || file || dim_names || imported_at)), 0) FROM statbank_tables",
		"SELECT count(*), coalesce(sum(id), 0), coalesce(sum(import_id), 0), coalesce(sum(periods), 0), coalesce(sum(length(source || source_name || computed_at)), 0) FROM figure_sets",
		"SELECT count(*), coalesce(sum(municipality), 0), coalesce(sum(period_first), 0), coalesce(sum(coalesce(full_time_persons, -1) + coalesce(outflow, -1)), 0), coalesce(sum(length(benefit_group)), 0) FROM figure_cells",
	} {
		var n int64
		var a, c, d, e float64
		if err := db.SQL().QueryRow(q).Scan(&n, &a, &c, &d, &e); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		fmt.Fprintf(&b, "%d/%.6f/%.6f/%.6f/%.0f;", n, a, c, d, e)
	}
	return b.String()
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportAggregates checks the round trip — the stored figures of a demo store,
// imported as aggregates into a fresh store, give the same output byte for byte — and
// the rules for an aggregates set: it is not replaced while there is no register data,
// --recompute says so, a period it lacks is an error, and a later register import
// replaces it.
func TestImportAggregates(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	demo := filepath.Join(dir, "demo.db")
	mustPejling(t, "demo", "--no-serve", "--persons", "1500", "--seed", "4", "--data", data, "--db", demo)
	args := []string{"figures", "--format", "csv", "--from", "2024-01-01", "--to", "2024-12-31", "--every", "quarter,year"}
	exported := mustPejling(t, append(args, "--db", demo)...)
	if strings.Count(exported, "\n") < 1000 {
		t.Fatalf("only %d lines exported", strings.Count(exported, "\n"))
	}
	file := writeFile(t, dir, "national.csv", exported)
	eachStore(t, func(t *testing.T, newDB func() string) {
		db := newDB()
		out := mustPejling(t, "import-aggregates", "--db", db, file)
		if !strings.Contains(out, "5 periods") {
			t.Errorf("import-aggregates printed %q", out)
		}
		if got := mustPejling(t, append(args, "--db", db)...); got != exported {
			t.Fatalf("round trip: the figures differ (%d and %d bytes)", len(got), len(exported))
		}
		if st := mustPejling(t, "status", "--db", db); !strings.Contains(st, "5 periods of national aggregates (source aggregates) imported from national.csv") {
			t.Errorf("status:\n%s", st)
		}
		// serve's and demo's ensureFigureSet keep it: demo serves it as it is.
		if out := mustPejling(t, "demo", "--no-serve", "--persons", "1500", "--data", filepath.Join(t.TempDir(), "d"), "--db", db); !strings.Contains(out, "holds national aggregates") {
			t.Errorf("demo on an aggregates store:\n%s", out)
		}
		if got := mustPejling(t, append(args, "--db", db)...); got != exported {
			t.Fatal("demo changed the aggregates")
		}
		_, errOut, code := pejling(t, append(args, "--recompute", "--db", db)...)
		if code != 1 || !strings.Contains(errOut, "holds no register data") || !strings.Contains(errOut, "national.csv") {
			t.Errorf("--recompute: exit %d, %s", code, errOut)
		}
		_, errOut, code = pejling(t, "figures", "--db", db, "--from", "2024-01-01", "--to", "2024-02-29", "--every", "month")
		if code != 1 || !strings.Contains(errOut, "do not hold the period 2024-01-01 … 2024-01-31") {
			t.Errorf("a period not held: exit %d, %s", code, errOut)
		}
		// A register import after the aggregates: its recomputed set wins.
		mustPejling(t, "import", "--quiet", "--db", db, data)
		if st := mustPejling(t, "status", "--db", db); !strings.Contains(st, "(source register)") {
			t.Errorf("status after a register import:\n%s", st)
		}
		// Aggregates after a register import: the aggregates win until the next one.
		mustPejling(t, "import-aggregates", "--db", db, writeFile(t, t.TempDir(), "changed.csv", "municipality,benefit_group,period_first,period_last,figure,value\nall,all,2024-01-01,2024-03-31,outflow,999999\n"))
		// serve's ensureFigureSet runs before it listens (which fails here): it keeps them.
		if _, errOut, code := pejling(t, "serve", "--db", db, "--addr", "256.0.0.1:0"); code != 1 || !strings.Contains(errOut, "listen") {
			t.Errorf("serve: exit %d, %s", code, errOut)
		}
		got := mustPejling(t, "figures", "--db", db, "--from", "2024-01-01", "--to", "2024-03-31", "--figure", "outflow", "--municipality", "all", "--group", "all")
		if got != "municipality,benefit_group,period_first,period_last,figure,value\nall,all,2024-01-01,2024-03-31,outflow,999999\n" {
			t.Errorf("aggregates after a register import are not what figures reads:\n%s", got)
		}
	})
}

func TestImportFrameworkAndStatBank(t *testing.T) {
	eachStore(t, func(t *testing.T, newDB func() string) {
		db := newDB()
		out := mustPejling(t, "import-framework", "--db", db, "../../dk/framework.csv")
		if !strings.Contains(out, "15386 framework values") {
			t.Errorf("import-framework printed %q", out)
		}
		out = mustPejling(t, "import-statbank", "--db", db, "--table", "AUK01", "--variable", "net_unemployed_sa", auk01)
		if !strings.Contains(out, "7448 of them of municipalities") || !strings.Contains(out, "1862 yearly values") {
			t.Errorf("import-statbank printed %q", out)
		}
		csvOut := mustPejling(t, "statbank", "--db", db, "--table", "auk01")
		lines := strings.Split(strings.TrimSpace(csvOut), "\n")
		if lines[0] != "area,area_kind,municipality,YDELSESTYPE,KØN,ALDER,period,value" || len(lines) != 8893 {
			t.Fatalf("statbank: %d lines, header %q", len(lines), lines[0])
		}
		kinds := map[string]int{}
		for _, l := range lines[1:] {
			kinds[strings.Split(l, ",")[1]]++
		}
		if kinds["municipality"] != 98*76 || kinds["country"] != 76 || kinds["abroad"] != 76 || kinds["not stated"] != 76 {
			t.Errorf("area kinds %v", kinds)
		}
		if js := mustPejling(t, "statbank", "--db", db, "--table", "AUK01", "--format", "json"); !strings.Contains(js, `"area_kind":"country","municipality":null`) {
			t.Errorf("json: %.300s", js)
		}
		// The derived values: Copenhagen 2007 is the mean of its four quarters.
		sdb, err := sqldb.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		fw, err := sdb.ReadFrameworkValues(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var quarters float64
		for _, l := range lines[1:5] { // Copenhagen 2007Q1 … Q4, sorted first
			var v float64
			fmt.Sscan(l[strings.LastIndex(l, ",")+1:], &v)
			quarters += v
		}
		found := false
		for _, f := range fw {
			if f.Municipality == 101 && f.Year == 2007 && f.Variable == "net_unemployed_sa" {
				found = true
				if f.Value != quarters/4 {
					t.Errorf("Copenhagen 2007: %v, want %v", f.Value, quarters/4)
				}
			}
		}
		if !found || len(fw) != 15386+1862 {
			t.Errorf("%d framework values, Copenhagen 2007 found %v", len(fw), found)
		}
	})
}

// TestNationalBadInput runs each import over malformed, missing, duplicate, oversized
// and hostile input and checks the message (file, line, reason) and that the store is
// exactly as before.
func TestNationalBadInput(t *testing.T) {
	header := "municipality,benefit_group,period_first,period_last,figure,value\n"
	row := "101,all,2024-01-01,2024-03-31,outflow,3\n"
	fwHeader := "municipality,year,variable,value\n"
	fwRow := "101,2023,population,1000\n"
	sbHeader := "OMRÅDE;KØN;TID;INDHOLD\n"
	sbRow := "Copenhagen;Men;2024Q1;5\n"
	huge := strings.Repeat("9", 2<<20)
	cases := []struct {
		name    string
		command []string
		content string // "" with no file: a path that does not exist
		want    string
	}{
		{"AggMissingFile", []string{"import-aggregates"}, "", "cannot open"},
		{"AggEmpty", []string{"import-aggregates"}, "\n", "empty file"},
		{"AggHeaderOnly", []string{"import-aggregates"}, header, "no rows"},
		{"AggUnknownColumn", []string{"import-aggregates"}, "municipality,benefit_group,period_first,period_last,figure,value,x\n" + row, `unknown column "x"`},
		{"AggUnknownFigure", []string{"import-aggregates"}, header + "101,all,2024-01-01,2024-03-31,luck,3\n", "bad.csv:2: figure luck: unknown figure"},
		{"AggUnknownGroup", []string{"import-aggregates"}, header + "101,XX,2024-01-01,2024-03-31,outflow,3\n", "bad.csv:2: benefit_group XX: unknown benefit group"},
		{"AggUnknownMunicipality", []string{"import-aggregates"}, header + "999,all,2024-01-01,2024-03-31,outflow,3\n", "bad.csv:2: municipality 999: unknown municipality"},
		{"AggBadDate", []string{"import-aggregates"}, header + "101,all,2024-13-01,2024-03-31,outflow,3\n", "bad.csv:2: period_first 2024-13-01"},
		{"AggEndBeforeStart", []string{"import-aggregates"}, header + "101,all,2024-03-31,2024-01-01,outflow,3\n", "bad.csv:2: period_last 2024-01-01: before period_first"},
		{"AggNotANumber", []string{"import-aggregates"}, header + "101,all,2024-01-01,2024-03-31,outflow,x\n", "bad.csv:2: value x: not a number"},
		{"AggNegative", []string{"import-aggregates"}, header + "101,all,2024-01-01,2024-03-31,outflow,-3\n", "negative"},
		{"AggRateAboveOne", []string{"import-aggregates"}, header + "101,all,2024-01-01,2024-03-31,coverage_rate,25\n", "fraction in [0, 1]"},
		{"AggCooperationForGroup", []string{"import-aggregates"}, header + "101,KTH,2024-01-01,2024-03-31,cooperation_rate,0.5\n", "all only"},
		{"AggDuplicate", []string{"import-aggregates"}, header + row + row, "bad.csv:3: duplicate of line 2"},
		{"AggOversizedField", []string{"import-aggregates"}, header + "101,all,2024-01-01,2024-03-31,outflow," + huge + "\n", "longer than 1 MiB"},
		{"AggNUL", []string{"import-aggregates"}, header + "101,all,2024-01-01,2024-03-31,outflow,3\x00\n", "NUL"},
		{"AggLatin1", []string{"import-aggregates"}, header + "K\xf8ge,all,2024-01-01,2024-03-31,outflow,3\n", "not valid UTF-8"},
		{"AggUTF16", []string{"import-aggregates"}, "\xff\xfem\x00u\x00\n", "UTF-16"},
		{"AggFolder", []string{"import-aggregates"}, "/", "not a regular file"},

		{"FwMissingFile", []string{"import-framework"}, "", "cannot open"},
		{"FwHeaderOnly", []string{"import-framework"}, fwHeader, "no rows"},
		{"FwUnknownVariable", []string{"import-framework"}, fwHeader + "101,2023,luck,1\n", "bad.csv:2: variable luck: unknown variable"},
		{"FwBadYear", []string{"import-framework"}, fwHeader + "101,23,population,1\n", "bad.csv:2: year 23"},
		{"FwNotANumber", []string{"import-framework"}, fwHeader + "101,2023,population,many\n", "bad.csv:2: value many: not a number"},
		{"FwDuplicate", []string{"import-framework"}, fwHeader + fwRow + "Copenhagen,2023,POPULATION,2\n", "bad.csv:3: duplicate of line 2"},
		{"FwMissingColumn", []string{"import-framework"}, "municipality,year,value\n101,2023,1\n", `missing required column "variable"`},
		{"FwOversized", []string{"import-framework"}, fwHeader + "101,2023,population," + huge + "\n", "longer than 1 MiB"},
		{"FwHostileSource", []string{"import-framework", "--source", "statbank:AUK01"}, fwHeader + fwRow, "kept for pejling import-statbank"},
		{"FwControlSource", []string{"import-framework", "--source", "a\x1bb"}, fwHeader + fwRow, "control character"},

		{"SbMissingFile", []string{"import-statbank", "--table", "T1"}, "", "cannot open"},
		{"SbHeaderOnly", []string{"import-statbank", "--table", "T1"}, sbHeader, "no rows"},
		{"SbNoTime", []string{"import-statbank", "--table", "T1"}, "OMRÅDE;INDHOLD\nCopenhagen;5\n", "missing the time column"},
		{"SbBadArea", []string{"import-statbank", "--table", "T1"}, sbHeader + "Atlantis;Men;2024Q1;5\n", "bad.csv:2:"},
		{"SbBadPeriod", []string{"import-statbank", "--table", "T1"}, sbHeader + "Copenhagen;Men;2024X1;5\n", "not a StatBank time code"},
		{"SbDuplicate", []string{"import-statbank", "--table", "T1"}, sbHeader + sbRow + sbRow, "bad.csv:3: duplicate of line 2"},
		{"SbOversized", []string{"import-statbank", "--table", "T1"}, sbHeader + "Copenhagen;Men;2024Q1;" + huge + "\n", "longer than 1 MiB"},
		{"SbBadTable", []string{"import-statbank", "--table", "AUK01;DROP TABLE imports"}, sbHeader + sbRow, "a StatBank table id"},
		{"SbTwoCombinations", []string{"import-statbank", "--table", "T1", "--variable", "v"}, sbHeader + sbRow + "Copenhagen;Women;2024Q1;6\n", "2 combinations of KØN"},
		{"SbWhereUnknownDim", []string{"import-statbank", "--table", "T1", "--variable", "v", "--where", "AGE=Total"}, sbHeader + sbRow, `no dimension "AGE"`},
		{"SbWhereUnknownLabel", []string{"import-statbank", "--table", "T1", "--variable", "v", "--where", "KØN=Both"}, sbHeader + sbRow, `no label "Both"`},
		{"SbNoWholeYear", []string{"import-statbank", "--table", "T1", "--variable", "v"}, sbHeader + sbRow, "no municipality has a year"},
		{"SbBadVariable", []string{"import-statbank", "--table", "T1", "--variable", "Robert'); DROP"}, sbHeader + sbRow, "--variable"},
	}
	eachStore(t, func(t *testing.T, newDB func() string) {
		db := newDB()
		dir := t.TempDir()
		// Something of each kind in the store first, to see that it survives.
		mustPejling(t, "import-framework", "--db", db, writeFile(t, dir, "fw.csv", fwHeader+fwRow))
		mustPejling(t, "import-statbank", "--db", db, "--table", "T1", writeFile(t, dir, "sb.csv", sbHeader+sbRow))
		mustPejling(t, "import-aggregates", "--db", db, writeFile(t, dir, "agg.csv", header+row))
		before := nationalFingerprint(t, db)
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				path := filepath.Join(dir, "missing.csv")
				switch tc.content {
				case "":
				case "/":
					path = dir
				default:
					path = writeFile(t, dir, "bad.csv", tc.content)
				}
				args := append(append(append([]string{}, tc.command...), "--db", db), path)
				_, errOut, code := pejling(t, args...)
				if code != 1 || !strings.Contains(errOut, tc.want) {
					t.Errorf("exit %d, want 1; stderr %q, want it to contain %q", code, errOut, tc.want)
				}
				if len(errOut) > 2000 {
					t.Errorf("message of %d bytes", len(errOut))
				}
				if after := nationalFingerprint(t, db); after != before {
					t.Errorf("the store changed:\n%s\n%s", before, after)
				}
			})
		}
		// --where picks one of two combinations.
		two := writeFile(t, dir, "two.csv", sbHeader+"Copenhagen;Men;2024Q1;5\nCopenhagen;Men;2024Q2;5\nCopenhagen;Men;2024Q3;6\nCopenhagen;Men;2024Q4;8\nCopenhagen;Women;2024Q1;1\n")
		out := mustPejling(t, "import-statbank", "--db", db, "--table", "T2", "--variable", "v", "--where", "køn=Men", two)
		if !strings.Contains(out, "1 yearly values") {
			t.Errorf("--where: %s", out)
		}
	})
}
