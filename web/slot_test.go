package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
	"github.com/pejling/pejling/web"
)

// slotClock is the fixed clock of the placement bank's tests, moved by the test.
type slotClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *slotClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *slotClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// slotEnv is a server with a real store, a fixed clock and signed-in users of two
// municipalities.
type slotEnv struct {
	ts    *httptest.Server
	db    *sqldb.DB
	clock *slotClock
	// cookies: two case workers of 101, a consultant of 147, a politician of 101.
	cw1, cw2, other, politician string
	user1                       *pejling.User
}

// newSlotEnv serves a fresh SQLite store (or the store at dsn when not empty).
func newSlotEnv(t *testing.T, dsn string) *slotEnv {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "slot.db")
	}
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	clock := &slotClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	db.Now = clock.now
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Slots, srv.Now = db, db, clock.now
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	e := &slotEnv{ts: ts, db: db, clock: clock}
	e.user1 = newUser(t, db, "cw-a", pejling.RoleCaseWorker, 101)
	e.cw1 = sessionFor(t, db, e.user1, true)
	e.cw2 = sessionFor(t, db, newUser(t, db, "cw-b", pejling.RoleCaseWorker, 101), true)
	e.other = sessionFor(t, db, newUser(t, db, "con-147", pejling.RoleConsultant, 147), true)
	e.politician = sessionFor(t, db, newUser(t, db, "pol", pejling.RolePolitician, 101), true)
	return e
}

// do sends a request as the session and returns status, body and Location.
func (e *slotEnv) do(t *testing.T, method, path, cookie string, form url.Values) (int, string, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "pejling_session", Value: cookie})
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// slotFormValues is a valid form for a new slot.
func slotFormValues(title string) url.Values {
	return url.Values{"cvr": {"12345678"}, "type": {"praktik"}, "title": {title}, "occupation": {"5120"},
		"hours": {"30"}, "capacity": {"2"}, "active_from": {"2026-03-01"}, "active_to": {""},
		"location": {"55.676, 12.568"}, "address": {"Vesterbrogade 1, København V"},
		"requirements": {"Mødestabil"}, "skills": {"Madlavning, hygiejne"}, "min_education": {"0"},
		"expectations": {"Mødetid 8–14. Kontaktperson: køkkenchefen."}, "description": {"Køkkenhjælp"}}
}

