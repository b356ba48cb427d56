package export

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/xuri/excelize/v2"
)

// Column widths in Excel's units (about one digit each): fitted to the longest cell,
// but never so narrow that the header is lost nor so wide that one long text hides the
// rest of the sheet.
const (
	minColWidth = 8
	maxColWidth = 60
)

// excelEpoch is the Excel serial number of 1970-01-01 (day 0 of pejling.Date) in the
// 1900 date system: days since 1899-12-30, which already counts Excel's phantom
// 29 February 1900 for every day after it.
const excelEpoch = 25569

// firstRealLeapDay is 1900-03-01, the first day whose Excel serial is right without
// correction; earlier days are one less, as Excel believes 1900 was a leap year.
var firstRealLeapDay = pejling.DateOf(1900, time.March, 1)

// WriteXLSX writes t to w as an Excel workbook with one sheet, named by SheetName(t.Title).
// The header row is bold and frozen; columns are as wide as their content (within
// bounds); numbers are numeric cells with number formats ("#,##0", "#,##0.0", "0.0%",
// …) so Excel shows them in its own language; dates are Excel dates shown in the
// reader's short date format; text is always a string cell, never a formula. The
// workbook's Title and Creator ("Pejling") are set. The file is built in memory and
// written in one piece: nothing is written when t fails Validate or building fails.
func WriteXLSX(w io.Writer, t Table) error {
	if err := t.Validate(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := buildXLSX(f, t); err != nil {
		return fmt.Errorf("build xlsx: %w", err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return fmt.Errorf("build xlsx: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write xlsx: %w", err)
	}
	return nil
}

// buildXLSX fills the new file f with the validated table t, streaming the rows: a
// sheet of a million rows built cell by cell would take gigabytes.
func buildXLSX(f *excelize.File, t Table) error {
	sheet := SheetName(t.Title)
	if err := f.SetSheetName(f.GetSheetName(0), sheet); err != nil {
		return err
	}
	now := time.Now().UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:          stripControls(t.Title),
		Creator:        "Pejling",
		LastModifiedBy: "Pejling",
		Created:        now,
		Modified:       now,
	}); err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	styles := make([]int, len(t.Columns))
	for i, c := range t.Columns {
		if styles[i], err = columnStyle(f, c); err != nil {
			return err
		}
	}

	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, width := range columnWidths(t) {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}

	cells := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		cells[i] = excelize.Cell{StyleID: header, Value: cleanText(c.Name)}
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	for n, row := range t.Rows {
		for i, v := range row {
			cells[i] = nil
			if v = xlsxValue(v); v != nil {
				cells[i] = excelize.Cell{StyleID: styles[i], Value: v}
			}
		}
		if err := sw.SetRow("A"+strconv.Itoa(n+2), cells); err != nil {
			return fmt.Errorf("row %d: %w", n+1, err)
		}
	}
	return sw.Flush()
}

// xlsxValue is the value the stream writer stores for a validated cell, nil for an
// empty one. Dates become serial numbers here rather than in excelize, which would
// store days before 1900 as text and shift a value by its time zone offset.
func xlsxValue(v any) any {
	switch v := v.(type) {
	case string:
		if v == "" {
			return nil
		}
		return cleanText(v)
	case float64:
		if !finite(v) {
			return nil
		}
	case time.Time:
		y, m, d := v.Date()
		day := pejling.DateOf(y, m, d)
		serial := int(day) + excelEpoch
		if day < firstRealLeapDay {
			serial--
		}
		return serial
	}
	return v
}

// columnStyle is the style of a column's cells: a number format for numbers, the
// built-in short date (number format 14, which Excel shows as 31-12-2024 in Danish and
// in the reader's own form elsewhere) for dates, none for text.
func columnStyle(f *excelize.File, c Column) (int, error) {
	decimals := ""
	if c.Decimals > 0 {
		decimals = "." + strings.Repeat("0", c.Decimals)
	}
	var format string
	switch c.Kind {
	case Integer:
		format = "#,##0"
	case Number:
		format = "#,##0" + decimals
	case Percent:
		format = "0" + decimals + "%"
	case Date:
		return f.NewStyle(&excelize.Style{NumFmt: 14})
	default:
		return 0, nil
	}
	return f.NewStyle(&excelize.Style{CustomNumFmt: &format})
}

// columnWidths fits each column to its widest cell as Excel will show it (thousands
// separators and % included), plus a margin, within minColWidth and maxColWidth.
func columnWidths(t Table) []float64 {
	widths := make([]float64, len(t.Columns))
	var buf []byte
	for i, c := range t.Columns {
		longest := utf8.RuneCountInString(c.Name)
		for _, row := range t.Rows {
			if longest >= maxColWidth {
				break
			}
			n := 0
			switch v := row[i].(type) {
			case string:
				n = utf8.RuneCountInString(v) + 1 // a possible apostrophe
			case int:
				buf, n = numberWidth(buf, float64(v), 0)
			case int32:
				buf, n = numberWidth(buf, float64(v), 0)
			case int64:
				buf, n = numberWidth(buf, float64(v), 0)
			case float64:
				if !finite(v) {
					continue
				}
				if c.Kind == Percent {
					buf, n = numberWidth(buf, v*100, c.Decimals)
					n++
				} else {
					buf, n = numberWidth(buf, v, c.Decimals)
				}
			case time.Time:
				n = len("31-12-2024")
			}
			longest = max(longest, n)
		}
		widths[i] = float64(min(max(longest+2, minColWidth), maxColWidth))
	}
	return widths
}

// numberWidth is the number of characters x takes with the given decimals and a
// thousands separator every three digits; buf is scratch space, returned for reuse.
func numberWidth(buf []byte, x float64, decimals int) ([]byte, int) {
	buf = strconv.AppendFloat(buf[:0], x, 'f', decimals, 64)
	digits := len(buf)
	if decimals > 0 {
		digits -= decimals + 1
	}
	if buf[0] == '-' {
		digits--
	}
	return buf, len(buf) + (digits-1)/3
}

// SheetName turns a title into a sheet name Excel accepts: control characters dropped,
// each of []:*?/\ replaced by '-', apostrophes and spaces trimmed from the ends, at most
// 31 UTF-16 units, and "Data" when nothing is left or the name is Excel's reserved
// "History".
func SheetName(title string) string {
	title = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, stripControls(title))
	title = strings.Join(strings.Fields(title), " ")
	units, end := 0, len(title)
	for i, r := range title {
		if units += utf16.RuneLen(r); units > 31 {
			end = i
			break
		}
	}
	title = strings.Trim(title[:end], "' ")
	if title == "" || strings.EqualFold(title, "History") {
		return "Data"
	}
	return title
}
