package main_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestLoad(t *testing.T) {
	var n, bad atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Redirect(w, r, "/logind", http.StatusSeeOther)
			return
		}
		if r.URL.Path == "/api/v1/figures" && bad.Load() > 0 {
			bad.Add(-1)
			http.Error(w, "boom", 500)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer ts.Close()
	out, _, code := pejling(t, "load", "--url", ts.URL, "--users", "2", "--duration", "1s")
	if code == 0 || !strings.Contains(out, "status 303") {
		t.Errorf("a redirect to sign-in is not reported as an error: exit %d\n%s", code, out)
	}
	out = mustPejling(t, "load", "--url", ts.URL, "--users", "4", "--duration", "1s", "--token", "tok")
	if !strings.Contains(out, "0 errors") || !strings.Contains(out, "dashboard") || n.Load() < 10 {
		t.Errorf("load: %d requests served\n%s", n.Load(), out)
	}
	bad.Store(3)
	out, _, code = pejling(t, "load", "--url", ts.URL, "--users", "2", "--duration", "1s", "--token", "tok")
	if code == 0 || !strings.Contains(out, "3 errors") || !strings.Contains(out, "status 500") {
		t.Errorf("errors not reported: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"--url", "http://10.1.2.3:8080"}, {"--url", "http://example.com"}, {"--url", "ftp://127.0.0.1"},
		{"--url", ts.URL, "--users", "0"}, {"--url", ts.URL, "--duration", "11m"},
	} {
		if _, errOut, code := pejling(t, append([]string{"load"}, args...)...); code == 0 || errOut == "" {
			t.Errorf("load %v: exit %d", args, code)
		}
	}
}
