package web_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// orderT0 is a Monday at 10:00 in Copenhagen, in the job centre's opening hours.
var orderT0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// orderEnv is a server with a real store of orders, a clock the test moves, and
// signed-in users (a verified session each, made at the clock's time).
type orderEnv struct {
	t  *testing.T
	ts *httptest.Server
	db *sqldb.DB

	mu      sync.Mutex
	now     time.Time
	cookies map[int64]string
	browser *pejling.User // a user whose session is added to requests without one (Chromium)
}

func newOrderEnv(t *testing.T) *orderEnv {
	t.Helper()
	db := usersDB(t)
	e := &orderEnv{t: t, db: db, now: orderT0, cookies: map[int64]string{}}
	db.Now = e.clock
	srv, err := web.NewServer(fakeStatus{st: loaded}, noFigures{new(figures.Query)}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Orders, srv.Profiles, srv.Slots, srv.Now = db, db, db, db, e.clock
	e.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		b := e.browser
		e.mu.Unlock()
		if _, err := r.Cookie("pejling_session"); err != nil && b != nil {
			r.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cookie(b)})
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(e.ts.Close)
	return e
}

func (e *orderEnv) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

// set moves the clock; sessions are made anew at the new time.
func (e *orderEnv) set(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.now, e.cookies = t, map[int64]string{}
}

func (e *orderEnv) cookie(u *pejling.User) string {
	e.mu.Lock()
	c, ok := e.cookies[u.ID]
	e.mu.Unlock()
	if ok {
		return c
	}
	c = sessionFor(e.t, e.db, u, true)
	e.mu.Lock()
	e.cookies[u.ID] = c
	e.mu.Unlock()
	return c
}

// do sends a request as u (nil: anonymous) in English and returns status, body and
// Location.
func (e *orderEnv) do(u *pejling.User, method, path string, form url.Values) (int, string, string) {
	e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", "en")
	if u != nil {
		req.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cookie(u)})
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

func (e *orderEnv) get(u *pejling.User, path string) (int, string) {
	e.t.Helper()
	st, b, _ := e.do(u, "GET", path, nil)
	return st, b
}

// orders returns the stored orders of the municipality.
func (e *orderEnv) orders(muni int) []pejling.JobOrder {
	e.t.Helper()
	os, err := e.db.FindJobOrdersOf(context.Background(), muni, false)
	if err != nil {
		e.t.Fatal(err)
	}
	return os
}

// storeOrder takes an order straight into the store at at.
func (e *orderEnv) storeOrder(owner *pejling.User, team, title string, ch pejling.OrderChannel, at time.Time) pejling.JobOrder {
	e.t.Helper()
	o, err := employer.NewOrder(pejling.JobOrder{Municipality: owner.Municipality, CVR: "12345678", Title: title, Kind: pejling.OrderOrdinary,
		Channel: ch, Team: team}, owner.ID, at)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.CreateJobOrder(context.Background(), &o); err != nil {
		e.t.Fatal(err)
	}
	return o
}

