package employer_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// cph is the zone of the default calendar.
var cph = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at is a Copenhagen wall-clock time.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, cph)
}

func TestEaster(t *testing.T) {
	// Reference dates: the Danish almanac (Easter Sunday), checked against the table of
	// the Astronomical Society of South Australia, "Easter Dates 2001-2100".
	for _, tc := range []struct {
		year int
		want string
	}{
		{2019, "2019-04-21"}, {2023, "2023-04-09"}, {2024, "2024-03-31"}, {2025, "2025-04-20"},
		{2026, "2026-04-05"}, {2027, "2027-03-28"}, {2038, "2038-04-25"}, {2285, "2285-03-22"},
	} {
		t.Run(fmt.Sprint(tc.year), func(t *testing.T) {
			if got := employer.Easter(tc.year).String(); got != tc.want {
				t.Errorf("Easter(%d) = %s, want %s", tc.year, got, tc.want)
			}
		})
	}
}

func TestHolidays(t *testing.T) {
	t.Run("2026", func(t *testing.T) {
		want := map[string]string{
			"2026-01-01": "nytårsdag", "2026-04-02": "skærtorsdag", "2026-04-03": "langfredag",
			"2026-04-05": "påskedag", "2026-04-06": "2. påskedag", "2026-05-14": "Kristi himmelfartsdag",
			"2026-05-24": "pinsedag", "2026-05-25": "2. pinsedag", "2026-12-25": "juledag",
			"2026-12-26": "2. juledag",
		}
		hs := employer.Holidays(2026)
		if len(hs) != len(want) {
			t.Fatalf("%d holidays, want %d: %v", len(hs), len(want), hs)
		}
		for _, h := range hs {
			if want[h.Date.String()] != h.Name {
				t.Errorf("%s %s not expected", h.Date, h.Name)
			}
		}
	})
	cal := employer.DefaultPolicy().Calendar
	for _, tc := range []struct {
		name   string
		day    string
		closed bool
	}{
		{"StoreBededag2023", "2023-05-05", true},
		{"StoreBededag2024Abolished", "2024-04-26", false},
		{"Grundlovsdag", "2026-06-05", true},
		{"Juleaften", "2026-12-24", true},
		{"Nytaarsaften", "2026-12-31", true},
		{"Himmelfart2025", "2025-05-29", true},
		{"OrdinaryTuesday", "2026-11-10", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, closed := cal.ClosedOn(pejling.MustParseDate(tc.day))
			if closed != tc.closed {
				t.Errorf("ClosedOn(%s) = %v, want %v", tc.day, closed, tc.closed)
			}
			d := pejling.MustParseDate(tc.day).Time()
			if open := cal.IsOpen(at(d.Year(), d.Month(), d.Day(), 10, 0)); open == tc.closed {
				t.Errorf("IsOpen(%s 10:00) = %v", tc.day, open)
			}
		})
	}
}

func TestCalendarIsOpen(t *testing.T) {
	cal := employer.DefaultPolicy().Calendar
	for _, tc := range []struct {
		name string
		t    time.Time
		want bool
	}{
		{"ThursdayOpening", at(2026, 11, 12, 8, 0), true},
		{"ThursdayBeforeOpening", at(2026, 11, 12, 7, 59), false},
		{"ThursdayLastMinute", at(2026, 11, 12, 15, 29), true},
		{"ThursdayClosing", at(2026, 11, 12, 15, 30), false},
		{"Friday1230", at(2026, 11, 13, 12, 30), true},
		{"Friday1300", at(2026, 11, 13, 13, 0), false},
		{"Saturday", at(2026, 11, 14, 10, 0), false},
		{"Sunday", at(2026, 11, 15, 10, 0), false},
		{"InUTC", time.Date(2026, 11, 12, 7, 30, 0, 0, time.UTC), true}, // 08:30 in Copenhagen
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cal.IsOpen(tc.t); got != tc.want {
				t.Errorf("IsOpen(%s) = %v, want %v", tc.t, got, tc.want)
			}
		})
	}
}

