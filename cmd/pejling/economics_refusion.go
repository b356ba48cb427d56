package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
)

func init() {
	economicsCommands["refusion"] = struct {
		summary string
		run     func(ctx context.Context, env *Env, args []string) error
	}{"reimbursement staircase: gross cost, state reimbursement and net cost per municipality, group and year", runRefusion}
}

func runRefusion(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "economics refusion", "",
		"Applies the reimbursement staircase (refusionstrappe, DOMAIN.md §5) to the benefit spells of\n"+
			"the store and writes per municipality × benefit group × calendar year the gross benefit\n"+
			"cost, the state's reimbursement, the municipality's net cost, persons, full-time persons\n"+
			"and net cost per full-time person (docs/economics.md).\n\n"+
			"A day's cost is rate(group, year)/365 × fraction; it is reimbursed at the staircase rate of\n"+
			"the week ⌈accumulated days on support/7⌉ it falls in, counted over every benefit spell of\n"+
			"the person and started over after 52 weeks (364 days) without support. Running spells\n"+
			"count to as_of.\n\n"+
			"--aggregate estimates the same without individual data, from --full-time-persons of\n"+
			"--group in --year and a distribution of period lengths (--durations).")
	cfg.dbFlag(fs, env)
	ratesPath := fs.String("rates", "", "rates file (JSON, DKK per full-time person per year per group); empty: the built-in 2024 levels")
	stairsPath := fs.String("staircase", "", "staircase file (JSON steps from_week, to_week (0 = open), rate); empty: 80 % weeks 1–4, 40 % 5–26, 30 % 27–52, 20 % after")
	muni := fs.String("municipality", "", "only this municipality (code or name)")
	yearFlag := fs.String("year", "", "only this calendar year (required with --aggregate)")
	format := fs.String("format", "table", "table, csv or json")
	aggregate := fs.Bool("aggregate", false, "estimate from --full-time-persons, --group, --year and --durations instead of the store")
	ftp := fs.String("full-time-persons", "", "with --aggregate: full-time persons on the benefit")
	group := fs.String("group", "", "with --aggregate: the benefit group")
	durPath := fs.String("durations", "default", "with --aggregate: durations file (JSON {\"durations\":[{\"weeks\":13,\"share\":0.3},…]}) or default")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give table, csv or json", pejling.Clip(*format))
	}
	rates := economics.DefaultRates()
	if *ratesPath != "" {
		f, err := os.Open(*ratesPath)
		if err != nil {
			return pejling.Errorf(pejling.EINVALID, "--rates: %s", pejling.Clip(err.Error()))
		}
		rates, err = economics.LoadRates(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("--rates %s: %w", *ratesPath, err)
		}
	}
	stairs := economics.DefaultStaircase()
	if *stairsPath != "" {
		b, err := os.ReadFile(*stairsPath)
		if err != nil {
			return pejling.Errorf(pejling.EINVALID, "--staircase: %s", pejling.Clip(err.Error()))
		}
		if stairs, err = economics.ParseStaircase(b); err != nil {
			return fmt.Errorf("--staircase %s: %w", *stairsPath, err)
		}
	}
	year := 0
	if *yearFlag != "" {
		y, err := strconv.Atoi(*yearFlag)
		if err != nil || y < economics.RatesMinYear || y > economics.RatesMaxYear {
			return pejling.Errorf(pejling.EINVALID, "--year %q: give a year %d–%d", pejling.Clip(*yearFlag), economics.RatesMinYear, economics.RatesMaxYear)
		}
		year = y
	}
	if *aggregate {
		return runRefusionAggregate(env, rates, stairs, year, *ftp, *group, *durPath, *format)
	}
	if *ftp != "" || *group != "" {
		return pejling.Errorf(pejling.EINVALID, "--full-time-persons and --group go with --aggregate")
	}
	m := 0
	if *muni != "" {
		code, ok := dk.LookupMunicipality(*muni)
		if !ok {
			return pejling.Errorf(pejling.EINVALID, "--municipality %q: unknown municipality", pejling.Clip(*muni))
		}
		m = code
	}
	rows, asOf, err := refusionFrom(ctx, cfg.DB, stairs, rates)
	if err != nil {
		return err
	}
	if year != 0 {
		lo, hi := asOf.Year(), asOf.Year()
		for _, r := range rows {
			lo = min(lo, r.Year)
		}
		if year < lo || year > hi {
			return pejling.Errorf(pejling.EINVALID, "--year %d: the data covers %d–%d (as of %s)", year, lo, hi, asOf)
		}
	}
	kept := rows[:0]
	for _, r := range rows {
		if (m == 0 || r.Municipality == m) && (year == 0 || r.Year == year) {
			kept = append(kept, r)
		}
	}
	return writeRefusion(env, *format, kept)
}

// refusionFrom streams the store's persons through economics.Refusion, starting over
// when an import commits meanwhile (as sqldb.DB.Survival does).
func refusionFrom(ctx context.Context, path string, stairs economics.Staircase, rates *economics.Rates) ([]economics.RefusionRow, pejling.Date, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	return economics.RefusionOfRegister(ctx, db, stairs, rates)
}

var refusionHeader = []string{"municipality", "benefit_group", "year", "gross_dkk", "reimbursement_dkk", "net_dkk",
	"persons", "full_time_persons", "net_per_full_time_person_dkk"}

