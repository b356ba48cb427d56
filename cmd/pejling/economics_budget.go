package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
)

func init() {
	economicsCommands["budget"] = struct {
		summary string
		run     func(ctx context.Context, env *Env, args []string) error
	}{"multi-year base budget tied to the national development; --backtest FILE scores it", runEconomicsBudget}
}

func runEconomicsBudget(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "economics budget", "",
		"Forecasts full-time persons of a municipality per benefit group for the next 1–4\n"+
			"calendar years from the stored figure set (docs/economics.md): the local share of\n"+
			"the national level in the last quarter of the last year (the jump-off; the year's\n"+
			"level when the figure set has no quarters), pulled a quarter of the way towards its\n"+
			"mean of the last 8 years, × the national jump-off level (a random walk; the method\n"+
			"was chosen on AUK01 origins 2011–2017 from pre-declared candidates). Outflow = the\n"+
			"outflow rate of the last 3 years × stock; inflow = Δstock + outflow (persons per\n"+
			"year). low/high is the fan: the 10th and 90th percentile of the back-test's errors\n"+
			"at that horizon (AUK01).\n"+
			"Costed with --rate DKK per full-time person per year, or the rates of --rates FILE\n"+
			"(default: the embedded default rates).\n\n"+
			"--backtest FILE instead scores the method, the other candidates and naive forecasts\n"+
			"on a StatBank export of AUK01 (or any quarterly per-municipality table with All\n"+
			"Denmark); --origins FIRST-LAST limits the forecast origins (e.g. 2018-2024, the\n"+
			"held-out period).")
	cfg.dbFlag(fs, env)
	muni := fs.String("municipality", "", "municipality code or name (required for a budget)")
	group := fs.String("group", "all", "benefit group code, or all for every group with history")
	years := fs.Int("years", 4, "years to forecast, 1–4")
	rate := fs.Float64("rate", 0, "DKK per full-time person per year for every group (overrides --rates)")
	ratesFile := fs.String("rates", "", "rates file (JSON, as economics/default_rates.json); default: the embedded rates")
	backtest := fs.String("backtest", "", "run the back-test on this StatBank CSV file instead of a budget (auk01: the AUK01 export embedded in the binary)")
	origins := fs.String("origins", "", "with --backtest: forecast origins FIRST-LAST (years, e.g. 2011-2017); default all")
	format := fs.String("format", "table", "table, csv or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || (*backtest == "" && *muni == "") {
		fs.Usage()
		return errUsage
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return pejling.Errorf(pejling.EINVALID, "--format %q: give table, csv or json", pejling.Clip(*format))
	}
	if *backtest != "" {
		data, err := budgetReadBacktest(*backtest)
		if err != nil {
			return err
		}
		first, last, err := budgetOrigins(*origins)
		if err != nil {
			return err
		}
		file := *backtest
		if strings.EqualFold(file, "auk01") {
			file = dk.AUK01Name
		}
		return writeBacktest(env.Stdout, *format, file, economics.BacktestRun(data, first, last))
	}
	if *years < 1 || *years > economics.BudgetMaxYears {
		return pejling.Errorf(pejling.EINVALID, "--years %d: give 1 to %d", *years, economics.BudgetMaxYears)
	}
	if *rate < 0 || math.IsNaN(*rate) || math.IsInf(*rate, 0) {
		return pejling.Errorf(pejling.EINVALID, "--rate %v: give DKK per full-time person per year, ≥ 0", *rate)
	}
	code, ok := dk.LookupMunicipality(*muni)
	if !ok {
		return pejling.Errorf(pejling.ENOTFOUND, "--municipality %q: no such municipality (give a code such as 101 or a name such as København)", pejling.Clip(*muni))
	}
	groups := pejling.BenefitGroups
	if *group != "all" {
		g := pejling.BenefitGroup(strings.ToUpper(*group))
		if !g.Valid() {
			return pejling.Errorf(pejling.EINVALID, "--group %q: give a benefit group code (DGP, KTH, …) or all", pejling.Clip(*group))
		}
		groups = []pejling.BenefitGroup{g}
	}
	rates, err := budgetRates(*rate, *ratesFile)
	if err != nil {
		return err
	}
	series, err := budgetSeriesFrom(ctx, cfg.DB, code, groups)
	if err != nil {
		return err
	}
	var out []budgetGroup
	for _, s := range series {
		if len(groups) > 1 && !slices.ContainsFunc(s.Stock, func(v float64) bool { return v > 0 }) {
			continue // --group all: only the groups the municipality has
		}
		ys, err := economics.Budget(s, *years, economics.BudgetAUK01Fan, func(y int) float64 { return rates(s.Group, y) })
		if err != nil && len(groups) > 1 {
			fmt.Fprintf(env.Stderr, "pejling economics budget: %s left out: %s\n", s.Group, pejling.ErrorMessage(err))
			continue
		} else if err != nil {
			return err
		}
		out = append(out, budgetGroup{s.Group, ys})
	}
	if len(out) == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "municipality %d has no full-time persons in the figure set's calendar years", code)
	}
	return writeBudget(env.Stdout, *format, code, out)
}

