package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

func runFigures(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "figures", "",
		"Writes the key figures of DOMAIN.md §8 in the long form of §9:\n"+
			"municipality,benefit_group,period_first,period_last,figure,value.\n"+
			"Months, quarters and years of the last "+strconv.Itoa(figures.StoredYears)+" calendar years are read from the figure set\n"+
			"stored at each import; weeks, custom periods and --recompute compute from the spells.")
	cfg.dbFlag(fs, env)
	from := fs.String("from", "", "first day, YYYY-MM-DD (required)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (required)")
	every := fs.String("every", "", "split [from, to] into whole calendar periods: month, quarter, week (ISO), year, or several comma-separated (month,year); empty: one period [from, to]")
	munis := fs.String("municipality", "", "only these municipalities: codes or names, comma-separated, and/or all")
	groups := fs.String("group", "", "only these benefit groups, comma-separated, and/or all")
	figs := fs.String("figure", "", "only these figure ids, comma-separated")
	format := fs.String("format", "csv", "csv or json")
	recompute := fs.Bool("recompute", false, "compute from the spells even when the stored figure set holds the periods")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *from == "" || *to == "" {
		fs.Usage()
		return errUsage
	}
	first, last, err := parseRange("from", *from, "to", *to)
	if err != nil {
		return err
	}
	periods, err := splitPeriods(first, last, *every)
	if err != nil {
		return err
	}
	keep, err := newRowFilter(*munis, *groups, *figs)
	if err != nil {
		return err
	}
	if *format != "csv" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give csv or json", *format)
	}

	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	var rows []figures.Row
	stored := false
	if !*recompute {
		if rows, stored, err = storedFigures(ctx, db, periods); err != nil {
			return err
		}
	}
	if !stored {
		if rows, _, err = computeFrom(ctx, db, periods); err != nil {
			return err
		}
	}
	rows = slices.DeleteFunc(rows, func(r figures.Row) bool { return !keep(r) })
	if *format == "json" {
		return writeFiguresJSON(env, rows)
	}
	return writeFiguresCSV(env, rows)
}

// computeFigures computes the figures of the store at path for the periods.
func computeFigures(ctx context.Context, path string, periods []figures.Period) ([]figures.Row, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, _, err := computeFrom(ctx, db, periods)
	return rows, err
}

// computeFrom computes the figures of db for the periods, streaming the spells person
// by person (sqldb.DB.ReadPersons), so memory does not grow with them, and returns
// them with the frame they were computed at. An import that commits while the store
// is read makes it start over, up to three times.
func computeFrom(ctx context.Context, db *sqldb.DB, periods []figures.Period) ([]figures.Row, sqldb.Frame, error) {
	for attempt := 1; ; attempt++ {
		frame, err := db.ReadFrame(ctx)
		if err != nil {
			return nil, frame, err
		}
		if frame.AsOf == 0 {
			return nil, frame, noRegisterData(ctx, db)
		}
		e := figures.NewEngine(frame.Input(), periods)
		err = db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error {
			e.Add(p)
			return nil
		})
		if pejling.ErrorCode(err) == pejling.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return nil, frame, err
		}
		return e.Rows(), frame, nil
	}
}

// storeFigures computes the standard periods (figures.StandardPeriods) of db and
// stores them as the newest figure set, which pages, the API and pejling figures read.
func storeFigures(ctx context.Context, db *sqldb.DB) (sqldb.FigureSet, error) {
	began := time.Now()
	for attempt := 1; ; attempt++ {
		frame, err := db.ReadFrame(ctx)
		if err != nil {
			return sqldb.FigureSet{}, err
		}
		if frame.AsOf == 0 {
			return sqldb.FigureSet{}, pejling.Errorf(pejling.EINVALID, "%s holds no data: run pejling import first", db.DSN)
		}
		periods := figures.StandardPeriods(frame.AsOf)
		e := figures.NewEngine(frame.Input(), periods)
		err = db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error {
			e.Add(p)
			return nil
		})
		if pejling.ErrorCode(err) == pejling.ECONFLICT && attempt < 3 {
			continue
		}
		if err != nil {
			return sqldb.FigureSet{}, err
		}
		// e.All hands the rows to the store as it writes them: the 3 M rows of 127
		// periods are never held at once.
		return db.SaveFigureSet(ctx, frame.ImportID, frame.AsOf, len(periods), e.All(), time.Since(began))
	}
}

