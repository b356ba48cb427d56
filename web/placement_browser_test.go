package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestPlacementBrowser draws a praktik's page in Chromium, signed in as a case worker,
// for a person to look at (/tmp/pejling-shots/placement-*.png): its facts, follow-ups,
// the decision form and the early end.
func TestPlacementBrowser(t *testing.T) {
	e := newPlacementEnv(t)
	ctx := context.Background()
	pol := employer.DefaultPlacementPolicy()
	now := e.clock.now()
	p, err := pol.New(pejling.Placement{Municipality: 101, PersonID: "P-004711", Type: pejling.Praktik, CVR: "12345678",
		Start: pejling.MustParseDate("2026-01-26"), End: pejling.MustParseDate("2026-04-19"), HoursPerWeek: 25,
		Group: pejling.KTH, InterventionID: "IND-7"}, *e.user1, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.db.CreatePlacement(ctx, &p); err != nil {
		t.Fatal(err)
	}
	v := p.Version
	if p, err = pol.FollowUp(p, pejling.MustParseDate("2026-02-09"), "Trives godt; møder stabilt. Aftalt at øge til 30 timer.", *e.user1, now); err != nil {
		t.Fatal(err)
	}
	if err := e.db.UpdatePlacement(ctx, &p, v); err != nil {
		t.Fatal(err)
	}
	srv := e.ts.Config.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("pejling_session"); err != nil {
			r.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cw1})
		}
		if r.URL.Query().Get("da") != "" {
			r.AddCookie(&http.Cookie{Name: "pejling_lang", Value: "da"})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	path := "/placeringer/" + strconv.FormatInt(p.ID, 10)
	fullPage(t, ts.URL+path+"?da=1", filepath.Join(dir, "placement-page-da.png"), false)
	fullPage(t, ts.URL+"/placeringer?da=1", filepath.Join(dir, "placement-list-da.png"), false)
	dom := browse(t, ts.URL+path, "")
	for _, want := range []string{"P-004711", "Trives godt", "12345678"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the browser does not show %q", want)
		}
	}
}
