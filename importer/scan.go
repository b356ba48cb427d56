package importer

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Reasons about a record or a whole file.
const (
	reasonEmptyFile = "empty file: no header row"
	reasonNUL       = "contains a NUL byte"
	reasonNotUTF8   = "not valid UTF-8 (is the file Latin-1? save it as UTF-8)"
	reasonUTF16     = "the file looks like UTF-16: save it as UTF-8"
	reasonLongLine  = "line longer than 1 MiB"
	reasonLongRec   = "record longer than 1 MiB (is a quoted field never closed?)"
	reasonRequired  = "required"
)

// column is one column of a kind of file; required columns are bold in DOMAIN.md §9.
type column struct {
	name     string
	required bool
}

// scanner holds what the Scan functions share: the record reader, the mapping of the
// header onto the kind's columns, and the reporting of problems.
type scanner struct {
	file    string
	cols    []column
	problem func(Problem) bool
	rr      *recordReader

	names   []string // the header's column names, trimmed and lower case
	idx     []int    // for each of cols, its field in a record; -1 when absent
	line    int      // where the current record starts
	stopped bool     // problem asked to stop

	munis    map[string]spelling // municipality as written → code, for those seen
	lastMuni spelling            // the last one: the rows of a person repeat it
	lastID   string              // the last person id, reused while rows repeat it
	interned map[string]string   // see intern
}

func newScanner(r io.Reader, file string, cols []column, problem func(Problem) bool) *scanner {
	return &scanner{file: file, cols: cols, problem: problem, rr: newRecordReader(r, MaxLineBytes, readBufferSize),
		munis: make(map[string]spelling), interned: make(map[string]string)}
}

// run reads the header, then calls row for each record that is well formed and as wide
// as the header. It returns only I/O errors of the reader.
func (s *scanner) run(row func()) error {
	if s.header() {
		for !s.stopped && s.rr.next() {
			s.line = s.rr.start
			switch {
			case s.rr.fault != "":
				s.report(-1, nil, s.rr.fault)
			case s.badEncoding():
			case len(s.rr.fields) != len(s.names):
				s.report(-1, nil, s.widthReason())
			default:
				row()
			}
		}
	}
	if s.stopped {
		return nil
	}
	if s.rr.tooLong > 0 {
		s.line = s.rr.tooLong
		if s.rr.multiple {
			s.report(-1, nil, reasonLongRec)
		} else {
			s.report(-1, nil, reasonLongLine)
		}
	}
	return s.rr.err // the caller knows the file and says so
}

// headerRow reads the header row and reports an empty file, UTF-16, a broken row or a
// bad encoding; false ends the file. Both header parsers start with it.
func (s *scanner) headerRow() bool {
	if !s.rr.next() {
		if s.rr.tooLong == 0 && s.rr.err == nil {
			s.line = 0
			s.report(-1, nil, reasonEmptyFile)
		}
		return false
	}
	s.line = s.rr.start
	if s.utf16() {
		s.report(-1, nil, reasonUTF16)
		return false
	}
	if s.rr.fault != "" {
		s.report(-1, nil, s.rr.fault)
		return false
	}
	if s.badEncoding() {
		return false
	}
	s.line = 0
	return true
}

// header reads the header row and maps its names onto the kind's columns. Unknown,
// duplicate and missing columns are each reported; any of them ends the file.
func (s *scanner) header() bool {
	if !s.headerRow() {
		return false
	}
	s.idx = make([]int, len(s.cols))
	for i := range s.idx {
		s.idx[i] = -1
	}
	if !s.anyKnownColumn() {
		s.reportValue(nil, "no header row: the first line names none of the columns (known: "+s.known()+")")
		return false
	}
	ok := true
	for i, f := range s.rr.fields {
		name := strings.ToLower(string(maskCPR(f))) // a header-less file starts with data
		s.names = append(s.names, name)
		c := s.columnIndex(name)
		switch {
		case name == "":
			ok = s.reportValue(nil, fmt.Sprintf("column %d has no name (a separator at the end of the header?)", i+1))
		case c < 0 && strings.ContainsRune(name, '\t'):
			ok = s.reportValue(f, fmt.Sprintf("unknown column %q (the separator must be , or ; — not a tab)", name))
		case c < 0:
			ok = s.reportValue(f, fmt.Sprintf("unknown column %q (known: %s)", name, s.known()))
		case s.idx[c] >= 0:
			ok = s.reportValue(f, fmt.Sprintf("duplicate column %q (columns %d and %d)", name, s.idx[c]+1, i+1))
		default:
			s.idx[c] = i
		}
	}
	for c, col := range s.cols {
		if col.required && s.idx[c] < 0 {
			ok = s.reportValue(nil, fmt.Sprintf("missing required column %q", col.name))
		}
	}
	return ok && !s.stopped
}

