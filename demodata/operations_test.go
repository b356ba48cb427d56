package demodata_test

import (
	"reflect"
	"slices"
	"strconv"
	"strings"

	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

// opsNow is the end of the operational history in the tests: a Tuesday morning.
var opsNow = time.Date(2025, time.September, 16, 9, 30, 0, 0, time.UTC)

var (
	opsOnce sync.Once
	opsOps  *demodata.Operations
	opsErr  error
)

func mustOperations(tb testing.TB) (string, *demodata.Operations) {
	tb.Helper()
	dir, _ := mustShared(tb)
	opsOnce.Do(func() {
		opsOps, opsErr = demodata.GenerateOperations(demodata.OperationsConfig{Data: dir, Seed: 3, Now: opsNow})
	})
	if opsErr != nil {
		tb.Fatal(opsErr)
	}
	return dir, opsOps
}

func TestOperationsDeterministic(t *testing.T) {
	dir, a := mustOperations(t)
	b, err := demodata.GenerateOperations(demodata.OperationsConfig{Data: dir, Seed: 3, Now: opsNow})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different operational data")
	}
	c, err := demodata.GenerateOperations(demodata.OperationsConfig{Data: dir, Seed: 4, Now: opsNow})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.Orders, c.Orders) || reflect.DeepEqual(a.Profiles, c.Profiles) {
		t.Fatal("another seed gave the same orders or profiles")
	}
	// A municipality's rows do not depend on which others are drawn with it.
	d, err := demodata.GenerateOperations(demodata.OperationsConfig{Data: dir, Seed: 3, Now: opsNow, Municipalities: []int{751}})
	if err != nil {
		t.Fatal(err)
	}
	var aarhus []pejling.JobOrder
	for _, o := range a.Orders {
		if o.Municipality == 751 {
			aarhus = append(aarhus, o)
		}
	}
	if len(d.Orders) == 0 || len(d.Orders) != len(aarhus) || d.Orders[0].CVR != aarhus[0].CVR || !d.Orders[0].CreatedAt.Equal(aarhus[0].CreatedAt) {
		t.Fatalf("Aarhus alone: %d orders, with the others %d", len(d.Orders), len(aarhus))
	}
	var caseloads []pejling.CaseloadAssignment
	for _, x := range a.Caseloads {
		if x.Municipality == 751 {
			caseloads = append(caseloads, x)
		}
	}
	if len(d.Caseloads) == 0 || len(d.Caseloads) != len(caseloads) || d.Caseloads[0].PersonID != caseloads[0].PersonID || d.Caseloads[0].From != caseloads[0].From {
		t.Fatalf("Aarhus alone: %d caseload assignments, with the others %d", len(d.Caseloads), len(caseloads))
	}
	if reflect.DeepEqual(a.Caseloads, c.Caseloads) || reflect.DeepEqual(a.Goals, c.Goals) {
		t.Fatal("another seed gave the same caseloads or goals")
	}
}

