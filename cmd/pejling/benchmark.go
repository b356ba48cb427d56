package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

// benchmarkCommands are the subcommands of pejling benchmark.
var benchmarkCommands = map[string]struct {
	summary string
	run     func(b *bench, args []string) error
}{
	"peers":      {"peer groups: clusters and nearest neighbours by framework conditions, explained", runPeers},
	"expected":   {"expected level of a figure from the framework conditions, and actual − expected", runExpected},
	"rank":       {"ranks per figure and overall, nationally and within clusters, with rank change", runRank},
	"learn":      {"a municipality's strong and weak benefit groups against its peers, and whom to learn from", runLearn},
	"efficiency": {"cost efficiency: a DEA frontier of operating cost per full-time person against expected / actual level, every year", runEfficiency},
	"compare":    {"a municipality side by side with a reference: a municipality, its peers, its cluster or the country", runCompare},
}

func runBenchmark(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && benchmarkCommands[args[0]].run == nil && args[0] != "-h" && args[0] != "--help" && args[0] != "help" {
		fmt.Fprintf(env.Stderr, "pejling benchmark: unknown subcommand %q\n\n", pejling.Clip(args[0]))
	}
	if len(args) == 0 || benchmarkCommands[args[0]].run == nil {
		fmt.Fprintln(env.Stderr, "Usage: pejling benchmark SUBCOMMAND [flags]\n\nSubcommands:")
		for _, name := range []string{"peers", "expected", "rank", "learn", "compare", "efficiency"} {
			fmt.Fprintf(env.Stderr, "  %-10s %s\n", name, benchmarkCommands[name].summary)
		}
		fmt.Fprintln(env.Stderr, "\nRun pejling benchmark SUBCOMMAND -h for its flags. Peers and expected levels use the\n"+
			"framework variables of the store (import-framework, the data set's municipality_facts)\n"+
			"over the real Statistics Denmark values Pejling ships with.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return nil
		}
		return errUsage
	}
	b := &bench{ctx: ctx, env: env, name: args[0]}
	defer func() {
		if b.db != nil {
			b.db.Close()
		}
	}()
	return benchmarkCommands[args[0]].run(b, args[1:])
}

// bench holds what the benchmark subcommands share: their flags and the data they read.
type bench struct {
	ctx  context.Context
	env  *Env
	name string
	fs   *flag.FlagSet
	cfg  Config
	db   *sqldb.DB

	period, group, variables, method, clusters, target, format, lang, muni *string
	k, neighbours                                                          *int
	seed                                                                   *uint64

	held         []figures.Period // the periods of the figure set
	p, prev      figures.Period
	hasPrev      bool
	g            pejling.BenefitGroup
	cur, before  benchmark.Values
	fw           *benchmark.Framework
	munis        []int
	municipality int // --municipality, 0 when not given
	notes        []string
}

// flags registers the flags every subcommand has, and those of the peer grouping.
func (b *bench) flags(about string) {
	b.fs = newFlagSet(b.env, "benchmark "+b.name, "", about)
	b.cfg.dbFlag(b.fs, b.env)
	b.period = b.fs.String("period", "", "the period: a year (2024), quarter (2024Q3 or 2024K3) or month (2024-03); default the latest whole year of the figure set")
	b.group = b.fs.String("group", "all", "benefit group, or all")
	b.muni = b.fs.String("municipality", "", "municipality: code or name (Danish or English)")
	b.format = b.fs.String("format", "text", "text, csv or json")
	b.lang = b.fs.String("lang", "en", "language of the text: en or da")
	b.variables = b.fs.String("variables", "", "framework variables, comma-separated (default: "+strings.Join(benchmark.DefaultVariables, ",")+")")
	b.method = b.fs.String("method", benchmark.MethodIAB, "peer method: iab (regression-weighted, Ward + k-means, nearest neighbours), kmeans, ward, or official")
	b.clusters = b.fs.String("clusters", "", "official clusters: a CSV file of municipality,cluster (with --method official; default Statistics Denmark's five municipality groups)")
	b.target = b.fs.String("target", figures.PublicSupportRate, "iab: the figure (group all) whose regression weighs the variables")
	b.k = b.fs.Int("k", benchmark.DefaultK, "number of clusters")
	b.neighbours = b.fs.Int("neighbours", benchmark.DefaultNeighbours, "peers (nearest neighbours) per municipality")
	b.seed = b.fs.Uint64("seed", benchmark.DefaultSeed, "k-means seed")
}

