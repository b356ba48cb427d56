package pejling

import (
	"strings"
	"time"
)

// HasCPRNumber reports whether s holds something shaped like a Danish CPR number: ten
// digits DDMMYYSSSS, or DDMMYY and four digits joined by one of "- /.", not part of a
// longer run of digits, whose DDMMYY is a real calendar day (in 1900–2099). It is the
// one rule of the domain types and the web (person ids, free text); the importer keeps
// a byte-slice twin of the same rule on its hot path (importer/text.go findCPR).
func HasCPRNumber(s string) bool {
	digit := func(i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for i := 0; i < len(s); {
		if !digit(i) {
			i++
			continue
		}
		j := i
		for digit(j) {
			j++
		}
		switch {
		case j-i == 10 && cprDay(s[i:i+6]):
			return true
		case j-i == 6 && j+5 <= len(s) && strings.IndexByte("- /.", s[j]) >= 0 &&
			allDigitsN(s[j+1:j+5], 4) && !digit(j+5) && cprDay(s[i:j]):
			return true
		}
		i = j
	}
	return false
}

// cprDay reports whether the six digits DDMMYY are a calendar day of a year 19YY or
// 20YY (so 29 February counts in a two-digit year that is a leap year in either).
func cprDay(s string) bool {
	d := int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	y := int(s[4]-'0')*10 + int(s[5]-'0')
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	for _, century := range []int{1900, 2000} {
		t := time.Date(century+y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() == d && int(t.Month()) == m {
			return true
		}
	}
	return false
}
