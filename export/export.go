// Package export writes the tables the web app shows as files people download: CSV in
// two dialects (plain for programs, Danish for Excel) and Excel .xlsx workbooks.
//
// A Table is validated before anything is written, so a bad table never leaves half a
// file behind. Text is treated as hostile: cells that a spreadsheet would read as a
// formula get a leading apostrophe (OWASP's advice on CSV injection), control
// characters are dropped, and xlsx text is always stored as a string, never a formula.
package export

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// Kind says how a column's cells are written.
type Kind int

// The kinds of column. Text is the zero value, so a Column with only a Name is text.
const (
	// Text cells are strings.
	Text Kind = iota
	// Integer cells are int, int32 or int64, written without decimals; "#,##0" in xlsx.
	Integer
	// Number cells are float64 written with the column's Decimals.
	Number
	// Percent cells are float64 shares (0.25 is 25 %). CSV writes the share ×100 with
	// Decimals and no % sign, so the column stays numeric; xlsx stores the share itself
	// under a percent number format, so sums and charts work on the real value.
	Percent
	// Date cells are time.Time; only the calendar day (in the value's own location) is
	// written. CSV writes 2006-01-02 in the Comma dialect and 02-01-2006 in Semicolon;
	// xlsx writes a real Excel date.
	Date
)

var kindNames = [...]string{Text: "text", Integer: "integer", Number: "number", Percent: "percent", Date: "date"}

// String names the kind in lower case, as error messages show it.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Column is one column of a Table: the header text, how its cells are written, and, for
// Number and Percent, how many decimals to show.
type Column struct {
	Name     string
	Kind     Kind
	Decimals int
}

// Table is a titled grid: one row per []any, cells matching the columns: string (Text),
// int/int32/int64 (Integer), float64 (Number, Percent), time.Time (Date), or nil for an
// empty cell. NaN and ±Inf are also written as empty cells, as a page shows "–" for them.
type Table struct {
	Title   string
	Columns []Column
	Rows    [][]any
}

// Limits that Validate enforces. MaxRows and MaxColumns are Excel's sheet size less the
// header row; MaxCellChars is Excel's limit on one cell (in UTF-16 units, as Excel
// counts). The CSV writer keeps the same limits so both formats accept the same tables.
const (
	MaxRows      = 1_048_575
	MaxColumns   = 16_384
	MaxCellChars = 32_767
	MaxTitleLen  = 255 // runes in Title and in each column Name
	MaxDecimals  = 15  // a float64 holds no more significant digits
)

// Content types and file extensions of the two formats, for the Content-Type header and
// Filename.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	ExtCSV          = "csv"
	ExtXLSX         = "xlsx"
)

// Validate checks the table before it is written: at least one column and at most
// MaxColumns, unique non-empty column names, a known Kind and 0–MaxDecimals decimals per
// column, a title and names of at most MaxTitleLen runes, every row with one cell per
// column, each cell of the Go type its column's Kind holds (or nil), text of at most
// MaxCellChars, dates from 1900 to 9999 (Excel's range), and at most MaxRows rows. Its
// errors are EINVALID and name the row (counted from 1, header not counted) and column.
func (t Table) Validate() error {
	if n := utf8.RuneCountInString(t.Title); n > MaxTitleLen {
		return pejling.Errorf(pejling.EINVALID, "the title is %d characters; at most %d are allowed", n, MaxTitleLen)
	}
	if len(t.Columns) == 0 {
		return pejling.Errorf(pejling.EINVALID, "a table needs at least one column")
	}
	if len(t.Columns) > MaxColumns {
		return pejling.Errorf(pejling.EINVALID, "the table has %d columns; at most %d are allowed", len(t.Columns), MaxColumns)
	}
	seen := make(map[string]int, len(t.Columns))
	for i, c := range t.Columns {
		name := strings.TrimSpace(c.Name)
		switch {
		case name == "":
			return pejling.Errorf(pejling.EINVALID, "column %d has no name", i+1)
		case utf8.RuneCountInString(c.Name) > MaxTitleLen:
			return pejling.Errorf(pejling.EINVALID, "the name of column %d is longer than %d characters", i+1, MaxTitleLen)
		case c.Kind < Text || c.Kind > Date:
			return pejling.Errorf(pejling.EINVALID, "column %q has an unknown kind %d", pejling.Clip(c.Name), int(c.Kind))
		case c.Decimals < 0 || c.Decimals > MaxDecimals:
			return pejling.Errorf(pejling.EINVALID, "column %q has %d decimals; use 0 to %d", pejling.Clip(c.Name), c.Decimals, MaxDecimals)
		}
		if j, dup := seen[name]; dup {
			return pejling.Errorf(pejling.EINVALID, "columns %d and %d are both named %q", j+1, i+1, pejling.Clip(name))
		}
		seen[name] = i
	}
	if len(t.Rows) > MaxRows {
		return pejling.Errorf(pejling.EINVALID, "the table has %d rows; Excel holds at most %d", len(t.Rows), MaxRows)
	}
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return pejling.Errorf(pejling.EINVALID, "row %d has %d cells; the table has %d columns", i+1, len(row), len(t.Columns))
		}
		for j, v := range row {
			if msg := checkCell(t.Columns[j].Kind, v); msg != "" {
				return pejling.Errorf(pejling.EINVALID, "row %d, column %q: %s", i+1, pejling.Clip(t.Columns[j].Name), msg)
			}
		}
	}
	return nil
}

