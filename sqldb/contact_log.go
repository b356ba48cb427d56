package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// The contact log a municipality's job centre shares (migrations/0009_company_register.sql),
// and a company's history: its contacts, and from the register its placements and the
// hires that followed them.

// CreateContactLogEntry stores e and sets e.ID and e.CreatedAt. The user must be a user
// of e.Municipality. A company without a record in the municipality gets an empty one:
// the first contact starts the relationship. A bad field: EINVALID, and nothing stored.
func (db *DB) CreateContactLogEntry(ctx context.Context, e *pejling.ContactLogEntry) error {
	if err := e.Validate(); err != nil {
		return err
	}
	what := "log a contact with company " + e.CVR
	now := db.Now().UTC().Truncate(time.Microsecond)
	at := e.At.UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := db.checkUserOf(ctx, tx, "user", e.UserID, e.Municipality); err != nil {
		return err
	}
	if err := db.ensureCompanyRecord(ctx, tx, e.Municipality, e.CVR, now); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	var next any
	if e.NextStepDate != 0 {
		next = int64(e.NextStepDate)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO contact_log (municipality, cvr, user_id, at, channel, topic,
		outcome, next_step, next_step_day, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.Municipality, e.CVR, e.UserID, timeText(at), string(e.Channel), string(e.Topic), e.Outcome, e.NextStep,
		next, timeText(now)).Scan(&id); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	e.ID, e.At, e.CreatedAt = id, at, now
	return nil
}

const contactLogColumns = "id, municipality, cvr, user_id, at, channel, topic, outcome, next_step, next_step_day, created_at"

func scanContactLogEntry(row interface{ Scan(...any) error }) (pejling.ContactLogEntry, error) {
	var e pejling.ContactLogEntry
	var at, created, channel, topic string
	var next sql.NullInt64
	if err := row.Scan(&e.ID, &e.Municipality, &e.CVR, &e.UserID, &at, &channel, &topic, &e.Outcome, &e.NextStep, &next, &created); err != nil {
		return e, err
	}
	e.Channel, e.Topic, e.NextStepDate = pejling.ContactChannel(channel), pejling.ContactTopic(topic), pejling.Date(next.Int64)
	var err error
	if e.At, err = parseTime(at); err != nil {
		return e, err
	}
	e.CreatedAt, err = parseTime(created)
	return e, err
}

func (db *DB) contactLog(ctx context.Context, q querier, what, where string, args ...any) ([]pejling.ContactLogEntry, error) {
	rows, err := q.QueryContext(ctx, db.rebind("SELECT "+contactLogColumns+" FROM contact_log WHERE "+where+
		" ORDER BY at DESC, id DESC LIMIT ?"), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	es := []pejling.ContactLogEntry{}
	for rows.Next() {
		e, err := scanContactLogEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return es, nil
}

// FindContactLog returns the entries of f.Municipality's contact log that f selects,
// newest first.
func (db *DB) FindContactLog(ctx context.Context, f pejling.ContactLogFilter) ([]pejling.ContactLogEntry, error) {
	if err := pejling.ValidMunicipalityCode(f.Municipality); err != nil {
		return nil, err
	}
	where := []string{"municipality = ?"}
	args := []any{f.Municipality}
	if f.CVR != "" {
		where, args = append(where, "cvr = ?"), append(args, f.CVR)
	}
	if !f.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, timeText(f.Since))
	}
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	args = append(args, listLimit(f.Limit))
	return db.contactLog(ctx, db.db, "read the contact log", strings.Join(where, " AND "), args...)
}

// precheckRecent is how many of colleagues' latest contacts a ContactPrecheck shows.
const precheckRecent = 10

// ContactPrecheck returns what user userID should see before logging a contact about
// topic with the company at time now: colleagues' (other users') latest contacts with
// the company up to now, and those about the same topic within window before now,
// which make a warning. A window of 0 is pejling.DefaultTopicWindow; the user's own
// contacts never warn.
func (db *DB) ContactPrecheck(ctx context.Context, municipality int, cvr string, userID int64, topic pejling.ContactTopic, now time.Time, window time.Duration) (*pejling.ContactPrecheck, error) {
	if err := pejling.ValidMunicipalityCode(municipality); err != nil {
		return nil, err
	}
	if err := pejling.ValidCVR(cvr); err != nil {
		return nil, err
	}
	if !topic.Valid() {
		return nil, pejling.Errorf(pejling.EINVALID, "topic: unknown topic %q", pejling.Clip(string(topic)))
	}
	if window < 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "window: %v is negative", window)
	}
	if window == 0 {
		window = pejling.DefaultTopicWindow
	}
	what := "check earlier contacts with company " + cvr
	tx, err := db.db.BeginTx(ctx, db.dialect.readTx())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	p := &pejling.ContactPrecheck{Window: window}
	upTo := timeText(now)
	if p.Recent, err = db.contactLog(ctx, tx, what, "municipality = ? AND cvr = ? AND user_id <> ? AND at <= ?",
		municipality, cvr, userID, upTo, precheckRecent); err != nil {
		return nil, err
	}
	if p.SameTopic, err = db.contactLog(ctx, tx, what, "municipality = ? AND cvr = ? AND topic = ? AND at >= ? AND at <= ? AND user_id <> ?",
		municipality, cvr, string(topic), timeText(now.Add(-window)), upTo, userID, maxListLimit); err != nil {
		return nil, err
	}
	p.Warning = len(p.SameTopic) > 0
	return p, nil
}

