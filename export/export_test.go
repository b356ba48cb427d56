package export_test

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/export"
	"github.com/xuri/excelize/v2"
)

// smallTable is the hand-worked example: one row of every kind and an empty cell, and a
// second row with a negative int64, a large number, NaN and text that needs quoting.
func smallTable() export.Table {
	return export.Table{
		Title: "Ledighed 2024",
		Columns: []export.Column{
			{Name: "Kommune", Kind: export.Text},
			{Name: "Ledige", Kind: export.Integer},
			{Name: "Andel", Kind: export.Number, Decimals: 1},
			{Name: "Rate", Kind: export.Percent, Decimals: 1},
			{Name: "Dato", Kind: export.Date},
			{Name: "Note", Kind: export.Text},
		},
		Rows: [][]any{
			{"Ærø", 12345, 0.5, 0.1234, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), nil},
			{"Sønderborg; \"Als\"", int64(-7), 1234567.89, math.NaN(), nil, nil},
		},
	}
}

func TestWriteCSV(t *testing.T) {
	tbl := smallTable()
	for _, tc := range []struct {
		name    string
		dialect export.Dialect
		want    string
	}{
		{"Comma", export.Comma, "" +
			"Kommune,Ledige,Andel,Rate,Dato,Note\r\n" +
			"Ærø,12345,0.5,12.3,2024-12-31,\r\n" +
			"\"Sønderborg; \"\"Als\"\"\",-7,1234567.9,,,\r\n"},
		{"Semicolon", export.Semicolon, "\uFEFF" +
			"Kommune;Ledige;Andel;Rate;Dato;Note\r\n" +
			"Ærø;12345;0,5;12,3;31-12-2024;\r\n" +
			"\"Sønderborg; \"\"Als\"\"\";-7;1234567,9;;;\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export.WriteCSV(&buf, tbl, tc.dialect); err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != tc.want {
				t.Errorf("got\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestWriteCSV_NegativeZero(t *testing.T) {
	tbl := export.Table{
		Columns: []export.Column{{Name: "x", Kind: export.Percent, Decimals: 1}, {Name: "y", Kind: export.Number}},
		Rows:    [][]any{{-0.0004, -0.4}},
	}
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, tbl, export.Comma); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "x,y\r\n0.0,0\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// openXLSX writes tbl as xlsx and opens it again with excelize.
func openXLSX(t *testing.T, tbl export.Table) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWriteXLSX(t *testing.T) {
	f := openXLSX(t, smallTable())
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Ledighed 2024" {
		t.Fatalf("sheets %q, want [Ledighed 2024]", got)
	}
	const sheet = "Ledighed 2024"

	t.Run("Header", func(t *testing.T) {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := strings.Join(rows[0], "|"), "Kommune|Ledige|Andel|Rate|Dato|Note"; got != want {
			t.Errorf("header %q, want %q", got, want)
		}
		if len(rows) != 3 {
			t.Errorf("%d rows, want 3", len(rows))
		}
		style, _ := f.GetCellStyle(sheet, "A1")
		if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
			t.Errorf("header style %+v (err %v), want bold", s, err)
		}
	})

	t.Run("Values", func(t *testing.T) {
		for _, tc := range []struct {
			cell, raw string
			numeric   bool
		}{
			{"A2", "Ærø", false},
			{"B2", "12345", true},
			{"C2", "0.5", true},
			{"D2", "0.1234", true},
			{"E2", "45657", true}, // 2024-12-31 in Excel's 1900 date system
			{"F2", "", false},
			{"A3", "Sønderborg; \"Als\"", false},
			{"B3", "-7", true},
			{"C3", "1234567.89", true},
			{"D3", "", false}, // NaN
			{"E3", "", false},
			{"F3", "", false},
		} {
			raw, err := f.GetCellValue(sheet, tc.cell, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if raw != tc.raw {
				t.Errorf("%s = %q, want %q", tc.cell, raw, tc.raw)
			}
			typ, _ := f.GetCellType(sheet, tc.cell)
			switch {
			case tc.numeric && typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber:
				t.Errorf("%s has type %v, want a number", tc.cell, typ)
			case !tc.numeric && tc.raw != "" && typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString:
				t.Errorf("%s has type %v, want a string", tc.cell, typ)
			}
		}
	})

	t.Run("NumberFormats", func(t *testing.T) {
		for _, tc := range []struct {
			cell, format string
			builtin      int
			shown        string
		}{
			{"B2", "#,##0", 0, "12,345"},
			{"C3", "#,##0.0", 0, "1,234,567.9"},
			{"D2", "0.0%", 0, "12.3%"},
			{"E2", "", 14, ""},
		} {
			idx, err := f.GetCellStyle(sheet, tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			s, err := f.GetStyle(idx)
			if err != nil {
				t.Fatal(err)
			}
			if tc.format != "" && (s.CustomNumFmt == nil || *s.CustomNumFmt != tc.format) {
				t.Errorf("%s format %v, want %q", tc.cell, s.CustomNumFmt, tc.format)
			}
			if tc.builtin != 0 && s.NumFmt != tc.builtin {
				t.Errorf("%s number format %d, want %d", tc.cell, s.NumFmt, tc.builtin)
			}
			if tc.shown != "" {
				if got, _ := f.GetCellValue(sheet, tc.cell); got != tc.shown {
					t.Errorf("%s shows %q, want %q", tc.cell, got, tc.shown)
				}
			}
		}
	})

	t.Run("FrozenHeader", func(t *testing.T) {
		p, err := f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 1 || p.XSplit != 0 || p.TopLeftCell != "A2" {
			t.Errorf("panes %+v, want the first row frozen", p)
		}
	})

	t.Run("ColumnWidths", func(t *testing.T) {
		a, _ := f.GetColWidth(sheet, "A")
		c, _ := f.GetColWidth(sheet, "C")
		if a != 20 { // "Sønderborg; "Als"" is 17 runes, +1 for a possible apostrophe, +2
			t.Errorf("width of A = %v, want 20", a)
		}
		if c != 13 { // 1,234,567.9
			t.Errorf("width of C = %v, want 13", c)
		}
	})

	t.Run("DocProps", func(t *testing.T) {
		p, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "Ledighed 2024" || p.Creator != "Pejling" {
			t.Errorf("title %q, creator %q", p.Title, p.Creator)
		}
	})
}

func TestInjection(t *testing.T) {
	hostile := []string{"=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\r=x", "=HYPERLINK(\"http://evil\")"}
	want := []string{"'=1+1", "'+SUM(A1)", "'-2", "'@cmd", "'\tx", "'=x", "'=HYPERLINK(\"http://evil\")"}
	tbl := export.Table{
		Title:   "=cmd",
		Columns: []export.Column{{Name: "=Name", Kind: export.Text}, {Name: "n", Kind: export.Number}, {Name: "i", Kind: export.Integer}},
	}
	for _, s := range hostile {
		tbl.Rows = append(tbl.Rows, []any{s, -2.0, -2})
	}

	t.Run("CSV", func(t *testing.T) {
		var buf bytes.Buffer
		if err := export.WriteCSV(&buf, tbl, export.Comma); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(buf.String(), "\r\n"), "\r\n")
		if lines[0] != "'=Name,n,i" {
			t.Errorf("header %q", lines[0])
		}
		for i, w := range want {
			field := w
			if strings.ContainsAny(field, "\",") {
				field = `"` + strings.ReplaceAll(field, `"`, `""`) + `"`
			}
			if got := lines[i+1]; got != field+",-2,-2" {
				t.Errorf("row %d = %q, want %q", i+1, got, field+",-2,-2")
			}
		}
	})

	t.Run("XLSX", func(t *testing.T) {
		f := openXLSX(t, tbl)
		sheet := f.GetSheetName(0)
		if sheet != "=cmd" {
			t.Errorf("sheet %q", sheet)
		}
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "'=Name" {
			t.Errorf("header %q", rows[0][0])
		}
		for i, w := range want {
			if got := rows[i+1]; got[0] != w || got[1] != "-2" || got[2] != "-2" {
				t.Errorf("row %d = %q, want [%q -2 -2]", i+1, got, w)
			}
		}
		for r := 1; r <= len(rows); r++ {
			for c := 1; c <= 3; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				if fx, err := f.GetCellFormula(sheet, cell); err != nil || fx != "" {
					t.Errorf("%s has formula %q (err %v)", cell, fx, err)
				}
			}
		}
	})
}

func TestControlCharacters(t *testing.T) {
	tbl := export.Table{
		Columns: []export.Column{{Name: "t"}},
		Rows:    [][]any{{"a\x00b\x1bc\u0085d\tnew\nline\r\n\x7f"}, {"bad \xff utf8"}},
	}
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, tbl, export.Comma); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "t\r\n\"abcd\tnew\r\nline\r\n\"\r\nbad \uFFFD utf8\r\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	f := openXLSX(t, tbl)
	if got, _ := f.GetCellValue("Data", "A2"); got != "abcd\tnew\nline\n" {
		t.Errorf("xlsx A2 = %q", got)
	}
}

