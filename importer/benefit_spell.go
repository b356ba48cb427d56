package importer

import (
	"io"

	"github.com/pejling/pejling"
)

// Columns of benefit_spells.csv.
const (
	bsPersonID = iota
	bsMunicipality
	bsBenefitGroup
	bsMatchGroup
	bsStartDate
	bsEndDate
	bsFraction
)

var benefitSpellColumns = []column{
	bsPersonID:     {"person_id", true},
	bsMunicipality: {"municipality", true},
	bsBenefitGroup: {"benefit_group", true},
	bsMatchGroup:   {"match_group", false},
	bsStartDate:    {"start_date", true},
	bsEndDate:      {"end_date", false},
	bsFraction:     {"fraction", false},
}

// ScanBenefitSpells reads benefit_spells.csv from r, streaming: it calls emit for each
// valid record in file order and problem for each problem found. When problem returns
// false the scan stops at once and returns nil. The returned error is only for I/O
// errors of r. The pointer passed to emit is reused: emit copies.
//
// An empty end_date is a running spell (pejling.Forever); fraction defaults to 1.
func ScanBenefitSpells(r io.Reader, file string, emit func(line int, s *pejling.BenefitSpell), problem func(Problem) bool) error {
	s := newScanner(r, file, benefitSpellColumns, problem)
	var rec pejling.BenefitSpell
	return s.run(func() {
		var ok bool
		if rec.PersonID, ok = s.personID(bsPersonID); !ok {
			return
		}
		if rec.Municipality, ok = s.municipality(bsMunicipality); !ok {
			return
		}
		if rec.Group, ok = s.benefitGroup(bsBenefitGroup); !ok {
			return
		}
		if rec.Match, ok = s.matchGroup(bsMatchGroup); !ok {
			return
		}
		if rec.Start, ok = s.date(bsStartDate); !ok {
			return
		}
		if rec.End, ok = s.endDate(bsEndDate, rec.Start, false); !ok {
			return
		}
		if rec.Fraction, ok = s.share(bsFraction, 1, 1); !ok {
			return
		}
		emit(s.line, &rec)
	})
}
