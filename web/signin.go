package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
)

// signinPage is the sign-in form and the code form (signin.html, code.html).
type signinPage struct {
	page
	Next    string // where to go after signing in: a local path
	Name    string
	Problem string // a message key, or "" on a fresh form
	Wait    int    // seconds to wait before the next try, when throttled
	// The enrolment of a second factor, on the code page.
	Enrol   bool
	Key     string       // grouped for typing
	KeyURI  template.URL // otpauth://, which html/template would otherwise refuse
	Account string
}

// Field sizes the sign-in forms accept; anything longer is refused before any work.
const (
	maxNameLen     = 64
	maxPasswordLen = 128
	maxFormBytes   = 8 << 10
)

// localPath returns next if it is a path of this site, else "/": a sign-in never
// redirects to another host (an open redirect).
func localPath(next string) string {
	u, err := url.Parse(next)
	if err != nil || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || u.Host != "" || u.Scheme != "" || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// dummyHash is checked against when a name is unknown, so that an unknown name costs
// the same time as a wrong password and does not reveal which names exist.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword(auth.NewToken())
	return h
})

func (s *Server) handleSigninForm(w http.ResponseWriter, r *http.Request) {
	pg := signinPage{page: newPage(r, "signin.title"), Next: localPath(r.URL.Query().Get("next"))}
	s.render(w, r, "signin", pg)
}

