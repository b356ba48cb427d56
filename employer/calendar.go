package employer

import (
	"fmt"
	"time"
	_ "time/tzdata" // the calendar's zone must load without a system zoneinfo

	"github.com/pejling/pejling"
)

// OpeningHours is the opening time of one weekday, as durations since local midnight.
// A day with Open == Close (the zero value) is closed. Close may be 24h.
type OpeningHours struct {
	Open, Close time.Duration
}

// closed reports whether the day has no opening time.
func (h OpeningHours) closed() bool { return h.Close <= h.Open }

// ClosedDay is a day the job centre is closed besides the Danish public holidays: every
// year on Month/Day when Year is 0, else on that one date.
type ClosedDay struct {
	Year  int // 0: every year
	Month time.Month
	Day   int
	Name  string
}

// Holiday is a Danish public holiday (helligdag) of a year.
type Holiday struct {
	Date pejling.Date
	Name string
}

// Calendar is the opening hours of a job centre: which hours of which weekdays it is
// open, closed on the Danish public holidays and on extra closed days, in a time zone.
// Service-level clocks run only while it is open. Its zero value is not usable; make
// one with NewCalendar or take the default policy's.
//
// Opening time is elapsed time: an hour is 60 real minutes even on the nights clocks
// change for summer time (a job centre open across 02:00 on the last Sunday of March
// is open 1 hour less that day).
type Calendar struct {
	loc   *time.Location
	hours [7]OpeningHours // by time.Weekday
	extra []ClosedDay
}

// NewCalendar returns the calendar of the zone loc, the opening hours by time.Weekday
// (hours[time.Sunday] …), and the extra closed days. It fails with EINVALID when the
// hours are out of 00:00–24:00, no weekday is open, or an extra day is not a date.
func NewCalendar(loc *time.Location, hours [7]OpeningHours, extra []ClosedDay) (*Calendar, error) {
	if loc == nil {
		return nil, pejling.Errorf(pejling.EINVALID, "calendar: no time zone")
	}
	open := false
	for d, h := range hours {
		if h.Open < 0 || h.Close > 24*time.Hour || h.Close < h.Open {
			return nil, pejling.Errorf(pejling.EINVALID, "calendar: opening hours of %s must lie within 00:00–24:00 and close after they open", time.Weekday(d))
		}
		open = open || !h.closed()
	}
	if !open {
		return nil, pejling.Errorf(pejling.EINVALID, "calendar: open on no weekday")
	}
	for _, c := range extra {
		y := c.Year
		if y == 0 {
			y = 2000 // a leap year: 29 February is allowed every year (and then holds in leap years)
		}
		if c.Year != 0 && (c.Year < 1900 || c.Year > 2200) || c.Month < 1 || c.Month > 12 ||
			c.Day < 1 || c.Day > time.Date(y, c.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() {
			return nil, pejling.Errorf(pejling.EINVALID, "calendar: closed day %q: %04d-%02d-%02d is not a date", pejling.Clip(c.Name), c.Year, int(c.Month), c.Day)
		}
	}
	return &Calendar{loc: loc, hours: hours, extra: append([]ClosedDay(nil), extra...)}, nil
}

// Location returns the calendar's time zone.
func (c *Calendar) Location() *time.Location { return c.loc }

// Easter returns Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm
// (Meeus/Jones/Butcher; J. Meeus, Astronomical Algorithms, 2nd ed. 1998, ch. 8).
func Easter(year int) pejling.Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return pejling.DateOf(year, time.Month(month), day)
}

// Holidays returns the Danish public holidays of year in date order: nytårsdag,
// skærtorsdag, langfredag, påskedag, 2. påskedag, store bededag (until 2023; abolished
// from 2024 by lov nr. 54 af 28.2.2023), Kristi himmelfartsdag, pinsedag, 2. pinsedag,
// juledag and 2. juledag. Grundlovsdag, juleaftensdag and nytårsaftensdag are not public
// holidays; job centres usually close on them, which the default policy says as extra
// closed days.
func Holidays(year int) []Holiday {
	e := Easter(year)
	hs := []Holiday{
		{pejling.DateOf(year, time.January, 1), "nytårsdag"},
		{e - 3, "skærtorsdag"},
		{e - 2, "langfredag"},
		{e, "påskedag"},
		{e + 1, "2. påskedag"},
	}
	if year < 2024 {
		hs = append(hs, Holiday{e + 26, "store bededag"})
	}
	return append(hs,
		Holiday{e + 39, "Kristi himmelfartsdag"},
		Holiday{e + 49, "pinsedag"},
		Holiday{e + 50, "2. pinsedag"},
		Holiday{pejling.DateOf(year, time.December, 25), "juledag"},
		Holiday{pejling.DateOf(year, time.December, 26), "2. juledag"},
	)
}

