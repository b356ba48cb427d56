// Command duckdb times Pejling's key figures against the same figures computed by DuckDB
// from the data set's CSV files, and compares the two row by row: the third witness of
// DOMAIN.md §8, written from the rules alone. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

// config holds the command's flags.
type config struct {
	data, pejling, store string
	from, to             time.Time
	duckFile             string // DuckDB database file; empty: a temporary one
	skipDuckFile         bool   // skip the run from a DuckDB database file
}

// result is one comparison with its timings.
type result struct {
	persons           int64
	pej               pejlingRun
	duckCSV, duckFile duckRun
	duckLoad          time.Duration
	duckRSS           int64
	compared          int
	diffs             []difference
}

func main() {
	var cfg config
	var from, to string
	flag.StringVar(&cfg.data, "data", "", "data-set folder (the CSV files and dataset.json)")
	flag.StringVar(&cfg.pejling, "pejling", "", "the pejling binary")
	flag.StringVar(&cfg.store, "db", "", "the Pejling store the data set was imported into")
	flag.StringVar(&from, "from", "", "first day, YYYY-MM-DD")
	flag.StringVar(&to, "to", "", "last day, YYYY-MM-DD")
	flag.StringVar(&cfg.duckFile, "duckdb-file", "", "DuckDB database file to load and query (default: a temporary file, removed)")
	flag.BoolVar(&cfg.skipDuckFile, "skip-duckdb-file", false, "skip the run from a DuckDB database file")
	traceFlag := flag.Bool("trace", false, "print the time of every DuckDB statement to stderr")
	flag.Parse()
	if *traceFlag {
		trace = os.Stderr
	}
	var err error
	if cfg.from, err = time.Parse(time.DateOnly, from); err == nil {
		cfg.to, err = time.Parse(time.DateOnly, to)
	}
	if err != nil || cfg.data == "" || cfg.pejling == "" || cfg.store == "" {
		fmt.Fprintln(os.Stderr, "usage: go run . --data DIR --pejling BIN --db STORE --from YYYY-MM-DD --to YYYY-MM-DD")
		os.Exit(2)
	}
	r, err := bench(context.Background(), cfg, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
	report(os.Stdout, cfg, r)
	if len(r.diffs) > 0 {
		os.Exit(1)
	}
}

// bench runs Pejling, then DuckDB from the CSV files, then DuckDB from its own database
// file, one after the other so they never share the machine, and compares the values.
func bench(ctx context.Context, cfg config, log io.Writer) (result, error) {
	var r result
	asOf, err := readAsOf(cfg.data)
	if err != nil {
		return r, err
	}
	ps := calendarPeriods(cfg.from, cfg.to)
	if len(ps) == 0 {
		return r, errors.New("no whole calendar month or year in [from, to]")
	}

	fmt.Fprintln(log, "pejling figures …")
	if r.pej, err = runPejling(ctx, cfg.pejling, cfg.store, cfg.from, cfg.to); err != nil {
		return r, err
	}

	// (a) from the CSV files at rest: reading them is inside the timed part.
	fmt.Fprintln(log, "duckdb from CSV …")
	start := time.Now()
	db, conn, err := loadDuckDB(ctx, "", cfg.data)
	if err != nil {
		return r, err
	}
	r.duckCSV.values, err = computeDuckDB(ctx, conn, ps, asOf)
	r.duckCSV.elapsed = time.Since(start)
	if err == nil {
		r.duckCSV.version, r.duckCSV.threads, err = duckInfo(ctx, conn)
	}
	if err == nil {
		err = conn.QueryRowContext(ctx, `SELECT count(DISTINCT p) FROM (SELECT p FROM b UNION ALL SELECT p FROM a
			UNION ALL SELECT p FROM emp)`).Scan(&r.persons)
	}
	conn.Close()
	db.Close()
	if err != nil {
		return r, err
	}

	// (b) from a DuckDB database file loaded beforehand (load timed on its own).
	if !cfg.skipDuckFile {
		if err := benchDuckFile(ctx, cfg, ps, asOf, &r, log); err != nil {
			return r, err
		}
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.duckRSS = ru.Maxrss * 1024
	}

	r.compared, r.diffs = compareValues(r.pej.values, r.duckCSV.values)
	if !cfg.skipDuckFile {
		// both DuckDB runs must agree exactly: same SQL, same data
		_, d := compareValues(r.duckCSV.values, r.duckFile.values)
		for _, x := range d {
			x.key = "duckdb file vs CSV: " + x.key
			r.diffs = append(r.diffs, x)
		}
	}
	return r, nil
}

// benchDuckFile loads the data set into a DuckDB database file, closes it, then times
// opening it and computing the figures.
func benchDuckFile(ctx context.Context, cfg config, ps []period, asOf time.Time, r *result, log io.Writer) error {
	path := cfg.duckFile
	if path == "" {
		dir, err := os.MkdirTemp("", "duckbench")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		path = filepath.Join(dir, "figures.duckdb")
	}
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	fmt.Fprintln(log, "duckdb load into", path, "…")
	start := time.Now()
	db, conn, err := loadDuckDB(ctx, path, cfg.data)
	if err != nil {
		return err
	}
	if _, err = conn.ExecContext(ctx, "CHECKPOINT"); err != nil {
		err = fmt.Errorf("duckdb checkpoint: %w", err)
	}
	conn.Close()
	db.Close()
	r.duckLoad = time.Since(start)
	if err != nil {
		return err
	}

	fmt.Fprintln(log, "duckdb from its database file …")
	start = time.Now()
	db, conn, err = openDuckDB(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	defer conn.Close()
	r.duckFile.values, err = computeDuckDB(ctx, conn, ps, asOf)
	r.duckFile.elapsed = time.Since(start)
	return err
}

// maxShown is how many differences report prints.
var maxShown = 20

// report prints the comparison and the Markdown table.
func report(w io.Writer, cfg config, r result) {
	fmt.Fprintf(w, "DuckDB %s, threads %s, GOMAXPROCS %d, %d CPUs\n", r.duckCSV.version, r.duckCSV.threads,
		runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Fprintf(w, "rows compared: %d (pejling CSV rows %d, duckdb rows %d); differences: %d\n",
		r.compared, r.pej.rows, len(r.duckCSV.values), len(r.diffs))
	for i, d := range r.diffs {
		if i == maxShown {
			fmt.Fprintf(w, "  … and %d more\n", len(r.diffs)-maxShown)
			break
		}
		fmt.Fprintln(w, "  "+d.String())
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| persons | Pejling s | Pejling max RSS | DuckDB from CSV s | DuckDB from its db s | Pejling/DuckDB CSV | Pejling/DuckDB db |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|")
	dbTime, dbRatio := "–", "–"
	if !cfg.skipDuckFile {
		dbTime = secs(r.duckFile.elapsed)
		dbRatio = fmt.Sprintf("%.2f", r.pej.elapsed.Seconds()/r.duckFile.elapsed.Seconds())
	}
	fmt.Fprintf(w, "| %d | %s | %s | %s | %s | %.2f | %s |\n", r.persons, secs(r.pej.elapsed), mib(r.pej.maxRSS),
		secs(r.duckCSV.elapsed), dbTime, r.pej.elapsed.Seconds()/r.duckCSV.elapsed.Seconds(), dbRatio)
	fmt.Fprintln(w)
	fmt.Fprintf(w, "DuckDB load into its db file: %s s (not in the table); bench process max RSS (both DuckDB runs): %s; Pejling store %s\n",
		secs(r.duckLoad), mib(r.duckRSS), mib(fileSize(cfg.store)))
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f", d.Seconds()) }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