func TestAddOpeningHours(t *testing.T) {
	cal := employer.DefaultPolicy().Calendar
	for _, tc := range []struct {
		name  string
		start time.Time
		d     time.Duration
		want  time.Time
	}{
		// Thu 14:00–15:30 1.5 h, Fri 27 Mar 5 h (6.5), summer time from Sun 29 Mar,
		// Mon 7.5 (14), Tue 7.5 (21.5), Wed 1 Apr 08:00 + 2.5 h.
		{"ThursdayBeforeEaster2026", at(2026, 3, 26, 14, 0), 24 * time.Hour, at(2026, 4, 1, 10, 30)},
		// Wed 1 Apr 1.5 h; Thu 2 (skærtorsdag), Fri 3 (langfredag), the weekend and
		// Mon 6 (2. påskedag) closed; Tue 7.5 (9), Wed 7.5 (16.5), Thu 9 Apr 7.5 (24).
		{"AcrossEaster2026", at(2026, 4, 1, 14, 0), 24 * time.Hour, at(2026, 4, 9, 15, 30)},
		// Ordered on skærtorsdag itself: counts from Tue 7 Apr 08:00; 22.5 h by Thu
		// closing, 1.5 h more on Fri 10 Apr.
		{"OnSkaertorsdag2026", at(2026, 4, 2, 14, 0), 24 * time.Hour, at(2026, 4, 10, 9, 30)},
		// Fri 12:30–13:00 0.5 h, Mon 08:00 + 2.5 h.
		{"Friday1230Hotline", at(2026, 11, 6, 12, 30), 3 * time.Hour, at(2026, 11, 9, 10, 30)},
		{"SaturdayStart", at(2026, 11, 7, 10, 0), 3 * time.Hour, at(2026, 11, 9, 11, 0)},
		{"BeforeOpening", at(2026, 11, 10, 6, 0), 3 * time.Hour, at(2026, 11, 10, 11, 0)},
		{"AfterClosing", at(2026, 11, 10, 16, 0), 3 * time.Hour, at(2026, 11, 11, 11, 0)},
		{"EndsAtClosing", at(2026, 11, 10, 12, 30), 3 * time.Hour, at(2026, 11, 10, 15, 30)},
		{"ZeroOnSunday", at(2026, 11, 8, 10, 0), 0, at(2026, 11, 9, 8, 0)},
		// Winter time from Sun 25 Oct 2026 03:00: Fri 12:00–13:00 1 h, Mon 08:00 CET + 2 h.
		{"FallBackWeekend", at(2026, 10, 23, 12, 0), 3 * time.Hour, at(2026, 10, 26, 10, 0)},
		// Store bededag 2023 (Fri 5 May) closed: Thu 4 May 15:00 + 1 h → Mon 8 May 08:30.
		{"StoreBededag2023", at(2023, 5, 4, 15, 0), time.Hour, at(2023, 5, 8, 8, 30)},
		// From 2024 an ordinary Friday: Thu 25 Apr 15:00 + 1 h → Fri 26 Apr 08:30.
		{"StoreBededag2024", at(2024, 4, 25, 15, 0), time.Hour, at(2024, 4, 26, 8, 30)},
		// 23 Dec 2026 is a Wednesday; 24, 25 (and the weekend) closed, 28 Dec open.
		{"Christmas", at(2026, 12, 23, 15, 0), time.Hour, at(2026, 12, 28, 8, 30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cal.AddOpeningHours(tc.start, tc.d)
			if !got.Equal(tc.want) {
				t.Errorf("AddOpeningHours(%s, %v) = %s, want %s", tc.start, tc.d, got.In(cph), tc.want)
			}
			if tc.d > 0 {
				if back := cal.OpeningTimeBetween(tc.start, got); back != tc.d {
					t.Errorf("OpeningTimeBetween(start, deadline) = %v, want %v", back, tc.d)
				}
			}
		})
	}
	t.Run("NegativePanics", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		cal.AddOpeningHours(at(2026, 11, 10, 10, 0), -time.Hour)
	})
}

func TestOpeningTimeBetween(t *testing.T) {
	cal := employer.DefaultPolicy().Calendar
	for _, tc := range []struct {
		name string
		a, b time.Time
		want time.Duration
	}{
		{"SameDay", at(2026, 11, 10, 9, 0), at(2026, 11, 10, 10, 15), 75 * time.Minute},
		{"Week", at(2026, 11, 9, 0, 0), at(2026, 11, 16, 0, 0), 4*7*time.Hour + 4*30*time.Minute + 5*time.Hour},
		{"WeekendOnly", at(2026, 11, 14, 0, 0), at(2026, 11, 16, 0, 0), 0},
		{"Reversed", at(2026, 11, 10, 10, 15), at(2026, 11, 10, 9, 0), -75 * time.Minute},
		{"FallBackWeekend", at(2026, 10, 23, 12, 0), at(2026, 10, 26, 10, 0), 3 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cal.OpeningTimeBetween(tc.a, tc.b); got != tc.want {
				t.Errorf("OpeningTimeBetween = %v, want %v", got, tc.want)
			}
		})
	}
}

