package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// Team boards (migrations/0015_teams.sql): teams, their members, the consultants'
// caseloads with their history, and the teams' goals. Every call names the
// municipality; another municipality's team or user is not found.

// CreateTeam stores the new team t and sets t.ID and t.CreatedAt. A name already used in
// the municipality (regardless of case) is ECONFLICT.
func (db *DB) CreateTeam(ctx context.Context, t *pejling.Team) error {
	t.Name = strings.TrimSpace(t.Name)
	if err := t.Validate(); err != nil {
		return err
	}
	now := db.Now().UTC()
	var id int64
	err := db.db.QueryRowContext(ctx, db.rebind(`INSERT INTO teams (municipality, name, name_key, created_at)
		VALUES (?, ?, ?, ?) RETURNING id`), t.Municipality, t.Name, strings.ToLower(t.Name), timeText(now)).Scan(&id)
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "name: there is already a team named %q", pejling.Clip(t.Name))
	} else if err != nil {
		return fmt.Errorf("create team: %w", err)
	}
	t.ID, t.CreatedAt = id, now
	return nil
}

// FindTeams returns the teams of the municipality, by name.
func (db *DB) FindTeams(ctx context.Context, municipality int) ([]pejling.Team, error) {
	var ts []pejling.Team
	err := query(ctx, db.db, db.rebind(`SELECT id, municipality, name, created_at FROM teams WHERE municipality = ?`),
		func(rs *sql.Rows) error {
			var t pejling.Team
			var created string
			if err := rs.Scan(&t.ID, &t.Municipality, &t.Name, &created); err != nil {
				return err
			}
			var err error
			t.CreatedAt, err = parseTime(created)
			ts = append(ts, t)
			return err
		}, municipality)
	if err != nil {
		return nil, fmt.Errorf("find teams: %w", err)
	}
	// Sorted here, not by the database: PostgreSQL's collation is the server's locale.
	slices.SortFunc(ts, func(a, b pejling.Team) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.ID, b.ID))
	})
	return ts, nil
}

// FindTeam returns the team id of the municipality, or ENOTFOUND.
func (db *DB) FindTeam(ctx context.Context, municipality int, id int64) (pejling.Team, error) {
	ts, err := db.FindTeams(ctx, municipality)
	if err != nil {
		return pejling.Team{}, err
	}
	for _, t := range ts {
		if t.ID == id {
			return t, nil
		}
	}
	return pejling.Team{}, pejling.Errorf(pejling.ENOTFOUND, "no team %d in your municipality", id)
}

// AddTeamMember puts the user into the team. The user must be a user of the team's
// municipality; a user already in a team (this or another) is ECONFLICT.
func (db *DB) AddTeamMember(ctx context.Context, municipality int, teamID, userID int64) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add team member: %w", err)
	}
	defer tx.Rollback()
	if err := db.checkTeam(ctx, tx, municipality, teamID); err != nil {
		return err
	}
	if err := db.checkMunicipalUser(ctx, tx, "member", userID, municipality); err != nil {
		return err
	}
	var other string
	err = tx.QueryRowContext(ctx, db.rebind(`SELECT t.name FROM team_members m JOIN teams t ON t.id = m.team_id WHERE m.user_id = ?`), userID).Scan(&other)
	switch {
	case err == nil:
		return pejling.Errorf(pejling.ECONFLICT, "member: the user is already in the team %q; a user is in one team at a time", pejling.Clip(other))
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("add team member: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO team_members (user_id, team_id, municipality, added_at) VALUES (?, ?, ?, ?)`),
		userID, teamID, municipality, timeText(db.Now())); err != nil {
		if isUniqueViolation(err) {
			return pejling.Errorf(pejling.ECONFLICT, "member: the user was just put into a team by a colleague")
		}
		return fmt.Errorf("add team member: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("add team member: %w", err)
	}
	return nil
}

// RemoveTeamMember takes the user out of the team; ENOTFOUND when the user is not in it.
func (db *DB) RemoveTeamMember(ctx context.Context, municipality int, teamID, userID int64) error {
	res, err := db.db.ExecContext(ctx, db.rebind(`DELETE FROM team_members WHERE municipality = ? AND team_id = ? AND user_id = ?`),
		municipality, teamID, userID)
	if err != nil {
		return fmt.Errorf("remove team member: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("remove team member: %w", err)
	} else if n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "member: user %d is not in team %d", userID, teamID)
	}
	return nil
}

// FindTeamMembers returns the members of every team of the municipality, by team and user.
func (db *DB) FindTeamMembers(ctx context.Context, municipality int) ([]pejling.TeamMember, error) {
	var ms []pejling.TeamMember
	err := query(ctx, db.db, db.rebind(`SELECT team_id, user_id FROM team_members WHERE municipality = ? ORDER BY team_id, user_id`),
		func(rs *sql.Rows) error {
			var m pejling.TeamMember
			err := rs.Scan(&m.TeamID, &m.UserID)
			ms = append(ms, m)
			return err
		}, municipality)
	if err != nil {
		return nil, fmt.Errorf("find team members: %w", err)
	}
	return ms, nil
}

