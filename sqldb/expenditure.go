package sqldb

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/pejling/pejling"
)

// ReadExpenditure returns the expenditure of the newest import (expenditure.csv),
// sorted by municipality, year, account and kind.
func (db *DB) ReadExpenditure(ctx context.Context) ([]pejling.Expenditure, error) {
	var out []pejling.Expenditure
	err := query(ctx, db.db, `SELECT municipality, year, account, kind, amount_dkk FROM expenditure ORDER BY municipality, year, account, kind`, func(rs *sql.Rows) error {
		var e pejling.Expenditure
		if err := rs.Scan(&e.Municipality, &e.Year, &e.Account, &e.Kind, &e.AmountDKK); err != nil {
			return err
		}
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read expenditure: %w", err)
	}
	return out, nil
}

// ReadFacts returns the municipality facts of the newest import (municipality_facts.csv),
// sorted by municipality, year and variable.
func (db *DB) ReadFacts(ctx context.Context) ([]pejling.MunicipalityFact, error) {
	var out []pejling.MunicipalityFact
	err := query(ctx, db.db, `SELECT municipality, year, variable, value FROM municipality_facts ORDER BY municipality, year, variable`, func(rs *sql.Rows) error {
		var f pejling.MunicipalityFact
		if err := rs.Scan(&f.Municipality, &f.Year, &f.Variable, &f.Value); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read municipality facts: %w", err)
	}
	return out, nil
}