// load parses the command line and reads the figures of the period and the one before
// and the framework variables.
func (b *bench) load(args []string) error {
	if err := parse(b.fs, args); err != nil {
		return err
	}
	if b.fs.NArg() > 0 {
		b.fs.Usage()
		return errUsage
	}
	switch *b.format {
	case "text", "csv", "json":
	default:
		return pejling.Errorf(pejling.EINVALID, "--format %q: give text, csv or json", pejling.Clip(*b.format))
	}
	if *b.k < 1 {
		return pejling.Errorf(pejling.EINVALID, "--k must be at least 1, not %d", *b.k)
	}
	if *b.neighbours < 1 {
		return pejling.Errorf(pejling.EINVALID, "--neighbours must be at least 1, not %d", *b.neighbours)
	}
	if *b.clusters != "" && *b.method != benchmark.MethodOfficial {
		return pejling.Errorf(pejling.EINVALID, "--clusters is read with --method official only")
	}
	if *b.lang != "en" && *b.lang != "da" {
		return pejling.Errorf(pejling.EINVALID, "--lang %q: give en or da", pejling.Clip(*b.lang))
	}
	if !strings.EqualFold(*b.group, "all") {
		b.g = pejling.BenefitGroup(strings.ToUpper(*b.group))
		if !b.g.Valid() {
			return pejling.Errorf(pejling.EINVALID, "--group %q: unknown benefit group", pejling.Clip(*b.group))
		}
	}
	if *b.muni != "" {
		code, ok := dk.LookupMunicipality(*b.muni)
		if !ok {
			return pejling.Errorf(pejling.EINVALID, "--municipality %q: unknown municipality", pejling.Clip(*b.muni))
		}
		b.municipality = code
	}
	db, err := sqldb.Open(b.ctx, b.cfg.DB)
	if err != nil {
		return err
	}
	b.db = db
	// A store whose figure set is missing or older than its newest import gets one
	// first, as serve does; its progress goes to stderr, not into the CSV or JSON.
	quiet := *b.env
	quiet.Stdout = b.env.Stderr
	if err := ensureFigureSet(b.ctx, &quiet, db); err != nil {
		return err
	}
	var want figures.Period
	if *b.period != "" {
		if want, err = figures.ParsePeriod(*b.period); err != nil {
			return err
		}
	}
	d, err := benchmark.Load(b.ctx, db, want)
	if err != nil {
		return err
	}
	b.held, b.p, b.prev, b.hasPrev = d.Held, d.Period, d.Previous, d.HasPrevious
	b.cur, b.before, b.fw, b.munis = d.Current, d.Before, d.Framework, d.Municipalities
	seen := map[int]bool{}
	for _, m := range b.munis {
		seen[m] = true
	}
	if b.municipality != 0 && !seen[b.municipality] {
		return pejling.Errorf(pejling.ENOTFOUND, "--municipality %s: no key figures for it in %s", name(b.municipality), b.p.Label())
	}
	return nil
}

