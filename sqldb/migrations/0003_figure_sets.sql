-- Materialised key figures (STYLE.md: compute in Go, store the results; pages and the
-- API read these tables and never recompute per request).
--
-- A figure set is every figure of DOMAIN.md §8 for the standard periods (calendar
-- months, quarters and years), computed by the engine from the store as of one import.
-- A new set is written after each import and replaces the older ones in one
-- transaction, so readers see a whole set or the previous one, never a mix.
CREATE TABLE figure_sets (
    id          {{AUTO_ID}},
    import_id   INTEGER NOT NULL, -- the newest import the set was computed from
    as_of       INTEGER NOT NULL,
    computed_at TEXT NOT NULL,
    periods     INTEGER NOT NULL,
    seconds     DOUBLE PRECISION NOT NULL
);

-- One row per (period, municipality, group), one column per figure id of §9: about 20
-- times fewer rows than the long form. municipality 0 is `all`, benefit_group '' is
-- `all`; NULL is an empty value (and cooperation_rate, public_support_rate exist for
-- group `all` only).
CREATE TABLE figure_cells (
    set_id        INTEGER NOT NULL,
    period_first  INTEGER NOT NULL,
    period_last   INTEGER NOT NULL,
    municipality  INTEGER NOT NULL,
    benefit_group TEXT NOT NULL,
    full_time_persons                DOUBLE PRECISION,
    persons_affected                 DOUBLE PRECISION,
    full_time_activated              DOUBLE PRECISION,
    activation_rate                  DOUBLE PRECISION,
    coverage_rate                    DOUBLE PRECISION,
    placements_started               DOUBLE PRECISION,
    placements_started_praktik       DOUBLE PRECISION,
    placements_started_lts_privat    DOUBLE PRECISION,
    placements_started_lts_offentlig DOUBLE PRECISION,
    placements_per_person_affected   DOUBLE PRECISION,
    placement_share_of_activation    DOUBLE PRECISION,
    cooperation_rate                 DOUBLE PRECISION,
    public_support_rate              DOUBLE PRECISION,
    outflow                          DOUBLE PRECISION,
    outflow_pending                  DOUBLE PRECISION,
    turnover_speed                   DOUBLE PRECISION,
    avg_duration_days                DOUBLE PRECISION,
    self_support_rate_6m             DOUBLE PRECISION,
    employment_rate_6m               DOUBLE PRECISION,
    PRIMARY KEY (set_id, period_first, period_last, municipality, benefit_group)
) {{WITHOUT_ROWID}};
