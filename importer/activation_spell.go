package importer

import (
	"io"

	"github.com/pejling/pejling"
)

// Columns of activation_spells.csv.
const (
	asPersonID = iota
	asMunicipality
	asBenefitGroup
	asActivationType
	asStartDate
	asEndDate
	asHoursPerWeek
	asCVR
	asInterventionID
)

var activationSpellColumns = []column{
	asPersonID:       {"person_id", true},
	asMunicipality:   {"municipality", true},
	asBenefitGroup:   {"benefit_group", true},
	asActivationType: {"activation_type", true},
	asStartDate:      {"start_date", true},
	asEndDate:        {"end_date", true},
	asHoursPerWeek:   {"hours_per_week", false},
	asCVR:            {"cvr", false},
	asInterventionID: {"intervention_id", false},
}

// fullTimeHours is the working week that counts as one full-time activated (§8).
const fullTimeHours = 37

// maxHoursPerWeek bounds hours_per_week: more is a typing error, not an offer.
const maxHoursPerWeek = 80

// ScanActivationSpells reads activation_spells.csv from r, streaming: it calls emit for
// each valid record in file order and problem for each problem found. When problem
// returns false the scan stops at once and returns nil. The returned error is only for
// I/O errors of r. The pointer passed to emit is reused: emit copies.
//
// end_date is required (a planned end counts); hours_per_week defaults to 37; a company
// placement (praktik, lts_privat, lts_offentlig) needs the company's cvr.
func ScanActivationSpells(r io.Reader, file string, emit func(line int, s *pejling.ActivationSpell), problem func(Problem) bool) error {
	s := newScanner(r, file, activationSpellColumns, problem)
	var rec pejling.ActivationSpell
	return s.run(func() {
		var ok bool
		if rec.PersonID, ok = s.personID(asPersonID); !ok {
			return
		}
		if rec.Municipality, ok = s.municipality(asMunicipality); !ok {
			return
		}
		if rec.Group, ok = s.benefitGroup(asBenefitGroup); !ok {
			return
		}
		if rec.Type, ok = s.activationType(asActivationType); !ok {
			return
		}
		if rec.Start, ok = s.date(asStartDate); !ok {
			return
		}
		if rec.End, ok = s.endDate(asEndDate, rec.Start, true); !ok {
			return
		}
		if rec.HoursPerWeek, ok = s.share(asHoursPerWeek, fullTimeHours, maxHoursPerWeek); !ok {
			return
		}
		if rec.CVR, ok = s.cvr(asCVR, false); !ok {
			return
		}
		if rec.CVR == "" && rec.Type.IsCompanyPlacement() {
			s.report(asCVR, nil, reasonPlacementCVR)
			return
		}
		if rec.InterventionID, ok = s.optionalID(asInterventionID); !ok {
			return
		}
		emit(s.line, &rec)
	})
}
