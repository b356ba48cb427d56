package web_test

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestOrderRequirementsAndCandidates: a consultant gives an order its requirements on
// the order's page, finds the best candidates among the municipality's job profiles
// (the page's ranking is employer.BestCandidates', and each shown citizen is audited),
// and a colleague's stale edit is refused; bad values are refused naming the field and
// change nothing; another municipality's order is not found.
func TestOrderRequirementsAndCandidates(t *testing.T) {
	e := newOrderEnv(t)
	ctx := context.Background()
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, e.db, "bo", pejling.RoleCaseWorker, 101)
	vejle := newUser(t, e.db, "vejle", pejling.RoleConsultant, 630)
	politician := newUser(t, e.db, "pol", pejling.RolePolitician, 101)
	o := e.storeOrder(anna, "Nord", "Lagermedarbejder", pejling.ChannelNormal, orderT0)

	// Six profiles in 101 around Aarhus, one in 630 that must never show.
	home := pejling.LatLon{Lat: 56.15, Lon: 10.2}
	var profiles []pejling.Profile
	for i, occ := range []string{"9333", "9333", "9334", "9321", "2512", "9333"} {
		p := pejling.Profile{PersonID: "P-" + strconv.Itoa(i), Occupations: []string{occ}, Skills: []string{"lager"}, Education: 2,
			DrivingLicence: i%2 == 0, Home: pejling.LatLon{Lat: home.Lat + float64(i)*0.05, Lon: home.Lon}, RadiusKm: 30,
			Hours: pejling.HoursRange{Min: 30, Max: 37}}
		if _, err := e.db.SaveProfile(ctx, 101, p, anna.ID, 0); err != nil {
			t.Fatal(err)
		}
		profiles = append(profiles, p)
	}
	if _, err := e.db.SaveProfile(ctx, 630, pejling.Profile{PersonID: "V-1", Occupations: []string{"9333"}, Home: home, RadiusKm: 30,
		Hours: pejling.HoursRange{Min: 37, Max: 37}}, vejle.ID, 0); err != nil {
		t.Fatal(err)
	}

	// Not matchable yet: the page says what to add and shows no citizen.
	st, page := e.get(anna, orderPath(o.ID)+"/kandidater")
	if st != 200 || !strings.Contains(page, `id="notmatchable"`) || strings.Contains(page, "P-0") {
		t.Fatalf("candidates of an order without requirements: %d %.2000s", st, page)
	}

	good := url.Values{"version": {"1"}, "occupation": {"9333"}, "place": {"56.15, 10.2"}, "address": {"Industrivej 3, Aarhus"},
		"skills": {"Lager,  Truck "}, "education": {"2"}, "licence": {"1"}, "hours_min": {"30"}, "hours_max": {"37"}, "note": {"fra telefonen"}}
	bad := []struct {
		name, field, value, want string
	}{
		{"Occupation", "occupation", "93", "DISCO-08"},
		{"Place", "place", "north of Aarhus", "latitude"},
		{"Education", "education", "9", "ISCED"},
		{"Hours", "hours_max", "20", "at least"},
		{"HoursRange", "hours_min", "61", "0–60"},
		{"Licence", "licence", "yes", "Tick"},
		{"Address", "address", strings.Repeat("x", 301), "At most 300"},
		{"Skills", "skills", strings.Repeat("k", 101), "at most 100"},
		{"Note", "note", strings.Repeat("n", 2001), "At most 2000"},
		{"Version", "version", "x", "reload"},
		{"NUL", "address", "a\x00b", "invalid"},
	}
	for _, c := range bad {
		t.Run("Bad"+c.name, func(t *testing.T) {
			f := url.Values{}
			for k, v := range good {
				f[k] = v
			}
			f.Set(c.field, c.value)
			st, body, _ := e.do(anna, "POST", orderPath(o.ID)+"/krav", f)
			if st != 400 || !strings.Contains(body, c.want) {
				t.Errorf("status %d, want 400 saying %q: %.3000s", st, c.want, orderSection(body, "problem"))
			}
		})
	}
	twice := url.Values{"version": {"1"}, "occupation": {"9333", "9334"}}
	if st, body, _ := e.do(anna, "POST", orderPath(o.ID)+"/krav", twice); st != 400 || !strings.Contains(body, "more than once") {
		t.Errorf("a field sent twice: %d %.500s", st, orderSection(body, "problem"))
	}
	hostile := url.Values{"version": {"1"}, "address": {`<script>alert(1)</script>'; DROP TABLE job_orders; --`}}
	if st, _, _ := e.do(anna, "POST", orderPath(o.ID)+"/krav", hostile); st != 303 {
		t.Fatalf("a hostile but storable address: %d", st)
	}
	st, page = e.get(anna, orderPath(o.ID))
	if st != 200 || strings.Contains(page, "<script>alert") || !strings.Contains(page, "&lt;script&gt;") {
		t.Errorf("the hostile address is not shown escaped")
	}
	if got := e.orders(101)[0]; got.Version != 2 || got.Requirements.Address == "" {
		t.Fatalf("after the hostile edit: %+v", got)
	}
	// The edit from the page's version 1 now conflicts: a colleague's change is not overwritten.
	if st, body, _ := e.do(anna, "POST", orderPath(o.ID)+"/krav", good); st != 409 || !strings.Contains(body, "colleague") {
		t.Errorf("a stale edit: %d %.500s", st, orderSection(body, "problem"))
	}
	good.Set("version", "2")
	if st, body, loc := e.do(bo, "POST", orderPath(o.ID)+"/krav", good); st != 303 || !strings.HasSuffix(loc, "#requirements") {
		t.Fatalf("edit: %d %q %.2000s", st, loc, body)
	}
	got := e.orders(101)[0]
	want := pejling.OrderRequirements{Occupation: "9333", Skills: []string{"lager", "truck"}, MinEducation: 2, DrivingLicence: true,
		Address: "Industrivej 3, Aarhus", Location: home, HasLocation: true, Hours: pejling.HoursRange{Min: 30, Max: 37}}
	if got.Version != 3 || got.History[2].Type != pejling.OrderEdit || got.History[2].Actor != bo.ID || got.History[2].Note != "fra telefonen" ||
		got.Requirements.Occupation != want.Occupation || !slices.Equal(got.Requirements.Skills, want.Skills) || got.Requirements.Location != home ||
		got.Requirements.Hours != want.Hours || !got.Requirements.DrivingLicence || got.Requirements.MinEducation != 2 {
		t.Fatalf("stored %+v (history %+v)", got.Requirements, got.History)
	}
	st, page = e.get(anna, orderPath(o.ID))
	if st != 200 || !strings.Contains(page, `id="candidates"`) || !strings.Contains(page, "Requirements changed") {
		t.Errorf("the order's page after the edit lacks the candidates link or the history entry")
	}

	// The candidates: employer.BestCandidates' ranking, audited one by one.
	e.set(orderT0.Add(time.Hour))
	st, page = e.get(bo, orderPath(o.ID)+"/kandidater")
	if st != 200 {
		t.Fatalf("candidates: %d %.2000s", st, page)
	}
	ranked := employer.BestCandidates(got.Vacancy(), profiles, 20, employer.DefaultMatchWeights())
	if len(ranked) == 0 {
		t.Fatal("the witness ranks no one")
	}
	var shown []string
	for _, m := range regexpAll(page, `data-person="([^"]+)"`) {
		shown = append(shown, m)
	}
	var wantIDs []string
	for _, m := range ranked {
		wantIDs = append(wantIDs, m.PersonID)
	}
	if !slices.Equal(shown, wantIDs) || strings.Contains(page, "V-1") {
		t.Errorf("shown %v, want %v (and never 630's V-1)", shown, wantIDs)
	}
	audit, err := e.db.ListAudit(ctx, pejling.AuditFilter{Action: pejling.AuditRead})
	if err != nil {
		t.Fatal(err)
	}
	var audited []string
	for _, a := range audit {
		if a.UserID == bo.ID && strings.Contains(a.Purpose, "jobordre") {
			audited = append(audited, a.PersonID)
		}
	}
	slices.Sort(audited)
	slices.Sort(wantIDs)
	if !slices.Equal(audited, wantIDs) {
		t.Errorf("audited %v, want every shown citizen %v", audited, wantIDs)
	}

	// The other direction: the best candidate's profile page lists the order among the
	// job orders that fit best (employer.BestVacancies over the matchable open orders).
	best := ranked[0].PersonID
	st, page = e.get(bo, "/profiler/"+best+"?purpose="+url.QueryEscape("matchning af en jobordre"))
	if st != 200 || !strings.Contains(orderSection(page, "order-matches"), `data-vacancy="order:`+strconv.FormatInt(o.ID, 10)+`"`) {
		t.Errorf("the profile of %s does not list order %d: %d %.1500s", best, o.ID, st, orderSection(page, "order-matches"))
	}

	// Others: another municipality's consultant finds nothing; a politician is refused.
	for _, p := range []string{orderPath(o.ID) + "/kandidater", orderPath(o.ID)} {
		if st, _ := e.get(vejle, p); st != 404 {
			t.Errorf("630 reading %s: %d, want 404", p, st)
		}
		if st, _ := e.get(politician, p); st != 403 {
			t.Errorf("a politician reading %s: %d, want 403", p, st)
		}
	}
	if st, _, _ := e.do(vejle, "POST", orderPath(o.ID)+"/krav", good); st != 404 {
		t.Errorf("630 editing 101's order: %d, want 404", st)
	}
	// A closed order cannot be edited.
	closed := e.change(got, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, anna, orderT0.Add(2*time.Hour))
	good.Set("version", strconv.Itoa(closed.Version))
	e.set(orderT0.Add(3 * time.Hour))
	if st, body, _ := e.do(anna, "POST", orderPath(o.ID)+"/krav", good); st != 409 || !strings.Contains(body, "closed order cannot be edited") {
		t.Errorf("editing a closed order: %d %.500s", st, orderSection(body, "problem"))
	}
	if n := e.orders(101)[0]; n.Version != closed.Version {
		t.Errorf("a refused edit changed the order to version %d", n.Version)
	}
}

