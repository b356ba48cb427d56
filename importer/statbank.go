package importer

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// StatBankArea is what kind of place the area of a StatBank row is. Only municipality
// rows enter the benchmarks; the others are kept apart as totals.
type StatBankArea int

// Kinds of area. The zero value is no kind: no row emitted has it.
const (
	AreaMunicipality StatBankArea = iota + 1
	AreaCountry                   // All Denmark, Hele landet
	AreaRegion                    // Region Hovedstaden …
	AreaProvince                  // Province/Landsdel Byen København …
	AreaAbroad                    // Abroad, Udlandet
	AreaNotStated                 // Not stated municipality, Uoplyst kommune
)

// String returns the kind in lower case, e.g. "municipality".
func (a StatBankArea) String() string {
	switch a {
	case AreaMunicipality:
		return "municipality"
	case AreaCountry:
		return "country"
	case AreaRegion:
		return "region"
	case AreaProvince:
		return "province"
	case AreaAbroad:
		return "abroad"
	case AreaNotStated:
		return "not stated"
	}
	return fmt.Sprintf("StatBankArea(%d)", int(a))
}

// StatBankRow is one value of a Statistics Denmark StatBank table export.
type StatBankRow struct {
	Area         string       // the area label as in the file
	AreaKind     StatBankArea // what the area is
	Municipality int          // the municipality code when AreaKind is AreaMunicipality, else 0
	DimNames     []string     // names of the other label columns, as in the header; shared by all rows
	Dims         []string     // values of those columns (e.g. YDELSESTYPE, KØN, ALDER), in file order
	Period       string       // the time code normalised: "2023", "2023H1", "2023Q1" (for 2023K1 too), "2023M04"
	First, Last  pejling.Date // the first and last calendar day the period covers
	Value        float64      // NaN when Missing
	Missing      bool         // ".." (or empty) in the file: no value, which is not 0
}

// Reasons about StatBank files.
const (
	reasonStatBankArea   = "unknown area (a municipality name or code, All Denmark/Hele landet, Region …, Province/Landsdel …, Abroad/Udlandet, Not stated/Uoplyst …)"
	reasonStatBankCode   = "the code and the name are different municipalities"
	reasonStatBankPeriod = "not a StatBank time code (2023, 2023H1, 2023K1, 2023Q1, 2023M04)"
	reasonStatBankYear   = "year not in 1900–2199"
	reasonStatBankNoArea = "no area column: the header names only the time and value columns"
)

// statBank is the state of one StatBank scan besides the scanner's.
type statBank struct {
	s                 *scanner
	area, time, value int   // fields of the area, time and value columns
	dims              []int // fields of the other columns
	rec               StatBankRow
	areas             map[string]statBankPlace  // area label → what it is, for those seen
	periods           map[string]statBankPeriod // time code → period, for those seen
}

type statBankPlace struct {
	label  string
	kind   StatBankArea
	code   int
	reason string // why the label is no area, "" when it is one
}

type statBankPeriod struct {
	period      string
	first, last pejling.Date
	reason      string
}

