package employer

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

//go:embed default_policy.json
var defaultPolicyJSON []byte

// Policy is the service-level policy of an employer service: the promises made to
// employers about job orders, the closing rule, and the opening-hours calendar the
// promises are counted in. It is configuration, read from JSON (LoadPolicy);
// default_policy.json holds the defaults of DOMAIN.md §6.
type Policy struct {
	Comment  string
	Calendar *Calendar
	Levels   []ServiceLevel
	// UntouchedDays is the closing rule: an open order with no event for this many
	// calendar days must be closed or renewed.
	UntouchedDays int
}

// ServiceLevel is one promise: within a span of opening time from its creation an order
// gets one of the events MetBy. It applies to the orders of Channels and Kinds (each
// empty for all).
type ServiceLevel struct {
	Name        string
	Description string
	Within      time.Duration // opening time
	MetBy       []pejling.OrderEventType
	Channels    []pejling.OrderChannel
	Kinds       []pejling.OrderKind
}

// AppliesTo reports whether the level is promised to the order o.
func (l ServiceLevel) AppliesTo(o pejling.JobOrder) bool {
	return (len(l.Channels) == 0 || slices.Contains(l.Channels, o.Channel)) &&
		(len(l.Kinds) == 0 || slices.Contains(l.Kinds, o.Kind))
}

// Policy bounds.
const (
	PolicyMaxWithinHours   = 24 * 365 // a service level of more than a year of opening time is a typo
	PolicyMaxUntouchedDays = 366
)

// policyFile is the JSON form of a policy.
type policyFile struct {
	Comment      string `json:"comment"`
	TimeZone     string `json:"time_zone"`
	OpeningHours *struct {
		Monday    string `json:"monday"`
		Tuesday   string `json:"tuesday"`
		Wednesday string `json:"wednesday"`
		Thursday  string `json:"thursday"`
		Friday    string `json:"friday"`
		Saturday  string `json:"saturday"`
		Sunday    string `json:"sunday"`
	} `json:"opening_hours"`
	ExtraClosedDays []struct {
		Date string `json:"date"`
		Name string `json:"name"`
	} `json:"extra_closed_days"`
	ServiceLevels []struct {
		Name        string   `json:"name"`
		Description string   `json:"description"`
		Within      *float64 `json:"within_opening_hours"`
		MetBy       []string `json:"met_by"`
		Channels    []string `json:"channels"`
		Kinds       []string `json:"kinds"`
	} `json:"service_levels"`
	UntouchedDays *int `json:"untouched_days"`
}

