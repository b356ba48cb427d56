package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

func init() {
	economicsCommands["businesscase"] = struct {
		summary string
		run     func(ctx context.Context, env *Env, args []string) error
	}{"business case of an investment: savings, NPV, payback, break-even, sensitivity", runEconomicsBusinessCase}
}

// businessCaseTemplate is the commented example printed by --template: the published
// Hillerød case (economics/testdata/hilleroed.json holds the same numbers).
const businessCaseTemplate = `// Pejling business case (docs/economics.md). Lines starting with // are comments.
// Amounts are kroner a year; shares and rates are fractions (0.5 = 50 %); durations weeks.
// The example is Hillerød Kommune's published case for immediate activation of young people.
{
  "version": 1,
  "target_group": {
    "name": "Hillerød: straksaktivering af unge",
    // benefit group code (DOMAIN.md §2); optional: "match_group", "intervention_id"
    "benefit_group": "UDH"
  },
  // calendar year of year 1; needed by pejling economics followup
  "first_year": 2024,
  "yearly_inflow": 459,
  "duration_before_weeks": 17,
  "duration_after_weeks": 4.8,
  // gross benefit cost of one full-time person a year (52 weeks)
  "yearly_benefit_cost": 72000,
  // the municipality's share after reimbursement; leave it out to compute it from
  // "staircase": {"steps": [{"from_week": 1, "to_week": 4, "rate": 0.8}, ..., {"from_week": 53, "rate": 0.2}]}
  // (default 80 % weeks 1–4, 40 % weeks 5–26, 30 % weeks 27–52, 20 % after)
  "municipal_share": 0.5,
  "operating_costs": {
    "salary": 500000,
    "salary_reimbursement": 0,
    "other": 167000,
    "other_reimbursement": 0.5
  },
  // share of the full effect in year 1, 2, …; years after the list have full effect
  "ramp_up": [0.5, 1, 1, 1],
  "horizon_years": 4,
  "discount_rate": 0.04
}
`

func runEconomicsBusinessCase(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "economics businesscase", "",
		"Evaluates a business case document (JSON; --template prints a commented example):\n"+
			"weeks and full-time persons saved (52 weeks a year), gross and net savings, net\n"+
			"operating cost and net result per year, net present value (end-of-year\n"+
			"discounting), payback time, break-even duration cut and an NPV sensitivity table\n"+
			"of effect × operating cost, 50 %–150 %.")
	in := fs.String("in", "", "business case file (JSON); - reads standard input")
	template := fs.Bool("template", false, "print a commented template (the Hillerød example) and exit")
	format := fs.String("format", "table", "table or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *template {
		_, err := io.WriteString(env.Stdout, businessCaseTemplate)
		return err
	}
	if fs.NArg() > 0 || *in == "" {
		fs.Usage()
		return errUsage
	}
	if *format != "table" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give table or json", pejling.Clip(*format))
	}
	c, err := readBusinessCase(*in)
	if err != nil {
		return err
	}
	r := c.Evaluate()
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	return writeBusinessCaseTable(env.Stdout, r)
}

// readBusinessCase parses the business case file at path (- for standard input).
func readBusinessCase(path string) (*economics.BusinessCase, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "--in %q: %s", pejling.Clip(path), strings.TrimPrefix(err.Error(), "open "+path+": "))
		}
		defer f.Close()
		r = f
	}
	c, err := economics.ParseBusinessCase(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

func businessCaseKr(v float64) string { return strconv.FormatFloat(v, 'f', 0, 64) }

func writeBusinessCaseTable(w io.Writer, r economics.BusinessCaseResult) error {
	fmt.Fprintf(w, "Business case: %s\n", r.Name)
	fmt.Fprintf(w, "Municipal share %.4f (%s); net operating cost %s kr. a year; %g weeks a year\n\n",
		r.MunicipalShare, r.ShareSource, businessCaseKr(r.NetOperatingCost), r.WeeksPerYear)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "year\tramp_up\tweeks_saved\tpersons_saved\tgross_saving\tnet_saving\tnet_operating_cost\tnet_result\tdiscounted\tcumulative\t")
	for _, y := range r.Years {
		fmt.Fprintf(tw, "%d\t%.2f\t%.1f\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t\n", y.Year, y.RampUp, y.WeeksSaved, y.FullTimePersonsSaved,
			businessCaseKr(y.GrossSaving), businessCaseKr(y.NetSaving), businessCaseKr(y.NetOperatingCost), businessCaseKr(y.NetResult), businessCaseKr(y.Discounted), businessCaseKr(y.Cumulative))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nNet present value  %s kr.\n", businessCaseKr(r.NPV))
	if r.PaybackYears != nil {
		fmt.Fprintf(w, "Payback time       %.2f years\n", *r.PaybackYears)
	} else {
		fmt.Fprintf(w, "Payback time       not within horizon\n")
	}
	if r.BreakEvenWeeks != nil {
		fmt.Fprintf(w, "Break-even effect  %.2f weeks shorter duration\n", *r.BreakEvenWeeks)
	} else {
		fmt.Fprintf(w, "Break-even effect  none: even no time on support does not pay\n")
	}
	fmt.Fprintf(w, "\nNPV sensitivity (kr.): effect (rows) × operating cost (columns)\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "effect\\cost\t")
	for _, f := range r.Sensitivity.CostFactors {
		fmt.Fprintf(tw, "%.0f%%\t", 100*f)
	}
	fmt.Fprintln(tw)
	for i, row := range r.Sensitivity.NPV {
		fmt.Fprintf(tw, "%.0f%%\t", 100*r.Sensitivity.EffectFactors[i])
		for _, v := range row {
			fmt.Fprintf(tw, "%s\t", businessCaseKr(v))
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