// storeSlot creates a slot in the store directly.
func (e *slotEnv) storeSlot(t *testing.T, m int, title string, capacity int, mod func(*pejling.Slot)) *pejling.Slot {
	t.Helper()
	s := &pejling.Slot{Municipality: m, CVR: "12345678", Type: pejling.SlotPraktik, Title: title, Occupation: "5120",
		HoursPerWeek: 30, Capacity: capacity, ActiveFrom: pejling.DateOf(2026, 1, 1), ActiveTo: pejling.Forever,
		Location: pejling.LatLon{Lat: 55.676, Lon: 12.568}, CreatedBy: e.user1.ID}
	if mod != nil {
		mod(s)
	}
	if err := e.db.CreateSlot(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}

func (e *slotEnv) slotCount(t *testing.T, m int) int {
	t.Helper()
	hits, err := e.db.FindSlots(context.Background(), sqldb.SlotFilter{Municipality: m})
	if err != nil {
		t.Fatal(err)
	}
	return len(hits)
}

func (e *slotEnv) reservations(t *testing.T, m int, slot int64) []pejling.Reservation {
	t.Helper()
	rs, err := e.db.FindReservations(context.Background(), sqldb.ReservationFilter{Municipality: m, SlotID: slot, At: e.clock.now()})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func slotPath(id int64) string { return fmt.Sprintf("/jobboers/%d", id) }

// TestSlotFlow creates a slot with the form, finds it, reserves a place, confirms and
// releases it, over HTTP; the citizen shown on the slot's page is in the audit log.
func TestSlotFlow(t *testing.T) {
	e := newSlotEnv(t, "")
	status, body, loc := e.do(t, "POST", "/jobboers", e.cw1, slotFormValues("Køkkenhjælp i kantine"))
	if status != 303 || !strings.HasPrefix(loc, "/jobboers/") {
		t.Fatalf("create: %d %q\n%.2000s", status, loc, body)
	}
	status, body, _ = e.do(t, "GET", loc, e.cw1, nil)
	for _, want := range []string{"Køkkenhjælp i kantine", "Mødetid 8–14. Kontaktperson: køkkenchefen.", `<strong id="free">2 / 2</strong>`, `name="version" value="1"`, `aria-current="page"`} {
		if status != 200 || !strings.Contains(body, want) {
			t.Fatalf("slot page: %d, lacks %q\n%.3000s", status, want, body)
		}
	}
	status, body, _ = e.do(t, "GET", "/jobboers?q=kantine&occupation=51&type=praktik&place=55.68,12.57&km=5&free=1", e.cw1, nil)
	if status != 200 || !strings.Contains(body, "Køkkenhjælp i kantine") || !strings.Contains(body, "2 / 2") || !strings.Contains(body, " km</td>") {
		t.Fatalf("search: %d\n%.3000s", status, body)
	}
	status, body, rloc := e.do(t, "POST", loc+"/reservationer", e.cw1, url.Values{"person": {"P-000123"}, "days": {""}})
	if status != 303 || !strings.HasPrefix(rloc, loc) {
		t.Fatalf("reserve: %d %q\n%.2000s", status, rloc, body)
	}
	status, body, _ = e.do(t, "GET", loc, e.cw2, nil)
	if status != 200 || !strings.Contains(body, "P-000123") || !strings.Contains(body, `<strong id="free">1 / 2</strong>`) || !strings.Contains(body, "2026-03-05 10:00") {
		t.Fatalf("slot page after reserving: %d\n%.4000s", status, body)
	}
	log, err := e.db.ListAudit(context.Background(), pejling.AuditFilter{PersonID: "P-000123"})
	if err != nil {
		t.Fatal(err)
	}
	var reads, changes int
	for _, a := range log {
		switch a.Action {
		case pejling.AuditRead:
			reads++
			if a.Purpose == "" || !strings.Contains(a.Criteria, "slot") {
				t.Errorf("read record %+v", a)
			}
		case pejling.AuditChange:
			changes++
		}
	}
	if reads != 1 || changes != 1 {
		t.Errorf("audit: %d reads, %d changes of P-000123; want 1 and 1: %+v", reads, changes, log)
	}
	var id int64
	fmt.Sscanf(loc, "/jobboers/%d", &id)
	rs := e.reservations(t, 101, id)
	if len(rs) != 1 || rs[0].Status != pejling.ReservationHeld || !rs[0].ExpiresAt.Equal(e.clock.now().Add(72*time.Hour)) {
		t.Fatalf("reservations %+v", rs)
	}
	rid := fmt.Sprint(rs[0].ID)
	if status, body, _ := e.do(t, "POST", "/jobboers/reservationer/"+rid+"/bekraeft", e.cw2, url.Values{}); status != 303 {
		t.Fatalf("confirm: %d\n%.2000s", status, body)
	}
	if status, body, _ := e.do(t, "POST", "/jobboers/reservationer/"+rid+"/bekraeft", e.cw2, url.Values{}); status != 409 || !strings.Contains(body, "confirmed already") {
		t.Fatalf("confirm twice: %d\n%.2000s", status, body)
	}
	if status, body, _ := e.do(t, "POST", "/jobboers/reservationer/"+rid+"/frigiv", e.cw1, url.Values{}); status != 303 {
		t.Fatalf("release: %d\n%.2000s", status, body)
	}
	if rs := e.reservations(t, 101, id); rs[0].Status != pejling.ReservationReleased {
		t.Fatalf("after release %+v", rs)
	}
	// English.
	req, _ := http.NewRequest("GET", e.ts.URL+loc, nil)
	req.Header.Set("Accept-Language", "en")
	req.AddCookie(&http.Cookie{Name: "pejling_session", Value: e.cw1})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(b), "Expectation-setting notes") || !strings.Contains(string(b), "released") {
		t.Errorf("English page:\n%.3000s", b)
	}
}

// TestSlotLastPlaceConcurrently: two case workers reserve the last place of a slot at
// the same moment over HTTP, round after round: exactly one gets it (303), the other a
// 409 with the store's message, and the slot holds one reservation.
func TestSlotLastPlaceConcurrently(t *testing.T) {
	for _, db := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"SQLite", func(*testing.T) string { return "" }},
		{"PostgreSQL", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
	} {
		t.Run(db.name, func(t *testing.T) {
			e := newSlotEnv(t, db.dsn(t))
			for round := range 8 {
				s := e.storeSlot(t, 101, fmt.Sprintf("Lager %d", round), 1, nil)
				var wg sync.WaitGroup
				start := make(chan struct{})
				type answer struct {
					status int
					body   string
				}
				answers := make([]answer, 2)
				for i, cookie := range []string{e.cw1, e.cw2} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-start
						st, b, _ := e.do(t, "POST", slotPath(s.ID)+"/reservationer", cookie, url.Values{"person": {fmt.Sprintf("P-%d-%d", round, i)}})
						answers[i] = answer{st, b}
					}()
				}
				close(start)
				wg.Wait()
				won, lost := 0, 0
				for _, a := range answers {
					switch {
					case a.status == 303:
						won++
					case a.status == 409 && strings.Contains(a.body, "no free place: the last place was just reserved by a colleague"):
						lost++
					default:
						t.Errorf("round %d: status %d\n%.1500s", round, a.status, a.body)
					}
				}
				rs := e.reservations(t, 101, s.ID)
				if won != 1 || lost != 1 || len(rs) != 1 {
					t.Fatalf("round %d: %d won, %d lost, %d reservations", round, won, lost, len(rs))
				}
			}
		})
	}
}

