package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// Accounts, sessions, API tokens and the audit log (migrations/0005_users.sql). The
// store keeps what it is given: passwords arrive hashed and tokens as their hashes
// (package auth); the rules of who may do what are pejling.User's.

// timeLayout is the one form of the times of these tables: UTC, fixed width, so that
// text comparison in SQL is time comparison on both databases.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func timeText(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// isUniqueViolation reports whether err is a unique-constraint violation of either
// database.
func isUniqueViolation(err error) bool {
	return pgCode(err) == "23505" || (err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed"))
}

// isForeignKeyViolation reports whether err is a foreign-key violation of either
// database.
func isForeignKeyViolation(err error) bool {
	return pgCode(err) == "23503" || (err != nil && strings.Contains(err.Error(), "FOREIGN KEY constraint failed"))
}

// CreateUser stores the new user u with the password hash (a PHC string from
// auth.HashPassword) and sets u.ID and u.CreatedAt. The name is checked
// (pejling.ValidUserName) and stored in lower case; a name taken already, in any case,
// is an ECONFLICT error; a bad role or municipality code is EINVALID.
func (db *DB) CreateUser(ctx context.Context, u *pejling.User, passwordHash string) error {
	if err := pejling.ValidUserName(u.Name); err != nil {
		return err
	}
	if !u.Role.Valid() {
		return pejling.Errorf(pejling.EINVALID, "unknown role %q", u.Role)
	}
	if u.Municipality < 0 || u.Municipality > 9999 {
		return pejling.Errorf(pejling.EINVALID, "municipality code %d out of range", u.Municipality)
	}
	if passwordHash == "" {
		return pejling.Errorf(pejling.EINVALID, "a password hash is required")
	}
	name := strings.ToLower(u.Name)
	created := db.Now().UTC().Truncate(time.Microsecond)
	var id int64
	err := db.db.QueryRowContext(ctx, db.rebind(`INSERT INTO users (name, password_hash, role, municipality, created_at, disabled)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), name, passwordHash, string(u.Role), u.Municipality, timeText(created), boolInt(u.Disabled)).Scan(&id)
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "a user named %q exists already", name)
	} else if err != nil {
		return fmt.Errorf("create user %q: %w", name, err)
	}
	u.ID, u.Name, u.CreatedAt = id, name, created
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

const userColumns = "id, name, role, municipality, created_at, disabled"

func scanUser(row interface{ Scan(...any) error }) (*pejling.User, error) {
	var u pejling.User
	var role, created string
	var disabled int
	if err := row.Scan(&u.ID, &u.Name, &role, &u.Municipality, &created, &disabled); err != nil {
		return nil, err
	}
	u.Role, u.Disabled = pejling.Role(role), disabled != 0
	var err error
	u.CreatedAt, err = parseTime(created)
	return &u, err
}

// FindUser returns the user with the id, or an ENOTFOUND error.
func (db *DB) FindUser(ctx context.Context, id int64) (*pejling.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, db.rebind("SELECT "+userColumns+" FROM users WHERE id = ?"), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no user with id %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("find user %d: %w", id, err)
	}
	return u, nil
}

// FindUserByName returns the user with the name, in any case, or an ENOTFOUND error.
func (db *DB) FindUserByName(ctx context.Context, name string) (*pejling.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, db.rebind("SELECT "+userColumns+" FROM users WHERE name = ?"), strings.ToLower(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no user named %q", name)
	} else if err != nil {
		return nil, fmt.Errorf("find user %q: %w", name, err)
	}
	return u, nil
}

// PasswordHash returns the stored password hash (PHC string) of the user with the id,
// for checking a password at sign-in; an ENOTFOUND error when there is no such user.
func (db *DB) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := db.db.QueryRowContext(ctx, db.rebind("SELECT password_hash FROM users WHERE id = ?"), userID).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", pejling.Errorf(pejling.ENOTFOUND, "no user with id %d", userID)
	} else if err != nil {
		return "", fmt.Errorf("read password of user %d: %w", userID, err)
	}
	return h, nil
}

// ListUsers returns every user, disabled ones included, ordered by name.
func (db *DB) ListUsers(ctx context.Context) ([]pejling.User, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var us []pejling.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		us = append(us, *u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return us, nil
}

// SetPassword replaces the password hash of the user with the id and ends the user's
// sessions, so that a changed password shuts out whoever knew the old one.
func (db *DB) SetPassword(ctx context.Context, userID int64, passwordHash string) error {
	if passwordHash == "" {
		return pejling.Errorf(pejling.EINVALID, "a password hash is required")
	}
	return db.userTx(ctx, userID, "set password", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.rebind("UPDATE users SET password_hash = ? WHERE id = ?"), passwordHash, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.rebind("DELETE FROM sessions WHERE user_id = ?"), userID)
		return err
	})
}

// DisableUser disables the user with the id and revokes its sessions and API tokens.
// The account stays (the audit log refers to it); it cannot be enabled again from
// here — an administrator creates a new one.
func (db *DB) DisableUser(ctx context.Context, userID int64) error {
	return db.userTx(ctx, userID, "disable user", func(tx *sql.Tx) error {
		for _, q := range []string{
			"UPDATE users SET disabled = 1 WHERE id = ?",
			"DELETE FROM sessions WHERE user_id = ?",
			"DELETE FROM api_tokens WHERE user_id = ?",
		} {
			if _, err := tx.ExecContext(ctx, db.rebind(q), userID); err != nil {
				return err
			}
		}
		return nil
	})
}

// userTx runs f in a transaction after checking that the user exists.
func (db *DB) userTx(ctx context.Context, userID int64, what string, f func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, db.rebind("SELECT count(*) FROM users WHERE id = ?"), userID).Scan(&n); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "no user with id %d", userID)
	}
	if err := f(tx); err != nil {
		return fmt.Errorf("%s %d: %w", what, userID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s %d: %w", what, userID, err)
	}
	return nil
}

// CreateSession stores the session s (its token's hash, never the token).
func (db *DB) CreateSession(ctx context.Context, s pejling.Session) error {
	if s.TokenHash == "" || !s.ExpiresAt.After(s.CreatedAt) {
		return pejling.Errorf(pejling.EINVALID, "a session needs a token hash and an expiry after its creation")
	}
	last := s.LastSeen
	if last.IsZero() {
		last = s.CreatedAt
	}
	_, err := db.db.ExecContext(ctx, db.rebind(`INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen, verified)
		VALUES (?, ?, ?, ?, ?, ?)`), s.TokenHash, s.UserID, timeText(s.CreatedAt), timeText(s.ExpiresAt), timeText(last), boolInt(s.Verified))
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "the session exists already")
	} else if isForeignKeyViolation(err) {
		return pejling.Errorf(pejling.ENOTFOUND, "no user with id %d", s.UserID)
	} else if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// FindSession returns the session whose token has the hash. A session that has
// expired (by db.Now) is an ENOTFOUND error, as is one that does not exist: the caller
// cannot tell the two apart, and need not.
func (db *DB) FindSession(ctx context.Context, tokenHash string) (*pejling.Session, error) {
	var s pejling.Session
	var created, expires, last string
	var verified int
	err := db.db.QueryRowContext(ctx, db.rebind(`SELECT token_hash, user_id, created_at, expires_at, last_seen, verified, totp_pending
		FROM sessions WHERE token_hash = ? AND expires_at > ?`), tokenHash, timeText(db.Now())).
		Scan(&s.TokenHash, &s.UserID, &created, &expires, &last, &verified, &s.PendingTOTP)
	s.Verified = verified != 0
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no such session")
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	if s.CreatedAt, err = parseTime(created); err == nil {
		if s.ExpiresAt, err = parseTime(expires); err == nil {
			s.LastSeen, err = parseTime(last)
		}
	}
	return &s, err
}

// TouchSession records that the session was used at at, and moves its expiry to
// expiresAt (an idle timeout); an ENOTFOUND error when it does not exist.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, at, expiresAt time.Time) error {
	res, err := db.db.ExecContext(ctx, db.rebind("UPDATE sessions SET last_seen = ?, expires_at = ? WHERE token_hash = ?"),
		timeText(at), timeText(expiresAt), tokenHash)
	if err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "no such session")
	}
	return nil
}

// VerifySession marks the session as having passed the second factor; an ENOTFOUND
// error when it does not exist.
func (db *DB) VerifySession(ctx context.Context, tokenHash string) error {
	res, err := db.db.ExecContext(ctx, db.rebind("UPDATE sessions SET verified = 1 WHERE token_hash = ?"), tokenHash)
	if err != nil {
		return fmt.Errorf("verify session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "no such session")
	}
	return nil
}

// OfferTOTP keeps the TOTP key offered to the session's user for enrolment; an
// ENOTFOUND error when the session does not exist.
func (db *DB) OfferTOTP(ctx context.Context, tokenHash, key string) error {
	res, err := db.db.ExecContext(ctx, db.rebind("UPDATE sessions SET totp_pending = ? WHERE token_hash = ?"), key, tokenHash)
	if err != nil {
		return fmt.Errorf("offer TOTP key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "no such session")
	}
	return nil
}

// TOTPSecret returns the user's TOTP key (base32; "" when the user has not enrolled)
// and the last time step whose code was accepted.
func (db *DB) TOTPSecret(ctx context.Context, userID int64) (secret string, step int64, err error) {
	err = db.db.QueryRowContext(ctx, db.rebind("SELECT totp_secret, totp_step FROM users WHERE id = ?"), userID).Scan(&secret, &step)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, pejling.Errorf(pejling.ENOTFOUND, "no user with id %d", userID)
	} else if err != nil {
		return "", 0, fmt.Errorf("read TOTP key of user %d: %w", userID, err)
	}
	return secret, step, nil
}

// EnrolTOTP stores the user's TOTP key and the step of the code that confirmed it. A
// user who has a key already cannot enrol again (ECONFLICT): an admin resets it with
// ResetTOTP, so a stolen session cannot replace the second factor.
func (db *DB) EnrolTOTP(ctx context.Context, userID int64, secret string, step int64) error {
	if secret == "" {
		return pejling.Errorf(pejling.EINVALID, "a TOTP key is required")
	}
	res, err := db.db.ExecContext(ctx, db.rebind("UPDATE users SET totp_secret = ?, totp_step = ? WHERE id = ? AND totp_secret = ''"), secret, step, userID)
	if err != nil {
		return fmt.Errorf("enrol TOTP for user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.FindUser(ctx, userID); err != nil {
			return err
		}
		return pejling.Errorf(pejling.ECONFLICT, "the user has a second factor already")
	}
	return nil
}

// ResetTOTP removes the user's TOTP key, so that the next sign-in enrols a new one, and
// ends the user's sessions.
func (db *DB) ResetTOTP(ctx context.Context, userID int64) error {
	return db.userTx(ctx, userID, "reset TOTP of user", func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.rebind("UPDATE users SET totp_secret = '', totp_step = 0 WHERE id = ?"), userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, db.rebind("DELETE FROM sessions WHERE user_id = ?"), userID)
		return err
	})
}

// AcceptTOTPStep records that a code of time step step was accepted. A step not after
// the last accepted one is an ECONFLICT error: the code was used already (a replay).
func (db *DB) AcceptTOTPStep(ctx context.Context, userID int64, step int64) error {
	res, err := db.db.ExecContext(ctx, db.rebind("UPDATE users SET totp_step = ? WHERE id = ? AND totp_step < ?"), step, userID, step)
	if err != nil {
		return fmt.Errorf("accept TOTP code of user %d: %w", userID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pejling.Errorf(pejling.ECONFLICT, "the code was used already")
	}
	return nil
}

// DeleteSession ends the session whose token has the hash (sign-out). Ending a session
// that does not exist is not an error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.db.ExecContext(ctx, db.rebind("DELETE FROM sessions WHERE token_hash = ?"), tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of the user (sign out everywhere).
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := db.db.ExecContext(ctx, db.rebind("DELETE FROM sessions WHERE user_id = ?"), userID); err != nil {
		return fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions that expired before db.Now and returns
// how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := db.db.ExecContext(ctx, db.rebind("DELETE FROM sessions WHERE expires_at <= ?"), timeText(db.Now()))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}

// CreateAPIToken stores the API token t (its hash, never the token). The user must
// exist (ENOTFOUND).
func (db *DB) CreateAPIToken(ctx context.Context, t pejling.APIToken) error {
	if t.TokenHash == "" {
		return pejling.Errorf(pejling.EINVALID, "a token hash is required")
	}
	if _, err := db.FindUser(ctx, t.UserID); err != nil {
		return err
	}
	var expires any
	if !t.ExpiresAt.IsZero() {
		expires = timeText(t.ExpiresAt)
	}
	_, err := db.db.ExecContext(ctx, db.rebind(`INSERT INTO api_tokens (token_hash, user_id, name, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`), t.TokenHash, t.UserID, storable(t.Name), timeText(t.CreatedAt), expires)
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "the token exists already")
	} else if err != nil {
		return fmt.Errorf("create API token: %w", err)
	}
	return nil
}

// FindAPIToken returns the API token with the hash; an expired or unknown one is an
// ENOTFOUND error.
func (db *DB) FindAPIToken(ctx context.Context, tokenHash string) (*pejling.APIToken, error) {
	var t pejling.APIToken
	var created string
	var expires sql.NullString
	err := db.db.QueryRowContext(ctx, db.rebind(`SELECT token_hash, user_id, name, created_at, expires_at
		FROM api_tokens WHERE token_hash = ? AND (expires_at IS NULL OR expires_at > ?)`), tokenHash, timeText(db.Now())).
		Scan(&t.TokenHash, &t.UserID, &t.Name, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no such API token")
	} else if err != nil {
		return nil, fmt.Errorf("find API token: %w", err)
	}
	if t.CreatedAt, err = parseTime(created); err == nil && expires.Valid {
		t.ExpiresAt, err = parseTime(expires.String)
	}
	return &t, err
}

// AppendAudit adds e to the audit log and sets e.ID (and e.At to db.Now when zero). The
// log is append-only: nothing in Pejling changes a record, and only PurgeAudit removes
// them, by age.
func (db *DB) AppendAudit(ctx context.Context, e *pejling.AuditEntry) error {
	if e.At.IsZero() {
		e.At = db.Now()
	}
	e.At = e.At.UTC().Truncate(time.Microsecond)
	if e.Action == "" {
		return pejling.Errorf(pejling.EINVALID, "an audit record needs an action")
	}
	// A record is never refused for its text: what PostgreSQL cannot store (NUL, bad
	// UTF-8) is replaced, so the same record is kept on both databases.
	e.UserName, e.PersonID, e.Criteria, e.Purpose, e.Page = storable(e.UserName), storable(e.PersonID), storable(e.Criteria), storable(e.Purpose), storable(e.Page)
	err := db.db.QueryRowContext(ctx, db.rebind(`INSERT INTO audit_log (at, user_id, user_name, municipality, action, person_id, criteria, purpose, page)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		timeText(e.At), e.UserID, e.UserName, e.Municipality, string(e.Action), e.PersonID, e.Criteria, e.Purpose, e.Page).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("append audit record: %w", err)
	}
	return nil
}

// storable replaces what a PostgreSQL text column cannot hold — NUL and invalid UTF-8 —
// with U+FFFD.
func storable(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// ListAudit returns the audit records f selects, newest first.
func (db *DB) ListAudit(ctx context.Context, f pejling.AuditFilter) ([]pejling.AuditEntry, error) {
	var where []string
	var args []any
	if f.UserID != 0 {
		where, args = append(where, "user_id = ?"), append(args, f.UserID)
	}
	if f.Municipality != 0 {
		where, args = append(where, "municipality = ?"), append(args, f.Municipality)
	}
	if f.PersonID != "" {
		where, args = append(where, "person_id = ?"), append(args, storable(f.PersonID))
	}
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, string(f.Action))
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, timeText(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, timeText(f.To))
	}
	q := "SELECT id, at, user_id, user_name, municipality, action, person_id, criteria, purpose, page FROM audit_log"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY at DESC, id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	defer rows.Close()
	var es []pejling.AuditEntry
	for rows.Next() {
		var e pejling.AuditEntry
		var at, action string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.UserName, &e.Municipality, &action, &e.PersonID, &e.Criteria, &e.Purpose, &e.Page); err != nil {
			return nil, fmt.Errorf("list audit log: %w", err)
		}
		e.Action = pejling.AuditAction(action)
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list audit log: %w", err)
	}
	return es, nil
}

// PurgeAudit deletes the audit records older than olderThan — the retention rule
// (default six months, docs/operations.md) — and returns how many. It is the only
// deletion from the audit log.
func (db *DB) PurgeAudit(ctx context.Context, olderThan time.Time) (int64, error) {
	res, err := db.db.ExecContext(ctx, db.rebind("DELETE FROM audit_log WHERE at < ?"), timeText(olderThan))
	if err != nil {
		return 0, fmt.Errorf("purge audit log: %w", err)
	}
	return res.RowsAffected()
}
