package employer_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

func TestDefaultPolicy(t *testing.T) {
	p := employer.DefaultPolicy()
	if p.UntouchedDays != 14 {
		t.Errorf("UntouchedDays = %d, want 14", p.UntouchedDays)
	}
	if len(p.Levels) != 2 {
		t.Fatalf("%d levels, want 2", len(p.Levels))
	}
	ack, hot := p.Levels[0], p.Levels[1]
	if ack.Name != "acknowledged" || ack.Within != 24*time.Hour || len(ack.Channels) != 0 {
		t.Errorf("first level = %+v", ack)
	}
	if hot.Name != "hotline_candidate" || hot.Within != 3*time.Hour || len(hot.Channels) != 1 || hot.Channels[0] != pejling.ChannelHotline {
		t.Errorf("second level = %+v", hot)
	}
	if p.Calendar.Location().String() != "Europe/Copenhagen" {
		t.Errorf("zone = %s", p.Calendar.Location())
	}
}

// policyJSON is a valid policy that the invalid cases below spoil one field of.
const policyJSON = `{
  "time_zone": "Europe/Copenhagen",
  "opening_hours": {"monday": "08:00-15:30", "tuesday": "08:00-15:30", "wednesday": "08:00-15:30",
    "thursday": "08:00-15:30", "friday": "08:00-13:00", "saturday": "closed", "sunday": "closed"},
  "extra_closed_days": [{"date": "06-05", "name": "grundlovsdag"}, {"date": "2026-11-20", "name": "seminar"}],
  "service_levels": [{"name": "acknowledged", "within_opening_hours": 24, "met_by": ["acknowledged"]}],
  "untouched_days": 14
}`

func TestLoadPolicy(t *testing.T) {
	t.Run("Valid", func(t *testing.T) {
		p, err := employer.LoadPolicy(strings.NewReader(policyJSON))
		if err != nil {
			t.Fatal(err)
		}
		if name, closed := p.Calendar.ClosedOn(pejling.MustParseDate("2026-11-20")); !closed || name != "seminar" {
			t.Errorf("one-off closed day: %q %v", name, closed)
		}
		if _, closed := p.Calendar.ClosedOn(pejling.MustParseDate("2027-11-20")); closed {
			t.Error("one-off closed day closes the next year too")
		}
	})
	for _, tc := range []struct {
		name, old, new, want string
	}{
		{"UnknownField", `"untouched_days"`, `"colour": 1, "untouched_days"`, "colour"},
		{"NoZone", `"time_zone": "Europe/Copenhagen",`, ``, "time_zone is missing"},
		{"BadZone", `Europe/Copenhagen`, `Europe/Aarhus`, "time_zone"},
		{"BadHours", `"friday": "08:00-13:00"`, `"friday": "8-13"`, "opening_hours.friday"},
		{"ClosesBeforeOpening", `"friday": "08:00-13:00"`, `"friday": "13:00-08:00"`, "opening_hours.friday"},
		{"BadClock", `"friday": "08:00-13:00"`, `"friday": "08:00-25:00"`, "opening_hours.friday"},
		{"AllClosed", `"monday": "08:00-15:30", "tuesday": "08:00-15:30", "wednesday": "08:00-15:30",
    "thursday": "08:00-15:30", "friday": "08:00-13:00"`, `"monday": "closed", "tuesday": "closed", "wednesday": "closed",
    "thursday": "closed", "friday": "closed"`, "open on no weekday"},
		{"BadClosedDay", `"06-05"`, `"06-31"`, "grundlovsdag"},
		{"MalformedClosedDay", `"06-05"`, `"5 June"`, "extra_closed_days[0].date"},
		{"NoUntouched", `,
  "untouched_days": 14`, ``, "untouched_days is missing"},
		{"ZeroUntouched", `"untouched_days": 14`, `"untouched_days": 0`, "untouched_days 0"},
		{"LevelNoName", `"name": "acknowledged", `, ``, "service_levels[0].name"},
		{"LevelNoWithin", `"within_opening_hours": 24, `, ``, "service_levels[0].within_opening_hours is missing"},
		{"LevelNegative", `"within_opening_hours": 24`, `"within_opening_hours": -1`, "service_levels[0].within_opening_hours"},
		{"LevelNoMetBy", `"met_by": ["acknowledged"]`, `"met_by": []`, "service_levels[0].met_by"},
		{"LevelBadEvent", `"met_by": ["acknowledged"]`, `"met_by": ["created"]`, "service_levels[0].met_by[0]"},
		{"LevelBadChannel", `"met_by": ["acknowledged"]`, `"met_by": ["acknowledged"], "channels": ["fax"]`, "service_levels[0].channels[0]"},
		{"LevelBadKind", `"met_by": ["acknowledged"]`, `"met_by": ["acknowledged"], "kinds": ["odd"]`, "service_levels[0].kinds[0]"},
		{"LevelTwice", `"met_by": ["acknowledged"]}]`, `"met_by": ["acknowledged"]}, {"name": "acknowledged", "within_opening_hours": 1, "met_by": ["acknowledged"]}]`, "service_levels[1].name"},
		{"TrailingText", `"untouched_days": 14
}`, `"untouched_days": 14
} {}`, "text after"},
		{"NotJSON", policyJSON, `nonsense`, "not valid JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(policyJSON, tc.old, tc.new, 1)
			if src == policyJSON {
				t.Fatal("the case changes nothing")
			}
			_, err := employer.LoadPolicy(strings.NewReader(src))
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if msg := pejling.ErrorMessage(err); !strings.Contains(msg, tc.want) {
				t.Errorf("message %q does not name %q", msg, tc.want)
			}
		})
	}
}