// TestSlotExpiredHold: a hold not confirmed in time cannot be confirmed, and its place
// is free again.
func TestSlotExpiredHold(t *testing.T) {
	e := newSlotEnv(t, "")
	s := e.storeSlot(t, 101, "Lager", 1, nil)
	if status, body, _ := e.do(t, "POST", slotPath(s.ID)+"/reservationer", e.cw1, url.Values{"person": {"P-1"}, "days": {"1"}}); status != 303 {
		t.Fatalf("reserve: %d\n%.2000s", status, body)
	}
	if status, body, _ := e.do(t, "POST", slotPath(s.ID)+"/reservationer", e.cw2, url.Values{"person": {"P-2"}}); status != 409 || !strings.Contains(body, "no free place") {
		t.Fatalf("reserve the full slot: %d\n%.2000s", status, body)
	}
	rid := fmt.Sprint(e.reservations(t, 101, s.ID)[0].ID)
	e.clock.add(25 * time.Hour)
	cookie := sessionFor(t, e.db, e.user1, true) // the old session ended with the day
	status, body, _ := e.do(t, "POST", "/jobboers/reservationer/"+rid+"/bekraeft", cookie, url.Values{})
	if status != 409 || !strings.Contains(body, "expired at 2026-03-03 09:00 UTC without being confirmed") {
		t.Fatalf("confirm expired: %d\n%.3000s", status, body)
	}
	rs := e.reservations(t, 101, s.ID)
	if len(rs) != 1 || rs[0].Status != pejling.ReservationExpired {
		t.Fatalf("after: %+v", rs)
	}
	if !strings.Contains(body, `<strong id="free">1 / 1</strong>`) {
		t.Errorf("the expired hold still takes the place:\n%.3000s", body)
	}
}

