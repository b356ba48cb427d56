package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "serve", "", "Serves the web app and the JSON API until interrupted.")
	cfg.dbFlag(fs, env)
	cfg.serveFlags(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	if cfg.AuditRetention < 0 {
		return pejling.Errorf(pejling.EINVALID, "--audit-retention-months must be 0 or more")
	}
	if cfg.RefreshMinutes < 1 {
		return pejling.Errorf(pejling.EINVALID, "--refresh-minutes must be 1 or more")
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := ensureFigureSet(ctx, env, db); err != nil {
		return err
	}
	return serve(ctx, env, db, cfg)
}

// serve runs the web server on db until ctx ends, with the maintenance (expired
// sessions, audit retention) running beside it.
func serve(ctx context.Context, env *Env, db *sqldb.DB, cfg Config) error {
	logger := slog.New(slog.NewTextHandler(env.Stderr, nil))
	srv, err := web.NewServer(db, db, logger)
	if err != nil {
		return err
	}
	srv.Bench, srv.Users, srv.Persons, srv.SecureCookies = db, db, db, cfg.SecureCookies
	srv.Imports = db
	srv.Companies, srv.Orders, srv.Slots = db, db, db
	srv.Profiles, srv.Progression = db, db
	srv.Placements, srv.Teams = db, db
	users, err := db.ListUsers(ctx)
	if err != nil {
		return err
	}
	switch {
	case len(users) == 0 && cfg.DemoAccount:
		if err := createDemoAccount(ctx, env, db); err != nil {
			return err
		}
		if _, err := createDemoConsultant(ctx, env, db, demodata.DemoConsultant, demodata.OperationsMunicipalities[0]); err != nil {
			return err
		}
	case len(users) == 0:
		fmt.Fprintln(env.Stdout, "No users yet: create one with `pejling user add --name NAME --role admin --municipality CODE` (password on stdin).")
	}
	mctx, stop := context.WithCancel(ctx)
	defer stop()
	go srv.Maintain(mctx, cfg.AuditRetention, time.Duration(max(cfg.maintainMinutes, 1))*time.Minute)
	go srv.RefreshFigures(mctx, time.Duration(max(cfg.RefreshMinutes, 1))*time.Minute)
	return srv.ListenAndServe(ctx, cfg.Addr, func(a net.Addr) {
		fmt.Fprintf(env.Stdout, "Pejling is serving on http://%s/ (Ctrl-C stops it)\n", a)
	})
}

// demoAccount is the account `pejling demo` makes in a store without users: a national
// analyst, who sees every aggregate and no person, and so signs in without a second
// factor. Its password is random, printed once. Beside it the demo makes a consultant
// of a municipality (createDemoConsultant), who reaches the employer service.
const demoAccount = "demo"

func createDemoAccount(ctx context.Context, env *Env, db *sqldb.DB) error {
	password := auth.NewToken()[:20]
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	u := pejling.User{Name: demoAccount, Role: pejling.RoleAnalyst, Municipality: pejling.NationalMunicipality}
	if err := db.CreateUser(ctx, &u, hash); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Created the demo account: sign in as %q with the password %s\n(a national analyst: every key figure, no personal data; `pejling user add` makes more)\n", demoAccount, password)
	return nil
}
