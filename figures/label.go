package figures

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// ParsePeriod reads a calendar period the way Statistics Denmark and analysts write it:
// a year (2024), a quarter (2024Q3, or the Danish 2024K3) or a month (2024M03 or
// 2024-03).
func ParsePeriod(s string) (Period, error) {
	bad := pejling.Errorf(pejling.EINVALID, "period %q: give a year (2024), a quarter (2024Q3 or 2024K3) or a month (2024M03 or 2024-03)", pejling.Clip(s))
	s = strings.TrimSpace(s)
	if len(s) < 4 {
		return Period{}, bad
	}
	year, err := strconv.Atoi(s[:4])
	if err != nil || year < 1900 || year > 2200 {
		return Period{}, bad
	}
	rest := strings.ToUpper(s[4:])
	first, months := 0, 12
	switch {
	case rest == "":
	case len(rest) == 2 && (rest[0] == 'Q' || rest[0] == 'K'):
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 {
			return Period{}, bad
		}
		first, months = (q-1)*3, 3
	case len(rest) == 3 && (rest[0] == 'M' || rest[0] == '-'):
		m, err := strconv.Atoi(rest[1:])
		if err != nil || m < 1 || m > 12 {
			return Period{}, bad
		}
		first, months = m-1, 1
	default:
		return Period{}, bad
	}
	start := pejling.DateOf(year, time.Month(first+1), 1)
	ny, nm := advance(year, first, 0, months)
	return Period{start, pejling.DateOf(ny, time.Month(nm+1), 1) - 1}, nil
}

// kind returns the number of months of a calendar period (1, 3 or 12), 0 for any other.
func (p Period) kind() int {
	t := p.First.Time()
	if t.Day() != 1 {
		return 0
	}
	for _, months := range []int{1, 3, 12} {
		m := int(t.Month()) - 1
		if m%months != 0 {
			continue
		}
		ny, nm := advance(t.Year(), m, 0, months)
		if pejling.DateOf(ny, time.Month(nm+1), 1)-1 == p.Last {
			return months
		}
	}
	return 0
}

// Previous returns the calendar period of the same kind just before p: the previous
// month, quarter or year; ok is false when p is not one of those.
func (p Period) Previous() (Period, bool) {
	months := p.kind()
	if months == 0 {
		return Period{}, false
	}
	t := p.First.Time()
	m := int(t.Month()) - 1 - months
	y := t.Year()
	if m < 0 {
		m += 12
		y--
	}
	return Period{pejling.DateOf(y, time.Month(m+1), 1), p.First - 1}, true
}

// Label names p as ParsePeriod reads it (2024, 2024Q3, 2024-03), or first–last for any
// other span.
func (p Period) Label() string {
	t := p.First.Time()
	switch p.kind() {
	case 12:
		return strconv.Itoa(t.Year())
	case 3:
		return fmt.Sprintf("%dQ%d", t.Year(), (int(t.Month())-1)/3+1)
	case 1:
		return fmt.Sprintf("%d-%02d", t.Year(), int(t.Month()))
	}
	return p.First.String() + "–" + p.Last.String()
}
