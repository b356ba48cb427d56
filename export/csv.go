package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
)

// Dialect is a flavour of CSV.
type Dialect int

// The dialects. Neither writes a thousands separator: a reader would take it for a
// decimal mark or a field separator.
const (
	// Comma is for programs: ',' between fields, '.' as decimal point, ISO dates.
	Comma Dialect = iota
	// Semicolon is for Danish Excel: ';' between fields, ',' as decimal comma, dates as
	// 31-12-2024, and a UTF-8 byte order mark first so that Excel reads æøå as UTF-8.
	Semicolon
)

// String names the dialect as ParseDialect reads it.
func (d Dialect) String() string {
	switch d {
	case Comma:
		return "comma"
	case Semicolon:
		return "semicolon"
	}
	return fmt.Sprintf("Dialect(%d)", int(d))
}

// ParseDialect reads a dialect name: "comma", "," or "" is Comma; "semicolon", ";" or
// "da" is Semicolon (case and surrounding space are ignored). Any other is EINVALID.
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "comma", ",", "":
		return Comma, nil
	case "semicolon", ";", "da":
		return Semicolon, nil
	}
	return 0, pejling.Errorf(pejling.EINVALID, "unknown CSV dialect %q: use comma or semicolon", pejling.Clip(s))
}

// csvFormat is how a dialect writes fields. The numbers and dates are those of the
// language the dialect is for (locale), less the thousands separator.
type csvFormat struct {
	sep       rune
	lang      locale.Lang
	thousands string
}

func (d Dialect) format() (csvFormat, bool) {
	switch d {
	case Comma:
		return csvFormat{sep: ',', lang: locale.English, thousands: ","}, true
	case Semicolon:
		return csvFormat{sep: ';', lang: locale.Danish, thousands: "."}, true
	}
	return csvFormat{}, false
}

// WriteCSV writes t to w as CSV in dialect d (RFC 4180 via encoding/csv, CRLF line
// ends): a header row of the column names, then one line per row. Empty cells, NaN and
// ±Inf are empty fields. Nothing is written when t fails Validate or d is unknown.
func WriteCSV(w io.Writer, t Table, d Dialect) error {
	f, ok := d.format()
	if !ok {
		return pejling.Errorf(pejling.EINVALID, "unknown CSV dialect %d: use comma or semicolon", int(d))
	}
	if err := t.Validate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if d == Semicolon {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.Comma, cw.UseCRLF = f.sep, true

	record := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		record[i] = cleanText(c.Name)
	}
	if err := cw.Write(record); err != nil {
		return fmt.Errorf("write CSV header: %w", err)
	}
	for n, row := range t.Rows {
		for i, v := range row {
			record[i] = f.field(t.Columns[i], v)
		}
		if err := cw.Write(record); err != nil {
			return fmt.Errorf("write CSV row %d: %w", n+1, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write CSV: %w", err)
	}
	return nil
}

// field formats one validated cell.
func (f csvFormat) field(c Column, v any) string {
	switch v := v.(type) {
	case string:
		return cleanText(v)
	case int:
		return strconv.Itoa(v)
	case int32:
		return strconv.FormatInt(int64(v), 10)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		if !finite(v) {
			return ""
		}
		if c.Kind == Percent {
			v *= 100
		}
		return f.number(v, c.Decimals)
	case time.Time:
		y, m, d := v.Date()
		return f.lang.Date(pejling.DateOf(y, m, d))
	}
	return ""
}

// number writes x as the pages do (locale: same rounding, no "-0") but without the
// thousands separator, which a CSV reader would misread.
func (f csvFormat) number(x float64, decimals int) string {
	return strings.ReplaceAll(f.lang.Number(x, decimals), f.thousands, "")
}
