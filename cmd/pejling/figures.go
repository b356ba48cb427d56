package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strconv"

	"github.com/pejling/pejling"
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
	sel, err := figures.ParseSelection("--municipality", *munis, "--group", *groups, "--figure", *figs)
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
	rows, err := db.Figures(ctx, figures.Query{Periods: periods, Selection: sel, Recompute: *recompute})
	if err != nil {
		return err
	}
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
	rows, _, err := db.ComputeFigures(ctx, periods)
	return rows, err
}

// parseRange reads the first and last day of a range from the flags named fromFlag
// and toFlag, and refuses a range that ends before it starts.
func parseRange(fromFlag, from, toFlag, to string) (first, last pejling.Date, err error) {
	return figures.ParseRange("--"+fromFlag, from, "--"+toFlag, to)
}

// splitPeriods turns [first, last] and --every into the periods to compute.
func splitPeriods(first, last pejling.Date, every string) ([]figures.Period, error) {
	return figures.SplitPeriods(first, last, "--every", every, 0)
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
