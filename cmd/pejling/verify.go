package main

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

// maxShownDifferences is how many differences verify lists before it only counts.
const maxShownDifferences = 20

func runVerify(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "verify", "",
		"Proves on your own database that every key figure is reproduced by a second, independent\n"+
			"computation: it computes the figures of DOMAIN.md §8 with the engine (as pejling figures\n"+
			"does) and again in plain SQL over the stored tables, which share nothing but the rules,\n"+
			"and compares every value (to 1e-9; an empty value must be empty in both). It prints\n"+
			"\"verified N values, 0 differences\" and exits 0, or lists the first differences and exits 1.")
	cfg.dbFlag(fs, env)
	from := fs.String("from", "", "first day, YYYY-MM-DD (required)")
	to := fs.String("to", "", "last day, YYYY-MM-DD (required)")
	every := fs.String("every", "", "split [from, to] into whole calendar periods: month, quarter, week (ISO), year, or several comma-separated (month,year); empty: one period [from, to]")
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

	began := time.Now()
	engine, err := computeFigures(ctx, cfg.DB, periods)
	if err != nil {
		return err
	}
	engineTime := time.Since(began)

	began = time.Now()
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	witness, err := db.WitnessFigures(ctx, periods)
	if err != nil {
		return err
	}
	sqlTime := time.Since(began)

	n, diffs := compareFigures(engine, witness)
	for i, d := range diffs {
		if i == maxShownDifferences {
			fmt.Fprintf(env.Stdout, "… and %d more\n", len(diffs)-maxShownDifferences)
			break
		}
		fmt.Fprintln(env.Stdout, d)
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%d differences in %d values between the engine and the SQL witness", len(diffs), n)
	}
	fmt.Fprintf(env.Stdout, "verified %d values, 0 differences (engine %.1f s, SQL %.1f s)\n",
		n, engineTime.Seconds(), sqlTime.Seconds())
	return nil
}

// compareFigures compares two computations of the same figures value by value and
// returns how many keys were compared and a line for every difference: a value that
// differs by more than 1e-9 (relative, or absolute below 1), an empty value against a
// non-empty one, or a key that only one side has. The lines come in the order of
// engine's rows, then the keys only witness has in its order.
func compareFigures(engine, witness []figures.Row) (int, []string) {
	type key struct {
		m      int
		g      pejling.BenefitGroup
		p      figures.Period
		figure string
	}
	keyOf := func(r figures.Row) key { return key{r.Municipality, r.Group, r.Period, r.Figure} }
	show := func(r figures.Row) string {
		if !r.Valid {
			return "empty"
		}
		return formatValue(r)
	}
	name := func(r figures.Row) string {
		m, g := keyFields(r)
		return fmt.Sprintf("%s %s %s…%s %s", m, g, r.Period.First, r.Period.Last, r.Figure)
	}
	byKey := make(map[key]figures.Row, len(witness))
	for _, r := range witness {
		byKey[keyOf(r)] = r
	}
	var diffs []string
	seen := make(map[key]bool, len(engine))
	for _, e := range engine {
		k := keyOf(e)
		seen[k] = true
		w, ok := byKey[k]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("%s: engine %s, SQL has no value", name(e), show(e)))
		case e.Valid != w.Valid,
			e.Valid && !(math.Abs(e.Value-w.Value) <= 1e-9*math.Max(1, math.Abs(e.Value))): // NaN differs
			diffs = append(diffs, fmt.Sprintf("%s: engine %s, SQL %s", name(e), show(e), show(w)))
		}
	}
	n := len(seen)
	for _, w := range witness {
		if k := keyOf(w); !seen[k] {
			seen[k] = true
			n++
			diffs = append(diffs, fmt.Sprintf("%s: SQL %s, engine has no value", name(w), show(w)))
		}
	}
	return n, diffs
}