// CompanyHistory returns the company's history with the municipality's job centre:
// its contact log, and from the register the municipality's placements at the CVR and
// the hires after them (see pejling.CompanyHistory for the rule). Counts are totals,
// lists the newest pejling.CompanyHistoryListLen. The history holds person ids: the web
// shows it only to users who may read persons of the municipality.
//
// Job orders are added by the job-order part of issue 8.
func (db *DB) CompanyHistory(ctx context.Context, municipality int, cvr string) (*pejling.CompanyHistory, error) {
	if err := pejling.ValidMunicipalityCode(municipality); err != nil {
		return nil, err
	}
	if err := pejling.ValidCVR(cvr); err != nil {
		return nil, err
	}
	what := "read the history of company " + cvr
	tx, err := db.db.BeginTx(ctx, db.dialect.readTx())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	h := &pejling.CompanyHistory{Municipality: municipality, CVR: cvr}
	count := func(q string, n *int) error {
		if err := tx.QueryRowContext(ctx, db.rebind(q), municipality, cvr).Scan(n); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	if err := count("SELECT count(*) FROM contact_log WHERE municipality = ? AND cvr = ?", &h.ContactCount); err != nil {
		return nil, err
	}
	if h.Contacts, err = db.contactLog(ctx, tx, what, "municipality = ? AND cvr = ?", municipality, cvr, pejling.CompanyHistoryListLen); err != nil {
		return nil, err
	}
	if err := count("SELECT count(*) FROM activation_spells WHERE municipality = ? AND cvr = ?", &h.PlacementCount); err != nil {
		return nil, err
	}
	err = query(ctx, tx, db.rebind(`SELECT person_id, municipality, benefit_group, activation_type, start_day, end_day,
		hours_per_week, cvr, intervention_id FROM activation_spells WHERE municipality = ? AND cvr = ?
		ORDER BY start_day DESC, person_id`+db.dialect.byteOrder()+` LIMIT ?`), func(rs *sql.Rows) error {
		var s pejling.ActivationSpell
		var group, typ string
		var start, end int64
		if err := rs.Scan(&s.PersonID, &s.Municipality, &group, &typ, &start, &end, &s.HoursPerWeek, &s.CVR, &s.InterventionID); err != nil {
			return err
		}
		s.Group, s.Type, s.Start, s.End = pejling.BenefitGroup(group), pejling.ActivationType(typ), pejling.Date(start), pejling.Date(end)
		h.Placements = append(h.Placements, s)
		return nil
	}, municipality, cvr, pejling.CompanyHistoryListLen)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	// A hire: an employment of the placed person starting from the placement's start to
	// HireWindowDays after its end. Counted once per employment spell, with the latest
	// placement before it.
	hires := `SELECT e.person_id, e.start_day, e.end_day, max(a.start_day) AS placed
		FROM employment_spells e JOIN activation_spells a ON a.person_id = e.person_id
		WHERE a.municipality = ? AND a.cvr = ? AND e.start_day >= a.start_day AND e.start_day <= a.end_day + ` +
		fmt.Sprint(pejling.HireWindowDays) + `
		GROUP BY e.person_id, e.start_day, e.end_day`
	if err := count("SELECT count(*) FROM ("+hires+") h", &h.HireCount); err != nil {
		return nil, err
	}
	err = query(ctx, tx, db.rebind(`SELECT h.person_id, h.start_day, h.end_day, a.activation_type, a.start_day, a.end_day
		FROM (`+hires+`) h JOIN activation_spells a ON a.person_id = h.person_id AND a.start_day = h.placed
		AND a.municipality = ? AND a.cvr = ?
		ORDER BY h.start_day DESC, h.person_id`+db.dialect.byteOrder()+`, a.activation_type LIMIT ?`), func(rs *sql.Rows) error {
		var x pejling.CompanyHire
		var start, pStart, pEnd int64
		var end sql.NullInt64
		var typ string
		if err := rs.Scan(&x.PersonID, &start, &end, &typ, &pStart, &pEnd); err != nil {
			return err
		}
		x.Start, x.End, x.PlacementType = pejling.Date(start), pejling.Forever, pejling.ActivationType(typ)
		if end.Valid {
			x.End = pejling.Date(end.Int64)
		}
		x.PlacementStart, x.PlacementEnd = pejling.Date(pStart), pejling.Date(pEnd)
		// Two placements of one type starting the same day at one company would repeat
		// the hire; keep the first.
		if n := len(h.Hires); n > 0 && h.Hires[n-1].PersonID == x.PersonID && h.Hires[n-1].Start == x.Start {
			return nil
		}
		h.Hires = append(h.Hires, x)
		return nil
	}, municipality, cvr, municipality, cvr, pejling.CompanyHistoryListLen)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return h, nil
}
