// Package sqldb is Pejling's one storage adapter: the register data, imports and (later)
// computed figures in an embedded SQLite file by default. Dialect differences are kept
// in small helpers (dialect.go) so that PostgreSQL can share the same code; migrations
// are embedded and numbered (migrations/).
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

// Open opens (creating if needed) the store at dsn, a SQLite file path, and brings its
// schema up to date.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return nil, pejling.Errorf(pejling.EINVALID, "PostgreSQL is not supported by this version yet; give a SQLite file path")
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
	if err := sdb.PingContext(ctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("open %s: %w", dsn, err)
	}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

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
// naming the first problems found.
func (db *DB) IntegrityCheck(ctx context.Context) error {
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
