package economics

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

// InterventionCost is one row of a cost file: what an intervention (an offer or a
// supplier, the intervention_id of activation spells) cost in a calendar year.
type InterventionCost struct {
	InterventionID string
	Year           int
	CostDKK        float64 // kroner, ≥ 0
	Name           string  // optional display name
	Line           int     // line of the cost file, for messages
}

// InterventionCostColumns are the columns of a cost file; the first three are required.
var InterventionCostColumns = []string{"intervention_id", "year", "cost_dkk", "name"}

// interventionCostMaxProblems is how many problems a cost file error lists (all are
// counted).
const interventionCostMaxProblems = 20

// errInterventionLineTooLong stops the reading of a cost file at a line longer than
// importer.MaxLineBytes.
var errInterventionLineTooLong = errors.New("line too long")

// ReadInterventionCosts reads a cost file: UTF-8 CSV with a header row naming
// intervention_id, year, cost_dkk and optionally name in any order, separated by ',' or
// ';' (detected from the header), decimals with '.' or ',' and no thousands separators.
// file is the name messages use. Every problem is reported as file:line: reason (with
// the column and value where there is one): a missing, unknown or repeated column, a
// row with the wrong number of fields, an empty or CPR-like or otherwise malformed id
// (the rules of importer.PersonIDFault), a year outside 1900–2100, a cost that is not a
// number or is negative, a name that would run as a spreadsheet formula or differs from
// the intervention's name on an earlier line, a duplicate (id, year), text that is not
// UTF-8, and a line longer than importer.MaxLineBytes (which stops the reading). Any
// problem makes the whole file fail with EINVALID listing the first 20.
func ReadInterventionCosts(file string, r io.Reader) ([]InterventionCost, error) {
	c := &interventionCostReader{file: file}
	rows := c.read(r)
	if c.total > 0 {
		var b strings.Builder
		fmt.Fprintf(&b, "%d problem(s) in the cost file %s:", c.total, file)
		for _, p := range c.problems {
			b.WriteString("\n  ")
			b.WriteString(p.Error())
		}
		if more := c.total - len(c.problems); more > 0 {
			fmt.Fprintf(&b, "\n  … and %d more", more)
		}
		return nil, &pejling.Error{Code: pejling.EINVALID, Message: b.String()}
	}
	return rows, nil
}

type interventionCostReader struct {
	file     string
	problems []importer.Problem
	total    int
}

func (c *interventionCostReader) problem(line int, column, value, reason string) {
	c.total++
	if len(c.problems) < interventionCostMaxProblems {
		c.problems = append(c.problems, importer.Problem{File: c.file, Line: line, Column: column,
			Value: interventionShowValue(value), Reason: reason})
	}
}

