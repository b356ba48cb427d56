package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/pejling/pejling/sqldb"
)

func runBackup(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "backup", "",
		"Writes a consistent copy of the store into a new SQLite file, while the server and an\n"+
			"import may run (docs/operations.md). A PostgreSQL store is backed up with pg_dump.")
	cfg.dbFlag(fs, env)
	out := fs.String("out", "", "the backup file to write; it must not exist (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	start := time.Now()
	// Not sqldb.Open: opening migrates, which takes the write lock and so would wait
	// for an import that runs.
	if err := sqldb.BackupFile(ctx, cfg.DB, *out); err != nil {
		return err
	}
	fi, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up %s to %s: %.1f MB in %.1fs.\n", cfg.DB, *out,
		float64(fi.Size())/1e6, time.Since(start).Seconds())
	return nil
}

func runRestore(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "restore", "",
		"Replaces the store with a backup made by pejling backup, after checking it, in one rename:\n"+
			"a failed restore leaves the store as it was. Stop pejling serve first: a running server\n"+
			"keeps the old file open (docs/operations.md). A PostgreSQL store is restored with pg_restore.")
	cfg.dbFlag(fs, env)
	from := fs.String("from", "", "the backup file (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	if err := sqldb.Restore(ctx, *from, cfg.DB); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Restored %s from %s.\n", cfg.DB, *from)
	return nil
}
