-- Intervention costs for the effect economics (issue 7, docs/economics.md, "Effect
-- per intervention"): the cost file (intervention_id, year, cost_dkk, name) that an
-- analyst or admin uploads on the effects page, kept per municipality (0: national).
-- A new upload replaces the municipality's rows and its upload record in one
-- transaction (sqldb/effects_costs.go). Times are UTC text as in 0005_users.sql.

-- The upload a municipality's costs come from: when, by whom, from which file.
CREATE TABLE intervention_cost_uploads (
    municipality INTEGER NOT NULL PRIMARY KEY,
    file_name    TEXT NOT NULL,
    uploaded_at  TEXT NOT NULL,
    user_id      BIGINT NOT NULL,
    user_name    TEXT NOT NULL,
    row_count    INTEGER NOT NULL
);

-- line is the line of the uploaded file, for messages.
CREATE TABLE intervention_costs (
    municipality    INTEGER NOT NULL,
    intervention_id TEXT NOT NULL,
    year            INTEGER NOT NULL,
    cost_dkk        DOUBLE PRECISION NOT NULL,
    name            TEXT NOT NULL,
    line            INTEGER NOT NULL,
    PRIMARY KEY (municipality, intervention_id, year)
) {{WITHOUT_ROWID}};
