package importer_test

import (
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func TestScanEmploymentSpells(t *testing.T) {
	d := pejling.MustParseDate
	tests := []struct {
		name   string
		input  string
		want   []pejling.EmploymentSpell
		column string
		reason string
	}{
		{"Valid", "person_id,start_date,end_date\np1,2023-01-05,2023-03-31\n",
			[]pejling.EmploymentSpell{{PersonID: "p1", Start: d("2023-01-05"), End: d("2023-03-31")}}, "", ""},
		{"Running", "person_id,start_date,end_date\np1,2023-01-05,\n",
			[]pejling.EmploymentSpell{{PersonID: "p1", Start: d("2023-01-05"), End: pejling.Forever}}, "", ""},
		{"NoEndColumn", "start_date;person_id\n05-01-2023;p1\n",
			[]pejling.EmploymentSpell{{PersonID: "p1", Start: d("2023-01-05"), End: pejling.Forever}}, "", ""},
		{"SamePersonTwice", "person_id,start_date\np1,2023-01-05\np1,2023-06-01\n",
			[]pejling.EmploymentSpell{{PersonID: "p1", Start: d("2023-01-05"), End: pejling.Forever}, {PersonID: "p1", Start: d("2023-06-01"), End: pejling.Forever}}, "", ""},
		{"PersonIDRequired", "person_id,start_date,end_date\n,2023-01-05,\n", nil, "person_id", "required"},
		{"CPR", "person_id,start_date,end_date\n311299-1234,2023-01-05,\n", nil, "person_id", "looks like a CPR number"},
		{"StartRequired", "person_id,start_date,end_date\np1,,2023-01-05\n", nil, "start_date", "required"},
		{"EndBeforeStart", "person_id,start_date,end_date\np1,2023-01-05,2023-01-01\n", nil, "end_date", "before start_date 2023-01-05"},
		{"EndNotADate", "person_id,start_date,end_date\np1,2023-01-05,ongoing\n", nil, "end_date", "not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanEmploymentSpells, "employment_spells.csv", tt.input)
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			if tt.want == nil {
				wantProblem(t, got.Problems, 2, tt.column, tt.reason)
				return
			}
			noProblems(t, got)
			if len(got.Records) != len(tt.want) {
				t.Fatalf("got %+v, want %+v", got.Records, tt.want)
			}
			for i := range tt.want {
				if got.Records[i] != tt.want[i] {
					t.Errorf("record %d: got %+v, want %+v", i, got.Records[i], tt.want[i])
				}
			}
		})
	}
}