// checkCell says what is wrong with v in a column of kind k, or "" when nothing is.
func checkCell(k Kind, v any) string {
	if v == nil {
		return ""
	}
	ok := false
	switch v := v.(type) {
	case string:
		if k == Text && len(v) > MaxCellChars && utf16Len(v) > MaxCellChars {
			return fmt.Sprintf("the text is longer than %d characters", MaxCellChars)
		}
		ok = k == Text
	case int, int32, int64:
		ok = k == Integer
	case float64:
		ok = k == Number || k == Percent
	case time.Time:
		if k == Date {
			if y := v.Year(); y < 1900 || y > 9999 {
				return fmt.Sprintf("the date %s is outside 1900–9999", v.Format("2006-01-02"))
			}
			ok = true
		}
	}
	if ok {
		return ""
	}
	want := map[Kind]string{Text: "string", Integer: "int, int32 or int64", Number: "float64", Percent: "float64", Date: "time.Time"}[k]
	return fmt.Sprintf("a %s column holds %s or nil, not %T", k, want, v)
}

// utf16Len counts s in UTF-16 units, the way Excel measures a cell. Bytes are an upper
// bound, so callers only count strings longer than the limit in bytes.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// finite reports whether x is neither NaN nor infinite; other floats are written empty.
func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// cleanText is a text cell as written: stripControls, then an apostrophe before text
// that a spreadsheet would read as a formula, one starting with '=', '+', '-', '@', tab
// or carriage return (OWASP, "CSV Injection"). Excel shows the apostrophe and never
// evaluates the cell.
func cleanText(s string) string {
	s = stripControls(s)
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// stripControls drops control characters other than tab and newline (and the
// non-characters U+FFFE and U+FFFF, which XML cannot hold) and replaces invalid UTF-8.
func stripControls(s string) string {
	if !needsCleaning(s) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || !(unicode.IsControl(r) || r == 0xFFFE || r == 0xFFFF) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// needsCleaning reports whether stripControls must rewrite s; most text is plain and is
// passed through without a copy.
func needsCleaning(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 && b != '\t' && b != '\n' || b == 0x7F || b >= 0x80 {
			return !plainUTF8(s[i:])
		}
	}
	return false
}

// plainUTF8 reports whether s is valid UTF-8 without control characters other than tab
// and newline.
func plainUTF8(s string) bool {
	for _, r := range s {
		if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF || (unicode.IsControl(r) && r != '\t' && r != '\n') {
			return false
		}
	}
	return true
}

// Filename returns a safe download file name: base lower-cased, white space turned into
// '-', every character but a–z, 0–9, æ, ø, å, '_' and '-' dropped, runs of '-' joined
// and '-' trimmed from the ends, cut to 80 runes, "pejling" when nothing is left; then
// "." and ext (reduced to a–z and 0–9). The æøå are not ASCII: a Content-Disposition
// header must carry the name UTF-8 encoded in filename* (RFC 6266) with an ASCII fallback.
func Filename(base, ext string) string {
	var b strings.Builder
	n := 0
	for _, r := range strings.ToLower(base) {
		if n == 80 {
			break
		}
		switch {
		case unicode.IsSpace(r) || r == '-':
			if b.Len() == 0 || strings.HasSuffix(b.String(), "-") {
				continue
			}
			r = '-'
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_', r == 'æ', r == 'ø', r == 'å':
		default:
			continue
		}
		b.WriteRune(r)
		n++
	}
	name := strings.TrimRight(b.String(), "-")
	if name == "" {
		name = "pejling"
	}
	ext = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, strings.ToLower(ext))
	if ext == "" {
		return name
	}
	return name + "." + ext
}
