-- Job orders of the employer service (issue 8; DOMAIN.md §6; pejling.JobOrder). An
-- order belongs to one municipality, the job centre's, and every read and write names
-- it (sqldb/job_order.go). The flow rules are employer.Transition's; the store keeps
-- what it is given, checks its shape, and updates an order only if its version is still
-- the one the change was based on (optimistic locking). Times are UTC text of one fixed
-- width, as in 0005_users.sql; a time not yet reached is NULL.

-- scheme is '' for an ordinary order; closing_reason and closing_note are '' unless
-- the order was closed unfilled. version counts the changes and equals the number of
-- the order's events.
CREATE TABLE job_orders (
    id                 {{AUTO_ID}},
    municipality       INTEGER NOT NULL,
    cvr                TEXT NOT NULL,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,
    scheme             TEXT NOT NULL,
    channel            TEXT NOT NULL,
    owner_id           BIGINT NOT NULL REFERENCES users (id),
    team               TEXT NOT NULL,
    status             TEXT NOT NULL,
    closing_reason     TEXT NOT NULL,
    closing_note       TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    acknowledged_at    TEXT,
    candidates_sent_at TEXT,
    closed_at          TEXT,
    touched_at         TEXT NOT NULL,
    version            INTEGER NOT NULL
);
CREATE INDEX job_orders_owner ON job_orders (municipality, owner_id, status);
CREATE INDEX job_orders_team ON job_orders (municipality, team, status);
CREATE INDEX job_orders_status ON job_orders (municipality, status, created_at);
CREATE INDEX job_orders_cvr ON job_orders (municipality, cvr);
-- The open orders (the overdue lists and the closing rule read only these).
CREATE INDEX job_orders_open ON job_orders (municipality, touched_at) WHERE closed_at IS NULL;

-- An order's history, oldest first: seq is the version the event made (1 for the
-- created event). Append-only.
CREATE TABLE job_order_events (
    order_id BIGINT NOT NULL REFERENCES job_orders (id),
    seq      INTEGER NOT NULL,
    type     TEXT NOT NULL,
    at       TEXT NOT NULL,
    actor_id BIGINT NOT NULL REFERENCES users (id),
    reason   TEXT NOT NULL,
    note     TEXT NOT NULL,
    PRIMARY KEY (order_id, seq)
) {{WITHOUT_ROWID}};
