package main

import (
	"flag"
	"strconv"
)

// Config holds the settings shared by the subcommands; each flag falls back to a
// PEJLING_* environment variable.
type Config struct {
	DB   string // SQLite file path
	Addr string // listen address of the web server

	// The web server's settings (serveFlags).
	SecureCookies   bool // the session cookie is Secure on plain HTTP too (behind a TLS proxy)
	AuditRetention  int  // months the audit log is kept; 0 keeps it for ever
	DemoAccount     bool // demo: create a demo sign-in when the store has no users
	maintainMinutes int
	// RefreshMinutes is how often serve checks whether the figure set is behind the
	// register or the placements, and recomputes it if so.
	RefreshMinutes int
}

// dbFlag registers --db on fs.
func (c *Config) dbFlag(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&c.DB, "db", envOr(env, "PEJLING_DB", "pejling.db"), "database: a SQLite file path or a postgres:// URL (env PEJLING_DB)")
}

// addrFlag registers --addr on fs.
func (c *Config) addrFlag(fs *flag.FlagSet, env *Env) {
	fs.StringVar(&c.Addr, "addr", envOr(env, "PEJLING_ADDR", "localhost:8080"), "listen address of the web app (env PEJLING_ADDR)")
}

// serveFlags registers the web server's settings on fs.
func (c *Config) serveFlags(fs *flag.FlagSet, env *Env) {
	c.addrFlag(fs, env)
	secure, _ := strconv.ParseBool(envOr(env, "PEJLING_SECURE_COOKIES", "false"))
	fs.BoolVar(&c.SecureCookies, "secure-cookies", secure, "mark the session cookie Secure also on plain HTTP, for a server behind a TLS proxy (env PEJLING_SECURE_COOKIES)")
	months, err := strconv.Atoi(envOr(env, "PEJLING_AUDIT_RETENTION_MONTHS", "6"))
	if err != nil {
		months = 6
	}
	fs.IntVar(&c.AuditRetention, "audit-retention-months", months, "months the audit log of personal data is kept before automatic deletion; 0 keeps it (env PEJLING_AUDIT_RETENTION_MONTHS)")
	refresh, err := strconv.Atoi(envOr(env, "PEJLING_REFRESH_MINUTES", "5"))
	if err != nil {
		refresh = 5
	}
	fs.IntVar(&c.RefreshMinutes, "refresh-minutes", refresh, "how often to bring the key figures up to date with placements recorded in the app (and imports), in minutes; a check that finds nothing new costs two queries (env PEJLING_REFRESH_MINUTES)")
	c.maintainMinutes = 60
}
