package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// Reservations of the placement bank's slots (migrations/0011_placement_bank.sql).
//
// A place is taken by a confirmed reservation, and by a held one until its expires_at.
// Counting by time makes a held reservation stop counting the moment it lapses, whether
// or not anything has marked it expired yet; the marking (lazily when a reservation is
// read or its slot reserved, and by ExpireReservations) only records what the clock
// already says.
//
// Two case workers reserving the last place at once must not both get it. The count
// and the insert are one transaction that first takes the slot for itself: on
// PostgreSQL the slot's row lock (SELECT … FOR UPDATE), which the second transaction
// waits for and after which, at READ COMMITTED, it counts the first one's committed
// reservation; on SQLite the database's write lock, which the connection string takes
// at BEGIN (_txlock=immediate, sqldb.go) and which the second writer waits for under
// the busy timeout. The second one then finds no free place and gets an ECONFLICT
// error.

// MaxHold is the longest a reservation may be held unconfirmed.
const MaxHold = 30 * 24 * time.Hour

// justReserved is how recent the last reservation of a full slot must be for the
// answer to say a colleague has just taken it.
const justReserved = 5 * time.Minute

const reservationColumns = "id, municipality, slot_id, person_id, reserved_by, reserved_at, expires_at, status, confirmed_at, ended_at"

func scanReservation(row interface{ Scan(...any) error }) (*pejling.Reservation, error) {
	var r pejling.Reservation
	var reserved, expires, status string
	var confirmed, ended sql.NullString
	if err := row.Scan(&r.ID, &r.Municipality, &r.SlotID, &r.PersonID, &r.ReservedBy, &reserved, &expires, &status, &confirmed, &ended); err != nil {
		return nil, err
	}
	r.Status = pejling.ReservationStatus(status)
	var err error
	for _, t := range []struct {
		dst *time.Time
		src sql.NullString
	}{{&r.ReservedAt, sql.NullString{String: reserved, Valid: true}}, {&r.ExpiresAt, sql.NullString{String: expires, Valid: true}}, {&r.ConfirmedAt, confirmed}, {&r.EndedAt, ended}} {
		if t.src.Valid {
			if *t.dst, err = parseTime(t.src.String); err != nil {
				return nil, err
			}
		}
	}
	return &r, nil
}

// takenPlaces returns how many places of the slot reservations take at now, and when
// the latest of them was made.
func (db *DB) takenPlaces(ctx context.Context, q rowQuerier, slotID int64, now time.Time) (int, time.Time, error) {
	var n int
	var latest sql.NullString
	err := q.QueryRowContext(ctx, db.rebind(`SELECT count(*), max(reserved_at) FROM placement_reservations
		WHERE slot_id = ? AND (status = 'confirmed' OR (status = 'held' AND expires_at > ?))`), slotID, timeText(now)).Scan(&n, &latest)
	if err != nil || !latest.Valid {
		return n, time.Time{}, err
	}
	t, err := parseTime(latest.String)
	return n, t, err
}

