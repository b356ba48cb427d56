package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// clock fixes db.Now at t and returns a function that moves it on.
func clock(db *sqldb.DB, t time.Time) func(time.Duration) {
	now := t
	db.Now = func() time.Time { return now }
	return func(d time.Duration) { now = now.Add(d) }
}

func mustCreateUser(t *testing.T, db *sqldb.DB, name string, role pejling.Role, muni int) *pejling.User {
	t.Helper()
	u := &pejling.User{Name: name, Role: role, Municipality: muni}
	if err := db.CreateUser(context.Background(), u, "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		clock(db, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
		t.Run("CreateAndFind", func(t *testing.T) {
			u := mustCreateUser(t, db, "Anna.Hansen@aarhus.dk", pejling.RoleCaseWorker, 751)
			if u.ID == 0 || u.Name != "anna.hansen@aarhus.dk" || !u.CreatedAt.Equal(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)) {
				t.Fatalf("created %+v", u)
			}
			got, err := db.FindUserByName(ctx, "ANNA.hansen@aarhus.dk")
			if err != nil || *got != *u {
				t.Fatalf("FindUserByName: %+v, %v; want %+v", got, err, u)
			}
			got, err = db.FindUser(ctx, u.ID)
			if err != nil || *got != *u {
				t.Fatalf("FindUser: %+v, %v", got, err)
			}
			h, err := db.PasswordHash(ctx, u.ID)
			if err != nil || h != "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA" {
				t.Fatalf("PasswordHash: %q, %v", h, err)
			}
		})
		t.Run("DuplicateName", func(t *testing.T) {
			mustCreateUser(t, db, "dup", pejling.RoleAnalyst, 101)
			err := db.CreateUser(ctx, &pejling.User{Name: "DUP", Role: pejling.RoleAdmin}, "h")
			if pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Fatalf("got %v, want ECONFLICT", err)
			}
		})
		t.Run("BadInput", func(t *testing.T) {
			for _, u := range []pejling.User{
				{Name: "", Role: pejling.RoleAdmin},
				{Name: "x'; DROP TABLE users; --", Role: pejling.RoleAdmin},
				{Name: "ok", Role: "root"},
				{Name: "ok", Role: pejling.RoleAdmin, Municipality: -1},
			} {
				if err := db.CreateUser(ctx, &u, "h"); pejling.ErrorCode(err) != pejling.EINVALID {
					t.Errorf("%+v: got %v, want EINVALID", u, err)
				}
			}
			if err := db.CreateUser(ctx, &pejling.User{Name: "nohash", Role: pejling.RoleAdmin}, ""); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("no hash: %v", err)
			}
		})
		t.Run("NotFound", func(t *testing.T) {
			if _, err := db.FindUserByName(ctx, "nobody"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("FindUserByName: %v", err)
			}
			if _, err := db.FindUser(ctx, 9999); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("FindUser: %v", err)
			}
			if _, err := db.PasswordHash(ctx, 9999); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("PasswordHash: %v", err)
			}
			if err := db.SetPassword(ctx, 9999, "h"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("SetPassword: %v", err)
			}
			if err := db.DisableUser(ctx, 9999); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("DisableUser: %v", err)
			}
		})
		t.Run("List", func(t *testing.T) {
			us, err := db.ListUsers(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, u := range us {
				names = append(names, u.Name)
			}
			if len(names) != 2 || names[0] != "anna.hansen@aarhus.dk" || names[1] != "dup" {
				t.Errorf("ListUsers: %v", names)
			}
		})
	})
}