type budgetGroup struct {
	group pejling.BenefitGroup
	years []economics.BudgetYear
}

// budgetRates returns the DKK per full-time person per group and year: the flat rate
// when given, else the rates file's, else the embedded defaults.
func budgetRates(flat float64, file string) (func(pejling.BenefitGroup, int) float64, error) {
	if flat > 0 {
		return func(pejling.BenefitGroup, int) float64 { return flat }, nil
	}
	r := economics.DefaultRates()
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "--rates: %v", err)
		}
		defer f.Close()
		if r, err = economics.LoadRates(f); err != nil {
			return nil, fmt.Errorf("read rates %s: %w", filepath.Base(file), err)
		}
	}
	return r.Rate, nil
}

// budgetSeriesFrom reads the history of the store at path (economics.LoadBudgetSeries).
func budgetSeriesFrom(ctx context.Context, path string, code int, groups []pejling.BenefitGroup) ([]economics.BudgetSeries, error) {
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return economics.LoadBudgetSeries(ctx, db, code, groups)
}

// budgetOrigins parses --origins FIRST-LAST; "" is every origin (0, 0).
func budgetOrigins(v string) (first, last int, err error) {
	if v == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(v, "-")
	first, err1 := strconv.Atoi(a)
	last, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || first < 1 || last < first {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "--origins %q: give FIRST-LAST years, such as 2011-2017", pejling.Clip(v))
	}
	return first, last, nil
}

// budgetReadBacktest reads a StatBank export (economics.ReadBacktest); "auk01" is the
// AUK01 export embedded in the binary (dk.AUK01).
func budgetReadBacktest(path string) (economics.BacktestData, error) {
	if strings.EqualFold(path, "auk01") {
		return economics.ReadBacktest(dk.AUK01(), dk.AUK01Name)
	}
	f, err := os.Open(path)
	if err != nil {
		return economics.BacktestData{}, pejling.Errorf(pejling.EINVALID, "--backtest: %v", err)
	}
	defer f.Close()
	return economics.ReadBacktest(f, filepath.Base(path))
}

func writeBacktest(w io.Writer, format, file string, r economics.BacktestResult) error {
	switch format {
	case "json":
		type summary struct {
			Method         string   `json:"method"`
			Horizon        int      `json:"horizon"`
			Municipalities int      `json:"municipalities"`
			Forecasts      int      `json:"forecasts"`
			MedianMAPE     *float64 `json:"median_mape"`
			PooledMAPE     *float64 `json:"pooled_mape"`
			Wins           int      `json:"wins"`
		}
		out := struct {
			File           string    `json:"file"`
			FirstYear      int       `json:"first_year"`
			LastYear       int       `json:"last_year"`
			Municipalities int       `json:"municipalities"`
			FirstOrigin    int       `json:"first_origin"`
			LastOrigin     int       `json:"last_origin"`
			Chosen         string    `json:"national_tied_is"`
			Summaries      []summary `json:"summaries"`
			FanLow         []float64 `json:"fan_p10"`
			FanHigh        []float64 `json:"fan_p90"`
		}{filepath.Base(file), r.FirstYear, r.LastYear, r.Municipalities, r.FirstOrigin, r.LastOrigin, economics.BacktestChosen, nil, r.Fan.Low[:], r.Fan.High[:]}
		for _, s := range r.Summaries {
			out.Summaries = append(out.Summaries, summary{string(s.Method), s.Horizon, s.Municipalities, s.Forecasts,
				budgetNumber(s.MedianMAPE), budgetNumber(s.PooledMAPE), s.Wins})
		}
		return json.NewEncoder(w).Encode(out)
	case "csv":
		c := csv.NewWriter(w)
		c.Write([]string{"horizon", "method", "municipalities", "forecasts", "median_mape", "pooled_mape", "wins", "fan_p10", "fan_p90"})
		for _, s := range r.Summaries {
			c.Write([]string{strconv.Itoa(s.Horizon), string(s.Method), strconv.Itoa(s.Municipalities), strconv.Itoa(s.Forecasts),
				budgetFixed(s.MedianMAPE, 2), budgetFixed(s.PooledMAPE, 2), strconv.Itoa(s.Wins),
				budgetFixed(r.Fan.Low[s.Horizon-1], 3), budgetFixed(r.Fan.High[s.Horizon-1], 3)})
		}
		c.Flush()
		return c.Error()
	}
	fmt.Fprintf(w, "Back-test of %s: years %d–%d (mean of four quarters), %d municipalities, origins %d–%d\n"+
		"%s is %s; wins: MAPE ≤ %s's and %s's (for those two: ≤ %s's and the other's)\n\n",
		filepath.Base(file), r.FirstYear, r.LastYear, r.Municipalities, r.FirstOrigin, r.LastOrigin,
		economics.BacktestTied, economics.BacktestChosen, economics.BacktestNaiveLast, economics.BacktestNaiveTrend, economics.BacktestTied)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "horizon\tmethod\tmunicipalities\tforecasts\tmedian MAPE %\tpooled MAPE %\twins\t")
	for _, s := range r.Summaries {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%s\t%s\t%d\t\n", s.Horizon, s.Method, s.Municipalities, s.Forecasts,
			budgetFixed(s.MedianMAPE, 2), budgetFixed(s.PooledMAPE, 2), s.Wins)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nFan of %s (p10 … p90 of (actual − forecast)/forecast):", economics.BacktestTied)
	for h := range economics.BudgetMaxYears {
		fmt.Fprintf(w, " h%d %s … %s;", h+1, budgetFixed(r.Fan.Low[h], 3), budgetFixed(r.Fan.High[h], 3))
	}
	fmt.Fprintln(w)
	return nil
}