// searchTitles returns the titles of the search's list.
func searchTitles(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`<td><a href="/jobboers/\d+">([^<]*)</a>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestSlotSearch checks each filter of the search.
func TestSlotSearch(t *testing.T) {
	e := newSlotEnv(t, "")
	e.storeSlot(t, 101, "Kantine Nord", 1, func(s *pejling.Slot) { s.Requirements = "Hygiejnebevis" }) // Copenhagen
	e.storeSlot(t, 101, "Lager Aarhus", 2, func(s *pejling.Slot) {
		s.Type, s.Occupation, s.Location = pejling.SlotWageSubsidy, "9333", pejling.LatLon{Lat: 56.157, Lon: 10.211}
	})
	full := e.storeSlot(t, 101, "Pedel", 1, func(s *pejling.Slot) { s.Occupation = "5153" })
	e.storeSlot(t, 101, "Gammel plads", 1, func(s *pejling.Slot) { s.ActiveTo = pejling.DateOf(2026, 2, 1) })
	e.storeSlot(t, 147, "Frederiksberg kantine", 1, nil)
	if _, err := e.db.ReserveSlot(context.Background(), 101, full.ID, "P-9", e.user1.ID, e.clock.now(), time.Hour); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		want  string
	}{
		{"", "Gammel plads,Kantine Nord,Lager Aarhus,Pedel"},
		{"q=KANTINE", "Kantine Nord"},
		{"q=hygiejnebevis", "Kantine Nord"},
		{"q=%25", ""},
		{"occupation=51", "Kantine Nord,Pedel,Gammel plads"},
		{"occupation=5153", "Pedel"},
		{"type=loentilskud", "Lager Aarhus"},
		{"place=56.15,10.2&km=10", "Lager Aarhus"},
		{"place=55.67%3B12.56", "Gammel plads,Kantine Nord,Pedel"},
		{"place=55.67,12.56&km=500", "Gammel plads,Kantine Nord,Pedel,Lager Aarhus"},
		{"free=1", "Kantine Nord,Lager Aarhus"},
	} {
		t.Run(c.query, func(t *testing.T) {
			status, body, _ := e.do(t, "GET", "/jobboers?"+c.query, e.cw1, nil)
			if status != 200 {
				t.Fatalf("status %d\n%.2000s", status, body)
			}
			got := searchTitles(t, body)
			want := []string{}
			if c.want != "" {
				want = strings.Split(c.want, ",")
			}
			// By place the list is nearest first; else by title.
			if !strings.Contains(c.query, "place") {
				slices.Sort(want)
			}
			if strings.Join(got, ",") != strings.Join(want, ",") && !(strings.Contains(c.query, "place") && sameSet(got, want)) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	if _, body, _ := e.do(t, "GET", "/jobboers?occupation=5153", e.cw1, nil); !strings.Contains(body, "0 / 1") {
		t.Errorf("the full slot does not show 0 / 1:\n%.3000s", body)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestSlotIsolation: another municipality's slot and reservation are not found, and a
// politician may not use the pages.
func TestSlotIsolation(t *testing.T) {
	e := newSlotEnv(t, "")
	s := e.storeSlot(t, 101, "Kantine i 101", 2, nil)
	r, err := e.db.ReserveSlot(context.Background(), 101, s.ID, "P-101", e.user1.ID, e.clock.now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	rid := fmt.Sprint(r.ID)
	for _, c := range []struct{ method, path string }{
		{"GET", slotPath(s.ID)},
		{"POST", slotPath(s.ID)},
		{"POST", slotPath(s.ID) + "/reservationer"},
		{"POST", "/jobboers/reservationer/" + rid + "/bekraeft"},
		{"POST", "/jobboers/reservationer/" + rid + "/frigiv"},
	} {
		var form url.Values
		if c.method == "POST" {
			form = slotFormValues("Overtaget")
			form.Set("version", "1")
			form.Set("person", "P-147")
		}
		status, body, _ := e.do(t, c.method, c.path, e.other, form)
		if status != 404 || strings.Contains(body, "P-101") || strings.Contains(body, "Kantine i 101") {
			t.Errorf("%s %s as 147: %d\n%.500s", c.method, c.path, status, body)
		}
		if status, _, _ := e.do(t, c.method, c.path, e.politician, form); status != 403 {
			t.Errorf("%s %s as politician: %d", c.method, c.path, status)
		}
	}
	if status, body, _ := e.do(t, "GET", "/jobboers", e.other, nil); status != 200 || strings.Contains(body, "Kantine i 101") {
		t.Errorf("147's search shows 101's slot: %d", status)
	}
	if rs := e.reservations(t, 101, s.ID); len(rs) != 1 || rs[0].Status != pejling.ReservationHeld {
		t.Errorf("101's reservation changed: %+v", rs)
	}
	if got, _ := e.db.FindSlot(context.Background(), 101, s.ID); got.Version != 1 {
		t.Errorf("101's slot changed: %+v", got)
	}
	if log, _ := e.db.ListAudit(context.Background(), pejling.AuditFilter{PersonID: "P-101"}); len(log) != 0 {
		t.Errorf("P-101 was shown: %+v", log)
	}
}

// fieldInvalid reports whether the form field's label is marked invalid.
func fieldInvalid(body, field string) bool {
	return regexp.MustCompile(`<label class="[^"]*invalid[^"]*" id="f-` + regexp.QuoteMeta(field) + `">`).MatchString(body)
}

// TestSlotBadInput: each bad value of the forms is refused with 400 at its field, and
// nothing is stored; hostile text is stored as typed and shown escaped.
func TestSlotBadInput(t *testing.T) {
	e := newSlotEnv(t, "")
	t.Run("Create", func(t *testing.T) {
		for _, c := range []struct {
			name, field, value string
			add                bool // sent a second time
		}{
			{"CapacityZero", "capacity", "0", false},
			{"CapacityHuge", "capacity", "1001", false},
			{"Hours99", "hours", "99", false},
			{"HoursNaN", "hours", "NaN", false},
			{"EndBeforeStart", "active_to", "2026-02-28", false},
			{"BadDate", "active_from", "1/3/2026", false},
			{"TitleMissing", "title", "  ", false},
			{"TitleTooLong", "title", strings.Repeat("å", 201), false},
			{"DescriptionTooLong", "description", strings.Repeat("x", 4001), false},
			{"ExpectationsTooLong", "expectations", strings.Repeat("ø", 4001), false},
			{"CVRShort", "cvr", "1234", false},
			{"CVRLetters", "cvr", "1234567a", false},
			{"Occupation", "occupation", "51", false},
			{"Type", "type", "job", false},
			{"Location", "location", "Skive", false},
			{"LocationOffEarth", "location", "95, 10", false},
			{"Education", "min_education", "9", false},
			{"Repeated", "title", "Anden titel", true},
			{"NUL", "title", "a\x00b", false},
		} {
			t.Run(c.name, func(t *testing.T) {
				form := slotFormValues("Gyldig titel")
				if c.add {
					form.Add(c.field, c.value)
				} else {
					form.Set(c.field, c.value)
				}
				status, body, _ := e.do(t, "POST", "/jobboers", e.cw1, form)
				if status != 400 || !fieldInvalid(body, c.field) {
					t.Errorf("status %d, field %s not marked\n%.500s", status, c.field, body)
				}
				if n := e.slotCount(t, 101); n != 0 {
					t.Fatalf("%d slots stored", n)
				}
			})
		}
		t.Run("Oversized", func(t *testing.T) {
			form := slotFormValues("Gyldig titel")
			form.Set("description", strings.Repeat("x", 1<<20))
			if status, _, _ := e.do(t, "POST", "/jobboers", e.cw1, form); status != 400 {
				t.Errorf("status %d", status)
			}
		})
		t.Run("Hostile", func(t *testing.T) {
			title := `<script>alert(1)</script>'; DROP TABLE placement_slots; --`
			form := slotFormValues(title)
			form.Set("expectations", `<img src=x onerror=alert(2)>`)
			status, _, loc := e.do(t, "POST", "/jobboers", e.cw1, form)
			if status != 303 {
				t.Fatalf("status %d", status)
			}
			_, body, _ := e.do(t, "GET", loc, e.cw1, nil)
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
				t.Errorf("not escaped:\n%.3000s", body)
			}
			_, body, _ = e.do(t, "GET", "/jobboers?q="+url.QueryEscape("<script>"), e.cw1, nil)
			if strings.Contains(body, "<script>alert") || len(searchTitles(t, body)) != 1 {
				t.Errorf("search:\n%.3000s", body)
			}
			if n := e.slotCount(t, 101); n != 1 {
				t.Fatalf("%d slots", n)
			}
		})
	})
	t.Run("Search", func(t *testing.T) {
		for _, c := range []struct{ query, field string }{
			{"occupation=abc", "occupation"},
			{"occupation=51201", "occupation"},
			{"type=job", "type"},
			{"place=Skive", "place"},
			{"place=8800", "place"},
			{"place=55,10&km=-1", "km"},
			{"place=55.1,10.1&km=9999", "km"},
			{"km=10", "place"},
			{"q=" + strings.Repeat("a", 201), "q"},
			{"q=a&q=b", "q"},
		} {
			status, body, _ := e.do(t, "GET", "/jobboers?"+c.query, e.cw1, nil)
			if status != 400 || !regexp.MustCompile(`name="`+c.field+`"[^>]*>(<option[^/]*</option>)*(</select>)?<span class="fielderror"`).MatchString(body) {
				t.Errorf("%s: status %d, field %s not marked", c.query, status, c.field)
			}
		}
	})
	t.Run("Reserve", func(t *testing.T) {
		s := e.storeSlot(t, 101, "Reservérbar", 3, nil)
		for _, c := range []struct {
			name, person, days, want string
		}{
			{"CPR", "010190-1234", "", "ligner et CPR-nummer"},
			{"CPRDigits", "0101901234", "", "ligner et CPR-nummer"},
			{"CPRInside", "P-0101901234", "", "ligner et CPR-nummer"},
			{"Missing", "", "", "Skal udfyldes"},
			{"Hostile", "<script>x</script>", "", "bogstaver A–Z"},
			{"TooLong", strings.Repeat("a", 65), "", "højst 64 tegn"},
			{"DaysZero", "P-1", "0", "Mellem 1 og 30 dage"},
			{"Days99", "P-1", "99", "Mellem 1 og 30 dage"},
			{"DaysText", "P-1", "tre", "Mellem 1 og 30 dage"},
		} {
			t.Run(c.name, func(t *testing.T) {
				status, body, _ := e.do(t, "POST", slotPath(s.ID)+"/reservationer", e.cw1, url.Values{"person": {c.person}, "days": {c.days}})
				if status != 400 || !strings.Contains(body, c.want) || strings.Contains(body, "<script>x") || strings.Contains(body, "0101901234") || strings.Contains(body, "010190-1234") {
					t.Errorf("status %d, lacks %q\n%.3000s", status, c.want, body)
				}
			})
		}
		if status, _, _ := e.do(t, "POST", slotPath(s.ID)+"/reservationer", e.cw1, url.Values{"person": {"P-1", "P-2"}}); status != 400 {
			t.Errorf("repeated person: %d", status)
		}
		if rs := e.reservations(t, 101, s.ID); len(rs) != 0 {
			t.Errorf("stored %+v", rs)
		}
		if log, _ := e.db.ListAudit(context.Background(), pejling.AuditFilter{PersonID: "010190-1234"}); len(log) != 0 {
			t.Errorf("a CPR number reached the audit log")
		}
	})
	t.Run("Paths", func(t *testing.T) {
		for _, c := range []struct {
			method, path string
			want         int
		}{
			{"GET", "/jobboers/abc", 400},
			{"GET", "/jobboers/-1", 400},
			{"GET", "/jobboers/99999", 404},
			{"POST", "/jobboers/99999/reservationer", 404},
			{"POST", "/jobboers/reservationer/x/bekraeft", 400},
			{"POST", "/jobboers/reservationer/99999/frigiv", 404},
		} {
			var form url.Values
			if c.method == "POST" {
				form = url.Values{"person": {"P-1"}}
			}
			if status, _, _ := e.do(t, c.method, c.path, e.cw1, form); status != c.want {
				t.Errorf("%s %s: %d, want %d", c.method, c.path, status, c.want)
			}
		}
	})
}

