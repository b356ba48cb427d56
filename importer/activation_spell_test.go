package importer_test

import (
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

const activationHeader = "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n"

func activationSpell(change func(*pejling.ActivationSpell)) *pejling.ActivationSpell {
	s := &pejling.ActivationSpell{PersonID: "p1", Municipality: 101, Group: pejling.KTH, Type: pejling.Praktik,
		Start: pejling.MustParseDate("2023-01-05"), End: pejling.MustParseDate("2023-03-31"), HoursPerWeek: 37,
		CVR: "12345678", InterventionID: "iv-7"}
	if change != nil {
		change(s)
	}
	return s
}

func TestScanActivationSpells(t *testing.T) {
	tests := []struct {
		name   string
		row    string
		want   *pejling.ActivationSpell
		column string
		reason string
	}{
		{"Valid", "p1,101,KTH,praktik,2023-01-05,2023-03-31,37,12345678,iv-7", activationSpell(nil), "", ""},
		{"Defaults", "p1,101,KTH,vejledning,2023-01-05,2023-03-31,,,", activationSpell(func(s *pejling.ActivationSpell) {
			s.Type, s.CVR, s.InterventionID = pejling.Vejledning, "", ""
		}), "", ""},
		{"TypeUpperCase", "p1,101,kth,LTS_PRIVAT,2023-01-05,2023-03-31,37,12345678,iv-7", activationSpell(func(s *pejling.ActivationSpell) { s.Type = pejling.LtsPrivat }), "", ""},
		{"HoursDecimalComma", `p1,101,KTH,praktik,2023-01-05,2023-03-31,"18,5",12345678,iv-7`, activationSpell(func(s *pejling.ActivationSpell) { s.HoursPerWeek = 18.5 }), "", ""},
		{"HoursMax", "p1,101,KTH,praktik,2023-01-05,2023-03-31,80,12345678,iv-7", activationSpell(func(s *pejling.ActivationSpell) { s.HoursPerWeek = 80 }), "", ""},
		{"CVROptionalOtherwise", "p1,101,KTH,mentor,2023-01-05,2023-03-31,10,12345678,", activationSpell(func(s *pejling.ActivationSpell) {
			s.Type, s.HoursPerWeek, s.InterventionID = pejling.Mentor, 10, ""
		}), "", ""},

		{"TypeRequired", "p1,101,KTH,,2023-01-05,2023-03-31,37,12345678,iv-7", nil, "activation_type", "required"},
		{"TypeUnknown", "p1,101,KTH,kursus,2023-01-05,2023-03-31,37,12345678,iv-7", nil, "activation_type", "unknown activation type"},
		{"EndRequired", "p1,101,KTH,praktik,2023-01-05,,37,12345678,iv-7", nil, "end_date", "required"},
		{"EndBeforeStart", "p1,101,KTH,praktik,2023-01-05,2022-12-31,37,12345678,iv-7", nil, "end_date", "before start_date 2023-01-05"},
		{"HoursZero", "p1,101,KTH,praktik,2023-01-05,2023-03-31,0,12345678,iv-7", nil, "hours_per_week", "more than 0 and at most 80"},
		{"HoursTooMany", "p1,101,KTH,praktik,2023-01-05,2023-03-31,80.5,12345678,iv-7", nil, "hours_per_week", "at most 80"},
		{"HoursNotANumber", "p1,101,KTH,praktik,2023-01-05,2023-03-31,fuld tid,12345678,iv-7", nil, "hours_per_week", "not a number"},
		{"CVRShort", "p1,101,KTH,praktik,2023-01-05,2023-03-31,37,1234567,iv-7", nil, "cvr", "8 digits"},
		{"CVRLetters", "p1,101,KTH,mentor,2023-01-05,2023-03-31,37,DK123456,iv-7", nil, "cvr", "8 digits"},
		{"CVRRequiredPraktik", "p1,101,KTH,praktik,2023-01-05,2023-03-31,37,,iv-7", nil, "cvr", "required for a company placement (praktik, lts_privat, lts_offentlig)"},
		{"CVRRequiredLtsPrivat", "p1,101,KTH,lts_privat,2023-01-05,2023-03-31,37,,iv-7", nil, "cvr", "required for a company placement"},
		{"CVRRequiredLtsOffentlig", "p1,101,KTH,lts_offentlig,2023-01-05,2023-03-31,37,,iv-7", nil, "cvr", "required for a company placement"},
		{"InterventionIDFormula", "p1,101,KTH,praktik,2023-01-05,2023-03-31,37,12345678,=HYPERLINK(1)", nil, "intervention_id", "formula injection"},
		{"InterventionIDCharset", "p1,101,KTH,praktik,2023-01-05,2023-03-31,37,12345678,iv 7", nil, "intervention_id", "may hold only"},
		{"InterventionIDCPR", "p1,101,KTH,praktik,2023-01-05,2023-03-31,37,12345678,010190-1234", nil, "intervention_id", "looks like a CPR number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanActivationSpells, "activation_spells.csv", activationHeader+tt.row+"\n")
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			if tt.want == nil {
				wantProblem(t, got.Problems, 2, tt.column, tt.reason)
				if len(got.Records) != 0 {
					t.Errorf("emitted %+v from a bad row", got.Records)
				}
				return
			}
			noProblems(t, got)
			if len(got.Records) != 1 || got.Records[0] != *tt.want {
				t.Errorf("got %+v, want %+v", got.Records, *tt.want)
			}
		})
	}
	t.Run("CVRColumnMissingForPlacement", func(t *testing.T) {
		got := scanString(importer.ScanActivationSpells, "activation_spells.csv",
			"person_id,municipality,benefit_group,activation_type,start_date,end_date\np1,101,KTH,praktik,2023-01-05,2023-03-31\np1,101,KTH,nytte,2023-04-01,2023-04-30\n")
		wantProblem(t, got.Problems, 2, "cvr", "required for a company placement")
		if len(got.Records) != 1 || got.Records[0].Type != pejling.Nytte || got.Records[0].HoursPerWeek != 37 {
			t.Errorf("got %+v, want the nytte spell with 37 hours", got.Records)
		}
	})
}