// peers forms the peer grouping the flags ask for.
func (b *bench) peers() (*benchmark.Peers, error) {
	o := benchmark.PeerOptions{Method: *b.method, Variables: splitList(*b.variables), Year: b.p.First.Year(),
		K: *b.k, Neighbours: *b.neighbours, Seed: *b.seed}
	switch o.Method {
	case benchmark.MethodIAB:
		if _, err := benchmark.Figure(*b.target); err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "--target: %v", err)
		}
		o.TargetName, o.Target = *b.target, map[int]float64{}
		for _, m := range b.munis {
			if v, ok := b.cur.Get(m, "", *b.target); ok {
				o.Target[m] = v
			}
		}
		if len(o.Target) == 0 {
			b.notes = append(b.notes, "no values of "+*b.target+" in "+b.p.Label()+": every framework variable weighs the same")
		}
	case benchmark.MethodOfficial:
		var err error
		if o.Official, err = officialClusters(*b.clusters); err != nil {
			return nil, err
		}
	}
	p, err := benchmark.NewPeers(b.fw, b.munis, o)
	if err != nil {
		return nil, err
	}
	for _, l := range p.LeftOut {
		b.notes = append(b.notes, name(l.Municipality)+" left out: "+l.Reason)
	}
	return p, nil
}

// officialClusters reads a CSV of municipality,cluster, or gives Statistics Denmark's
// five municipality groups (kommunegrupper) when path is empty.
func officialClusters(path string) (map[int]string, error) {
	out := map[int]string{}
	if path == "" {
		for _, m := range dk.Municipalities() {
			out[m.Code] = m.Group
		}
		return out, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "--clusters: %v", err)
	}
	defer f.Close()
	r := csv.NewReader(io.LimitReader(f, 1<<20))
	r.FieldsPerRecord = 2
	r.Comma = ','
	line := 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		line++
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "%s: %v (a CSV of municipality,cluster, comma-separated)", path, err)
		}
		if line == 1 && strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(rec[0], "\ufeff")), "municipality") {
			continue
		}
		code, ok := dk.LookupMunicipality(strings.TrimSpace(rec[0]))
		label := strings.TrimSpace(rec[1])
		switch {
		case !ok:
			return nil, pejling.Errorf(pejling.EINVALID, "%s:%d: unknown municipality %q", path, line, pejling.Clip(rec[0]))
		case label == "" || len(label) > 100:
			return nil, pejling.Errorf(pejling.EINVALID, "%s:%d: the cluster must be 1 to 100 characters", path, line)
		case out[code] != "":
			return nil, pejling.Errorf(pejling.EINVALID, "%s:%d: %s is given a cluster twice", path, line, name(code))
		}
		out[code] = label
	}
	if len(out) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "%s: no clusters", path)
	}
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// name is a municipality's Danish name, "all" for 0, the code when unknown.
func name(m int) string {
	if m == 0 {
		return "all"
	}
	if mu, ok := dk.MunicipalityByCode(m); ok {
		return mu.Name
	}
	return strconv.Itoa(m)
}

func groupName(g pejling.BenefitGroup) string {
	if g == "" {
		return "all"
	}
	return string(g)
}

// fnum writes a value for CSV and text: shortest exact form, empty for NaN.
func fnum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// fshort writes a value for people: 4 significant digits, "–" for NaN.
func fshort(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// jnum is a JSON number that is null when NaN.
type jnum float64

func (j jnum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(j)) || math.IsInf(float64(j), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(j), 'f', -1, 64), nil
}

// out writes the result in the chosen format, and the notes to stderr.
func (b *bench) out(header []string, rows [][]string, jsonValue any, text func(w io.Writer)) error {
	for _, n := range b.notes {
		fmt.Fprintln(b.env.Stderr, "note:", n)
	}
	switch *b.format {
	case "json":
		enc := json.NewEncoder(b.env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(jsonValue)
	case "csv":
		w := csv.NewWriter(b.env.Stdout)
		w.Write(header)
		w.WriteAll(rows)
		return w.Error()
	}
	tw := tabwriter.NewWriter(b.env.Stdout, 0, 4, 2, ' ', 0)
	text(tw)
	return tw.Flush()
}

// table writes a header and rows tab-separated for a tabwriter.
func table(w io.Writer, header []string, rows [][]string) {
	fmt.Fprintln(w, strings.Join(header, "\t"))
	for _, r := range rows {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
}
