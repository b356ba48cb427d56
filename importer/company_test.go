package importer_test

import (
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

const companyHeader = "cvr,name,municipality,industry,employees\n"

func TestScanCompanies(t *testing.T) {
	tests := []struct {
		name   string
		row    string
		want   *pejling.Company
		column string
		reason string
	}{
		{"Valid", "12345678,Jensens Bøfhus A/S,101,561010,42", &pejling.Company{CVR: "12345678", Name: "Jensens Bøfhus A/S", Municipality: 101, Industry: "561010", Employees: 42}, "", ""},
		{"Apostrophe", "12345678,Jensen's Bøfhus,Aarhus,,", &pejling.Company{CVR: "12345678", Name: "Jensen's Bøfhus", Municipality: 751, Employees: -1}, "", ""},
		{"SQLIsData", `12345678,"Robert'); DROP TABLE companies;--",101,,0`, &pejling.Company{CVR: "12345678", Name: "Robert'); DROP TABLE companies;--", Municipality: 101, Employees: 0}, "", ""},
		{"QuotesInName", `12345678,"Firma ""Det Gode"" ApS",101,,`, &pejling.Company{CVR: "12345678", Name: `Firma "Det Gode" ApS`, Municipality: 101, Employees: -1}, "", ""},
		{"NameMaxLength", "12345678," + strings.Repeat("ø", 200) + ",101,,", &pejling.Company{CVR: "12345678", Name: strings.Repeat("ø", 200), Municipality: 101, Employees: -1}, "", ""},
		{"IndustryTwoDigits", "12345678,A,101,56,1000000", &pejling.Company{CVR: "12345678", Name: "A", Municipality: 101, Industry: "56", Employees: 1000000}, "", ""},

		{"CVRRequired", ",Firma,101,,", nil, "cvr", "required"},
		{"CVRNineDigits", "123456789,Firma,101,,", nil, "cvr", "8 digits"},
		{"CVRFormula", "=1234567,Firma,101,,", nil, "cvr", "8 digits"},
		{"NameRequired", "12345678,,101,,", nil, "name", "required"},
		{"NameTooLong", "12345678," + strings.Repeat("x", 201) + ",101,,", nil, "name", "longer than 200"},
		{"NameFormula", `12345678,"=HYPERLINK(""http://x"")",101,,`, nil, "name", "starts with '=': looks like a spreadsheet formula (formula injection)"},
		{"NameFormulaAt", "12345678,@cmd,101,,", nil, "name", "starts with '@'"},
		{"NameFormulaPlus", "12345678,+45 Firma,101,,", nil, "name", "starts with '+'"},
		{"NameFormulaMinus", "12345678,-Firma,101,,", nil, "name", "starts with '-'"},
		{"NameTab", "12345678,Fir\tma,101,,", nil, "name", "contains a tab"},
		{"NameLineBreak", "12345678,\"Fir\nma\",101,,", nil, "name", "contains a line break"},
		{"NameControl", "12345678,Fir\x07ma,101,,", nil, "name", "U+0007"},
		{"NameC1Control", "12345678,Fir\u0085ma,101,,", nil, "name", "U+0085"},
		{"MunicipalityRequired", "12345678,Firma,,,", nil, "municipality", "required"},
		{"MunicipalityUnknown", "12345678,Firma,Kbh,,", nil, "municipality", "unknown municipality"},
		{"IndustryOneDigit", "12345678,Firma,101,5,", nil, "industry", "2 to 6 digits"},
		{"IndustrySevenDigits", "12345678,Firma,101,5610100,", nil, "industry", "2 to 6 digits"},
		{"IndustryDots", "12345678,Firma,101,56.10.10,", nil, "industry", "2 to 6 digits"},
		{"IndustryFormula", "12345678,Firma,101,-56,", nil, "industry", "formula injection"},
		{"EmployeesNegative", "12345678,Firma,101,,-1", nil, "employees", "whole number"},
		{"EmployeesTooMany", "12345678,Firma,101,,1000001", nil, "employees", "whole number"},
		{"EmployeesDecimal", "12345678,Firma,101,,4.5", nil, "employees", "whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanCompanies, "companies.csv", companyHeader+tt.row+"\n")
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
