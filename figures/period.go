package figures

import (
	"time"

	"github.com/pejling/pejling"
)

// Period is a closed range of calendar days, both ends inclusive (DOMAIN.md §8).
type Period struct{ First, Last pejling.Date }

// Days returns the number of days of p, Last − First + 1.
func (p Period) Days() int { return int(p.Last-p.First) + 1 }

// Months returns the calendar months that lie wholly inside [from, to], in order.
// A month cut by from or to is left out, so every period has its full length and
// periods of one kind compare across municipalities and years.
func Months(from, to pejling.Date) []Period { return calendar(from, to, 0, 1) }

// Quarters returns the calendar quarters (January–March, …) that lie wholly inside
// [from, to], in order; a cut quarter is left out as in Months.
func Quarters(from, to pejling.Date) []Period { return calendar(from, to, 0, 3) }

// Years returns the calendar years that lie wholly inside [from, to], in order; a cut
// year is left out as in Months.
func Years(from, to pejling.Date) []Period { return calendar(from, to, 1, 0) }

// ISOWeeks returns the ISO 8601 weeks (Monday to Sunday) that lie wholly inside
// [from, to], in order; a cut week is left out as in Months.
func ISOWeeks(from, to pejling.Date) []Period {
	// 1970-01-01 was a Thursday, so (d+3) mod 7 is 0 on Mondays.
	wd := (int(from)+3)%7 + 7
	first := from + pejling.Date((7-wd%7)%7)
	var ps []Period
	for ; first+6 <= to; first += 7 {
		ps = append(ps, Period{first, first + 6})
	}
	return ps
}

// calendar steps through periods of years years and months months that start on a
// boundary of their kind (months a multiple of the step counted from January).
func calendar(from, to pejling.Date, years, months int) []Period {
	t := from.Time()
	y, m := t.Year(), int(t.Month())-1
	if months > 0 {
		m -= m % months
	} else {
		m = 0
	}
	start := pejling.DateOf(y, time.Month(m+1), 1)
	var ps []Period
	for {
		if start < from {
			y, m = advance(y, m, years, months)
			start = pejling.DateOf(y, time.Month(m+1), 1)
			continue
		}
		ny, nm := advance(y, m, years, months)
		next := pejling.DateOf(ny, time.Month(nm+1), 1)
		if next-1 > to {
			return ps
		}
		ps = append(ps, Period{start, next - 1})
		y, m, start = ny, nm, next
	}
}

func advance(y, m, years, months int) (int, int) {
	m += months
	return y + years + m/12, m % 12
}

// StoredYears is how many calendar years back from as_of the stored figure set reaches.
const StoredYears = 8

// StandardPeriods returns the periods a stored figure set holds for a store as of
// asOf: every calendar month, quarter and year that lies wholly inside the StoredYears
// calendar years up to asOf (from 1 January of asOf's year − StoredYears + 1). Weeks
// and custom periods are computed on request.
func StandardPeriods(asOf pejling.Date) []Period {
	from := pejling.DateOf(asOf.Year()-StoredYears+1, time.January, 1)
	ps := Months(from, asOf)
	ps = append(ps, Quarters(from, asOf)...)
	return append(ps, Years(from, asOf)...)
}
