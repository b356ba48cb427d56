-- The company register and contact log of the employer service (issue 8; DOMAIN.md §6;
-- sqldb/company_record.go, sqldb/contact_log.go). The job centre's own relationship
-- with a company, keyed by (municipality, cvr): the municipality is the job centre's,
-- and users of another municipality never see its rows. Kept apart from the imported
-- `companies`, which every import replaces, and without a foreign key to it: a company
-- may be worked with before the register knows it, and an import must not fail or
-- cascade because of it. Times are UTC text as in 0005_users.sql; days are
-- pejling.Date integers as in 0001_initial.sql.

-- name, industry and size_band '' fall back to the register's row when read.
-- owner_id NULL: no owning consultant. version counts changes from 1 (optimistic
-- locking: an update names the version it was made from).
CREATE TABLE company_records (
    municipality    INTEGER NOT NULL,
    cvr             TEXT NOT NULL,
    name            TEXT NOT NULL,
    address         TEXT NOT NULL,
    postcode        TEXT NOT NULL,
    city            TEXT NOT NULL,
    industry        TEXT NOT NULL,
    size_band       TEXT NOT NULL,
    service_package TEXT NOT NULL,
    owner_id        BIGINT REFERENCES users (id),
    notes           TEXT NOT NULL,
    version         BIGINT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    PRIMARY KEY (municipality, cvr)
);
CREATE INDEX company_records_owner ON company_records (municipality, owner_id);
CREATE INDEX company_records_package ON company_records (municipality, service_package);

-- Persons at the company the job centre talks to. Never CPR numbers (refused on input).
CREATE TABLE company_contacts (
    id           {{AUTO_ID}},
    municipality INTEGER NOT NULL,
    cvr          TEXT NOT NULL,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    FOREIGN KEY (municipality, cvr) REFERENCES company_records (municipality, cvr)
);
CREATE INDEX company_contacts_company ON company_contacts (municipality, cvr);

-- The contact log the whole job centre of a municipality shares. next_step_day NULL:
-- no date for the next step.
-- contact_log_company serves "recent contacts of a company" (newest first);
-- contact_log_topic serves "the same topic within N days".
CREATE TABLE contact_log (
    id            {{AUTO_ID}},
    municipality  INTEGER NOT NULL,
    cvr           TEXT NOT NULL,
    user_id       BIGINT NOT NULL REFERENCES users (id),
    at            TEXT NOT NULL,
    channel       TEXT NOT NULL,
    topic         TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    next_step     TEXT NOT NULL,
    next_step_day INTEGER,
    created_at    TEXT NOT NULL,
    FOREIGN KEY (municipality, cvr) REFERENCES company_records (municipality, cvr)
);
CREATE INDEX contact_log_company ON contact_log (municipality, cvr, at);
CREATE INDEX contact_log_topic ON contact_log (municipality, cvr, topic, at);
CREATE INDEX contact_log_user ON contact_log (municipality, user_id, at);

-- A company's placements (sqldb/contact_log.go, CompanyHistory) without reading every
-- activation spell: the spells are clustered by person.
CREATE INDEX activation_spells_cvr ON activation_spells (cvr, municipality);
