package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/sqldb"
)

func runDemo(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "demo", "",
		"Generates the national demo data set, imports it and serves the app. Re-running reuses\n"+
			"what is there: a database that holds data is served as it is; a generated folder is\n"+
			"imported without generating it again.")
	cfg.dbFlag(fs, env)
	cfg.serveFlags(fs, env)
	cfg.DemoAccount = true
	persons := fs.Int("persons", 300000, "number of persons in the demo data set")
	seed := fs.Int64("seed", 1, "random seed of the demo data set")
	data := fs.String("data", "demo-data", "folder for the generated data set")
	noServe := fs.Bool("no-serve", false, "stop after loading (for scripts and tests)")
	operations := fs.Bool("operations", true, "also load the operational side (employer service, placement bank, profiles,\nprogression) for the five largest municipalities, with their staff and a demo consultant")
	opsNow := fs.String("operations-now", "", "end the operational history at this time (RFC 3339, e.g. 2025-09-16T09:30:00Z)\ninstead of now, for a reproducible demo")
	if err := parse(fs, args); err != nil {
		return err
	}
	now := time.Now()
	if *opsNow != "" {
		t, err := time.Parse(time.RFC3339, *opsNow)
		if err != nil || t.After(now) || t.Year() < 2000 {
			return pejling.Errorf(pejling.EINVALID, "--operations-now %q: give a past time as 2025-09-16T09:30:00Z", pejling.Clip(*opsNow))
		}
		now = t
	}
	if fs.NArg() > 0 || *persons <= 0 {
		fs.Usage()
		return errUsage
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Status(ctx)
	if err != nil {
		return err
	}
	set, err := db.FindFigureSet(ctx)
	if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
		return err
	}
	switch {
	case st.AsOf != 0:
		fmt.Fprintf(env.Stdout, "%s already holds data as of %s; serving it.\n", cfg.DB, st.AsOf)
	case set.Source == sqldb.SourceAggregates:
		// Demo data would replace the figures the user imported.
		fmt.Fprintf(env.Stdout, "%s holds national aggregates imported from %s; serving them.\n", cfg.DB, set.Name)
	default:
		if err := ensureDemoData(ctx, env, *data, *persons, *seed); err != nil {
			return err
		}
		if _, _, err := importDir(ctx, env, db, *data, 100, false); err != nil {
			return err
		}
		if *operations {
			// The history ends now, so that the orders' service-level clocks stand as a
			// consultant would find them today (the register's as-of date is in the past).
			if _, ok, err := loadDemoOperations(ctx, env, db, *data, *seed, now); err != nil {
				return err
			} else if ok {
				if err := createDemoAccount(ctx, env, db); err != nil {
					return err
				}
			}
		}
	}
	if err := ensureFigureSet(ctx, env, db); err != nil {
		return err
	}
	if *noServe {
		return nil
	}
	return serve(ctx, env, db, cfg)
}

// ensureDemoData generates the data set into dir unless a complete one is there. It
// generates into a temporary folder renamed into place at the end, so an interrupted
// run never leaves a half-written data set that a later run would take as complete.
func ensureDemoData(ctx context.Context, env *Env, dir string, persons int, seed int64) error {
	if _, err := os.Stat(filepath.Join(dir, "dataset.json")); err == nil {
		fmt.Fprintf(env.Stdout, "Using the data set already generated in %s.\n", dir)
		return nil
	}
	tmp := dir + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if _, err := generate(ctx, env, demodata.Config{Persons: persons, Seed: seed, Out: tmp}); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}
