package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
)

// TestProgressionBrowser draws progression measurement's pages in Chromium, signed in
// as a consultant, for a person to look at (/tmp/pejling-shots/progression-*.png): the
// aggregate per team, a citizen with three conversations, and the score form refused.
func TestProgressionBrowser(t *testing.T) {
	e := newProgEnv(t)
	users := []*pejling.User{e.con, newUser(t, e.db, "con-b", pejling.RoleConsultant, 101)}
	seedProgression(t, e.db, users)
	const p = "P-1001"
	for _, step := range []struct {
		path string
		form url.Values
	}{
		{"fokus", focusForm("work_identity", "social_competences", "personal_competences")},
		{"samtaler", conversation("2026-01-12", map[string]string{"sees_self_in_job": "2", "knows_job_goal": "3", "cooperates": "4", "handles_conflict": "3", "keeps_agreements": "5"})},
		{"samtaler", conversation("2026-02-09", map[string]string{"sees_self_in_job": "4", "knows_job_goal": "4", "cooperates": "5", "keeps_agreements": "5", "takes_initiative": "4"})},
		{"samtaler", conversation("2026-03-09", map[string]string{"sees_self_in_job": "6", "knows_job_goal": "7", "cooperates": "5", "handles_conflict": "6", "keeps_agreements": "7"})},
	} {
		if st, body, _ := e.do(t, "POST", "/progression/"+p+"/"+step.path, e.cw1, step.form); st != 303 {
			t.Fatalf("%s: %d %.400s", step.path, st, body)
		}
	}
	if n := len(e.scores(t, 101, p)); n != 15 {
		t.Fatalf("%d scores", n)
	}
	srv := e.ts.Config.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("pejling_session"); err != nil {
			r.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cw1})
		}
		if q := r.URL.Query(); q.Get("as_post") != "" {
			q.Del("as_post")
			r.Method, r.URL.RawQuery = "POST", ""
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Body = io.NopCloser(strings.NewReader(q.Encode()))
			r.ContentLength = int64(len(q.Encode()))
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/progression?by=team", filepath.Join(dir, "progression-aggregate.png"), false)
	fullPage(t, ts.URL+"/progression/"+p, filepath.Join(dir, "progression-person.png"), false)
	bad := conversation("2026-03-11", map[string]string{"sees_self_in_job": "11", "knows_job_goal": "4"})
	bad.Set("team", "<script>alert(1)</script>")
	bad.Set("as_post", "1")
	fullPage(t, ts.URL+"/progression/"+p+"/samtaler?"+bad.Encode(), filepath.Join(dir, "progression-error.png"), false)
	entries, _ := e.db.ListAudit(context.Background(), pejling.AuditFilter{PersonID: p, Action: pejling.AuditRead})
	if len(entries) < 2 {
		t.Errorf("the browser's reads were not audited: %d", len(entries))
	}
}
