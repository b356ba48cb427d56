package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"

	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "serve", "", "Serves the web app and the JSON API until interrupted.")
	cfg.dbFlag(fs, env)
	cfg.addrFlag(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := ensureFigureSet(ctx, env, db); err != nil {
		return err
	}
	return serve(ctx, env, db, cfg.Addr)
}

// serve runs the web server on db until ctx ends.
func serve(ctx context.Context, env *Env, db *sqldb.DB, addr string) error {
	logger := slog.New(slog.NewTextHandler(env.Stderr, nil))
	srv, err := web.NewServer(db, db, logger)
	if err != nil {
		return err
	}
	srv.Bench = db
	return srv.ListenAndServe(ctx, addr, func(a net.Addr) {
		fmt.Fprintf(env.Stdout, "Pejling is serving on http://%s/ (Ctrl-C stops it)\n", a)
	})
}
