package importer_test

import (
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func TestScanMunicipalityFacts(t *testing.T) {
	tests := []struct {
		name   string
		row    string
		want   *pejling.MunicipalityFact
		column string
		reason string
	}{
		{"Population", "101;2023;population_16_66;432100", &pejling.MunicipalityFact{Municipality: 101, Year: 2023, Variable: pejling.VarPopulation16to66, Value: 432100}, "", ""},
		{"LabourForceName", "Aarhus;2023;LABOUR_FORCE;190000", &pejling.MunicipalityFact{Municipality: 751, Year: 2023, Variable: pejling.VarLabourForce, Value: 190000}, "", ""},
		{"UnemploymentRateComma", "101;2023;unemployment_rate;3,4", &pejling.MunicipalityFact{Municipality: 101, Year: 2023, Variable: "unemployment_rate", Value: 3.4}, "", ""},
		{"Companies", "101;2023;companies;25000", &pejling.MunicipalityFact{Municipality: 101, Year: 2023, Variable: "companies", Value: 25000}, "", ""},
		{"FrameworkVariable", "101;2022;commute_distance_km;12,5", &pejling.MunicipalityFact{Municipality: 101, Year: 2022, Variable: "commute_distance_km", Value: 12.5}, "", ""},
		{"NegativeValue", "101;2022;population;-1", &pejling.MunicipalityFact{Municipality: 101, Year: 2022, Variable: "population", Value: -1}, "", ""},

		{"MunicipalityUnknown", "100;2023;population;1", nil, "municipality", "unknown municipality"},
		{"YearRequired", "101;;population;1", nil, "year", "required"},
		{"YearTooEarly", "101;1899;population;1", nil, "year", "1900–2199"},
		{"YearTooLate", "101;2200;population;1", nil, "year", "1900–2199"},
		{"YearTwoDigits", "101;23;population;1", nil, "year", "1900–2199"},
		{"YearDecimal", "101;2023,0;population;1", nil, "year", "1900–2199"},
		{"VariableUnknown", "101;2023;inhabitants;1", nil, "variable", "unknown variable (the known variables are listed in docs/data-model.md)"},
		{"VariableRequired", "101;2023;;1", nil, "variable", "required"},
		{"ValueRequired", "101;2023;population;", nil, "value", "required"},
		{"ValueThousands", "101;2023;population;432.100,5", nil, "value", "not a number"},
		{"ValueExponent", "101;2023;population;4e5", nil, "value", "not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanMunicipalityFacts, "municipality_facts.csv", "municipality;year;variable;value\n"+tt.row+"\n")
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
