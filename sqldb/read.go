package sqldb

import (
	"context"
	"database/sql"
	"fmt"

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
	Municipalities []int // every municipality named in any table
}

// ReadRegister reads every record of the store, spells in person order.
func (db *DB) ReadRegister(ctx context.Context) (Register, error) {
	var r Register
	st, err := db.Status(ctx)
	if err != nil {
		return r, err
	}
	r.AsOf = st.AsOf
	err = query(ctx, db.db, `SELECT person_id, municipality, benefit_group, match_group, start_day, end_day, fraction
		FROM benefit_spells ORDER BY person_id, start_day, municipality, benefit_group`, func(rs *sql.Rows) error {
		var s pejling.BenefitSpell
		var end sql.NullInt64
		if err := rs.Scan(&s.PersonID, &s.Municipality, &s.Group, &s.Match, &s.Start, &end, &s.Fraction); err != nil {
			return err
		}
		s.End = dateOrForever(end)
		r.Benefit = append(r.Benefit, s)
		return nil
	})
	if err != nil {
		return r, err
	}
	err = query(ctx, db.db, `SELECT person_id, municipality, benefit_group, activation_type, start_day, end_day,
		hours_per_week, cvr, intervention_id FROM activation_spells ORDER BY person_id, start_day, municipality, activation_type, cvr`,
		func(rs *sql.Rows) error {
			var s pejling.ActivationSpell
			if err := rs.Scan(&s.PersonID, &s.Municipality, &s.Group, &s.Type, &s.Start, &s.End, &s.HoursPerWeek, &s.CVR, &s.InterventionID); err != nil {
				return err
			}
			r.Activation = append(r.Activation, s)
			return nil
		})
	if err != nil {
		return r, err
	}
	err = query(ctx, db.db, `SELECT person_id, start_day, end_day FROM employment_spells ORDER BY person_id, start_day`, func(rs *sql.Rows) error {
		var s pejling.EmploymentSpell
		var end sql.NullInt64
		if err := rs.Scan(&s.PersonID, &s.Start, &end); err != nil {
			return err
		}
		s.End = dateOrForever(end)
		r.Employment = append(r.Employment, s)
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
	err = query(ctx, db.db, `SELECT municipality FROM benefit_spells UNION SELECT municipality FROM activation_spells
		UNION SELECT municipality FROM companies UNION SELECT municipality FROM municipality_facts
		UNION SELECT municipality FROM expenditure ORDER BY 1`, func(rs *sql.Rows) error {
		var m int
		if err := rs.Scan(&m); err != nil {
			return err
		}
		r.Municipalities = append(r.Municipalities, m)
		return nil
	})
	return r, err
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