// storedFigures returns the stored figures of the periods when the newest figure set
// is up to date with the newest import and holds every one of them; ok false otherwise.
// A set of national aggregates that is up to date is never topped up with computed
// figures: a period it lacks is an error (docs/data-model.md, "National data").
func storedFigures(ctx context.Context, db *sqldb.DB, periods []figures.Period) (rows []figures.Row, ok bool, err error) {
	set, err := db.FindFigureSet(ctx)
	if pejling.ErrorCode(err) == pejling.ENOTFOUND {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	frame, err := db.ReadFrame(ctx)
	if err != nil || frame.ImportID != set.ImportID {
		return nil, false, err
	}
	held, err := db.FigureSetPeriods(ctx)
	if err != nil {
		return nil, false, err
	}
	for _, p := range periods {
		if _, found := slices.BinarySearchFunc(held, p, func(a, b figures.Period) int {
			return cmp.Or(cmp.Compare(a.First, b.First), cmp.Compare(a.Last, b.Last))
		}); !found {
			if set.Source == sqldb.SourceAggregates {
				return nil, false, missingAggregatePeriod(set, p, held)
			}
			return nil, false, nil
		}
	}
	rows, _, err = db.FindFigures(ctx, sqldb.FigureFilter{Periods: periods})
	return rows, err == nil, err
}

// parseRange reads the first and last day of a range from the flags named fromFlag
// and toFlag, and refuses a range that ends before it starts.
func parseRange(fromFlag, from, toFlag, to string) (first, last pejling.Date, err error) {
	if first, err = pejling.ParseDate(from); err != nil {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "--%s: %v", fromFlag, err)
	}
	if last, err = pejling.ParseDate(to); err != nil {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "--%s: %v", toFlag, err)
	}
	if last < first {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "--%s %s is before --%s %s", toFlag, last, fromFlag, first)
	}
	return first, last, nil
}

// splitPeriods turns [first, last] and --every into the periods to compute.
func splitPeriods(first, last pejling.Date, every string) ([]figures.Period, error) {
	if every == "" {
		return []figures.Period{{First: first, Last: last}}, nil
	}
	var periods []figures.Period
	for _, kind := range strings.Split(every, ",") {
		var ps []figures.Period
		switch strings.TrimSpace(kind) {
		case "month":
			ps = figures.Months(first, last)
		case "quarter":
			ps = figures.Quarters(first, last)
		case "week":
			ps = figures.ISOWeeks(first, last)
		case "year":
			ps = figures.Years(first, last)
		default:
			return nil, pejling.Errorf(pejling.EINVALID, "--every %q: give month, quarter, week or year", kind)
		}
		if len(ps) == 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "no whole %s lies inside %s … %s", kind, first, last)
		}
		for _, p := range ps {
			if !slices.Contains(periods, p) { // "--every month,month" asks once
				periods = append(periods, p)
			}
		}
	}
	return periods, nil
}

// newRowFilter returns whether a row is asked for by the --municipality, --group and
// --figure lists (an empty list asks for everything).
func newRowFilter(munis, groups, figs string) (func(figures.Row) bool, error) {
	split := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	ms := map[int]bool{}
	for _, m := range split(munis) {
		if strings.EqualFold(m, "all") {
			ms[0] = true
			continue
		}
		code, ok := dk.LookupMunicipality(m)
		if !ok {
			return nil, pejling.Errorf(pejling.EINVALID, "--municipality %q: unknown municipality", m)
		}
		ms[code] = true
	}
	gs := map[pejling.BenefitGroup]bool{}
	for _, g := range split(groups) {
		if strings.EqualFold(g, "all") {
			gs[""] = true
			continue
		}
		bg := pejling.BenefitGroup(strings.ToUpper(g))
		if !bg.Valid() {
			return nil, pejling.Errorf(pejling.EINVALID, "--group %q: unknown benefit group", g)
		}
		gs[bg] = true
	}
	fs := map[string]bool{}
	for _, f := range split(figs) {
		if !slices.Contains(figures.Figures, f) {
			return nil, pejling.Errorf(pejling.EINVALID, "--figure %q: unknown figure (known: %s)", f, strings.Join(figures.Figures, ", "))
		}
		fs[f] = true
	}
	return func(r figures.Row) bool {
		return (len(ms) == 0 || ms[r.Municipality]) && (len(gs) == 0 || gs[r.Group]) && (len(fs) == 0 || fs[r.Figure])
	}, nil
}

// keyFields are the text forms of a row's key: municipality and group "all" for the total.
func keyFields(r figures.Row) (string, string) {
	m, g := "all", "all"
	if r.Municipality != 0 {
		m = strconv.Itoa(r.Municipality)
	}
	if r.Group != "" {
		g = string(r.Group)
	}
	return m, g
}

func formatValue(r figures.Row) string {
	if !r.Valid {
		return ""
	}
	return strconv.FormatFloat(r.Value, 'f', -1, 64)
}

func writeFiguresCSV(env *Env, rows []figures.Row) error {
	w := csv.NewWriter(env.Stdout)
	w.Write([]string{"municipality", "benefit_group", "period_first", "period_last", "figure", "value"})
	for _, r := range rows {
		m, g := keyFields(r)
		w.Write([]string{m, g, r.Period.First.String(), r.Period.Last.String(), r.Figure, formatValue(r)})
	}
	w.Flush()
	return w.Error()
}

func writeFiguresJSON(env *Env, rows []figures.Row) error {
	type row struct {
		Municipality string   `json:"municipality"`
		Group        string   `json:"benefit_group"`
		First        string   `json:"period_first"`
		Last         string   `json:"period_last"`
		Figure       string   `json:"figure"`
		Value        *float64 `json:"value"`
	}
	out := make([]row, len(rows))
	for i, r := range rows {
		m, g := keyFields(r)
		out[i] = row{Municipality: m, Group: g, First: r.Period.First.String(), Last: r.Period.Last.String(), Figure: r.Figure}
		if r.Valid {
			v := r.Value
			out[i].Value = &v
		}
	}
	enc := json.NewEncoder(env.Stdout)
	return enc.Encode(out)
}
