-- Progression measurement (issue 8, DOMAIN.md §6): the indicators of the progression
-- catalogue scored with a citizen at a conversation, and the citizen's chosen focus
-- themes (sqldb/progression.go). Every row belongs to the municipality of the job
-- centre. day and from_day are pejling.Date numbers (days since 1970-01-01); times are
-- UTC text as in 0005_users.sql.

-- One indicator is scored at most once per conversation (the person and the day).
-- intervention_id and team are '' when none.
CREATE TABLE progression_scores (
    id              {{AUTO_ID}},
    municipality    INTEGER NOT NULL,
    person_id       TEXT NOT NULL,
    theme           TEXT NOT NULL,
    indicator       TEXT NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 10),
    day             INTEGER NOT NULL,
    scored_by       BIGINT NOT NULL,
    intervention_id TEXT NOT NULL,
    team            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    UNIQUE (municipality, person_id, indicator, day)
);
CREATE INDEX progression_scores_person ON progression_scores (municipality, person_id, day);

-- The 2–3 focus themes a citizen chose from a day on; themes are newline-separated
-- theme ids. A new choice the same day replaces that day's choice.
CREATE TABLE focus_themes (
    municipality INTEGER NOT NULL,
    person_id    TEXT NOT NULL,
    from_day     INTEGER NOT NULL,
    themes       TEXT NOT NULL,
    set_by       BIGINT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (municipality, person_id, from_day)
);