// AssignCaseload puts the citizen a.PersonID on the caseload of a.UserID from a.From
// on (a.To is ignored: an assignment runs until the next). A running assignment of the
// citizen ends the day before; it must have started before a.From (EINVALID otherwise),
// and one to the same consultant is ECONFLICT. setBy is who made the change.
func (db *DB) AssignCaseload(ctx context.Context, a *pejling.CaseloadAssignment, setBy int64) error {
	a.To = pejling.Forever
	if err := a.Validate(); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("assign caseload: %w", err)
	}
	defer tx.Rollback()
	if err := db.checkMunicipalUser(ctx, tx, "consultant", a.UserID, a.Municipality); err != nil {
		return err
	}
	cur, err := db.runningCaseload(ctx, tx, a.Municipality, a.PersonID)
	if err != nil {
		return err
	}
	if cur != nil {
		switch {
		case cur.UserID == a.UserID:
			return pejling.Errorf(pejling.ECONFLICT, "person: the citizen is already on this consultant's caseload (since %s)", cur.From)
		case cur.From >= a.From:
			return pejling.Errorf(pejling.EINVALID, "from: the citizen's current assignment started %s; a new one must start later", cur.From)
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE caseloads SET to_day = ? WHERE id = ?`), a.From-1, cur.ID); err != nil {
			return fmt.Errorf("assign caseload: %w", err)
		}
	}
	var id int64
	err = tx.QueryRowContext(ctx, db.rebind(`INSERT INTO caseloads (municipality, person_id, user_id, from_day, to_day, set_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), a.Municipality, a.PersonID, a.UserID, a.From, a.To, setBy, timeText(db.Now())).Scan(&id)
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "person: the citizen was just assigned by a colleague; look again")
	} else if err != nil {
		return fmt.Errorf("assign caseload: %w", err)
	}
	if err := tx.Commit(); err != nil {
		if isUniqueViolation(err) {
			return pejling.Errorf(pejling.ECONFLICT, "person: the citizen was just assigned by a colleague; look again")
		}
		return fmt.Errorf("assign caseload: %w", err)
	}
	a.ID = id
	return nil
}