// ReserveSlot reserves a place of the slot with the id in the municipality for the
// person, on behalf of the user, at now, held unconfirmed for hold (at most MaxHold).
// It is refused with an ECONFLICT error when the slot is not active on now's day, when
// the person already holds a place of it, and when no place is free — also when the
// last one was taken a moment before by a colleague's simultaneous reservation;
// ENOTFOUND when there is no such slot in the municipality.
func (db *DB) ReserveSlot(ctx context.Context, municipality int, slotID int64, personID string, userID int64, now time.Time, hold time.Duration) (*pejling.Reservation, error) {
	what := fmt.Sprintf("reserve slot %d", slotID)
	switch {
	case municipality < 1 || municipality > 9999:
		return nil, pejling.Errorf(pejling.EINVALID, "%s: municipality code %d out of range", what, municipality)
	case userID <= 0:
		return nil, pejling.Errorf(pejling.EINVALID, "%s: a reservation needs the user who makes it", what)
	case hold <= 0 || hold > MaxHold:
		return nil, pejling.Errorf(pejling.EINVALID, "a reservation is held for more than nothing and at most %d days, not %s", MaxHold/(24*time.Hour), hold)
	case now.IsZero():
		return nil, pejling.Errorf(pejling.EINVALID, "%s: the time of the reservation is missing", what)
	}
	if err := pejling.ValidPersonID(personID); err != nil {
		return nil, err
	}
	now = now.UTC().Truncate(time.Microsecond)

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	slot, err := db.findSlot(ctx, tx, municipality, slotID, true)
	if err != nil {
		return nil, err
	}
	switch day := pejling.UTCDay(now); {
	case day < slot.ActiveFrom:
		return nil, pejling.Errorf(pejling.ECONFLICT, "the slot %q opens for reservations on %s", pejling.Clip(slot.Title), slot.ActiveFrom)
	case day > slot.ActiveTo:
		return nil, pejling.Errorf(pejling.ECONFLICT, "the slot %q ended on %s and can no longer be reserved", pejling.Clip(slot.Title), slot.ActiveTo)
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE placement_reservations SET status = 'expired', ended_at = expires_at
		WHERE slot_id = ? AND status = 'held' AND expires_at <= ?`), slotID, timeText(now)); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var held int64
	var status string
	err = tx.QueryRowContext(ctx, db.rebind(`SELECT id, status FROM placement_reservations
		WHERE slot_id = ? AND person_id = ? AND status IN ('held', 'confirmed')`), slotID, personID).Scan(&held, &status)
	if err == nil {
		return nil, pejling.Errorf(pejling.ECONFLICT, "person %s already has a place of this slot (reservation %d, %s)", personID, held, status)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	taken, latest, err := db.takenPlaces(ctx, tx, slotID, now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if taken >= slot.Capacity {
		if now.Sub(latest) < justReserved {
			return nil, pejling.Errorf(pejling.ECONFLICT, "no free place: the last place was just reserved by a colleague")
		}
		if slot.Capacity == 1 {
			return nil, pejling.Errorf(pejling.ECONFLICT, "no free place: the slot's one place is reserved")
		}
		return nil, pejling.Errorf(pejling.ECONFLICT, "no free place: all %d places of the slot are reserved", slot.Capacity)
	}
	r := &pejling.Reservation{Municipality: municipality, SlotID: slotID, PersonID: personID, ReservedBy: userID,
		ReservedAt: now, ExpiresAt: now.Add(hold), Status: pejling.ReservationHeld}
	err = tx.QueryRowContext(ctx, db.rebind(`INSERT INTO placement_reservations
		(municipality, slot_id, person_id, reserved_by, reserved_at, expires_at, status) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		municipality, slotID, personID, userID, timeText(r.ReservedAt), timeText(r.ExpiresAt), string(r.Status)).Scan(&r.ID)
	if isUniqueViolation(err) {
		return nil, pejling.Errorf(pejling.ECONFLICT, "person %s already has a place of this slot", personID)
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return r, nil
}

// ConfirmReservation confirms the held reservation with the id in the municipality at
// now. A reservation that has expired is marked so and refused with an ECONFLICT error
// saying when it expired; so is one released or confirmed already.
func (db *DB) ConfirmReservation(ctx context.Context, municipality int, id int64, now time.Time) (*pejling.Reservation, error) {
	return db.changeReservation(ctx, municipality, id, now, "confirm", func(r *pejling.Reservation) error {
		if r.Status == pejling.ReservationConfirmed {
			return pejling.Errorf(pejling.ECONFLICT, "reservation %d was confirmed already, at %s", r.ID, r.ConfirmedAt.Format(time.RFC3339))
		}
		r.Status, r.ConfirmedAt = pejling.ReservationConfirmed, now
		return nil
	})
}

// ReleaseReservation gives up the held or confirmed reservation with the id in the
// municipality at now, freeing its place. One that has expired or been released is
// refused with an ECONFLICT error.
func (db *DB) ReleaseReservation(ctx context.Context, municipality int, id int64, now time.Time) (*pejling.Reservation, error) {
	return db.changeReservation(ctx, municipality, id, now, "release", func(r *pejling.Reservation) error {
		r.Status, r.EndedAt = pejling.ReservationReleased, now
		return nil
	})
}

// changeReservation runs change on the live reservation with the id, locked, and
// stores its status and times. An expired one is marked expired and refused.
func (db *DB) changeReservation(ctx context.Context, municipality int, id int64, now time.Time, verb string, change func(*pejling.Reservation) error) (*pejling.Reservation, error) {
	what := fmt.Sprintf("%s reservation %d", verb, id)
	if now.IsZero() {
		return nil, pejling.Errorf(pejling.EINVALID, "%s: the time is missing", what)
	}
	now = now.UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	q := "SELECT " + reservationColumns + " FROM placement_reservations WHERE id = ? AND municipality = ?"
	if db.Postgres() {
		q += " FOR UPDATE"
	}
	r, err := scanReservation(tx.QueryRowContext(ctx, db.rebind(q), id, municipality))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no reservation %d in municipality %d", id, municipality)
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	switch {
	case r.Status == pejling.ReservationHeld && !now.Before(r.ExpiresAt):
		if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE placement_reservations SET status = 'expired', ended_at = expires_at
			WHERE id = ? AND status = 'held'`), id); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if err := tx.Commit(); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return nil, expiredError(r)
	case r.Status == pejling.ReservationExpired:
		return nil, expiredError(r)
	case r.Status == pejling.ReservationReleased:
		return nil, pejling.Errorf(pejling.ECONFLICT, "reservation %d was released at %s and holds no place: reserve again", r.ID, r.EndedAt.Format(time.RFC3339))
	}
	if err := change(r); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE placement_reservations SET status = ?, confirmed_at = ?, ended_at = ? WHERE id = ?`),
		string(r.Status), nullTime(r.ConfirmedAt), nullTime(r.EndedAt), id); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return r, nil
}

