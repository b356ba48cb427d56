package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// benefitGroups are the codes of DOMAIN.md §2 (the list in /work/main/code.go).
var benefitGroups = []string{"DGP", "AMY", "KTH", "UDH", "IYD", "SDP", "JAF", "RES", "LED", "FLX", "REVA", "FREVA", "FTP", "SUY"}

// csvFile describes one data-set file as found on disk: its path, separator and the
// lower-cased column names of its header row.
type csvFile struct {
	path    string
	delim   string
	columns map[string]bool
}

// openCSV reads the header of dir/name; ok is false when the file does not exist.
func openCSV(dir, name string) (f csvFile, ok bool, err error) {
	path := filepath.Join(dir, name)
	h, err := os.Open(path)
	if os.IsNotExist(err) {
		return f, false, nil
	}
	if err != nil {
		return f, false, err
	}
	defer h.Close()
	line, err := bufio.NewReader(h).ReadString('\n')
	if err != nil && line == "" {
		return f, false, fmt.Errorf("reading the header of %s: %w", path, err)
	}
	line = strings.TrimPrefix(strings.TrimRight(line, "\r\n"), "\ufeff")
	f = csvFile{path: path, delim: ",", columns: map[string]bool{}}
	if strings.Count(line, ";") > strings.Count(line, ",") {
		f.delim = ";"
	}
	for _, c := range strings.Split(line, f.delim) {
		f.columns[strings.ToLower(strings.Trim(strings.TrimSpace(c), `"`))] = true
	}
	return f, true, nil
}

// col is the SQL for column c of f, or NULL when the optional column is absent.
func (f csvFile) col(c string) string {
	if f.columns[c] {
		return c
	}
	return "NULL::VARCHAR"
}

// from is the read_csv table function over f, every column as text.
func (f csvFile) from() string {
	return fmt.Sprintf("read_csv('%s', header = true, all_varchar = true, delim = '%s', quote = '\"')",
		strings.ReplaceAll(f.path, "'", "''"), f.delim)
}

// Normalisation of §9's cell formats: dates YYYY-MM-DD or DD-MM-YYYY, decimals with . or ,
// and municipality codes with or without leading zeros.
const (
	macros = `
CREATE OR REPLACE TEMP MACRO pdate(x) AS coalesce(try_cast(trim(x) AS DATE), try_strptime(trim(x), '%d-%m-%Y')::DATE);
CREATE OR REPLACE TEMP MACRO pnum(x) AS CAST(replace(trim(x), ',', '.') AS DOUBLE);
CREATE OR REPLACE TEMP MACRO pmun(x) AS coalesce(CAST(try_cast(trim(x) AS INTEGER) AS VARCHAR), trim(x));
`
)

// loadStatements is the SQL that reads the data set in dir into the tables the figure
// queries use: b (benefit spells), a (activation spells), emp (employment spells),
// co (companies), facts (municipality facts) and munis (every municipality named).
func loadStatements(dir string) ([]string, error) {
	stmts := splitSQL(macros)
	files := map[string]csvFile{}
	for _, name := range []string{"benefit_spells.csv", "activation_spells.csv", "employment_spells.csv",
		"companies.csv", "municipality_facts.csv", "expenditure.csv"} {
		f, ok, err := openCSV(dir, name)
		if err != nil {
			return nil, err
		}
		if ok {
			files[name] = f
		}
	}
	add := func(name, present, absent string) {
		if f, ok := files[name]; ok {
			stmts = append(stmts, strings.NewReplacer("{from}", f.from(), "{fraction}", f.col("fraction"),
				"{hours}", f.col("hours_per_week"), "{cvr}", f.col("cvr"), "{end}", f.col("end_date")).Replace(present))
		} else {
			stmts = append(stmts, absent)
		}
	}
	add("benefit_spells.csv", `CREATE TABLE b AS SELECT row_number() OVER () AS id, person_id AS p, pmun(municipality) AS m,
  trim(benefit_group) AS g, pdate(start_date) AS s, pdate({end}) AS e, coalesce(pnum({fraction}), 1.0) AS f FROM {from}`,
		`CREATE TABLE b (id BIGINT, p VARCHAR, m VARCHAR, g VARCHAR, s DATE, e DATE, f DOUBLE)`)
	add("activation_spells.csv", `CREATE TABLE a AS SELECT person_id AS p, pmun(municipality) AS m, trim(benefit_group) AS g,
  trim(activation_type) AS t, pdate(start_date) AS s, pdate({end}) AS e, coalesce(pnum({hours}), 37.0) AS h,
  nullif(trim({cvr}), '') AS cvr FROM {from}`,
		`CREATE TABLE a (p VARCHAR, m VARCHAR, g VARCHAR, t VARCHAR, s DATE, e DATE, h DOUBLE, cvr VARCHAR)`)
	add("employment_spells.csv", `CREATE TABLE emp AS SELECT person_id AS p, pdate(start_date) AS s, pdate({end}) AS e FROM {from}`,
		`CREATE TABLE emp (p VARCHAR, s DATE, e DATE)`)
	add("companies.csv", `CREATE TABLE co AS SELECT trim(cvr) AS cvr, pmun(municipality) AS m FROM {from}`,
		`CREATE TABLE co (cvr VARCHAR, m VARCHAR)`)
	add("municipality_facts.csv", `CREATE TABLE facts AS SELECT pmun(municipality) AS m, CAST(trim(year) AS INTEGER) AS y,
  trim(variable) AS v, pnum(value) AS val FROM {from}`,
		`CREATE TABLE facts (m VARCHAR, y INTEGER, v VARCHAR, val DOUBLE)`)
	expenditure := ""
	if f, ok := files["expenditure.csv"]; ok {
		expenditure = "UNION SELECT pmun(municipality) FROM " + f.from()
	}
	stmts = append(stmts, `CREATE TABLE munis AS SELECT DISTINCT m FROM (SELECT m FROM b UNION SELECT m FROM a
  UNION SELECT m FROM co UNION SELECT m FROM facts `+expenditure+`) WHERE m IS NOT NULL`)
	return stmts, nil
}

// splitSQL splits a script into statements at semicolons that end a line.
func splitSQL(script string) []string {
	var out []string
	for _, s := range strings.Split(script, ";\n") {
		if s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// readAsOf reads as_of from dataset.json or dataset.toml in dir.
func readAsOf(dir string) (time.Time, error) {
	if raw, err := os.ReadFile(filepath.Join(dir, "dataset.json")); err == nil {
		var meta struct {
			AsOf string `json:"as_of"`
		}
		if err := json.Unmarshal(raw, &meta); err != nil {
			return time.Time{}, fmt.Errorf("reading dataset.json: %w", err)
		}
		return time.Parse(time.DateOnly, meta.AsOf)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "dataset.toml"))
	if err != nil {
		return time.Time{}, fmt.Errorf("%s has neither dataset.json nor dataset.toml: %w", dir, err)
	}
	m := regexp.MustCompile(`(?m)^\s*as_of\s*=\s*"?(\d{4}-\d{2}-\d{2})`).FindSubmatch(raw)
	if m == nil {
		return time.Time{}, fmt.Errorf("dataset.toml has no as_of")
	}
	return time.Parse(time.DateOnly, string(m[1]))
}