// change applies an event to a stored order at at.
func (e *orderEnv) change(o pejling.JobOrder, ev pejling.OrderEvent, by *pejling.User, at time.Time) pejling.JobOrder {
	e.t.Helper()
	n, err := employer.ChangeOrder(context.Background(), e.db, o.Municipality, o.ID, o.Version, ev, by.ID, at)
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func orderPath(id int64) string { return "/ordrer/" + strconv.FormatInt(id, 10) }

func eventForm(version int, event string, kv ...string) url.Values {
	f := url.Values{"version": {strconv.Itoa(version)}, "event": {event}}
	for i := 0; i+1 < len(kv); i += 2 {
		f.Add(kv[i], kv[i+1])
	}
	return f
}

// orderSection returns the part of a page from the element with the id to the end of its
// section (the next "</section>").
func orderSection(page, id string) string {
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	j := strings.Index(page[i:], "</section>")
	if j < 0 {
		return page[i:]
	}
	return page[i : i+j]
}

// TestOrderFlow: a consultant takes a hotline order in the form, answers it and sends
// candidates within the clocks (both levels met), fills it, and may then not close it.
func TestOrderFlow(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	st, body, loc := e.do(anna, "POST", "/ordrer", url.Values{"cvr": {"12345678"}, "title": {"2 warehouse workers"}, "kind": {"ordinary"},
		"scheme": {""}, "channel": {"hotline"}, "owner": {strconv.FormatInt(anna.ID, 10)}, "team": {"Team Nord"}})
	if st != 303 || !strings.HasPrefix(loc, "/ordrer/") {
		t.Fatalf("create: status %d, Location %q\n%.2000s", st, loc, body)
	}
	os := e.orders(101)
	if len(os) != 1 || os[0].Channel != pejling.ChannelHotline || os[0].Owner != anna.ID || os[0].Team != "Team Nord" || os[0].Version != 1 {
		t.Fatalf("stored %+v", os)
	}
	o := os[0]
	if loc != orderPath(o.ID) {
		t.Fatalf("Location %q", loc)
	}
	st, page := e.get(anna, loc)
	if st != 200 || !strings.Contains(orderSection(page, "clocks"), "pending") || !strings.Contains(page, `value="acknowledged"`) {
		t.Fatalf("new order: status %d\n%s", st, orderSection(page, "clocks"))
	}
	if strings.Contains(orderSection(page, "actions"), `value="filled"`) {
		t.Error("a new order offers filled")
	}
	e.set(orderT0.Add(20 * time.Minute))
	if st, b, _ := e.do(anna, "POST", loc+"/haendelser", eventForm(1, "acknowledged")); st != 303 {
		t.Fatalf("acknowledge: %d %.1000s", st, b)
	}
	e.set(orderT0.Add(2 * time.Hour))
	if st, b, _ := e.do(anna, "POST", loc+"/haendelser", eventForm(2, "candidates_sent")); st != 303 {
		t.Fatalf("candidates: %d %.1000s", st, b)
	}
	_, page = e.get(anna, loc)
	clocks := orderSection(page, "clocks")
	if strings.Count(clocks, `<td class="state">met</td>`) != 2 {
		t.Errorf("both levels should be met:\n%s", clocks)
	}
	_, list := e.get(anna, "/ordrer")
	if !strings.Contains(orderSection(list, "list"), "met</span> Candidate (3 h)") {
		t.Errorf("the list does not show the hotline level met:\n%s", orderSection(list, "list"))
	}
	if st, b, _ := e.do(anna, "POST", loc+"/haendelser", eventForm(3, "filled")); st != 303 {
		t.Fatalf("fill: %d %.1000s", st, b)
	}
	// Closing a filled order: refused with the state machine's message, nothing stored.
	st, b, _ := e.do(anna, "POST", loc+"/haendelser", eventForm(4, "closed", "reason", "withdrawn"))
	if st != 409 || !strings.Contains(b, "a filled order cannot be closed") {
		t.Fatalf("close filled: status %d\n%s", st, orderSection(b, "details"))
	}
	if o := e.orders(101)[0]; o.Version != 4 || o.Status != pejling.OrderFilled {
		t.Fatalf("after the refusal: version %d status %s", o.Version, o.Status)
	}
	_, page = e.get(anna, loc)
	if !strings.Contains(orderSection(page, "actions"), "The order is finished.") || strings.Contains(page, "<form method=\"post\" action=\""+loc) {
		t.Errorf("a filled order offers changes:\n%s", orderSection(page, "actions"))
	}
	if h := orderSection(page, "history"); strings.Count(h, "<td>anna</td>") != 4 {
		t.Errorf("history:\n%s", h)
	}
}

// TestOrderOverdue: an order untouched for more than 14 days is on the overdue list
// ("must be closed or renewed") until it is renewed; a fresh order is not.
func TestOrderOverdue(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	old := e.storeOrder(anna, "Nord", "Old forgotten order", pejling.ChannelNormal, orderT0.AddDate(0, 0, -20))
	old = e.change(old, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, anna, orderT0.AddDate(0, 0, -20).Add(time.Hour))
	e.storeOrder(anna, "Nord", "Fresh order", pejling.ChannelNormal, orderT0.Add(-time.Hour))
	st, page := e.get(anna, "/ordrer")
	if st != 200 {
		t.Fatalf("status %d", st)
	}
	od := orderSection(page, "overdue")
	if !strings.Contains(od, "Old forgotten order") || !strings.Contains(od, "must be closed or renewed") || strings.Contains(od, "Fresh order") {
		t.Fatalf("overdue list:\n%s", od)
	}
	if !strings.Contains(od, "Overdue orders (1)") {
		t.Errorf("overdue count:\n%s", od)
	}
	// The overdue list comes before the list of orders.
	if strings.Index(page, `id="overdue"`) > strings.Index(page, `id="list"`) {
		t.Error("the overdue list is not on top")
	}
	_, detail := e.get(anna, orderPath(old.ID))
	if !strings.Contains(detail, `value="renewed"`) || !strings.Contains(detail, "must be closed or renewed") {
		t.Fatalf("the old order's page offers no renewal:\n%s", orderSection(detail, "actions"))
	}
	// Every text of the pages is there in Danish too (a missing message shows its key).
	for _, p := range []string{"/ordrer?status=all", orderPath(old.ID), "/ordrer/serviceniveau"} {
		req, _ := http.NewRequest("GET", e.ts.URL+p, nil)
		req.Header.Set("Accept-Language", "da")
		req.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cookie(anna)})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || regexp.MustCompile(`\b(ord|emp)\.[a-z]`).Match(b) || !strings.Contains(string(b), "Overskredne ordrer") && p == "/ordrer?status=all" {
			t.Errorf("%s in Danish: status %d or a message key shown\n%.3000s", p, res.StatusCode, b)
		}
	}
	if st, b, _ := e.do(anna, "POST", orderPath(old.ID)+"/haendelser", eventForm(old.Version, "renewed")); st != 303 {
		t.Fatalf("renew: %d %.1000s", st, b)
	}
	_, page = e.get(anna, "/ordrer")
	if od := orderSection(page, "overdue"); strings.Contains(od, "Old forgotten order") {
		t.Errorf("renewed order still overdue:\n%s", od)
	}
}

