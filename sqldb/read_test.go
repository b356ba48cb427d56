package sqldb_test

import (
	"reflect"
	"testing"

	"github.com/pejling/pejling"
)

func TestReadRegister(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		b := []pejling.BenefitSpell{spell("A", "2024-01-01", pejling.KTH), spell("A", "2024-03-01", pejling.SDP), spell("B", "2024-01-01", pejling.DGP)}
		b[0].End, b[0].Match, b[1].Municipality, b[1].Fraction = pejling.MustParseDate("2024-02-01"), pejling.Jobparat, 751, 0.5
		a := []pejling.ActivationSpell{{PersonID: "A", Municipality: 101, Group: pejling.KTH, Type: pejling.Praktik,
			Start: pejling.MustParseDate("2024-01-10"), End: pejling.MustParseDate("2024-01-20"), HoursPerWeek: 30, CVR: "12345678"}}
		e := []pejling.EmploymentSpell{{PersonID: "B", Start: pejling.MustParseDate("2024-05-01"), End: pejling.Forever}}
		c := []pejling.Company{{CVR: "12345678", Name: "X", Municipality: 147, Industry: "620100", Employees: -1}}
		f := []pejling.MunicipalityFact{{Municipality: 265, Year: 2024, Variable: "population_16_66", Value: 1000}}
		tx, err := db.BeginImport(ctx, ds("2024-12-31"), "t")
		if err != nil {
			t.Fatal(err)
		}
		tx.WriteBenefitSpells(ctx, b, lines(3))
		tx.WriteActivationSpells(ctx, a, lines(1))
		tx.WriteEmploymentSpells(ctx, e, lines(1))
		tx.WriteCompanies(ctx, c, lines(1))
		tx.WriteMunicipalityFacts(ctx, f, lines(1))
		if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
			t.Fatal(err)
		}
		r, err := db.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r.AsOf != pejling.MustParseDate("2024-12-31") || !reflect.DeepEqual(r.Benefit, b) || !reflect.DeepEqual(r.Activation, a) ||
			!reflect.DeepEqual(r.Employment, e) || !reflect.DeepEqual(r.Companies, c) || !reflect.DeepEqual(r.Facts, f) {
			t.Fatalf("read back differs:\n%+v", r)
		}
		if want := []int{101, 147, 265, 751}; !reflect.DeepEqual(r.Municipalities, want) {
			t.Fatalf("municipalities %v, want %v", r.Municipalities, want)
		}
	})
}
