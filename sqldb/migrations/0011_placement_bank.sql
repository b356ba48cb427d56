-- The placement bank (jobbørs, ordrebank; issue 8, DOMAIN.md §6): standing praktik and
-- løntilskud slots at companies, and the reservations case workers make of their
-- places for citizens (sqldb/slot.go, sqldb/reservation.go). Every row belongs to the
-- municipality of the job centre. Times are UTC text as in 0005_users.sql; active days
-- are pejling.Date numbers (days since 1970-01-01; active_to pejling.Forever, 2^30, for a
-- slot without an end).

-- search_text is lower(title, description, requirements) computed in Go, so that a
-- case-insensitive search is the same plain LIKE on both databases, Unicode included.
-- skills are newline-separated. version counts changes, for optimistic locking.
CREATE TABLE placement_slots (
    id              {{AUTO_ID}},
    municipality    INTEGER NOT NULL,
    cvr             TEXT NOT NULL,
    slot_type       TEXT NOT NULL,
    title           TEXT NOT NULL,
    occupation      TEXT NOT NULL,
    description     TEXT NOT NULL,
    address         TEXT NOT NULL,
    lat             DOUBLE PRECISION NOT NULL,
    lon             DOUBLE PRECISION NOT NULL,
    hours_per_week  DOUBLE PRECISION NOT NULL,
    requirements    TEXT NOT NULL,
    skills          TEXT NOT NULL,
    min_education   INTEGER NOT NULL,
    driving_licence INTEGER NOT NULL,
    expectations    TEXT NOT NULL,
    capacity        INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    active_from     INTEGER NOT NULL,
    active_to       INTEGER NOT NULL CHECK (active_to >= active_from),
    search_text     TEXT NOT NULL,
    created_by      BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL
);
CREATE INDEX placement_slots_occupation ON placement_slots (municipality, occupation);
CREATE INDEX placement_slots_place ON placement_slots (municipality, lat, lon);

-- A held reservation takes a place until expires_at; past it, it is marked expired
-- (lazily, and by ExpireReservations). ended_at is when it was released or expired.
-- A person has at most one live (held or confirmed) reservation of a slot.
CREATE TABLE placement_reservations (
    id           {{AUTO_ID}},
    municipality INTEGER NOT NULL,
    slot_id      BIGINT NOT NULL REFERENCES placement_slots (id),
    person_id    TEXT NOT NULL,
    reserved_by  BIGINT NOT NULL,
    reserved_at  TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('held', 'confirmed', 'released', 'expired')),
    confirmed_at TEXT,
    ended_at     TEXT
);
CREATE INDEX placement_reservations_slot ON placement_reservations (slot_id, status, expires_at);
CREATE INDEX placement_reservations_held ON placement_reservations (status, expires_at);
CREATE INDEX placement_reservations_person ON placement_reservations (municipality, person_id);
CREATE UNIQUE INDEX placement_reservations_live ON placement_reservations (slot_id, person_id)
    WHERE status IN ('held', 'confirmed');