// TestOrderConcurrentChange: two colleagues change the same version of an order at
// the same moment: exactly one change is stored (303), the other is told the order was
// changed by a colleague (409).
func TestOrderConcurrentChange(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, e.db, "bo", pejling.RoleCaseWorker, 101)
	for round := range 5 {
		o := e.storeOrder(anna, "Nord", fmt.Sprintf("Order %d", round), pejling.ChannelNormal, orderT0.Add(-time.Hour))
		e.cookie(anna)
		e.cookie(bo)
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		bodies := make([]string, 2)
		for i, u := range []*pejling.User{anna, bo} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ev := []string{"acknowledged", "candidates_sent"}[i]
				statuses[i], bodies[i], _ = e.do(u, "POST", orderPath(o.ID)+"/haendelser", eventForm(1, ev))
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for i, st := range statuses {
			switch st {
			case 303:
				ok++
			case 409:
				conflict++
				if !strings.Contains(bodies[i], "changed by a colleague") {
					t.Errorf("409 without the colleague message:\n%s", orderSection(bodies[i], "details"))
				}
			}
		}
		if ok != 1 || conflict != 1 {
			t.Fatalf("round %d: statuses %v, want one 303 and one 409", round, statuses)
		}
		stored, err := e.db.FindJobOrder(context.Background(), 101, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Version != 2 || len(stored.History) != 2 {
			t.Fatalf("round %d: stored version %d with %d events, want one change", round, stored.Version, len(stored.History))
		}
	}
	// A stale form after a colleague's change: 409, nothing stored.
	o := e.orders(101)[0]
	st, b, _ := e.do(bo, "POST", orderPath(o.ID)+"/haendelser", eventForm(1, "renewed"))
	if st != 409 || !strings.Contains(b, "changed by a colleague") {
		t.Fatalf("stale version: %d", st)
	}
	if n := e.orders(101)[0]; n.Version != o.Version {
		t.Fatalf("a stale change was stored: version %d", n.Version)
	}
}

