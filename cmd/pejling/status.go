package main

import (
	"context"
	"fmt"

	"github.com/pejling/pejling"

	"github.com/pejling/pejling/sqldb"
)

func runStatus(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "status", "", "Shows what the database holds: rows per table, the imports and the stored figures.")
	cfg.dbFlag(fs, env)
	if err := parse(fs, args); err != nil {
		return err
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
	w := env.Stdout
	if st.AsOf == 0 {
		fmt.Fprintf(w, "%s: no data imported yet\n", cfg.DB)
	} else {
		fmt.Fprintf(w, "%s: data as of %s (%s)\n", cfg.DB, st.AsOf, st.Name)
	}
	for _, t := range st.Tables {
		fmt.Fprintf(w, "  %-20s %10d rows\n", t.Table, t.Rows)
	}
	for _, imp := range st.Imports {
		fmt.Fprintf(w, "  import %d: %s, as of %s, %d rows, %s\n", imp.ID, imp.Source, imp.AsOf, imp.Rows,
			imp.FinishedAt.Sub(imp.StartedAt).Round(1e7))
	}
	framework, statbank, err := db.NationalStatus(ctx)
	if err != nil {
		return err
	}
	for _, c := range framework {
		fmt.Fprintf(w, "  framework values from %s: %d rows\n", c.Name, c.Rows)
	}
	for _, c := range statbank {
		fmt.Fprintf(w, "  StatBank table %s: %d rows\n", c.Name, c.Rows)
	}
	set, err := db.FindFigureSet(ctx)
	switch {
	case pejling.ErrorCode(err) == pejling.ENOTFOUND:
		fmt.Fprintln(w, "  figures: none stored yet (pejling import or serve computes them)")
	case err != nil:
		return err
	default:
		stale := ""
		if len(st.Imports) > 0 && st.Imports[0].ID != set.ImportID {
			stale = " — stale: a newer import is not in it yet"
		}
		if set.Source == sqldb.SourceAggregates {
			fmt.Fprintf(w, "  figures: %d periods of national aggregates (source aggregates) imported from %s at %s%s\n", set.Periods,
				set.Name, set.ComputedAt.Format("2006-01-02 15:04:05"), stale)
		} else {
			fmt.Fprintf(w, "  figures: %d periods computed from import %d in %.1fs at %s (source register)%s\n", set.Periods, set.ImportID,
				set.Seconds, set.ComputedAt.Format("2006-01-02 15:04:05"), stale)
		}
	}
	return nil
}
