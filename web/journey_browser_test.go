package web_test

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb/pgtest"
)

// TestEmployerWeekBrowser is issue 8's "done when": a week of employer service run in
// the app, in headless Chromium, on SQLite and on PostgreSQL, each a fresh store with the
// demo data imported. Monday: two consultants log contacts with a company (the second
// is warned about the first's topic and picks another), a hotline order is taken,
// answered, given its requirements, matched and sent candidates within the service
// levels. Tuesday: a case worker adds a praktik slot, finds it, reserves it for a
// citizen with a job profile, confirms and makes the placement. Wednesday: the order is
// filled, another closed unfilled, and closing it again is refused. Thursday: the
// placement's follow-up and a progression conversation. Friday: the team board shows the
// week, and the refreshed figure set counts the placement. A screenshot per day in
// /tmp/pejling-shots/journey-<db>-<day>.png.
func TestEmployerWeekBrowser(t *testing.T) {
	chromium(t)
	t.Run("SQLite", func(t *testing.T) {
		runEmployerWeek(t, "sqlite", filepath.Join(t.TempDir(), "week.db"))
	})
	t.Run("PostgreSQL", func(t *testing.T) {
		runEmployerWeek(t, "postgres", pgtest.NewDatabase(t))
	})
}

var (
	orderPathRe  = regexp.MustCompile(`^/ordrer/(\d+)$`)
	confirmRe    = regexp.MustCompile(`/jobboers/reservationer/(\d+)/bekraeft`)
	placementRe  = regexp.MustCompile(`^/placeringer/(\d+)$`)
	teamPathRe   = regexp.MustCompile(`^/teamtavler/(\d+)$`)
	slotPathRe   = regexp.MustCompile(`^/jobboers/(\d+)$`)
	dataPersonRe = regexp.MustCompile(`data-person="([^"]+)"`)
	// the municipality's value in the dashboard's row of placements started
	dashPlacementsRe = regexp.MustCompile(`(?s)<tr id="fig-placements_started">.*?</td><td class="num[^"]*">([^<]*)</td>`)
	clockStatesRe    = regexp.MustCompile(`<tr class="clock (\w+)"`)
)