func TestBadInput(t *testing.T) {
	cols := []export.Column{{Name: "a", Kind: export.Text}, {Name: "b", Kind: export.Number}, {Name: "c", Kind: export.Date}}
	for _, tc := range []struct {
		name string
		tbl  export.Table
		msg  string // a part of the message
	}{
		{"NoColumns", export.Table{}, "at least one column"},
		{"EmptyName", export.Table{Columns: []export.Column{{Name: " "}}}, "column 1 has no name"},
		{"DuplicateName", export.Table{Columns: []export.Column{{Name: "a"}, {Name: "b"}, {Name: "a"}}}, `columns 1 and 3 are both named "a"`},
		{"UnknownKind", export.Table{Columns: []export.Column{{Name: "a", Kind: 9}}}, "unknown kind"},
		{"NegativeDecimals", export.Table{Columns: []export.Column{{Name: "a", Kind: export.Number, Decimals: -1}}}, "decimals"},
		{"RowTooShort", export.Table{Columns: cols, Rows: [][]any{{"x", 1.0, nil}, {"x", 1.0}}}, "row 2 has 2 cells; the table has 3 columns"},
		{"RowTooLong", export.Table{Columns: cols, Rows: [][]any{{"x", 1.0, nil, 4}}}, "row 1 has 4 cells"},
		{"StringInNumber", export.Table{Columns: cols, Rows: [][]any{{"x", "1,5", nil}}}, `row 1, column "b": a number column holds float64 or nil, not string`},
		{"FloatInDate", export.Table{Columns: cols, Rows: [][]any{{"x", nil, 45657.0}}}, `row 1, column "c": a date column holds time.Time or nil, not float64`},
		{"IntInText", export.Table{Columns: cols, Rows: [][]any{{42, nil, nil}}}, `column "a": a text column holds string or nil, not int`},
		{"ZeroDate", export.Table{Columns: cols, Rows: [][]any{{nil, nil, time.Time{}}}}, "outside 1900–9999"},
		{"HugeTitle", export.Table{Title: strings.Repeat("ø", 1000), Columns: cols}, "title is 1000 characters"},
		{"HugeCell", export.Table{Columns: cols, Rows: [][]any{{strings.Repeat("x", 40000), nil, nil}}}, "longer than 32767"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.tbl.Validate()
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("Validate() = %v, want EINVALID", err)
			}
			if msg := pejling.ErrorMessage(err); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q, want it to contain %q", msg, tc.msg)
			}
			for _, write := range []func(*bytes.Buffer) error{
				func(b *bytes.Buffer) error { return export.WriteCSV(b, tc.tbl, export.Comma) },
				func(b *bytes.Buffer) error { return export.WriteCSV(b, tc.tbl, export.Semicolon) },
				func(b *bytes.Buffer) error { return export.WriteXLSX(b, tc.tbl) },
			} {
				var buf bytes.Buffer
				if err := write(&buf); pejling.ErrorCode(err) != pejling.EINVALID {
					t.Errorf("write = %v, want EINVALID", err)
				}
				if buf.Len() != 0 {
					t.Errorf("%d bytes written, want none", buf.Len())
				}
			}
		})
	}

	t.Run("TooManyRows", func(t *testing.T) {
		tbl := export.Table{Columns: []export.Column{{Name: "a"}}, Rows: make([][]any, export.MaxRows+1)}
		for i := range tbl.Rows {
			tbl.Rows[i] = []any{nil}
		}
		if err := tbl.Validate(); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("Validate() = %v, want EINVALID", err)
		}
		tbl.Rows = tbl.Rows[:export.MaxRows]
		if err := tbl.Validate(); err != nil {
			t.Errorf("Validate() at the limit = %v", err)
		}
	})

	t.Run("UnknownDialect", func(t *testing.T) {
		var buf bytes.Buffer
		tbl := smallTable()
		if err := export.WriteCSV(&buf, tbl, export.Dialect(7)); pejling.ErrorCode(err) != pejling.EINVALID || buf.Len() != 0 {
			t.Errorf("WriteCSV(Dialect(7)) = %v with %d bytes, want EINVALID and none", err, buf.Len())
		}
	})
}

