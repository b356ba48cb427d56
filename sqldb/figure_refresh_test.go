package sqldb_test

import (
	"reflect"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
)

// TestRefreshFigureSet computes the figure set once per import: not on an empty
// store, once after an import, and not again while it is up to date. The survival
// curves read from the store are those of figures.Survival over the register.
func TestRefreshFigureSet(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		if _, computed, err := db.RefreshFigureSet(ctx); err != nil || computed {
			t.Fatalf("empty store: computed %v, %v", computed, err)
		}
		if _, err := db.ComputeFigureSet(ctx); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("ComputeFigureSet of an empty store: %v, want EINVALID", err)
		}
		if _, err := db.Survival(ctx, nil, figures.ByGroup); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("Survival of an empty store: %v, want EINVALID", err)
		}
		if id, err := db.NewestImportID(ctx); err != nil || id != 0 {
			t.Errorf("NewestImportID of an empty store: %d, %v", id, err)
		}
		dir := t.TempDir()
		if _, err := demodata.Generate(ctx, demodata.Config{Persons: 400, Seed: 7, Out: dir}, nil); err != nil {
			t.Fatal(err)
		}
		imp, _, err := importer.Load(ctx, dir, db, importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		set, computed, err := db.RefreshFigureSet(ctx)
		if err != nil || !computed || set.ImportID != imp.ID || set.Periods != len(figures.StandardPeriods(imp.AsOf)) {
			t.Fatalf("after the import: %+v computed %v, %v", set, computed, err)
		}
		again, computed, err := db.RefreshFigureSet(ctx)
		if err != nil || computed || again.ID != set.ID {
			t.Errorf("up to date: %+v computed %v, %v; want set %d kept", again, computed, err, set.ID)
		}
		if id, err := db.NewestImportID(ctx); err != nil || id != imp.ID {
			t.Errorf("NewestImportID %d, %v; want %d", id, err, imp.ID)
		}
		reg, err := db.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		cohorts := figures.Years(pejling.MustParseDate("2021-01-01"), pejling.MustParseDate("2022-12-31"))
		for _, by := range figures.Bys {
			got, err := db.Survival(ctx, cohorts, by)
			if err != nil {
				t.Fatal(err)
			}
			if want := figures.Survival(reg.Input(), cohorts, by); len(got) == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("by %s: %d curves from the store, %d from figures.Survival, or they differ", by, len(got), len(want))
			}
		}
	})
}