func writeBudget(w io.Writer, format string, code int, gs []budgetGroup) error {
	header := []string{"municipality", "group", "year", "kind", "stock", "low", "high", "national", "inflow", "outflow",
		"rate", "cost", "cost_low", "cost_high"}
	kind := func(y economics.BudgetYear) string {
		if y.Forecast {
			return "forecast"
		}
		return "history"
	}
	switch format {
	case "json":
		type year struct {
			Year     int      `json:"year"`
			Kind     string   `json:"kind"`
			Stock    float64  `json:"stock"`
			Low      float64  `json:"low"`
			High     float64  `json:"high"`
			National float64  `json:"national"`
			Inflow   *float64 `json:"inflow"`
			Outflow  float64  `json:"outflow"`
			Rate     float64  `json:"rate"`
			Cost     float64  `json:"cost"`
			CostLow  float64  `json:"cost_low"`
			CostHigh float64  `json:"cost_high"`
		}
		type group struct {
			Group string `json:"group"`
			Years []year `json:"years"`
		}
		out := struct {
			Municipality int     `json:"municipality"`
			Groups       []group `json:"groups"`
		}{Municipality: code}
		for _, g := range gs {
			jg := group{Group: string(g.group)}
			for _, y := range g.years {
				var in *float64
				if y.InflowValid {
					in = &y.Inflow
				}
				jg.Years = append(jg.Years, year{y.Year, kind(y), y.Stock, y.Low, y.High, y.National, in, y.Outflow, y.Rate, y.Cost, y.CostLow, y.CostHigh})
			}
			out.Groups = append(out.Groups, jg)
		}
		return json.NewEncoder(w).Encode(out)
	case "csv":
		c := csv.NewWriter(w)
		c.Write(header)
		for _, g := range gs {
			for _, y := range g.years {
				in := ""
				if y.InflowValid {
					in = formatFloat(y.Inflow)
				}
				c.Write([]string{strconv.Itoa(code), string(g.group), strconv.Itoa(y.Year), kind(y), formatFloat(y.Stock),
					formatFloat(y.Low), formatFloat(y.High), formatFloat(y.National), in, formatFloat(y.Outflow),
					formatFloat(y.Rate), formatFloat(y.Cost), formatFloat(y.CostLow), formatFloat(y.CostHigh)})
			}
		}
		c.Flush()
		return c.Error()
	}
	name := strconv.Itoa(code)
	if m, ok := dk.MunicipalityByCode(code); ok {
		name += " " + m.Name
	}
	fmt.Fprintf(w, "Base budget of %s: full-time persons (stock), inflow and outflow in persons per year;\n"+
		"low … high is the 10–90 %% fan from the AUK01 back-test; cost in DKK.\n", name)
	for _, g := range gs {
		fmt.Fprintf(w, "\n%s\n", g.group)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "year\tkind\tstock\tlow … high\tnational\tinflow\toutflow\tcost\tcost low … high\t")
		for _, y := range g.years {
			in := "–"
			if y.InflowValid {
				in = budgetFixed(y.Inflow, 1)
			}
			fan, costFan := "", ""
			if y.Forecast {
				fan = budgetFixed(y.Low, 1) + " … " + budgetFixed(y.High, 1)
				costFan = budgetFixed(y.CostLow, 0) + " … " + budgetFixed(y.CostHigh, 0)
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", y.Year, kind(y), budgetFixed(y.Stock, 1), fan,
				budgetFixed(y.National, 0), in, budgetFixed(y.Outflow, 1), budgetFixed(y.Cost, 0), costFan)
		}
		tw.Flush()
	}
	return nil
}

func budgetFixed(v float64, prec int) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func budgetNumber(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}