func runEmployerWeek(t *testing.T, dbName, dsn string) {
	began := time.Now()
	// The week of Monday 23 June 2025, the last full week of the demo data (as of 30
	// June 2025), so that the placement falls in a month of the stored figure set.
	// 08:00 UTC is 10:00 in Copenhagen, in opening hours.
	monday := time.Date(2025, 6, 23, 8, 0, 0, 0, time.UTC)
	j := newJourney(t, dbName, dsn, monday)
	ctx := context.Background()
	anna := newUser(t, j.db, "anna", pejling.RoleConsultant, 101)
	bo := newUser(t, j.db, "bo", pejling.RoleConsultant, 101)
	carla := newUser(t, j.db, "carla", pejling.RoleCaseWorker, 101)
	ulla := newUser(t, j.db, "ulla", pejling.RoleAnalyst, 101)
	cvr, company := journeyCompany(t)
	placeStart, placeEnd := pejling.MustParseDate("2025-06-25"), pejling.MustParseDate("2025-08-17")
	citizen := journeyCitizen(t, placeStart, placeEnd)
	startedBefore := j.placementsStarted(ulla, placeStart)
	t.Logf("%s: company %s %q, citizen %s, placements started in June before: %v (set-up %v)", dbName, cvr, company, citizen, startedBefore, time.Since(began).Round(time.Millisecond))

	j.lap("") // starts the laps

	// ---- Monday ----
	// The company is in the register; anna starts the job centre's record of it.
	j.view(anna, "/virksomheder?q="+cvr, 200)
	j.submit(anna, "form.co-add", map[string]string{"cvr": cvr}, 200)
	contactPath := "/virksomheder/" + cvr + "/kontakt/ny?topic="
	page := j.view(anna, contactPath+"recruitment", 200)
	if !strings.Contains(page, `id="nowarning"`) {
		t.Fatalf("anna is warned before anyone contacted the company: %.800s", pageText(page))
	}
	j.submit(anna, "#log", map[string]string{"channel": "visit", "outcome": "Besøg hos HR: to lagerfolk søges til august", "next_step": "Send kandidater"}, 200)
	j.at(monday.Add(30 * time.Minute))
	page = j.view(bo, contactPath+"recruitment", 200)
	if !strings.Contains(page, `id="warning"`) || !strings.Contains(page, "anna") || !strings.Contains(page, "to lagerfolk søges") {
		t.Fatalf("bo is not warned of anna's contact on the same topic: %.1200s", pageText(page))
	}
	j.shot("monday-precheck")
	page = j.view(bo, contactPath+"placement", 200)
	if strings.Contains(page, `id="warning"`) {
		t.Fatal("bo is warned on another topic")
	}
	page = j.submit(bo, "#log", map[string]string{"channel": "phone", "outcome": "Virksomheden vil gerne tage en praktikant i køkkenet"}, 200)
	for _, want := range []string{"to lagerfolk søges", "praktikant i køkkenet"} {
		if !strings.Contains(page, want) {
			t.Errorf("the company's page does not list the contact %q", want)
		}
	}
	// A hotline order, taken at 10:30.
	j.view(anna, "/ordrer", 200)
	j.submit(anna, `form[method="post"][action="/ordrer"]`, map[string]string{"cvr": cvr, "title": "2 lagermedarbejdere (hotline)",
		"kind": "ordinary", "channel": "hotline"}, 200)
	hotline := j.currentPath(orderPathRe)
	j.at(monday.Add(50 * time.Minute))
	j.view(anna, hotline, 200)
	j.submit(anna, `form:has(input[name="event"][value="acknowledged"])`, nil, 200)
	j.at(monday.Add(time.Hour))
	j.submit(anna, "form.ord-req", map[string]string{"occupation": "5120", "place": "55.68, 12.56", "address": "Lagervej 1, København",
		"skills": "madlavning", "hours_min": "20", "hours_max": "37"}, 200)
	// The citizen's job profile, then the ranked candidates.
	j.mustPost(anna, "/profiler/"+citizen, profileForm(0))
	page = j.view(anna, hotline+"/kandidater", 200)
	if m := dataPersonRe.FindAllStringSubmatch(page, -1); len(m) != 1 || m[0][1] != citizen {
		t.Fatalf("the order's candidates: %v, want %s alone\n%.1000s", m, citizen, pageText(page))
	}
	j.at(monday.Add(2 * time.Hour)) // 12:00 in Copenhagen: within the 3 opening hours
	j.view(anna, hotline, 200)
	page = j.submit(anna, `form:has(input[name="event"][value="candidates_sent"])`, nil, 200)
	if states := j.clockStates(page); states != "met met" {
		t.Errorf("Monday: the hotline order's service-level clocks are %q, want both met", states)
	}
	j.shot("monday")

	j.lap("Monday")
	// ---- Tuesday ----
	tuesday := monday.AddDate(0, 0, 1).Add(time.Hour)
	j.at(tuesday)
	slot := slotFormValues("Køkkenhjælp i kantinen")
	slot.Set("cvr", cvr)
	slot.Set("active_from", "2025-06-01")
	slotPath := j.mustPost(carla, "/jobboers", slot)
	if !slotPathRe.MatchString(slotPath) {
		t.Fatalf("new slot: Location %q", slotPath)
	}
	j.view(carla, "/jobboers", 200)
	page = j.submit(carla, "#search", map[string]string{"q": "køkkenhjælp", "place": "55.676, 12.568", "km": "30"}, 200)
	if !strings.Contains(page, `href="`+slotPath+`"`) {
		t.Fatalf("the search does not find the new slot: %.1000s", pageText(page))
	}
	j.view(carla, slotPath, 200)
	page = j.submit(carla, `form[action$="/reservationer"]`, map[string]string{"person": citizen}, 200)
	m := confirmRe.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no reservation to confirm: %.1000s", pageText(page))
	}
	rid := m[1]
	j.submit(carla, `form[action="/jobboers/reservationer/`+rid+`/bekraeft"]`, nil, 200)
	page = j.view(carla, "/placeringer?reservation="+rid, 200)
	if !strings.Contains(page, `value="`+citizen+`"`) {
		t.Fatalf("the placement form is not prefilled from the reservation: %.1000s", pageText(page))
	}
	j.submit(carla, `form[method="post"][action="/placeringer"]`, map[string]string{"start": placeStart.String(), "end": placeEnd.String()}, 200)
	placement := j.currentPath(placementRe)
	j.shot("tuesday")

	j.lap("Tuesday")
	// ---- Wednesday ----
	wednesday := tuesday.AddDate(0, 0, 1)
	j.at(wednesday)
	j.view(anna, hotline, 200)
	page = j.submit(anna, `form:has(input[name="event"][value="filled"])`, nil, 200)
	if !strings.Contains(page, "Filled") && !strings.Contains(page, "filled") {
		t.Errorf("the order is not shown filled: %.600s", pageText(page))
	}
	j.view(bo, "/ordrer", 200)
	j.submit(bo, `form[method="post"][action="/ordrer"]`, map[string]string{"cvr": cvr, "title": "Kok til kantinen", "kind": "ordinary", "channel": "normal"}, 200)
	unfilled := j.currentPath(orderPathRe)
	j.at(wednesday.Add(time.Hour))
	j.view(bo, unfilled, 200)
	page = j.submit(bo, "#close", map[string]string{"reason": "no_candidates", "note": "Ingen med kokkeuddannelse i kommunen lige nu"}, 200)
	if strings.Contains(page, `id="close"`) {
		t.Error("a closed order still offers to be closed")
	}
	// A tab left open on the order before it was closed: closing again is refused with
	// the rule's message and changes nothing.
	j.inject(`<form id="again" method="post" action="` + unfilled + `/haendelser"><input name="version" value="2"><input name="event" value="closed"><input name="reason" value="other"><input name="note" value="igen"></form>`)
	page = j.submit(bo, "#again", nil, 409)
	if !strings.Contains(page, "the order is already closed") {
		t.Errorf("closing twice: the page does not say why: %.800s", pageText(page))
	}
	j.shot("wednesday")

	j.lap("Wednesday")
	// ---- Thursday ----
	thursday := wednesday.AddDate(0, 0, 1)
	j.at(thursday)
	j.view(carla, placement, 200)
	page = j.submit(carla, `form:has(input[name="action"][value="followup"])`, map[string]string{"note": "Første uge: møder stabilt, trives i køkkenet"}, 200)
	if !strings.Contains(page, "trives i køkkenet") {
		t.Errorf("the follow-up is not on the placement's page: %.800s", pageText(page))
	}
	progPath := "/progression/" + citizen
	j.mustPost(anna, progPath+"/fokus", focusForm("work_identity", "social_competences"))
	j.view(anna, progPath, 200)
	page = j.submit(anna, "#scoreform", map[string]string{"date": "2025-06-26", "intervention": "praktik", "i.sees_self_in_job": "6"}, 200)
	if sc, err := j.db.FindProgressionScores(ctx, 101, citizen); err != nil || len(sc) != 1 || sc[0].Date != pejling.MustParseDate("2025-06-26") {
		t.Errorf("progression scores of %s: %+v %v", citizen, sc, err)
	}
	if ft, err := j.db.FindFocusThemes(ctx, 101, citizen); err != nil || len(ft) != 1 {
		t.Errorf("focus themes of %s: %+v %v", citizen, ft, err)
	}
	j.shot("thursday")

	j.lap("Thursday")
	// ---- Friday ----
	friday := thursday.AddDate(0, 0, 1).Add(-time.Hour) // 10:00, Friday's opening hours end at 13:00
	j.at(friday)
	const team = "Virksomhedsservice Nord"
	j.view(ulla, "/teamtavler", 200)
	j.submit(ulla, "#teamform", map[string]string{"name": team}, 200)
	teamPath := j.currentPath(teamPathRe)
	for _, u := range []*pejling.User{anna, bo} {
		j.submit(ulla, "#memberform", map[string]string{"user": fmt.Sprint(u.ID)}, 200)
	}
	j.submit(ulla, "#caseform", map[string]string{"person": citizen, "action": "assign", "user": fmt.Sprint(anna.ID), "from": "2025-06-02"}, 200)
	j.submit(ulla, "#goalform", map[string]string{"metric": "company_visits", "direction": "at_least", "target": "1", "from": "2025-06-23"}, 200)
	page = j.view(ulla, "/teamtavler", 200)
	cells := cellsOf(page, team)
	// The week: anna's visit (bo's call is no visit), the two orders handled, both
	// clocks of the hotline order met (the other order's answer clock is void: closed
	// before its deadline without an answer, so not in the share); the caseload is the
	// one citizen.
	if len(cells) != 8 || cells[1] != "1" || !strings.HasPrefix(cells[5], "1") || cells[6] != "2" || cells[7] != "100.0 %" {
		t.Errorf("team board row %q, want caseload 1, visits 1, orders 2, service levels 100.0 %%", cells)
	}
	j.shot("friday-board")
	j.view(ulla, teamPath, 200)
	j.shot("friday-team")

	// The figure set: the stored figures have not moved yet. pejling serve, started on
	// the store, refreshes the set (RefreshFigureSet: the placements stamp changed); the
	// placement (planned, so counted) is then one more placement started in June in 101.
	if got := j.placementsStarted(ulla, placeStart); got != startedBefore {
		t.Errorf("before the refresh the stored figures moved: %v, want %v", got, startedBefore)
	}
	if _, current, err := j.db.FigureSetCurrent(ctx); err != nil || current {
		t.Fatalf("before the refresh the figure set is current (%v, %v): the placement did not change the stamp", current, err)
	}
	if said := j.serveOnce(); !strings.Contains(said, "Figures: ") {
		t.Errorf("pejling serve did not refresh the figure set: %q", said)
	}
	if _, current, err := j.db.FigureSetCurrent(ctx); err != nil || !current {
		t.Fatalf("after pejling serve the figure set is not current: %v, %v", current, err)
	}
	// The server's maintenance went by the real clock and ended the week's sessions.
	j.at(friday.Add(time.Hour))
	j.lap("Friday's board and pejling serve")
	if got := j.placementsStarted(ulla, placeStart); got != max(startedBefore, 0)+1 {
		t.Errorf("placements started in June 2025 in 101: %v, want %v + 1", got, startedBefore)
	}
	// The key figures of June 2025 on the municipality's page say the same.
	page = j.view(ulla, "/kommuner/101?period=2025-06", 200)
	if m := dashPlacementsRe.FindStringSubmatch(page); m == nil || m[1] != fmt.Sprint(max(startedBefore, 0)+1) {
		t.Errorf("the dashboard's company placements started in June 2025: %q, want %v", m, max(startedBefore, 0)+1)
	}
	j.shot("friday-figures")
	t.Logf("%s: the week took %v", dbName, time.Since(began).Round(time.Millisecond))
}