func expiredError(r *pejling.Reservation) error {
	return pejling.Errorf(pejling.ECONFLICT, "the reservation expired at %s without being confirmed — reserve again", r.ExpiresAt.Format("2006-01-02 15:04 MST"))
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return timeText(t)
}

// ExpireReservations marks expired every held reservation whose expires_at is not
// after now, in all municipalities, and returns how many.
func (db *DB) ExpireReservations(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.db.ExecContext(ctx, db.rebind(`UPDATE placement_reservations SET status = 'expired', ended_at = expires_at
		WHERE status = 'held' AND expires_at <= ?`), timeText(now))
	if err != nil {
		return 0, fmt.Errorf("expire reservations: %w", err)
	}
	return res.RowsAffected()
}

// FindReservation returns the reservation with the id in the municipality, or an
// ENOTFOUND error. A held one found past its expiry is marked expired first.
func (db *DB) FindReservation(ctx context.Context, municipality int, id int64) (*pejling.Reservation, error) {
	rs, err := db.FindReservations(ctx, ReservationFilter{Municipality: municipality, ID: id})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no reservation %d in municipality %d", id, municipality)
	}
	return &rs[0], nil
}

// ReservationFilter selects reservations for FindReservations. Municipality is
// required; the zero value of every other field selects all.
type ReservationFilter struct {
	Municipality int
	ID           int64
	SlotID       int64
	PersonID     string
	Status       pejling.ReservationStatus
	// At is the time expiry is judged at; zero means now (DB.Now).
	At time.Time
}

// FindReservations returns the reservations f selects, oldest first. Held ones found
// past their expiry are marked expired in the store and returned so; Status
// selects by that status.
func (db *DB) FindReservations(ctx context.Context, f ReservationFilter) ([]pejling.Reservation, error) {
	const what = "find reservations"
	if f.Municipality < 1 || f.Municipality > 9999 {
		return nil, pejling.Errorf(pejling.EINVALID, "%s: municipality code %d out of range", what, f.Municipality)
	}
	if f.Status != "" && !f.Status.Valid() {
		return nil, pejling.Errorf(pejling.EINVALID, "unknown reservation status %q", pejling.Clip(string(f.Status)))
	}
	at := f.At
	if at.IsZero() {
		at = db.Now()
	}
	at = at.UTC().Truncate(time.Microsecond)
	where, args := []string{"municipality = ?"}, []any{f.Municipality}
	if f.ID != 0 {
		where, args = append(where, "id = ?"), append(args, f.ID)
	}
	if f.SlotID != 0 {
		where, args = append(where, "slot_id = ?"), append(args, f.SlotID)
	}
	if f.PersonID != "" {
		where, args = append(where, "person_id = ?"), append(args, storable(f.PersonID))
	}
	rows, err := db.db.QueryContext(ctx, db.rebind("SELECT "+reservationColumns+" FROM placement_reservations WHERE "+
		strings.Join(where, " AND ")+" ORDER BY reserved_at, id"), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	rs := []pejling.Reservation{}
	var lapsed []any
	for rows.Next() {
		r, err := scanReservation(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if r.Status == pejling.ReservationHeld && !at.Before(r.ExpiresAt) {
			r.Status, r.EndedAt = pejling.ReservationExpired, r.ExpiresAt
			lapsed = append(lapsed, r.ID)
		}
		if f.Status == "" || r.Status == f.Status {
			rs = append(rs, *r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows.Close()
	if len(lapsed) > 0 {
		// Only what has lapsed is written, and only if it is still held: a confirmation
		// that came first stands.
		if _, err := db.db.ExecContext(ctx, db.rebind(`UPDATE placement_reservations SET status = 'expired', ended_at = expires_at
			WHERE status = 'held' AND expires_at <= ? AND id IN (`+placeholders(len(lapsed))+`)`),
			append([]any{timeText(at)}, lapsed...)...); err != nil {
			return nil, fmt.Errorf("%s: mark expired: %w", what, err)
		}
	}
	return rs, nil
}
