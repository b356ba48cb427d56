-- Team boards (issue 8, DOMAIN.md §6; sqldb/team.go): a municipality's teams, their
-- members, the consultants' caseloads with their history, and the teams' goals. Every
-- row belongs to one municipality. Days are pejling.Date numbers (days since
-- 1970-01-01); times are UTC text as in 0005_users.sql.

-- name_key is the name in lower case: names are unique in a municipality regardless of case.
CREATE TABLE teams (
    id           {{AUTO_ID}},
    municipality INTEGER NOT NULL,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (municipality, name_key)
);

-- A user is in at most one team at a time: user_id is the key.
CREATE TABLE team_members (
    user_id      BIGINT NOT NULL PRIMARY KEY REFERENCES users (id),
    team_id      BIGINT NOT NULL REFERENCES teams (id),
    municipality INTEGER NOT NULL,
    added_at     TEXT NOT NULL
);
CREATE INDEX team_members_team ON team_members (team_id);

-- A citizen on a consultant's caseload from from_day to to_day (inclusive; a running
-- assignment has to_day 1073741824, pejling.Forever). Reassigning ends the running one.
CREATE TABLE caseloads (
    id           {{AUTO_ID}},
    municipality INTEGER NOT NULL,
    person_id    TEXT NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    from_day     INTEGER NOT NULL,
    to_day       INTEGER NOT NULL,
    set_by       BIGINT NOT NULL,
    created_at   TEXT NOT NULL,
    CHECK (to_day >= from_day)
);
CREATE INDEX caseloads_person ON caseloads (municipality, person_id, from_day);
CREATE INDEX caseloads_user ON caseloads (municipality, user_id);
-- At most one running assignment per citizen, also under concurrent writers.
CREATE UNIQUE INDEX caseloads_running ON caseloads (municipality, person_id) WHERE to_day = 1073741824;

-- A team's goal for a metric from a week (its Monday) on; one per team × metric × week.
CREATE TABLE team_goals (
    id           {{AUTO_ID}},
    municipality INTEGER NOT NULL,
    team_id      BIGINT NOT NULL REFERENCES teams (id),
    metric       TEXT NOT NULL,
    target       DOUBLE PRECISION NOT NULL,
    direction    TEXT NOT NULL,
    from_week    INTEGER NOT NULL,
    set_by       BIGINT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (team_id, metric, from_week)
);
