package sqldb_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/pejling/pejling"
)

var ctx = context.Background()

func spell(person string, start string, group pejling.BenefitGroup) pejling.BenefitSpell {
	return pejling.BenefitSpell{PersonID: person, Municipality: 101, Group: group,
		Start: pejling.MustParseDate(start), End: pejling.Forever, Fraction: 1}
}

func ds(asOf string) pejling.Dataset {
	return pejling.Dataset{AsOf: pejling.MustParseDate(asOf), Name: "t"}
}

func lines(n int) []int {
	l := make([]int, n)
	for i := range l {
		l[i] = i + 2
	}
	return l
}

func count(t *testing.T, db interface {
	Status(context.Context) (pejling.StoreStatus, error)
}) map[string]int64 {
	t.Helper()
	st, err := db.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]int64{}
	for _, tc := range st.Tables {
		m[tc.Table] = tc.Rows
	}
	return m
}

func TestImport(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		t.Run("CommitAndStatus", func(t *testing.T) {
			db := open(t)
			tx, err := db.BeginImport(ctx, ds("2024-12-31"), "dir")
			if err != nil {
				t.Fatal(err)
			}
			rows := []pejling.BenefitSpell{spell("A", "2024-01-01", pejling.KTH), spell("B", "2024-01-01", pejling.KTH)}
			if d, err := tx.WriteBenefitSpells(ctx, rows, lines(2)); err != nil || len(d) != 0 {
				t.Fatal(d, err)
			}
			if _, err := tx.WriteCompanies(ctx, []pejling.Company{{CVR: "12345678", Name: "Robert'); DROP TABLE companies;--", Municipality: 101, Employees: -1}}, lines(1)); err != nil {
				t.Fatal(err)
			}
			imp, err := tx.Commit(ctx, pejling.ImportSummary{Files: []pejling.FileSummary{{File: "benefit_spells.csv", Rows: 2}}})
			if err != nil || imp.ID != 1 || imp.Rows != 2 {
				t.Fatal(imp, err)
			}
			c := count(t, db)
			if c["benefit_spells"] != 2 || c["companies"] != 1 {
				t.Fatal(c)
			}
			var name string
			if err := db.SQL().QueryRow("SELECT name FROM companies").Scan(&name); err != nil || name != "Robert'); DROP TABLE companies;--" {
				t.Fatalf("SQL in a name must be stored verbatim: %q %v", name, err)
			}
			st, _ := db.Status(ctx)
			if st.AsOf != pejling.MustParseDate("2024-12-31") || len(st.Imports) != 1 {
				t.Fatal(st)
			}
		})

		t.Run("RollbackLeavesNothing", func(t *testing.T) {
			db := open(t)
			tx, _ := db.BeginImport(ctx, ds("2024-12-31"), "dir")
			tx.WriteBenefitSpells(ctx, []pejling.BenefitSpell{spell("A", "2024-01-01", pejling.KTH)}, lines(1))
			if err := tx.Rollback(); err != nil {
				t.Fatal(err)
			}
			if c := count(t, db); c["benefit_spells"] != 0 {
				t.Fatal(c)
			}
			if st, _ := db.Status(ctx); len(st.Imports) != 0 {
				t.Fatal(st.Imports)
			}
		})

		t.Run("DuplicateWithinBatchAndAcross", func(t *testing.T) {
			db := open(t)
			tx, _ := db.BeginImport(ctx, ds("2024-12-31"), "dir")
			defer tx.Rollback()
			var rows []pejling.BenefitSpell
			for i := 0; i < 250; i++ {
				rows = append(rows, spell(string(rune('a'+i%26))+string(rune('a'+i/26)), "2024-01-01", pejling.KTH))
			}
			rows[7] = rows[3]     // within one statement
			rows[180] = rows[120] // within another statement of the same batch
			d, err := tx.WriteBenefitSpells(ctx, rows, lines(250))
			if err != nil {
				t.Fatal(err)
			}
			want := []pejling.Duplicate{{Line: 9, FirstLine: 5}, {Line: 182, FirstLine: 122}}
			if !reflect.DeepEqual(d, want) {
				t.Fatalf("duplicates %v, want %v", d, want)
			}
			d, err = tx.WriteBenefitSpells(ctx, rows[:1], []int{900}) // in a later batch
			if err != nil || !reflect.DeepEqual(d, []pejling.Duplicate{{Line: 900, FirstLine: 2}}) {
				t.Fatal(d, err)
			}
		})

		t.Run("ReimportNoDuplicates", func(t *testing.T) {
			db := open(t)
			rows := []pejling.BenefitSpell{spell("A", "2024-01-01", pejling.KTH), spell("B", "2024-02-01", pejling.SDP)}
			for i := 0; i < 2; i++ {
				tx, err := db.BeginImport(ctx, ds("2024-12-31"), "dir")
				if err != nil {
					t.Fatal(err)
				}
				if d, err := tx.WriteBenefitSpells(ctx, rows, lines(2)); err != nil || len(d) > 0 {
					t.Fatal(d, err)
				}
				if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
					t.Fatal(err)
				}
			}
			if c := count(t, db); c["benefit_spells"] != 2 {
				t.Fatal(c)
			}
		})

		t.Run("NewerExtractReplacesPersonsItNames", func(t *testing.T) {
			db := open(t)
			first := []pejling.BenefitSpell{spell("A", "2024-01-01", pejling.KTH), spell("A", "2024-06-01", pejling.SDP), spell("B", "2024-02-01", pejling.SDP)}
			tx, _ := db.BeginImport(ctx, ds("2024-06-30"), "old")
			tx.WriteBenefitSpells(ctx, first, lines(3))
			if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
				t.Fatal(err)
			}
			// The newer extract corrects A's history (the KTH spell started a day later and
			// ended; the SDP spell is gone) and does not name B.
			corrected := spell("A", "2024-01-02", pejling.KTH)
			corrected.End = pejling.MustParseDate("2024-05-31")
			tx, _ = db.BeginImport(ctx, ds("2024-12-31"), "new")
			tx.WriteBenefitSpells(ctx, []pejling.BenefitSpell{corrected}, lines(1))
			if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
				t.Fatal(err)
			}
			rows, err := db.SQL().Query("SELECT person_id, start_day, end_day FROM benefit_spells ORDER BY person_id, start_day")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var p string
				var s int64
				var e *int64
				rows.Scan(&p, &s, &e)
				end := ""
				if e != nil {
					end = pejling.Date(*e).String()
				}
				got = append(got, p+" "+pejling.Date(s).String()+" "+end)
			}
			want := []string{"A 2024-01-02 2024-05-31", "B 2024-02-01 "}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("got %v, want %v", got, want)
			}
		})

		t.Run("OlderExtractRefused", func(t *testing.T) {
			db := open(t)
			tx, _ := db.BeginImport(ctx, ds("2024-12-31"), "new")
			if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
				t.Fatal(err)
			}
			_, err := db.BeginImport(ctx, ds("2024-06-30"), "old")
			if pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Fatalf("want a conflict, got %v", err)
			}
		})

		t.Run("SecondImportRefusedWhileOneRuns", func(t *testing.T) {
			if testing.Short() {
				t.Skip("waits for the busy timeout")
			}
			db := open(t)
			tx, err := db.BeginImport(ctx, ds("2024-12-31"), "a")
			if err != nil {
				t.Fatal(err)
			}
			defer tx.Rollback()
			_, err = db.BeginImport(ctx, ds("2024-12-31"), "b")
			if pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Fatalf("want a conflict, got %v", err)
			}
		})
	})
}
