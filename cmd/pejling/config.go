package main

import "flag"

// Config holds the settings shared by the subcommands; each flag falls back to a
// PEJLING_* environment variable.
type Config struct {
	DB   string // SQLite file path
	Addr string // listen address of the web server
}

// dbFlag registers --db on fs.
func (c *Config) dbFlag(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&c.DB, "db", envOr(env, "PEJLING_DB", "pejling.db"), "database: a SQLite file path or a postgres:// URL (env PEJLING_DB)")
}

// addrFlag registers --addr on fs.
func (c *Config) addrFlag(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&c.Addr, "addr", envOr(env, "PEJLING_ADDR", "localhost:8080"), "listen address of the web app (env PEJLING_ADDR)")
}
