package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

// National data (docs/data-model.md, "National data"): framework variables, StatBank
// tables and key figures published as national aggregates. Each command reads and
// checks the whole file first and writes nothing unless it is free of problems; the
// write is one transaction.

// maxNationalRows bounds a framework or StatBank file, which is held in memory until it
// is written: the framework file of the repository has 15 000 rows, a StatBank export
// at most a million cells.
const maxNationalRows = 2_000_000

// problems collects the problems of one file, the first max of them listed.
type problems struct {
	max  int
	list []importer.Problem
	n    int
}

func (p *problems) add(pr importer.Problem) bool {
	p.n++
	if len(p.list) < p.max {
		p.list = append(p.list, pr)
	}
	return true
}

func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	return &importer.LoadError{Problems: p.list, Total: p.n}
}

// scanNational opens path and runs scan over it; a problem with the whole file (no
// such file, a folder, more than limit rows) comes back as a problem too.
func scanNational(path string, maxProblems int, scan func(r io.Reader, file string, p *problems) error) error {
	p := &problems{max: max(1, maxProblems)}
	file := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return pejling.Errorf(pejling.EINVALID, "%s: cannot open: %v", path, errReason(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return pejling.Errorf(pejling.EINVALID, "%s: not a regular file", path)
	}
	if err := scan(f, file, p); err != nil {
		return pejling.Errorf(pejling.EINVALID, "%s: read: %v", path, err)
	}
	return p.err()
}

func errReason(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// tooMany reports the first row past maxNationalRows, once.
func tooMany(p *problems, file string, line int, over *bool) {
	if !*over {
		*over = true
		p.add(importer.Problem{File: file, Line: line, Reason: fmt.Sprintf("more than %d rows: too large for this import", maxNationalRows)})
	}
}

func runImportFramework(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "import-framework", "FILE",
		"Imports framework variables per municipality and year from FILE, in the format of\n"+
			"municipality_facts.csv: municipality,year,variable,value. The values replace all earlier\n"+
			"values of the same source (the file's base name, or --source), in one transaction; nothing\n"+
			"is written when the file has any problem. Where two sources give the same municipality,\n"+
			"year and variable, the source imported last wins.")
	cfg.dbFlag(fs, env)
	source := fs.String("source", "", "the source name the values replace (default: the file's base name)")
	maxProblems := fs.Int("max-problems", 100, "how many problems to list (all are counted)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	path := fs.Arg(0)
	if *source == "" {
		*source = filepath.Base(path)
	}
	if err := checkSourceName(*source); err != nil {
		return err
	}
	type key struct {
		m, y int
		v    string
	}
	var facts []pejling.MunicipalityFact
	var lines []int
	err := scanNational(path, *maxProblems, func(r io.Reader, file string, p *problems) error {
		seen := map[key]int{}
		over := false
		return importer.ScanMunicipalityFacts(r, file, func(line int, f *pejling.MunicipalityFact) {
			if len(facts) >= maxNationalRows {
				tooMany(p, file, line, &over)
				return
			}
			k := key{f.Municipality, f.Year, f.Variable}
			if first, dup := seen[k]; dup {
				p.add(importer.Problem{File: file, Line: line, Reason: fmt.Sprintf("duplicate of line %d: the same municipality, year and variable", first)})
				return
			}
			seen[k] = line
			facts = append(facts, *f)
			lines = append(lines, line)
		}, p.add)
	})
	if err == nil && len(facts) == 0 {
		err = pejling.Errorf(pejling.EINVALID, "%s: no rows: nothing to import", path)
	}
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ReplaceFrameworkValues(ctx, *source, facts, lines); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Imported %d framework values from %s as source %s.\n", len(facts), path, *source)
	return nil
}

// checkSourceName refuses a source name that would be unreadable in a listing or
// collide with the sources the StatBank import derives.
func checkSourceName(s string) error {
	switch {
	case len(s) > 100:
		return pejling.Errorf(pejling.EINVALID, "--source: longer than 100 bytes")
	case strings.HasPrefix(s, sqldb.FrameworkSourceStatBank):
		return pejling.Errorf(pejling.EINVALID, "--source %q: names starting with %q are kept for pejling import-statbank --variable", s, sqldb.FrameworkSourceStatBank)
	case strings.TrimSpace(s) != s || s == "":
		return pejling.Errorf(pejling.EINVALID, "--source %q: empty or with spaces at either end", s)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == 0xfffd {
			return pejling.Errorf(pejling.EINVALID, "--source %q: holds a control character or bytes that are not UTF-8", s)
		}
	}
	return nil
}

func runImportAggregates(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "import-aggregates", "FILE",
		"Imports key figures published as national aggregates, for a store without individual data.\n"+
			"FILE is in the long form of DOMAIN.md §9 (what pejling figures writes):\n"+
			"municipality,benefit_group,period_first,period_last,figure,value. It becomes the store's\n"+
			"figure set, read by pejling figures, the web app and the API, until a register import\n"+
			"made after it replaces it with the recomputed set. Nothing is written when the file has\n"+
			"any problem.")
	cfg.dbFlag(fs, env)
	maxProblems := fs.Int("max-problems", 100, "how many problems to list (all are counted)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	path := fs.Arg(0)
	var rows []figures.Row
	err := scanNational(path, *maxProblems, func(r io.Reader, file string, p *problems) error {
		return importer.ScanAggregates(r, file, func(line int, a *importer.Aggregate) {
			rows = append(rows, figures.Row{Municipality: a.Municipality, Group: a.Group, Period: a.Period,
				Figure: a.Figure, Value: a.Value, Valid: a.Valid})
		}, p.add)
	})
	if err == nil && len(rows) == 0 {
		err = pejling.Errorf(pejling.EINVALID, "%s: no rows: nothing to import", path)
	}
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	set, err := db.SaveAggregateFigureSet(ctx, filepath.Base(path), rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Imported %d key figures for %d periods from %s as the figure set (national aggregates).\n",
		len(rows), set.Periods, path)
	if set.ImportID != 0 {
		fmt.Fprintf(env.Stdout, "They replace the figures computed from import %d; a later register import replaces them in turn.\n", set.ImportID)
	}
	return nil
}

// tableID is a StatBank table id: letters and digits, as AUK01 or FOLK1AM.
var tableID = regexp.MustCompile(`^[A-Za-z0-9_]{1,32}$`)

// variableName is the name of a framework variable.
var variableName = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func runImportStatBank(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "import-statbank", "FILE",
		"Imports a StatBank table of Statistics Denmark (a CSV export of statistikbanken.dk) from\n"+
			"FILE. Its rows replace those of the same --table in one transaction; rows of All Denmark,\n"+
			"regions, provinces, Abroad and Not stated are stored with their area kind. With\n"+
			"--variable, the table also gives a framework variable: per municipality and calendar\n"+
			"year the mean of the year's periods, for the years that have every period with a value.")
	cfg.dbFlag(fs, env)
	table := fs.String("table", "", "the StatBank table id, e.g. AUK01 (required)")
	variable := fs.String("variable", "", "also store the yearly means of the municipalities as this framework variable (source statbank:TABLE)")
	where := fs.String("where", "", "with --variable: pick one combination of the other dimensions, DIM=LABEL,DIM=LABEL")
	maxProblems := fs.Int("max-problems", 100, "how many problems to list (all are counted)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *table == "" {
		fs.Usage()
		return errUsage
	}
	if !tableID.MatchString(*table) {
		return pejling.Errorf(pejling.EINVALID, "--table %q: a StatBank table id is letters and digits, as AUK01", *table)
	}
	*table = strings.ToUpper(*table)
	if *variable != "" && !variableName.MatchString(*variable) {
		return pejling.Errorf(pejling.EINVALID, "--variable %q: lower-case letters, digits and _, starting with a letter", *variable)
	}
	if *where != "" && *variable == "" {
		return pejling.Errorf(pejling.EINVALID, "--where picks the rows of --variable: give --variable too")
	}
	path := fs.Arg(0)
	t := sqldb.StatBankTable{ID: *table, File: filepath.Base(path)}
	var values []sqldb.StatBankValue
	err := scanNational(path, *maxProblems, func(r io.Reader, file string, p *problems) error {
		type key struct{ area, dims, period string }
		seen := map[key]int{}
		over := false
		return importer.ScanStatBank(r, file, func(line int, row *importer.StatBankRow) {
			if len(values) >= maxNationalRows {
				tooMany(p, file, line, &over)
				return
			}
			t.DimNames = row.DimNames
			v := sqldb.StatBankValue{Area: row.Area, AreaKind: row.AreaKind.String(), Municipality: row.Municipality,
				Dims: slices.Clone(row.Dims), Period: row.Period, First: row.First, Last: row.Last,
				Value: row.Value, Missing: row.Missing, Line: line}
			k := key{v.Area, v.DimsKey(), v.Period}
			if first, dup := seen[k]; dup {
				p.add(importer.Problem{File: file, Line: line, Reason: fmt.Sprintf("duplicate of line %d: the same area, dimensions and time", first)})
				return
			}
			seen[k] = line
			values = append(values, v)
		}, p.add)
	})
	if err == nil && len(values) == 0 {
		err = pejling.Errorf(pejling.EINVALID, "%s: no rows: nothing to import", path)
	}
	if err != nil {
		return err
	}
	var derived []pejling.MunicipalityFact
	if *variable != "" {
		if derived, err = yearlyMeans(t, values, *variable, *where); err != nil {
			return err
		}
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ReplaceStatBank(ctx, t, values, derived); err != nil {
		return err
	}
	munis := 0
	for _, v := range values {
		if v.AreaKind == importer.AreaMunicipality.String() {
			munis++
		}
	}
	fmt.Fprintf(env.Stdout, "Imported StatBank table %s from %s: %d values, %d of them of municipalities.\n", t.ID, path, len(values), munis)
	if derived != nil {
		fmt.Fprintf(env.Stdout, "Framework variable %s: %d yearly values (source %s%s).\n", *variable, len(derived), sqldb.FrameworkSourceStatBank, t.ID)
	}
	return nil
}

// yearlyMeans derives a framework variable from the municipality rows of values: per
// municipality and calendar year, the mean of the year's periods, for the years in
// which every period (1 year, 2 halves, 4 quarters or 12 months) has a value.
func yearlyMeans(t sqldb.StatBankTable, values []sqldb.StatBankValue, variable, where string) ([]pejling.MunicipalityFact, error) {
	keep, err := dimsFilter(t.DimNames, values, where)
	if err != nil {
		return nil, err
	}
	type muniYear struct{ m, y int }
	type sum struct {
		total float64
		n     int
	}
	sums := map[muniYear]*sum{}
	kind := byte(0)
	for _, v := range values {
		if v.AreaKind != importer.AreaMunicipality.String() || !keep(v) {
			continue
		}
		k := periodKind(v.Period)
		if kind != 0 && k != kind {
			return nil, pejling.Errorf(pejling.EINVALID, "--variable: the rows mix periods of different lengths (%s and others): the yearly mean needs one kind", v.Period)
		}
		kind = k
		if v.Missing {
			continue
		}
		my := muniYear{v.Municipality, v.First.Year()}
		s := sums[my]
		if s == nil {
			s = &sum{}
			sums[my] = s
		}
		s.total += v.Value
		s.n++
	}
	per := map[byte]int{'Y': 1, 'H': 2, 'Q': 4, 'M': 12}[kind]
	var out []pejling.MunicipalityFact
	for my, s := range sums {
		if s.n == per {
			out = append(out, pejling.MunicipalityFact{Municipality: my.m, Year: my.y, Variable: variable, Value: s.total / float64(s.n)})
		}
	}
	if len(out) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "--variable: no municipality has a year with a value in every period")
	}
	slices.SortFunc(out, func(a, b pejling.MunicipalityFact) int {
		return cmp.Or(cmp.Compare(a.Municipality, b.Municipality), cmp.Compare(a.Year, b.Year))
	})
	return out, nil
}

