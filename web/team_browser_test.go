package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestTeamBoardBrowser draws /teamtavler and a team's page in Chromium for a person to
// look at (/tmp/pejling-shots/team-*.png): two teams over 13 weeks with caseloads,
// visits, orders and goals, and a consultant with fewer than 5 citizens.
func TestTeamBoardBrowser(t *testing.T) {
	d := pejling.DateOf
	persons := map[string]pejling.Person{}
	for i := 1; i <= 44; i++ {
		id := fmt.Sprintf("X%02d", i)
		end := pejling.Forever
		if i%4 != 0 {
			end = d(2025, 12, 1) + pejling.Date(3*i)
		}
		p := pejling.Person{ID: id, Benefit: []pejling.BenefitSpell{{PersonID: id, Municipality: 101, Group: pejling.KTH, Start: d(2025, 9, 1), End: end, Fraction: 1}}}
		if i%3 == 0 {
			p.Activation = []pejling.ActivationSpell{{PersonID: id, Municipality: 101, Group: pejling.KTH, Type: pejling.Praktik,
				Start: d(2025, 11, 1) + pejling.Date(i), End: min(end, d(2026, 4, 30)), HoursPerWeek: 30, CVR: "12345678"}}
		}
		persons[id] = p
	}
	e := newTeamEnvWith(t, persons)
	ctx := context.Background()
	nord := e.setUpTeamNamed(t, "Nord", []int64{e.annaID, e.boID})
	carl, dora := newUser(t, e.db, "carl", pejling.RoleConsultant, 101), newUser(t, e.db, "dora", pejling.RoleConsultant, 101)
	syd := e.setUpTeamNamed(t, "Syd", []int64{carl.ID, dora.ID})
	assign := func(loc string, user int64, from, to int) {
		for i := from; i <= to; i++ {
			if st, body, _ := e.do(t, "POST", loc+"/sagsstamme", e.analyst, url.Values{"action": {"assign"}, "person": {fmt.Sprintf("X%02d", i)}, "user": {itoa(user)}, "from": {"2025-11-01"}}); st != 303 {
				t.Fatalf("assign: %d %.300s", st, body)
			}
		}
	}
	assign(nord, e.annaID, 1, 16)
	assign(nord, e.boID, 17, 26)
	assign(syd, carl.ID, 27, 41)
	assign(syd, dora.ID, 42, 44)
	for _, g := range []url.Values{
		{"metric": {"activation_rate"}, "direction": {"at_least"}, "target": {"25"}, "from": {"2025-12-01"}},
		{"metric": {"company_visits"}, "direction": {"at_least"}, "target": {"3"}, "from": {"2025-12-01"}},
		{"metric": {"service_levels"}, "direction": {"at_least"}, "target": {"90"}, "from": {"2025-12-01"}},
	} {
		for _, loc := range []string{nord, syd} {
			if st, body, _ := e.do(t, "POST", loc+"/maal", e.analyst, g); st != 303 {
				t.Fatalf("goal: %d %.300s", st, body)
			}
		}
	}
	// Visits and orders over the weeks: anna and carl visit, bo and dora take orders.
	start := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	for w := 0; w < 14; w++ {
		at := start.AddDate(0, 0, 7*w)
		for k := 0; k < 1+w%4; k++ {
			for _, u := range []int64{e.annaID, carl.ID} {
				if u == carl.ID && k%2 == 1 {
					continue
				}
				entry := pejling.ContactLogEntry{Municipality: 101, CVR: "12345678", UserID: u, At: at.Add(time.Duration(k) * time.Hour),
					Channel: pejling.ContactByVisit, Topic: pejling.ContactTopics()[0], Outcome: "Besøg"}
				if err := e.db.CreateContactLogEntry(ctx, &entry); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, u := range []int64{e.boID, dora.ID} {
			o, err := employer.NewOrder(pejling.JobOrder{Municipality: 101, CVR: "12345678", Title: "Lagermedarbejder", Kind: pejling.OrderOrdinary,
				Channel: pejling.ChannelNormal, Owner: u}, u, at)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.db.CreateJobOrder(ctx, &o); err != nil {
				t.Fatal(err)
			}
			late := time.Hour
			if (w+int(u))%3 == 0 { // every third answered days late
				late = 5 * 24 * time.Hour
			}
			next, err := employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, u, at.Add(late))
			if err != nil {
				t.Fatal(err)
			}
			if err := e.db.UpdateJobOrder(ctx, next, o.Version); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv := e.ts.Config.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("pejling_session"); err != nil {
			r.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.analyst})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	fullPage(t, ts.URL+"/teamtavler", filepath.Join(dir, "team-boards.png"), false)
	fullPage(t, ts.URL+nord, filepath.Join(dir, "team-board.png"), false)
}
