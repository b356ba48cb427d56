package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

func runImport(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "import", "DIR",
		"Imports the data set in DIR (dataset.toml or dataset.json and any of the files of DOMAIN.md §9)\n"+
			"in one transaction: any problem in any file leaves the database exactly as it was.")
	cfg.dbFlag(fs, env)
	maxProblems := fs.Int("max-problems", 100, "how many problems to list (all are counted)")
	quiet := fs.Bool("quiet", false, "no progress output")
	noFigures := fs.Bool("no-figures", false, "do not compute and store the figure set now (pejling serve does when it finds it missing)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, _, err = importDir(ctx, env, db, fs.Arg(0), *maxProblems, *quiet); err != nil || *noFigures {
		return err
	}
	return ensureFigureSet(ctx, env, db)
}

// ensureFigureSet computes and stores the figure set unless the newest one is up to
// date with the newest import (sqldb.DB.RefreshFigureSet), and says so.
func ensureFigureSet(ctx context.Context, env *Env, db *sqldb.DB) error {
	set, computed, err := db.RefreshFigureSet(ctx)
	if err != nil || !computed {
		return err
	}
	fmt.Fprintf(env.Stdout, "Figures: %d periods (months, quarters, years from %d) computed and stored in %.1fs.\n",
		set.Periods, set.AsOf.Year()-figures.StoredYears+1, set.Seconds)
	return nil
}

// importDir loads dir into db with progress on env's stderr and a summary at the end.
func importDir(ctx context.Context, env *Env, db *sqldb.DB, dir string, maxProblems int, quiet bool) (pejling.Import, pejling.ImportSummary, error) {
	opt := importer.Options{MaxProblems: maxProblems}
	if db.Postgres() {
		// Fewer, bigger batches: each costs PostgreSQL a COPY, a merge and a round trip or three.
		opt.BatchRows = 32768
	}
	var bar *progressBar
	if !quiet {
		bar = &progressBar{w: env.Stderr, tty: env.StderrIsTerminal}
		opt.Progress = bar.update
		if !env.StderrIsTerminal {
			opt.ProgressEvery = 5 * time.Second
		}
	}
	imp, sum, err := importer.Load(ctx, dir, db, opt)
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return imp, sum, err
	}
	w := env.Stdout
	fmt.Fprintf(w, "Imported %s as import %d (as of %s):\n", dir, imp.ID, imp.AsOf)
	for _, f := range sum.Files {
		fmt.Fprintf(w, "  %-24s %10d rows  %8.1f MB  %6.1fs  %9.0f rows/s\n", f.File, f.Rows,
			float64(f.Bytes)/1e6, f.Duration.Seconds(), rate(f.Rows, f.Duration))
	}
	fmt.Fprintf(w, "  %-24s %10d rows            %6.1fs  %9.0f rows/s\n", "total", sum.Rows(), sum.Duration.Seconds(), rate(sum.Rows(), sum.Duration))
	return imp, sum, nil
}

func rate(n int64, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// progressBar shows an import's progress: a line redrawn in place on a terminal, plain
// log lines otherwise.
type progressBar struct {
	w    io.Writer
	tty  bool
	last int
}

func (b *progressBar) update(p importer.Progress) {
	frac := 0.0
	if p.TotalBytes > 0 {
		frac = float64(p.Bytes) / float64(p.TotalBytes)
	}
	eta := "?"
	if frac > 0.01 {
		eta = (time.Duration(float64(p.Elapsed)/frac) - p.Elapsed).Round(time.Second).String()
	}
	r := rate(p.Rows, p.Elapsed)
	if !b.tty {
		fmt.Fprintf(b.w, "import: %s: %d rows, %.0f rows/s, %.0f%%, ETA %s\n", p.File, p.Rows, r, 100*frac, eta)
		return
	}
	const width = 30
	filled := int(frac * width)
	line := fmt.Sprintf("%-22s [%s%s] %3.0f%%  %d rows  %.0f rows/s  ETA %s",
		p.File, strings.Repeat("#", filled), strings.Repeat("-", width-filled), 100*frac, p.Rows, r, eta)
	pad := ""
	if len(line) < b.last {
		pad = strings.Repeat(" ", b.last-len(line))
	}
	b.last = len(line)
	fmt.Fprintf(b.w, "\r%s%s", line, pad)
}

func (b *progressBar) finish() {
	if b.tty && b.last > 0 {
		fmt.Fprint(b.w, "\n")
	}
}
