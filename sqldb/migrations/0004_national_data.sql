-- National data (docs/data-model.md, "National data"): framework variables, StatBank
-- tables, and figure sets imported as national aggregates instead of computed.

-- Where a figure set comes from: 'register' (computed from the register data of an
-- import) or 'aggregates' (imported by pejling import-aggregates from source_name).
ALTER TABLE figure_sets ADD COLUMN source TEXT NOT NULL DEFAULT 'register';
ALTER TABLE figure_sets ADD COLUMN source_name TEXT NOT NULL DEFAULT '';

-- Framework variables per municipality and year, one set of rows per source (a file's
-- base name, or statbank:TABLE). An import replaces all rows of its source; when two
-- sources give the same key the source imported last (the greater seq) wins.
CREATE TABLE framework_sources (
    source      TEXT NOT NULL PRIMARY KEY,
    seq         BIGINT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_total  BIGINT NOT NULL
);

CREATE TABLE framework_values (
    source       TEXT NOT NULL,
    municipality INTEGER NOT NULL,
    year         INTEGER NOT NULL,
    variable     TEXT NOT NULL,
    value        DOUBLE PRECISION NOT NULL,
    line         INTEGER NOT NULL, -- source line; 0 for values derived from a StatBank table
    PRIMARY KEY (source, municipality, year, variable)
);

-- StatBank tables of Statistics Denmark as exported, one set of rows per table id. An
-- import replaces the table's rows. dims is the JSON array of the labels of the
-- non-area, non-time columns (their names in statbank_tables.dim_names); municipality is
-- 0 unless area_kind is 'municipality'; value NULL is StatBank's ".." (missing).
CREATE TABLE statbank_tables (
    table_id    TEXT NOT NULL PRIMARY KEY,
    file        TEXT NOT NULL,
    dim_names   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    rows_total  BIGINT NOT NULL
);

CREATE TABLE statbank_values (
    table_id     TEXT NOT NULL,
    area         TEXT NOT NULL,
    dims         TEXT NOT NULL,
    period       TEXT NOT NULL,
    area_kind    TEXT NOT NULL,
    municipality INTEGER NOT NULL,
    period_first INTEGER NOT NULL,
    period_last  INTEGER NOT NULL,
    value        DOUBLE PRECISION,
    line         INTEGER NOT NULL,
    PRIMARY KEY (table_id, area, dims, period)
);
