package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// The placement bank's slots (migrations/0011_placement_bank.sql); reservations are in
// reservation.go. Every call names the municipality of the job centre, and a slot of
// another municipality is not found.

var slotColumnNames = []string{"id", "municipality", "cvr", "slot_type", "title", "occupation", "description",
	"address", "lat", "lon", "hours_per_week", "requirements", "skills", "min_education", "driving_licence",
	"expectations", "capacity", "active_from", "active_to", "created_by", "created_at", "updated_at", "version"}

// slotColumns lists the columns scanSlot reads, each after prefix ("s." or "").
func slotColumns(prefix string) string {
	return prefix + strings.Join(slotColumnNames, ", "+prefix)
}

func scanSlot(row interface{ Scan(...any) error }, extra ...any) (*pejling.Slot, error) {
	var s pejling.Slot
	var typ, skills, created, updated string
	var licence int
	dest := []any{&s.ID, &s.Municipality, &s.CVR, &typ, &s.Title, &s.Occupation, &s.Description, &s.Address,
		&s.Location.Lat, &s.Location.Lon, &s.HoursPerWeek, &s.Requirements, &skills, &s.MinEducation, &licence,
		&s.Expectations, &s.Capacity, &s.ActiveFrom, &s.ActiveTo, &s.CreatedBy, &created, &updated, &s.Version}
	if err := row.Scan(append(dest, extra...)...); err != nil {
		return nil, err
	}
	s.Type, s.DrivingLicence = pejling.SlotType(typ), licence != 0
	if skills != "" {
		s.Skills = strings.Split(skills, "\n")
	}
	var err error
	if s.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if s.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &s, nil
}

// searchText is what FindSlots' Text is looked for in: title, description and
// requirements in lower case (Go's, so Æ finds æ on both databases).
func searchText(s *pejling.Slot) string {
	return strings.ToLower(s.Title + "\n" + s.Description + "\n" + s.Requirements)
}