func TestOperationsConfigErrors(t *testing.T) {
	dir, _ := mustShared(t)
	for name, cfg := range map[string]demodata.OperationsConfig{
		"NoNow":         {Data: dir},
		"UnknownMuni":   {Data: dir, Now: opsNow, Municipalities: []int{999}},
		"DuplicateMuni": {Data: dir, Now: opsNow, Municipalities: []int{101, 101}},
		"NoMunis":       {Data: dir, Now: opsNow, Municipalities: []int{}},
		"NoData":        {Data: t.TempDir(), Now: opsNow},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := demodata.GenerateOperations(cfg); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

// TestOperationsInvariants checks every record as the store and the domain would: the
// order histories replay through employer.Transition, reservations stay within the
// capacity, profiles, slots, scores and focus themes validate, nothing is CPR-shaped,
// and every record belongs to a municipality, company and person of the data set.
func TestOperationsInvariants(t *testing.T) {
	dir, ops := mustOperations(t)
	companies := readCompanies(t, dir) // cvr → municipality
	persons := map[string]map[int]bool{}
	for _, r := range readCSV(t, dir, "benefit_spells.csv", "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction") {
		if persons[r[0]] == nil {
			persons[r[0]] = map[int]bool{}
		}
		persons[r[0]][mustMuni(t, r[1])] = true
	}
	munis := map[int]bool{}
	for _, c := range ops.Municipalities {
		munis[c] = true
	}
	staffOf := func(what string, id int64, muni int) {
		t.Helper()
		if id < 1 || int(id) > len(ops.Staff) || ops.Staff[id-1].Municipality != muni {
			t.Errorf("%s: user %d is not staff of %d", what, id, muni)
		}
	}
	company := func(what, cvr string, muni int) {
		t.Helper()
		if m, ok := companies[cvr]; !ok || m != muni || !munis[muni] {
			t.Errorf("%s: company %s of municipality %d (register: %d, %v)", what, cvr, muni, m, ok)
		}
	}
	person := func(what, id string, muni int) {
		t.Helper()
		if !persons[id][muni] {
			t.Errorf("%s: person %s has no benefit spell in %d", what, id, muni)
		}
	}
	today := pejling.UTCDay(opsNow)

	names := map[string]bool{}
	for _, s := range ops.Staff {
		if err := pejling.ValidUserName(s.Name); err != nil || names[s.Name] || !munis[s.Municipality] || !s.Role.Valid() || (s.Team == "") != (s.Role == pejling.RoleAdmin) {
			t.Errorf("staff %+v: %v", s, err)
		}
		names[s.Name] = true
	}
	if !names[demodata.DemoConsultant] {
		t.Error("no demo consultant among the staff")
	}
	for _, c := range ops.Companies {
		company("record", c.CVR, c.Municipality)
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
		if c.OwnerID != 0 {
			staffOf("record owner", c.OwnerID, c.Municipality)
		}
	}
	for _, c := range ops.Contacts {
		company("contact", c.CVR, c.Municipality)
		if err := c.Validate(); err != nil {
			t.Error(err)
		}
	}
	for _, e := range ops.ContactLog {
		company("contact log", e.CVR, e.Municipality)
		staffOf("contact log", e.UserID, e.Municipality)
		if err := e.Validate(); err != nil || e.At.After(opsNow) {
			t.Errorf("contact log %+v: %v", e, err)
		}
	}

	// Orders: replay each history from its created event.
	policy := employer.DefaultPolicy()
	var states = map[string]int{}
	if len(ops.OrderFirstRequirements) != len(ops.Orders) {
		t.Fatalf("%d first requirements for %d orders", len(ops.OrderFirstRequirements), len(ops.Orders))
	}
	for i, o := range ops.Orders {
		company("order", o.CVR, o.Municipality)
		staffOf("order owner", o.Owner, o.Municipality)
		taken := o
		taken.Requirements = ops.OrderFirstRequirements[i]
		replay, err := employer.NewOrder(taken, o.History[0].Actor, o.History[0].At)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range o.History[1:] {
			if ev.Type == pejling.OrderEdit {
				replay, err = employer.EditOrder(replay, o.Requirements, ev.Note, ev.Actor, ev.At)
			} else {
				replay, err = employer.Transition(replay, ev, ev.Actor, ev.At)
			}
			if err != nil {
				t.Fatalf("order of %s: %s refused: %v", o.CVR, ev.Type, err)
			}
			if ev.At.After(opsNow) {
				t.Errorf("an event after now: %v", ev.At)
			}
		}
		if !reflect.DeepEqual(replay, o) {
			t.Fatalf("order replayed differs:\n%+v\n%+v", replay, o)
		}
		states[string(o.Status)]++
		for _, c := range employer.Clocks(o, policy, opsNow) {
			states[c.Level+":"+string(c.State)]++
		}
		if o.Open() && opsNow.After(policy.UntouchedDeadline(o)) {
			states["untouched"]++
		}
		if o.Status == pejling.OrderClosedUnfilled && !o.ClosingReason.Valid() {
			t.Errorf("closed without a reason: %+v", o)
		}
	}
	t.Logf("orders: %v", states)
	for _, k := range []string{"new", "acknowledged", "candidates_sent", "filled", "closed_unfilled",
		"acknowledged:met", "acknowledged:missed", "hotline_candidate:met", "hotline_candidate:missed", "untouched"} {
		if states[k] == 0 {
			t.Errorf("no order is %s", k)
		}
	}
	if states["acknowledged:met"] < 3*states["acknowledged:missed"] {
		t.Errorf("most orders should be answered in time: %v", states)
	}

	for _, p := range ops.Profiles {
		person("profile", p.Profile.PersonID, p.Municipality)
		staffOf("profile", p.By, p.Municipality)
		q := p.Profile
		q.Occupations, q.Skills = slices.Clone(q.Occupations), slices.Clone(q.Skills)
		if field, err := sqldb.NormaliseProfile(&q); err != nil {
			t.Errorf("profile %s: %s: %v", p.Profile.PersonID, field, err)
		}
		if !reflect.DeepEqual(q, p.Profile) {
			t.Errorf("profile is not normalised: %+v", p.Profile)
		}
	}

	// Slots and reservations: within capacity at every moment a place was taken.
	outcomes := map[pejling.ReservationStatus]int{}
	for i, s := range ops.Slots {
		company("slot", s.CVR, s.Municipality)
		staffOf("slot", s.CreatedBy, s.Municipality)
		if err := s.Validate(); err != nil {
			t.Error(err)
		}
		var rs []demodata.SlotReservation
		for _, x := range ops.Reservations {
			if x.Slot == i {
				rs = append(rs, x)
			}
		}
		for _, x := range rs {
			person("reservation", x.PersonID, s.Municipality)
			staffOf("reservation", x.ReservedBy, s.Municipality)
			outcomes[x.Outcome]++
			if !s.ActiveOn(pejling.UTCDay(x.ReservedAt)) || x.ReservedAt.After(opsNow) || x.Hold <= 0 || x.Hold > sqldb.MaxHold {
				t.Errorf("reservation %+v of slot %+v", x, s)
			}
			expires := x.ReservedAt.Add(x.Hold)
			switch x.Outcome {
			case pejling.ReservationConfirmed, pejling.ReservationReleased:
				if !x.At.After(x.ReservedAt) || !x.At.Before(expires) || x.At.After(opsNow) {
					t.Errorf("reservation changed at %v, reserved %v", x.At, x.ReservedAt)
				}
			case pejling.ReservationHeld:
				if !expires.After(opsNow) {
					t.Errorf("held past its hold: %+v", x)
				}
			case pejling.ReservationExpired:
				if expires.After(opsNow) {
					t.Errorf("expired before its hold ended: %+v", x)
				}
			}
			taken, same := 0, 0
			for _, y := range rs {
				if takes(y, x.ReservedAt) {
					taken++
					if y.PersonID == x.PersonID {
						same++
					}
				}
			}
			if taken > s.Capacity || same > 1 {
				t.Errorf("slot %d: %d places taken of %d at %v (%d by %s)", i, taken, s.Capacity, x.ReservedAt, same, x.PersonID)
			}
		}
	}
	t.Logf("reservations: %v", outcomes)
	for _, st := range []pejling.ReservationStatus{pejling.ReservationHeld, pejling.ReservationConfirmed, pejling.ReservationReleased, pejling.ReservationExpired} {
		if outcomes[st] == 0 {
			t.Errorf("no reservation is %s", st)
		}
	}

	// Progression: valid, and improving on average from the first conversation to the
	// last.
	cat := employer.DefaultCatalogue()
	var scores []pejling.ProgressionScore
	var focus []pejling.FocusThemes
	withIntervention := 0
	for _, c := range ops.Conversations {
		for _, s := range c.Scores {
			person("score", s.PersonID, c.Municipality)
			staffOf("score", s.ScoredBy, c.Municipality)
			if s.InterventionID != "" {
				withIntervention++
			}
		}
		scores = append(scores, c.Scores...)
	}
	for _, f := range ops.Focus {
		person("focus", f.Focus.PersonID, f.Municipality)
		staffOf("focus", f.By, f.Municipality)
		if f.Focus.From > today {
			t.Errorf("focus in the future: %+v", f)
		}
		focus = append(focus, f.Focus)
	}
	if err := cat.ValidateScores(scores, today); err != nil {
		t.Fatal(err)
	}
	if err := cat.ValidateFocus(focus); err != nil {
		t.Fatal(err)
	}
	if withIntervention == 0 {
		t.Error("no score is linked to an intervention")
	}
	agg, err := employer.AggregateProgression(scores, focus, cat, employer.ProgressionByTeam)
	if err != nil {
		t.Fatal(err)
	}
	if len(agg) == 0 {
		t.Fatal("no progression by team")
	}
	if len(agg) != len(demodata.Teams) {
		t.Errorf("progression of %d teams, want %d", len(agg), len(demodata.Teams))
	}
	for _, a := range agg {
		t.Logf("progression %+v", a)
		if a.MeanChange <= 0 {
			t.Errorf("team %s does not improve on average: %+v", a.Key, a)
		}
	}

	checkOrderRequirements(t, ops)
	checkTeams(t, ops, today, staffOf, person)

	// No CPR-shaped value anywhere.
	walkStrings(reflect.ValueOf(ops), func(s string) {
		if pejling.HasCPRNumber(s) {
			t.Errorf("a CPR-shaped value: %q", s)
		}
	})
	t.Logf("rows: %v", ops.Rows())
}

func takes(x demodata.SlotReservation, t time.Time) bool {
	if t.Before(x.ReservedAt) {
		return false
	}
	switch x.Outcome {
	case pejling.ReservationConfirmed:
		return true
	case pejling.ReservationReleased:
		return t.Before(x.At)
	}
	return t.Before(x.ReservedAt.Add(x.Hold))
}

// walkStrings calls fn with every string reachable from v.
func walkStrings(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.String:
		fn(v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			walkStrings(v.Index(i), fn)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			walkStrings(it.Key(), fn)
			walkStrings(it.Value(), fn)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), fn)
			}
		}
	}
}

