-- Company placements (virksomhedsplaceringer; issue 8, DOMAIN.md §6): a citizen placed
-- at a company for a praktik or løntilskud with a fixed end, followed up, perhaps
-- approved, closed with the outcome 6 months later (sqldb/placement.go). Every row
-- belongs to the municipality of the job centre. Days are pejling.Date numbers (days
-- since 1970-01-01); times are UTC text as in 0005_users.sql. version counts changes,
-- for optimistic locking.
--
-- A placement that counts (status planned or ended) is an activation spell of the
-- person in the key figures, unless the register holds an activation spell of the same
-- person, type and CVR overlapping it (ReadPersons, docs/employer.md).
CREATE TABLE placements (
    id              {{AUTO_ID}},
    municipality    INTEGER NOT NULL,
    person_id       TEXT NOT NULL,
    placement_type  TEXT NOT NULL CHECK (placement_type IN ('praktik', 'lts_privat', 'lts_offentlig')),
    cvr             TEXT NOT NULL,
    start_day       INTEGER NOT NULL,
    end_day         INTEGER NOT NULL CHECK (end_day >= start_day),
    hours_per_week  DOUBLE PRECISION NOT NULL,
    benefit_group   TEXT NOT NULL,
    intervention_id TEXT NOT NULL,
    slot_id         BIGINT,
    reservation_id  BIGINT REFERENCES placement_reservations (id),
    status          TEXT NOT NULL CHECK (status IN ('pending_approval', 'planned', 'ended', 'cancelled')),
    needs_approval  INTEGER NOT NULL,
    approved_by     BIGINT,
    approved_at     TEXT,
    ended_on        INTEGER,
    reason          TEXT NOT NULL,
    decision        TEXT NOT NULL,
    decided_on      INTEGER,
    decided_by      BIGINT,
    outcome         TEXT NOT NULL,
    outcome_source  TEXT NOT NULL,
    outcome_by      BIGINT,
    created_by      BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL
);
CREATE INDEX placements_person ON placements (person_id, municipality);
CREATE INDEX placements_list ON placements (municipality, status, start_day);
CREATE INDEX placements_cvr ON placements (municipality, cvr);
-- A confirmed reservation becomes at most one placement.
CREATE UNIQUE INDEX placements_reservation ON placements (reservation_id) WHERE reservation_id IS NOT NULL;

CREATE TABLE placement_follow_ups (
    id           {{AUTO_ID}},
    placement_id BIGINT NOT NULL REFERENCES placements (id),
    day          INTEGER NOT NULL,
    note         TEXT NOT NULL,
    done_by      BIGINT NOT NULL,
    done_at      TEXT NOT NULL
);
CREATE INDEX placement_follow_ups_placement ON placement_follow_ups (placement_id, id);

-- The stamp of the placements a figure set was computed with (the sum of their
-- versions, which grows with every change): RefreshFigureSet recomputes when it differs.
ALTER TABLE figure_sets ADD COLUMN placements_stamp BIGINT NOT NULL DEFAULT 0;
