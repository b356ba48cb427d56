-- Citizens' job profiles for matching against the placement bank's slots and job
-- orders (issue 8, DOMAIN.md §6; sqldb/profile.go). A profile belongs to the
-- municipality of the job centre and is keyed by the pseudonymous person id, never a
-- CPR number. occupations (DISCO-08 codes, 4 digits) and skills (lower case, trimmed,
-- single spaces) are newline-separated. Times are UTC text as in 0005_users.sql.
-- version counts changes, for optimistic locking.
CREATE TABLE job_profiles (
    municipality    INTEGER NOT NULL,
    person_id       TEXT NOT NULL,
    occupations     TEXT NOT NULL,
    skills          TEXT NOT NULL,
    education       INTEGER NOT NULL CHECK (education BETWEEN 0 AND 8),
    driving_licence INTEGER NOT NULL,
    lat             DOUBLE PRECISION NOT NULL,
    lon             DOUBLE PRECISION NOT NULL,
    radius_km       DOUBLE PRECISION NOT NULL,
    hours_min       DOUBLE PRECISION NOT NULL,
    hours_max       DOUBLE PRECISION NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      BIGINT NOT NULL,
    version         INTEGER NOT NULL,
    PRIMARY KEY (municipality, person_id)
);