// order returns an order created at created on channel ch with the events at the given
// times appended (types and times in pairs), built through Transition.
func order(t *testing.T, ch pejling.OrderChannel, created time.Time, events ...any) pejling.JobOrder {
	t.Helper()
	o, err := employer.NewOrder(pejling.JobOrder{CVR: "12345678", Title: "Lagermedarbejder", Kind: pejling.OrderOrdinary, Channel: ch, Team: "Virksomhedsteam Nord"}, 7, created)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(events); i += 2 {
		ev := pejling.OrderEvent{Type: events[i].(pejling.OrderEventType)}
		if ev.Type == pejling.OrderClose {
			ev.Reason = pejling.ReasonWithdrawn
		}
		if o, err = employer.Transition(o, ev, 7, events[i+1].(time.Time)); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

func TestClocks(t *testing.T) {
	p := employer.DefaultPolicy()
	fri := at(2026, 11, 6, 12, 30) // hotline deadline Mon 9 Nov 10:30, ack deadline Thu 12 Nov 09:00
	type want struct {
		state       employer.LevelState
		late, left  time.Duration
		deadline    time.Time
		wantLevelOf string
	}
	for _, tc := range []struct {
		name  string
		o     pejling.JobOrder
		now   time.Time
		wants []want
	}{
		{"NormalPending", order(t, pejling.ChannelNormal, fri), at(2026, 11, 9, 8, 0),
			[]want{{employer.LevelPending, 0, 23*time.Hour + 30*time.Minute, at(2026, 11, 12, 9, 0), "acknowledged"}}},
		{"NormalMetByCandidates", order(t, pejling.ChannelNormal, fri, pejling.OrderSendCandidates, at(2026, 11, 12, 9, 0)), at(2026, 11, 20, 8, 0),
			[]want{{employer.LevelMet, 0, 0, at(2026, 11, 12, 9, 0), "acknowledged"}}},
		{"HotlineMissedStillOpen", order(t, pejling.ChannelHotline, fri, pejling.OrderAcknowledge, at(2026, 11, 6, 12, 45)), at(2026, 11, 9, 12, 0),
			[]want{
				{employer.LevelMet, 0, 0, at(2026, 11, 12, 9, 0), "acknowledged"},
				{employer.LevelMissed, 90 * time.Minute, 0, at(2026, 11, 9, 10, 30), "hotline_candidate"},
			}},
		{"HotlineMetLateCandidate", order(t, pejling.ChannelHotline, fri, pejling.OrderSendCandidates, at(2026, 11, 10, 8, 15)), at(2026, 11, 20, 8, 0),
			[]want{
				{employer.LevelMet, 0, 0, at(2026, 11, 12, 9, 0), "acknowledged"},
				// Mon 10:30–15:30 5 h, Tue 08:00–08:15: 5 h 15 min late.
				{employer.LevelMissed, 5*time.Hour + 15*time.Minute, 0, at(2026, 11, 9, 10, 30), "hotline_candidate"},
			}},
		{"WithdrawnBeforeDeadline", order(t, pejling.ChannelHotline, fri, pejling.OrderClose, at(2026, 11, 6, 12, 50)), at(2026, 11, 20, 8, 0),
			[]want{
				{employer.LevelVoid, 0, 0, at(2026, 11, 12, 9, 0), "acknowledged"},
				{employer.LevelVoid, 0, 0, at(2026, 11, 9, 10, 30), "hotline_candidate"},
			}},
		{"ClosedAfterDeadline", order(t, pejling.ChannelNormal, fri, pejling.OrderClose, at(2026, 11, 12, 10, 30)), at(2026, 11, 20, 8, 0),
			[]want{{employer.LevelMissed, 90 * time.Minute, 0, at(2026, 11, 12, 9, 0), "acknowledged"}}},
		{"HistoryReadEarlier", order(t, pejling.ChannelNormal, fri, pejling.OrderAcknowledge, at(2026, 11, 10, 9, 0)), at(2026, 11, 9, 9, 0),
			[]want{{employer.LevelPending, 0, 22*time.Hour + 30*time.Minute, at(2026, 11, 12, 9, 0), "acknowledged"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs := employer.Clocks(tc.o, p, tc.now)
			if len(cs) != len(tc.wants) {
				t.Fatalf("%d clocks, want %d: %+v", len(cs), len(tc.wants), cs)
			}
			for i, w := range tc.wants {
				c := cs[i]
				if c.Level != w.wantLevelOf || c.State != w.state || c.Late != w.late || c.Left != w.left || !c.Deadline.Equal(w.deadline) {
					t.Errorf("clock %d = %+v, want %+v", i, c, w)
				}
			}
		})
	}
}

func TestUntouchedDeadline(t *testing.T) {
	p := employer.DefaultPolicy()
	// Touched Mon 19 Oct 2026 10:00 CEST; 14 calendar days later is Mon 2 Nov 10:00 CET
	// (winter time from 25 Oct): 14 days and 1 hour of elapsed time.
	o := order(t, pejling.ChannelNormal, at(2026, 10, 19, 10, 0))
	if got, want := p.UntouchedDeadline(o), at(2026, 11, 2, 10, 0); !got.Equal(want) {
		t.Errorf("UntouchedDeadline = %s, want %s", got, want)
	}
	r := order(t, pejling.ChannelNormal, at(2026, 10, 19, 10, 0), pejling.OrderRenew, at(2026, 10, 30, 9, 0))
	if got, want := p.UntouchedDeadline(r), at(2026, 11, 13, 9, 0); !got.Equal(want) {
		t.Errorf("after renewal UntouchedDeadline = %s, want %s", got, want)
	}
}
