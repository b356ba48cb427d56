package main

import (
	"context"
	"fmt"

	"github.com/pejling/pejling/sqldb"
)

// runMigrate brings a database's schema up to date. Every command does so when it
// opens the database (under a lock, so two starting at once do not both migrate);
// migrate does only that, for an operator who upgrades a shared PostgreSQL database
// before starting the servers.
func runMigrate(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "migrate", "", "Applies the pending schema migrations to the database and prints its schema version.")
	cfg.dbFlag(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "schema version %d\n", v)
	return nil
}
