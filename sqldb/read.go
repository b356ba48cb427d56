package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// Frame is everything of the store but the spells: small, read whole.
type Frame struct {
	AsOf pejling.Date
	// ImportID is the newest committed import the frame was read at; ReadPersons checks
	// that it reads the spells of the same state.
	ImportID  int64
	Companies []pejling.Company
	Facts     []pejling.MunicipalityFact
	// Municipalities are those named in companies, facts and expenditure, ascending;
	// the spells' own municipalities come with the spells.
	Municipalities []int
}

// ReadFrame reads the frame in one read transaction.
func (db *DB) ReadFrame(ctx context.Context) (Frame, error) {
	var f Frame
	tx, err := db.db.BeginTx(ctx, db.dialect.readTx())
	if err != nil {
		return f, fmt.Errorf("read: %w", err)
	}
	defer tx.Rollback()
	var asOf int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0), coalesce(max(as_of), 0) FROM imports`).Scan(&f.ImportID, &asOf); err != nil {
		return f, fmt.Errorf("read imports: %w", err)
	}
	f.AsOf = pejling.Date(asOf)
	seen := map[int]bool{}
	err = query(ctx, tx, `SELECT cvr, name, municipality, industry, coalesce(employees, -1) FROM companies ORDER BY cvr`, func(rs *sql.Rows) error {
		var c pejling.Company
		if err := rs.Scan(&c.CVR, &c.Name, &c.Municipality, &c.Industry, &c.Employees); err != nil {
			return err
		}
		f.Companies = append(f.Companies, c)
		seen[c.Municipality] = true
		return nil
	})
	if err != nil {
		return f, err
	}
	err = query(ctx, tx, `SELECT municipality, year, variable, value FROM municipality_facts ORDER BY municipality, year, variable`, func(rs *sql.Rows) error {
		var m pejling.MunicipalityFact
		if err := rs.Scan(&m.Municipality, &m.Year, &m.Variable, &m.Value); err != nil {
			return err
		}
		f.Facts = append(f.Facts, m)
		seen[m.Municipality] = true
		return nil
	})
	if err != nil {
		return f, err
	}
	err = query(ctx, tx, `SELECT DISTINCT municipality FROM expenditure`, func(rs *sql.Rows) error {
		var m int
		if err := rs.Scan(&m); err != nil {
			return err
		}
		seen[m] = true
		return nil
	})
	if err != nil {
		return f, err
	}
	for m := range seen {
		f.Municipalities = append(f.Municipalities, m)
	}
	slices.Sort(f.Municipalities)
	return f, nil
}

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

// ReadRegister reads every record of the store into memory, spells in person order.
// ReadFrame with ReadPersons does the same in memory that does not grow with the spells.
func (db *DB) ReadRegister(ctx context.Context) (Register, error) {
	var r Register
	f, err := db.ReadFrame(ctx)
	if err != nil {
		return r, err
	}
	r.AsOf, r.Companies, r.Facts = f.AsOf, f.Companies, f.Facts
	// The row counts kept at each import size the slices once: growing slices of
	// millions of spells by doubling costs more than reading them.
	st, err := db.Status(ctx)
	if err != nil {
		return r, err
	}
	n := map[string]int64{}
	for _, t := range st.Tables {
		n[t.Table] = t.Rows
	}
	r.Benefit = make([]pejling.BenefitSpell, 0, n["benefit_spells"])
	r.Activation = make([]pejling.ActivationSpell, 0, n["activation_spells"])
	r.Employment = make([]pejling.EmploymentSpell, 0, n["employment_spells"])
	seen := map[int]bool{}
	for _, m := range f.Municipalities {
		seen[m] = true
	}
	err = db.ReadPersons(ctx, f.ImportID, func(p *pejling.Person) error {
		r.Benefit = append(r.Benefit, p.Benefit...)
		r.Activation = append(r.Activation, p.Activation...)
		r.Employment = append(r.Employment, p.Employment...)
		for _, s := range p.Benefit {
			seen[s.Municipality] = true
		}
		for _, s := range p.Activation {
			seen[s.Municipality] = true
		}
		return nil
	})
	for m := range seen {
		r.Municipalities = append(r.Municipalities, m)
	}
	slices.Sort(r.Municipalities)
	return r, err
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// query runs q and calls row for each result row.
func query(ctx context.Context, db querier, q string, row func(*sql.Rows) error, args ...any) error {
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

// Input is the figures engine's input of everything but the spells, which come from
// ReadPersons.
func (f Frame) Input() figures.Input {
	return figures.Input{AsOf: f.AsOf, Companies: f.Companies, Municipalities: f.Municipalities,
		Population16to66: population16to66(f.Facts)}
}

// Input is the figures engine's input of the whole register.
func (r Register) Input() figures.Input {
	return figures.Input{AsOf: r.AsOf, Benefit: r.Benefit, Activation: r.Activation, Employment: r.Employment,
		Companies: r.Companies, Municipalities: r.Municipalities, Population16to66: population16to66(r.Facts)}
}

// population16to66 picks population_16_66 out of the municipality facts.
func population16to66(facts []pejling.MunicipalityFact) map[figures.MunicipalityYear]float64 {
	pop := map[figures.MunicipalityYear]float64{}
	for _, f := range facts {
		if f.Variable == pejling.VarPopulation16to66 {
			pop[figures.MunicipalityYear{Municipality: f.Municipality, Year: f.Year}] = f.Value
		}
	}
	return pop
}