// A calendar open round the clock on Sundays shows that opening time is elapsed time:
// the Sunday summer time begins has 23 hours, the one it ends 25.
func TestCalendarDSTElapsed(t *testing.T) {
	var hours [7]employer.OpeningHours
	hours[time.Sunday] = employer.OpeningHours{Open: 0, Close: 24 * time.Hour}
	cal, err := employer.NewCalendar(cph, hours, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		day  time.Time
		want time.Duration
	}{
		{"SpringForward", at(2026, 3, 29, 0, 0), 23 * time.Hour},
		{"FallBack", at(2026, 10, 25, 0, 0), 25 * time.Hour},
		{"Ordinary", at(2026, 11, 1, 0, 0), 24 * time.Hour},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := cal.OpeningTimeBetween(tc.day, tc.day.AddDate(0, 0, 1)); got != tc.want {
				t.Errorf("opening time of the day = %v, want %v", got, tc.want)
			}
		})
	}
	t.Run("AddAcrossSpringForward", func(t *testing.T) {
		// 01:00 + 2 h of elapsed time is 04:00 on the wall: 02:00–03:00 does not exist.
		if got, want := cal.AddOpeningHours(at(2026, 3, 29, 1, 0), 2*time.Hour), at(2026, 3, 29, 4, 0); !got.Equal(want) {
			t.Errorf("got %s, want %s", got, want)
		}
	})
}

func TestNewCalendarInvalid(t *testing.T) {
	var none [7]employer.OpeningHours
	week := none
	week[time.Monday] = employer.OpeningHours{Open: 8 * time.Hour, Close: 15 * time.Hour}
	bad := week
	bad[time.Tuesday] = employer.OpeningHours{Open: 8 * time.Hour, Close: 25 * time.Hour}
	for _, tc := range []struct {
		name  string
		loc   *time.Location
		hours [7]employer.OpeningHours
		extra []employer.ClosedDay
	}{
		{"NoZone", nil, week, nil},
		{"NeverOpen", cph, none, nil},
		{"PastMidnight", cph, bad, nil},
		{"NotADate", cph, week, []employer.ClosedDay{{Month: 2, Day: 30, Name: "x"}}},
		{"BadMonth", cph, week, []employer.ClosedDay{{Month: 13, Day: 1, Name: "x"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := employer.NewCalendar(tc.loc, tc.hours, tc.extra)
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("err = %v, want EINVALID", err)
			}
		})
	}
}

func ExampleCalendar_AddOpeningHours() {
	cal := employer.DefaultPolicy().Calendar
	cph := cal.Location()
	// An order on the Thursday before Easter 2026, answered within 24 opening hours:
	// summer time begins on the Sunday, and the deadline is the next Wednesday.
	order := time.Date(2026, 3, 26, 14, 0, 0, 0, cph)
	fmt.Println(cal.AddOpeningHours(order, 24*time.Hour).Format("Mon 2 Jan 15:04 MST"))
	// A hotline order on a Friday at 12:30, a candidate within 3 opening hours.
	hotline := time.Date(2026, 11, 6, 12, 30, 0, 0, cph)
	fmt.Println(cal.AddOpeningHours(hotline, 3*time.Hour).Format("Mon 2 Jan 15:04 MST"))
	// Output:
	// Wed 1 Apr 10:30 CEST
	// Mon 9 Nov 10:30 CET
}

// ClosedOn must agree with Holidays on every day of a range of years.
func TestClosedOnMatchesHolidays(t *testing.T) {
	var hours [7]employer.OpeningHours
	hours[time.Monday] = employer.OpeningHours{Open: 8 * time.Hour, Close: 15 * time.Hour}
	cal, err := employer.NewCalendar(cph, hours, nil)
	if err != nil {
		t.Fatal(err)
	}
	for y := 1990; y <= 2100; y++ {
		want := map[pejling.Date]string{}
		for _, h := range employer.Holidays(y) {
			want[h.Date] = h.Name
		}
		for d := pejling.DateOf(y, 1, 1); d < pejling.DateOf(y+1, 1, 1); d++ {
			if name, closed := cal.ClosedOn(d); name != want[d] || closed != (want[d] != "") {
				t.Fatalf("ClosedOn(%s) = %q %v, want %q", d, name, closed, want[d])
			}
		}
	}
}