// holidayName names the public holiday on d (of year y, month m, day day), or returns
// "": Holidays without building the year's list, since the clocks ask for every day.
func holidayName(d pejling.Date, y int, m time.Month, day int) string {
	switch {
	case m == time.January && day == 1:
		return "nytårsdag"
	case m == time.December && day == 25:
		return "juledag"
	case m == time.December && day == 26:
		return "2. juledag"
	case m < time.March || m > time.June:
		return ""
	}
	switch d - Easter(y) {
	case -3:
		return "skærtorsdag"
	case -2:
		return "langfredag"
	case 0:
		return "påskedag"
	case 1:
		return "2. påskedag"
	case 26:
		if y < 2024 {
			return "store bededag"
		}
	case 39:
		return "Kristi himmelfartsdag"
	case 49:
		return "pinsedag"
	case 50:
		return "2. pinsedag"
	}
	return ""
}

// ClosedOn reports whether the job centre is closed all day on the calendar day d by a
// public holiday or an extra closed day, and names the day. Weekdays without opening
// hours are not named: it answers for holidays only.
func (c *Calendar) ClosedOn(d pejling.Date) (name string, closed bool) {
	t := d.Time()
	y, m, day := t.Date()
	if name := holidayName(d, y, m, day); name != "" {
		return name, true
	}
	for _, x := range c.extra {
		if (x.Year == 0 || x.Year == y) && x.Month == m && x.Day == day {
			return x.Name, true
		}
	}
	return "", false
}

// openingOf returns the opening and closing instants of the local day (y, m, d), and
// false when the job centre is closed all that day.
func (c *Calendar) openingOf(y int, m time.Month, d int) (open, close time.Time, ok bool) {
	midnight := time.Date(y, m, d, 0, 0, 0, 0, c.loc)
	h := c.hours[midnight.Weekday()]
	if h.closed() {
		return time.Time{}, time.Time{}, false
	}
	if _, closed := c.ClosedOn(pejling.DateOf(y, m, d)); closed {
		return time.Time{}, time.Time{}, false
	}
	return c.wallClock(y, m, d, h.Open), c.wallClock(y, m, d, h.Close), true
}

// wallClock is the instant the clocks of the zone show off after midnight of the local
// day (y, m, d): 08:00 is 08:00 on the wall whatever summer time does in the night.
func (c *Calendar) wallClock(y int, m time.Month, d int, off time.Duration) time.Time {
	off = off.Truncate(time.Second)
	return time.Date(y, m, d, 0, 0, int(off/time.Second), 0, c.loc)
}

// IsOpen reports whether the job centre is open at t (opening instant included, closing
// instant not).
func (c *Calendar) IsOpen(t time.Time) bool {
	y, m, d := t.In(c.loc).Date()
	o, cl, ok := c.openingOf(y, m, d)
	return ok && !t.Before(o) && t.Before(cl)
}

// maxSearchDays bounds the day-by-day walks; NewCalendar guarantees an open weekday, so
// only a list of extra days closing every one of them for decades could exhaust it.
const maxSearchDays = 366 * 50

// AddOpeningHours returns the instant at which d of opening time has passed since start:
// the deadline of a service level of d. A start outside the opening hours counts from
// the next opening; a deadline that falls exactly at closing time is that closing time,
// not the next opening. It panics if d is negative.
func (c *Calendar) AddOpeningHours(start time.Time, d time.Duration) time.Time {
	if d < 0 {
		panic(fmt.Sprintf("employer: AddOpeningHours with negative duration %v", d))
	}
	t := start.In(c.loc)
	for range maxSearchDays {
		y, m, day := t.Date()
		if o, cl, ok := c.openingOf(y, m, day); ok {
			if t.Before(o) {
				t = o
			}
			if t.Before(cl) {
				avail := cl.Sub(t)
				if d <= avail {
					return t.Add(d)
				}
				d -= avail
			}
		}
		t = time.Date(y, m, day+1, 0, 0, 0, 0, c.loc)
	}
	panic("employer: calendar open on no day in 50 years")
}

// OpeningTimeBetween returns the opening time from a to b: the sum over days of the
// overlap of [a, b) with the day's opening hours. It is negative when b is before a.
func (c *Calendar) OpeningTimeBetween(a, b time.Time) time.Duration {
	if b.Before(a) {
		return -c.OpeningTimeBetween(b, a)
	}
	var sum time.Duration
	t := a.In(c.loc)
	for t.Before(b) {
		y, m, day := t.Date()
		if o, cl, ok := c.openingOf(y, m, day); ok {
			from, to := o, cl
			if t.After(from) {
				from = t
			}
			if b.Before(to) {
				to = b
			}
			if to.After(from) {
				sum += to.Sub(from)
			}
		}
		t = time.Date(y, m, day+1, 0, 0, 0, 0, c.loc)
	}
	return sum
}
