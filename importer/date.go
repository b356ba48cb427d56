package importer

import "github.com/pejling/pejling"

// Years a date or a yearly value may have.
const (
	minYear = 1900
	maxYear = 2199
)

// Outcomes of parseDate besides success.
const (
	dateOK = iota
	dateSyntax
	dateNoSuchDay
	dateYearRange
)

// ParseDate reads a date written YYYY-MM-DD or DD-MM-YYYY and reports whether it is a
// real calendar day of the years 1900–2199.
func ParseDate(s string) (pejling.Date, bool) {
	d, res := parseDate(s)
	return d, res == dateOK
}

// parseDate is ParseDate for fields and strings alike, with the reason of a failure.
// It computes the day number arithmetically: time.Parse would cost more than the rest of
// a spell row together.
func parseDate[S string | []byte](s S) (pejling.Date, int) {
	if len(s) != 10 {
		return 0, dateSyntax
	}
	var y, m, d int
	var ok bool
	switch {
	case s[4] == '-' && s[7] == '-':
		y, ok = digits(s[0:4])
		if ok {
			m, ok = digits(s[5:7])
		}
		if ok {
			d, ok = digits(s[8:10])
		}
	case s[2] == '-' && s[5] == '-':
		d, ok = digits(s[0:2])
		if ok {
			m, ok = digits(s[3:5])
		}
		if ok {
			y, ok = digits(s[6:10])
		}
	}
	switch {
	case !ok:
		return 0, dateSyntax
	case m < 1 || m > 12 || d < 1 || d > daysIn(y, m):
		return 0, dateNoSuchDay
	case y < minYear || y > maxYear:
		return 0, dateYearRange
	}
	return pejling.Date(daysFromCivil(y, m, d)), dateOK
}

// digits reads a non-empty run of ASCII digits (at most 9, so no overflow).
func digits[S string | []byte](s S) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i] - '0'
		if c > 9 {
			return 0, false
		}
		n = n*10 + int(c)
	}
	return n, true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date with
// y ≥ 0, after Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms"
// (days_from_civil): years start on 1 March so that the leap day ends them, and an era
// of 400 years has 146097 days.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400 // [0, 399]
	mp := (m + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
