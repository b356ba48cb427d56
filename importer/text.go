package importer

import (
	"strings"
	"unicode/utf8"
)

// maxIDLen bounds person and intervention ids.
const maxIDLen = 64

// Reasons about text values.
const (
	reasonCPR         = "looks like a CPR number: use a pseudonymous id"
	reasonIDTooLong   = "longer than 64 characters"
	reasonIDFirst     = "must start with a letter or a digit"
	reasonIDCharset   = "may hold only the letters A–Z and a–z, digits and _ . : -"
	reasonControlText = ": control characters are not allowed in text"
)

// formulaReasons are the reasons for text that a spreadsheet would run as a formula
// when the data is exported and opened again (CSV or formula injection).
var formulaReasons = map[byte]string{
	'=': "starts with '=': looks like a spreadsheet formula (formula injection)",
	'+': "starts with '+': looks like a spreadsheet formula (formula injection)",
	'-': "starts with '-': looks like a spreadsheet formula (formula injection)",
	'@': "starts with '@': looks like a spreadsheet formula (formula injection)",
}

// textFault returns why a text value cannot be stored, "" when it can: a leading
// formula character or a control character (tab, carriage return, line break and the
// like break exports and hide content). Quotes, apostrophes and SQL are plain data.
func textFault(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if r, ok := formulaReasons[b[0]]; ok {
		return r
	}
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return "contains " + controlName(rune(c)) + reasonControlText
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if isControl(r) {
			return "contains " + controlName(r) + reasonControlText
		}
		i += size
	}
	return ""
}

func controlName(r rune) string {
	switch r {
	case '\t':
		return "a tab"
	case '\r':
		return "a carriage return"
	case '\n':
		return "a line break"
	}
	const digits = "0123456789ABCDEF"
	return "the control character U+" + string([]byte{
		digits[r>>12&15], digits[r>>8&15], digits[r>>4&15], digits[r&15]})
}

// idChar marks the bytes an id may hold: [A-Za-z0-9_.:-].
var idChar = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['_'], t['.'], t[':'], t['-'] = true, true, true, true
	return t
}()

// idFault returns why b is not a pseudonymous id (person_id, intervention_id), "" when
// it is one. An id that could be or could hold a CPR number is refused: none may enter
// the system.
func idFault(b []byte) string {
	if i, _ := findCPR(b); i >= 0 {
		return reasonCPR
	}
	if r := textFault(b); r != "" {
		return r
	}
	if len(b) > maxIDLen {
		return reasonIDTooLong
	}
	if c := b[0]; !isDigit(c) && !(c|0x20 >= 'a' && c|0x20 <= 'z') {
		return reasonIDFirst
	}
	for _, c := range b {
		if !idChar[c] {
			return reasonIDCharset
		}
	}
	return ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

// findCPR returns where the first run shaped like a Danish CPR number starts and ends
// in b, or -1, -1: ten digits DDMMYYSSSS, or DDMMYY and SSSS with one of "- /." between,
// not part of a longer run of digits, whose first six digits are a day that exists in
// some century.
func findCPR(b []byte) (start, end int) {
	for i := 0; i < len(b); {
		if !isDigit(b[i]) {
			i++
			continue
		}
		j := i
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		switch {
		case j-i == 10 && isBirthday(b[i:i+6]):
			return i, j
		case j-i == 6 && j+5 <= len(b) && strings.IndexByte("- /.", b[j]) >= 0 && allDigits(b[j+1:j+5]) &&
			(j+5 == len(b) || !isDigit(b[j+5])) && isBirthday(b[i:j]):
			return i, j + 5
		}
		i = j
	}
	return -1, -1
}

// isBirthday reports whether six digits DDMMYY are a day that exists in some century.
func isBirthday(b []byte) bool {
	d := int(b[0]-'0')*10 + int(b[1]-'0')
	m := int(b[2]-'0')*10 + int(b[3]-'0')
	y := int(b[4]-'0')*10 + int(b[5]-'0')
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	// 29 February exists when the two-digit year is a leap year in some century
	// (00 is one: 2000).
	if m == 2 && d == 29 {
		return y%4 == 0
	}
	return d <= daysIn(1901, m)
}

// maskCPR returns b with the digits of every CPR-shaped run replaced by '*', so that a
// CPR number given by mistake does not travel on in problems, logs and reports. It
// returns b itself when there is none.
func maskCPR(b []byte) []byte {
	masked, copied := b, false
	for off := 0; ; {
		i, j := findCPR(masked[off:])
		if i < 0 {
			return masked
		}
		if !copied { // b is the caller's record: leave it as it is
			masked, copied = append([]byte(nil), b...), true
		}
		for k := off + i; k < off+j; k++ {
			if isDigit(masked[k]) {
				masked[k] = '*'
			}
		}
		off += j
	}
}

// isCVR reports whether b is a CVR number: exactly 8 digits.
func isCVR(b []byte) bool { return len(b) == 8 && allDigits(b) }

// PersonIDFault says why s cannot be a pseudonymous person id — a CPR number first of
// all — or "" when it can: the rules of the import, for ids typed into a page.
func PersonIDFault(s string) string {
	if s == "" {
		return "empty"
	}
	return idFault([]byte(s))
}