// TestOrderAccess: orders are the municipality's own; a politician and a national
// user are refused.
func TestOrderAccess(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	other := newUser(t, e.db, "karl", pejling.RoleConsultant, 147)
	pol := newUser(t, e.db, "pol", pejling.RolePolitician, 101)
	nat := newUser(t, e.db, "nat", pejling.RoleAnalyst, 0)
	o := e.storeOrder(anna, "Nord", "Secret order of 101", pejling.ChannelNormal, orderT0.Add(-time.Hour))
	if st, _ := e.get(other, orderPath(o.ID)); st != 404 {
		t.Errorf("another municipality's order: %d, want 404", st)
	}
	if st, _, _ := e.do(other, "POST", orderPath(o.ID)+"/haendelser", eventForm(1, "acknowledged")); st != 404 {
		t.Errorf("changing another municipality's order: %d, want 404", st)
	}
	if st, _, _ := e.do(other, "POST", orderPath(o.ID)+"/haendelser", url.Values{"junk": {"1"}}); st != 404 {
		t.Errorf("a bad form on another municipality's order: %d, want 404", st)
	}
	if n := e.orders(101)[0]; n.Version != 1 {
		t.Fatalf("another municipality changed the order: version %d", n.Version)
	}
	for _, p := range []string{"/ordrer", "/ordrer/serviceniveau", "/ordrer/serviceniveau?format=csv"} {
		st, b := e.get(other, p)
		if st != 200 || strings.Contains(b, "Secret order") || strings.Contains(b, ">anna<") || strings.Contains(b, "anna,") {
			t.Errorf("%s as 147: status %d, or 101's order shown", p, st)
		}
	}
	for _, u := range []*pejling.User{pol, nat} {
		for _, p := range []string{"/ordrer", orderPath(o.ID), "/ordrer/serviceniveau"} {
			if st, _ := e.get(u, p); st != 403 {
				t.Errorf("%s as %s: %d, want 403", p, u.Name, st)
			}
		}
		if st, _, _ := e.do(u, "POST", "/ordrer", url.Values{"cvr": {"12345678"}, "title": {"x"}, "kind": {"ordinary"}, "channel": {"normal"}}); st != 403 {
			t.Errorf("create as %s: %d, want 403", u.Name, st)
		}
	}
	if len(e.orders(101)) != 1 {
		t.Fatal("a refused caller created an order")
	}
}

