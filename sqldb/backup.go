package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pejling/pejling"
)

// sqliteHeader opens every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Backup writes a consistent snapshot of the open store into a new SQLite file at path,
// while readers, the web server and an import go on. It uses VACUUM INTO, which reads
// the store in one read transaction: the file holds the state of one commit, without
// the import running at the time, and never blocks that import (WAL). The snapshot is
// written to path+".partial" and renamed at the end, so a failed or killed backup leaves
// no file at path that looks whole. An existing path is refused, never overwritten.
//
// A PostgreSQL store is backed up with pg_dump (docs/operations.md).
func (db *DB) Backup(ctx context.Context, path string) error {
	if pgDumpNeeded(db.DSN) {
		return pejling.Errorf(pejling.EINVALID, "use pg_dump to back up a PostgreSQL store: see docs/operations.md")
	}
	return vacuumInto(ctx, db.db, db.DSN, path)
}

// BackupFile is Backup of the SQLite store at dsn without opening it as a store: it
// neither creates nor migrates it, and so needs no write lock and never waits for an
// import that holds it. pejling backup uses it.
func BackupFile(ctx context.Context, dsn, path string) error {
	if pgDumpNeeded(dsn) {
		return pejling.Errorf(pejling.EINVALID, "use pg_dump to back up a PostgreSQL store: see docs/operations.md")
	}
	if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
		return pejling.Errorf(pejling.ENOTFOUND, "no store at %s", dsn)
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// mode=rw: a missing file is an error, not a new empty store.
	sdb, err := sql.Open("sqlite", "file:"+dsn+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("backup: open %s: %w", dsn, err)
	}
	defer sdb.Close()
	var n int
	if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
		WHERE type = 'table' AND name IN ('schema_migrations', 'imports')`).Scan(&n); err != nil {
		return pejling.Errorf(pejling.EINVALID, "%s is not a SQLite database: %v", dsn, err)
	}
	if n != 2 {
		return pejling.Errorf(pejling.EINVALID, "%s is not a Pejling store", dsn)
	}
	return vacuumInto(ctx, sdb, dsn, path)
}

// vacuumInto writes the snapshot of sdb, the store at dsn, into path by way of
// path+".partial".
func vacuumInto(ctx context.Context, sdb *sql.DB, dsn, path string) error {
	if path == "" {
		return pejling.Errorf(pejling.EINVALID, "no backup file given")
	}
	if _, err := os.Lstat(path); err == nil {
		return pejling.Errorf(pejling.EINVALID, "%s exists: a backup is written to a new file only", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	partial := path + ".partial"
	// A partial file is what a killed backup left behind; VACUUM INTO refuses to write
	// into a file that is not empty.
	if err := os.Remove(partial); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: remove %s: %w", partial, err)
	}
	ok := false
	defer func() {
		if !ok {
			os.Remove(partial)
		}
	}()
	if _, err := sdb.ExecContext(ctx, "VACUUM INTO ?", partial); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("backup: %w", ctx.Err())
		}
		return fmt.Errorf("backup of %s into %s: %w", dsn, partial, err)
	}
	if err := syncBackupFile(partial); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// Link, not rename, where the file system can: a file made at path meanwhile is
	// not replaced.
	if err := os.Link(partial, path); errors.Is(err, fs.ErrExist) {
		return pejling.Errorf(pejling.EINVALID, "%s exists: a backup is written to a new file only", path)
	} else if err != nil {
		if err := os.Rename(partial, path); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	} else if err := os.Remove(partial); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	ok = true
	return syncBackupDir(filepath.Dir(path))
}

// Restore replaces the SQLite store at dsn with the backup file, atomically: the backup
// is copied to dsn+".restoring", synced, checked, and renamed over dsn, so a failed or
// killed restore leaves the old store as it was (and at worst a .restoring file).
//
// The backup must be a whole Pejling store: a SQLite file that passes
// PRAGMA integrity_check, with a schema_migrations table whose version this binary
// knows (a newer one would be run by code that does not understand it). A -wal file
// beside the backup means a copy of a live store whose last commits are not in the file
// itself, and is refused.
//
// The server (and every other pejling process on the store) must be stopped for a
// restore: an open connection keeps the old file open after the rename and would go on
// reading it, and writing to a -wal file that no longer belongs to the store. Restore
// checks this as well as SQLite lets it: it opens and closes the store, and when the
// -wal file is still there afterwards another connection holds it open, and Restore
// refuses with ECONFLICT. A process that opens the store after that check is not seen.
func Restore(ctx context.Context, backup, dsn string) error {
	if pgDumpNeeded(dsn) {
		return pejling.Errorf(pejling.EINVALID, "use pg_restore into a new database to restore a PostgreSQL store: see docs/operations.md")
	}
	if dsn == "" {
		return pejling.Errorf(pejling.EINVALID, "no database given (--db or PEJLING_DB)")
	}
	if err := checkBackupFile(backup); err != nil {
		return err
	}
	if same, err := sameBackupFile(backup, dsn); err == nil && same {
		return pejling.Errorf(pejling.EINVALID, "%s is the store itself", backup)
	}
	if err := checkStoreClosed(ctx, dsn); err != nil {
		return err
	}
	if dir := filepath.Dir(dsn); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("restore: create folder of the database: %w", err)
		}
	}
	restoring := dsn + ".restoring"
	ok := false
	defer func() {
		if !ok {
			os.Remove(restoring)
		}
	}()
	if err := copyBackupFile(ctx, backup, restoring); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	// Check the copy, not the original: it is what becomes the store.
	if err := checkBackupStore(ctx, restoring, backup); err != nil {
		return err
	}
	// A -wal left beside the old store would be replayed into the new file on the next
	// open and corrupt it.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dsn + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("restore: remove %s: %w", dsn+suffix, err)
		}
	}
	if err := os.Rename(restoring, dsn); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	ok = true
	return syncBackupDir(filepath.Dir(dsn))
}

// pgDumpNeeded reports whether dsn names a PostgreSQL store, which pg_dump and
// pg_restore back up and restore rather than Pejling.
func pgDumpNeeded(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// checkBackupFile checks that backup is a whole SQLite file by its header, before the
// file is copied, so that a wrong file gives a clear message.
func checkBackupFile(backup string) error {
	f, err := os.Open(backup)
	if errors.Is(err, fs.ErrNotExist) {
		return pejling.Errorf(pejling.ENOTFOUND, "backup %s does not exist", backup)
	} else if err != nil {
		return pejling.Errorf(pejling.EINVALID, "backup %s: %v", backup, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if fi.IsDir() {
		return pejling.Errorf(pejling.EINVALID, "backup %s is a folder, not a backup file", backup)
	}
	head := make([]byte, 100)
	if _, err := io.ReadFull(f, head); err != nil || !bytes.HasPrefix(head, sqliteHeader) {
		return pejling.Errorf(pejling.EINVALID, "%s is not a SQLite database: not a Pejling backup", backup)
	}
	// Bytes 16–17 hold the page size (1 means 65536) and 28–31 the pages in the file
	// (valid since SQLite 3.7.0, which every backup postdates): a file cut short is
	// seen here before any page is read.
	pageSize := int64(head[16])<<8 | int64(head[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	pages := int64(head[28])<<24 | int64(head[29])<<16 | int64(head[30])<<8 | int64(head[31])
	if pageSize < 512 || fi.Size() < pageSize*pages {
		return pejling.Errorf(pejling.EINVALID, "%s is truncated: %d bytes, the database needs %d: not a whole backup",
			backup, fi.Size(), pageSize*pages)
	}
	if wal, err := os.Stat(backup + "-wal"); err == nil && wal.Size() > 0 {
		return pejling.Errorf(pejling.EINVALID, "%s has a -wal file beside it: it is a copy of a live store, not a backup; make one with pejling backup", backup)
	}
	return nil
}

// checkBackupStore opens the copy at path read-only and checks that it is a whole Pejling
// store of a schema this binary knows; name is the file to name in messages.
func checkBackupStore(ctx context.Context, path, name string) error {
	// immutable: nobody else has the copy, and SQLite then needs no -shm beside it.
	sdb, err := sql.Open("sqlite", "file:"+path+"?mode=ro&immutable=1")
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", name, err)
	}
	defer sdb.Close()
	var problems []string
	rows, err := sdb.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return pejling.Errorf(pejling.EINVALID, "%s is not a whole SQLite database: %v", name, err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return pejling.Errorf(pejling.EINVALID, "%s is not a whole SQLite database: %v", name, err)
		}
		if s != "ok" && len(problems) < 3 {
			problems = append(problems, s)
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return pejling.Errorf(pejling.EINVALID, "%s is not a whole SQLite database: %v", name, err)
	}
	if len(problems) > 0 {
		return pejling.Errorf(pejling.EINVALID, "%s fails the integrity check: %s", name, strings.Join(problems, "; "))
	}
	var n int
	if err := sdb.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master
		WHERE type = 'table' AND name IN ('schema_migrations', 'imports')`).Scan(&n); err != nil {
		return fmt.Errorf("restore: read %s: %w", name, err)
	}
	if n != 2 {
		return pejling.Errorf(pejling.EINVALID, "%s is a SQLite database but not a Pejling store (no schema_migrations or imports table)", name)
	}
	var version int
	if err := sdb.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&version); err != nil {
		return fmt.Errorf("restore: read the schema version of %s: %w", name, err)
	}
	known, err := binarySchemaVersion(ctx)
	if err != nil {
		return err
	}
	if version > known {
		return pejling.Errorf(pejling.EINVALID, "%s has schema version %d, newer than this pejling knows (%d): restore it with the newer pejling", name, version, known)
	}
	return nil
}