// CreateSlot stores the new slot s (pejling.Slot.Validate; CreatedBy must be set) and
// sets its ID, CreatedAt, UpdatedAt and Version (1).
func (db *DB) CreateSlot(ctx context.Context, s *pejling.Slot) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if s.CreatedBy <= 0 {
		return pejling.Errorf(pejling.EINVALID, "a slot needs the user who creates it")
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	var id int64
	err := db.db.QueryRowContext(ctx, db.rebind(`INSERT INTO placement_slots (municipality, cvr, slot_type, title,
		occupation, description, address, lat, lon, hours_per_week, requirements, skills, min_education,
		driving_licence, expectations, capacity, active_from, active_to, search_text, created_by, created_at,
		updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
		s.Municipality, s.CVR, string(s.Type), s.Title, s.Occupation, s.Description, s.Address, s.Location.Lat,
		s.Location.Lon, s.HoursPerWeek, s.Requirements, strings.Join(s.Skills, "\n"), s.MinEducation,
		boolInt(s.DrivingLicence), s.Expectations, s.Capacity, s.ActiveFrom, s.ActiveTo, searchText(s),
		s.CreatedBy, timeText(now), timeText(now)).Scan(&id)
	if err != nil {
		return fmt.Errorf("create slot %q: %w", pejling.Clip(s.Title), err)
	}
	s.ID, s.CreatedAt, s.UpdatedAt, s.Version = id, now, now, 1
	return nil
}

// FindSlot returns the slot with the id in the municipality, or an ENOTFOUND error.
func (db *DB) FindSlot(ctx context.Context, municipality int, id int64) (*pejling.Slot, error) {
	return db.findSlot(ctx, db.db, municipality, id, false)
}

// rowQuerier is a *sql.DB or a *sql.Tx.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
}

// findSlot reads a slot through q; lock takes PostgreSQL's row lock on it until the
// end of q's transaction (on SQLite the transaction holds the write lock already).
func (db *DB) findSlot(ctx context.Context, q rowQuerier, municipality int, id int64, lock bool) (*pejling.Slot, error) {
	query := "SELECT " + slotColumns("") + " FROM placement_slots WHERE id = ? AND municipality = ?"
	if lock && db.Postgres() {
		query += " FOR UPDATE"
	}
	s, err := scanSlot(q.QueryRowContext(ctx, db.rebind(query), id, municipality))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no slot %d in municipality %d", id, municipality)
	} else if err != nil {
		return nil, fmt.Errorf("find slot %d: %w", id, err)
	}
	return s, nil
}

// SlotFilter selects slots for FindSlots. Municipality is required; the zero value of
// every other field selects all.
type SlotFilter struct {
	Municipality int
	// Text is looked for in title, description and requirements, in any case.
	Text string
	// Occupation is a prefix of the DISCO-08 code (1–4 digits): "25" finds every ICT
	// professional.
	Occupation string
	Type       pejling.SlotType
	// Near and WithinKm select the slots at most WithinKm from Near, as the crow flies;
	// WithinKm 0 does not filter by place.
	Near     pejling.LatLon
	WithinKm float64
	// ActiveOn selects the slots that may be reserved on the day; 0 does not filter.
	ActiveOn pejling.Date
	// HasFreePlace selects the slots with a place not taken at At.
	HasFreePlace bool
	// At is the time free places are counted at; zero means now (DB.Now).
	At time.Time
	// Limit is the most slots returned: 100 when 0, at most 1000.
	Limit int
}

// SlotHit is a slot found by FindSlots with its free places and, when the filter was
// by place, its distance.
type SlotHit struct {
	pejling.Slot
	Free       int     // places not taken by held (unexpired) or confirmed reservations
	DistanceKm float64 // from SlotFilter.Near; 0 when not searched by place
}

// likeEscape escapes LIKE's wildcards in s, for a pattern with ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// FindSlots returns the slots f selects: nearest first when searched by place, else by
// title and id.
func (db *DB) FindSlots(ctx context.Context, f SlotFilter) ([]SlotHit, error) {
	const what = "find slots"
	if f.Municipality < 1 || f.Municipality > 9999 {
		return nil, pejling.Errorf(pejling.EINVALID, "%s: municipality code %d out of range", what, f.Municipality)
	}
	if len(f.Occupation) > 4 || strings.Trim(f.Occupation, "0123456789") != "" {
		return nil, pejling.Errorf(pejling.EINVALID, "occupation %q is not the start of a DISCO-08 code (1–4 digits)", pejling.Clip(f.Occupation))
	}
	if f.Type != "" && !f.Type.Valid() {
		return nil, pejling.Errorf(pejling.EINVALID, "slot type %q is neither %q nor %q", pejling.Clip(string(f.Type)), pejling.SlotPraktik, pejling.SlotWageSubsidy)
	}
	if len([]rune(f.Text)) > 200 {
		return nil, pejling.Errorf(pejling.EINVALID, "the search text is longer than 200 characters")
	}
	if math.IsNaN(f.WithinKm) || f.WithinKm < 0 || f.WithinKm > 20000 {
		return nil, pejling.Errorf(pejling.EINVALID, "distance %g km out of range (0–20000)", f.WithinKm)
	}
	if f.WithinKm > 0 && !(f.Near.Lat >= -90 && f.Near.Lat <= 90 && f.Near.Lon >= -180 && f.Near.Lon <= 180) {
		return nil, pejling.Errorf(pejling.EINVALID, "location %g, %g is not a point on the earth", f.Near.Lat, f.Near.Lon)
	}
	switch {
	case f.Limit < 0 || f.Limit > 1000:
		return nil, pejling.Errorf(pejling.EINVALID, "limit %d out of range (1–1000)", f.Limit)
	case f.Limit == 0:
		f.Limit = 100
	}
	at := f.At
	if at.IsZero() {
		at = db.Now()
	}

	where := []string{"s.municipality = ?"}
	args := []any{timeText(at), f.Municipality}
	if t := strings.TrimSpace(f.Text); t != "" {
		where, args = append(where, `s.search_text LIKE ? ESCAPE '\'`), append(args, "%"+likeEscape(strings.ToLower(storable(t)))+"%")
	}
	if f.Occupation != "" {
		where, args = append(where, "s.occupation LIKE ?"), append(args, f.Occupation+"%")
	}
	if f.Type != "" {
		where, args = append(where, "s.slot_type = ?"), append(args, string(f.Type))
	}
	if f.ActiveOn != 0 {
		where, args = append(where, "s.active_from <= ? AND s.active_to >= ?"), append(args, f.ActiveOn, f.ActiveOn)
	}
	if f.WithinKm > 0 {
		// A box that holds the circle: a degree of latitude is at least 110.5 km, one
		// of longitude 111.4 km · cos(latitude) at the box's edge nearest a pole. The
		// haversine in Go decides; near a pole or across ±180° the box takes all
		// longitudes.
		dLat := f.WithinKm / 110.5
		minLat, maxLat := f.Near.Lat-dLat, f.Near.Lat+dLat
		where, args = append(where, "s.lat BETWEEN ? AND ?"), append(args, minLat, maxLat)
		if edge := math.Max(math.Abs(minLat), math.Abs(maxLat)); edge < 89 {
			dLon := f.WithinKm / (111.4 * math.Cos(edge*math.Pi/180))
			if f.Near.Lon-dLon > -180 && f.Near.Lon+dLon < 180 {
				where, args = append(where, "s.lon BETWEEN ? AND ?"), append(args, f.Near.Lon-dLon, f.Near.Lon+dLon)
			}
		}
	}
	q := `SELECT ` + slotColumns("s.") + `,
		(SELECT count(*) FROM placement_reservations r WHERE r.slot_id = s.id
			AND (r.status = 'confirmed' OR (r.status = 'held' AND r.expires_at > ?1))) AS taken
		FROM placement_slots s WHERE ` + strings.Join(where, " AND ")
	if f.HasFreePlace {
		q += ` AND s.capacity > (SELECT count(*) FROM placement_reservations r WHERE r.slot_id = s.id
			AND (r.status = 'confirmed' OR (r.status = 'held' AND r.expires_at > ?1)))`
	}
	q += " ORDER BY s.title" + db.dialect.byteOrder() + ", s.id"
	if f.WithinKm == 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	// ?1 is the time; the plain markers after it are numbered from 2.
	q = numberFrom(q, 2)
	rows, err := db.db.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	hits := []SlotHit{}
	for rows.Next() {
		var taken int
		s, err := scanSlot(rows, &taken)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		h := SlotHit{Slot: *s, Free: max(0, s.Capacity-taken)}
		if f.WithinKm > 0 {
			if h.DistanceKm = f.Near.DistanceKm(s.Location); h.DistanceKm > f.WithinKm {
				continue
			}
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if f.WithinKm > 0 {
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].DistanceKm < hits[j].DistanceKm })
		if len(hits) > f.Limit {
			hits = hits[:f.Limit]
		}
	}
	return hits, nil
}

