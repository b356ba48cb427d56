package web

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
)

// UserStore is what sign-in, sessions, API tokens and the audit log read and write
// (sqldb.DB implements it).
type UserStore interface {
	FindUser(ctx context.Context, id int64) (*pejling.User, error)
	FindUserByName(ctx context.Context, name string) (*pejling.User, error)
	PasswordHash(ctx context.Context, userID int64) (string, error)
	SetPassword(ctx context.Context, userID int64, passwordHash string) error
	CreateSession(ctx context.Context, s pejling.Session) error
	FindSession(ctx context.Context, tokenHash string) (*pejling.Session, error)
	TouchSession(ctx context.Context, tokenHash string, at, expiresAt time.Time) error
	VerifySession(ctx context.Context, tokenHash string) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteExpiredSessions(ctx context.Context) (int64, error)
	OfferTOTP(ctx context.Context, tokenHash, key string) error
	TOTPSecret(ctx context.Context, userID int64) (string, int64, error)
	EnrolTOTP(ctx context.Context, userID int64, key string, step int64) error
	AcceptTOTPStep(ctx context.Context, userID int64, step int64) error
	FindAPIToken(ctx context.Context, tokenHash string) (*pejling.APIToken, error)
	AppendAudit(ctx context.Context, e *pejling.AuditEntry) error
	ListAudit(ctx context.Context, f pejling.AuditFilter) ([]pejling.AuditEntry, error)
	PurgeAudit(ctx context.Context, olderThan time.Time) (int64, error)
}

// Access is who may use a route. Every route of the server has one (routes.go), and
// the access matrix test walks them all.
type Access int

const (
	// Public routes answer everyone: the sign-in pages, the stylesheet, the language
	// switch and the API description.
	Public Access = iota
	// SignedIn routes show aggregated figures, which every active role may read.
	SignedIn
	// PersonData routes show personal data: only roles that read persons, of a
	// municipality (not national users), in a session that passed the second factor —
	// never with an API token. The handler checks the person's municipality and
	// writes the audit record.
	PersonData
	// Importer routes change the data: analysts and admins.
	Importer
	// Admin routes manage users and read the audit log.
	Admin
	// Manager routes of the JSON API change what a municipality's staff share (teams,
	// their members and goals, the service-level policy): analysts and admins of a
	// municipality, who read persons, in a session that passed the second factor —
	// never with an API token, as PersonData (their pages are Importer).
	Manager
)

var accessNames = [...]string{"public", "signed-in", "person-data", "importer", "admin", "manager"}

func (a Access) String() string { return accessNames[a] }

// Session lifetimes (ASVS 5.0 V7.3): a session ends after 30 minutes without use and
// at the latest 12 hours after sign-in, whatever its use.
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	// sessionTouch: a session's expiry is moved at most this often, so that a page
	// with many requests does not write the store for each.
	sessionTouch = time.Minute
)

// sessionCookie holds the session token. It is HttpOnly and SameSite=Lax, and Secure
// whenever the server runs behind TLS (Server.SecureCookies, or a TLS request).
const sessionCookie = "pejling_session"

// identity is who a request comes from.
type identity struct {
	User      *pejling.User
	Session   *pejling.Session // nil for an API token
	Token     string           // the session's token (for sign-out and rotation)
	ViaBearer bool
}

type ctxKey int

const identityKey ctxKey = 0

// who returns the identity of a request that passed guard; nil on a public route.
func who(r *http.Request) *identity {
	id, _ := r.Context().Value(identityKey).(*identity)
	return id
}

// now is the server's clock (tests replace Server.Now).
func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// guard wraps a handler with the access check of its route: it finds who is asking
// (session cookie or, outside the personal-data and admin routes, an API bearer token),
// and answers a page with a redirect to sign-in and the API with 401 when no one is
// signed in, and both with 403 when the role may not.
func (s *Server) guard(a Access, api bool, h http.HandlerFunc) http.HandlerFunc {
	if a == Public {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		id, err := s.identify(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		switch {
		case id == nil && api:
			w.Header().Set("WWW-Authenticate", `Bearer realm="pejling"`)
			s.writeError(w, r, pejling.Errorf(pejling.EUNAUTHORIZED, "sign in or send an API token (Authorization: Bearer …)"))
			return
		case id == nil:
			http.Redirect(w, r, "/logind?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		case id.Session != nil && !id.Session.Verified && api:
			s.writeError(w, r, pejling.Errorf(pejling.EUNAUTHORIZED, "the sign-in needs its second factor"))
			return
		case id.Session != nil && !id.Session.Verified:
			http.Redirect(w, r, "/logind/kode?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		if err := allowed(a, id); err != nil {
			s.writeError(w, r, err)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), identityKey, id)))
	}
}