// binarySchemaVersion is the newest schema version this binary migrates to: that of a
// new, empty store.
func binarySchemaVersion(ctx context.Context) (int, error) {
	dir, err := os.MkdirTemp("", "pejling-schema")
	if err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(dir)
	db, err := Open(ctx, filepath.Join(dir, "empty.db"))
	if err != nil {
		return 0, fmt.Errorf("restore: open an empty store: %w", err)
	}
	defer db.Close()
	return db.SchemaVersion(ctx)
}

// checkStoreClosed refuses a store that another connection holds open. SQLite removes the
// -wal file when the last connection to a WAL store closes; when it is still there after
// this function's own connection closed, someone else has the store open.
func checkStoreClosed(ctx context.Context, dsn string) error {
	if _, err := os.Stat(dsn); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	sdb, err := sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("restore: open %s: %w", dsn, err)
	}
	// The query lets SQLite recover a -wal left by a crash, and a damaged store simply
	// fails it: the restore is what repairs it.
	var n int
	_ = sdb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	if err := sdb.Close(); err != nil {
		return fmt.Errorf("restore: close %s: %w", dsn, err)
	}
	if _, err := os.Stat(dsn + "-wal"); err == nil {
		return pejling.Errorf(pejling.ECONFLICT, "%s is open in another process (pejling serve?): stop it before restoring, "+
			"or its open connections keep using the old file", dsn)
	}
	return nil
}

// copyBackupFile copies from to a new file to and syncs it to disk.
func copyBackupFile(ctx context.Context, from, to string) error {
	if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer dst.Close()
	if _, err := io.Copy(dst, backupReader{ctx, src}); err != nil {
		return fmt.Errorf("copy %s: %w", from, err)
	}
	if err := dst.Sync(); err != nil {
		return err
	}
	return dst.Close()
}

// backupReader stops a copy when the context ends.
type backupReader struct {
	ctx context.Context
	r   io.Reader
}

func (r backupReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.r.Read(p)
}

func syncBackupFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// syncBackupDir makes a rename or new name in dir durable.
func syncBackupDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	// Some file systems cannot sync a folder; the data itself is synced already.
	_ = d.Sync()
	return nil
}

// sameBackupFile reports whether a and b are the same existing file.
func sameBackupFile(a, b string) (bool, error) {
	fa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	fb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(fa, fb), nil
}
