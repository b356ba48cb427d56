package importer_test

import (
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func TestScanExpenditure(t *testing.T) {
	tests := []struct {
		name   string
		row    string
		want   *pejling.Expenditure
		column string
		reason string
	}{
		{"BenefitAccount", "101;2023;benefit:KTH;accounts;1234567,5", &pejling.Expenditure{Municipality: 101, Year: 2023, Account: "benefit:KTH", Kind: pejling.KindAccounts, AmountDKK: 1234567.5}, "", ""},
		{"BenefitAccountAnyCase", "101;2023;Benefit:freva;Budget;10", &pejling.Expenditure{Municipality: 101, Year: 2023, Account: "benefit:FREVA", Kind: pejling.KindBudget, AmountDKK: 10}, "", ""},
		{"Operations", "Odense;2024;JOBCENTRE_OPERATIONS;budget;5000000", &pejling.Expenditure{Municipality: 461, Year: 2024, Account: pejling.AccountJobcentreOperations, Kind: pejling.KindBudget, AmountDKK: 5e6}, "", ""},
		{"Guidance", "101;2024;guidance_upskilling;accounts;-250,75", &pejling.Expenditure{Municipality: 101, Year: 2024, Account: pejling.AccountGuidanceUpskilling, Kind: pejling.KindAccounts, AmountDKK: -250.75}, "", ""},

		{"AccountRequired", "101;2023;;budget;1", nil, "account", "required"},
		{"AccountUnknown", "101;2023;salaries;budget;1", nil, "account", "unknown account"},
		{"AccountGroupUnknown", "101;2023;benefit:XYZ;budget;1", nil, "account", "unknown benefit group in account"},
		{"AccountGroupMissing", "101;2023;benefit:;budget;1", nil, "account", "unknown account"},
		{"KindUnknown", "101;2023;benefit:KTH;regnskab;1", nil, "kind", "unknown kind (budget or accounts)"},
		{"KindRequired", "101;2023;benefit:KTH;;1", nil, "kind", "required"},
		{"AmountRequired", "101;2023;benefit:KTH;budget;", nil, "amount_dkk", "required"},
		{"AmountThousands", "101;2023;benefit:KTH;budget;1.234.567", nil, "amount_dkk", "not a number"},
		{"YearBad", "101;MMXXIII;benefit:KTH;budget;1", nil, "year", "not a year"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanExpenditure, "expenditure.csv", "municipality;year;account;kind;amount_dkk\n"+tt.row+"\n")
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			if tt.want == nil {
				wantProblem(t, got.Problems, 2, tt.column, tt.reason)
				return
			}
			noProblems(t, got)
			if len(got.Records) != 1 || got.Records[0] != *tt.want {
				t.Errorf("got %+v, want %+v", got.Records, *tt.want)
			}
		})
	}
}
