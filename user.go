package pejling

import (
	"slices"
	"time"
)

// Role is what a user may do in Pejling (issue 6, "Accounts and roles"). A user has one.
type Role string

// The roles. Politicians read aggregates only; the others may also read the individual
// data of their own municipality, and some of them change things.
const (
	RoleAdmin      Role = "admin"       // manages users and everything an analyst does
	RoleAnalyst    Role = "analyst"     // imports data, reads aggregates and persons
	RoleConsultant Role = "consultant"  // reads aggregates and persons
	RoleCaseWorker Role = "case_worker" // reads aggregates and persons
	RolePolitician Role = "politician"  // reads aggregates only
)

// Roles returns every role, most privileged first.
func Roles() []Role {
	return []Role{RoleAdmin, RoleAnalyst, RoleConsultant, RoleCaseWorker, RolePolitician}
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// ParseRole returns the role named s, or an EINVALID error naming the roles there are.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", Errorf(EINVALID, "unknown role %q: use admin, analyst, consultant, case_worker or politician", s)
	}
	return r, nil
}

// NationalMunicipality is the Municipality of a user who belongs to all of them: a
// national operator.
const NationalMunicipality = 0

// User is an account of Pejling. The password hash is not part of it: it is read only
// where a password is checked, so that a User can be passed around and shown safely.
type User struct {
	ID   int64
	Name string // 1–64 of a-z 0-9 . _ - @, stored in lower case (ValidUserName)
	Role Role
	// Municipality is the code of the user's municipality, or NationalMunicipality (0)
	// for a national operator, who belongs to all of them.
	Municipality int
	CreatedAt    time.Time
	// Disabled users may do nothing; accounts are disabled rather than deleted so that
	// the audit log keeps pointing at them.
	Disabled bool
}

// National reports whether u is a national operator rather than a user of one
// municipality.
func (u User) National() bool { return u.Municipality == NationalMunicipality }

// active reports whether u may do anything at all: an enabled account with a known role.
func (u User) active() bool { return !u.Disabled && u.Role.Valid() }

// readsPersons reports whether u's role is one that may read individual-level data (in
// its own municipality).
func (r Role) readsPersons() bool {
	return r == RoleAdmin || r == RoleAnalyst || r == RoleConsultant || r == RoleCaseWorker
}

// CanReadAggregates reports whether u may read aggregated figures (key figures,
// benchmarks, fact sheets, survival curves): every signed-in, enabled user of any role
// and any municipality, national operators included. Aggregates hold no person.
func (u User) CanReadAggregates() bool { return u.active() }

// CanReadPerson reports whether u may read the individual-level data (spells, a
// citizen's profile) of a person of the municipality with the code municipality.
//
// The rule is the conservative one of issue 6: persons are visible only to roles inside
// the person's own municipality — an admin, analyst, consultant or case worker whose
// Municipality is that code. Politicians never see persons, and neither does a national
// operator (Municipality 0), whatever the role: the national level works on aggregates,
// and a person's data stays with the municipality responsible for the person. A
// municipality code of 0 (unknown) matches nobody.
func (u User) CanReadPerson(municipality int) bool {
	return u.active() && u.Role.readsPersons() &&
		!u.National() && municipality != NationalMunicipality && u.Municipality == municipality
}

// CanImport reports whether u may import data sets: admins and analysts.
func (u User) CanImport() bool {
	return u.active() && (u.Role == RoleAdmin || u.Role == RoleAnalyst)
}

// CanManageUsers reports whether u may create, disable and reset users, and read and
// export the audit log: admins. Which users an admin may manage is CanManageUser.
func (u User) CanManageUsers() bool { return u.active() && u.Role == RoleAdmin }

// CanManageUser reports whether u may create, change or disable the account other: a
// national admin any account, an admin of a municipality only the accounts of that
// municipality (so never a national one, which would see more than the admin does).
func (u User) CanManageUser(other User) bool {
	return u.CanManageUsers() && (u.National() || other.Municipality == u.Municipality)
}

// NeedsTOTP reports whether u must sign in with a second factor (TOTP): every user who
// can see personal data — an admin, analyst, consultant or case worker of a
// municipality — and every admin, national ones included, since admins manage the
// accounts that do and read the audit log, which names persons. National analysts,
// consultants and case workers, who see aggregates only, and politicians sign in with
// a password.
func (u User) NeedsTOTP() bool {
	return u.Role == RoleAdmin || (u.Role.readsPersons() && !u.National())
}

// MaxUserNameLen is the longest user name.
const MaxUserNameLen = 64

// ValidUserName returns an EINVALID error unless name is 1–64 characters of ASCII
// letters, digits, '.', '_', '-' and '@' (so that an e-mail address fits). Names are
// compared without regard to case: the store keeps them in lower case. Nothing else is
// allowed so that a name can never be mistaken for another (no look-alike letters, no
// control or invisible characters) and is safe in logs, files and URLs.
func ValidUserName(name string) error {
	if name == "" {
		return Errorf(EINVALID, "a user name is required")
	}
	if len(name) > MaxUserNameLen {
		return Errorf(EINVALID, "a user name is at most %d characters", MaxUserNameLen)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-' || c == '@') {
			return Errorf(EINVALID, "a user name may hold only the letters a–z, digits and . _ - @ (found %q at position %d)", rune(c), i+1)
		}
	}
	return nil
}

// Session is a signed-in browser. Only a hash of its token is stored (auth.HashToken):
// a copy of the store does not let anyone sign in.
type Session struct {
	TokenHash string // hex SHA-256 of the token in the cookie
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	// Verified is set once the second factor is given (at once for a role that needs
	// none); until then the session opens only the code page.
	Verified bool
	// PendingTOTP is the TOTP key offered to a user who is enrolling, until the first
	// code confirms it.
	PendingTOTP string
}

// APIToken is a bearer token of the JSON API, created with `pejling token create`. Only
// a hash of it is stored.
type APIToken struct {
	TokenHash string // hex SHA-256 of the token
	UserID    int64
	Name      string // the label given at creation
	CreatedAt time.Time
	ExpiresAt time.Time // zero: never expires
}

// AuditAction is what an audit record records being done to personal data (the Danish
// Data Protection Agency's logging guidance: reads, searches, changes, exports and
// deletions).
type AuditAction string

// The audited actions.
const (
	AuditRead   AuditAction = "read"
	AuditSearch AuditAction = "search"
	AuditChange AuditAction = "change"
	AuditExport AuditAction = "export"
	AuditDelete AuditAction = "delete"
)

// AuditEntry is one record of the audit log, which is append-only: records are only
// ever added, and removed only by the retention purge by age.
type AuditEntry struct {
	ID       int64
	At       time.Time // UTC
	UserID   int64
	UserName string // kept as it was, should the account change
	// Municipality is the user's municipality at the time (0: a national user).
	Municipality int
	Action       AuditAction
	PersonID     string // the person concerned, or "" for a search
	Criteria     string // the search criteria, for a search or an export
	Purpose      string // why: the task or case the user gave
	Page         string // where: the page or API route
}

// AuditFilter selects audit records; zero fields select everything.
type AuditFilter struct {
	UserID int64
	// Municipality selects the records of one municipality's staff; 0 selects all.
	Municipality int
	PersonID     string
	Action       AuditAction
	From, To     time.Time // From ≤ At < To
	Limit        int       // at most this many, newest first; 0 for all
}