// ScanStatBank reads a StatBank CSV export (Statistics Denmark, "Statistikbanken") from
// r, streaming: it calls emit for each valid row in file order and problem for each
// problem found. When problem returns false the scan stops at once and returns nil. The
// returned error is only for I/O errors of r. The pointer passed to emit is reused:
// emit copies the row (a copy is enough: each row's Dims are its own).
//
// The separator is ; or , (from the header); the file is UTF-8 with or without a BOM.
// The time column is named TID or TIME, the value column INDHOLD or CONTENT, and the
// area column OMRÅDE, OMRAADE, REGION or AREA, else it is the first other column; the
// remaining columns are dimensions, in any letter case. Values may have a decimal comma;
// "..", "." and empty are missing values.
func ScanStatBank(r io.Reader, file string, emit func(line int, row *StatBankRow), problem func(Problem) bool) error {
	s := newScanner(r, file, nil, problem)
	b := &statBank{s: s, areas: make(map[string]statBankPlace), periods: make(map[string]statBankPeriod)}
	if b.header() {
		for !s.stopped && s.rr.next() {
			s.line = s.rr.start
			switch {
			case s.rr.fault != "":
				s.report(-1, nil, s.rr.fault)
			case s.badEncoding():
			case len(s.rr.fields) != len(s.names):
				s.report(-1, nil, s.widthReason())
			case b.row():
				emit(s.line, &b.rec)
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
	return s.rr.err
}

// header reads the header row and finds the area, time and value columns. A StatBank
// table has columns of its own, so the scanner's columns are made from the header:
// problems then name a column as the file does.
func (b *statBank) header() bool {
	s := b.s
	if !s.headerRow() {
		return false
	}
	b.area, b.time, b.value = -1, -1, -1
	ok := true
	for i, f := range s.rr.fields {
		name := string(maskCPR(f))
		lower := strings.ToLower(name)
		s.names = append(s.names, lower)
		s.cols = append(s.cols, column{name: name})
		s.idx = append(s.idx, i)
		var which *int
		switch lower {
		case "":
			ok = s.reportValue(nil, fmt.Sprintf("column %d has no name (a separator at the end of the header?)", i+1))
			continue
		case "tid", "time":
			which = &b.time
		case "indhold", "content":
			which = &b.value
		case "område", "omraade", "region", "area":
			which = &b.area
		default:
			continue
		}
		if *which >= 0 {
			ok = s.reportValue(f, fmt.Sprintf("duplicate column %q (columns %d and %d)", name, *which+1, i+1))
			continue
		}
		*which = i
	}
	if b.time < 0 {
		ok = s.reportValue(nil, `missing the time column "TID" (or "TIME")`)
	}
	if b.value < 0 {
		ok = s.reportValue(nil, `missing the value column "INDHOLD" (or "CONTENT")`)
	}
	if !ok || s.stopped {
		return false
	}
	if b.area < 0 {
		for i := range s.names {
			if i != b.time && i != b.value {
				b.area = i
				break
			}
		}
		if b.area < 0 {
			return s.reportValue(nil, reasonStatBankNoArea)
		}
	}
	for i := range s.names {
		if i != b.area && i != b.time && i != b.value {
			b.dims = append(b.dims, i)
			b.rec.DimNames = append(b.rec.DimNames, s.cols[i].name)
		}
	}
	return true
}

// row reads the current record into b.rec and reports whether it is valid.
func (b *statBank) row() bool {
	s, rec := b.s, &b.rec
	f, ok := s.required(b.area)
	if !ok {
		return false
	}
	place, ok := b.areas[string(f)]
	if !ok {
		place = classifyStatBankArea(string(f))
		if len(b.areas) < maxMunicipalitySpellings {
			b.areas[place.label] = place
		}
	}
	if place.reason != "" {
		return s.report(b.area, f, place.reason)
	}
	rec.Area, rec.AreaKind, rec.Municipality = place.label, place.kind, place.code

	f, ok = s.required(b.time)
	if !ok {
		return false
	}
	period, ok := b.periods[string(f)]
	if !ok {
		period = parseStatBankPeriod(f)
		if len(b.periods) < maxInterned {
			b.periods[string(f)] = period
		}
	}
	if period.reason != "" {
		return s.report(b.time, f, period.reason)
	}
	rec.Period, rec.First, rec.Last = period.period, period.first, period.last

	f = s.field(b.value)
	if rec.Missing = strings.Trim(string(f), ".") == ""; rec.Missing {
		rec.Value = math.NaN()
	} else if rec.Value, ok = parseDecimal(f); !ok {
		return s.report(b.value, f, reasonNumber)
	}

	rec.Dims = make([]string, 0, len(b.dims)) // a new slice: a copy of the row keeps its own
	for _, i := range b.dims {
		f := s.field(i)
		if reason := textFault(f); reason != "" {
			return s.report(i, f, reason)
		}
		rec.Dims = append(rec.Dims, s.intern(f))
	}
	return true
}

// classifyStatBankArea says what an area label is: a municipality by code or Danish or
// English name, optionally written after its code ("101 København"), or one of the
// totals StatBank tables carry besides the municipalities.
func classifyStatBankArea(label string) statBankPlace {
	p := statBankPlace{label: label}
	if p.reason = textFault([]byte(label)); p.reason != "" {
		return p
	}
	if c, ok := dk.LookupMunicipality(label); ok {
		p.kind, p.code = AreaMunicipality, c
		return p
	}
	if p.kind = statBankTotal(label); p.kind != 0 {
		return p
	}
	code, name, found := strings.Cut(label, " ")
	if !found || !allDigits([]byte(code)) {
		p.reason = reasonStatBankArea
		return p
	}
	if p.kind = statBankTotal(name); p.kind != 0 {
		return p // "000 Hele landet", "084 Region Hovedstaden"
	}
	c, ok := dk.LookupMunicipality(code)
	if !ok {
		p.reason = reasonStatBankArea
		return p
	}
	// A name that is no municipality (a spelling dk does not know) defers to the code;
	// one that is another municipality is a contradiction.
	if n, ok := dk.LookupMunicipality(name); ok && n != c {
		p.reason = reasonStatBankCode
		return p
	}
	p.kind, p.code = AreaMunicipality, c
	return p
}

// statBankTotal returns the kind of a label that is not a municipality, 0 for none.
func statBankTotal(label string) StatBankArea {
	l := strings.ToLower(strings.Join(strings.Fields(label), " "))
	switch {
	case l == "all denmark" || l == "hele landet" || l == "denmark" || l == "danmark":
		return AreaCountry
	case strings.HasPrefix(l, "region "):
		return AreaRegion
	case strings.HasPrefix(l, "province ") || strings.HasPrefix(l, "landsdel "):
		return AreaProvince
	case l == "abroad" || l == "udlandet" || l == "udland":
		return AreaAbroad
	case l == "not stated" || strings.HasPrefix(l, "not stated ") || l == "uoplyst" || strings.HasPrefix(l, "uoplyst "):
		return AreaNotStated
	}
	return 0
}

// parseStatBankPeriod reads a StatBank time code: a year 2023, a half-year 2023H1, a
// quarter 2023K1 or 2023Q1, or a month 2023M04, letters in any case.
func parseStatBankPeriod(f []byte) statBankPeriod {
	var p statBankPeriod
	y, ok := digits(f[:min(4, len(f))])
	if !ok || len(f) < 4 {
		p.reason = reasonStatBankPeriod
		return p
	}
	if y < minYear || y > maxYear {
		p.reason = reasonStatBankYear
		return p
	}
	rest := f[4:]
	month, months, unit := 1, 12, byte(0) // the period's first month and its length
	if len(rest) > 0 {
		unit = rest[0] &^ 0x20 // upper case
		n, ok := digits(rest[1:])
		switch {
		case unit == 'H' && ok && len(rest) == 2 && n >= 1 && n <= 2:
			month, months = 6*n-5, 6
		case (unit == 'K' || unit == 'Q') && ok && len(rest) == 2 && n >= 1 && n <= 4:
			month, months, unit = 3*n-2, 3, 'Q'
		case unit == 'M' && ok && len(rest) == 3 && n >= 1 && n <= 12:
			month, months = n, 1
		case unit == 'H' && ok && len(rest) == 2:
			p.reason = "no half-year " + string(rest[1:]) + " (1–2)"
			return p
		case (unit == 'K' || unit == 'Q') && ok && len(rest) == 2:
			p.reason = "no quarter " + string(rest[1:]) + " (1–4)"
			return p
		case unit == 'M' && ok && len(rest) == 3:
			p.reason = "no month " + string(rest[1:]) + " (01–12)"
			return p
		default:
			p.reason = reasonStatBankPeriod
			return p
		}
	}
	p.period = fmt.Sprintf("%04d", y)
	switch unit {
	case 'H', 'Q':
		p.period += string(unit) + string(rest[1])
	case 'M':
		p.period += fmt.Sprintf("M%02d", month)
	}
	p.first = pejling.Date(daysFromCivil(y, month, 1))
	end := month + months - 1 // last month of the period
	p.last = pejling.Date(daysFromCivil(y, end, daysIn(y, end)))
	return p
}
