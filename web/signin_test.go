package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
)

// browserClient is a client with its own cookie jar that does not follow redirects,
// sending the headers a browser sends with a same-origin form.
type browserClient struct {
	t    *testing.T
	base string
	jar  *cookiejar.Jar
}

func newBrowserClient(t *testing.T, base string) *browserClient {
	jar, _ := cookiejar.New(nil)
	return &browserClient{t: t, base: base, jar: jar}
}

func (c *browserClient) do(method, path string, form url.Values, header map[string]string) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", c.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	client := &http.Client{Jar: c.jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	return res, string(b)
}

// session is the client's session cookie, or "".
func (c *browserClient) session() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.jar.Cookies(u) {
		if ck.Name == "pejling_session" {
			return ck.Value
		}
	}
	return ""
}

func (c *browserClient) signin(name, password, next string) (*http.Response, string) {
	return c.do("POST", "/logind", url.Values{"name": {name}, "password": {password}, "next": {next}}, nil)
}

// TestSigninPassword: a role without a second factor signs in with name and password,
// lands on the page it asked for, and signs out; wrong passwords and unknown names get
// the same answer; the session cookie is HttpOnly and SameSite; a session token set
// before sign-in is never the one after it (fixation); the redirect stays on the site.
func TestSigninPassword(t *testing.T) {
	ts, _, db := newSecureServer(t)
	newUser(t, db, "pol", pejling.RolePolitician, 101)

	c := newBrowserClient(t, ts.URL)
	res, _ := c.do("GET", "/kommuner/101", nil, nil)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/logind?next=%2Fkommuner%2F101" {
		t.Fatalf("anonymous dashboard: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	res, body := c.do("GET", "/logind?next=%2Fkommuner%2F101", nil, nil)
	if res.StatusCode != 200 || !strings.Contains(body, `name="password"`) || !strings.Contains(body, `value="/kommuner/101"`) {
		t.Fatalf("sign-in form: %d\n%.500s", res.StatusCode, body)
	}

	_, wrongBody := c.signin("pol", "not the password", "/")
	res, unknownBody := c.signin("nobody", "not the password", "/")
	if res.StatusCode != 401 || !strings.Contains(wrongBody, "Forkert brugernavn eller adgangskode") || !strings.Contains(unknownBody, "Forkert brugernavn eller adgangskode") {
		t.Fatalf("failed sign-ins: %d\n%.300s", res.StatusCode, unknownBody)
	}
	if strings.Contains(wrongBody, "not the password") {
		t.Error("the password typed is echoed")
	}

	// Fixation: an attacker-chosen token in the cookie before sign-in.
	planted := auth.NewToken()
	u, _ := url.Parse(ts.URL)
	c.jar.SetCookies(u, []*http.Cookie{{Name: "pejling_session", Value: planted, Path: "/"}})
	res, _ = c.signin("POL", testPassword, "/kommuner/101")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/kommuner/101" {
		t.Fatalf("sign-in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, ck := range res.Cookies() {
		if ck.Name == "pejling_session" {
			cookie = ck
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" || cookie.Value == planted {
		t.Fatalf("session cookie %+v", cookie)
	}
	res, body = c.do("GET", "/kommuner/101", nil, nil)
	if res.StatusCode != 200 || !strings.Contains(body, "København") || !strings.Contains(body, "pol") {
		t.Fatalf("dashboard after sign-in: %d", res.StatusCode)
	}
	// A politician sees no citizen pages and no audit log.
	if strings.Contains(body, `href="/borgere"`) || strings.Contains(body, `href="/admin/log"`) {
		t.Error("the menu offers a politician pages it may not use")
	}
	if res, _ := c.do("GET", "/borgere", nil, nil); res.StatusCode != 403 {
		t.Errorf("politician on /borgere: %d", res.StatusCode)
	}

	// Sign-out ends the session on the server: the old token no longer works.
	token := c.session()
	res, _ = c.do("POST", "/logud", url.Values{}, nil)
	if res.StatusCode != 303 || c.session() != "" {
		t.Fatalf("sign-out: %d, cookie %q", res.StatusCode, c.session())
	}
	if _, err := db.FindSession(context.Background(), auth.HashToken(token)); pejling.ErrorCode(err) != pejling.ENOTFOUND {
		t.Errorf("the session outlived sign-out: %v", err)
	}
	replay := newBrowserClient(t, ts.URL)
	replay.jar.SetCookies(u, []*http.Cookie{{Name: "pejling_session", Value: token, Path: "/"}})
	if res, _ := replay.do("GET", "/kommuner/101", nil, nil); res.StatusCode != 303 {
		t.Errorf("the signed-out token still opens pages: %d", res.StatusCode)
	}

	// Open redirects: next must be a path of this site.
	for _, next := range []string{"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/ok\r\nSet-Cookie: x=1"} {
		c2 := newBrowserClient(t, ts.URL)
		res, _ := c2.signin("pol", testPassword, next)
		if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != "/" {
			t.Errorf("next=%q: %d to %q", next, res.StatusCode, loc)
		}
	}
}

// TestSigninBadInput: missing, oversized and malformed sign-in forms get a clear 400
// and create no session.
func TestSigninBadInput(t *testing.T) {
	ts, _, db := newSecureServer(t)
	newUser(t, db, "pol", pejling.RolePolitician, 101)
	for _, c := range []struct {
		name string
		body string
		want int
	}{
		{"Empty", "", 400},
		{"NoPassword", "name=pol", 400},
		{"NoName", "password=x", 400},
		{"LongName", "name=" + strings.Repeat("a", 65) + "&password=x", 400},
		{"HugePassword", "name=pol&password=" + strings.Repeat("x", 600), 400},
		{"OversizedForm", "name=pol&password=x&pad=" + strings.Repeat("x", 20000), 400},
		{"BadEncoding", "name=%zz&password=x", 400},
		{"NUL", "name=pol%00&password=x", 401},
		{"Script", "name=%3Cscript%3Ealert(1)%3C/script%3E&password=x", 401},
		{"SQL", "name=pol%27%20OR%201=1--&password=x", 401},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.URL+"/logind", strings.NewReader(c.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.want {
				t.Errorf("status %d, want %d\n%.300s", res.StatusCode, c.want, b)
			}
			if strings.Contains(string(b), "<script>") {
				t.Error("input echoed unescaped")
			}
			for _, ck := range res.Cookies() {
				if ck.Name == "pejling_session" && ck.Value != "" {
					t.Error("a session was created")
				}
			}
		})
	}
}

// TestSigninThrottle: after repeated failures a name must wait (429 with Retry-After),
// even with the right password, and the wait is bounded: the owner gets in after it.
func TestSigninThrottle(t *testing.T) {
	ts, srv, db := newSecureServer(t)
	newUser(t, db, "pol", pejling.RolePolitician, 101)
	now := time.Now()
	srv.Now = func() time.Time { return now }
	c := newBrowserClient(t, ts.URL)
	throttled := 0
	for i := 0; i < 12; i++ {
		res, _ := c.signin("pol", "wrong password", "/")
		if res.StatusCode == 429 {
			throttled++
			if res.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if throttled == 0 {
		t.Fatal("12 failures in a row were never throttled")
	}
	res, body := c.signin("pol", testPassword, "/")
	if res.StatusCode != 429 || !strings.Contains(body, "For mange forsøg") {
		t.Fatalf("the right password during the lock: %d", res.StatusCode)
	}
	// Another name from the same address is not locked out by it.
	newUser(t, db, "pol2", pejling.RolePolitician, 101)
	if res, _ := newBrowserClient(t, ts.URL).signin("pol2", testPassword, "/"); res.StatusCode != 303 {
		t.Errorf("another user was locked out too: %d", res.StatusCode)
	}
	now = now.Add(16 * time.Minute) // the longest lock is 15 minutes
	if res, _ := c.signin("pol", testPassword, "/"); res.StatusCode != 303 {
		t.Errorf("the owner is still locked out after the longest lock: %d", res.StatusCode)
	}
}

var keyPattern = regexp.MustCompile(`id="totp-key">([A-Z2-7 ]+)<`)

// TestSigninTOTP: a case worker enrols a second factor at the first sign-in and gives
// a code at each later one; until then the session opens nothing; the session token
// changes when the code is given; a code is never accepted twice; wrong codes are
// throttled.
func TestSigninTOTP(t *testing.T) {
	ts, srv, db := newSecureServer(t)
	cw := newUser(t, db, "cw", pejling.RoleCaseWorker, 101)
	now := time.Date(2026, 11, 23, 10, 0, 5, 0, time.UTC)
	srv.Now = func() time.Time { return now }
	db.Now = srv.Now

	c := newBrowserClient(t, ts.URL)
	res, _ := c.signin("cw", testPassword, "/borgere")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/logind/kode?next=%2Fborgere" {
		t.Fatalf("password step: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	first := c.session()
	if res, _ := c.do("GET", "/kommuner/101", nil, nil); res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/logind/kode") {
		t.Fatalf("a half-signed-in session opened a page: %d", res.StatusCode)
	}
	if res, _ := c.do("GET", "/api/v1/status", nil, nil); res.StatusCode != 401 {
		t.Fatalf("a half-signed-in session opened the API: %d", res.StatusCode)
	}
	res, body := c.do("GET", "/logind/kode?next=%2Fborgere", nil, nil)
	m := keyPattern.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil || !strings.Contains(body, "otpauth://totp/Pejling:cw?") {
		t.Fatalf("enrolment page: %d\n%.800s", res.StatusCode, body)
	}
	key := strings.ReplaceAll(m[1], " ", "")
	// The key offered stays the same when the page is shown again.
	if _, again := c.do("GET", "/logind/kode", nil, nil); !strings.Contains(again, m[1]) {
		t.Error("a second visit offered another key")
	}
	code := func(at time.Time) string {
		s, err := auth.TOTPCode(key, auth.TOTPStep(at))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	wrong := fmt.Sprintf("%06d", (atoi(code(now))+1)%1000000)
	if res, body := c.do("POST", "/logind/kode", url.Values{"code": {wrong}, "next": {"/borgere"}}, nil); res.StatusCode != 401 || !strings.Contains(body, "Koden passer ikke") {
		t.Fatalf("wrong code: %d", res.StatusCode)
	}
	res, _ = c.do("POST", "/logind/kode", url.Values{"code": {code(now)}, "next": {"/borgere"}}, nil)
	if res.StatusCode != 303 || res.Header.Get("Location") != "/borgere" {
		t.Fatalf("right code: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if c.session() == first || c.session() == "" {
		t.Fatal("the session token did not change with the second factor")
	}
	if _, err := db.FindSession(context.Background(), auth.HashToken(first)); pejling.ErrorCode(err) != pejling.ENOTFOUND {
		t.Error("the half-signed-in session outlived the code")
	}
	if res, _ := c.do("GET", "/borgere", nil, nil); res.StatusCode != 200 {
		t.Fatalf("citizen page after the code: %d", res.StatusCode)
	}
	if k, _, _ := db.TOTPSecret(context.Background(), cw.ID); k != key {
		t.Fatal("the key was not enrolled")
	}

	// Next sign-in: no enrolment; the same code again is a replay.
	c2 := newBrowserClient(t, ts.URL)
	c2.signin("cw", testPassword, "/")
	if _, body := c2.do("GET", "/logind/kode", nil, nil); keyPattern.MatchString(body) {
		t.Error("an enrolled user was offered a new key")
	}
	if res, _ := c2.do("POST", "/logind/kode", url.Values{"code": {code(now)}}, nil); res.StatusCode != 401 {
		t.Errorf("a used code was accepted again: %d", res.StatusCode)
	}
	now = now.Add(30 * time.Second)
	if res, _ := c2.do("POST", "/logind/kode", url.Values{"code": {code(now)}}, nil); res.StatusCode != 303 {
		t.Errorf("the next step's code: %d", res.StatusCode)
	}

	// Guessing codes is throttled like guessing passwords.
	c3 := newBrowserClient(t, ts.URL)
	c3.signin("cw", testPassword, "/")
	got429 := false
	for i := 0; i < 12 && !got429; i++ {
		res, _ := c3.do("POST", "/logind/kode", url.Values{"code": {"000000"}}, nil)
		got429 = res.StatusCode == 429
	}
	if !got429 {
		t.Error("12 wrong codes were never throttled")
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// TestCSRF: a state-changing request from another site is refused
// (http.CrossOriginProtection), on every POST route.
func TestCSRF(t *testing.T) {
	ts, _, db := newSecureServer(t)
	tok := sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	for _, path := range []string{"/logind", "/logind/kode", "/logud", "/sprog"} {
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Origin": "https://evil.example"},
		} {
			req, _ := http.NewRequest("POST", ts.URL+path, strings.NewReader("name=pol&password=x&lang=en"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&http.Cookie{Name: "pejling_session", Value: tok})
			for k, v := range h {
				req.Header.Set(k, v)
			}
			res, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != 403 {
				t.Errorf("POST %s with %v: %d, want 403", path, h, res.StatusCode)
			}
		}
	}
	// The session survived the forged sign-out.
	if _, err := db.FindSession(context.Background(), auth.HashToken(tok)); err != nil {
		t.Errorf("a cross-site sign-out ended the session: %v", err)
	}
}

// TestSessionExpiry: a session ends after 30 idle minutes and after 12 hours in all.
func TestSessionExpiry(t *testing.T) {
	ts, srv, db := newSecureServer(t)
	pol := newUser(t, db, "pol", pejling.RolePolitician, 101)
	now := time.Now().UTC()
	clock := func() time.Time { return now }
	srv.Now, db.Now = clock, clock
	get := func(tok string) int {
		req, _ := http.NewRequest("GET", ts.URL+"/kommuner", nil)
		req.AddCookie(&http.Cookie{Name: "pejling_session", Value: tok})
		res, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	idle := sessionFor(t, db, pol, true)
	if get(idle) != 200 {
		t.Fatal("fresh session refused")
	}
	now = now.Add(31 * time.Minute)
	if get(idle) != 303 {
		t.Error("a session idle for 31 minutes still works")
	}
	busy := sessionFor(t, db, pol, true)
	for i := 0; i < 30; i++ { // used every 25 minutes for 12.5 hours
		now = now.Add(25 * time.Minute)
		code := get(busy)
		if elapsed := time.Duration(i+1) * 25 * time.Minute; elapsed <= 12*time.Hour && code != 200 {
			t.Fatalf("a session in use was refused after %v", elapsed)
		} else if elapsed > 12*time.Hour && code != 303 {
			t.Fatalf("a session still works after %v", elapsed)
		}
	}
}
