package sqldb_test

import (
	"context"
	"math"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

func TestAggregateFigureSet(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := open(t)
		q1 := figures.Period{First: pejling.MustParseDate("2024-01-01"), Last: pejling.MustParseDate("2024-03-31")}
		q2 := figures.Period{First: pejling.MustParseDate("2024-04-01"), Last: pejling.MustParseDate("2024-06-30")}
		rows := []figures.Row{ // out of order, and no (all, all) cell in q2
			{Municipality: 101, Group: pejling.KTH, Period: q2, Figure: figures.Outflow, Value: 3, Valid: true},
			{Municipality: 0, Group: "", Period: q1, Figure: figures.PublicSupportRate, Value: 0.2, Valid: true},
			{Municipality: 101, Group: pejling.KTH, Period: q2, Figure: figures.ActivationRate},
			{Municipality: 0, Group: "", Period: q1, Figure: figures.FullTimePersons, Value: 1234.5, Valid: true},
		}
		set, err := db.SaveAggregateFigureSet(ctx, "national.csv", rows)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.FindFigureSet(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != set.ID || got.Source != sqldb.SourceAggregates || got.Name != "national.csv" || got.ImportID != 0 || got.Periods != 2 || got.AsOf != q2.Last {
			t.Errorf("set %+v", got)
		}
		held, err := db.FigureSetPeriods(ctx)
		if err != nil || len(held) != 2 || held[0] != q1 || held[1] != q2 {
			t.Errorf("periods %v, %v", held, err)
		}
		found, _, err := db.FindFigures(ctx, sqldb.FigureFilter{Periods: []figures.Period{q2}, Figures: []string{figures.Outflow, figures.ActivationRate}})
		if err != nil {
			t.Fatal(err)
		}
		want := []figures.Row{
			{Municipality: 101, Group: pejling.KTH, Period: q2, Figure: figures.ActivationRate},
			{Municipality: 101, Group: pejling.KTH, Period: q2, Figure: figures.Outflow, Value: 3, Valid: true},
		}
		if len(found) != len(want) || found[0] != want[0] || found[1] != want[1] {
			t.Errorf("figures %+v, want %+v", found, want)
		}
	})
}

func TestFrameworkValues(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := open(t)
		a := []pejling.MunicipalityFact{
			{Municipality: 101, Year: 2023, Variable: "x", Value: 1},
			{Municipality: 101, Year: 2022, Variable: "x", Value: 2},
			{Municipality: 147, Year: 2023, Variable: "b", Value: 3},
		}
		b := []pejling.MunicipalityFact{{Municipality: 101, Year: 2023, Variable: "x", Value: 10}}
		for _, step := range []struct {
			source string
			facts  []pejling.MunicipalityFact
		}{{"a.csv", a}, {"b.csv", b}} {
			if err := db.ReplaceFrameworkValues(ctx, step.source, step.facts, nil); err != nil {
				t.Fatal(err)
			}
		}
		check := func(want []pejling.MunicipalityFact) {
			t.Helper()
			got, err := db.ReadFrameworkValues(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("got %v, want %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("row %d: got %v, want %v", i, got[i], want[i])
				}
			}
		}
		// b.csv came last and wins 101/2023/x; sorted by municipality, variable, year.
		check([]pejling.MunicipalityFact{
			{Municipality: 101, Year: 2022, Variable: "x", Value: 2},
			{Municipality: 101, Year: 2023, Variable: "x", Value: 10},
			{Municipality: 147, Year: 2023, Variable: "b", Value: 3},
		})
		// Importing a.csv again makes it the newest source, and replaces its rows.
		if err := db.ReplaceFrameworkValues(ctx, "a.csv", a[:1], nil); err != nil {
			t.Fatal(err)
		}
		check([]pejling.MunicipalityFact{{Municipality: 101, Year: 2023, Variable: "x", Value: 1}})
		// A key twice within one source breaks the primary key: nothing changes.
		dup := []pejling.MunicipalityFact{a[2], a[2]}
		if err := db.ReplaceFrameworkValues(ctx, "a.csv", dup, nil); err == nil {
			t.Fatal("a duplicate key was stored")
		}
		check([]pejling.MunicipalityFact{{Municipality: 101, Year: 2023, Variable: "x", Value: 1}})
	})
}

