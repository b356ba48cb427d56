package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// FindPerson returns every spell the register holds about one person, each kind in the
// order of its natural key; an ENOTFOUND error when the person has none. Who may see it
// is the caller's decision (pejling.User.CanReadPerson), as is the audit record.
func (db *DB) FindPerson(ctx context.Context, id string) (*pejling.Person, error) {
	p := &pejling.Person{ID: id}
	var ids personIDs
	err := query(ctx, db.db, db.rebind(`SELECT person_id, municipality, benefit_group, match_group, start_day, end_day, fraction
		FROM benefit_spells WHERE person_id = ? ORDER BY start_day, municipality, benefit_group`), func(rs *sql.Rows) error {
		var s pejling.BenefitSpell
		err := scanBenefit(rs, &s, &ids)
		p.Benefit = append(p.Benefit, s)
		return err
	}, id)
	if err == nil {
		err = query(ctx, db.db, db.rebind(`SELECT person_id, municipality, benefit_group, activation_type, start_day, end_day,
			hours_per_week, cvr, intervention_id FROM activation_spells WHERE person_id = ? ORDER BY start_day, municipality, activation_type, cvr`),
			func(rs *sql.Rows) error {
				var s pejling.ActivationSpell
				err := scanActivation(rs, &s, &ids)
				p.Activation = append(p.Activation, s)
				return err
			}, id)
	}
	if err == nil {
		err = query(ctx, db.db, db.rebind(`SELECT person_id, start_day, end_day FROM employment_spells WHERE person_id = ? ORDER BY start_day`),
			func(rs *sql.Rows) error {
				var s pejling.EmploymentSpell
				err := scanEmployment(rs, &s, &ids)
				p.Employment = append(p.Employment, s)
				return err
			}, id)
	}
	if err != nil {
		return nil, fmt.Errorf("find person: %w", err)
	}
	if len(p.Benefit)+len(p.Activation)+len(p.Employment) == 0 {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no person with id %q", pejling.Clip(id))
	}
	return p, nil
}

// PersonSearch selects the persons of one municipality for a case worker's list.
type PersonSearch struct {
	Municipality int                  // required
	Group        pejling.BenefitGroup // "": any group
	On           pejling.Date         // on benefit on this day; 0: at any time
	IDPrefix     string               // the start of the pseudonymous id; "": any
	Limit        int                  // at most this many (1–500; default 100)
}

// PersonHit is one person of a search: the id and the latest benefit spell in the
// municipality that matched.
type PersonHit struct {
	ID    string
	Group pejling.BenefitGroup
	Start pejling.Date
	End   pejling.Date
}

// SearchPersons returns the persons with a benefit spell in s.Municipality that match
// s, by id, at most s.Limit.
func (db *DB) SearchPersons(ctx context.Context, s PersonSearch) ([]PersonHit, error) {
	if s.Municipality <= 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "a search needs a municipality")
	}
	if s.Limit <= 0 {
		s.Limit = 100
	}
	if s.Limit > 500 {
		return nil, pejling.Errorf(pejling.EINVALID, "at most 500 persons per search")
	}
	where, args := []string{"municipality = ?"}, []any{s.Municipality}
	if s.Group != "" {
		where, args = append(where, "benefit_group = ?"), append(args, string(s.Group))
	}
	if s.On != 0 {
		where, args = append(where, "start_day <= ?", "(end_day IS NULL OR end_day >= ?)"), append(args, int64(s.On), int64(s.On))
	}
	if s.IDPrefix != "" {
		// A prefix compared as text, not LIKE: no wildcard in the input can widen it.
		where, args = append(where, "substr(person_id, 1, ?) = ?"), append(args, utf8.RuneCountInString(s.IDPrefix), s.IDPrefix)
	}
	// The latest matching spell of each person: the spell with the greatest start day.
	q := `SELECT person_id, benefit_group, start_day, end_day FROM benefit_spells b WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY person_id, start_day DESC`
	var hits []PersonHit
	var ids personIDs
	err := query(ctx, db.db, db.rebind(q), func(rs *sql.Rows) error {
		var id, group sql.RawBytes
		var start int64
		var end sql.NullInt64
		if err := rs.Scan(&id, &group, &start, &end); err != nil {
			return err
		}
		pid := ids.get(id)
		if len(hits) > 0 && hits[len(hits)-1].ID == pid {
			return nil
		}
		if len(hits) == s.Limit {
			return errEnough
		}
		hits = append(hits, PersonHit{ID: pid, Group: pejling.BenefitGroup(code(group)), Start: pejling.Date(start), End: dateOrForever(end)})
		return nil
	}, args...)
	if err != nil && !errors.Is(err, errEnough) {
		return nil, fmt.Errorf("search persons: %w", err)
	}
	return hits, nil
}

// errEnough stops a query's rows early once a limit is reached.
var errEnough = errors.New("enough rows")