// utf16 reports whether the header looks like UTF-16, as Excel's "Unicode text" is: a
// UTF-16 byte order mark, or NUL bytes, which no header of ours holds otherwise.
func (s *scanner) utf16() bool {
	if f := s.rr.fields[0]; bytes.HasPrefix(f, []byte("\xff\xfe")) || bytes.HasPrefix(f, []byte("\xfe\xff")) {
		return true
	}
	for _, f := range s.rr.fields {
		if bytes.IndexByte(f, 0) >= 0 {
			return true
		}
	}
	return false
}

// anyKnownColumn reports whether the header names at least one column: a file without
// a header gets one problem rather than one for each value of its first row.
func (s *scanner) anyKnownColumn() bool {
	for _, f := range s.rr.fields {
		if s.columnIndex(strings.ToLower(string(f))) >= 0 {
			return true
		}
	}
	return false
}

func (s *scanner) columnIndex(name string) int {
	for c, col := range s.cols {
		if col.name == name {
			return c
		}
	}
	return -1
}

func (s *scanner) known() string {
	names := make([]string, len(s.cols))
	for c, col := range s.cols {
		names[c] = col.name
	}
	return strings.Join(names, ", ")
}

// badEncoding reports a record holding a NUL byte or bytes that are not UTF-8.
func (s *scanner) badEncoding() bool {
	if raw := s.rr.raw; raw != nil && bytes.IndexByte(raw, 0) < 0 && utf8.Valid(raw) {
		return false
	}
	for i, f := range s.rr.fields {
		reason := ""
		if bytes.IndexByte(f, 0) >= 0 {
			reason = reasonNUL
		} else if !utf8.Valid(f) {
			reason = reasonNotUTF8
		}
		if reason != "" {
			if s.names == nil { // the header itself
				s.reportProblem(Problem{Value: showValue(f), Reason: "column name " + showValue(f) + ": " + reason})
				return true
			}
			name := ""
			if i < len(s.names) {
				name = s.names[i]
			}
			s.reportProblem(Problem{Column: name, Value: showValue(f), Reason: reason})
			return true
		}
	}
	return false
}

func (s *scanner) widthReason() string {
	n, fields := len(s.rr.fields), "fields"
	if n == 1 {
		fields = "field"
	}
	reason := fmt.Sprintf("%d %s, the header has %d", n, fields, len(s.names))
	if n > len(s.names) && s.rr.sep == ',' && s.hasDecimals() && splitDecimal(s.rr.fields) {
		reason += " (a decimal comma needs ; as the separator, or quotes)"
	}
	return reason
}

// splitDecimal reports whether two neighbouring fields could be the halves of a number
// written with a decimal comma, such as "0" and "5" from 0,5.
func splitDecimal(fields [][]byte) bool {
	for i := 0; i+1 < len(fields); i++ {
		whole := bytes.TrimLeft(fields[i], "+-")
		if allDigits(whole) && allDigits(fields[i+1]) {
			return true
		}
	}
	return false
}

// hasDecimals reports whether the kind has a column that may hold a decimal comma.
func (s *scanner) hasDecimals() bool {
	for _, col := range s.cols {
		switch col.name {
		case "fraction", "hours_per_week", "value", "amount_dkk":
			return true
		}
	}
	return false
}

// field returns column c of the current record, nil when the file lacks the column.
func (s *scanner) field(c int) []byte {
	if i := s.idx[c]; i >= 0 {
		return s.rr.fields[i]
	}
	return nil
}

// report reports a problem with column c (-1 for none) of the current record and
// returns false, so that value checks can end with `return x, s.report(…)`.
func (s *scanner) report(c int, v []byte, reason string) bool {
	p := Problem{Reason: reason}
	if c >= 0 {
		p.Column = s.cols[c].name
		p.Value = showValue(v)
	}
	s.reportProblem(p)
	return false
}

// reportValue reports a problem without a column but with a value, as for the header.
func (s *scanner) reportValue(v []byte, reason string) bool {
	s.reportProblem(Problem{Value: showValue(v), Reason: reason})
	return false
}

func (s *scanner) reportProblem(p Problem) {
	if s.stopped {
		return
	}
	p.File, p.Line = s.file, s.line
	if !s.problem(p) {
		s.stopped = true
	}
}

// required returns column c, reporting it when it is empty.
func (s *scanner) required(c int) ([]byte, bool) {
	f := s.field(c)
	if len(f) == 0 {
		return nil, s.report(c, nil, reasonRequired)
	}
	return f, true
}