// numberFrom turns the plain `?` markers of q into ?n, ?n+1 …, so that a query can
// use a numbered marker (?1) more than once next to plain ones. Markers inside quoted
// text are left alone.
func numberFrom(q string, n int) string {
	var b strings.Builder
	quoted := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		b.WriteByte(c)
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted && (i+1 == len(q) || q[i+1] < '0' || q[i+1] > '9'):
			fmt.Fprint(&b, n)
			n++
		}
	}
	return b.String()
}

// SlotUpdate is a change of a slot: the fields that are not nil are set. Version is
// the version of the slot the change is based on.
type SlotUpdate struct {
	Version        int
	Type           *pejling.SlotType
	Title          *string
	Occupation     *string
	Description    *string
	Address        *string
	Location       *pejling.LatLon
	HoursPerWeek   *float64
	Requirements   *string
	Skills         *[]string
	MinEducation   *int
	DrivingLicence *bool
	Expectations   *string
	Capacity       *int
	ActiveFrom     *pejling.Date
	ActiveTo       *pejling.Date
}

func (u SlotUpdate) apply(s *pejling.Slot) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	if u.Type != nil {
		s.Type = *u.Type
	}
	set(&s.Title, u.Title)
	set(&s.Occupation, u.Occupation)
	set(&s.Description, u.Description)
	set(&s.Address, u.Address)
	set(&s.Requirements, u.Requirements)
	set(&s.Expectations, u.Expectations)
	if u.Location != nil {
		s.Location = *u.Location
	}
	if u.HoursPerWeek != nil {
		s.HoursPerWeek = *u.HoursPerWeek
	}
	if u.Skills != nil {
		s.Skills = append([]string(nil), (*u.Skills)...)
	}
	if u.MinEducation != nil {
		s.MinEducation = *u.MinEducation
	}
	if u.DrivingLicence != nil {
		s.DrivingLicence = *u.DrivingLicence
	}
	if u.Capacity != nil {
		s.Capacity = *u.Capacity
	}
	if u.ActiveFrom != nil {
		s.ActiveFrom = *u.ActiveFrom
	}
	if u.ActiveTo != nil {
		s.ActiveTo = *u.ActiveTo
	}
}

