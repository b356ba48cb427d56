package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/pejling/pejling"
)

// TestReadPersons streams a register of more persons than fit in one batch, with
// persons that have only one kind of spell, and checks that every person comes once, in
// id order, with exactly its own spells.
func TestReadPersons(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		const n = 10000 // several batches of each kind
		var b []pejling.BenefitSpell
		var a []pejling.ActivationSpell
		var e []pejling.EmploymentSpell
		for i := range n {
			id := fmt.Sprintf("P%05d", i)
			if i%3 != 2 { // every third person has no benefit spell
				b = append(b, spell(id, "2024-01-01", pejling.KTH), spell(id, "2024-03-01", pejling.SDP))
			}
			if i%2 == 0 {
				a = append(a, pejling.ActivationSpell{PersonID: id, Municipality: 101, Group: pejling.KTH, Type: pejling.Vejledning,
					Start: pejling.MustParseDate("2024-01-10"), End: pejling.MustParseDate("2024-01-20"), HoursPerWeek: 37})
			}
			if i%5 == 0 {
				e = append(e, pejling.EmploymentSpell{PersonID: id, Start: pejling.MustParseDate("2024-05-01"), End: pejling.Forever})
			}
		}
		tx, err := db.BeginImport(ctx, ds("2024-12-31"), "t")
		if err != nil {
			t.Fatal(err)
		}
		for _, err := range []error{
			write(tx.WriteBenefitSpells(ctx, b, lines(len(b)))),
			write(tx.WriteActivationSpells(ctx, a, lines(len(a)))),
			write(tx.WriteEmploymentSpells(ctx, e, lines(len(e)))),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
			t.Fatal(err)
		}
		f, err := db.ReadFrame(ctx)
		if err != nil {
			t.Fatal(err)
		}

		var ids []string
		var gotB, gotA, gotE int
		err = db.ReadPersons(ctx, f.ImportID, func(p *pejling.Person) error {
			ids = append(ids, p.ID)
			for _, s := range p.Benefit {
				if s.PersonID != p.ID {
					t.Fatalf("person %s got a spell of %s", p.ID, s.PersonID)
				}
			}
			for _, s := range p.Activation {
				if s.PersonID != p.ID {
					t.Fatalf("person %s got an activation of %s", p.ID, s.PersonID)
				}
			}
			for _, s := range p.Employment {
				if s.PersonID != p.ID {
					t.Fatalf("person %s got an employment of %s", p.ID, s.PersonID)
				}
			}
			if len(p.Benefit) == 2 && p.Benefit[0].Start > p.Benefit[1].Start {
				t.Fatalf("person %s: spells out of order", p.ID)
			}
			gotB, gotA, gotE = gotB+len(p.Benefit), gotA+len(p.Activation), gotE+len(p.Employment)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// Persons with i%3 == 2, odd and not a multiple of 5 have no spell at all.
		want := 0
		for i := range n {
			if i%3 != 2 || i%2 == 0 || i%5 == 0 {
				want++
			}
		}
		if len(ids) != want || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != want {
			t.Fatalf("%d persons (sorted %v), want %d distinct in order", len(ids), slices.IsSorted(ids), want)
		}
		if gotB != len(b) || gotA != len(a) || gotE != len(e) {
			t.Fatalf("spells %d/%d/%d, want %d/%d/%d", gotB, gotA, gotE, len(b), len(a), len(e))
		}

		t.Run("StopsOnError", func(t *testing.T) {
			stop := errors.New("stop")
			calls := 0
			err := db.ReadPersons(ctx, f.ImportID, func(p *pejling.Person) error {
				calls++
				if calls == 100 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || calls != 100 {
				t.Fatalf("err %v after %d calls, want stop after 100", err, calls)
			}
		})
		t.Run("StaleSnapshot", func(t *testing.T) {
			called := false
			err := db.ReadPersons(ctx, f.ImportID-1, func(*pejling.Person) error { called = true; return nil })
			if pejling.ErrorCode(err) != pejling.ECONFLICT || called {
				t.Fatalf("err %v (fn called %v), want ECONFLICT before any call", err, called)
			}
		})
		t.Run("Cancelled", func(t *testing.T) {
			cctx, cancel := context.WithCancel(ctx)
			calls := 0
			err := db.ReadPersons(cctx, f.ImportID, func(*pejling.Person) error {
				if calls++; calls == 10 {
					cancel()
				}
				return nil
			})
			if err == nil {
				t.Fatal("want the cancellation")
			}
		})
	})
}

func write(_ []pejling.Duplicate, err error) error { return err }
