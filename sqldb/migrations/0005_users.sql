-- Accounts, sessions, API tokens and the audit log (issue 6, "Accounts and roles";
-- docs/operations.md, "Accounts, roles and tokens"). Times are UTC text of one fixed
-- width (sqldb/users.go, timeText), so that comparing the text compares the times.

-- name is kept in lower case: names are compared without regard to case.
-- password_hash is a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
-- municipality 0 is a national operator.
CREATE TABLE users (
    id            {{AUTO_ID}},
    name          TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    municipality  INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0
);

-- Only the SHA-256 (hex) of a session's or token's secret is stored.
CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- expires_at NULL: the token never expires.
CREATE TABLE api_tokens (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Append-only: rows are inserted, and deleted only by the retention purge by age. No
-- foreign key on user_id: the record must outlive any change to the account, and
-- user_name keeps the name the user had.
CREATE TABLE audit_log (
    id        {{AUTO_ID}},
    at        TEXT NOT NULL,
    user_id   BIGINT NOT NULL,
    user_name TEXT NOT NULL,
    action    TEXT NOT NULL,
    person_id TEXT NOT NULL,
    criteria  TEXT NOT NULL,
    purpose   TEXT NOT NULL,
    page      TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_person ON audit_log (person_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);
