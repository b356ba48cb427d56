package demodata_test

import (
	"reflect"
	"slices"

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
		if err := pejling.ValidUserName(s.Name); err != nil || names[s.Name] || !munis[s.Municipality] || !s.Role.Valid() || s.Team == "" {
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
	for _, o := range ops.Orders {
		company("order", o.CVR, o.Municipality)
		staffOf("order owner", o.Owner, o.Municipality)
		replay, err := employer.NewOrder(o, o.History[0].Actor, o.History[0].At)
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range o.History[1:] {
			if replay, err = employer.Transition(replay, ev, ev.Actor, ev.At); err != nil {
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