// LoadPolicy reads a policy: JSON with "time_zone" (an IANA name), "opening_hours" (for
// each of "monday" … "sunday" "HH:MM-HH:MM" or "closed"), "extra_closed_days" (a list of
// {"date", "name"}, the date "MM-DD" for every year or "YYYY-MM-DD" for one),
// "service_levels" (a list of {"name", "description", "within_opening_hours",
// "met_by": event types, "channels", "kinds"}) and "untouched_days"; "comment" is free
// text. Unknown fields are refused; every failure is EINVALID and names the field.
func LoadPolicy(r io.Reader) (*Policy, error) {
	var f policyFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: not valid JSON of the policy format: %s", pejling.Clip(err.Error()))
	}
	if dec.More() {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: text after the JSON object")
	}
	if f.TimeZone == "" {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: time_zone is missing")
	}
	loc, err := time.LoadLocation(f.TimeZone)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: time_zone %q is not a known time zone", pejling.Clip(f.TimeZone))
	}
	if f.OpeningHours == nil {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: opening_hours is missing")
	}
	var hours [7]OpeningHours
	oh := f.OpeningHours
	for _, d := range []struct {
		day  time.Weekday
		name string
		s    string
	}{
		{time.Monday, "monday", oh.Monday}, {time.Tuesday, "tuesday", oh.Tuesday},
		{time.Wednesday, "wednesday", oh.Wednesday}, {time.Thursday, "thursday", oh.Thursday},
		{time.Friday, "friday", oh.Friday}, {time.Saturday, "saturday", oh.Saturday},
		{time.Sunday, "sunday", oh.Sunday},
	} {
		h, err := parseOpeningHours(d.s)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "policy file: opening_hours.%s: %s", d.name, err)
		}
		hours[d.day] = h
	}
	var extra []ClosedDay
	for i, e := range f.ExtraClosedDays {
		c, err := parseClosedDay(e.Date)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "policy file: extra_closed_days[%d].date: %s", i, err)
		}
		c.Name = e.Name
		extra = append(extra, c)
	}
	cal, err := NewCalendar(loc, hours, extra)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: %s", pejling.ErrorMessage(err))
	}
	p := &Policy{Comment: f.Comment, Calendar: cal}

	if f.UntouchedDays == nil {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: untouched_days is missing")
	} else if *f.UntouchedDays < 1 || *f.UntouchedDays > PolicyMaxUntouchedDays {
		return nil, pejling.Errorf(pejling.EINVALID, "policy file: untouched_days %d outside 1–%d", *f.UntouchedDays, PolicyMaxUntouchedDays)
	}
	p.UntouchedDays = *f.UntouchedDays

	for i, e := range f.ServiceLevels {
		at := fmt.Sprintf("policy file: service_levels[%d]", i)
		l := ServiceLevel{Name: e.Name, Description: e.Description}
		switch {
		case strings.TrimSpace(e.Name) == "":
			return nil, pejling.Errorf(pejling.EINVALID, "%s.name is missing", at)
		case slices.ContainsFunc(p.Levels, func(o ServiceLevel) bool { return o.Name == e.Name }):
			return nil, pejling.Errorf(pejling.EINVALID, "%s.name %q appears twice", at, pejling.Clip(e.Name))
		case e.Within == nil:
			return nil, pejling.Errorf(pejling.EINVALID, "%s.within_opening_hours is missing", at)
		case !(*e.Within > 0 && *e.Within <= PolicyMaxWithinHours):
			return nil, pejling.Errorf(pejling.EINVALID, "%s.within_opening_hours %v outside (0, %d]", at, *e.Within, PolicyMaxWithinHours)
		case len(e.MetBy) == 0:
			return nil, pejling.Errorf(pejling.EINVALID, "%s.met_by is empty: name the events that meet the level", at)
		}
		l.Within = time.Duration(math.Round(*e.Within * float64(time.Hour)))
		for j, s := range e.MetBy {
			t := pejling.OrderEventType(s)
			if !t.Valid() || t == pejling.OrderCreated {
				return nil, pejling.Errorf(pejling.EINVALID, "%s.met_by[%d]: %q is not an event that can meet a level (acknowledged, candidates_sent, filled, closed, renewed)", at, j, pejling.Clip(s))
			}
			l.MetBy = append(l.MetBy, t)
		}
		for j, s := range e.Channels {
			c := pejling.OrderChannel(s)
			if !c.Valid() {
				return nil, pejling.Errorf(pejling.EINVALID, "%s.channels[%d]: unknown channel %q (normal, hotline)", at, j, pejling.Clip(s))
			}
			l.Channels = append(l.Channels, c)
		}
		for j, s := range e.Kinds {
			k := pejling.OrderKind(s)
			if !k.Valid() {
				return nil, pejling.Errorf(pejling.EINVALID, "%s.kinds[%d]: unknown kind %q (ordinary, supported)", at, j, pejling.Clip(s))
			}
			l.Kinds = append(l.Kinds, k)
		}
		p.Levels = append(p.Levels, l)
	}
	return p, nil
}

// parseOpeningHours reads "HH:MM-HH:MM" (24:00 allowed as the close) or "closed".
func parseOpeningHours(s string) (OpeningHours, error) {
	if s == "closed" {
		return OpeningHours{}, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return OpeningHours{}, fmt.Errorf("%q is neither HH:MM-HH:MM nor closed", pejling.Clip(s))
	}
	o, err1 := parseClock(a)
	c, err2 := parseClock(b)
	if err1 != nil || err2 != nil {
		return OpeningHours{}, fmt.Errorf("%q is neither HH:MM-HH:MM nor closed", pejling.Clip(s))
	}
	if c <= o {
		return OpeningHours{}, fmt.Errorf("%q closes before it opens", s)
	}
	return OpeningHours{o, c}, nil
}

