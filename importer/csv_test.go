package importer_test

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/pejling/pejling/importer"
)

func rec(line int, fields ...string) importer.Record {
	return importer.Record{Line: line, Fields: fields}
}

func faulty(line int, fault string, fields ...string) importer.Record {
	return importer.Record{Line: line, Fields: fields, Fault: fault}
}

func TestReadRecord(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []importer.Record
	}{
		{"Comma", "a,b,c\n1,2,3\n", []importer.Record{rec(1, "a", "b", "c"), rec(2, "1", "2", "3")}},
		{"Semicolon", "a;b;c\n1,5;2;3\n", []importer.Record{rec(1, "a", "b", "c"), rec(2, "1,5", "2", "3")}},
		{"SemicolonWinsOverCommaInQuotes", "\"a,b,c\";d\n1;2\n", []importer.Record{rec(1, "a,b,c", "d"), rec(2, "1", "2")}},
		{"NoFinalNewline", "a,b\n1,2", []importer.Record{rec(1, "a", "b"), rec(2, "1", "2")}},
		{"CRLF", "a,b\r\n1,2\r\n", []importer.Record{rec(1, "a", "b"), rec(2, "1", "2")}},
		{"BOM", "\xef\xbb\xbfa,b\n1,2\n", []importer.Record{rec(1, "a", "b"), rec(2, "1", "2")}},
		{"BOMOnlyAtStart", "a,b\n\xef\xbb\xbf1,2\n", []importer.Record{rec(1, "a", "b"), rec(2, "\xef\xbb\xbf1", "2")}},
		{"EmptyLinesSkipped", "\n\na,b\n\n1,2\r\n\r\n3,4\n\n", []importer.Record{rec(3, "a", "b"), rec(5, "1", "2"), rec(7, "3", "4")}},
		{"AllEmptyFieldsSkipped", "a;b\n;\n  ;  \n\"\";\"\"\n1;2\n", []importer.Record{rec(1, "a", "b"), rec(5, "1", "2")}},
		{"Trimmed", " a , b \n 1 ,\" 2 \" \n", []importer.Record{rec(1, "a", "b"), rec(2, "1", "2")}},
		{"EmptyFields", "a,b,c\n,,\n1,,3\n", []importer.Record{rec(1, "a", "b", "c"), rec(3, "1", "", "3")}},
		{"QuotedSeparator", "a,b\n\"x,y\",2\n", []importer.Record{rec(1, "a", "b"), rec(2, "x,y", "2")}},
		{"DoubledQuote", "a,b\n\"Jensen \"\"Bøf\"\"\",2\n", []importer.Record{rec(1, "a", "b"), rec(2, `Jensen "Bøf"`, "2")}},
		{"Apostrophe", "a,b\nJensen's Bøfhus,2\n", []importer.Record{rec(1, "a", "b"), rec(2, "Jensen's Bøfhus", "2")}},
		{"QuotedEmpty", "a,b\n\"\",2\n", []importer.Record{rec(1, "a", "b"), rec(2, "", "2")}},
		{"SpacesAroundQuotes", "a,b\n  \"x\"  ,2\n", []importer.Record{rec(1, "a", "b"), rec(2, "x", "2")}},
		{"MultiLineQuoted", "a,b\n\"one\ntwo\nthree\",2\nx,y\n",
			[]importer.Record{rec(1, "a", "b"), rec(2, "one\ntwo\nthree", "2"), rec(5, "x", "y")}},
		{"MultiLineCRLF", "a,b\r\n\"one\r\ntwo\",2\r\nx,y\r\n",
			[]importer.Record{rec(1, "a", "b"), rec(2, "one\ntwo", "2"), rec(4, "x", "y")}},
		{"QuotedEmptyLine", "a,b\n\"one\n\ntwo\",2\nx,y\n",
			[]importer.Record{rec(1, "a", "b"), rec(2, "one\n\ntwo", "2"), rec(5, "x", "y")}},
		{"BareQuote", "a,b\nab\"c,2\nx,y\n",
			[]importer.Record{rec(1, "a", "b"), faulty(2, `a " inside a field that is not quoted`, "ab\"c", "2"), rec(3, "x", "y")}},
		{"TextAfterQuote", "a,b\n\"ab\"c,2\nx,y\n",
			[]importer.Record{rec(1, "a", "b"), faulty(2, `text after the closing "`, "abc", "2"), rec(3, "x", "y")}},
		{"Unterminated", "a,b\n1,2\n\"abc,2\nx,y\n",
			[]importer.Record{rec(1, "a", "b"), rec(2, "1", "2"), faulty(3, "never closed", "abc,2\nx,y")}},
		{"UnterminatedNoNewline", "a,b\n\"abc",
			[]importer.Record{rec(1, "a", "b"), faulty(2, "never closed", "abc")}},
		{"HeaderOnly", "a,b\n", []importer.Record{rec(1, "a", "b")}},
		{"Empty", "", nil},
		{"OnlyBOM", "\xef\xbb\xbf", nil},
	}
	for _, tt := range tests {
		for _, size := range []int{16, 64 << 10} { // lines longer than the buffer, and not
			t.Run(fmt.Sprintf("%s/Buffer%d", tt.name, size), func(t *testing.T) {
				testReadRecord(t, tt.input, size, tt.want)
			})
		}
	}
}