// TestOrderBadInput: bad forms and parameters are refused with 400 naming the field,
// shown escaped, and nothing is stored; hostile text that is a valid title is stored
// and shown escaped.
func TestOrderBadInput(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	karl := newUser(t, e.db, "karl", pejling.RoleConsultant, 147)
	good := func(mods ...string) url.Values {
		f := url.Values{"cvr": {"12345678"}, "title": {"Cook"}, "kind": {"ordinary"}, "scheme": {""}, "channel": {"normal"}, "team": {"Nord"}}
		for i := 0; i+1 < len(mods); i += 2 {
			if mods[i+1] == "\x00delete" {
				f.Del(mods[i])
			} else {
				f.Set(mods[i], mods[i+1])
			}
		}
		return f
	}
	const hostile = `<script>alert(1)</script>' OR 1=1 --`
	for _, tc := range []struct {
		name string
		form url.Values
		want string // in the message
	}{
		{"MissingCVR", good("cvr", "\x00delete"), "CVR number"},
		{"MalformedCVR", good("cvr", "1234567x"), "CVR number"},
		{"HostileCVR", good("cvr", hostile), "CVR number"},
		{"MissingTitle", good("title", "   "), "title"},
		{"LongTitle", good("title", strings.Repeat("x", 201)), "title is longer than 200"},
		{"NULTitle", good("title", "a\x00b"), "title"},
		{"BadKind", good("kind", "permanent"), "kind"},
		{"SupportedNoScheme", good("kind", "supported"), "scheme"},
		{"OrdinaryWithScheme", good("scheme", "flexjob"), "support scheme"},
		{"BadChannel", good("channel", "fax"), "channel"},
		{"OwnerOtherMunicipality", good("owner", strconv.FormatInt(karl.ID, 10)), "owner"},
		{"OwnerNotNumber", good("owner", "1 OR 1=1"), "owner"},
		{"LongTeam", good("team", strings.Repeat("t", 201)), "team"},
		{"RepeatedCVR", func() url.Values { f := good(); f.Add("cvr", "87654321"); return f }(), "cvr: given 2 times"},
		{"Oversized", good("title", strings.Repeat("x", 70<<10)), "form"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, b, _ := e.do(anna, "POST", "/ordrer", tc.form)
			if st != 400 {
				t.Fatalf("status %d, want 400\n%.500s", st, b)
			}
			if p := orderSection(b, "new"); !strings.Contains(p, tc.want) || !strings.Contains(p, `role="alert"`) {
				t.Errorf("the form does not say %q:\n%.1500s", tc.want, p)
			}
			if strings.Contains(b, "<script>alert") {
				t.Error("hostile text shown unescaped")
			}
			if n := len(e.orders(101)); n != 0 {
				t.Fatalf("%d orders stored", n)
			}
		})
	}
	st, _, loc := e.do(anna, "POST", "/ordrer", good("title", hostile, "team", hostile))
	if st != 303 {
		t.Fatalf("a hostile but valid title: %d", st)
	}
	for _, p := range []string{"/ordrer", loc} {
		_, b := e.get(anna, p)
		if strings.Contains(b, "<script>alert") || !strings.Contains(b, "&lt;script&gt;alert(1)&lt;/script&gt;&#39; OR 1=1 --") {
			t.Errorf("%s: the hostile title is not shown escaped", p)
		}
	}
	o := e.orders(101)[0]
	ev := orderPath(o.ID) + "/haendelser"
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"NoVersion", url.Values{"event": {"acknowledged"}}, "version"},
		{"BadVersion", eventForm(1, "acknowledged", "version", "x"), "version"},
		{"RepeatedVersion", eventForm(1, "acknowledged", "version", "1"), "version: given 2 times"},
		{"NoEvent", url.Values{"version": {"1"}}, "event"},
		{"CreatedAgain", eventForm(1, "created"), "event"},
		{"UnknownEvent", eventForm(1, hostile), "event"},
		{"CloseNoReason", eventForm(1, "closed"), "needs a reason"},
		{"CloseBadReason", eventForm(1, "closed", "reason", "bored"), "closing reason"},
		{"CloseOtherNoNote", eventForm(1, "closed", "reason", "other"), "needs a note"},
		{"LongNote", eventForm(1, "closed", "reason", "other", "note", strings.Repeat("n", 2001)), "note is longer"},
		{"ReasonNotClosing", eventForm(1, "acknowledged", "reason", "withdrawn"), "closing reason"},
		{"Oversized", eventForm(1, "closed", "reason", "other", "note", strings.Repeat("n", 70<<10)), "form"},
	} {
		t.Run("Event"+tc.name, func(t *testing.T) {
			st, b, _ := e.do(anna, "POST", ev, tc.form)
			if st != 400 || !strings.Contains(b, tc.want) {
				t.Fatalf("status %d, want 400 saying %q\n%.300s", st, tc.want, orderSection(b, "problem"))
			}
			if strings.Contains(b, "<script>alert") {
				t.Error("hostile text shown unescaped")
			}
			if n := e.orders(101)[0]; n.Version != 1 {
				t.Fatalf("stored: version %d", n.Version)
			}
		})
	}
	// Closing for another reason with a note is allowed.
	if st, b, _ := e.do(anna, "POST", ev, eventForm(1, "closed", "reason", "other", "note", "moved abroad")); st != 303 {
		t.Fatalf("close with note: %d %.300s", st, b)
	}
	for _, tc := range []struct{ path, want string }{
		{"/ordrer?status=lost", "status"},
		{"/ordrer?status=open&status=all", "status: given 2 times"},
		{"/ordrer?owner=bob", "owner"},
		{"/ordrer?team=" + strings.Repeat("t", 201), "team"},
		{"/ordrer/serviceniveau?from=2026-13-01", "from"},
		{"/ordrer/serviceniveau?from=2026-03-01&to=2026-02-01", "after"},
		{"/ordrer/serviceniveau?format=pdf", "format"},
		{"/ordrer/serviceniveau?to=1&to=2", "to: given 2 times"},
		{"/ordrer/abc", "id"},
		{"/ordrer/-1", "id"},
	} {
		if st, b := e.get(anna, tc.path); st != 400 || !strings.Contains(b, tc.want) {
			t.Errorf("%s: status %d, want 400 saying %q", tc.path, st, tc.want)
		}
	}
	if st, _ := e.get(anna, "/ordrer/999999"); st != 404 {
		t.Errorf("no such order: %d", st)
	}
}

