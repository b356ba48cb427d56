package importer_test

import (
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
)

func TestScanAggregates(t *testing.T) {
	q1 := figures.Period{First: pejling.MustParseDate("2024-01-01"), Last: pejling.MustParseDate("2024-03-31")}
	tests := []struct {
		name   string
		row    string
		want   *importer.Aggregate
		column string
		reason string
	}{
		{"Count", "101,KTH,2024-01-01,2024-03-31,persons_affected,1234", &importer.Aggregate{Municipality: 101, Group: pejling.KTH, Period: q1, Figure: figures.PersonsAffected, Value: 1234, Valid: true}, "", ""},
		{"AllAll", "all,all,2024-01-01,2024-03-31,public_support_rate,0.17", &importer.Aggregate{Period: q1, Figure: figures.PublicSupportRate, Value: 0.17, Valid: true}, "", ""},
		{"NameAndCase", "Aarhus,kth,01-01-2024,31-03-2024,Coverage_Rate,0.5", &importer.Aggregate{Municipality: 751, Group: pejling.KTH, Period: q1, Figure: figures.CoverageRate, Value: 0.5, Valid: true}, "", ""},
		{"Empty", "101,all,2024-01-01,2024-03-31,activation_rate,", &importer.Aggregate{Municipality: 101, Period: q1, Figure: figures.ActivationRate}, "", ""},
		{"RatioAboveOne", "101,all,2024-01-01,2024-03-31,activation_rate,1.4", &importer.Aggregate{Municipality: 101, Period: q1, Figure: figures.ActivationRate, Value: 1.4, Valid: true}, "", ""},
		{"TurnoverAboveOne", "101,all,2024-01-01,2024-03-31,turnover_speed,2.5", &importer.Aggregate{Municipality: 101, Period: q1, Figure: figures.TurnoverSpeed, Value: 2.5, Valid: true}, "", ""},
		{"FullTimeDecimal", "101,all,2024-01-01,2024-03-31,full_time_persons,12.75", &importer.Aggregate{Municipality: 101, Period: q1, Figure: figures.FullTimePersons, Value: 12.75, Valid: true}, "", ""},

		{"FigureUnknown", "101,all,2024-01-01,2024-03-31,happiness,1", nil, "figure", "unknown figure"},
		{"FigureRequired", "101,all,2024-01-01,2024-03-31,,1", nil, "figure", "required"},
		{"GroupUnknown", "101,XYZ,2024-01-01,2024-03-31,outflow,1", nil, "benefit_group", "unknown benefit group"},
		{"MunicipalityUnknown", "100,all,2024-01-01,2024-03-31,outflow,1", nil, "municipality", "unknown municipality"},
		{"MunicipalityRequired", ",all,2024-01-01,2024-03-31,outflow,1", nil, "municipality", "required"},
		{"DateBad", "101,all,2024-02-30,2024-03-31,outflow,1", nil, "period_first", ""},
		{"DateSyntax", "101,all,2024/01/01,2024-03-31,outflow,1", nil, "period_first", ""},
		{"EndBeforeStart", "101,all,2024-03-31,2024-01-01,outflow,1", nil, "period_last", "before period_first 2024-03-31"},
		{"NotANumber", "101,all,2024-01-01,2024-03-31,outflow,many", nil, "value", "not a number"},
		{"NaN", "101,all,2024-01-01,2024-03-31,outflow,NaN", nil, "value", "not a number"},
		{"Negative", "101,all,2024-01-01,2024-03-31,full_time_persons,-1", nil, "value", "negative"},
		{"CountFraction", "101,all,2024-01-01,2024-03-31,outflow,2.5", nil, "value", "whole number"},
		{"RatePercent", "101,all,2024-01-01,2024-03-31,coverage_rate,25", nil, "value", "fraction in [0, 1]"},
		{"SelfSupportAboveOne", "101,all,2024-01-01,2024-03-31,self_support_rate_6m,1.01", nil, "value", "fraction in [0, 1]"},
		{"DurationBelowOne", "101,all,2024-01-01,2024-03-31,avg_duration_days,0.5", nil, "value", "at least 1"},
		{"CooperationForGroup", "101,KTH,2024-01-01,2024-03-31,cooperation_rate,0.2", nil, "figure", "benefit_group all only"},
		{"PublicSupportForGroup", "101,DGP,2024-01-01,2024-03-31,public_support_rate,0.2", nil, "figure", "benefit_group all only"},
	}
	header := "municipality,benefit_group,period_first,period_last,figure,value\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanAggregates, "figures.csv", header+tt.row+"\n")
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
	t.Run("Duplicate", func(t *testing.T) {
		row := "101,all,2024-01-01,2024-03-31,outflow,1\n"
		got := scanString(importer.ScanAggregates, "figures.csv", header+row+"0101,ALL,2024-01-01,2024-03-31,outflow,2\n")
		wantProblem(t, got.Problems, 3, "", "duplicate of line 2")
		if !strings.HasPrefix(got.Problems[0].Error(), "figures.csv:3: duplicate of line 2") {
			t.Errorf("problem %q", got.Problems[0].Error())
		}
	})
	t.Run("UnknownColumn", func(t *testing.T) {
		got := scanString(importer.ScanAggregates, "figures.csv", "municipality,benefit_group,period_first,period_last,figure,value,note\n")
		if len(got.Problems) != 1 || !strings.Contains(got.Problems[0].Reason, `unknown column "note"`) {
			t.Errorf("problems %v", got.Problems)
		}
	})
	t.Run("MissingColumn", func(t *testing.T) {
		got := scanString(importer.ScanAggregates, "figures.csv", "municipality,benefit_group,period_first,figure,value\n")
		if len(got.Problems) != 1 || !strings.Contains(got.Problems[0].Reason, `missing required column "period_last"`) {
			t.Errorf("problems %v", got.Problems)
		}
	})
	t.Run("Hostile", func(t *testing.T) {
		long := strings.Repeat("x", 2<<20)
		for name, input := range map[string]string{
			"NUL":      header + "101,all,2024-01-01,2024-03-31,outflow,1\x00\n",
			"Latin1":   header + "K\xf8benhavn,all,2024-01-01,2024-03-31,outflow,1\n",
			"LongLine": header + "101,all,2024-01-01,2024-03-31,outflow," + long + "\n",
			"Width":    header + "101,all,2024-01-01,2024-03-31,outflow\n",
			"Empty":    "",
		} {
			got := scanString(importer.ScanAggregates, "figures.csv", input)
			if got.Err != nil || len(got.Problems) != 1 || len(got.Records) != 0 {
				t.Errorf("%s: %d records, problems %v, error %v", name, len(got.Records), got.Problems, got.Err)
			}
			for _, p := range got.Problems {
				if len(p.Error()) > 300 {
					t.Errorf("%s: problem of %d bytes", name, len(p.Error()))
				}
			}
		}
	})
}