func (c *interventionCostReader) read(r io.Reader) []InterventionCost {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(64 << 10)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cr := csv.NewReader(&interventionLineLimit{r: br, line: 1})
	if bytes.Count(head, []byte{';'}) > bytes.Count(head, []byte{','}) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1

	header, err := cr.Read()
	if err == io.EOF {
		c.problem(0, "", "", "empty file: expected the header intervention_id,year,cost_dkk[,name]")
		return nil
	}
	if err != nil {
		c.readError(err)
		return nil
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch {
		case !isKnownInterventionColumn(h):
			shown := strconv.Quote(pejling.Clip(h))
			if strings.Contains(importer.PersonIDFault(h), "CPR") {
				shown = "(looks like a CPR number: is the header missing?)"
			}
			c.problem(1, "", "", fmt.Sprintf("unknown column %s (known: %s)", shown, strings.Join(InterventionCostColumns, ", ")))
		case col[h] > 0:
			c.problem(1, "", "", fmt.Sprintf("column %s given twice", h))
		default:
			col[h] = i + 1 // 1-based, so that 0 is "absent"
		}
	}
	for _, h := range InterventionCostColumns[:3] {
		if col[h] == 0 {
			c.problem(1, "", "", "missing column "+h)
		}
	}
	if c.total > 0 {
		return nil
	}

	var out []InterventionCost
	type key struct {
		id   string
		year int
	}
	seen := map[key]int{}
	names := map[string]InterventionCost{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			if !c.readError(err) {
				return out
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(header) {
			if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a blank line
			}
			c.problem(line, "", "", fmt.Sprintf("%d field(s), the header has %d", len(rec), len(header)))
			continue
		}
		field := func(name string) string {
			if col[name] == 0 {
				return ""
			}
			return strings.TrimSpace(rec[col[name]-1])
		}
		ok := true
		for _, f := range rec {
			if !utf8.ValidString(f) {
				c.problem(line, "", "", "not UTF-8 text")
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		row := InterventionCost{InterventionID: field("intervention_id"), Name: field("name"), Line: line}
		if fault := importer.PersonIDFault(row.InterventionID); fault != "" {
			v := row.InterventionID
			if strings.Contains(fault, "CPR") {
				v = "" // never repeat what may be a CPR number
			}
			c.problem(line, "intervention_id", v, fault)
			ok = false
		}
		ys := field("year")
		if y, err := strconv.Atoi(ys); err != nil || len(ys) != 4 || y < 1900 || y > 2100 {
			c.problem(line, "year", ys, "not a year (YYYY, 1900–2100)")
			ok = false
		} else {
			row.Year = y
		}
		cs := field("cost_dkk")
		switch v, good := importer.ParseDecimal(cs); {
		case cs == "":
			c.problem(line, "cost_dkk", "", "empty: give the cost in kroner (0 if none)")
			ok = false
		case !good:
			c.problem(line, "cost_dkk", cs, "not a number (digits with . or , as the decimal mark, no thousands separators)")
			ok = false
		case v < 0:
			c.problem(line, "cost_dkk", cs, "negative: a cost is 0 or more kroner")
			ok = false
		default:
			row.CostDKK = v
		}
		if row.Name != "" {
			if r, _ := utf8.DecodeRuneInString(row.Name); strings.ContainsRune("=+-@", r) {
				c.problem(line, "name", row.Name, "starts with "+string(r)+": looks like a spreadsheet formula (formula injection)")
				ok = false
			} else if strings.IndexFunc(row.Name, unicode.IsControl) >= 0 {
				c.problem(line, "name", row.Name, "control characters are not allowed in text")
				ok = false
			}
		}
		if !ok {
			continue
		}
		k := key{row.InterventionID, row.Year}
		if first, dup := seen[k]; dup {
			c.problem(line, "", "", fmt.Sprintf("duplicate of line %d (same intervention_id %s and year %d)", first, row.InterventionID, row.Year))
			continue
		}
		seen[k] = line
		if row.Name != "" {
			if prev, had := names[row.InterventionID]; had && prev.Name != row.Name {
				c.problem(line, "name", row.Name, fmt.Sprintf("differs from the name %q of %s on line %d", pejling.Clip(prev.Name), row.InterventionID, prev.Line))
				continue
			} else if !had {
				names[row.InterventionID] = row
			}
		}
		out = append(out, row)
	}
}

// readError records a read error; it reports whether reading can go on.
func (c *interventionCostReader) readError(err error) bool {
	var le *interventionLineError
	var pe *csv.ParseError
	switch {
	case errors.As(err, &le):
		c.problem(le.line, "", "", fmt.Sprintf("line longer than %d bytes", importer.MaxLineBytes))
		return false
	case errors.As(err, &pe):
		c.problem(pe.StartLine, "", "", "bad CSV: "+pe.Err.Error())
		return errors.Is(pe.Err, csv.ErrFieldCount)
	default:
		c.problem(0, "", "", "read: "+err.Error())
		return false
	}
}

func isKnownInterventionColumn(h string) bool {
	for _, k := range InterventionCostColumns {
		if h == k {
			return true
		}
	}
	return false
}

// interventionShowValue shortens a value for a message and escapes what would not print.
func interventionShowValue(v string) string {
	if v == "" {
		return ""
	}
	if !utf8.ValidString(v) || strings.IndexFunc(v, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		v = strconv.Quote(v)
	}
	return pejling.Clip(v)
}

// interventionLineLimit passes bytes through and fails at a physical line longer than
// importer.MaxLineBytes, so that a file without line breaks cannot fill the memory.
type interventionLineLimit struct {
	r    io.Reader
	line int // current physical line, 1-based
	run  int // bytes of the current line so far
}

type interventionLineError struct{ line int }

func (e *interventionLineError) Error() string {
	return fmt.Sprintf("line %d: %v", e.line, errInterventionLineTooLong)
}

func (l *interventionLineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			l.line++
			l.run = 0
			continue
		}
		l.run++
		if l.run > importer.MaxLineBytes {
			return i, &interventionLineError{line: l.line}
		}
	}
	return n, err
}
