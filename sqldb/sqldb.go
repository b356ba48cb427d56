// Package sqldb is Pejling's one storage adapter: the register data, imports and
// computed figures in an embedded SQLite file by default, or in a PostgreSQL database
// (a postgres:// URL) for a shared server. The same code runs on both through
// database/sql; the dialect differences are kept in small helpers (dialect.go), and
// migrations are embedded and numbered (migrations/).
package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL through database/sql, with COPY underneath
	"github.com/pejling/pejling"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver: no C toolchain needed
)

// DB is an open Pejling store.
type DB struct {
	db      *sql.DB
	dialect dialect
	// DSN is what the store was opened with.
	DSN string
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens the store at dsn — a SQLite file path (created if needed) or a
// postgres:// or postgresql:// URL of an existing database — and brings its schema up
// to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, -1)
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// open opens the store and applies the migrations up to version upTo (all when < 0).
func open(ctx context.Context, dsn string, upTo int) (*DB, error) {
	if IsPostgres(dsn) {
		return openPostgres(ctx, dsn, upTo)
	}
	if dsn == "" {
		return nil, pejling.Errorf(pejling.EINVALID, "no database given (--db or PEJLING_DB)")
	}
	if dir := filepath.Dir(dsn); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create folder of the database: %w", err)
		}
	}
	sdb, err := sql.Open("sqlite", sqliteDSN(dsn))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dsn, err)
	}
	db := &DB{db: sdb, dialect: sqliteDialect{}, DSN: dsn, Now: time.Now}
	// The first connection switches a new file to WAL, which needs the file to itself;
	// when several processes create the store at once SQLite can answer "database is
	// locked" there without waiting for the busy timeout, so the switch is retried for
	// as long as that timeout would have waited.
	for start := time.Now(); ; {
		err = sdb.PingContext(ctx)
		if err == nil {
			break
		}
		if !isBusy(err) || time.Since(start) > 10*time.Second || ctx.Err() != nil {
			sdb.Close()
			return nil, fmt.Errorf("open %s: %w", dsn, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := db.migrate(ctx, upTo); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// openPostgres opens a PostgreSQL database through pgx's database/sql driver. The
// database must exist; the schema is created in it.
func openPostgres(ctx context.Context, dsn string, upTo int) (*DB, error) {
	sdb, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	// The streaming readers take three connections and the web server more; idle ones
	// are kept so that a page does not pay for a new backend.
	sdb.SetMaxIdleConns(8)
	db := &DB{db: sdb, dialect: postgresDialect{}, DSN: dsn, Now: time.Now}
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", redact(dsn), err)
	}
	if err := db.migrate(ctx, upTo); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// redact removes a password from a PostgreSQL URL before it goes into a message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}

// Postgres reports whether the store is a PostgreSQL database.
func (db *DB) Postgres() bool { return db.dialect.name() == "postgres" }

// sqliteDSN adds the connection settings every connection needs: WAL so readers never
// wait for an import, a busy timeout instead of "database is locked", NORMAL sync
// (safe with WAL: a crash loses no committed transaction's consistency), and write
// transactions that take the write lock at BEGIN.
func sqliteDSN(path string) string {
	q := url.Values{}
	for _, p := range []string{
		"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)",
		"foreign_keys(1)", "cache_size(-65536)", "temp_store(MEMORY)", "mmap_size(4294967296)",
	} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Close closes the store.
func (db *DB) Close() error { return db.db.Close() }

// IntegrityCheck runs SQLite's integrity and foreign-key checks and returns an error
// naming the first problems found. PostgreSQL has no cheap whole-database check (its
// WAL makes a crash leave whole transactions); there it only checks that the schema is
// readable.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	if db.Postgres() {
		var n int
		if err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
			return fmt.Errorf("integrity check: %w", err)
		}
		return nil
	}
	rows, err := db.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" {
			msgs = append(msgs, s)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) > 0 {
		return fmt.Errorf("integrity check failed: %s", strings.Join(msgs, "; "))
	}
	return nil
}

// SQL returns the underlying database handle, for read-only witnesses in tests and
// for the packages that compute over the store.
func (db *DB) SQL() *sql.DB { return db.db }