// parseClock reads HH:MM of 00:00–24:00.
func parseClock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(s, ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || len(hh) != 2 || len(mm) != 2 || err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || h == 24 && m != 0 {
		return 0, fmt.Errorf("bad clock %q", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// parseClosedDay reads "MM-DD" (every year) or "YYYY-MM-DD".
func parseClosedDay(s string) (ClosedDay, error) {
	var c ClosedDay
	var m int
	var err error
	switch len(s) {
	case 5:
		_, err = fmt.Sscanf(s, "%02d-%02d", &m, &c.Day)
	case 10:
		_, err = fmt.Sscanf(s, "%04d-%02d-%02d", &c.Year, &m, &c.Day)
	default:
		err = fmt.Errorf("wrong length")
	}
	if err != nil {
		return c, fmt.Errorf("%q is neither MM-DD nor YYYY-MM-DD", pejling.Clip(s))
	}
	c.Month = time.Month(m)
	return c, nil
}

// DefaultPolicyJSON returns the default policy file (default_policy.json), the
// starting point of a municipality's own.
func DefaultPolicyJSON() []byte { return bytes.Clone(defaultPolicyJSON) }

// DefaultPolicy returns the policy of the embedded default_policy.json: acknowledged
// within 24 opening hours, a hotline candidate within 3, closed or renewed after 14
// untouched days, opening hours Monday–Thursday 08:00–15:30 and Friday 08:00–13:00 in
// Europe/Copenhagen, closed on public holidays, grundlovsdag, 24 and 31 December.
func DefaultPolicy() *Policy {
	p, err := LoadPolicy(bytes.NewReader(defaultPolicyJSON))
	if err != nil {
		panic("employer: embedded default_policy.json: " + err.Error())
	}
	return p
}

// LevelState is how an order stands against one service level.
type LevelState string

// The states of a service level of an order.
const (
	// LevelMet: one of the level's events happened by the deadline (inclusive).
	LevelMet LevelState = "met"
	// LevelMissed: the event came after the deadline, or the deadline passed without it.
	LevelMissed LevelState = "missed"
	// LevelPending: no event yet, the deadline is still ahead and the order open.
	LevelPending LevelState = "pending"
	// LevelVoid: the order was filled or closed before the deadline without the
	// event (say the employer withdrew it in the first hour): neither met nor missed.
	LevelVoid LevelState = "void"
)

// Clock is where one order stands against one service level at a given time.
type Clock struct {
	Level    string
	Deadline time.Time // created + Within of opening time
	State    LevelState
	At       time.Time     // when the level's event happened; zero if it has not
	Late     time.Duration // LevelMissed: opening time from the deadline to the event, or to now
	Left     time.Duration // LevelPending: opening time from now to the deadline
}

// Clocks returns the clocks of the service levels of p that apply to the order o, in
// the policy's order, at now, from the order's history (CreatedAt starts every clock).
// A renewal restarts the untouched clock (UntouchedDeadline), not these.
func Clocks(o pejling.JobOrder, p *Policy, now time.Time) []Clock {
	var cs []Clock
	for _, l := range p.Levels {
		if l.AppliesTo(o) {
			cs = append(cs, clockOf(o, l, p.Calendar, now))
		}
	}
	return cs
}

func clockOf(o pejling.JobOrder, l ServiceLevel, cal *Calendar, now time.Time) Clock {
	c := Clock{Level: l.Name, Deadline: cal.AddOpeningHours(o.CreatedAt, l.Within)}
	for _, e := range o.History {
		if slices.Contains(l.MetBy, e.Type) && !e.At.After(now) {
			c.At = e.At
			break
		}
	}
	// closed: the order was filled or closed by now (a history read at an earlier now
	// sees it open).
	closed := !o.Open() && !o.ClosedAt.IsZero() && !o.ClosedAt.After(now)
	switch {
	case !c.At.IsZero() && !c.At.After(c.Deadline):
		c.State = LevelMet
	case !c.At.IsZero():
		c.State, c.Late = LevelMissed, cal.OpeningTimeBetween(c.Deadline, c.At)
	case closed && !o.ClosedAt.After(c.Deadline):
		c.State = LevelVoid
	case closed:
		c.State, c.Late = LevelMissed, cal.OpeningTimeBetween(c.Deadline, o.ClosedAt)
	case now.After(c.Deadline):
		c.State, c.Late = LevelMissed, cal.OpeningTimeBetween(c.Deadline, now)
	default:
		c.State, c.Left = LevelPending, cal.OpeningTimeBetween(now, c.Deadline)
	}
	return c
}

// UntouchedDeadline returns when the open order o must at the latest be closed or
// renewed: UntouchedDays calendar days (in the calendar's zone, so a day is 23 or 25
// hours across a summer-time change) after its latest event.
func (p *Policy) UntouchedDeadline(o pejling.JobOrder) time.Time {
	t := o.TouchedAt
	if t.IsZero() {
		t = o.CreatedAt
	}
	return t.In(p.Calendar.loc).AddDate(0, 0, p.UntouchedDays)
}
