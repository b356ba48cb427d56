package sqldb_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

// TestMigrateUpgrade opens a store created by each earlier schema version, with data in
// it, and checks that Open brings it to the newest version with the data intact.
func TestMigrateUpgrade(t *testing.T) {
	latest, err := sqldb.LatestSchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	dsns(t, func(t *testing.T, newDSN func(testing.TB) string) {
		for k := 1; k < latest; k++ {
			t.Run("FromVersion"+string(rune('0'+k)), func(t *testing.T) {
				dsn := newDSN(t)
				old, err := sqldb.OpenAt(ctx, dsn, k)
				if err != nil {
					t.Fatal(err)
				}
				if v, err := old.SchemaVersion(ctx); err != nil || v != k {
					t.Fatalf("version %d, %v; want %d", v, err, k)
				}
				// Data as version 1 stored it (the tables of 0001 exist from version 1 on).
				for _, q := range []string{
					`INSERT INTO imports (id, source, as_of, name, started_at, finished_at, rows_total, summary)
						VALUES (1, 'old', 20000, 'old', '2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', 1, '{}')`,
					`INSERT INTO benefit_spells (person_id, start_day, municipality, benefit_group, match_group, end_day, fraction, import_id, line)
						VALUES ('A', 19800, 101, 'KTH', '', NULL, 1, 1, 2)`,
				} {
					if _, err := old.SQL().Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				old.Close()

				db, err := sqldb.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if v, err := db.SchemaVersion(ctx); err != nil || v != latest {
					t.Fatalf("version %d, %v; want %d", v, err, latest)
				}
				reg, err := db.ReadRegister(ctx)
				if err != nil {
					t.Fatal(err)
				}
				want := pejling.BenefitSpell{PersonID: "A", Start: 19800, Municipality: 101, Group: pejling.KTH, End: pejling.Forever, Fraction: 1}
				if reg.AsOf != 20000 || len(reg.Benefit) != 1 || reg.Benefit[0] != want {
					t.Fatalf("data after the upgrade: %+v", reg)
				}
				// The upgraded store takes a new import, and its figure sets get ids.
				tx, err := db.BeginImport(ctx, ds("2024-12-31"), "new")
				if err != nil {
					t.Fatal(err)
				}
				if _, err := tx.WriteBenefitSpells(ctx, []pejling.BenefitSpell{spell("B", "2024-01-01", pejling.KTH)}, lines(1)); err != nil {
					t.Fatal(err)
				}
				if imp, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil || imp.ID != 2 {
					t.Fatal(imp, err)
				}
				set, err := db.SaveFigureSet(ctx, 2, pejling.MustParseDate("2024-12-31"), 0, func(func(figures.Row) bool) {}, 0)
				if err != nil || set.ID < 1 {
					t.Fatal(set, err)
				}
			})
		}
	})
}

// TestOpenDuringImport opens an up-to-date SQLite store while an import holds its write
// lock: Open must not wait for the lock (migrations already applied are found so with a
// plain read), or every command would stall behind a long import.
func TestOpenDuringImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	db, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.BeginImport(ctx, ds("2024-12-31"), "t")
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.WriteBenefitSpells(ctx, []pejling.BenefitSpell{spell("A", "2024-01-01", pejling.KTH)}, lines(1)); err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	other, err := sqldb.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Status(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(began); took > 2*time.Second {
		t.Fatalf("Open and Status took %v while an import ran", took)
	}
}
