package importer

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is one reason a data set cannot be loaded: a bad row, or something wrong with
// a whole file (then Line is 0, or the line of a header that cannot be read).
type Problem struct {
	File   string // base name, e.g. "activation_spells.csv"
	Line   int    // 1-based physical line where the record starts; 0 for a problem with the whole file
	Column string // column name, "" when not about one column
	Value  string // the offending value, shortened to at most 40 characters (with "…"), control chars escaped; "" when none
	Reason string
}

// Error formats the problem as file:line: column value: reason, leaving out what is
// empty, e.g. "activation_spells.csv:1043: end_date 2023-02-30: not a date". The value is
// shown only together with its column; problems without a column name it in Reason.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
	}
	b.WriteString(": ")
	if p.Column != "" {
		b.WriteString(p.Column)
		if p.Value != "" {
			b.WriteByte(' ')
			b.WriteString(p.Value)
		}
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// maxValueRunes bounds Problem.Value, so that a 1 MiB field does not become a 1 MiB
// error message.
const maxValueRunes = 40

// showValue returns v as Problem.Value: digits of anything shaped like a CPR number
// masked, control characters and bytes that are not UTF-8 escaped as in Go source (\t,
// \x00, \xf8), and cut to at most maxValueRunes characters of the result, "…" included,
// never inside an escape.
func showValue(v []byte) string {
	v = maskCPR(v)
	var out []byte
	n, cut := 0, 0 // characters in out; length of out where n was last ≤ maxValueRunes-1
	for i := 0; i < len(v); {
		r, size := utf8.DecodeRune(v[i:])
		piece, runes := v[i:i+size], 1
		switch {
		case r == utf8.RuneError && size <= 1:
			piece = []byte(`\x` + hex2(v[i]))
			runes = len(piece)
		case isControl(r):
			q := strconv.QuoteRune(r) // e.g. '\t' or '\x00'
			piece = []byte(q[1 : len(q)-1])
			runes = len(piece)
		}
		if n+runes > maxValueRunes {
			return string(out[:cut]) + "…"
		}
		out = append(out, piece...)
		n += runes
		if n <= maxValueRunes-1 {
			cut = len(out)
		}
		i += size
	}
	return string(out)
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)
}
