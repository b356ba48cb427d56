package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
)

func init() {
	economicsCommands["followup"] = struct {
		summary string
		run     func(ctx context.Context, env *Env, args []string) error
	}{"follow a business case year by year: realised inflow, durations and saving", runEconomicsFollowUp}
}

func runEconomicsFollowUp(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "economics followup", "",
		"Follows a business case (--in) year by year against the register: per calendar\n"+
			"year from first_year, the inflow of the target group in the municipality (new\n"+
			"continuous periods on public support whose first spell is of the group), their\n"+
			"realised duration in weeks (mean of completed periods; Kaplan–Meier median when\n"+
			"periods still run at as_of), and the realised saving at the case's own costs:\n"+
			"(duration before − realised) × inflow / 52 × yearly benefit cost × share.")
	cfg.dbFlag(fs, env)
	in := fs.String("in", "", "business case file (JSON), required")
	muni := fs.String("municipality", "", "municipality code or name, required")
	firstYear := fs.Int("first-year", 0, "calendar year of the case's year 1 (default: the case's first_year)")
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *in == "" || *muni == "" {
		fs.Usage()
		return errUsage
	}
	if *format != "table" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give table or json", pejling.Clip(*format))
	}
	code, ok := dk.LookupMunicipality(*muni)
	if !ok {
		return pejling.Errorf(pejling.ENOTFOUND, "--municipality %q: no such municipality (give a code such as 101 or a name such as København)", pejling.Clip(*muni))
	}
	c, err := readBusinessCase(*in)
	if err != nil {
		return err
	}
	if *firstYear != 0 {
		c.FirstYear = *firstYear
		if err := c.Validate(); err != nil {
			return pejling.Errorf(pejling.EINVALID, "--first-year %d: not a plausible year", *firstYear)
		}
	}
	if c.FirstYear == 0 {
		return pejling.Errorf(pejling.EINVALID, "%s: first_year: missing; give it in the case or with --first-year", pejling.Clip(*in))
	}
	asOf, years, err := followUpFrom(ctx, cfg.DB, c, code)
	if err != nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Name         string                   `json:"name"`
			Municipality int                      `json:"municipality"`
			AsOf         string                   `json:"as_of"`
			Years        []economics.FollowUpYear `json:"years"`
		}{c.TargetGroup.Name, code, asOf.String(), years})
	}
	return writeFollowUpTable(env.Stdout, c, code, asOf, years)
}

// followUpFrom follows the case through the store at path (economics.FollowUp, which
// starts over up to three times if an import commits meanwhile).
func followUpFrom(ctx context.Context, path string, c *economics.BusinessCase, municipality int) (pejling.Date, []economics.FollowUpYear, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	return economics.FollowUp(ctx, db, c, municipality)
}

func followUpOptional(v *float64, prec int) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', prec, 64)
}

func writeFollowUpTable(w io.Writer, c *economics.BusinessCase, municipality int, asOf pejling.Date, years []economics.FollowUpYear) error {
	fmt.Fprintf(w, "Follow-up: %s, municipality %d, data as of %s\n", c.TargetGroup.Name, municipality, asOf)
	fmt.Fprintf(w, "Assumed: inflow %g a year, duration %g → %g weeks\n\n", c.Inflow, c.WeeksBefore, c.WeeksAfter)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "year\tinflow\tassumed\tcompleted\tcensored\tweeks\tassumed_weeks\tbasis\tnet_saving\tassumed_saving\tnet_result\t")
	for _, y := range years {
		year := strconv.Itoa(y.Year)
		if y.Partial {
			year += "*"
		}
		fmt.Fprintf(tw, "%s\t%d\t%g\t%d\t%d\t%s\t%.1f\t%s\t%s\t%s\t%s\t\n", year, y.RealisedInflow, y.AssumedInflow, y.Completed, y.Censored,
			followUpOptional(y.RealisedWeeks, 1), y.AssumedWeeks, y.DurationBasis, followUpOptional(y.RealisedNetSaving, 0), businessCaseKr(y.AssumedNetSaving),
			followUpOptional(y.RealisedNetResult, 0))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\n* the year is not over at as_of. basis: mean of completed periods; km_median when periods still run;\n  completed_only when the Kaplan–Meier curve does not reach 0.5 (provisional).")
	return nil
}