// checkOrderRequirements checks the orders' requirements: valid, most of them matchable
// with the occupation of the title and candidates among the municipality's profiles, a
// few orders without, a few edited (taken with other requirements).
func checkOrderRequirements(t *testing.T, ops *demodata.Operations) {
	t.Helper()
	profiles := map[int][]pejling.Profile{}
	for _, p := range ops.Profiles {
		profiles[p.Municipality] = append(profiles[p.Municipality], p.Profile)
	}
	var none, matchable, withCandidates, edited int
	for i, o := range ops.Orders {
		r := o.Requirements
		if err := r.Validate(); err != nil {
			t.Errorf("order %q: %v", o.Title, err)
		}
		edits := 0
		for _, ev := range o.History {
			if ev.Type == pejling.OrderEdit {
				edits++
			}
		}
		first := ops.OrderFirstRequirements[i]
		if edits == 0 && !reflect.DeepEqual(first, r) || edits > 0 && reflect.DeepEqual(first, r) {
			t.Errorf("order %q: %d edits, taken with %+v, now %+v", o.Title, edits, first, r)
		}
		if edits > 0 {
			edited++
		}
		if !r.Matchable() {
			if r.Occupation != "" || r.HasLocation {
				t.Errorf("order %q: half its requirements: %+v", o.Title, r)
			}
			none++
			continue
		}
		matchable++
		title, _, _ := strings.Cut(o.Title, " (") // "2 × kok (løntilskud)"
		if _, after, ok := strings.Cut(title, " × "); ok {
			title = after
		}
		if occupationTitles[r.Occupation] != title {
			t.Errorf("order %q asks for occupation %s", o.Title, r.Occupation)
		}
		if len(r.Skills) == 0 || r.Hours.Max == 0 || r.Address == "" {
			t.Errorf("order %q: requirements without skills, hours or address: %+v", o.Title, r)
		}
		if len(employer.NewIndex(profiles[o.Municipality]).BestCandidates(o.Vacancy(), 10, employer.DefaultMatchWeights())) > 0 {
			withCandidates++
		}
	}
	t.Logf("orders: %d matchable (%d with candidates), %d without requirements, %d edited", matchable, withCandidates, none, edited)
	if none == 0 || edited == 0 || matchable < 7*len(ops.Orders)/10 || withCandidates < matchable*8/10 {
		t.Errorf("orders: %d matchable (%d with candidates), %d without requirements, %d edited of %d", matchable, withCandidates, none, edited, len(ops.Orders))
	}
}

