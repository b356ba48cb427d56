-- Two-factor sign-in and person look-ups (issue 6, docs/security.md).
--
-- totp_secret is the base32 TOTP key of a user who has enrolled (empty: not yet);
-- totp_step is the last time step whose code was accepted, so that no code is accepted
-- twice (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_step BIGINT NOT NULL DEFAULT 0;

-- A session is made at the password; verified turns 1 once the second factor is given
-- (at once for roles that need none). Until then it opens only the code page.
-- totp_pending holds the key offered to a user enrolling, between showing it and the
-- first code, on the server side: the browser cannot substitute a key of its own.
ALTER TABLE sessions ADD COLUMN verified INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';


-- The municipality of the user who acted, so that a municipality's admin reads the
-- records of the municipality's own staff (0: a national user).
ALTER TABLE audit_log ADD COLUMN municipality INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_log_municipality ON audit_log (municipality, at);