// TestOrderServiceLevels: the page and its CSV count exactly what
// employer.ServiceLevelShares counts on the same orders, per team and consultant.
func TestOrderServiceLevels(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, e.db, "bo", pejling.RoleCaseWorker, 101)
	ack := pejling.OrderEvent{Type: pejling.OrderAcknowledge}
	cand := pejling.OrderEvent{Type: pejling.OrderSendCandidates}
	a := e.storeOrder(anna, "Nord", "met both", pejling.ChannelHotline, orderT0)
	a = e.change(a, ack, anna, orderT0.Add(time.Hour))
	e.change(a, cand, anna, orderT0.Add(2*time.Hour))
	b := e.storeOrder(anna, "Nord", "answered late", pejling.ChannelNormal, orderT0)
	e.change(b, ack, anna, orderT0.AddDate(0, 0, 4))
	c := e.storeOrder(bo, "Syd", "withdrawn at once", pejling.ChannelHotline, orderT0)
	e.change(c, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, bo, orderT0.Add(30*time.Minute))
	e.storeOrder(bo, "Syd", "never answered", pejling.ChannelHotline, orderT0.Add(time.Hour))
	now := orderT0.AddDate(0, 0, 7)
	e.storeOrder(anna, "", "just in", pejling.ChannelNormal, now.Add(-time.Hour))
	e.set(now)

	orders := e.orders(101)
	p := employer.DefaultPolicy()
	team := employer.ServiceLevelShares(orders, p, now, employer.ByTeam)
	owner := employer.ServiceLevelShares(orders, p, now, employer.ByOwner)
	names := map[int64]string{anna.ID: "anna", bo.ID: "bo"}
	var want [][]string
	for _, g := range []struct {
		by     string
		shares []employer.LevelShare
	}{{"team", team}, {"consultant", owner}} {
		for _, s := range g.shares {
			tm, cons := s.Team, ""
			if g.by == "consultant" {
				tm, cons = "", names[s.Owner]
			}
			share := ""
			if s.N() > 0 {
				share = strconv.FormatFloat(s.Share()*100, 'f', 1, 64)
			}
			want = append(want, []string{g.by, tm, cons, s.Level, strconv.Itoa(s.Met), strconv.Itoa(s.Missed), strconv.Itoa(s.N()), share,
				strconv.Itoa(s.Pending), strconv.Itoa(s.Void)})
		}
	}
	st, body, _ := e.do(anna, "GET", "/ordrer/serviceniveau?format=csv", nil)
	if st != 200 {
		t.Fatalf("csv: %d %s", st, body)
	}
	got, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want)+1 {
		t.Fatalf("csv has %d rows, want %d\n%s", len(got), len(want)+1, body)
	}
	for i, w := range want {
		if strings.Join(got[i+1], "|") != strings.Join(w, "|") {
			t.Errorf("row %d: got %v, want %v", i+1, got[i+1], w)
		}
	}
	// The variety the test is for: every state occurs.
	var met, missed, pending, void int
	for _, s := range team {
		met, missed, pending, void = met+s.Met, missed+s.Missed, pending+s.Pending, void+s.Void
	}
	if met == 0 || missed == 0 || pending == 0 || void == 0 {
		t.Fatalf("met %d missed %d pending %d void %d: the data does not exercise every state", met, missed, pending, void)
	}
	// The page shows the same counts: Nord's acknowledged level is 1 met of 2 (50 %).
	st, page := e.get(anna, "/ordrer/serviceniveau")
	if st != 200 {
		t.Fatalf("page: %d", st)
	}
	for _, s := range team {
		if s.Team != "Nord" || s.Level != "acknowledged" {
			continue
		}
		row := fmt.Sprintf(`<tr><td>Nord</td><td>Answer within 24 opening hours</td><td class="num"><strong>%s</strong></td><td class="num">%d</td><td class="num">%d</td><td class="num">%d</td><td class="num">%d</td><td class="num">%d</td></tr>`,
			"50 %", s.Met, s.Missed, s.N(), s.Pending, s.Void)
		if !strings.Contains(page, row) || math.Abs(s.Share()-0.5) > 1e-9 {
			t.Errorf("the page lacks %s\n%s", row, orderSection(page, "byteam"))
		}
	}
	// A period: only the order just taken.
	st, body, _ = e.do(anna, "GET", "/ordrer/serviceniveau?format=csv&from="+now.Format(time.DateOnly), nil)
	if st != 200 || strings.Count(body, "\n") != 3 {
		t.Errorf("a period's csv: %d\n%s", st, body)
	}
	for _, f := range []string{"csv-da", "xlsx"} {
		if st, _, _ := e.do(anna, "GET", "/ordrer/serviceniveau?format="+f, nil); st != 200 {
			t.Errorf("format %s: %d", f, st)
		}
	}
}

