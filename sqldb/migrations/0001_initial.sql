-- The register data of DOMAIN.md §2 and the record of imports.
-- Dates are INTEGER days since 1970-01-01 (pejling.Date); a running spell has end_day NULL.
-- Every record keeps the import and source line it came from (lineage, and the way a
-- duplicate key within one file is reported with both lines).
-- Spell tables are clustered by person (WITHOUT ROWID on SQLite, so the figures engine
-- reads them in person order without sorting.

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    as_of       INTEGER NOT NULL,
    name        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    rows_total  BIGINT NOT NULL,
    summary     TEXT NOT NULL
);

CREATE TABLE benefit_spells (
    person_id     TEXT NOT NULL,
    start_day     INTEGER NOT NULL,
    municipality  INTEGER NOT NULL,
    benefit_group TEXT NOT NULL,
    match_group   TEXT NOT NULL,
    end_day       INTEGER,
    fraction      DOUBLE PRECISION NOT NULL,
    import_id     INTEGER NOT NULL,
    line          INTEGER NOT NULL,
    PRIMARY KEY (person_id, start_day, municipality, benefit_group)
) {{WITHOUT_ROWID}};

CREATE TABLE activation_spells (
    person_id       TEXT NOT NULL,
    start_day       INTEGER NOT NULL,
    municipality    INTEGER NOT NULL,
    activation_type TEXT NOT NULL,
    cvr             TEXT NOT NULL,
    benefit_group   TEXT NOT NULL,
    end_day         INTEGER NOT NULL,
    hours_per_week  DOUBLE PRECISION NOT NULL,
    intervention_id TEXT NOT NULL,
    import_id       INTEGER NOT NULL,
    line            INTEGER NOT NULL,
    PRIMARY KEY (person_id, start_day, municipality, activation_type, cvr)
) {{WITHOUT_ROWID}};

CREATE TABLE employment_spells (
    person_id TEXT NOT NULL,
    start_day INTEGER NOT NULL,
    end_day   INTEGER,
    import_id INTEGER NOT NULL,
    line      INTEGER NOT NULL,
    PRIMARY KEY (person_id, start_day)
) {{WITHOUT_ROWID}};

CREATE TABLE companies (
    cvr          TEXT NOT NULL PRIMARY KEY,
    name         TEXT NOT NULL,
    municipality INTEGER NOT NULL,
    industry     TEXT NOT NULL,
    employees    INTEGER,
    import_id    INTEGER NOT NULL,
    line         INTEGER NOT NULL
);

CREATE TABLE municipality_facts (
    municipality INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    variable     TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    import_id    INTEGER NOT NULL,
    line         INTEGER NOT NULL,
    PRIMARY KEY (municipality, year, variable)
);

CREATE TABLE expenditure (
    municipality INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    account      TEXT NOT NULL,
    kind         TEXT NOT NULL,
    amount_dkk   DOUBLE PRECISION NOT NULL,
    import_id    INTEGER NOT NULL,
    line         INTEGER NOT NULL,
    PRIMARY KEY (municipality, year, account, kind)
);