// regexpAll returns the first group of every match of pattern in s.
func regexpAll(s, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestOrderDueSoon: a hotline order taken Monday 10:00 (Copenhagen) owes a candidate at
// 13:00; from 12:15 (a quarter of the 3 opening hours left) it is on the list of
// deadlines coming soon, and its owner is told at the top; at 13:01 it is overdue
// instead.
func TestOrderDueSoon(t *testing.T) {
	e := newOrderEnv(t)
	anna := newUser(t, e.db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, e.db, "bo", pejling.RoleConsultant, 101)
	e.storeOrder(anna, "Nord", "Hotline-ordre", pejling.ChannelHotline, orderT0)
	page := func(u *pejling.User) string {
		st, p := e.get(u, "/ordrer")
		if st != 200 {
			t.Fatalf("/ordrer: %d", st)
		}
		return p
	}
	e.set(orderT0.Add(2*time.Hour + 14*time.Minute)) // 12:14
	if p := page(anna); strings.Contains(orderSection(p, "duesoon"), "Hotline-ordre") || strings.Contains(p, `id="mine-alerts"`) {
		t.Error("at 12:14 the order is already due soon")
	}
	e.set(orderT0.Add(2*time.Hour + 15*time.Minute)) // 12:15
	p := page(anna)
	if soon := orderSection(p, "duesoon"); !strings.Contains(soon, "Hotline-ordre") || !strings.Contains(soon, "45 min") || !strings.Contains(soon, `class="mine"`) {
		t.Errorf("at 12:15: %.1500s", soon)
	}
	if !strings.Contains(p, "Your orders: 0 past a deadline and 1 with a deadline coming soon") {
		t.Error("the owner is not told")
	}
	if p := page(bo); strings.Contains(p, `id="mine-alerts"`) || !strings.Contains(orderSection(p, "duesoon"), "Hotline-ordre") {
		t.Error("a colleague sees the order on the list, without the personal notice")
	}
	e.set(orderT0.Add(3*time.Hour + time.Minute)) // 13:01
	p = page(anna)
	if strings.Contains(orderSection(p, "duesoon"), "Hotline-ordre") || !strings.Contains(orderSection(p, "overdue"), "Hotline-ordre") ||
		!strings.Contains(p, "Your orders: 1 past a deadline and 0 with") {
		t.Errorf("at 13:01 the order should be overdue, not due soon")
	}
}
