package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/pejling/pejling"
)

// streamBatch is about how many spells a reader hands over at a time. A batch always
// ends at a person boundary, so a person's spells of one kind lie in one batch.
const streamBatch = 4096

// ReadPersons calls fn for every person with a spell of any kind, in person id order,
// with each kind of spell in the order of its natural key. The activation spells include
// the company placements that count (pejling.Placement.Counts) unless the register
// holds the same placement (mergePlacements); a person known only from a placement is
// called too. The three spell tables are
// clustered by person, so each is read in order without sorting, by a goroutine and a
// connection of its own, and merged here: memory stays at a few batches whatever the
// size of the register, and on two cores reading overlaps with fn's work.
//
// The *Person and its slices are reused after fn returns: copy what you keep. Each
// reader checks that it sees the store as of import importID (Frame.ImportID); if an
// import committed in between, ReadPersons fails with ECONFLICT before calling fn.
// An error from fn stops the reading and is returned.
func (db *DB) ReadPersons(outer context.Context, importID int64, fn func(*pejling.Person) error) (err error) {
	// Placements that count join the register's activation spells (mergePlacements);
	// they are few, read whole before the register.
	placed, err := db.countedPlacements(outer)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(outer)
	b := startStream(ctx, db, importID, `SELECT person_id, municipality, benefit_group, match_group, start_day, end_day, fraction
		FROM benefit_spells ORDER BY person_id, start_day, municipality, benefit_group`, scanBenefit,
		func(s *pejling.BenefitSpell) string { return s.PersonID })
	a := startStream(ctx, db, importID, `SELECT person_id, municipality, benefit_group, activation_type, start_day, end_day,
		hours_per_week, cvr, intervention_id FROM activation_spells ORDER BY person_id, start_day, municipality, activation_type, cvr`,
		scanActivation, func(s *pejling.ActivationSpell) string { return s.PersonID })
	e := startStream(ctx, db, importID, `SELECT person_id, start_day, end_day FROM employment_spells ORDER BY person_id, start_day`,
		scanEmployment, func(s *pejling.EmploymentSpell) string { return s.PersonID })
	defer func() {
		cancel()
		// Wait for the readers so that no query outlives the call; the first reader
		// error wins over the cancellation that follows from it.
		for _, werr := range []error{b.wait(), a.wait(), e.wait()} {
			if err == nil && werr != nil && !errors.Is(werr, context.Canceled) {
				err = werr
			}
		}
		if err == nil {
			err = outer.Err() // the caller's cancellation cut the streams short
		}
	}()

	for _, check := range []<-chan error{b.checked, a.checked, e.checked} {
		if err := <-check; err != nil {
			return err
		}
	}
	var p pejling.Person
	var merged []pejling.ActivationSpell
	for {
		bid, bok := b.head()
		aid, aok := a.head()
		eid, eok := e.head()
		pid, pok := "", len(placed) > 0
		if pok {
			pid = placed[0].PersonID
		}
		if !bok && !aok && !eok && !pok {
			return nil
		}
		id := ""
		for _, h := range []struct {
			id string
			ok bool
		}{{bid, bok}, {aid, aok}, {eid, eok}, {pid, pok}} {
			if h.ok && (id == "" || h.id < id) {
				id = h.id
			}
		}
		p.ID, p.Benefit, p.Activation, p.Employment = id, b.take(id), a.take(id), e.take(id)
		n := 0
		for n < len(placed) && placed[n].PersonID == id {
			n++
		}
		if n > 0 {
			merged = mergePlacements(merged[:0], p.Activation, placed[:n])
			p.Activation, placed = merged, placed[n:]
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
}

// stream reads one spell table in person order on its own goroutine and hands it over
// in batches that end at person boundaries.
type stream[T any] struct {
	batches chan []T   // closed when the reader is done; then err is set
	free    chan []T   // spent batches, for the reader to refill
	checked chan error // receives the outcome of the snapshot check, once
	done    chan struct{}
	err     error
	whole   []T // the batch cur is part of
	cur     []T
	id      func(*T) string
}

func startStream[T any](ctx context.Context, db *DB, importID int64, q string,
	scan func(*sql.Rows, *T, *personIDs) error, id func(*T) string) *stream[T] {
	s := &stream[T]{batches: make(chan []T, 2), free: make(chan []T, 4), checked: make(chan error, 1),
		done: make(chan struct{}), id: id}
	go func() {
		defer close(s.done)
		defer close(s.batches)
		s.err = s.read(ctx, db, importID, q, scan)
	}()
	return s
}

func (s *stream[T]) read(ctx context.Context, db *DB, importID int64, q string, scan func(*sql.Rows, *T, *personIDs) error) error {
	tx, err := db.db.BeginTx(ctx, db.dialect.readTx())
	if err != nil {
		err = fmt.Errorf("read: %w", err)
		s.checked <- err
		return err
	}
	defer tx.Rollback()
	// The first read fixes the transaction's snapshot of the store.
	var seen int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM imports`).Scan(&seen); err != nil {
		err = fmt.Errorf("read imports: %w", err)
		s.checked <- err
		return err
	}
	if seen != importID {
		err := pejling.Errorf(pejling.ECONFLICT, "an import committed while the store was read; try again")
		s.checked <- err
		return err
	}
	s.checked <- nil
	rs, err := tx.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rs.Close()
	var ids personIDs
	batch := s.newBatch()
	send := func() bool {
		select {
		case s.batches <- batch:
			batch = s.newBatch()
			return true
		case <-ctx.Done():
			return false
		}
	}
	for rs.Next() {
		var v T
		if err := scan(rs, &v, &ids); err != nil {
			return fmt.Errorf("read row: %w", err)
		}
		if len(batch) >= streamBatch && s.id(&v) != s.id(&batch[len(batch)-1]) && !send() {
			return ctx.Err()
		}
		batch = append(batch, v)
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("read rows: %w", err)
	}
	if len(batch) > 0 && !send() {
		return ctx.Err()
	}
	return nil
}

func (s *stream[T]) newBatch() []T {
	select {
	case b := <-s.free:
		return b[:0]
	default:
		return make([]T, 0, streamBatch*2)
	}
}

// head returns the person id of the next spell, or false when the stream is spent (or
// failed: wait tells).
func (s *stream[T]) head() (string, bool) {
	for len(s.cur) == 0 {
		if s.whole != nil {
			select {
			case s.free <- s.whole:
			default:
			}
			s.whole = nil
		}
		b, ok := <-s.batches
		if !ok {
			return "", false
		}
		s.whole, s.cur = b, b
	}
	return s.id(&s.cur[0]), true
}

// take returns the spells of person id at the head of the stream.
func (s *stream[T]) take(id string) []T {
	n := 0
	for n < len(s.cur) && s.id(&s.cur[n]) == id {
		n++
	}
	out := s.cur[:n:n]
	s.cur = s.cur[n:]
	return out
}

// wait waits for the reader to end, draining what it still sends, and returns its error.
func (s *stream[T]) wait() error {
	for range s.batches {
	}
	<-s.done
	return s.err
}

func scanBenefit(rs *sql.Rows, s *pejling.BenefitSpell, ids *personIDs) error {
	var id, group, match sql.RawBytes
	var muni, start int64
	var end sql.NullInt64
	if err := rs.Scan(&id, &muni, &group, &match, &start, &end, &s.Fraction); err != nil {
		return err
	}
	s.PersonID, s.Municipality, s.Start, s.End = ids.get(id), int(muni), pejling.Date(start), dateOrForever(end)
	s.Group, s.Match = pejling.BenefitGroup(code(group)), pejling.MatchGroup(code(match))
	return nil
}

func scanActivation(rs *sql.Rows, s *pejling.ActivationSpell, ids *personIDs) error {
	var id, group, typ sql.RawBytes
	var muni, start, end int64
	if err := rs.Scan(&id, &muni, &group, &typ, &start, &end, &s.HoursPerWeek, &s.CVR, &s.InterventionID); err != nil {
		return err
	}
	s.PersonID, s.Municipality, s.Start, s.End = ids.get(id), int(muni), pejling.Date(start), pejling.Date(end)
	s.Group, s.Type = pejling.BenefitGroup(code(group)), pejling.ActivationType(code(typ))
	return nil
}

func scanEmployment(rs *sql.Rows, s *pejling.EmploymentSpell, ids *personIDs) error {
	var id sql.RawBytes
	var start int64
	var end sql.NullInt64
	if err := rs.Scan(&id, &start, &end); err != nil {
		return err
	}
	s.PersonID, s.Start, s.End = ids.get(id), pejling.Date(start), dateOrForever(end)
	return nil
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

// StreamRegister reads every person of the register as one import left it, for the
// computations that walk the spells person by person (survival, reimbursement,
// follow-up, effects): start is called with the extract's as_of and returns the function
// that takes each person. An import that commits meanwhile makes it start over — start
// is called again, so it must begin afresh — up to three times. It returns the as_of
// read, and EINVALID when the store holds no data.
func (db *DB) StreamRegister(ctx context.Context, start func(asOf pejling.Date) (func(*pejling.Person), error)) (pejling.Date, error) {
	for attempt := 1; ; attempt++ {
		frame, err := db.ReadFrame(ctx)
		if err != nil {
			return 0, err
		}
		if frame.AsOf == 0 {
			return 0, pejling.Errorf(pejling.EINVALID, "the store holds no data: run pejling import first")
		}
		add, err := start(frame.AsOf)
		if err != nil {
			return frame.AsOf, err
		}
		err = db.ReadPersons(ctx, frame.ImportID, func(p *pejling.Person) error {
			add(p)
			return nil
		})
		if pejling.ErrorCode(err) == pejling.ECONFLICT && attempt < 3 {
			continue
		}
		return frame.AsOf, err
	}
}

// mergePlacements appends to dst the register's activation spells reg of one person and
// those of the person's placements that count, in natural-key order, and returns it.
//
// The rule against double counting: a placement is left out when the register holds an
// activation spell of the same person, the same activation type and the same CVR with a
// day in common with it (reg.Start ≤ placement's last day and placement's start ≤
// reg.End) — the register's spell wins, as the official record of the same placement.
// Otherwise the placement counts as its own spell, from its start to its last day (the
// actual last day when ended early).
func mergePlacements(dst, reg, placements []pejling.ActivationSpell) []pejling.ActivationSpell {
	dst = append(dst, reg...)
	for _, pl := range placements {
		if !registerHolds(reg, pl) {
			dst = append(dst, pl)
		}
	}
	slices.SortStableFunc(dst, func(x, y pejling.ActivationSpell) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.Municipality, y.Municipality),
			cmp.Compare(x.Type, y.Type), cmp.Compare(x.CVR, y.CVR))
	})
	return dst
}

// registerHolds reports whether reg has a spell of pl's type and CVR overlapping it.
func registerHolds(reg []pejling.ActivationSpell, pl pejling.ActivationSpell) bool {
	for _, r := range reg {
		if r.Type == pl.Type && r.CVR == pl.CVR && r.Start <= pl.End && pl.Start <= r.End {
			return true
		}
	}
	return false
}