// EndCaseload ends the citizen's running assignment on last (inclusive); ENOTFOUND when
// the citizen is on no caseload of the municipality, EINVALID when last is before its start.
func (db *DB) EndCaseload(ctx context.Context, municipality int, personID string, last pejling.Date) error {
	if err := pejling.ValidPersonID(personID); err != nil {
		return pejling.Errorf(pejling.EINVALID, "person: %s", pejling.ErrorMessage(err))
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("end caseload: %w", err)
	}
	defer tx.Rollback()
	cur, err := db.runningCaseload(ctx, tx, municipality, personID)
	if err != nil {
		return err
	}
	if cur == nil {
		return pejling.Errorf(pejling.ENOTFOUND, "person: the citizen is on no caseload")
	}
	if last < cur.From || last >= pejling.Forever {
		return pejling.Errorf(pejling.EINVALID, "to: the last day must be on or after the assignment's first day %s", cur.From)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE caseloads SET to_day = ? WHERE id = ?`), last, cur.ID); err != nil {
		return fmt.Errorf("end caseload: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("end caseload: %w", err)
	}
	return nil
}

// runningCaseload returns the citizen's running assignment, locked, or nil.
func (db *DB) runningCaseload(ctx context.Context, tx *sql.Tx, municipality int, personID string) (*pejling.CaseloadAssignment, error) {
	q := `SELECT id, municipality, person_id, user_id, from_day, to_day FROM caseloads WHERE municipality = ? AND person_id = ? AND to_day = ?`
	if db.Postgres() {
		q += " FOR UPDATE"
	}
	var a pejling.CaseloadAssignment
	err := tx.QueryRowContext(ctx, db.rebind(q), municipality, personID, pejling.Forever).Scan(&a.ID, &a.Municipality, &a.PersonID, &a.UserID, &a.From, &a.To)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("read the citizen's caseload: %w", err)
	}
	return &a, nil
}

// FindCaseloads returns every assignment of the municipality, ended ones too, by person
// and first day.
func (db *DB) FindCaseloads(ctx context.Context, municipality int) ([]pejling.CaseloadAssignment, error) {
	var as []pejling.CaseloadAssignment
	err := query(ctx, db.db, db.rebind(`SELECT id, municipality, person_id, user_id, from_day, to_day FROM caseloads
		WHERE municipality = ? ORDER BY person_id, from_day`), func(rs *sql.Rows) error {
		var a pejling.CaseloadAssignment
		err := rs.Scan(&a.ID, &a.Municipality, &a.PersonID, &a.UserID, &a.From, &a.To)
		as = append(as, a)
		return err
	}, municipality)
	if err != nil {
		return nil, fmt.Errorf("find caseloads: %w", err)
	}
	return as, nil
}

// SetTeamGoal stores g, replacing the team's goal for the same metric and week, and
// sets g.ID.
func (db *DB) SetTeamGoal(ctx context.Context, g *pejling.TeamGoal, setBy int64) error {
	if err := g.Validate(); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("set team goal: %w", err)
	}
	defer tx.Rollback()
	if err := db.checkTeam(ctx, tx, g.Municipality, g.TeamID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM team_goals WHERE team_id = ? AND metric = ? AND from_week = ?`),
		g.TeamID, string(g.Metric), g.FromWeek); err != nil {
		return fmt.Errorf("set team goal: %w", err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO team_goals (municipality, team_id, metric, target, direction, from_week, set_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), g.Municipality, g.TeamID, string(g.Metric), g.Target, string(g.Direction),
		g.FromWeek, setBy, timeText(db.Now())).Scan(&id); err != nil {
		if isUniqueViolation(err) {
			return pejling.Errorf(pejling.ECONFLICT, "metric: a colleague set this goal at the same moment; look again")
		}
		return fmt.Errorf("set team goal: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("set team goal: %w", err)
	}
	g.ID = id
	return nil
}

// FindTeamGoals returns the goals of the municipality's teams, by team, metric and week.
func (db *DB) FindTeamGoals(ctx context.Context, municipality int) ([]pejling.TeamGoal, error) {
	var gs []pejling.TeamGoal
	err := query(ctx, db.db, db.rebind(`SELECT id, municipality, team_id, metric, target, direction, from_week FROM team_goals
		WHERE municipality = ? ORDER BY team_id, metric, from_week`), func(rs *sql.Rows) error {
		var g pejling.TeamGoal
		var metric, dir string
		err := rs.Scan(&g.ID, &g.Municipality, &g.TeamID, &metric, &g.Target, &dir, &g.FromWeek)
		g.Metric, g.Direction = pejling.TeamMetric(metric), pejling.GoalDirection(dir)
		gs = append(gs, g)
		return err
	}, municipality)
	if err != nil {
		return nil, fmt.Errorf("find team goals: %w", err)
	}
	return gs, nil
}

// CaseloadPersons returns the persons ids as the key figures see them
// (PersonWithPlacements: the register's spells, all of them, of every municipality, as
// the figures engine needs for outflow, with their counted placements merged in) and
// the register's as_of. Persons known to neither are left out.
func (db *DB) CaseloadPersons(ctx context.Context, ids []string) ([]pejling.Person, pejling.Date, error) {
	asOf, err := db.registerAsOf(ctx)
	if err != nil {
		return nil, 0, err
	}
	var ps []pejling.Person
	for _, id := range ids {
		p, err := db.PersonWithPlacements(ctx, id)
		if pejling.ErrorCode(err) == pejling.ENOTFOUND {
			continue
		} else if err != nil {
			return nil, 0, err
		}
		ps = append(ps, *p)
	}
	return ps, asOf, nil
}

// checkTeam answers ENOTFOUND unless the team is of the municipality.
func (db *DB) checkTeam(ctx context.Context, tx *sql.Tx, municipality int, teamID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, db.rebind(`SELECT count(*) FROM teams WHERE id = ? AND municipality = ?`), teamID, municipality).Scan(&n); err != nil {
		return fmt.Errorf("find team: %w", err)
	}
	if n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "team: no team %d in your municipality", teamID)
	}
	return nil
}

// checkMunicipalUser answers EINVALID (naming field) unless the user is an active user
// of the municipality.
func (db *DB) checkMunicipalUser(ctx context.Context, tx *sql.Tx, field string, userID int64, municipality int) error {
	var m, disabled int
	err := tx.QueryRowContext(ctx, db.rebind("SELECT municipality, disabled FROM users WHERE id = ?"), userID).Scan(&m, &disabled)
	if errors.Is(err, sql.ErrNoRows) || err == nil && (m != municipality || municipality == 0) {
		return pejling.Errorf(pejling.EINVALID, "%s: user %d is not a user of your municipality", field, userID)
	} else if err != nil {
		return fmt.Errorf("check the user: %w", err)
	}
	if disabled != 0 {
		return pejling.Errorf(pejling.EINVALID, "%s: user %d is disabled", field, userID)
	}
	return nil
}

// FindCompanyVisits returns the municipality's contact-log entries with channel visit
// at or after since, newest first: what the team boards count as company visits.
func (db *DB) FindCompanyVisits(ctx context.Context, municipality int, since time.Time) ([]pejling.ContactLogEntry, error) {
	if err := pejling.ValidMunicipalityCode(municipality); err != nil {
		return nil, err
	}
	// The limit only bounds a runaway: a job centre logs a few thousand visits a quarter.
	return db.contactLog(ctx, db.db, "find company visits", "municipality = ? AND channel = ? AND at >= ?",
		municipality, string(pejling.ContactByVisit), timeText(since), 1_000_000)
}
