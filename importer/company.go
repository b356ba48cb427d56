package importer

import (
	"io"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// Columns of companies.csv.
const (
	coCVR = iota
	coName
	coMunicipality
	coIndustry
	coEmployees
)

var companyColumns = []column{
	coCVR:          {"cvr", true},
	coName:         {"name", true},
	coMunicipality: {"municipality", true},
	coIndustry:     {"industry", false},
	coEmployees:    {"employees", false},
}

// Bounds of company values.
const (
	maxNameRunes = 200
	maxEmployees = 1_000_000
)

const (
	reasonNameTooLong = "longer than 200 characters"
	reasonIndustry    = "not an industry code (DB07: 2 to 6 digits)"
	reasonEmployees   = "not a number of employees (a whole number from 0 to 1000000)"
)

// ScanCompanies reads companies.csv from r, streaming: it calls emit for each valid
// record in file order and problem for each problem found. When problem returns false
// the scan stops at once and returns nil. The returned error is only for I/O errors of
// r. The pointer passed to emit is reused: emit copies.
//
// A name is stored as written (apostrophes, quotes and SQL are data), but not one a
// spreadsheet would run as a formula or one with control characters. An empty
// employees is -1, unknown.
func ScanCompanies(r io.Reader, file string, emit func(line int, c *pejling.Company), problem func(Problem) bool) error {
	s := newScanner(r, file, companyColumns, problem)
	var rec pejling.Company
	return s.run(func() {
		var ok bool
		if rec.CVR, ok = s.companyCVR(); !ok {
			return
		}
		if rec.Name, ok = s.companyName(); !ok {
			return
		}
		if rec.Municipality, ok = s.municipality(coMunicipality); !ok {
			return
		}
		if rec.Industry, ok = s.industry(); !ok {
			return
		}
		if rec.Employees, ok = s.employees(); !ok {
			return
		}
		emit(s.line, &rec)
	})
}

// companyCVR reads the key of a company, which no other row repeats: allocated, not
// shared.
func (s *scanner) companyCVR() (string, bool) {
	f, ok := s.required(coCVR)
	if !ok {
		return "", false
	}
	if !isCVR(f) {
		return "", s.report(coCVR, f, reasonCVR)
	}
	return string(f), true
}

func (s *scanner) companyName() (string, bool) {
	f, ok := s.required(coName)
	if !ok {
		return "", false
	}
	if reason := textFault(f); reason != "" {
		return "", s.report(coName, f, reason)
	}
	if utf8.RuneCount(f) > maxNameRunes {
		return "", s.report(coName, f, reasonNameTooLong)
	}
	return string(f), true
}

func (s *scanner) industry() (string, bool) {
	f := s.field(coIndustry)
	if len(f) == 0 {
		return "", true
	}
	if reason := textFault(f); reason != "" {
		return "", s.report(coIndustry, f, reason)
	}
	if len(f) < 2 || len(f) > 6 || !allDigits(f) {
		return "", s.report(coIndustry, f, reasonIndustry)
	}
	return s.intern(f), true
}

func (s *scanner) employees() (int, bool) {
	f := s.field(coEmployees)
	if len(f) == 0 {
		return -1, true
	}
	n, ok := digits(f)
	if !ok || n > maxEmployees {
		return 0, s.report(coEmployees, f, reasonEmployees)
	}
	return n, true
}