func testReadRecord(t *testing.T, input string, bufSize int, want []importer.Record) {
	got, tooLong, err := importer.ReadRecords(strings.NewReader(input), importer.MaxLineBytes, bufSize)
	if err != nil || tooLong != 0 {
		t.Fatalf("err %v, too long at %d", err, tooLong)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d records %+v, want %d %+v", len(got), got, len(want), want)
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Line != w.Line || !reflect.DeepEqual(g.Fields, w.Fields) || !strings.Contains(g.Fault, w.Fault) || (w.Fault == "") != (g.Fault == "") {
			t.Errorf("record %d: got %+v, want %+v", i, g, w)
		}
	}
}

func TestReadRecordBound(t *testing.T) {
	tests := []struct {
		name        string
		input       string
		limit       int
		wantRecords int
		wantTooLong int
	}{
		{"Fits", "aaaa\nbbbbbbbb\n", 8, 2, 0},
		{"FitsWithCRLF", "aaaa\r\nbbbbbbbb\r\n", 8, 2, 0},
		{"LineTooLong", "aaaa\nbbbbbbbbb\ncc\n", 8, 1, 2},
		{"LastLineTooLong", "aaaa\nbbbbbbbbb", 8, 1, 2},
		{"LongerThanBuffer", "a\n" + strings.Repeat("b", 100) + "\n", 64, 1, 2},
		{"LongerThanBufferFits", "a\n" + strings.Repeat("b", 100) + "\n", 128, 2, 0},
		{"LongLineSplitCRLF", "a\n" + strings.Repeat("b", 100) + "\r\n", 100, 2, 0},
		{"RecordTooLong", "a,b\n\"" + strings.Repeat("x\n", 40) + "\",1\n", 64, 1, 2},
		{"RecordFits", "a,b\n\"" + strings.Repeat("x\n", 20) + "\",1\n", 64, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, tooLong, err := importer.ReadRecords(strings.NewReader(tt.input), tt.limit, 16)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.wantRecords || tooLong != tt.wantTooLong {
				t.Errorf("got %d records %+v, too long at %d; want %d, %d", len(got), got, tooLong, tt.wantRecords, tt.wantTooLong)
			}
		})
	}
}

// TestReadRecordLongLineSplitCRLF checks a CRLF split between two reads of the buffer
// when the line is longer than the buffer.
func TestReadRecordLongLineSplitCRLF(t *testing.T) {
	for n := 65530; n <= 65540; n++ {
		input := "a\n" + strings.Repeat("b", n) + "\r\nc\n"
		got, tooLong, err := importer.ReadRecords(strings.NewReader(input), importer.MaxLineBytes, 64<<10)
		if err != nil || tooLong != 0 || len(got) != 3 {
			t.Fatalf("n=%d: got %d records, too long %d, err %v", n, len(got), tooLong, err)
		}
		if f := got[1].Fields[0]; len(f) != n || strings.ContainsRune(f, '\r') {
			t.Errorf("n=%d: field of %d bytes, want %d without CR", n, len(f), n)
		}
		if got[2].Line != 3 {
			t.Errorf("n=%d: last record on line %d, want 3", n, got[2].Line)
		}
	}
}

func FuzzReadRecord(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n", "a;b\r\n\"x;y\";2\r\n", "\"a\nb\",c\n", "\"unterminated", `a,"b""c",d`,
		"\xef\xbb\xbfa,b\n\n\n1,2", "ab\"c,d\n", "\"a\"b,c\n", strings.Repeat("x", 70) + "\n1\n",
		"\"" + strings.Repeat("y\n", 40) + "\"\n", "\n\r\n;;\n", "a,b\r", "\"\"\"\"", " \" a \" , b",
	} {
		f.Add([]byte(s))
	}
	const limit = 64
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, tooLong, err := importer.ReadRecords(bytes.NewReader(data), limit, 16)
		if err != nil {
			t.Fatal(err)
		}
		// Lines longer than the buffer take another path, which must agree.
		recs2, tooLong2, err := importer.ReadRecords(bytes.NewReader(data), limit, 4096)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(recs, recs2) || tooLong != tooLong2 {
			t.Fatalf("a 16-byte buffer gives %+v (too long %d), a 4096-byte one %+v (too long %d)", recs, tooLong, recs2, tooLong2)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		last := 0
		for _, r := range recs {
			if r.Line < last || r.Line < 1 || r.Line > lines {
				t.Fatalf("record on line %d after line %d (input has %d lines)", r.Line, last, lines)
			}
			last = r.Line
			n := len(r.Fields) - 1 // separators or line breaks
			for _, fld := range r.Fields {
				n += len(fld)
			}
			if n > limit {
				t.Fatalf("record of %d bytes from a reader bound to %d", n, limit)
			}
		}
		if tooLong != 0 && tooLong < last {
			t.Fatalf("bound passed on line %d, before the last record on line %d", tooLong, last)
		}
		// The physical lines of every record fit the bound, or it was reported.
		if tooLong == 0 {
			for i, line := range bytes.Split(data, []byte("\n")) {
				if l := len(bytes.TrimSuffix(line, []byte("\r"))); l > limit {
					t.Fatalf("line %d has %d bytes but no bound was reported", i+1, l)
				}
			}
		}
	})
}
