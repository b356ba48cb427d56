package main

import (
	"context"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

func runSurvival(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "survival", "",
		"Writes Kaplan–Meier survival curves of continuous periods on public support\n"+
			"(DOMAIN.md §8) for weeks 1 … "+strconv.Itoa(figures.SurvivalWeeks)+", by cohort of inflow and stratum, with the exits split\n"+
			"into self-support and another benefit (Aalen–Johansen cumulative incidence):\n"+
			"cohort_first,cohort_last,by,stratum,week,at_risk,events,censored,survival,lower,upper,\n"+
			"cif_self_support,cif_other_benefit.\n\n"+
			"A period's inflow is its first spell (ties: smallest municipality, then group);\n"+
			"a completed period (no spell running, last end before as_of) exits at\n"+
			"⌈(last end − first start + 1)/7⌉ weeks; any other is censored at as_of, at\n"+
			"⌈(as_of − first start + 1)/7⌉ weeks. lower and upper are the 95 % log(−log) band;\n"+
			"a curve stops at its last week with periods at risk.\n\n"+
			"--by early_placement compares periods with and without a company placement\n"+
			"starting in their first 13 weeks. Only periods still on support after 13 weeks\n"+
			"count (a landmark analysis: otherwise the placed would be credited with the weeks\n"+
			"they had to stay on support to be placed), and S(w) = 1 for w ≤ 13.")
	cfg.dbFlag(fs, env)
	from := fs.String("cohort-from", "", "first inflow day, YYYY-MM-DD (required)")
	to := fs.String("cohort-to", "", "last inflow day, YYYY-MM-DD (required)")
	every := fs.String("cohort-every", "", "split [cohort-from, cohort-to] into whole calendar cohorts: month, quarter or year; empty: one cohort")
	by := fs.String("by", string(figures.ByGroup), "curves by: "+joinBys(", "))
	format := fs.String("format", "csv", "csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *from == "" || *to == "" {
		fs.Usage()
		return errUsage
	}
	first, last, err := parseRange("cohort-from", *from, "cohort-to", *to)
	if err != nil {
		return err
	}
	if *every != "" && *every != "month" && *every != "quarter" && *every != "year" {
		return pejling.Errorf(pejling.EINVALID, "--cohort-every %q: give month, quarter or year", *every)
	}
	cohorts, err := splitPeriods(first, last, *every)
	if err != nil {
		return err
	}
	if !slices.Contains(figures.Bys, figures.By(*by)) {
		return pejling.Errorf(pejling.EINVALID, "--by %q: give %s", *by, joinBys(" or "))
	}
	if *format != "csv" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give csv or json", *format)
	}

	curves, err := survivalFrom(ctx, cfg.DB, cohorts, figures.By(*by))
	if err != nil {
		return err
	}
	if *format == "json" {
		return figures.WriteCurvesJSON(env.Stdout, curves)
	}
	return writeSurvivalCSV(env, curves)
}

func joinBys(sep string) string {
	s := make([]string, len(figures.Bys))
	for i, b := range figures.Bys {
		s[i] = string(b)
	}
	return strings.Join(s, sep)
}

// survivalFrom computes the curves of the store at path (sqldb.DB.Survival, as the web
// app's survival page does).
func survivalFrom(ctx context.Context, path string, cohorts []figures.Period, by figures.By) ([]figures.Curve, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return db.Survival(ctx, cohorts, by)
}

func formatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func writeSurvivalCSV(env *Env, curves []figures.Curve) error {
	w := csv.NewWriter(env.Stdout)
	w.Write([]string{"cohort_first", "cohort_last", "by", "stratum", "week", "at_risk", "events", "censored",
		"survival", "lower", "upper", "cif_self_support", "cif_other_benefit"})
	for _, c := range curves {
		for _, p := range c.Points {
			w.Write([]string{c.Cohort.First.String(), c.Cohort.Last.String(), string(c.By), c.Stratum,
				strconv.Itoa(p.Week), strconv.Itoa(p.AtRisk), strconv.Itoa(p.Events), strconv.Itoa(p.Censored),
				formatFloat(p.Survival), formatFloat(p.Lower), formatFloat(p.Upper),
				formatFloat(p.CIFSelfSupport), formatFloat(p.CIFOtherBenefit)})
		}
	}
	w.Flush()
	return w.Error()
}
