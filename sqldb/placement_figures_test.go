package sqldb_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

// TestPlacementFiguresWitness stores placements beside a register — some of them the
// register's own placements again (same person, type and CVR, overlapping days), some
// new, one ended early, one pending approval, one cancelled, one of a person the
// register does not know — and checks the figures against a witness: the same register
// with, appended to activation_spells.csv, exactly the placements the rule keeps,
// chosen here by hand, imported into a second store that holds no placements.
func TestPlacementFiguresWitness(t *testing.T) {
	dir := t.TempDir()
	asOf := pejling.DateOf(2025, time.January, 20)
	if _, err := demodata.Generate(ctx, demodata.Config{Persons: 120, Seed: 5, Out: dir, AsOf: asOf}, nil); err != nil {
		t.Fatal(err)
	}
	first, last := pejling.DateOf(2024, time.January, 1), pejling.DateOf(2024, time.December, 31)
	periods := append(figures.Months(first, last), figures.Years(first, last)...)
	pol := employer.DefaultPlacementPolicy()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		reg, err := db.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		before := figures.Compute(reg.Input(), periods)
		// The register's company placements of 2024, and a municipality of the data.
		var again []pejling.ActivationSpell
		for _, a := range reg.Activation {
			if a.Type.IsCompanyPlacement() && a.CVR != "" && a.Start >= first && a.End <= last && a.End-a.Start > 10 {
				again = append(again, a)
			}
		}
		if len(again) < 3 {
			t.Fatalf("only %d register placements in 2024", len(again))
		}
		m := again[0].Municipality
		user := pejling.User{ID: 3, Name: "cw", Role: pejling.RoleCaseWorker, Municipality: m}
		boss := pejling.User{ID: 4, Name: "boss", Role: pejling.RoleAdmin, Municipality: m}
		now := asOf.Time().Add(10 * time.Hour)
		var made []pejling.Placement
		create := func(p pejling.Placement) pejling.Placement {
			t.Helper()
			p.Municipality = m
			p, err := pol.New(p, user, now)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.CreatePlacement(ctx, &p); err != nil {
				t.Fatal(err)
			}
			made = append(made, p)
			return p
		}
		update := func(p pejling.Placement, err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			if err := db.UpdatePlacement(ctx, &p, p.Version); err != nil {
				t.Fatal(err)
			}
			for i := range made {
				if made[i].ID == p.ID {
					made[i] = p
				}
			}
		}
		for _, a := range again[:3] {
			// The register's spell again, shifted a few days: overlaps, so left out.
			create(pejling.Placement{PersonID: a.PersonID, Type: a.Type, CVR: a.CVR, Start: a.Start + 2, End: a.End + 3,
				HoursPerWeek: 30, Group: a.Group})
			// The same person at another company, after it: counts.
			create(pejling.Placement{PersonID: a.PersonID, Type: pejling.Praktik, CVR: "99887766", Start: a.End + 20,
				End: a.End + 60, HoursPerWeek: 15, Group: a.Group})
		}
		a := again[0]
		// Same CVR but another type, overlapping: counts (the rule needs the same type).
		other := pejling.LtsOffentlig
		if a.Type == other {
			other = pejling.LtsPrivat
		}
		create(pejling.Placement{PersonID: a.PersonID, Type: other, CVR: a.CVR, Start: a.Start, End: a.Start + 40, HoursPerWeek: 37, Group: a.Group})
		// Ended early: counts to its actual end.
		early := create(pejling.Placement{PersonID: again[1].PersonID, Type: pejling.Praktik, CVR: "11223344",
			Start: pejling.DateOf(2024, time.March, 4), End: pejling.DateOf(2024, time.May, 26), HoursPerWeek: 25, Group: again[1].Group})
		update(pol.EndEarly(early, pejling.DateOf(2024, time.April, 10), "Sygdom", pejling.DateOf(2024, time.April, 12).Time()))
		// Pending approval (a long løntilskud), then another approved: only the approved counts.
		long := pejling.Placement{PersonID: again[2].PersonID, Type: pejling.LtsPrivat, CVR: "22334455",
			Start: pejling.DateOf(2024, time.February, 1), End: pejling.DateOf(2024, time.August, 31), HoursPerWeek: 37, Group: again[2].Group}
		create(long)
		long.CVR = "33445566"
		approved := create(long)
		update(pol.Approve(approved, boss, now))
		// Cancelled: does not count.
		cancelled := create(pejling.Placement{PersonID: again[2].PersonID, Type: pejling.Praktik, CVR: "44556677",
			Start: pejling.DateOf(2024, time.October, 1), End: pejling.DateOf(2024, time.October, 30), HoursPerWeek: 20, Group: again[2].Group})
		update(pol.Cancel(cancelled, "Virksomheden trak sig", pejling.DateOf(2024, time.September, 1).Time()))
		// A person the register does not know.
		create(pejling.Placement{PersonID: "zz-placed-only", Type: pejling.Praktik, CVR: "55667788",
			Start: pejling.DateOf(2024, time.June, 3), End: pejling.DateOf(2024, time.July, 12), HoursPerWeek: 30, Group: pejling.KTH})

		// The witness: the rule applied by hand, the kept placements written as register rows.
		witnessDir := t.TempDir()
		copyDir(t, dir, witnessDir)
		var rows [][]string
		kept := 0
		for _, p := range made {
			if p.Status != pejling.PlacementPlanned && p.Status != pejling.PlacementEnded {
				continue
			}
			last := p.End
			if p.Status == pejling.PlacementEnded {
				last = p.EndedOn
			}
			dup := false
			for _, r := range reg.Activation {
				if r.PersonID == p.PersonID && r.Type == p.Type && r.CVR == p.CVR && !(r.End < p.Start || last < r.Start) {
					dup = true
				}
			}
			if dup {
				continue
			}
			kept++
			rows = append(rows, []string{p.PersonID, strconv.Itoa(p.Municipality), string(p.Group), string(p.Type),
				p.Start.String(), last.String(), strconv.FormatFloat(p.HoursPerWeek, 'f', -1, 64), p.CVR, p.InterventionID})
		}
		if want := 3 + 1 + 1 + 1 + 1; kept != want {
			t.Fatalf("the rule by hand keeps %d placements, want %d", kept, want)
		}
		appendActivations(t, filepath.Join(witnessDir, "activation_spells.csv"), rows)
		wdb := open(t)
		if _, _, err := importer.Load(ctx, witnessDir, wdb, importer.Options{}); err != nil {
			t.Fatal(err)
		}
		wreg, err := wdb.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := figures.Compute(wreg.Input(), periods)
		got, err := db.ReadRegister(ctx)
		if err != nil {
			t.Fatal(err)
		}
		gotRows := figures.Compute(got.Input(), periods)
		if len(got.Activation) != len(reg.Activation)+kept {
			t.Errorf("%d activation spells with placements, want %d + %d", len(got.Activation), len(reg.Activation), kept)
		}
		if reflect.DeepEqual(before, want) {
			t.Fatal("the placements change no figure: the witness proves nothing")
		}
		if len(gotRows) != len(want) {
			t.Fatalf("%d rows, witness %d", len(gotRows), len(want))
		}
		diff := 0
		for i := range want {
			if !reflect.DeepEqual(gotRows[i], want[i]) {
				if diff++; diff <= 5 {
					t.Errorf("row %d: store %+v, witness %+v", i, gotRows[i], want[i])
				}
			}
		}

		// One person at a time (the team boards' read) sees what the witness store holds
		// of that person as register spells.
		seen := map[string]bool{}
		for _, p := range made {
			if seen[p.PersonID] {
				continue
			}
			seen[p.PersonID] = true
			one, err := db.PersonWithPlacements(ctx, p.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			w, err := wdb.FindPerson(ctx, p.PersonID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(one.Activation, w.Activation) {
				t.Errorf("person %s with placements:\n%+v\nwitness:\n%+v", p.PersonID, one.Activation, w.Activation)
			}
		}
		if _, err := db.PersonWithPlacements(ctx, "zz-nobody"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("a person known to neither: %v", err)
		}

		// The stored figure set notices the placements: a change makes it stale.
		set, err := db.ComputeFigureSet(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, current, err := db.FigureSetCurrent(ctx); err != nil || !current {
			t.Fatalf("just computed (stamp %d): current %v, %v", set.PlacementsStamp, current, err)
		}
		p, _ := db.FindPlacement(ctx, m, made[1].ID)
		update(pol.FollowUp(p, p.Start+1, "Opfølgning", user, now))
		if _, current, err := db.FigureSetCurrent(ctx); err != nil || current {
			t.Errorf("after a placement changed: current %v, %v; want stale", current, err)
		}
	})
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// appendActivations appends rows given in the order person_id, municipality,
// benefit_group, activation_type, start_date, end_date, hours_per_week, cvr,
// intervention_id to the activation file, in the order of its header.
func appendActivations(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	all, err := r.ReadAll()
	f.Close()
	if err != nil || len(all) == 0 {
		t.Fatalf("read %s: %v", path, err)
	}
	names := []string{"person_id", "municipality", "benefit_group", "activation_type", "start_date", "end_date", "hours_per_week", "cvr", "intervention_id"}
	for _, row := range rows {
		out := make([]string, len(all[0]))
		for i, col := range all[0] {
			for j, n := range names {
				if n == col {
					out[i] = row[j]
				}
			}
		}
		all = append(all, out)
	}
	w, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(all); err != nil {
		t.Fatal(err)
	}
	w.Close()
}

var _ = sqldb.MaxPlacementList