// UpdateSlot changes the slot with the id in the municipality and returns it as
// stored, its Version one up. A change based on an older version than the stored one
// is an ECONFLICT error (someone else changed the slot meanwhile), as is a capacity
// below the places now taken; ENOTFOUND when there is no such slot.
func (db *DB) UpdateSlot(ctx context.Context, municipality int, id int64, upd SlotUpdate) (*pejling.Slot, error) {
	what := fmt.Sprintf("update slot %d", id)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	s, err := db.findSlot(ctx, tx, municipality, id, true)
	if err != nil {
		return nil, err
	}
	if s.Version != upd.Version {
		return nil, pejling.Errorf(pejling.ECONFLICT, "the slot was changed by someone else meanwhile (version %d, your change was based on %d): reload it and make your change again", s.Version, upd.Version)
	}
	upd.apply(s)
	if err := s.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	if upd.Capacity != nil {
		taken, _, err := db.takenPlaces(ctx, tx, id, now)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if s.Capacity < taken {
			return nil, pejling.Errorf(pejling.ECONFLICT, "%d places of the slot are reserved; release reservations before lowering the capacity to %d", taken, s.Capacity)
		}
	}
	res, err := tx.ExecContext(ctx, db.rebind(`UPDATE placement_slots SET slot_type = ?, title = ?, occupation = ?,
		description = ?, address = ?, lat = ?, lon = ?, hours_per_week = ?, requirements = ?, skills = ?,
		min_education = ?, driving_licence = ?, expectations = ?, capacity = ?, active_from = ?, active_to = ?,
		search_text = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND municipality = ? AND version = ?`),
		string(s.Type), s.Title, s.Occupation, s.Description, s.Address, s.Location.Lat, s.Location.Lon,
		s.HoursPerWeek, s.Requirements, strings.Join(s.Skills, "\n"), s.MinEducation, boolInt(s.DrivingLicence),
		s.Expectations, s.Capacity, s.ActiveFrom, s.ActiveTo, searchText(s), timeText(now), id, municipality, upd.Version)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	} else if n != 1 {
		return nil, pejling.Errorf(pejling.ECONFLICT, "the slot was changed by someone else meanwhile: reload it and make your change again")
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	s.UpdatedAt, s.Version = now, s.Version+1
	return s, nil
}