func TestUserPasswordAndDisable(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		clock(db, t0)
		u := mustCreateUser(t, db, "bo", pejling.RoleAnalyst, 101)
		other := mustCreateUser(t, db, "other", pejling.RoleAnalyst, 101)
		for _, h := range []string{"s1", "s2"} {
			if err := db.CreateSession(ctx, pejling.Session{TokenHash: h, UserID: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateSession(ctx, pejling.Session{TokenHash: "o1", UserID: other.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreateAPIToken(ctx, pejling.APIToken{TokenHash: "t1", UserID: u.ID, Name: "ci", CreatedAt: t0}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, u.ID, "new-hash"); err != nil {
			t.Fatal(err)
		}
		if h, _ := db.PasswordHash(ctx, u.ID); h != "new-hash" {
			t.Errorf("hash after SetPassword: %q", h)
		}
		if _, err := db.FindSession(ctx, "s1"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("session survived SetPassword: %v", err)
		}
		if _, err := db.FindAPIToken(ctx, "t1"); err != nil {
			t.Errorf("token after SetPassword: %v", err)
		}
		if err := db.DisableUser(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.FindUser(ctx, u.ID); !got.Disabled {
			t.Error("not disabled")
		}
		if _, err := db.FindAPIToken(ctx, "t1"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("token survived DisableUser: %v", err)
		}
		if _, err := db.FindSession(ctx, "o1"); err != nil {
			t.Errorf("another user's session ended: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		advance := clock(db, t0)
		u := mustCreateUser(t, db, "cw", pejling.RoleCaseWorker, 101)
		s := pejling.Session{TokenHash: "abc", UserID: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(30 * time.Minute)}
		if err := db.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		t.Run("Find", func(t *testing.T) {
			got, err := db.FindSession(ctx, "abc")
			if err != nil || got.UserID != u.ID || !got.ExpiresAt.Equal(s.ExpiresAt) || !got.LastSeen.Equal(t0) {
				t.Fatalf("FindSession: %+v, %v", got, err)
			}
		})
		t.Run("Duplicate", func(t *testing.T) {
			if err := db.CreateSession(ctx, s); pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Errorf("got %v, want ECONFLICT", err)
			}
		})
		t.Run("UnknownUser", func(t *testing.T) {
			err := db.CreateSession(ctx, pejling.Session{TokenHash: "zz", UserID: 9999, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)})
			if pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("got %v, want ENOTFOUND", err)
			}
		})
		t.Run("BadInput", func(t *testing.T) {
			if err := db.CreateSession(ctx, pejling.Session{TokenHash: "x", UserID: u.ID, CreatedAt: t0, ExpiresAt: t0}); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("expiry at creation: %v", err)
			}
		})
		t.Run("TouchAndExpire", func(t *testing.T) {
			advance(20 * time.Minute)
			if err := db.TouchSession(ctx, "abc", t0.Add(20*time.Minute), t0.Add(50*time.Minute)); err != nil {
				t.Fatal(err)
			}
			advance(20 * time.Minute) // t0+40m: alive only because it was touched
			if _, err := db.FindSession(ctx, "abc"); err != nil {
				t.Fatalf("touched session: %v", err)
			}
			advance(10 * time.Minute) // t0+50m: expired exactly now
			if _, err := db.FindSession(ctx, "abc"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Fatalf("expired session: %v", err)
			}
			if n, err := db.DeleteExpiredSessions(ctx); err != nil || n != 1 {
				t.Errorf("DeleteExpiredSessions: %d, %v", n, err)
			}
			if err := db.TouchSession(ctx, "abc", t0, t0); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("touch of a deleted session: %v", err)
			}
		})
		t.Run("Delete", func(t *testing.T) {
			now := db.Now()
			for _, h := range []string{"d1", "d2", "d3"} {
				if err := db.CreateSession(ctx, pejling.Session{TokenHash: h, UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.DeleteSession(ctx, "d1"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.FindSession(ctx, "d1"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("deleted session: %v", err)
			}
			if _, err := db.FindSession(ctx, "d2"); err != nil {
				t.Errorf("other session: %v", err)
			}
			if err := db.DeleteSession(ctx, "never"); err != nil {
				t.Errorf("delete of an unknown session: %v", err)
			}
			if err := db.DeleteUserSessions(ctx, u.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.FindSession(ctx, "d3"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("session after DeleteUserSessions: %v", err)
			}
		})
	})
}

func TestAPITokens(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		advance := clock(db, t0)
		u := mustCreateUser(t, db, "api", pejling.RoleAnalyst, 0)
		forever := pejling.APIToken{TokenHash: "forever", UserID: u.ID, Name: "ci", CreatedAt: t0}
		day := pejling.APIToken{TokenHash: "day", UserID: u.ID, Name: "", CreatedAt: t0, ExpiresAt: t0.Add(24 * time.Hour)}
		for _, tok := range []pejling.APIToken{forever, day} {
			if err := db.CreateAPIToken(ctx, tok); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CreateAPIToken(ctx, forever); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("duplicate: %v", err)
		}
		if err := db.CreateAPIToken(ctx, pejling.APIToken{TokenHash: "x", UserID: 9999, CreatedAt: t0}); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("unknown user: %v", err)
		}
		if err := db.CreateAPIToken(ctx, pejling.APIToken{UserID: u.ID, CreatedAt: t0}); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("no hash: %v", err)
		}
		got, err := db.FindAPIToken(ctx, "forever")
		if err != nil || *got != forever {
			t.Fatalf("FindAPIToken: %+v, %v", got, err)
		}
		got, err = db.FindAPIToken(ctx, "day")
		if err != nil || *got != day {
			t.Fatalf("FindAPIToken: %+v, %v", got, err)
		}
		advance(24 * time.Hour)
		if _, err := db.FindAPIToken(ctx, "day"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("expired token: %v", err)
		}
		if _, err := db.FindAPIToken(ctx, "forever"); err != nil {
			t.Errorf("token without expiry: %v", err)
		}
		if _, err := db.FindAPIToken(ctx, "nope"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("unknown token: %v", err)
		}
	})
}

func TestAudit(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		advance := clock(db, t0)
		hostile := "'); DELETE FROM audit_log; --\x00\n<script>"
		entries := []pejling.AuditEntry{
			{UserID: 1, UserName: "cw", Action: pejling.AuditRead, PersonID: "P1", Purpose: "case 17", Page: "/personer/P1"},
			{UserID: 1, UserName: "cw", Action: pejling.AuditSearch, Criteria: "age>50 " + hostile, Purpose: "follow-up", Page: "/personer"},
			{UserID: 2, UserName: "an", Action: pejling.AuditExport, PersonID: "P1", Purpose: "citizen's request", Page: "/api/v1/audit"},
			{UserID: 2, UserName: "an", Action: pejling.AuditRead, PersonID: "P2", Purpose: hostile, Page: "/personer/P2"},
		}
		for i := range entries {
			if err := db.AppendAudit(ctx, &entries[i]); err != nil {
				t.Fatal(err)
			}
			if entries[i].ID == 0 || !entries[i].At.Equal(db.Now()) {
				t.Fatalf("appended %+v", entries[i])
			}
			advance(30 * 24 * time.Hour)
		}
		if !strings.Contains(entries[1].Criteria, "\uFFFD") || strings.Contains(entries[1].Criteria, "\x00") {
			t.Errorf("NUL not replaced: %q", entries[1].Criteria)
		}
		if err := db.AppendAudit(ctx, &pejling.AuditEntry{UserID: 1}); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("no action: %v", err)
		}
		ids := func(es []pejling.AuditEntry) []int64 {
			var r []int64
			for _, e := range es {
				r = append(r, e.ID)
			}
			return r
		}
		for _, tc := range []struct {
			name string
			f    pejling.AuditFilter
			want []int
		}{
			{"All", pejling.AuditFilter{}, []int{3, 2, 1, 0}},
			{"User", pejling.AuditFilter{UserID: 1}, []int{1, 0}},
			{"Person", pejling.AuditFilter{PersonID: "P1"}, []int{2, 0}},
			{"Action", pejling.AuditFilter{Action: pejling.AuditRead}, []int{3, 0}},
			{"Period", pejling.AuditFilter{From: t0.Add(30 * 24 * time.Hour), To: t0.Add(90 * 24 * time.Hour)}, []int{2, 1}},
			{"Limit", pejling.AuditFilter{Limit: 1}, []int{3}},
			{"HostilePerson", pejling.AuditFilter{PersonID: hostile}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := db.ListAudit(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var want []int64
				for _, i := range tc.want {
					want = append(want, entries[i].ID)
				}
				if g := ids(got); len(g) != len(want) || (len(g) > 0 && !equalIDs(g, want)) {
					t.Errorf("got ids %v, want %v", g, want)
				}
			})
		}
		t.Run("RoundTrip", func(t *testing.T) {
			got, err := db.ListAudit(ctx, pejling.AuditFilter{})
			if err != nil {
				t.Fatal(err)
			}
			for i, e := range got {
				if w := entries[len(entries)-1-i]; e != w || strings.Contains(e.Purpose+e.Criteria, "\x00") {
					t.Errorf("got %+v, want %+v", e, w)
				}
			}
		})
		t.Run("Purge", func(t *testing.T) {
			// Retention: everything older than t0 + 45 days goes: the first two.
			n, err := db.PurgeAudit(ctx, t0.Add(45*24*time.Hour))
			if err != nil || n != 2 {
				t.Fatalf("PurgeAudit: %d, %v", n, err)
			}
			got, _ := db.ListAudit(ctx, pejling.AuditFilter{})
			if g := ids(got); !equalIDs(g, []int64{entries[3].ID, entries[2].ID}) {
				t.Errorf("left %v", g)
			}
		})
	})
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