// handleSignin checks a name and password. A throttled attempt is refused before the
// password is looked at; a failure says only that the name or password is wrong. A
// success always starts a new session (a session token from before the sign-in is
// never kept: session fixation), which for a role that sees persons still needs the
// code of the second factor.
func (s *Server) handleSignin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "the form is too large or malformed"))
		return
	}
	pg := signinPage{page: newPage(r, "signin.title"), Next: localPath(r.PostForm.Get("next"))}
	name, password := strings.TrimSpace(r.PostForm.Get("name")), r.PostForm.Get("password")
	pg.Name = pejling.Clip(name)
	fail := func(status int, problem string) {
		pg.Problem = problem
		s.renderStatus(w, r, "signin", pg, status)
	}
	if name == "" || password == "" || len(name) > maxNameLen || len(password) > maxPasswordLen*4 {
		fail(http.StatusBadRequest, "signin.missing")
		return
	}
	addr := clientAddr(r)
	if d := s.throttle.Wait(name, addr); d > 0 {
		pg.Wait = int(math.Ceil(d.Seconds()))
		w.Header().Set("Retry-After", fmt.Sprint(pg.Wait))
		fail(http.StatusTooManyRequests, "signin.throttled")
		return
	}
	u, err := s.Users.FindUserByName(r.Context(), name)
	hash := dummyHash()
	if err == nil {
		if hash, err = s.Users.PasswordHash(r.Context(), u.ID); err != nil {
			s.writeError(w, r, err)
			return
		}
	} else if pejling.ErrorCode(err) != pejling.ENOTFOUND {
		s.writeError(w, r, err)
		return
	}
	ok, verr := auth.VerifyPassword(hash, password)
	if u == nil || verr != nil || !ok || u.Disabled {
		s.throttle.Failure(name, addr)
		s.Logger.Info("sign-in failed", "addr", addr) // never the name or password typed
		fail(http.StatusUnauthorized, "signin.wrong")
		return
	}
	s.throttle.Success(name, addr)
	if auth.NeedsRehash(hash) {
		if h, err := auth.HashPassword(password); err == nil {
			s.Users.SetPassword(r.Context(), u.ID, h)
		}
	}
	// A session from before is ended: the new one has a new token.
	if c, err := r.Cookie(sessionCookie); err == nil && auth.ValidTokenForm(c.Value) {
		s.Users.DeleteSession(r.Context(), auth.HashToken(c.Value))
	}
	token, err := s.startSession(r, u, !u.NeedsTOTP())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSession(w, r, token)
	s.Logger.Info("signed in", "user", u.ID)
	if !u.NeedsTOTP() {
		http.Redirect(w, r, pg.Next, http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/logind/kode?next="+url.QueryEscape(pg.Next), http.StatusSeeOther)
}

// startSession stores a new session of u and returns its token.
func (s *Server) startSession(r *http.Request, u *pejling.User, verified bool) (string, error) {
	token, now := auth.NewToken(), s.now()
	err := s.Users.CreateSession(r.Context(), pejling.Session{TokenHash: auth.HashToken(token), UserID: u.ID,
		CreatedAt: now, ExpiresAt: now.Add(SessionIdle), LastSeen: now, Verified: verified})
	return token, err
}

// pendingSession returns the session of a request that passed the password but not
// yet the code, or nil.
func (s *Server) pendingSession(r *http.Request) (*identity, error) {
	id, err := s.identify(r)
	if err != nil || id == nil || id.Session == nil {
		return nil, err
	}
	return id, nil
}

// handleCodeForm asks for the code of the second factor, and a user without one
// enrols: a new key is offered (kept on the session, server side) to put in an
// authenticator app.
func (s *Server) handleCodeForm(w http.ResponseWriter, r *http.Request) {
	id, err := s.pendingSession(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	next := localPath(r.URL.Query().Get("next"))
	if id == nil {
		http.Redirect(w, r, "/logind?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if id.Session.Verified {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	pg, err := s.codePage(r, id, next)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, "code", pg)
}

// codePage fills the code page; for a user without a key it offers one.
func (s *Server) codePage(r *http.Request, id *identity, next string) (signinPage, error) {
	pg := signinPage{page: newPage(r, "code.title"), Next: next, Account: id.User.Name}
	key, _, err := s.Users.TOTPSecret(r.Context(), id.User.ID)
	if err != nil || key != "" {
		return pg, err
	}
	pg.Enrol = true
	key = id.Session.PendingTOTP
	if key == "" {
		key = auth.NewTOTPKey()
		if err := s.Users.OfferTOTP(r.Context(), auth.HashToken(id.Token), key); err != nil {
			return pg, err
		}
		id.Session.PendingTOTP = key
	}
	// The URI is ours: a fixed scheme, and the name and key escaped by TOTPURI.
	pg.Key, pg.KeyURI = auth.GroupKey(key), template.URL(auth.TOTPURI("Pejling", id.User.Name, key))
	return pg, nil
}

// handleCode checks the code of the second factor (throttled like a password, and no
// code accepted twice), enrols the key when the user had none, and replaces the
// session by a new, verified one.
func (s *Server) handleCode(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "the form is too large or malformed"))
		return
	}
	id, err := s.pendingSession(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	next := localPath(r.PostForm.Get("next"))
	if id == nil {
		http.Redirect(w, r, "/logind?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	if id.Session.Verified {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	pg, err := s.codePage(r, id, next)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	fail := func(status int, problem string) {
		pg.Problem = problem
		w.Header().Set("Cache-Control", "no-store")
		s.renderStatus(w, r, "code", pg, status)
	}
	throttleName, addr := "code:"+id.User.Name, clientAddr(r)
	if d := s.throttle.Wait(throttleName, addr); d > 0 {
		pg.Wait = int(math.Ceil(d.Seconds()))
		w.Header().Set("Retry-After", fmt.Sprint(pg.Wait))
		fail(http.StatusTooManyRequests, "signin.throttled")
		return
	}
	key, _, err := s.Users.TOTPSecret(r.Context(), id.User.ID)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	enrol := key == ""
	if enrol {
		key = id.Session.PendingTOTP
	}
	code := r.PostForm.Get("code")
	step, ok := auth.CheckTOTP(key, code, s.now())
	if ok {
		if enrol {
			err = s.Users.EnrolTOTP(r.Context(), id.User.ID, key, step)
		} else {
			err = s.Users.AcceptTOTPStep(r.Context(), id.User.ID, step)
		}
		if pejling.ErrorCode(err) == pejling.ECONFLICT {
			ok = false // a code used already, or a key enrolled meanwhile
		} else if err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if !ok {
		s.throttle.Failure(throttleName, addr)
		fail(http.StatusUnauthorized, "code.wrong")
		return
	}
	s.throttle.Success(throttleName, addr)
	// A new token for the new privilege: the unverified session ends.
	s.Users.DeleteSession(r.Context(), auth.HashToken(id.Token))
	token, err := s.startSession(r, id.User, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.setSession(w, r, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleSignout ends the session on the server and deletes the cookie.
func (s *Server) handleSignout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil && auth.ValidTokenForm(c.Value) {
		if err := s.Users.DeleteSession(r.Context(), auth.HashToken(c.Value)); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.setSession(w, r, "")
	http.Redirect(w, r, "/logind", http.StatusSeeOther)
}
