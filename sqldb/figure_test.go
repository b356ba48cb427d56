package sqldb_test

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

// TestFigureSet stores the engine's figures of a generated data set and reads them back:
// every value, in the same order, also filtered; a stale set is refused and a new set
// replaces the old one.
func TestFigureSet(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		if _, err := db.FindFigureSet(ctx); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Fatalf("empty store: %v, want ENOTFOUND", err)
		}
		dir := t.TempDir()
		if _, err := demodata.Generate(ctx, demodata.Config{Persons: 600, Seed: 3, Out: dir}, nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		reg, err := db.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		frame, err := db.ReadFrame(ctx)
		if err != nil {
			t.Fatal(err)
		}
		in := reg.Input()
		// A few of the standard periods: writing all ~130 of them for 98 municipalities
		// takes minutes under the race detector, and the round trip is the same.
		standard := figures.StandardPeriods(reg.AsOf)
		periods := append(standard[:2:2], standard[len(standard)-2:]...)
		rows := figures.Compute(in, periods)

		if _, err := db.SaveFigureSet(ctx, frame.ImportID+1, reg.AsOf, len(periods), slices.Values(rows), time.Second); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Fatalf("set of a later import: %v, want ECONFLICT", err)
		}
		first, err := db.SaveFigureSet(ctx, frame.ImportID, reg.AsOf, len(periods), slices.Values(rows), time.Second)
		if err != nil {
			t.Fatal(err)
		}
		set, err := db.SaveFigureSet(ctx, frame.ImportID, reg.AsOf, len(periods), slices.Values(rows), 2*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if set.ID == first.ID {
			t.Fatal("the second set has the first one's id")
		}
		got, gotSet, err := db.FindFigures(ctx, sqldb.FigureFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if gotSet.ID != set.ID || gotSet.Periods != len(periods) || gotSet.Seconds != 2 || gotSet.AsOf != reg.AsOf {
			t.Fatalf("set %+v, want the newest %+v", gotSet, set)
		}
		if len(got) != len(rows) {
			t.Fatalf("%d rows read back, %d stored", len(got), len(rows))
		}
		for i := range rows {
			if !reflect.DeepEqual(got[i], rows[i]) {
				t.Fatalf("row %d: read %+v, stored %+v", i, got[i], rows[i])
			}
		}
		held, err := db.FigureSetPeriods(ctx)
		if err != nil || len(held) != len(periods) {
			t.Fatalf("%d periods held (%v), want %d", len(held), err, len(periods))
		}

		t.Run("Filtered", func(t *testing.T) {
			p := periods[len(periods)-1]
			f := sqldb.FigureFilter{Municipalities: []int{0, 101}, Groups: []pejling.BenefitGroup{"", pejling.KTH},
				Periods: []figures.Period{p}, Figures: []string{figures.PublicSupportRate, figures.FullTimePersons}}
			got, _, err := db.FindFigures(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var want []figures.Row
			for _, r := range rows {
				if (r.Municipality == 0 || r.Municipality == 101) && (r.Group == "" || r.Group == pejling.KTH) && r.Period == p &&
					(r.Figure == figures.PublicSupportRate || r.Figure == figures.FullTimePersons) {
					want = append(want, r)
				}
			}
			// 2 municipalities × (full_time_persons of 2 groups + public_support_rate of `all`).
			if len(want) != 6 || !reflect.DeepEqual(got, want) {
				t.Fatalf("filtered:\n got %+v\nwant %+v", got, want)
			}
		})
		t.Run("StaleAfterImport", func(t *testing.T) {
			if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SaveFigureSet(ctx, frame.ImportID, reg.AsOf, len(periods), slices.Values(rows), time.Second); pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Fatalf("set of an older import: %v, want ECONFLICT", err)
			}
			if s, err := db.FindFigureSet(ctx); err != nil || s.ID != set.ID {
				t.Fatalf("after the refused save: %+v, %v; want the set %d unchanged", s, err, set.ID)
			}
		})
	})
}
