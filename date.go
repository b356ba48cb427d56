package pejling

import (
	"fmt"
	"time"
)

// Date is a calendar day, counted in days since 1970-01-01. Whole days make the rules of
// DOMAIN.md §8 plain integer arithmetic: days of a spell inside a period are
// max(0, min(end, last) − max(start, first) + 1).
type Date int32

// Forever is the end of a running spell: later than any period, any as_of and any date
// arithmetic the figures do (it leaves room for end + 182 without overflow).
const Forever Date = 1 << 30

// DateOf returns the Date of a calendar day; out-of-range months and days normalise as
// time.Date does.
func DateOf(year int, month time.Month, day int) Date {
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// ParseDate reads a date as YYYY-MM-DD and reports whether it is a real calendar day.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return Date(t.Unix() / 86400), nil
}

// MustParseDate is ParseDate for tests and constants; it panics on a bad date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Time returns the day as midnight UTC.
func (d Date) Time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Year returns the calendar year of the day.
func (d Date) Year() int { return d.Time().Year() }

// String formats the day as YYYY-MM-DD, and Forever as the empty string.
func (d Date) String() string {
	if d == Forever {
		return ""
	}
	return d.Time().Format("2006-01-02")
}
