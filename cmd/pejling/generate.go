package main

import (
	"context"
	"fmt"
	"time"

	"github.com/pejling/pejling/demodata"
)

func runGenerate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "generate", "",
		"Writes a synthetic, deterministic national register data set (docs/demo-data.md) in the\n"+
			"file formats of DOMAIN.md §9, ready for pejling import.")
	persons := fs.Int("persons", 300000, "number of persons with public support")
	seed := fs.Int64("seed", 1, "random seed: the same seed gives the same files")
	out := fs.String("out", "", "output folder (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 || *persons <= 0 {
		fs.Usage()
		return errUsage
	}
	_, err := generate(ctx, env, demodata.Config{Persons: *persons, Seed: *seed, Out: *out})
	return err
}

// generate writes the data set with progress on stderr and a summary on stdout.
func generate(ctx context.Context, env *Env, cfg demodata.Config) (demodata.Summary, error) {
	start := time.Now()
	last := time.Time{}
	progress := func(done, total int) {
		if time.Since(last) < time.Second && done < total {
			return
		}
		last = time.Now()
		if env.StderrIsTerminal {
			fmt.Fprintf(env.Stderr, "\rgenerate: %d of %d persons (%.0f%%)", done, total, 100*float64(done)/float64(total))
		}
	}
	sum, err := demodata.Generate(ctx, cfg, progress)
	if env.StderrIsTerminal {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil {
		return sum, err
	}
	var rows int
	for _, n := range sum.Rows {
		rows += n
	}
	fmt.Fprintf(env.Stdout, "Generated %d persons (seed %d) into %s: %d rows in %.1fs\n",
		cfg.Persons, cfg.Seed, cfg.Out, rows, time.Since(start).Seconds())
	return sum, nil
}
