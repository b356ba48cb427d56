package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// Job orders of the employer service (migrations/0010_job_orders.sql).
//
// The split: the flow rules are employer's (NewOrder, Transition); the store keeps the
// orders they make. CreateJobOrder takes an order as employer.NewOrder returns it and
// checks it by making it again; UpdateJobOrder stores a changed order and its new
// events if the stored version is still the one the change was based on, and does not
// judge whether the change was allowed — employer.ChangeOrder applies Transition and
// then stores. Every read and write names the order's municipality: an order of
// another municipality is not found.

// JobOrderFilter selects job orders for FindJobOrders. Municipality is required; the
// other fields, when set, narrow the selection.
type JobOrderFilter struct {
	Municipality int
	Status       pejling.OrderStatus // one status
	Open         bool                // only orders not filled or closed
	Owner        int64
	Team         string
	CVR          string
	Limit        int // at most this many (0: all), newest first
}

const jobOrderColumns = `id, municipality, cvr, title, kind, scheme, channel, owner_id, team, status,
	closing_reason, closing_note, created_at, acknowledged_at, candidates_sent_at, closed_at, touched_at, version,
	occupation, skills, min_education, driving_licence, address, lat, lon, hours_min, hours_max`

// CreateJobOrder stores the new order o, as employer.NewOrder made it, with its created
// event, and sets o.ID. Its times are kept to the microsecond in UTC, and o's are set
// so. The order is checked again through employer.NewOrder (EINVALID naming the
// field); its owner must be a user of its municipality.
func (db *DB) CreateJobOrder(ctx context.Context, o *pejling.JobOrder) error {
	const what = "create job order"
	n := normalizeOrder(*o)
	if err := checkNewOrder(n); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := db.checkOwner(ctx, tx, n.Owner, n.Municipality); err != nil {
		return err
	}
	var id int64
	err = tx.QueryRowContext(ctx, db.rebind(`INSERT INTO job_orders (municipality, cvr, title, kind, scheme, channel, owner_id, team,
		status, closing_reason, closing_note, created_at, acknowledged_at, candidates_sent_at, closed_at, touched_at, version,
		occupation, skills, min_education, driving_licence, address, lat, lon, hours_min, hours_max)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		slices.Concat([]any{n.Municipality, n.CVR, n.Title, string(n.Kind), string(n.Scheme), string(n.Channel), n.Owner, n.Team,
			string(n.Status), string(n.ClosingReason), n.ClosingNote, timeText(n.CreatedAt), nullOrderTime(n.AcknowledgedAt),
			nullOrderTime(n.CandidatesSentAt), nullOrderTime(n.ClosedAt), timeText(n.TouchedAt), n.Version}, requirementArgs(n.Requirements))...).Scan(&id)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := db.insertOrderEvents(ctx, tx, id, 0, n.History); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	n.ID = id
	*o = n
	return nil
}

// checkNewOrder refuses an order that is not as employer.NewOrder makes it: it makes
// the order again from the fields NewOrder reads, the created event's actor and time,
// and compares.
func checkNewOrder(o pejling.JobOrder) error {
	if o.Municipality < 1 || o.Municipality > 9999 {
		return pejling.Errorf(pejling.EINVALID, "municipality code %d out of range", o.Municipality)
	}
	if err := checkOrderText(o); err != nil {
		return err
	}
	if len(o.History) != 1 || o.History[0].Type != pejling.OrderCreated {
		return pejling.Errorf(pejling.EINVALID, "a new order has exactly its created event (employer.NewOrder)")
	}
	if o.Owner == 0 {
		return pejling.Errorf(pejling.EINVALID, "the order needs an owner")
	}
	ev := o.History[0]
	want, err := employer.NewOrder(o, ev.Actor, ev.At)
	if err != nil {
		return err
	}
	switch {
	case o.Status != want.Status:
		return pejling.Errorf(pejling.EINVALID, "a new order has status new, not %q", pejling.Clip(string(o.Status)))
	case o.Version != want.Version:
		return pejling.Errorf(pejling.EINVALID, "a new order has version 1, not %d", o.Version)
	case o.ClosingReason != "" || o.ClosingNote != "":
		return pejling.Errorf(pejling.EINVALID, "a new order has no closing reason")
	case !o.CreatedAt.Equal(want.CreatedAt) || !o.TouchedAt.Equal(want.TouchedAt) ||
		!o.AcknowledgedAt.IsZero() || !o.CandidatesSentAt.IsZero() || !o.ClosedAt.IsZero():
		return pejling.Errorf(pejling.EINVALID, "a new order's times are those of its created event")
	case ev.Reason != "" || ev.Note != "":
		return pejling.Errorf(pejling.EINVALID, "the created event has no reason or note")
	}
	return nil
}

// checkOrderText refuses text the store must not keep: invalid UTF-8 or NUL, which
// PostgreSQL cannot store and SQLite would keep unlike PostgreSQL, and a team name
// longer than a title. The other bounds are employer's.
func checkOrderText(o pejling.JobOrder) error {
	for _, s := range []struct{ name, v string }{{"title", o.Title}, {"team", o.Team}, {"closing note", o.ClosingNote}} {
		if storable(s.v) != s.v {
			return pejling.Errorf(pejling.EINVALID, "the %s has a NUL or is not valid UTF-8", s.name)
		}
	}
	for _, e := range o.History {
		if storable(e.Note) != e.Note {
			return pejling.Errorf(pejling.EINVALID, "a note has a NUL or is not valid UTF-8")
		}
	}
	if len([]rune(o.Team)) > employer.MaxOrderTitleLen {
		return pejling.Errorf(pejling.EINVALID, "the team name is longer than %d characters", employer.MaxOrderTitleLen)
	}
	return nil
}

// checkOwner refuses an owner who is not a user of the order's municipality.
func (db *DB) checkOwner(ctx context.Context, tx *sql.Tx, owner int64, municipality int) error {
	var m int
	err := tx.QueryRowContext(ctx, db.rebind("SELECT municipality FROM users WHERE id = ?"), owner).Scan(&m)
	if errors.Is(err, sql.ErrNoRows) {
		return pejling.Errorf(pejling.EINVALID, "owner %d is not a user", owner)
	} else if err != nil {
		return fmt.Errorf("check the order's owner: %w", err)
	}
	if m != municipality {
		return pejling.Errorf(pejling.EINVALID, "owner %d is not a user of municipality %d", owner, municipality)
	}
	return nil
}

// insertOrderEvents stores events as the events after the first stored ones of the
// order id.
func (db *DB) insertOrderEvents(ctx context.Context, tx *sql.Tx, id int64, stored int, events []pejling.OrderEvent) error {
	ins := db.rebind(`INSERT INTO job_order_events (order_id, seq, type, at, actor_id, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?)`)
	for i, e := range events {
		_, err := tx.ExecContext(ctx, ins, id, stored+i+1, string(e.Type), timeText(e.At), e.Actor, string(e.Reason), e.Note)
		switch {
		case isForeignKeyViolation(err):
			return pejling.Errorf(pejling.EINVALID, "the %s event's user %d is not a user", e.Type, e.Actor)
		case isUniqueViolation(err):
			return pejling.Errorf(pejling.ECONFLICT, "the order was changed by someone else; reload and try again")
		case err != nil:
			return fmt.Errorf("store the events of job order %d: %w", id, err)
		}
	}
	return nil
}

// UpdateJobOrder stores next, a change of a stored order (employer.Transition's
// result), with the events its history has beyond expectedVersion, in one
// transaction, if the stored order's version is still expectedVersion; otherwise it
// changes nothing and fails with ECONFLICT. It does not judge whether the change was
// allowed (employer.ChangeOrder does), but refuses with EINVALID a next that is not a
// well-formed change: a version other than one event per change, unknown statuses,
// events or reasons, events out of time order, or a changed CVR, title, kind, scheme,
// channel, owner, team or creation time (no event changes those). An order of
// another municipality, or none, is ENOTFOUND.
func (db *DB) UpdateJobOrder(ctx context.Context, next pejling.JobOrder, expectedVersion int) error {
	what := fmt.Sprintf("update job order %d", next.ID)
	n := normalizeOrder(next)
	if err := checkChange(n, expectedVersion); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	cur, err := scanJobOrder(tx.QueryRowContext(ctx, db.rebind("SELECT "+jobOrderColumns+" FROM job_orders WHERE id = ? AND municipality = ?"), n.ID, n.Municipality))
	if errors.Is(err, sql.ErrNoRows) {
		return pejling.Errorf(pejling.ENOTFOUND, "no job order %d in municipality %d", n.ID, n.Municipality)
	} else if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if cur.Version != expectedVersion {
		return changedBySomeoneElse(cur.Version)
	}
	if err := checkFixed(cur, n); err != nil {
		return err
	}
	if !requirementsEqual(cur.Requirements, n.Requirements) &&
		!slices.ContainsFunc(n.History[expectedVersion:], func(e pejling.OrderEvent) bool { return e.Type == pejling.OrderEdit }) {
		return pejling.Errorf(pejling.EINVALID, "the order's requirements change only with an edited event (employer.EditOrder)")
	}
	if before := n.History[expectedVersion].At; before.Before(cur.TouchedAt) {
		return pejling.Errorf(pejling.EINVALID, "the change is dated %s, before the order's latest event (%s)", before.Format(time.RFC3339), cur.TouchedAt.Format(time.RFC3339))
	}
	// The version in the WHERE is the lock: of two changes based on the same version,
	// the second finds no row (PostgreSQL re-reads the row after the first commits;
	// SQLite's write lock lets one transaction at a time in).
	res, err := tx.ExecContext(ctx, db.rebind(`UPDATE job_orders SET status = ?, closing_reason = ?, closing_note = ?,
		acknowledged_at = ?, candidates_sent_at = ?, closed_at = ?, touched_at = ?, version = ?,
		occupation = ?, skills = ?, min_education = ?, driving_licence = ?, address = ?, lat = ?, lon = ?, hours_min = ?, hours_max = ?
		WHERE id = ? AND municipality = ? AND version = ?`),
		slices.Concat([]any{string(n.Status), string(n.ClosingReason), n.ClosingNote, nullOrderTime(n.AcknowledgedAt), nullOrderTime(n.CandidatesSentAt),
			nullOrderTime(n.ClosedAt), timeText(n.TouchedAt), n.Version}, requirementArgs(n.Requirements), []any{n.ID, n.Municipality, expectedVersion})...)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if k, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	} else if k != 1 {
		var v int
		if err := tx.QueryRowContext(ctx, db.rebind("SELECT version FROM job_orders WHERE id = ?"), n.ID).Scan(&v); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return changedBySomeoneElse(v)
	}
	if err := db.insertOrderEvents(ctx, tx, n.ID, expectedVersion, n.History[expectedVersion:]); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func changedBySomeoneElse(version int) error {
	return pejling.Errorf(pejling.ECONFLICT, "the order was changed by someone else (version %d); reload and try again", version)
}

// checkChange refuses a next that is not a well-formed change of an order at version
// expected, whatever is stored.
func checkChange(n pejling.JobOrder, expected int) error {
	switch {
	case n.ID <= 0:
		return pejling.Errorf(pejling.EINVALID, "the order has no id: create it first")
	case expected < 1:
		return pejling.Errorf(pejling.EINVALID, "version %d is not a stored order's version", expected)
	case n.Version <= expected:
		return pejling.Errorf(pejling.EINVALID, "the change must raise the order's version beyond %d", expected)
	case len(n.History) != n.Version:
		return pejling.Errorf(pejling.EINVALID, "the order has %d events for version %d: one event per change", len(n.History), n.Version)
	case !n.Status.Valid():
		return pejling.Errorf(pejling.EINVALID, "unknown order status %q", pejling.Clip(string(n.Status)))
	case n.ClosingReason != "" && !n.ClosingReason.Valid():
		return pejling.Errorf(pejling.EINVALID, "unknown closing reason %q", pejling.Clip(string(n.ClosingReason)))
	case len([]rune(n.ClosingNote)) > employer.MaxOrderNoteLen:
		return pejling.Errorf(pejling.EINVALID, "the closing note is longer than %d characters", employer.MaxOrderNoteLen)
	case n.Status.Final() != !n.ClosedAt.IsZero():
		return pejling.Errorf(pejling.EINVALID, "an order has a closing time exactly when it is filled or closed")
	}
	if err := checkOrderText(n); err != nil {
		return err
	}
	if err := n.Requirements.Validate(); err != nil {
		return err
	}
	prev := n.History[expected-1].At
	for _, e := range n.History[expected:] {
		switch {
		case e.Type == pejling.OrderCreated:
			return pejling.Errorf(pejling.EINVALID, "an order is created once: a change cannot add a created event")
		case !e.Type.Valid():
			return pejling.Errorf(pejling.EINVALID, "unknown order event %q", pejling.Clip(string(e.Type)))
		case e.Reason != "" && !e.Reason.Valid():
			return pejling.Errorf(pejling.EINVALID, "unknown closing reason %q", pejling.Clip(string(e.Reason)))
		case e.Actor <= 0:
			return pejling.Errorf(pejling.EINVALID, "the %s event has no user", e.Type)
		case len([]rune(e.Note)) > employer.MaxOrderNoteLen:
			return pejling.Errorf(pejling.EINVALID, "the note is longer than %d characters", employer.MaxOrderNoteLen)
		case e.At.Before(prev):
			return pejling.Errorf(pejling.EINVALID, "the order's events are not in time order")
		}
		prev = e.At
	}
	if !n.TouchedAt.Equal(prev) {
		return pejling.Errorf(pejling.EINVALID, "the order's touched time is not that of its latest event")
	}
	return nil
}

// checkFixed refuses a change of what no event changes.
func checkFixed(cur, n pejling.JobOrder) error {
	var field string
	switch {
	case cur.CVR != n.CVR:
		field = "CVR number"
	case cur.Title != n.Title:
		field = "title"
	case cur.Kind != n.Kind:
		field = "kind"
	case cur.Scheme != n.Scheme:
		field = "scheme"
	case cur.Channel != n.Channel:
		field = "channel"
	case cur.Owner != n.Owner:
		field = "owner"
	case cur.Team != n.Team:
		field = "team"
	case !cur.CreatedAt.Equal(n.CreatedAt):
		field = "creation time"
	default:
		return nil
	}
	return pejling.Errorf(pejling.EINVALID, "the order's %s cannot be changed", field)
}

// FindJobOrder returns the order id of the municipality with its history, or
// ENOTFOUND (also for an order of another municipality).
func (db *DB) FindJobOrder(ctx context.Context, municipality int, id int64) (pejling.JobOrder, error) {
	os, err := db.findJobOrders(ctx, "id = ? AND municipality = ?", []any{id, municipality}, "")
	if err != nil {
		return pejling.JobOrder{}, fmt.Errorf("find job order %d: %w", id, err)
	}
	if len(os) == 0 {
		return pejling.JobOrder{}, pejling.Errorf(pejling.ENOTFOUND, "no job order %d in municipality %d", id, municipality)
	}
	return os[0], nil
}

// FindJobOrders returns the orders f selects, with their histories, newest first.
func (db *DB) FindJobOrders(ctx context.Context, f JobOrderFilter) ([]pejling.JobOrder, error) {
	switch {
	case f.Municipality < 1 || f.Municipality > 9999:
		return nil, pejling.Errorf(pejling.EINVALID, "job orders are listed for one municipality, not %d", f.Municipality)
	case f.Status != "" && !f.Status.Valid():
		return nil, pejling.Errorf(pejling.EINVALID, "unknown order status %q", pejling.Clip(string(f.Status)))
	case f.Limit < 0:
		return nil, pejling.Errorf(pejling.EINVALID, "limit %d is negative", f.Limit)
	}
	where, args := []string{"municipality = ?"}, []any{f.Municipality}
	if f.Status != "" {
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	if f.Open {
		where = append(where, "closed_at IS NULL")
	}
	if f.Owner != 0 {
		where, args = append(where, "owner_id = ?"), append(args, f.Owner)
	}
	if f.Team != "" {
		where, args = append(where, "team = ?"), append(args, f.Team)
	}
	if f.CVR != "" {
		where, args = append(where, "cvr = ?"), append(args, f.CVR)
	}
	limit := ""
	if f.Limit > 0 {
		limit = fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	os, err := db.findJobOrders(ctx, strings.Join(where, " AND "), args, limit)
	if err != nil {
		return nil, fmt.Errorf("list job orders: %w", err)
	}
	return os, nil
}

// findJobOrders reads the orders where selects, newest first, limited by limit (a
// LIMIT clause or ""), and their events, in one snapshot.
func (db *DB) findJobOrders(ctx context.Context, where string, args []any, limit string) ([]pejling.JobOrder, error) {
	tx, err := db.db.BeginTx(ctx, db.dialect.readTx())
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	sel := "SELECT id FROM job_orders WHERE " + where + " ORDER BY created_at DESC, id DESC" + limit
	rows, err := tx.QueryContext(ctx, db.rebind("SELECT "+jobOrderColumns+" FROM job_orders WHERE id IN ("+sel+") ORDER BY created_at DESC, id DESC"), args...)
	if err != nil {
		return nil, err
	}
	os := []pejling.JobOrder{}
	at := map[int64]int{}
	for rows.Next() {
		o, err := scanJobOrder(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		at[o.ID] = len(os)
		os = append(os, o)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return os, nil
	}
	rows, err = tx.QueryContext(ctx, db.rebind(`SELECT order_id, seq, type, at, actor_id, reason, note FROM job_order_events
		WHERE order_id IN (`+sel+`) ORDER BY order_id, seq`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var seq int
		var typ, t, reason string
		var e pejling.OrderEvent
		if err := rows.Scan(&id, &seq, &typ, &t, &e.Actor, &reason, &e.Note); err != nil {
			return nil, err
		}
		e.Type, e.Reason = pejling.OrderEventType(typ), pejling.ClosingReason(reason)
		if e.At, err = parseTime(t); err != nil {
			return nil, err
		}
		i, ok := at[id]
		if !ok || seq != len(os[i].History)+1 {
			return nil, fmt.Errorf("job order %d: stored event %d out of sequence", id, seq)
		}
		os[i].History = append(os[i].History, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, o := range os {
		if len(o.History) != o.Version {
			return nil, fmt.Errorf("job order %d: %d stored events for version %d", o.ID, len(o.History), o.Version)
		}
	}
	return os, nil
}

// scanJobOrder reads a row of jobOrderColumns, without the history, and refuses a
// stored status, kind or channel the program does not know.
func scanJobOrder(row interface{ Scan(...any) error }) (pejling.JobOrder, error) {
	var o pejling.JobOrder
	var kind, scheme, channel, status, reason, created, touched, skills string
	var acked, sent, closed sql.NullString
	var lat, lon sql.NullFloat64
	var licence int
	r := &o.Requirements
	if err := row.Scan(&o.ID, &o.Municipality, &o.CVR, &o.Title, &kind, &scheme, &channel, &o.Owner, &o.Team, &status,
		&reason, &o.ClosingNote, &created, &acked, &sent, &closed, &touched, &o.Version,
		&r.Occupation, &skills, &r.MinEducation, &licence, &r.Address, &lat, &lon, &r.Hours.Min, &r.Hours.Max); err != nil {
		return o, err
	}
	if skills != "" {
		r.Skills = strings.Split(skills, "\n")
	}
	r.DrivingLicence = licence != 0
	if lat.Valid && lon.Valid {
		r.Location, r.HasLocation = pejling.LatLon{Lat: lat.Float64, Lon: lon.Float64}, true
	}
	o.Kind, o.Scheme, o.Channel = pejling.OrderKind(kind), pejling.SupportScheme(scheme), pejling.OrderChannel(channel)
	o.Status, o.ClosingReason = pejling.OrderStatus(status), pejling.ClosingReason(reason)
	if !o.Kind.Valid() || !o.Channel.Valid() || !o.Status.Valid() {
		return o, fmt.Errorf("job order %d: stored kind %q, channel %q or status %q unknown", o.ID, kind, channel, status)
	}
	var err error
	if o.CreatedAt, err = parseTime(created); err != nil {
		return o, err
	}
	if o.TouchedAt, err = parseTime(touched); err != nil {
		return o, err
	}
	for _, t := range []struct {
		s  sql.NullString
		to *time.Time
	}{{acked, &o.AcknowledgedAt}, {sent, &o.CandidatesSentAt}, {closed, &o.ClosedAt}} {
		if t.s.Valid {
			if *t.to, err = parseTime(t.s.String); err != nil {
				return o, err
			}
		}
	}
	return o, nil
}

// requirementArgs are the values of the requirement columns, in jobOrderColumns' order.
func requirementArgs(r pejling.OrderRequirements) []any {
	var lat, lon any
	if r.HasLocation {
		lat, lon = r.Location.Lat, r.Location.Lon
	}
	return []any{r.Occupation, strings.Join(r.Skills, "\n"), r.MinEducation, boolInt(r.DrivingLicence), r.Address, lat, lon, r.Hours.Min, r.Hours.Max}
}

// requirementsEqual reports whether a and b ask the same.
func requirementsEqual(a, b pejling.OrderRequirements) bool {
	return a.Occupation == b.Occupation && slices.Equal(a.Skills, b.Skills) && a.MinEducation == b.MinEducation &&
		a.DrivingLicence == b.DrivingLicence && a.Address == b.Address && a.Location == b.Location &&
		a.HasLocation == b.HasLocation && a.Hours == b.Hours
}

// normalizeOrder returns o with its times as the store keeps them: UTC, to the
// microsecond.
func normalizeOrder(o pejling.JobOrder) pejling.JobOrder {
	for _, t := range []*time.Time{&o.CreatedAt, &o.AcknowledgedAt, &o.CandidatesSentAt, &o.ClosedAt, &o.TouchedAt} {
		*t = storedTime(*t)
	}
	h := make([]pejling.OrderEvent, len(o.History))
	for i, e := range o.History {
		e.At = storedTime(e.At)
		h[i] = e
	}
	o.History = h
	return o
}

func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// nullOrderTime is t as stored: NULL when zero.
func nullOrderTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timeText(t)
}