// allowed is the access rule of each level, from the role rules of pejling.User.
func allowed(a Access, id *identity) error {
	u := id.User
	ok := false
	switch a {
	case Public:
		ok = true
	case SignedIn:
		ok = u.CanReadAggregates()
	case PersonData:
		if id.ViaBearer {
			return pejling.Errorf(pejling.EFORBIDDEN, "personal data is not served to API tokens; sign in")
		}
		ok = !u.National() && u.CanReadPerson(u.Municipality)
	case Importer:
		ok = u.CanImport()
	case Manager:
		if id.ViaBearer {
			return pejling.Errorf(pejling.EFORBIDDEN, "the municipality's settings are not changed with API tokens; sign in")
		}
		ok = !u.National() && u.CanReadPerson(u.Municipality) && u.CanImport()
	case Admin:
		if id.ViaBearer {
			return pejling.Errorf(pejling.EFORBIDDEN, "administration is not open to API tokens; sign in")
		}
		ok = u.CanManageUsers()
	}
	if !ok {
		return pejling.Errorf(pejling.EFORBIDDEN, "the role %s may not use this page", u.Role)
	}
	return nil
}

// identify returns who sent r: the user of a valid session cookie or bearer token, or
// nil. An invalid or expired credential is nil too (the client signs in again), but a
// store failure is an error.
func (s *Server) identify(r *http.Request) (*identity, error) {
	if s.Users == nil {
		return nil, nil
	}
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || !auth.ValidTokenForm(strings.TrimSpace(tok)) {
			return nil, nil
		}
		t, err := s.Users.FindAPIToken(ctx, auth.HashToken(strings.TrimSpace(tok)))
		if err != nil {
			return nil, notFoundIsNil(err)
		}
		u, err := s.Users.FindUser(ctx, t.UserID)
		if err != nil || u.Disabled {
			return nil, notFoundIsNil(err)
		}
		return &identity{User: u, ViaBearer: true}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || !auth.ValidTokenForm(c.Value) {
		return nil, nil
	}
	hash := auth.HashToken(c.Value)
	sess, err := s.Users.FindSession(ctx, hash)
	if err != nil {
		return nil, notFoundIsNil(err)
	}
	now := s.now()
	if now.Sub(sess.CreatedAt) > SessionAbsolute {
		s.Users.DeleteSession(ctx, hash)
		return nil, nil
	}
	u, err := s.Users.FindUser(ctx, sess.UserID)
	if err != nil || u.Disabled {
		s.Users.DeleteSession(ctx, hash)
		return nil, notFoundIsNil(err)
	}
	if now.Sub(sess.LastSeen) >= sessionTouch {
		if err := s.Users.TouchSession(ctx, hash, now, now.Add(SessionIdle)); err != nil {
			return nil, notFoundIsNil(err)
		}
	}
	return &identity{User: u, Session: sess, Token: c.Value}, nil
}

func notFoundIsNil(err error) error {
	if err == nil || pejling.ErrorCode(err) == pejling.ENOTFOUND {
		return nil
	}
	return err
}

// secure reports whether cookies of r are to be Secure: behind TLS, or when the server
// is told it runs behind a TLS proxy.
func (s *Server) secure(r *http.Request) bool { return s.SecureCookies || r.TLS != nil }

// setSession sets the session cookie; an empty token deletes it.
func (s *Server) setSession(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// clientAddr is the address a sign-in is throttled by: the remote host, without port.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// audit writes one record of a read, search, change, export or deletion of personal
// data by the request's user. A page that cannot write its record must not show the
// data: the error is returned, and the caller answers with it.
func (s *Server) audit(r *http.Request, action pejling.AuditAction, person, criteria, purpose string) error {
	id := who(r)
	if id == nil {
		return pejling.Errorf(pejling.EUNAUTHORIZED, "not signed in")
	}
	e := &pejling.AuditEntry{At: s.now(), UserID: id.User.ID, UserName: id.User.Name, Action: action,
		Municipality: id.User.Municipality, PersonID: person, Criteria: criteria, Purpose: purpose, Page: r.Method + " " + r.URL.Path}
	return s.Users.AppendAudit(r.Context(), e)
}
