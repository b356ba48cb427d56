package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/pejling/pejling"
)

// Register is the whole register content of a store, as the figures engine reads it.
type Register struct {
	AsOf           pejling.Date
	Benefit        []pejling.BenefitSpell
	Activation     []pejling.ActivationSpell
	Employment     []pejling.EmploymentSpell
	Companies      []pejling.Company
	Facts          []pejling.MunicipalityFact
	Municipalities []int // every municipality named in any table, ascending
}

// ReadRegister reads every record of the store, spells in person order.
func (db *DB) ReadRegister(ctx context.Context) (Register, error) {
	var r Register
	st, err := db.Status(ctx)
	if err != nil {
		return r, err
	}
	r.AsOf = st.AsOf
	// The row counts kept at each import size the slices once: growing slices of
	// millions of spells by doubling costs more than reading them.
	n := map[string]int64{}
	for _, t := range st.Tables {
		n[t.Table] = t.Rows
	}
	r.Benefit = make([]pejling.BenefitSpell, 0, n["benefit_spells"])
	r.Activation = make([]pejling.ActivationSpell, 0, n["activation_spells"])
	r.Employment = make([]pejling.EmploymentSpell, 0, n["employment_spells"])
	seen := map[int]bool{}
	// Benefit spells are read on a connection of their own while this goroutine reads
	// the rest: the driver, not the disk, is the limit, and there are two cores.
	var benefitErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ids personIDs
		benefitErr = query(ctx, db.db, `SELECT person_id, municipality, benefit_group, match_group, start_day, end_day, fraction
			FROM benefit_spells ORDER BY person_id, start_day, municipality, benefit_group`, func(rs *sql.Rows) error {
			var s pejling.BenefitSpell
			var id, group, match sql.RawBytes
			var muni, start int64
			var end sql.NullInt64
			if err := rs.Scan(&id, &muni, &group, &match, &start, &end, &s.Fraction); err != nil {
				return err
			}
			s.PersonID, s.Municipality, s.Start, s.End = ids.get(id), int(muni), pejling.Date(start), dateOrForever(end)
			s.Group, s.Match = pejling.BenefitGroup(code(group)), pejling.MatchGroup(code(match))
			r.Benefit = append(r.Benefit, s)
			return nil
		})
	}()
	defer func() { <-done }() // on every return: the goroutine writes into r
	var ids personIDs
	err = query(ctx, db.db, `SELECT person_id, municipality, benefit_group, activation_type, start_day, end_day,
		hours_per_week, cvr, intervention_id FROM activation_spells ORDER BY person_id, start_day, municipality, activation_type, cvr`,
		func(rs *sql.Rows) error {
			var s pejling.ActivationSpell
			var id, group, typ sql.RawBytes
			var muni, start, end int64
			if err := rs.Scan(&id, &muni, &group, &typ, &start, &end, &s.HoursPerWeek, &s.CVR, &s.InterventionID); err != nil {
				return err
			}
			s.PersonID, s.Municipality, s.Start, s.End = ids.get(id), int(muni), pejling.Date(start), pejling.Date(end)
			s.Group, s.Type = pejling.BenefitGroup(code(group)), pejling.ActivationType(code(typ))
			r.Activation = append(r.Activation, s)
			return nil
		})
	if err != nil {
		return r, err
	}
	err = query(ctx, db.db, `SELECT person_id, start_day, end_day FROM employment_spells ORDER BY person_id, start_day`, func(rs *sql.Rows) error {
		var id sql.RawBytes
		var start int64
		var end sql.NullInt64
		if err := rs.Scan(&id, &start, &end); err != nil {
			return err
		}
		r.Employment = append(r.Employment, pejling.EmploymentSpell{PersonID: ids.get(id), Start: pejling.Date(start), End: dateOrForever(end)})
		return nil
	})
	if err != nil {
		return r, err
	}
	err = query(ctx, db.db, `SELECT cvr, name, municipality, industry, coalesce(employees, -1) FROM companies ORDER BY cvr`, func(rs *sql.Rows) error {
		var c pejling.Company
		if err := rs.Scan(&c.CVR, &c.Name, &c.Municipality, &c.Industry, &c.Employees); err != nil {
			return err
		}
		r.Companies = append(r.Companies, c)
		return nil
	})
	if err != nil {
		return r, err
	}
	err = query(ctx, db.db, `SELECT municipality, year, variable, value FROM municipality_facts ORDER BY municipality, year, variable`, func(rs *sql.Rows) error {
		var f pejling.MunicipalityFact
		if err := rs.Scan(&f.Municipality, &f.Year, &f.Variable, &f.Value); err != nil {
			return err
		}
		r.Facts = append(r.Facts, f)
		return nil
	})
	if err != nil {
		return r, err
	}
	<-done
	if err == nil {
		err = benefitErr
	}
	if err != nil {
		return r, err
	}
	err = query(ctx, db.db, `SELECT DISTINCT municipality FROM expenditure`, func(rs *sql.Rows) error {
		var m int
		if err := rs.Scan(&m); err != nil {
			return err
		}
		seen[m] = true
		return nil
	})
	for _, s := range r.Benefit {
		seen[s.Municipality] = true
	}
	for _, s := range r.Activation {
		seen[s.Municipality] = true
	}
	for _, c := range r.Companies {
		seen[c.Municipality] = true
	}
	for _, f := range r.Facts {
		seen[f.Municipality] = true
	}
	for m := range seen {
		r.Municipalities = append(r.Municipalities, m)
	}
	slices.Sort(r.Municipalities)
	return r, err
}

// personIDs turns scanned person ids into strings, sharing one string between the
// consecutive rows of a person (rows come in person order), so that a national register
// holds each id about once rather than once per spell.
type personIDs struct{ last string }

func (p *personIDs) get(b []byte) string {
	if string(b) != p.last {
		p.last = string(b)
	}
	return p.last
}

// code returns the shared string of one of the few code values (benefit groups, match
// groups, activation types) without allocating.
func code(b []byte) string {
	for _, g := range pejling.BenefitGroups {
		if string(b) == string(g) {
			return string(g)
		}
	}
	for _, m := range pejling.MatchGroups {
		if string(b) == string(m) {
			return string(m)
		}
	}
	for _, t := range pejling.ActivationTypes {
		if string(b) == string(t) {
			return string(t)
		}
	}
	return string(b)
}

func dateOrForever(n sql.NullInt64) pejling.Date {
	if !n.Valid {
		return pejling.Forever
	}
	return pejling.Date(n.Int64)
}

// query runs q and calls row for each result row.
func query(ctx context.Context, db *sql.DB, q string, row func(*sql.Rows) error, args ...any) error {
	rs, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rs.Close()
	for rs.Next() {
		if err := row(rs); err != nil {
			return fmt.Errorf("read row: %w", err)
		}
	}
	return rs.Err()
}