// occupationTitles are the titles of the DISCO-08 codes the orders use.
var occupationTitles = map[string]string{
	"9333": "lagermedarbejder", "5322": "social- og sundhedshjælper", "5120": "kok", "9412": "køkkenmedhjælper",
	"5223": "butiksassistent", "8322": "chauffør", "7112": "murer", "7411": "elektriker", "9112": "rengøringsassistent",
	"4110": "kontorassistent", "2512": "softwareudvikler", "5311": "pædagogmedhjælper", "7231": "mekaniker",
	"9214": "gartneriarbejder", "8160": "fødevareoperatør", "5131": "tjener",
}

// checkTeams checks the teams, members, caseloads and goals: every staff member in the
// team of their name and in one team only, caseload persons on benefit in the register
// of the municipality, a person's assignments in time order without overlap and at most
// one running, 30–80 each (fewer in a small data set), some reassigned and ended, and
// the goals valid.
func checkTeams(t *testing.T, ops *demodata.Operations, today pejling.Date, staffOf func(string, int64, int), person func(string, string, int)) {
	t.Helper()
	inTeam := map[int64]string{}
	teams := map[[2]string]bool{}
	for _, tm := range ops.Teams {
		if err := (pejling.Team{Municipality: tm.Municipality, Name: tm.Name}).Validate(); err != nil || !slices.Contains(demodata.Teams, tm.Name) {
			t.Errorf("team %+v: %v", tm, err)
		}
		key := [2]string{strconv.Itoa(tm.Municipality), tm.Name}
		if teams[key] {
			t.Errorf("team %s twice in %d", tm.Name, tm.Municipality)
		}
		teams[key] = true
		for _, u := range tm.Members {
			staffOf("member", u, tm.Municipality)
			if inTeam[u] != "" {
				t.Errorf("user %d in %s and %s", u, inTeam[u], tm.Name)
			}
			inTeam[u] = tm.Name
		}
	}
	for i, s := range ops.Staff {
		if s.Role == pejling.RoleAdmin {
			continue // the municipality's leader (placements): in no team, no caseload
		}
		if got := inTeam[demodata.StaffID(i)]; got != s.Team {
			t.Errorf("%s is in team %q, drawn in %q", s.Name, got, s.Team)
		}
	}
	byUser := map[int64]int{}
	last := map[string]pejling.CaseloadAssignment{}
	reassigned, ended := 0, 0
	for _, a := range ops.Caseloads {
		staffOf("caseload", a.UserID, a.Municipality)
		person("caseload", a.PersonID, a.Municipality)
		if err := a.Validate(); err != nil || a.From > today {
			t.Errorf("caseload %+v: %v", a, err)
		}
		if p, ok := last[a.PersonID]; ok {
			if p.To != a.From-1 || p.UserID == a.UserID || p.Municipality != a.Municipality {
				t.Errorf("caseload of %s: %+v then %+v", a.PersonID, p, a)
			}
			reassigned++
		}
		if a.To < pejling.Forever && a.To >= today {
			t.Errorf("caseload ends in the future: %+v", a)
		}
		last[a.PersonID] = a
		if a.Covers(today, today) {
			byUser[a.UserID]++
		}
	}
	for _, a := range last {
		if a.To < pejling.Forever {
			ended++
		}
	}
	for i, s := range ops.Staff {
		if s.Role == pejling.RoleAdmin {
			continue
		}
		if n := byUser[demodata.StaffID(i)]; n == 0 || n > 100 {
			t.Errorf("%s has %d persons on the caseload today", s.Name, n)
		}
	}
	t.Logf("caseloads: %d assignments of %d persons, %d reassigned, %d ended", len(ops.Caseloads), len(last), reassigned, ended)
	if reassigned == 0 || ended == 0 {
		t.Error("no caseload was reassigned or ended")
	}
	goals := map[string]int{}
	for _, g := range ops.Goals {
		x := g.Goal
		x.TeamID = 1
		if err := x.Validate(); err != nil || !teams[[2]string{strconv.Itoa(x.Municipality), g.Team}] || x.FromWeek > today {
			t.Errorf("goal %+v: %v", g, err)
		}
		staffOf("goal", g.SetBy, x.Municipality)
		goals[string(x.Metric)]++
	}
	if goals[string(pejling.MetricOrdersHandled)] == 0 || goals[string(pejling.MetricServiceLevels)] == 0 || goals[string(pejling.MetricCompanyVisits)] == 0 {
		t.Errorf("no goal for the employer service's work: %v", goals)
	}
	for _, m := range []pejling.TeamMetric{pejling.MetricActivationRate, pejling.MetricOutflow, pejling.MetricTurnoverSpeed} {
		if goals[string(m)] < len(ops.Teams) {
			t.Errorf("%d goals for %s, %d teams", goals[string(m)], m, len(ops.Teams))
		}
	}
}
