package sqldb_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
)

// TestInterventionCosts stores, reads and replaces a municipality's cost file on both
// databases, and checks that municipalities keep their own.
func TestInterventionCosts(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		if _, _, err := db.InterventionCosts(ctx, 101); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Fatalf("empty store: %v, want ENOTFOUND", err)
		}
		at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
		first := []economics.InterventionCost{
			{InterventionID: "B", Year: 2023, CostDKK: 1500.5, Name: "Bee", Line: 3},
			{InterventionID: "A", Year: 2024, CostDKK: 0, Name: "", Line: 4},
			{InterventionID: "A", Year: 2023, CostDKK: 120000, Name: "Æble 'x'; --", Line: 2},
		}
		up := sqldb.InterventionCostUpload{Municipality: 101, FileName: "costs.csv", UploadedAt: at, UserID: 7, UserName: "an"}
		if err := db.ReplaceInterventionCosts(ctx, up, first); err != nil {
			t.Fatal(err)
		}
		national := []economics.InterventionCost{{InterventionID: "N", Year: 2022, CostDKK: 9, Line: 2}}
		if err := db.ReplaceInterventionCosts(ctx, sqldb.InterventionCostUpload{Municipality: 0, FileName: "n.csv", UploadedAt: at, UserName: "nat"}, national); err != nil {
			t.Fatal(err)
		}
		gotUp, got, err := db.InterventionCosts(ctx, 101)
		if err != nil {
			t.Fatal(err)
		}
		want := []economics.InterventionCost{first[2], first[1], first[0]} // by id, then year
		if !reflect.DeepEqual(got, want) {
			t.Errorf("costs\n got %+v\nwant %+v", got, want)
		}
		up.Rows = 3
		if !reflect.DeepEqual(gotUp, up) {
			t.Errorf("upload %+v, want %+v", gotUp, up)
		}

		t.Run("Replace", func(t *testing.T) {
			second := []economics.InterventionCost{{InterventionID: "C", Year: 2025, CostDKK: 5, Line: 2}}
			up2 := sqldb.InterventionCostUpload{Municipality: 101, FileName: "new.csv", UploadedAt: at.Add(time.Hour), UserID: 8, UserName: "adm"}
			if err := db.ReplaceInterventionCosts(ctx, up2, second); err != nil {
				t.Fatal(err)
			}
			gotUp, got, err := db.InterventionCosts(ctx, 101)
			if err != nil || !reflect.DeepEqual(got, second) || gotUp.FileName != "new.csv" || gotUp.UserName != "adm" || gotUp.Rows != 1 {
				t.Errorf("after replace: %+v %+v %v", gotUp, got, err)
			}
			if _, n, err := db.InterventionCosts(ctx, 0); err != nil || !reflect.DeepEqual(n, national) {
				t.Errorf("national costs changed: %+v %v", n, err)
			}
		})

		t.Run("FailedReplaceKeepsOld", func(t *testing.T) {
			before, beforeCosts, _ := db.InterventionCosts(ctx, 101)
			dup := []economics.InterventionCost{{InterventionID: "D", Year: 2025, Line: 2}, {InterventionID: "D", Year: 2025, Line: 3}}
			err := db.ReplaceInterventionCosts(ctx, sqldb.InterventionCostUpload{Municipality: 101, FileName: "dup.csv", UserName: "x"}, dup)
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("duplicate rows: %v, want EINVALID", err)
			}
			after, afterCosts, err := db.InterventionCosts(ctx, 101)
			if err != nil || !reflect.DeepEqual(before, after) || !reflect.DeepEqual(beforeCosts, afterCosts) {
				t.Errorf("a failed replace changed the costs: %+v %+v %v", after, afterCosts, err)
			}
		})

		t.Run("EmptyFile", func(t *testing.T) {
			if err := db.ReplaceInterventionCosts(ctx, sqldb.InterventionCostUpload{Municipality: 147, FileName: "e.csv", UploadedAt: at}, nil); err != nil {
				t.Fatal(err)
			}
			up, costs, err := db.InterventionCosts(ctx, 147)
			if err != nil || len(costs) != 0 || costs == nil || up.Rows != 0 {
				t.Errorf("empty file: %+v %#v %v", up, costs, err)
			}
		})
	})
}