// periodKind is Y, H, Q or M for a normalised StatBank time code.
func periodKind(p string) byte {
	if len(p) > 4 {
		return p[4]
	}
	return 'Y'
}

// dimsFilter returns which rows --where picks. Without --where the rows must have one
// combination of dimension labels. A label may hold commas ("Age, total"): a piece of
// --where without "=" continues the label before it.
func dimsFilter(names []string, values []sqldb.StatBankValue, where string) (func(sqldb.StatBankValue) bool, error) {
	combos := map[string][]string{}
	for _, v := range values {
		combos[v.DimsKey()] = v.Dims
	}
	if where == "" {
		if len(combos) <= 1 {
			return func(sqldb.StatBankValue) bool { return true }, nil
		}
		var list []string
		for _, dims := range combos {
			list = append(list, describeDims(names, dims))
		}
		slices.Sort(list)
		more := ""
		if len(list) > 10 {
			more = fmt.Sprintf("; … and %d more", len(list)-10)
			list = list[:10]
		}
		return nil, pejling.Errorf(pejling.EINVALID, "--variable: the file has %d combinations of %s; pick one with --where, e.g. --where '%s': %s%s",
			len(combos), strings.Join(names, ", "), list[0], strings.Join(list, "; "), more)
	}
	want := map[int]string{}
	var pieces []string
	for _, p := range strings.Split(where, ",") {
		if !strings.Contains(p, "=") && len(pieces) > 0 {
			pieces[len(pieces)-1] += "," + p
			continue
		}
		pieces = append(pieces, p)
	}
	for _, p := range pieces {
		name, label, ok := strings.Cut(p, "=")
		if !ok {
			return nil, pejling.Errorf(pejling.EINVALID, "--where %q: give DIM=LABEL", p)
		}
		i := slices.IndexFunc(names, func(n string) bool { return strings.EqualFold(n, strings.TrimSpace(name)) })
		if i < 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "--where: no dimension %q (the file has %s)", strings.TrimSpace(name), strings.Join(names, ", "))
		}
		label = strings.TrimSpace(label)
		found := false
		var labels []string
		for _, dims := range combos {
			found = found || dims[i] == label
			if !slices.Contains(labels, dims[i]) {
				labels = append(labels, dims[i])
			}
		}
		if !found {
			slices.Sort(labels)
			return nil, pejling.Errorf(pejling.EINVALID, "--where: %s has no label %q (it has %s)", names[i], label, strings.Join(labels, "; "))
		}
		want[i] = label
	}
	keep := func(v sqldb.StatBankValue) bool {
		for i, l := range want {
			if v.Dims[i] != l {
				return false
			}
		}
		return true
	}
	picked := map[string][]string{}
	for k, dims := range combos {
		if keep(sqldb.StatBankValue{Dims: dims}) {
			picked[k] = dims
		}
	}
	if len(picked) > 1 {
		var list []string
		for _, dims := range picked {
			list = append(list, describeDims(names, dims))
		}
		slices.Sort(list)
		return nil, pejling.Errorf(pejling.EINVALID, "--where still leaves %d combinations: %s", len(picked), strings.Join(list, "; "))
	}
	return keep, nil
}

