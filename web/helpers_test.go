package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// testPassword is the password of every test user.
const testPassword = "correct horse battery staple"

// testHash is testPassword hashed once, with cheap parameters: hashing it per user
// with the real ones would cost a second of every test.
var testHash = func() string {
	h, err := auth.HashPasswordWith(testPassword, auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if err != nil {
		panic(err)
	}
	return h
}()

// usersDB returns a fresh SQLite store for the accounts of a server whose other
// services are fakes.
func usersDB(t testing.TB) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), filepath.Join(t.TempDir(), "users.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newUser creates a user of the role in the municipality (0: national).
func newUser(t testing.TB, db *sqldb.DB, name string, role pejling.Role, municipality int) *pejling.User {
	t.Helper()
	u := &pejling.User{Name: name, Role: role, Municipality: municipality}
	if err := db.CreateUser(context.Background(), u, testHash); err != nil {
		t.Fatal(err)
	}
	return u
}

// tokenFor creates an API token of u and returns it.
func tokenFor(t testing.TB, db *sqldb.DB, u *pejling.User) string {
	t.Helper()
	tok := auth.NewToken()
	if err := db.CreateAPIToken(context.Background(), pejling.APIToken{TokenHash: auth.HashToken(tok), UserID: u.ID, Name: "test", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return tok
}

// sessionFor creates a session of u, verified (second factor given) or not, and returns
// its cookie token.
func sessionFor(t testing.TB, db *sqldb.DB, u *pejling.User, verified bool) string {
	t.Helper()
	tok := auth.NewToken()
	now := db.Now().UTC()
	if err := db.CreateSession(context.Background(), pejling.Session{TokenHash: auth.HashToken(tok), UserID: u.ID,
		CreatedAt: now, ExpiresAt: now.Add(web.SessionIdle), LastSeen: now, Verified: verified}); err != nil {
		t.Fatal(err)
	}
	return tok
}

// serveSignedIn serves srv with users as its account store, to requests that come as a
// signed-in national analyst: an API token is added to every request that carries no
// credentials of its own. It is for the tests of what pages and API show; the tests of
// sign-in and access (access_test.go, signin_test.go) serve srv as it is.
func serveSignedIn(t testing.TB, srv *web.Server, users *sqldb.DB) *httptest.Server {
	t.Helper()
	if users == nil {
		users = usersDB(t)
	}
	srv.Users = users
	tok := tokenFor(t, users, newUser(t, users, "analyst-test", pejling.RoleAnalyst, pejling.NationalMunicipality))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			if _, err := r.Cookie("pejling_session"); err != nil {
				r.Header.Set("Authorization", "Bearer "+tok)
			}
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}