// TestSlotEditConflict: two edits made from the same version: the first is saved, the
// second refused with 409, and the store keeps the first.
func TestSlotEditConflict(t *testing.T) {
	e := newSlotEnv(t, "")
	s := e.storeSlot(t, 101, "Før", 2, nil)
	edit := func(cookie, title string) (int, string) {
		form := slotFormValues(title)
		form.Set("version", "1")
		st, b, _ := e.do(t, "POST", slotPath(s.ID), cookie, form)
		return st, b
	}
	if status, body := edit(e.cw1, "Første ændring"); status != 303 {
		t.Fatalf("first: %d\n%.2000s", status, body)
	}
	status, body := edit(e.cw2, "Anden ændring")
	if status != 409 || !strings.Contains(body, "ændret af en kollega") || !strings.Contains(body, `value="Anden ændring"`) {
		t.Fatalf("second: %d\n%.3000s", status, body)
	}
	got, err := e.db.FindSlot(context.Background(), 101, s.ID)
	if err != nil || got.Title != "Første ændring" || got.Version != 2 || got.Expectations != "Mødetid 8–14. Kontaktperson: køkkenchefen." {
		t.Fatalf("stored %+v, %v", got, err)
	}
	t.Run("Concurrent", func(t *testing.T) {
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		for i, c := range []string{e.cw1, e.cw2} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				form := slotFormValues(fmt.Sprint("Samtidig ", i))
				form.Set("version", "2")
				statuses[i], _, _ = e.do(t, "POST", slotPath(s.ID), c, form)
			}()
		}
		wg.Wait()
		if !(statuses[0] == 303 && statuses[1] == 409 || statuses[0] == 409 && statuses[1] == 303) {
			t.Errorf("statuses %v", statuses)
		}
		if got, _ := e.db.FindSlot(context.Background(), 101, s.ID); got.Version != 3 {
			t.Errorf("version %d", got.Version)
		}
	})
	t.Run("CapacityBelowTaken", func(t *testing.T) {
		for _, p := range []string{"P-1", "P-2"} {
			if _, err := e.db.ReserveSlot(context.Background(), 101, s.ID, p, e.user1.ID, e.clock.now(), time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		form := slotFormValues("Mindre")
		form.Set("version", "3")
		form.Set("capacity", "1")
		if status, body, _ := e.do(t, "POST", slotPath(s.ID), e.cw1, form); status != 409 {
			t.Errorf("status %d\n%.2000s", status, body)
		}
	})
	t.Run("MissingVersion", func(t *testing.T) {
		if status, _, _ := e.do(t, "POST", slotPath(s.ID), e.cw1, slotFormValues("Uden version")); status != 400 {
			t.Errorf("status %d", status)
		}
	})
	t.Run("OtherCompany", func(t *testing.T) {
		form := slotFormValues("Anden virksomhed")
		form.Set("version", "3")
		form.Set("cvr", "87654321")
		if status, _, _ := e.do(t, "POST", slotPath(s.ID), e.cw1, form); status != 400 {
			t.Errorf("status %d", status)
		}
	})
}
