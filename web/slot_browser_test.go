package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
)

// TestSlotBrowser draws the placement bank's pages in Chromium, signed in as a case
// worker, for a person to look at (/tmp/pejling-shots/slot-*.png): the search with
// distances, a slot with its reservations, and the forms with their field errors.
func TestSlotBrowser(t *testing.T) {
	e := newSlotEnv(t, "")
	ctx := context.Background()
	if err := e.db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 101, CVR: "12345678", Name: "Kantinen ApS"}); err != nil {
		t.Fatal(err)
	}
	kitchen := e.storeSlot(t, 101, "Køkkenhjælp i kantine", 3, func(s *pejling.Slot) {
		s.Description = "Opvask, anretning af frokost og rengøring af køkkenet."
		s.Requirements = "Mødestabil, kan stå op i længere tid. Hygiejnebevis en fordel."
		s.Expectations = "Mødetid 8–14 mandag til torsdag.\nKontaktperson: køkkenchef Hanne.\nEfter 4 uger: samtale om løntilskud."
		s.Skills, s.Address = []string{"madlavning", "hygiejne"}, "Vesterbrogade 1, 1620 København V"
	})
	e.storeSlot(t, 101, "Lagermedarbejder", 1, func(s *pejling.Slot) {
		s.Type, s.Occupation, s.HoursPerWeek, s.Location = pejling.SlotWageSubsidy, "9333", 37, pejling.LatLon{Lat: 55.70, Lon: 12.45}
		s.CVR, s.Requirements = "87654321", "Truckcertifikat"
	})
	e.storeSlot(t, 101, "Pedelmedhjælper", 2, func(s *pejling.Slot) { s.Occupation, s.HoursPerWeek = "5153", 20 })
	now := e.clock.now()
	if _, err := e.db.ReserveSlot(ctx, 101, kitchen.ID, "P-004711", e.user1.ID, now.Add(-2*time.Hour), 72*time.Hour); err != nil {
		t.Fatal(err)
	}
	conf, err := e.db.ReserveSlot(ctx, 101, kitchen.ID, "P-000815", e.user1.ID, now.Add(-30*time.Hour), 72*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ConfirmReservation(ctx, 101, conf.ID, now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ReserveSlot(ctx, 101, kitchen.ID, "P-000042", e.user1.ID, now.Add(-100*time.Hour), 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	// The browser is signed in by its cookie; a query with as_post is sent on as a
	// form POST, so that a refused form can be drawn too.
	srv := e.ts.Config.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("pejling_session"); err != nil {
			r.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cw1})
		}
		if r.URL.Query().Get("da") != "" {
			r.AddCookie(&http.Cookie{Name: "pejling_lang", Value: "da"})
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
	fullPage(t, ts.URL+"/jobboers?place="+url.QueryEscape("55.676, 12.568")+"&km=30", filepath.Join(dir, "slot-search.png"), false)
	fullPage(t, ts.URL+fmt.Sprintf("/jobboers/%d", kitchen.ID), filepath.Join(dir, "slot-page.png"), false)
	bad := url.Values{"as_post": {"1"}, "person": {"010190-1234"}, "days": {"99"}}
	fullPage(t, ts.URL+fmt.Sprintf("/jobboers/%d/reservationer?", kitchen.ID)+bad.Encode(), filepath.Join(dir, "slot-reserve-error.png"), false)
	form := slotFormValues("<script>alert(1)</script>")
	form.Set("as_post", "1")
	form.Set("capacity", "0")
	form.Set("hours", "99")
	form.Set("active_to", "2026-01-01")
	form.Set("location", "8800 Viborg")
	fullPage(t, ts.URL+"/jobboers?"+form.Encode(), filepath.Join(dir, "slot-create-error.png"), false)
	fullPage(t, ts.URL+fmt.Sprintf("/jobboers/%d?da=1", kitchen.ID), filepath.Join(dir, "slot-page-da.png"), false)
	fullPage(t, ts.URL+"/jobboers?da=1&free=1&occupation=5", filepath.Join(dir, "slot-search-da.png"), false)
	dom := browse(t, ts.URL+fmt.Sprintf("/jobboers/%d", kitchen.ID), "")
	for _, want := range []string{"P-004711", "P-000815", "Kantinen ApS", "Kontaktperson"} {
		if !strings.Contains(dom, want) {
			t.Errorf("the browser does not show %q", want)
		}
	}
}