func TestStatBank(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := open(t)
		if _, err := db.ReadStatBank(ctx, "AUK01"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Fatalf("empty store: %v", err)
		}
		tb := sqldb.StatBankTable{ID: "AUK01", File: "auk.csv", DimNames: []string{"KØN", "ALDER"}}
		d := pejling.MustParseDate
		values := []sqldb.StatBankValue{
			{Area: "All Denmark", AreaKind: "country", Dims: []string{"Total", "Age, total"}, Period: "2024Q1", First: d("2024-01-01"), Last: d("2024-03-31"), Value: 100, Line: 2},
			{Area: "Copenhagen", AreaKind: "municipality", Municipality: 101, Dims: []string{"Total", "Age, total"}, Period: "2024Q1", First: d("2024-01-01"), Last: d("2024-03-31"), Missing: true, Line: 3},
			{Area: "Copenhagen", AreaKind: "municipality", Municipality: 101, Dims: []string{"Total", "Age, total"}, Period: "2023Q4", First: d("2023-10-01"), Last: d("2023-12-31"), Value: 7.5, Line: 4},
		}
		derived := []pejling.MunicipalityFact{{Municipality: 101, Year: 2023, Variable: "auk", Value: 7.5}}
		if err := db.ReplaceStatBank(ctx, tb, values, derived); err != nil {
			t.Fatal(err)
		}
		got, err := db.ReadStatBank(ctx, "AUK01")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 3 || got[0].Period != "2023Q4" || got[1].Period != "2024Q1" || !got[1].Missing || !math.IsNaN(got[1].Value) ||
			got[2].AreaKind != "country" || got[2].Dims[1] != "Age, total" || got[0].Value != 7.5 {
			t.Errorf("values %+v", got)
		}
		stored, err := db.FindStatBankTable(ctx, "AUK01")
		if err != nil || len(stored.DimNames) != 2 || stored.DimNames[0] != "KØN" || stored.File != "auk.csv" {
			t.Errorf("table %+v, %v", stored, err)
		}
		fw, err := db.ReadFrameworkValues(ctx)
		if err != nil || len(fw) != 1 || fw[0] != derived[0] {
			t.Errorf("framework %v, %v", fw, err)
		}
		// Re-import: the table's rows are replaced; without derived values, those of
		// statbank:AUK01 go too.
		if err := db.ReplaceStatBank(ctx, tb, values[:1], nil); err != nil {
			t.Fatal(err)
		}
		if got, err := db.ReadStatBank(ctx, "AUK01"); err != nil || len(got) != 1 {
			t.Errorf("after re-import: %v, %v", got, err)
		}
		if fw, err := db.ReadFrameworkValues(ctx); err != nil || len(fw) != 0 {
			t.Errorf("framework after re-import: %v, %v", fw, err)
		}
		// A failing import leaves the table as it was.
		if err := db.ReplaceStatBank(ctx, tb, []sqldb.StatBankValue{values[1], values[1]}, nil); err == nil {
			t.Fatal("a duplicate key was stored")
		}
		if got, err := db.ReadStatBank(ctx, "AUK01"); err != nil || len(got) != 1 || got[0].Area != "All Denmark" {
			t.Errorf("after a failed import: %v, %v", got, err)
		}
		framework, statbank, err := db.NationalStatus(ctx)
		if err != nil || len(framework) != 0 || len(statbank) != 1 || statbank[0] != (sqldb.NationalCount{Name: "AUK01", Rows: 1}) {
			t.Errorf("status %v %v %v", framework, statbank, err)
		}
	})
}