func TestParseDialect(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want export.Dialect
	}{
		{"", export.Comma}, {"comma", export.Comma}, {",", export.Comma}, {" Comma ", export.Comma},
		{"semicolon", export.Semicolon}, {";", export.Semicolon}, {"da", export.Semicolon}, {"DA", export.Semicolon},
	} {
		if got, err := export.ParseDialect(tc.in); err != nil || got != tc.want {
			t.Errorf("ParseDialect(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	_, err := export.ParseDialect("tab" + strings.Repeat("x", 100))
	if pejling.ErrorCode(err) != pejling.EINVALID {
		t.Fatalf("ParseDialect(tab…) = %v, want EINVALID", err)
	}
	if msg := pejling.ErrorMessage(err); !strings.Contains(msg, "unknown CSV dialect") || len([]rune(msg)) > 120 {
		t.Errorf("message %q", msg)
	}
}

func TestSheetName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Ledighed 2024", "Ledighed 2024"},
		{"", "Data"},
		{"[]:*?/\\", "-------"},
		{"Ledighed 2024/25: Ærø [Kommune]", "Ledighed 2024-25- Ærø -Kommune-"},
		{"'citeret'", "citeret"},
		{"history", "Data"},
		{"  a \n b\t", "a b"},
		{strings.Repeat("æ", 40), strings.Repeat("æ", 31)},
		{strings.Repeat("😀", 20), strings.Repeat("😀", 15)}, // two UTF-16 units each
		{"abcdefghijklmnopqrstuvwxyz1234 '", "abcdefghijklmnopqrstuvwxyz1234"},
	} {
		if got := export.SheetName(tc.in); got != tc.want {
			t.Errorf("SheetName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	t.Run("Written", func(t *testing.T) {
		tbl := smallTable()
		tbl.Title = "Ledighed 2024/25: Ærø [Kommune]"
		f := openXLSX(t, tbl)
		if got := f.GetSheetName(0); got != "Ledighed 2024-25- Ærø -Kommune-" {
			t.Errorf("sheet %q", got)
		}
	})
}

func TestFilename(t *testing.T) {
	for _, tc := range []struct{ base, ext, want string }{
		{"Ledighed i Ærø Kommune 2024/25", export.ExtCSV, "ledighed-i-ærø-kommune-202425.csv"},
		{"../../etc/passwd", "xlsx", "etcpasswd.xlsx"},
		{"", "csv", "pejling.csv"},
		{"!!!", "csv", "pejling.csv"},
		{"  a  --  b  ", "csv", "a-b.csv"},
		{"snake_case", ".CSV", "snake_case.csv"},
		{"x", "", "x"},
		{strings.Repeat("å", 100), "csv", strings.Repeat("å", 80) + ".csv"},
		{"a\"b\r\nc;d", "csv", "ab-cd.csv"},
	} {
		if got := export.Filename(tc.base, tc.ext); got != tc.want {
			t.Errorf("Filename(%q, %q) = %q, want %q", tc.base, tc.ext, got, tc.want)
		}
	}
}

// bigTable has n rows of 8 columns, every kind among them.
func bigTable(n int) export.Table {
	tbl := export.Table{
		Title: "Stor",
		Columns: []export.Column{
			{Name: "Kommune"}, {Name: "Kode", Kind: export.Integer}, {Name: "Personer", Kind: export.Integer},
			{Name: "Fuldtid", Kind: export.Number, Decimals: 1}, {Name: "Andel", Kind: export.Percent, Decimals: 1},
			{Name: "Fra", Kind: export.Date}, {Name: "Til", Kind: export.Date}, {Name: "Note"},
		},
		Rows: make([][]any, n),
	}
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range tbl.Rows {
		tbl.Rows[i] = []any{
			"Kommune " + strconv.Itoa(i%98), 101 + i%98, int64(i * 7), float64(i) / 3, float64(i%1000) / 1000,
			day.AddDate(0, 0, i%1500), day.AddDate(0, 0, i%1500+30), fmt.Sprintf("række %d", i),
		}
	}
	return tbl
}

func TestLargeTable(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	tbl := bigTable(100_000)
	var buf bytes.Buffer
	for _, d := range []export.Dialect{export.Comma, export.Semicolon} {
		buf.Reset()
		if err := export.WriteCSV(&buf, tbl, d); err != nil {
			t.Fatal(err)
		}
		if lines := bytes.Count(buf.Bytes(), []byte("\r\n")); lines != 100_001 {
			t.Errorf("%v: %d lines, want 100001", d, lines)
		}
	}
	buf.Reset()
	if err := export.WriteXLSX(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Stream the rows back rather than load the sheet, which takes far longer than writing.
	rows, err := f.Rows("Stor")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, last := 0, []string(nil)
	for rows.Next() {
		n++
		if last, err = rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
			t.Fatal(err)
		}
	}
	if n != 100_001 || len(last) != 8 || last[7] != "række 99999" {
		t.Errorf("read back %d rows, the last %q; want 100001 ending in row 99999", n, last)
	}
}

func BenchmarkWriteCSV(b *testing.B) {
	tbl := bigTable(10_000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := export.WriteCSV(&buf, tbl, export.Semicolon); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func BenchmarkWriteXLSX(b *testing.B) {
	tbl := bigTable(10_000)
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := export.WriteXLSX(&buf, tbl); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

func ExampleWriteCSV() {
	tbl := export.Table{
		Columns: []export.Column{
			{Name: "Kommune"},
			{Name: "Ledige", Kind: export.Integer},
			{Name: "Andel", Kind: export.Percent, Decimals: 1},
		},
		Rows: [][]any{{"Ærø", 312, 0.0415}, {"=Ikast-Brande", 1204, nil}},
	}
	var buf bytes.Buffer
	if err := export.WriteCSV(&buf, tbl, export.Comma); err != nil {
		fmt.Println(err)
	}
	// Lines end in CRLF (RFC 4180); the example output shows them as plain newlines.
	fmt.Print(strings.ReplaceAll(buf.String(), "\r\n", "\n"))
	// Output:
	// Kommune,Ledige,Andel
	// Ærø,312,4.2
	// '=Ikast-Brande,1204,
}
