// Package pgtest gives tests a fresh PostgreSQL database of their own on the server at
// PEJLING_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), and
// drops it when the test ends. Without a reachable server the test is skipped with one
// line, unless PEJLING_TEST_POSTGRES=required (as in .ci/run): then it fails.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
)

// DefaultURL is the maintenance database of the local test server.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var (
	once     sync.Once
	admin    *sql.DB
	adminErr error
)

// serverURL is the maintenance database to create test databases from.
func serverURL() string {
	if s := os.Getenv("PEJLING_TEST_POSTGRES_URL"); s != "" {
		return s
	}
	return DefaultURL
}

// NewDatabase creates an empty database for tb and returns its URL. It is dropped
// (WITH (FORCE), so connections left open do not keep it) when tb ends.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	base := serverURL()
	once.Do(func() {
		admin, adminErr = sql.Open("pgx", base)
		if adminErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			adminErr = admin.PingContext(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		tb.Fatalf("PEJLING_TEST_POSTGRES_URL: %v", err)
	}
	if adminErr != nil {
		if os.Getenv("PEJLING_TEST_POSTGRES") == "required" {
			tb.Fatalf("PostgreSQL not reachable at %s: %v", u.Redacted(), adminErr)
		}
		tb.Skipf("PostgreSQL not reachable at %s: set PEJLING_TEST_POSTGRES=required to fail instead", u.Redacted())
	}
	var b [6]byte
	rand.Read(b[:])
	name := "pejling_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