func writeRefusion(env *Env, format string, rows []economics.RefusionRow) error {
	switch format {
	case "json":
		type row struct {
			Municipality    int      `json:"municipality"`
			Group           string   `json:"benefit_group"`
			Year            int      `json:"year"`
			Gross           float64  `json:"gross_dkk"`
			Reimbursement   float64  `json:"reimbursement_dkk"`
			Net             float64  `json:"net_dkk"`
			Persons         int      `json:"persons"`
			FullTimePersons float64  `json:"full_time_persons"`
			NetPerFullTime  *float64 `json:"net_per_full_time_person_dkk"`
		}
		out := struct {
			Rows []row `json:"rows"`
		}{Rows: make([]row, len(rows))}
		for i, r := range rows {
			out.Rows[i] = row{r.Municipality, string(r.Group), r.Year, r.Gross, r.Reimbursement, r.Net, r.Persons, r.FullTimePersons, nil}
			if v, ok := r.NetPerFullTimePerson(); ok {
				out.Rows[i].NetPerFullTime = &v
			}
		}
		return json.NewEncoder(env.Stdout).Encode(out)
	case "csv":
		w := csv.NewWriter(env.Stdout)
		w.Write(refusionHeader)
		for _, r := range rows {
			per := ""
			if v, ok := r.NetPerFullTimePerson(); ok {
				per = formatFloat(v)
			}
			w.Write([]string{strconv.Itoa(r.Municipality), string(r.Group), strconv.Itoa(r.Year), formatFloat(r.Gross),
				formatFloat(r.Reimbursement), formatFloat(r.Net), strconv.Itoa(r.Persons), formatFloat(r.FullTimePersons), per})
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(refusionHeader, "\t")+"\t")
	for _, r := range rows {
		per := ""
		if v, ok := r.NetPerFullTimePerson(); ok {
			per = fmt.Sprintf("%.0f", v)
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%.0f\t%.0f\t%.0f\t%d\t%.2f\t%s\t\n", r.Municipality, r.Group, r.Year, r.Gross,
			r.Reimbursement, r.Net, r.Persons, r.FullTimePersons, per)
	}
	return tw.Flush()
}

// runRefusionAggregate writes economics.AggregateRefusion for the flags of --aggregate.
func runRefusionAggregate(env *Env, rates *economics.Rates, stairs economics.Staircase, year int,
	ftpFlag, groupFlag, durPath, format string) error {
	n, err := strconv.ParseFloat(ftpFlag, 64)
	if err != nil {
		return pejling.Errorf(pejling.EINVALID, "--full-time-persons %q: give a number ≥ 0", pejling.Clip(ftpFlag))
	}
	g := pejling.BenefitGroup(strings.ToUpper(groupFlag))
	if !g.Valid() {
		return pejling.Errorf(pejling.EINVALID, "--group %q: unknown benefit group", pejling.Clip(groupFlag))
	}
	if year == 0 {
		return pejling.Errorf(pejling.EINVALID, "--aggregate needs --year (the year of the rate)")
	}
	durations := economics.DefaultRefusionDurations()
	if durPath != "default" {
		b, err := os.ReadFile(durPath)
		if err != nil {
			return pejling.Errorf(pejling.EINVALID, "--durations: %s", pejling.Clip(err.Error()))
		}
		if durations, err = economics.ParseRefusionDurations(b); err != nil {
			return fmt.Errorf("--durations %s: %w", durPath, err)
		}
	}
	stairs = stairs.For(g) // the group's own scheme when the file gives one
	a, err := economics.AggregateRefusion(n, rates.Rate(g, year), durations, stairs)
	if err != nil {
		return err
	}
	perFTP := ""
	if a.FullTimePersons > 0 {
		perFTP = formatFloat(a.Net / a.FullTimePersons)
	}
	fields := [][2]string{
		{"benefit_group", string(g)}, {"year", strconv.Itoa(year)}, {"full_time_persons", formatFloat(a.FullTimePersons)},
		{"rate_dkk", formatFloat(a.RateDKK)}, {"gross_dkk", formatFloat(a.Gross)},
		{"reimbursement_rate", formatFloat(a.ReimbursementRate)}, {"reimbursement_dkk", formatFloat(a.Reimbursement)},
		{"net_dkk", formatFloat(a.Net)}, {"net_per_full_time_person_dkk", perFTP},
	}
	switch format {
	case "json":
		out := map[string]any{}
		for _, f := range fields {
			out[f[0]] = f[1]
		}
		out["full_time_persons"], out["rate_dkk"], out["gross_dkk"] = a.FullTimePersons, a.RateDKK, a.Gross
		out["reimbursement_rate"], out["reimbursement_dkk"], out["net_dkk"] = a.ReimbursementRate, a.Reimbursement, a.Net
		out["year"] = year
		if a.FullTimePersons > 0 {
			out["net_per_full_time_person_dkk"] = a.Net / a.FullTimePersons
		} else {
			out["net_per_full_time_person_dkk"] = nil
		}
		steps := make([]map[string]any, len(stairs.Steps))
		for i, st := range stairs.Steps {
			steps[i] = map[string]any{"from_week": st.FromWeek, "to_week": st.ToWeek, "rate": st.Rate, "share_of_weeks": a.StepShares[i]}
		}
		out["steps"] = steps
		return json.NewEncoder(env.Stdout).Encode(out)
	case "csv":
		w := csv.NewWriter(env.Stdout)
		head, vals := make([]string, len(fields)), make([]string, len(fields))
		for i, f := range fields {
			head[i], vals[i] = f[0], f[1]
		}
		w.Write(head)
		w.Write(vals)
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, f := range fields {
		fmt.Fprintf(tw, "%s\t%s\n", f[0], f[1])
	}
	for i, st := range stairs.Steps {
		fmt.Fprintf(tw, "share of weeks in %s\t%.4f\n", st, a.StepShares[i])
	}
	return tw.Flush()
}
