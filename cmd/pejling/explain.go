package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

func runExplain(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "explain", "",
		"Explains one key figure of one municipality, benefit group and period: the formula with\n"+
			"the actual numerator and denominator, their sums before dividing by the days of the\n"+
			"period, and how many spells fed each, so that the number can be reproduced by hand.")
	cfg.dbFlag(fs, env)
	figure := fs.String("figure", "", "figure id (required), e.g. activation_rate")
	muni := fs.String("municipality", "all", "municipality code or name, or all")
	group := fs.String("group", "all", "benefit group code, or all")
	from := fs.String("from", "", "first day, YYYY-MM-DD (required)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (required)")
	format := fs.String("format", "text", "text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *figure == "" || *from == "" || *to == "" {
		fs.Usage()
		return errUsage
	}
	first, last, err := parseRange("from", *from, "to", *to)
	if err != nil {
		return err
	}
	m := 0
	if !strings.EqualFold(*muni, "all") {
		code, ok := dk.LookupMunicipality(*muni)
		if !ok {
			return pejling.Errorf(pejling.EINVALID, "--municipality %q: unknown municipality", *muni)
		}
		m = code
	}
	var g pejling.BenefitGroup
	if !strings.EqualFold(*group, "all") {
		if g = pejling.BenefitGroup(strings.ToUpper(*group)); !g.Valid() {
			return pejling.Errorf(pejling.EINVALID, "--group %q: unknown benefit group", *group)
		}
	}
	if *format != "text" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give text or json", *format)
	}

	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	x, asOf, err := explain(ctx, db, *figure, m, g, figures.Period{First: first, Last: last})
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeExplanationJSON(env, x, asOf)
	}
	writeExplanation(env, x, asOf)
	return nil
}

// explain computes the one period with spell counts and explains the figure.
func explain(ctx context.Context, db *sqldb.DB, figure string, m int, g pejling.BenefitGroup, p figures.Period) (figures.Explanation, pejling.Date, error) {
	frame, err := db.ReadFrame(ctx)
	if err != nil {
		return figures.Explanation{}, 0, err
	}
	if frame.AsOf == 0 {
		return figures.Explanation{}, 0, pejling.Errorf(pejling.EINVALID, "%s holds no data: run pejling import first", db.DSN)
	}
	e := figures.NewEngine(frame.Input(), []figures.Period{p})
	e.CountSpells()
	if err := db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error { e.Add(p); return nil }); err != nil {
		return figures.Explanation{}, 0, err
	}
	x, err := e.Explain(m, g, 0, figure)
	return x, frame.AsOf, err
}

// muniName is "Aarhus (751)", or "all municipalities".
func muniName(m int) string {
	if m == 0 {
		return "all municipalities"
	}
	if mu, ok := dk.MunicipalityByCode(m); ok {
		return fmt.Sprintf("%s (%d)", mu.Name, m)
	}
	return strconv.Itoa(m)
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func writeExplanation(env *Env, x figures.Explanation, asOf pejling.Date) {
	w := env.Stdout
	r := x.Row
	g := "all groups"
	if r.Group != "" {
		g = string(r.Group)
	}
	fmt.Fprintf(w, "%s · %s · %s · %s … %s (%d days) · data as of %s\n\n", r.Figure, muniName(r.Municipality), g,
		r.Period.First, r.Period.Last, r.Period.Days(), asOf)
	fmt.Fprintln(w, x.Formula)
	value := "empty"
	if r.Valid {
		value = num(r.Value)
	}
	if len(x.Terms) == 2 { // a ratio: numerator / denominator
		fmt.Fprintf(w, "  = %s / %s\n", num(x.Terms[0].Value), num(x.Terms[1].Value))
	}
	if !r.Valid {
		value += " (the denominator is 0 or missing)"
	}
	fmt.Fprintf(w, "  = %s\n", value)
	for _, t := range x.Terms {
		fmt.Fprintf(w, "\n%s = %s\n  %s\n", t.Name, num(t.Value), t.Rule)
		if t.Days > 0 {
			fmt.Fprintf(w, "  = %s / %d\n", num(t.Sum), t.Days)
		}
		if t.Absent {
			fmt.Fprintln(w, "  not in the data: no population for that year")
		}
		if t.FedBy != "" {
			fmt.Fprintf(w, "  from %d %s\n", t.Fed, t.FedBy)
		}
	}
}

func writeExplanationJSON(env *Env, x figures.Explanation, asOf pejling.Date) error {
	type term struct {
		Name  string   `json:"name"`
		Rule  string   `json:"rule"`
		Value *float64 `json:"value"`
		Sum   *float64 `json:"sum,omitempty"`
		Days  int      `json:"days,omitempty"`
		Fed   int      `json:"fed_by_count"`
		FedBy string   `json:"fed_by,omitempty"`
	}
	m, g := keyFields(x.Row)
	out := struct {
		Municipality string   `json:"municipality"`
		Group        string   `json:"benefit_group"`
		First        string   `json:"period_first"`
		Last         string   `json:"period_last"`
		Figure       string   `json:"figure"`
		Value        *float64 `json:"value"`
		AsOf         string   `json:"as_of"`
		Formula      string   `json:"formula"`
		Terms        []term   `json:"terms"`
	}{Municipality: m, Group: g, First: x.Row.Period.First.String(), Last: x.Row.Period.Last.String(),
		Figure: x.Row.Figure, AsOf: asOf.String(), Formula: x.Formula}
	if x.Row.Valid {
		v := x.Row.Value
		out.Value = &v
	}
	for _, t := range x.Terms {
		jt := term{Name: t.Name, Rule: t.Rule, Days: t.Days, Fed: t.Fed, FedBy: t.FedBy}
		if !t.Absent {
			v := t.Value
			jt.Value = &v
		}
		if t.Days > 0 {
			s := t.Sum
			jt.Sum = &s
		}
		out.Terms = append(out.Terms, jt)
	}
	enc := json.NewEncoder(env.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // the rules say "< as_of"
	return enc.Encode(out)
}
