package importer

import (
	"io"

	"github.com/pejling/pejling"
)

// Columns of employment_spells.csv.
const (
	esPersonID = iota
	esStartDate
	esEndDate
)

var employmentSpellColumns = []column{
	esPersonID:  {"person_id", true},
	esStartDate: {"start_date", true},
	esEndDate:   {"end_date", false},
}

// ScanEmploymentSpells reads employment_spells.csv from r, streaming: it calls emit for
// each valid record in file order and problem for each problem found. When problem
// returns false the scan stops at once and returns nil. The returned error is only for
// I/O errors of r. The pointer passed to emit is reused: emit copies.
//
// An empty end_date is a running spell (pejling.Forever).
func ScanEmploymentSpells(r io.Reader, file string, emit func(line int, s *pejling.EmploymentSpell), problem func(Problem) bool) error {
	s := newScanner(r, file, employmentSpellColumns, problem)
	var rec pejling.EmploymentSpell
	return s.run(func() {
		var ok bool
		if rec.PersonID, ok = s.personID(esPersonID); !ok {
			return
		}
		if rec.Start, ok = s.date(esStartDate); !ok {
			return
		}
		if rec.End, ok = s.endDate(esEndDate, rec.Start, false); !ok {
			return
		}
		emit(s.line, &rec)
	})
}
