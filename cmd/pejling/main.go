// Command pejling is Pejling's one binary: it generates the national demo data set,
// imports register data, and serves the app. It is the only place that wires the
// packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"syscall"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

// command is one subcommand of pejling.
type command struct {
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// commands lists the subcommands; each lives in its own file.
var commands = map[string]command{
	"benchmark": {"benchmark municipalities: peers, expected levels, ranks, cross-group learning, comparisons", runBenchmark},
	"economics": {"economics: reimbursement, business cases, follow-up, multi-year budgets, effect per krone", runEconomics},
	"backup":    {"write a consistent copy of the store into a new file, also while it is in use", runBackup},
	"demo":      {"generate and load the national demo data set (once), then serve the app", runDemo},
	"explain":   {"explain one figure: formula, numerator, denominator and the spells behind them", runExplain},
	"figures":   {"compute the key figures (DOMAIN.md §8) in the long form of §9", runFigures},
	"generate":  {"write a synthetic national register data set in the §9 file formats", runGenerate},
	"import":    {"import a data set folder into the database, all or nothing", runImport},
	"migrate":   {"apply pending schema migrations and print the schema version", runMigrate},
	"restore":   {"replace the store with a backup (stop the server first)", runRestore},
	"serve":     {"serve the web app and the JSON API", runServe},
	"status":    {"show what the database holds", runStatus},
	"survival":  {"survival curves of periods on public support by inflow cohort (Kaplan–Meier, competing risks)", runSurvival},
	"verify":    {"prove every key figure by recomputing it independently in SQL and comparing", runVerify},
	"version":   {"print the version", runVersion},

	// National data (national.go).
	"import-aggregates": {"import key figures published as national aggregates as the figure set", runImportAggregates},
	"import-framework":  {"import framework variables per municipality and year (municipality,year,variable,value)", runImportFramework},
	"import-statbank":   {"import a Statistics Denmark StatBank table export (optionally as a framework variable)", runImportStatBank},
	"statbank":          {"write the stored values of a StatBank table", runStatBank},

	// Load test (load.go).
	"load": {"load-test a running server on this machine: concurrent dashboard and API readers", runLoad},

	// Accounts (user.go).
	"token": {"create an API bearer token for a user (printed once; only its hash is stored)", runToken},
	"user":  {"add, list and disable users (accounts and roles)", runUser},
}

// Env is what a subcommand may touch of the outside world; tests replace it.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// StderrIsTerminal tells whether progress may redraw a line in place.
	StderrIsTerminal bool
}

// errUsage is returned for a bad command line; the usage was already printed.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, StderrIsTerminal: isTerminal(os.Stderr)}
	// PEJLING_CPUPROFILE=FILE writes a CPU profile of the whole run (docs/performance.md).
	if path := os.Getenv("PEJLING_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil && pprof.StartCPUProfile(f) == nil {
			code := Run(ctx, env, os.Args[1:])
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(Run(ctx, env, os.Args[1:]))
}

// Run runs the command line args and returns the exit status: 0 on success, 1 when the
// command failed, 2 for a bad command line.
func Run(ctx context.Context, env *Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			if c, ok := commands[args[1]]; ok {
				return exitCode(c.run(ctx, env, []string{"-h"}), env)
			}
		}
		usage(env.Stdout)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(env.Stderr, "pejling: unknown command %q\n\n", args[0])
		usage(env.Stderr)
		return 2
	}
	return exitCode(c.run(ctx, env, args[1:]), env)
}

func exitCode(err error, env *Env) int {
	var le *importer.LoadError
	switch {
	case err == nil || errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &le):
		fmt.Fprintln(env.Stderr, "pejling:", le.Error())
	case pejling.ErrorCode(err) != pejling.EINTERNAL:
		fmt.Fprintln(env.Stderr, "pejling:", pejling.ErrorMessage(err))
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(env.Stderr, "pejling: interrupted")
	default:
		fmt.Fprintln(env.Stderr, "pejling:", err)
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Pejling — steering and benchmarking of the municipal employment effort.")
	fmt.Fprintln(w, "\nUsage: pejling <command> [flags]   (pejling <command> -h for its flags)")
	fmt.Fprintln(w, "\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "  help      this list")
	fmt.Fprintln(w, "\nEnvironment: PEJLING_DB (database), PEJLING_ADDR (listen address).")
}

// newFlagSet returns a flag set that prints its usage to env's stderr and returns
// errors instead of exiting.
func newFlagSet(env *Env, name, argsUsage, about string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: pejling %s [flags] %s\n\n%s\n\nFlags:\n", name, argsUsage, about)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and turns flag errors into errUsage.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	return nil
}

// envOr returns the environment variable's value, or def when it is unset.
func envOr(env *Env, name, def string) string {
	if v := env.Getenv(name); v != "" {
		return v
	}
	return def
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func runVersion(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "version", "", "Prints the version of pejling.")
	if err := parse(fs, args); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "pejling", Version)
	return nil
}

// Version is the release of this binary.
var Version = "0.1.0-dev"
