package sqldb

import "github.com/pejling/pejling"

// endDay stores a running spell's end as NULL.
func endDay(d pejling.Date) any {
	if d == pejling.Forever {
		return nil
	}
	return int64(d)
}

var benefitSpells = table[pejling.BenefitSpell]{
	name:   "benefit_spells",
	cols:   []string{"person_id", "start_day", "municipality", "benefit_group", "match_group", "end_day", "fraction"},
	keyLen: 4,
	values: func(dst []any, s *pejling.BenefitSpell) []any {
		return append(dst, s.PersonID, int64(s.Start), int64(s.Municipality), string(s.Group),
			string(s.Match), endDay(s.End), s.Fraction)
	},
}

var activationSpells = table[pejling.ActivationSpell]{
	name: "activation_spells",
	cols: []string{"person_id", "start_day", "municipality", "activation_type", "cvr",
		"benefit_group", "end_day", "hours_per_week", "intervention_id"},
	keyLen: 5,
	values: func(dst []any, s *pejling.ActivationSpell) []any {
		return append(dst, s.PersonID, int64(s.Start), int64(s.Municipality), string(s.Type), s.CVR,
			string(s.Group), int64(s.End), s.HoursPerWeek, s.InterventionID)
	},
}

var employmentSpells = table[pejling.EmploymentSpell]{
	name:   "employment_spells",
	cols:   []string{"person_id", "start_day", "end_day"},
	keyLen: 2,
	values: func(dst []any, s *pejling.EmploymentSpell) []any {
		return append(dst, s.PersonID, int64(s.Start), endDay(s.End))
	},
}
