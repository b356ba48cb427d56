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

// Company placements (migrations/0014_placements.sql).
//
// The split is that of job orders: the rules are employer's (PlacementPolicy.New,
// Approve, FollowUp, Decide, EndEarly, Cancel, RecordOutcome); the store keeps what they
// make. UpdatePlacement stores a changed placement, with its new follow-ups, if the
// stored version is still the one the change was based on, and refuses changes of the
// fields that are fixed at creation. Every read and write names the municipality: a
// placement of another municipality is not found.

const placementColumns = `id, municipality, person_id, placement_type, cvr, start_day, end_day, hours_per_week,
	benefit_group, intervention_id, slot_id, reservation_id, status, needs_approval, approved_by, approved_at,
	ended_on, reason, decision, decided_on, decided_by, outcome, outcome_source, outcome_by, created_by,
	created_at, updated_at, version`

// MaxPlacementList is the most placements FindPlacements returns.
const MaxPlacementList = 5000

// CreatePlacement stores the new placement p (as employer.PlacementPolicy.New made it)
// and sets p.ID and p.Version. With a ReservationID, the reservation must be a confirmed
// one of the same municipality and person, whose slot's company and type p keeps; a
// reservation becomes at most one placement (a second one is refused with ECONFLICT).
func (db *DB) CreatePlacement(ctx context.Context, p *pejling.Placement) error {
	const what = "create placement"
	if err := p.Validate(); err != nil {
		return err
	}
	if p.ID != 0 || p.Version != 0 || len(p.FollowUps) != 0 {
		return pejling.Errorf(pejling.EINVALID, "%s: a new placement has no id, version or follow-ups", what)
	}
	if p.Status != pejling.PlacementPendingApproval && p.Status != pejling.PlacementPlanned {
		return pejling.Errorf(pejling.EINVALID, "%s: a new placement is pending approval or planned, not %s", what, p.Status)
	}
	if p.CreatedBy == 0 {
		return pejling.Errorf(pejling.EINVALID, "%s: the user who makes it is missing", what)
	}
	now := p.CreatedAt
	if now.IsZero() {
		now = db.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	p.CreatedAt, p.UpdatedAt = now, now
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if p.ReservationID != 0 {
		if err := db.checkReservationForPlacement(ctx, tx, p); err != nil {
			return err
		}
	}
	err = tx.QueryRowContext(ctx, db.rebind(`INSERT INTO placements (municipality, person_id, placement_type, cvr,
		start_day, end_day, hours_per_week, benefit_group, intervention_id, slot_id, reservation_id, status,
		needs_approval, reason, decision, outcome, outcome_source, created_by, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', ?, ?, ?, 1) RETURNING id`),
		p.Municipality, p.PersonID, string(p.Type), p.CVR, int64(p.Start), int64(p.End), p.HoursPerWeek,
		string(p.Group), p.InterventionID, nullID(p.SlotID), nullID(p.ReservationID), string(p.Status),
		boolInt(p.NeedsApproval), p.CreatedBy, timeText(now), timeText(now)).Scan(&p.ID)
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "reservation %d has already become a placement", p.ReservationID)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		if isUniqueViolation(err) {
			return pejling.Errorf(pejling.ECONFLICT, "reservation %d has already become a placement", p.ReservationID)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	p.Version = 1
	return nil
}

// checkReservationForPlacement checks that p's reservation is a confirmed one of p's
// municipality and person and that p keeps its slot's company and type.
func (db *DB) checkReservationForPlacement(ctx context.Context, tx *sql.Tx, p *pejling.Placement) error {
	var status, person, cvr, slotType string
	var slotID int64
	err := tx.QueryRowContext(ctx, db.rebind(`SELECT r.status, r.person_id, r.slot_id, s.cvr, s.slot_type
		FROM placement_reservations r JOIN placement_slots s ON s.id = r.slot_id
		WHERE r.id = ? AND r.municipality = ?`), p.ReservationID, p.Municipality).Scan(&status, &person, &slotID, &cvr, &slotType)
	if errors.Is(err, sql.ErrNoRows) {
		return pejling.Errorf(pejling.ENOTFOUND, "no reservation %d in municipality %d", p.ReservationID, p.Municipality)
	} else if err != nil {
		return fmt.Errorf("create placement: %w", err)
	}
	switch {
	case status != string(pejling.ReservationConfirmed):
		return pejling.Errorf(pejling.ECONFLICT, "reservation %d is %s: only a confirmed reservation becomes a placement", p.ReservationID, status)
	case person != p.PersonID:
		return pejling.Errorf(pejling.EINVALID, "person: reservation %d is of another person", p.ReservationID)
	case cvr != p.CVR:
		return pejling.Errorf(pejling.EINVALID, "CVR: the slot of reservation %d is at company %s", p.ReservationID, cvr)
	case p.SlotID != 0 && p.SlotID != slotID:
		return pejling.Errorf(pejling.EINVALID, "slot: reservation %d is of slot %d", p.ReservationID, slotID)
	case pejling.SlotType(slotType) == pejling.SlotPraktik && p.Type != pejling.Praktik,
		pejling.SlotType(slotType) == pejling.SlotWageSubsidy && p.Type == pejling.Praktik:
		return pejling.Errorf(pejling.EINVALID, "type: a %s slot does not give a %s placement", slotType, p.Type)
	}
	p.SlotID = slotID
	return nil
}

func nullDay(d pejling.Date) any {
	if d == 0 {
		return nil
	}
	return int64(d)
}

// UpdatePlacement stores next, a changed placement, and its follow-ups that have no ID
// yet, in one transaction, if the stored version is still expectedVersion; otherwise it
// fails with ECONFLICT. It raises next.Version to expectedVersion+1. The fields fixed at
// creation (person, type, company, days, hours, group, origin, creator) may not change.
func (db *DB) UpdatePlacement(ctx context.Context, next *pejling.Placement, expectedVersion int) error {
	what := fmt.Sprintf("update placement %d", next.ID)
	if err := next.Validate(); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	cur, err := scanPlacement(tx.QueryRowContext(ctx, db.rebind("SELECT "+placementColumns+" FROM placements WHERE id = ? AND municipality = ?"),
		next.ID, next.Municipality))
	if errors.Is(err, sql.ErrNoRows) {
		return pejling.Errorf(pejling.ENOTFOUND, "no placement %d in municipality %d", next.ID, next.Municipality)
	} else if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if cur.Version != expectedVersion {
		return placementChanged(cur.Version)
	}
	if cur.PersonID != next.PersonID || cur.Type != next.Type || cur.CVR != next.CVR || cur.Start != next.Start ||
		cur.End != next.End || cur.HoursPerWeek != next.HoursPerWeek || cur.Group != next.Group ||
		cur.InterventionID != next.InterventionID || cur.SlotID != next.SlotID || cur.ReservationID != next.ReservationID ||
		cur.CreatedBy != next.CreatedBy || cur.NeedsApproval != next.NeedsApproval {
		return pejling.Errorf(pejling.EINVALID, "%s: the person, type, company, days, hours, group and origin of a placement are fixed", what)
	}
	now := next.UpdatedAt
	if now.IsZero() {
		now = db.Now()
	}
	now = now.UTC().Truncate(time.Microsecond)
	res, err := tx.ExecContext(ctx, db.rebind(`UPDATE placements SET status = ?, approved_by = ?, approved_at = ?, ended_on = ?,
		reason = ?, decision = ?, decided_on = ?, decided_by = ?, outcome = ?, outcome_source = ?, outcome_by = ?,
		updated_at = ?, version = ? WHERE id = ? AND municipality = ? AND version = ?`),
		string(next.Status), nullID(next.ApprovedBy), nullTime(next.ApprovedAt), nullDay(next.EndedOn), next.Reason,
		string(next.Decision), nullDay(next.DecidedOn), nullID(next.DecidedBy), string(next.Outcome), next.OutcomeSource,
		nullID(next.OutcomeBy), timeText(now), expectedVersion+1, next.ID, next.Municipality, expectedVersion)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	} else if n != 1 {
		return placementChanged(expectedVersion + 1)
	}
	for i := range next.FollowUps {
		f := &next.FollowUps[i]
		if f.ID != 0 {
			continue
		}
		at := f.At
		if at.IsZero() {
			at = now
		}
		f.At = at.UTC().Truncate(time.Microsecond)
		if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO placement_follow_ups (placement_id, day, note, done_by, done_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`), next.ID, int64(f.Day), f.Note, f.By, timeText(f.At)).Scan(&f.ID); err != nil {
			return fmt.Errorf("%s: follow-up: %w", what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		if pgCode(err) == "40001" {
			return placementChanged(expectedVersion + 1)
		}
		return fmt.Errorf("%s: %w", what, err)
	}
	next.Version, next.UpdatedAt = expectedVersion+1, now
	return nil
}

func placementChanged(version int) error {
	return pejling.Errorf(pejling.ECONFLICT, "the placement was changed by a colleague (version %d); reload and try again", version)
}

// FindPlacement returns the placement with the id in the municipality, with its
// follow-ups, or an ENOTFOUND error.
func (db *DB) FindPlacement(ctx context.Context, municipality int, id int64) (pejling.Placement, error) {
	ps, err := db.findPlacements(ctx, "municipality = ? AND id = ?", []any{municipality, id}, 1)
	if err != nil {
		return pejling.Placement{}, err
	}
	if len(ps) == 0 {
		return pejling.Placement{}, pejling.Errorf(pejling.ENOTFOUND, "no placement %d in municipality %d", id, municipality)
	}
	return ps[0], nil
}

// FindPlacements returns the placements f selects, with their follow-ups, the latest
// start first.
func (db *DB) FindPlacements(ctx context.Context, f pejling.PlacementFilter) ([]pejling.Placement, error) {
	if err := pejling.ValidMunicipalityCode(f.Municipality); err != nil {
		return nil, err
	}
	where, args := []string{"municipality = ?"}, []any{f.Municipality}
	if f.PersonID != "" {
		if err := pejling.ValidPersonID(f.PersonID); err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "person: %s", pejling.ErrorMessage(err))
		}
		where, args = append(where, "person_id = ?"), append(args, f.PersonID)
	}
	if f.CVR != "" {
		if err := pejling.ValidCVR(f.CVR); err != nil {
			return nil, err
		}
		where, args = append(where, "cvr = ?"), append(args, f.CVR)
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			return nil, pejling.Errorf(pejling.EINVALID, "status: %q is not a placement status", pejling.Clip(string(f.Status)))
		}
		where, args = append(where, "status = ?"), append(args, string(f.Status))
	}
	limit := f.Limit
	if limit <= 0 || limit > MaxPlacementList {
		limit = MaxPlacementList
	}
	return db.findPlacements(ctx, strings.Join(where, " AND "), args, limit)
}

func (db *DB) findPlacements(ctx context.Context, where string, args []any, limit int) ([]pejling.Placement, error) {
	var ps []pejling.Placement
	index := map[int64]int{}
	err := query(ctx, db.db, db.rebind(fmt.Sprintf("SELECT %s FROM placements WHERE %s ORDER BY start_day DESC, id DESC LIMIT %d",
		placementColumns, where, limit)), func(rs *sql.Rows) error {
		p, err := scanPlacement(rs)
		if err != nil {
			return err
		}
		index[p.ID] = len(ps)
		ps = append(ps, p)
		return nil
	}, args...)
	if err != nil || len(ps) == 0 {
		return ps, err
	}
	err = query(ctx, db.db, db.rebind(`SELECT f.id, f.placement_id, f.day, f.note, f.done_by, f.done_at
		FROM placement_follow_ups f JOIN placements p ON p.id = f.placement_id
		WHERE p.`+strings.ReplaceAll(where, " AND ", " AND p.")+` ORDER BY f.placement_id, f.day, f.id`), func(rs *sql.Rows) error {
		var f pejling.PlacementFollowUp
		var pid, day int64
		var at string
		if err := rs.Scan(&f.ID, &pid, &day, &f.Note, &f.By, &at); err != nil {
			return err
		}
		f.Day = pejling.Date(day)
		var err error
		if f.At, err = parseTime(at); err != nil {
			return err
		}
		if i, ok := index[pid]; ok {
			ps[i].FollowUps = append(ps[i].FollowUps, f)
		}
		return nil
	}, args...)
	return ps, err
}

func scanPlacement(row interface{ Scan(...any) error }) (pejling.Placement, error) {
	var p pejling.Placement
	var typ, group, status, decision, outcome, created, updated string
	var start, end int64
	var needs int
	var slot, reservation, approvedBy, decidedBy, outcomeBy, endedOn, decidedOn sql.NullInt64
	var approvedAt sql.NullString
	if err := row.Scan(&p.ID, &p.Municipality, &p.PersonID, &typ, &p.CVR, &start, &end, &p.HoursPerWeek, &group,
		&p.InterventionID, &slot, &reservation, &status, &needs, &approvedBy, &approvedAt, &endedOn, &p.Reason,
		&decision, &decidedOn, &decidedBy, &outcome, &p.OutcomeSource, &outcomeBy, &p.CreatedBy, &created, &updated,
		&p.Version); err != nil {
		return p, err
	}
	p.Type, p.Group, p.Status = pejling.ActivationType(typ), pejling.BenefitGroup(group), pejling.PlacementStatus(status)
	p.Decision, p.Outcome = pejling.PlacementDecision(decision), pejling.PlacementOutcome(outcome)
	p.Start, p.End, p.NeedsApproval = pejling.Date(start), pejling.Date(end), needs != 0
	p.SlotID, p.ReservationID, p.ApprovedBy = slot.Int64, reservation.Int64, approvedBy.Int64
	p.DecidedBy, p.OutcomeBy = decidedBy.Int64, outcomeBy.Int64
	p.EndedOn, p.DecidedOn = pejling.Date(endedOn.Int64), pejling.Date(decidedOn.Int64)
	var err error
	if approvedAt.Valid {
		if p.ApprovedAt, err = parseTime(approvedAt.String); err != nil {
			return p, err
		}
	}
	if p.CreatedAt, err = parseTime(created); err != nil {
		return p, err
	}
	p.UpdatedAt, err = parseTime(updated)
	return p, err
}

// RegisterPerson returns what the register holds of one person (their spells of every
// kind, in natural-key order, without placements) and the register's as_of; an empty
// Person when it holds nothing of them.
func (db *DB) RegisterPerson(ctx context.Context, personID string) (pejling.Person, pejling.Date, error) {
	if err := pejling.ValidPersonID(personID); err != nil {
		return pejling.Person{ID: personID}, 0, err
	}
	asOf, err := db.registerAsOf(ctx)
	if err != nil {
		return pejling.Person{ID: personID}, 0, err
	}
	p, err := db.FindPerson(ctx, personID)
	if pejling.ErrorCode(err) == pejling.ENOTFOUND {
		return pejling.Person{ID: personID}, asOf, nil
	} else if err != nil {
		return pejling.Person{ID: personID}, 0, err
	}
	return *p, asOf, nil
}

// registerAsOf is the register's as_of: that of its newest import, 0 when none.
func (db *DB) registerAsOf(ctx context.Context) (pejling.Date, error) {
	var asOf int64
	if err := db.db.QueryRowContext(ctx, `SELECT coalesce(max(as_of), 0) FROM imports`).Scan(&asOf); err != nil {
		return 0, fmt.Errorf("read the register's as_of: %w", err)
	}
	return pejling.Date(asOf), nil
}

// PersonWithPlacements returns a person as the key figures see them (ReadPersons): the
// register's spells with the person's placements that count merged into the activation
// spells by the rule against double counting (mergePlacements). ENOTFOUND when neither
// the register nor a counted placement knows the person.
func (db *DB) PersonWithPlacements(ctx context.Context, personID string) (*pejling.Person, error) {
	var placed []pejling.ActivationSpell
	err := query(ctx, db.db, db.rebind(`SELECT `+placementColumns+` FROM placements WHERE person_id = ? AND status IN ('planned', 'ended')
		ORDER BY start_day, id`), func(rs *sql.Rows) error {
		p, err := scanPlacement(rs)
		if err != nil {
			return err
		}
		placed = append(placed, p.Spell())
		return nil
	}, personID)
	if err != nil {
		return nil, fmt.Errorf("read the placements of a person: %w", err)
	}
	p, err := db.FindPerson(ctx, personID)
	switch {
	case pejling.ErrorCode(err) == pejling.ENOTFOUND && len(placed) > 0:
		p = &pejling.Person{ID: personID}
	case err != nil:
		return nil, err
	}
	p.Activation = mergePlacements(nil, p.Activation, placed)
	return p, nil
}

// placementsStamp is the sum of the placements' versions: it grows with every new or
// changed placement, so a figure set that kept it knows whether placements changed.
func placementsStamp(ctx context.Context, q rowQuerier) (int64, error) {
	var s int64
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(version), 0) FROM placements`).Scan(&s); err != nil {
		return 0, fmt.Errorf("read placements: %w", err)
	}
	return s, nil
}

// countedPlacements returns the activation spells of every placement that counts in
// the key figures (pejling.Placement.Counts), in person id order and then by start.
func (db *DB) countedPlacements(ctx context.Context) ([]pejling.ActivationSpell, error) {
	var out []pejling.ActivationSpell
	err := query(ctx, db.db, `SELECT `+placementColumns+` FROM placements WHERE status IN ('planned', 'ended')
		ORDER BY person_id, start_day, id`, func(rs *sql.Rows) error {
		p, err := scanPlacement(rs)
		if err != nil {
			return err
		}
		out = append(out, p.Spell())
		return nil
	})
	// Sorted here, bytewise as the register's person order (ReadPersons), whatever the
	// database's collation.
	slices.SortStableFunc(out, func(x, y pejling.ActivationSpell) int {
		return cmp.Or(strings.Compare(x.PersonID, y.PersonID), cmp.Compare(x.Start, y.Start))
	})
	return out, err
}
