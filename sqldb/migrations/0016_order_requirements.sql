-- What a job order asks of a candidate, for matching against citizens' job profiles
-- (issue 8; pejling.OrderRequirements; sqldb/job_order.go), and each municipality's own
-- service-level policy (employer.Policy as JSON; sqldb/service_policy.go).

-- skills are newline-separated, normalised as job_profiles.skills; lat and lon are
-- NULL when no place is given. An order is matched when it has an occupation and a
-- place. The requirements change only with an "edited" event, so the version lock
-- covers them as every other change.
ALTER TABLE job_orders ADD COLUMN occupation TEXT NOT NULL DEFAULT '';
ALTER TABLE job_orders ADD COLUMN skills TEXT NOT NULL DEFAULT '';
ALTER TABLE job_orders ADD COLUMN min_education INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_orders ADD COLUMN driving_licence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_orders ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE job_orders ADD COLUMN lat DOUBLE PRECISION;
ALTER TABLE job_orders ADD COLUMN lon DOUBLE PRECISION;
ALTER TABLE job_orders ADD COLUMN hours_min DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE job_orders ADD COLUMN hours_max DOUBLE PRECISION NOT NULL DEFAULT 0;

-- A municipality's service-level policy replaces the default (employer/default_policy.json)
-- for its orders; policy is the JSON as saved, checked by employer.LoadPolicy before it
-- is stored. Replacing it is one row; its history is in the audit log.
CREATE TABLE service_policies (
    municipality INTEGER NOT NULL PRIMARY KEY,
    policy       TEXT NOT NULL,
    saved_by     BIGINT NOT NULL REFERENCES users (id),
    saved_at     TEXT NOT NULL
);