func describeDims(names, dims []string) string {
	parts := make([]string, len(dims))
	for i := range dims {
		parts[i] = names[i] + "=" + dims[i]
	}
	return strings.Join(parts, ",")
}

func runStatBank(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "statbank", "",
		"Writes the stored values of a StatBank table: area, area_kind, municipality (empty unless\n"+
			"the area is one), one column per dimension, period and value (empty for \"..\").")
	cfg.dbFlag(fs, env)
	table := fs.String("table", "", "the StatBank table id (required)")
	format := fs.String("format", "csv", "csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *table == "" {
		fs.Usage()
		return errUsage
	}
	if *format != "csv" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give csv or json", *format)
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.FindStatBankTable(ctx, strings.ToUpper(*table))
	if err != nil {
		return err
	}
	values, err := db.ReadStatBank(ctx, t.ID)
	if err != nil {
		return err
	}
	if *format == "json" {
		type row struct {
			Area         string            `json:"area"`
			AreaKind     string            `json:"area_kind"`
			Municipality *int              `json:"municipality"`
			Dims         map[string]string `json:"dims"`
			Period       string            `json:"period"`
			Value        *float64          `json:"value"`
		}
		out := make([]row, len(values))
		for i, v := range values {
			out[i] = row{Area: v.Area, AreaKind: v.AreaKind, Dims: map[string]string{}, Period: v.Period}
			if v.Municipality != 0 {
				m := v.Municipality
				out[i].Municipality = &m
			}
			for j, n := range t.DimNames {
				out[i].Dims[n] = v.Dims[j]
			}
			if !v.Missing {
				x := v.Value
				out[i].Value = &x
			}
		}
		return json.NewEncoder(env.Stdout).Encode(out)
	}
	w := csv.NewWriter(env.Stdout)
	w.Write(append(append([]string{"area", "area_kind", "municipality"}, t.DimNames...), "period", "value"))
	for _, v := range values {
		m, value := "", ""
		if v.Municipality != 0 {
			m = strconv.Itoa(v.Municipality)
		}
		if !v.Missing {
			value = strconv.FormatFloat(v.Value, 'f', -1, 64)
		}
		w.Write(append(append([]string{v.Area, v.AreaKind, m}, v.Dims...), v.Period, value))
	}
	w.Flush()
	return w.Error()
}
