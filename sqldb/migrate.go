package sqldb

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migration is one numbered schema step, from migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "migrations/"), ".sql")
		num, label, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must be NNNN_name.sql", n)
		}
		b, err := migrations.ReadFile(n)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: label, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3 …: found %d at position %d", m.version, i+1)
		}
	}
	return ms, nil
}

// migrate applies the migrations the store lacks, up to version upTo (all when < 0),
// each in its own transaction together with its row in schema_migrations, so a crash
// leaves the schema at a whole version.
//
// Two processes starting at once must not both migrate. Each transaction takes the
// store's migration lock before it reads schema_migrations: on SQLite the write lock
// taken at BEGIN IMMEDIATE (the _txlock of the connection string); on PostgreSQL a
// transaction-level advisory lock. The second process waits, then finds the version
// applied and skips it.
//
// A store that is up to date is found so with a plain read, without the lock: on SQLite
// the lock is the write lock, and every command opening the store would otherwise wait
// for a running import (and fail after the busy timeout on a long one).
func (db *DB) migrate(ctx context.Context, upTo int) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	applied := db.appliedVersions(ctx)
	for _, m := range ms {
		if upTo >= 0 && m.version > upTo {
			break
		}
		if applied[m.version] {
			continue
		}
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
	}
	return nil
}

// appliedVersions returns the versions in schema_migrations, read without a lock; none
// when the table does not exist yet (or cannot be read: the locked path then says why).
func (db *DB) appliedVersions(ctx context.Context) map[int]bool {
	applied := map[int]bool{}
	rows, err := db.db.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return applied
	}
	defer rows.Close()
	for rows.Next() {
		var v int
		if rows.Scan(&v) == nil {
			applied[v] = true
		}
	}
	return applied
}

// migrationLock is the key of PostgreSQL's advisory lock around migrations.
const migrationLock = 7_352_001

func (db *DB) apply(ctx context.Context, m migration) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if db.Postgres() {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("take the migration lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var n int
	if err := tx.QueryRowContext(ctx, db.rebind("SELECT count(*) FROM schema_migrations WHERE version = ?"), m.version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, db.dialect.schema(m.sql)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.rebind("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		m.version, m.name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrate applies the migrations the store lacks and returns its schema version. Open
// does the same; Migrate is for `pejling migrate`, which says what it did.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	if err := db.migrate(ctx, -1); err != nil {
		return 0, err
	}
	return db.SchemaVersion(ctx)
}

// LatestSchemaVersion is the version of the newest migration this program carries.
func LatestSchemaVersion() (int, error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, err
	}
	return len(ms), nil
}

// SchemaVersion returns the newest migration applied to the store.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v)
	return v, err
}