// TestOrderBrowser loads the order pages in Chromium, in Danish, and saves
// screenshots to look at.
func TestOrderBrowser(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, e.db, "bo", pejling.RoleCaseWorker, 101)
	a := e.storeOrder(anna, "Virksomhedsteam Nord", "2 lagermedarbejdere", pejling.ChannelHotline, orderT0)
	a = e.change(a, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, anna, orderT0.Add(20*time.Minute))
	e.storeOrder(bo, "Virksomhedsteam Syd", "Kok til kantine, 30 t/uge", pejling.ChannelNormal, orderT0.Add(time.Hour))
	old := e.storeOrder(anna, "Virksomhedsteam Nord", "Chauffør C/E", pejling.ChannelNormal, orderT0.AddDate(0, 0, -20))
	e.change(old, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, bo, orderT0.AddDate(0, 0, -19))
	f := e.storeOrder(bo, "Virksomhedsteam Syd", "Rengøringsassistent (fleksjob)", pejling.ChannelNormal, orderT0.AddDate(0, 0, -3))
	f = e.change(f, pejling.OrderEvent{Type: pejling.OrderSendCandidates}, bo, orderT0.AddDate(0, 0, -2))
	e.change(f, pejling.OrderEvent{Type: pejling.OrderFill}, bo, orderT0.AddDate(0, 0, -1))
	// The hotline order asks for a warehouse worker near Aarhus; two profiles fit.
	req := pejling.OrderRequirements{Occupation: "9333", Skills: []string{"truckcertifikat", "lager"}, MinEducation: 2,
		DrivingLicence: true, Address: "Industrivej 3, 8000 Aarhus C", Location: pejling.LatLon{Lat: 56.15, Lon: 10.2},
		HasLocation: true, Hours: pejling.HoursRange{Min: 30, Max: 37}}
	a, err := employer.ChangeOrderRequirements(context.Background(), e.db, 101, a.ID, a.Version, req, "fra telefonen", anna.ID, orderT0.Add(30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for i, occ := range []string{"9333", "9334"} {
		p := pejling.Profile{PersonID: "P-" + strconv.Itoa(7001+i), Occupations: []string{occ}, Skills: []string{"lager"}, Education: 3,
			DrivingLicence: true, Home: pejling.LatLon{Lat: 56.16 + float64(i)*0.1, Lon: 10.21}, RadiusKm: 25, Hours: pejling.HoursRange{Min: 30, Max: 37}}
		if _, err := e.db.SaveProfile(context.Background(), 101, p, anna.ID, 0); err != nil {
			t.Fatal(err)
		}
	}
	e.set(orderT0.Add(150 * time.Minute)) // 12:30: the hotline candidate is due at 13:00
	e.mu.Lock()
	e.browser = anna
	e.mu.Unlock()
	dir := "/tmp/pejling-shots"
	os.MkdirAll(dir, 0o755)
	dom := browse(t, e.ts.URL+"/ordrer", "")
	if !strings.Contains(dom, "Overdue orders (1)") || !strings.Contains(dom, "2 lagermedarbejdere") {
		t.Errorf("the browser does not show the orders: %.3000s", dom)
	}
	fullPage(t, e.ts.URL+"/ordrer", filepath.Join(dir, "orders.png"), false)
	fullPage(t, e.ts.URL+orderPath(a.ID), filepath.Join(dir, "order.png"), false)
	fullPage(t, e.ts.URL+"/ordrer/serviceniveau", filepath.Join(dir, "order-levels.png"), false)
	fullPage(t, e.ts.URL+orderPath(a.ID)+"/kandidater", filepath.Join(dir, "order-candidates.png"), false)
	fullPage(t, e.ts.URL+"/ordrer/politik", filepath.Join(dir, "order-policy.png"), false)
	if dom := browse(t, e.ts.URL+orderPath(a.ID)+"/kandidater", ""); !strings.Contains(dom, "P-7001") {
		t.Errorf("the browser does not show the candidates: %.2000s", dom)
	}
}
