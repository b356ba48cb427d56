package importer_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

const benefitHeader = "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n"

// benefitSpell is a spell of p1 in København on kontanthjælp from 5 January to 31
// March 2023, changed by change.
func benefitSpell(change func(*pejling.BenefitSpell)) *pejling.BenefitSpell {
	s := &pejling.BenefitSpell{PersonID: "p1", Municipality: 101, Group: pejling.KTH, Match: pejling.Jobparat,
		Start: pejling.MustParseDate("2023-01-05"), End: pejling.MustParseDate("2023-03-31"), Fraction: 1}
	if change != nil {
		change(s)
	}
	return s
}

func TestScanBenefitSpells(t *testing.T) {
	tests := []struct {
		name   string
		row    string
		want   *pejling.BenefitSpell // nil when the row is a problem
		column string
		reason string
	}{
		{"Valid", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(nil), "", ""},
		{"Running", "p1,101,KTH,,2023-01-05,,", benefitSpell(func(s *pejling.BenefitSpell) { s.Match, s.End = "", pejling.Forever }), "", ""},
		{"OneDay", "p1,101,KTH,jobparat,2023-01-05,2023-01-05,1", benefitSpell(func(s *pejling.BenefitSpell) { s.End = s.Start }), "", ""},
		{"GroupLowerCase", "p1,101,kth,jobparat,2023-01-05,2023-03-31,1", benefitSpell(nil), "", ""},
		{"GroupLongCode", "p1,101,freva,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.Group = pejling.FREVA }), "", ""},
		{"MatchGroupUpperCase", "p1,101,KTH,JobParat,2023-01-05,2023-03-31,1", benefitSpell(nil), "", ""},
		{"MatchGroupOld", "p1,101,KTH,MATCH2,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.Match = pejling.Match2 }), "", ""},
		{"MunicipalityLeadingZero", "p1,0101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(nil), "", ""},
		{"MunicipalityName", "p1,København,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(nil), "", ""},
		{"MunicipalityNameKommune", "p1,Aarhus Kommune,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.Municipality = 751 }), "", ""},
		{"DanishDates", "p1,101,KTH,jobparat,05-01-2023,31-03-2023,1", benefitSpell(nil), "", ""},
		{"FractionPoint", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,0.5", benefitSpell(func(s *pejling.BenefitSpell) { s.Fraction = 0.5 }), "", ""},
		{"FractionQuotedComma", `p1,101,KTH,jobparat,2023-01-05,2023-03-31,"0,5"`, benefitSpell(func(s *pejling.BenefitSpell) { s.Fraction = 0.5 }), "", ""},
		{"FractionEmptyIsOne", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,", benefitSpell(nil), "", ""},
		{"SpacesTrimmed", " p1 , 101 , KTH , jobparat , 2023-01-05 , 2023-03-31 , 1 ", benefitSpell(nil), "", ""},
		{"PersonIDCharset", "A-1_b.2:c,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = "A-1_b.2:c" }), "", ""},
		{"PersonIDMaxLength", strings.Repeat("x", 64) + ",101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = strings.Repeat("x", 64) }), "", ""},
		{"PersonIDNineDigits", "010190123,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = "010190123" }), "", ""},
		{"PersonIDTenDigitsNotADay", "3201901234,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = "3201901234" }), "", ""},
		{"PersonIDTenDigitsFebruary29NotLeap", "2902011234,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = "2902011234" }), "", ""},

		{"PersonIDElevenDigits", "01019012345,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = "01019012345" }), "", ""},
		{"PersonIDDateLike", "p-2023-01-05,101,KTH,jobparat,2023-01-05,2023-03-31,1", benefitSpell(func(s *pejling.BenefitSpell) { s.PersonID = "p-2023-01-05" }), "", ""},

		{"PersonIDRequired", ",101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "required"},
		{"PersonIDTooLong", strings.Repeat("x", 65) + ",101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "longer than 64"},
		{"PersonIDSlash", "p/1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "may hold only"},
		{"PersonIDSpace", "p 1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "may hold only"},
		{"PersonIDNonASCII", "Søren,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "may hold only"},
		{"PersonIDFirstChar", "_p1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "must start with"},
		{"PersonIDFormula", "=1+1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "starts with '=': looks like a spreadsheet formula (formula injection)"},
		{"PersonIDFormulaMinus", "-1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "starts with '-'"},
		{"PersonIDFormulaPlus", "+1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "starts with '+'"},
		{"PersonIDFormulaAt", "@SUM(A1),101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "starts with '@'"},
		{"PersonIDTab", "p\t1,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "contains a tab"},
		{"PersonIDCarriageReturn", "\"p\r1\",101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "contains a carriage return"},
		{"CPR", "0101901234,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "looks like a CPR number: use a pseudonymous id"},
		{"CPRDash", "010190-1234,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "looks like a CPR number"},
		{"CPRLeapDay", "2902001234,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "looks like a CPR number"},
		{"CPRInside", "P0101901234,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "looks like a CPR number"},
		{"CPRSpace", "010190 1234,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "looks like a CPR number"},
		{"CPRDot", "p-010190.1234,101,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "person_id", "looks like a CPR number"},
		{"MunicipalityRequired", "p1,,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "municipality", "required"},
		{"MunicipalityUnknownCode", "p1,999,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "municipality", "unknown municipality (give the code, e.g. 101, or the Danish name)"},
		{"MunicipalityUnknownName", "p1,Gotham,KTH,jobparat,2023-01-05,2023-03-31,1", nil, "municipality", "unknown municipality"},
		{"GroupRequired", "p1,101,,jobparat,2023-01-05,2023-03-31,1", nil, "benefit_group", "required"},
		{"GroupUnknown", "p1,101,XYZ,jobparat,2023-01-05,2023-03-31,1", nil, "benefit_group", "unknown benefit group"},
		{"MatchGroupUnknown", "p1,101,KTH,match4,2023-01-05,2023-03-31,1", nil, "match_group", "unknown match group"},
		{"StartRequired", "p1,101,KTH,jobparat,,2023-03-31,1", nil, "start_date", "required"},
		{"StartNotADate", "p1,101,KTH,jobparat,5/1/2023,2023-03-31,1", nil, "start_date", "not a date"},
		{"StartBefore1900", "p1,101,KTH,jobparat,1899-12-31,2023-03-31,1", nil, "start_date", "1900–2199"},
		{"EndNoSuchDay", "p1,101,KTH,jobparat,2023-01-05,2023-02-30,1", nil, "end_date", "not a date"},
		{"EndBeforeStart", "p1,101,KTH,jobparat,2023-01-05,2023-01-04,1", nil, "end_date", "before start_date 2023-01-05"},
		{"FractionZero", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,0", nil, "fraction", "more than 0 and at most 1"},
		{"FractionNegative", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,-0.5", nil, "fraction", "more than 0"},
		{"FractionAboveOne", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,1.01", nil, "fraction", "at most 1"},
		{"FractionNotANumber", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,half", nil, "fraction", "not a number"},
		{"FractionPercent", "p1,101,KTH,jobparat,2023-01-05,2023-03-31,50%", nil, "fraction", "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", benefitHeader+tt.row+"\n")
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
			if len(got.Records) != 1 || got.Records[0] != *tt.want || got.Lines[0] != 2 {
				t.Errorf("got %+v on lines %v, want %+v on line 2", got.Records, got.Lines, *tt.want)
			}
		})
	}
}

func TestScanBenefitSpellsProblemText(t *testing.T) {
	got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", benefitHeader+
		"p1,101,KTH,jobparat,2023-01-05,2023-01-04,1\n"+
		",101,KTH,,2023-01-05,,\n"+
		"0101901234,101,KTH,,2023-01-05,,\n")
	want := []string{
		"benefit_spells.csv:2: end_date 2023-01-04: before start_date 2023-01-05",
		"benefit_spells.csv:3: person_id: required",
		"benefit_spells.csv:4: person_id **********: looks like a CPR number: use a pseudonymous id",
	}
	if len(got.Problems) != len(want) {
		t.Fatalf("got %v, want %v", got.Problems, want)
	}
	for i, p := range got.Problems {
		if p.Error() != want[i] {
			t.Errorf("got %q, want %q", p.Error(), want[i])
		}
	}
	// A CPR number given by mistake must not travel on in problems, logs and reports,
	// whatever column it is in.
	t.Run("CPRMasked", func(t *testing.T) {
		got := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", benefitHeader+
			"0101901234,101,KTH,,2023-01-05,,\n"+
			"p1,010190-1234,KTH,,2023-01-05,,\n"+
			"p1,101,KTH,cpr 010190 1234,2023-01-05,,\n"+
			"p\x00 0101901234,101,KTH,,2023-01-05,,\n")
		got2 := scanString(importer.ScanBenefitSpells, "benefit_spells.csv", "0101901234,101,KTH,,2023-01-05,,\n")
		all := append(got.Problems, got2.Problems...)
		if len(all) != 5 {
			t.Fatalf("got %v, want 5 problems", all)
		}
		for _, p := range all {
			if s := p.Error(); strings.Contains(s, "1234") {
				t.Errorf("the problem repeats the CPR number: %s", s)
			}
		}
	})
}

func FuzzScanBenefitSpells(f *testing.F) {
	for _, s := range []string{
		benefitHeader + "p1,101,KTH,jobparat,2023-01-05,2023-03-31,1\n",
		benefitHeader + "p1,101,KTH,,2023-01-05,,\np2,0751,dgp,,05-01-2023,2023-01-04,0.5\n",
		"\xef\xbb\xbfperson_id;municipality;benefit_group;start_date;fraction\r\np1;København;kth;05-01-2023;0,25\r\n",
		"fraction,start_date,benefit_group,municipality,person_id\n\"1\",2023-01-01,SDP,Aarhus,\"p\n1\"\n",
		benefitHeader + "p1,101,KTH,jobparat,2023-01-05,2023-03-31,1,extra\n",
		benefitHeader + "0101901234,101,KTH,,2023-01-05,,\n=cmd,101,KTH,,2023-01-05,,\n",
		benefitHeader + "K\xf8benhavn,101,KTH,,2023-01-05,,\np\x00,101,KTH,,2023-01-05,,\n",
		"person_id,person_id\n", "", "\n\n", benefitHeader + "\"p1,101",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lastLine := 0
		err := importer.ScanBenefitSpells(bytes.NewReader(data), "benefit_spells.csv", func(line int, s *pejling.BenefitSpell) {
			if line <= lastLine {
				t.Fatalf("record on line %d after line %d", line, lastLine)
			}
			lastLine = line
			if !s.Group.Valid() || !s.Match.Valid() {
				t.Fatalf("invalid group in %+v", *s)
			}
			if s.Start > s.End || s.Start < pejling.MustParseDate("1900-01-01") || (s.End != pejling.Forever && s.End > pejling.MustParseDate("2199-12-31")) {
				t.Fatalf("bad dates in %+v", *s)
			}
			if !(s.Fraction > 0 && s.Fraction <= 1) {
				t.Fatalf("fraction out of range in %+v", *s)
			}
			if s.PersonID == "" || len(s.PersonID) > 64 || s.Municipality == 0 {
				t.Fatalf("bad person or municipality in %+v", *s)
			}
		}, func(p importer.Problem) bool {
			if p.File != "benefit_spells.csv" || p.Reason == "" || len([]rune(p.Value)) > 40 {
				t.Fatalf("bad problem %+v", p)
			}
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