// currentPath is the path of the page shown, which must match re.
func (j *journey) currentPath(re *regexp.Regexp) string {
	j.t.Helper()
	var path string
	if err := j.page.Eval(j.ctx, "location.pathname", &path); err != nil {
		j.t.Fatal(err)
	}
	if !re.MatchString(path) {
		j.t.Fatalf("the browser is at %q, want %s", path, re)
	}
	return path
}

// inject adds html to the page shown (a form the page no longer offers).
func (j *journey) inject(html string) {
	j.t.Helper()
	if err := j.page.Eval(j.ctx, fmt.Sprintf("document.body.insertAdjacentHTML('beforeend', %q)", html), nil); err != nil {
		j.t.Fatal(err)
	}
}

// clockStates lists the states of the service-level clocks on an order's page.
func (j *journey) clockStates(page string) string {
	i := strings.Index(page, `id="clocks"`)
	if i < 0 {
		return "(no clocks: " + pageText(page)[:min(400, len(pageText(page)))] + ")"
	}
	seg := page[i:]
	if k := strings.Index(seg, "</section>"); k >= 0 {
		seg = seg[:k]
	}
	var states []string
	for _, m := range clockStatesRe.FindAllStringSubmatch(seg, -1) {
		states = append(states, m[1])
	}
	return strings.Join(states, " ")
}
