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

// The company register of the employer service (migrations/0009_company_register.sql):
// a municipality's own records of companies and of the persons it talks to there. The
// imported register (`companies`) is only read here, as the fallback of a record's
// name, industry and size.

// maxListLimit is the most rows a Find… of this file and contact_log.go returns.
const (
	defaultListLimit = 100
	maxListLimit     = 1000
)

func listLimit(n int) int {
	switch {
	case n <= 0:
		return defaultListLimit
	case n > maxListLimit:
		return maxListLimit
	}
	return n
}

// CreateCompanyRecord stores the new record r with version 1 and sets r.Version,
// r.CreatedAt and r.UpdatedAt. An empty package is PackageNone. A record of the company
// in the municipality exists already: ECONFLICT; a bad field or an owner who is not a
// user of the municipality: EINVALID.
func (db *DB) CreateCompanyRecord(ctx context.Context, r *pejling.CompanyRecord) error {
	if r.Package == "" {
		r.Package = pejling.PackageNone
	}
	if err := r.Validate(); err != nil {
		return err
	}
	what := "create the record of company " + r.CVR
	now := db.Now().UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := db.checkUserOf(ctx, tx, "owner", r.OwnerID, r.Municipality); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO company_records (municipality, cvr, name, address, postcode, city,
		industry, size_band, service_package, owner_id, notes, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`),
		r.Municipality, r.CVR, r.Name, r.Address, r.Postcode, r.City, r.Industry, string(r.SizeBand),
		string(r.Package), nullID(r.OwnerID), r.Notes, timeText(now), timeText(now))
	if isUniqueViolation(err) {
		return pejling.Errorf(pejling.ECONFLICT, "municipality %d has a record of company %s already", r.Municipality, r.CVR)
	} else if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	r.Version, r.CreatedAt, r.UpdatedAt = 1, now, now
	return nil
}

// ensureCompanyRecord creates an empty record (package none, everything else from the
// register when read) of the company in the municipality unless there is one: logging
// a contact or adding a contact person starts the job centre's relationship.
func (db *DB) ensureCompanyRecord(ctx context.Context, tx *sql.Tx, municipality int, cvr string, now time.Time) error {
	_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO company_records (municipality, cvr, name, address, postcode, city,
		industry, size_band, service_package, owner_id, notes, version, created_at, updated_at)
		VALUES (?, ?, '', '', '', '', '', '', ?, NULL, '', 1, ?, ?)
		ON CONFLICT (municipality, cvr) DO NOTHING`),
		municipality, cvr, string(pejling.PackageNone), timeText(now), timeText(now))
	return err
}

// checkUserOf returns an EINVALID error naming field unless id is 0 (none) or a user of
// the municipality.
func (db *DB) checkUserOf(ctx context.Context, tx *sql.Tx, field string, id int64, municipality int) error {
	if id == 0 {
		return nil
	}
	var m int
	err := tx.QueryRowContext(ctx, db.rebind("SELECT municipality FROM users WHERE id = ?"), id).Scan(&m)
	if errors.Is(err, sql.ErrNoRows) {
		return pejling.Errorf(pejling.EINVALID, "%s: no user with id %d", field, id)
	} else if err != nil {
		return fmt.Errorf("check %s %d: %w", field, id, err)
	}
	if m != municipality {
		return pejling.Errorf(pejling.EINVALID, "%s: user %d is not a user of municipality %d", field, id, municipality)
	}
	return nil
}

// nullID is id, or NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// companyRecordSelect reads records with the register's row of the company, if any.
const companyRecordSelect = `SELECT r.municipality, r.cvr, r.name, r.address, r.postcode, r.city, r.industry, r.size_band,
	r.service_package, r.owner_id, r.notes, r.version, r.created_at, r.updated_at,
	c.cvr, c.name, c.municipality, c.industry, c.employees
	FROM company_records r LEFT JOIN companies c ON c.cvr = r.cvr`

func scanCompanyRecord(row interface{ Scan(...any) error }) (*pejling.CompanyRecord, error) {
	var r pejling.CompanyRecord
	var size, pkg, created, updated string
	var owner, regMuni, regEmp sql.NullInt64
	var regCVR, regName, regIndustry sql.NullString
	if err := row.Scan(&r.Municipality, &r.CVR, &r.Name, &r.Address, &r.Postcode, &r.City, &r.Industry, &size,
		&pkg, &owner, &r.Notes, &r.Version, &created, &updated,
		&regCVR, &regName, &regMuni, &regIndustry, &regEmp); err != nil {
		return nil, err
	}
	r.SizeBand, r.Package, r.OwnerID = pejling.SizeBand(size), pejling.ServicePackage(pkg), owner.Int64
	var err error
	if r.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	if r.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	if regCVR.Valid {
		reg := &pejling.Company{CVR: regCVR.String, Name: regName.String, Municipality: int(regMuni.Int64),
			Industry: regIndustry.String, Employees: -1}
		if regEmp.Valid {
			reg.Employees = int(regEmp.Int64)
		}
		r.Register = reg
		if r.Name == "" && reg.Name != "" {
			r.Name, r.FromRegister.Name = reg.Name, true
		}
		if r.Industry == "" && reg.Industry != "" {
			r.Industry, r.FromRegister.Industry = reg.Industry, true
		}
		if b := pejling.SizeBandOf(reg.Employees); r.SizeBand == pejling.SizeUnknown && b != pejling.SizeUnknown {
			r.SizeBand, r.FromRegister.SizeBand = b, true
		}
	}
	return &r, nil
}

// FindCompanyRecord returns the record of the company in the municipality, with the
// register's values where the record has none (FromRegister says which); ENOTFOUND when
// the municipality has no record of it — also when another municipality has one.
func (db *DB) FindCompanyRecord(ctx context.Context, municipality int, cvr string) (*pejling.CompanyRecord, error) {
	return findCompanyRecord(ctx, db, db.db, municipality, cvr)
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func findCompanyRecord(ctx context.Context, db *DB, q queryRower, municipality int, cvr string) (*pejling.CompanyRecord, error) {
	r, err := scanCompanyRecord(q.QueryRowContext(ctx, db.rebind(companyRecordSelect+" WHERE r.municipality = ? AND r.cvr = ?"), municipality, cvr))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "municipality %d has no record of company %s", municipality, pejling.Clip(cvr))
	} else if err != nil {
		return nil, fmt.Errorf("find the record of company %s: %w", pejling.Clip(cvr), err)
	}
	return r, nil
}

// FindCompanyRecords returns the records of f.Municipality that f selects, ordered by
// name (the register's when the record has none), then CVR. Text matches without regard
// to case (for letters outside ASCII only on PostgreSQL: SQLite's lower() folds ASCII).
func (db *DB) FindCompanyRecords(ctx context.Context, f pejling.CompanyFilter) ([]pejling.CompanyRecord, error) {
	if err := pejling.ValidMunicipalityCode(f.Municipality); err != nil {
		return nil, err
	}
	where := []string{"r.municipality = ?"}
	args := []any{f.Municipality}
	if f.Package != "" {
		if !f.Package.Valid() {
			return nil, pejling.Errorf(pejling.EINVALID, "service package: unknown package %q", pejling.Clip(string(f.Package)))
		}
		where, args = append(where, "r.service_package = ?"), append(args, string(f.Package))
	}
	if f.Owner != 0 {
		where, args = append(where, "r.owner_id = ?"), append(args, f.Owner)
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		if len(t) > 200 {
			return nil, pejling.Errorf(pejling.EINVALID, "search text: at most 200 characters")
		}
		p := "%" + likeEscaper.Replace(strings.ToLower(storable(t))) + "%"
		where = append(where, `(r.cvr LIKE ? ESCAPE '\' OR lower(r.name) LIKE ? ESCAPE '\' OR lower(coalesce(c.name, '')) LIKE ? ESCAPE '\'
			OR lower(r.address) LIKE ? ESCAPE '\' OR lower(r.city) LIKE ? ESCAPE '\')`)
		args = append(args, p, p, p, p, p)
	}
	args = append(args, listLimit(f.Limit))
	q := companyRecordSelect + " WHERE " + strings.Join(where, " AND ") +
		" ORDER BY coalesce(nullif(r.name, ''), c.name, '')" + db.dialect.byteOrder() + ", r.cvr LIMIT ?"
	rows, err := db.db.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("find company records: %w", err)
	}
	defer rows.Close()
	rs := []pejling.CompanyRecord{}
	for rows.Next() {
		r, err := scanCompanyRecord(rows)
		if err != nil {
			return nil, fmt.Errorf("find company records: %w", err)
		}
		rs = append(rs, *r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find company records: %w", err)
	}
	return rs, nil
}

// likeEscaper escapes the wildcards of LIKE (with ESCAPE '\').
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// UpdateCompanyRecord applies upd to the record of the company in the municipality if
// the record is still at expectedVersion, and returns the record as it is now (version
// one higher). When someone else changed the record since that version it is refused
// with ECONFLICT and nothing changes: of two updates made from the same version exactly
// one wins. No record: ENOTFOUND; a bad value: EINVALID.
func (db *DB) UpdateCompanyRecord(ctx context.Context, municipality int, cvr string, upd pejling.CompanyUpdate, expectedVersion int64) (*pejling.CompanyRecord, error) {
	what := "update the record of company " + pejling.Clip(cvr)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	// The stored values, without the register's fallbacks, are what upd changes.
	var r pejling.CompanyRecord
	var size, pkg string
	var owner sql.NullInt64
	err = tx.QueryRowContext(ctx, db.rebind(`SELECT name, address, postcode, city, industry, size_band, service_package,
		owner_id, notes, version FROM company_records WHERE municipality = ? AND cvr = ?`), municipality, cvr).Scan(
		&r.Name, &r.Address, &r.Postcode, &r.City, &r.Industry, &size, &pkg, &owner, &r.Notes, &r.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "municipality %d has no record of company %s", municipality, pejling.Clip(cvr))
	} else if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if r.Version != expectedVersion {
		return nil, versionConflict(cvr, expectedVersion, r.Version)
	}
	r.Municipality, r.CVR = municipality, cvr
	r.SizeBand, r.Package, r.OwnerID = pejling.SizeBand(size), pejling.ServicePackage(pkg), owner.Int64
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	set(&r.Name, upd.Name)
	set(&r.Address, upd.Address)
	set(&r.Postcode, upd.Postcode)
	set(&r.City, upd.City)
	set(&r.Industry, upd.Industry)
	set(&r.Notes, upd.Notes)
	if upd.SizeBand != nil {
		r.SizeBand = *upd.SizeBand
	}
	if upd.Package != nil {
		r.Package = *upd.Package
	}
	if upd.OwnerID != nil {
		r.OwnerID = *upd.OwnerID
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if upd.OwnerID != nil {
		if err := db.checkUserOf(ctx, tx, "owner", r.OwnerID, municipality); err != nil {
			return nil, err
		}
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	// The version condition, not the read above, is what decides between concurrent
	// updates: on PostgreSQL the second UPDATE waits for the first's row lock and then
	// finds the version moved on; on SQLite write transactions take turns.
	res, err := tx.ExecContext(ctx, db.rebind(`UPDATE company_records SET name = ?, address = ?, postcode = ?, city = ?,
		industry = ?, size_band = ?, service_package = ?, owner_id = ?, notes = ?, version = version + 1, updated_at = ?
		WHERE municipality = ? AND cvr = ? AND version = ?`),
		r.Name, r.Address, r.Postcode, r.City, r.Industry, string(r.SizeBand), string(r.Package), nullID(r.OwnerID),
		r.Notes, timeText(now), municipality, cvr, expectedVersion)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	} else if n == 0 {
		return nil, versionConflict(cvr, expectedVersion, -1)
	}
	out, err := findCompanyRecord(ctx, db, tx, municipality, cvr)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		if isSerializationFailure(err) {
			return nil, versionConflict(cvr, expectedVersion, -1)
		}
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

func versionConflict(cvr string, expected, now int64) error {
	if now < 0 {
		return pejling.Errorf(pejling.ECONFLICT, "the record of company %s was changed by someone else after version %d: reload it and make your change again", pejling.Clip(cvr), expected)
	}
	return pejling.Errorf(pejling.ECONFLICT, "the record of company %s was changed by someone else: you edited version %d, it is now at version %d; reload it and make your change again", pejling.Clip(cvr), expected, now)
}

// isSerializationFailure reports whether err is PostgreSQL's serialization failure or
// deadlock, which a concurrent change can cause.
func isSerializationFailure(err error) bool {
	c := pgCode(err)
	return c == "40001" || c == "40P01"
}

// CreateCompanyContact stores the contact person c and sets c.ID, c.CreatedAt and
// c.UpdatedAt. A company without a record in the municipality gets an empty one.
func (db *DB) CreateCompanyContact(ctx context.Context, c *pejling.CompanyContact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	what := "add a contact person to company " + c.CVR
	now := db.Now().UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := db.ensureCompanyRecord(ctx, tx, c.Municipality, c.CVR, now); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO company_contacts (municipality, cvr, name, role, phone, email, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.Municipality, c.CVR, c.Name, c.Role, c.Phone, c.Email,
		timeText(now), timeText(now)).Scan(&id); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	c.ID, c.CreatedAt, c.UpdatedAt = id, now, now
	return nil
}

const companyContactColumns = "id, municipality, cvr, name, role, phone, email, created_at, updated_at"

func scanCompanyContact(row interface{ Scan(...any) error }) (*pejling.CompanyContact, error) {
	var c pejling.CompanyContact
	var created, updated string
	if err := row.Scan(&c.ID, &c.Municipality, &c.CVR, &c.Name, &c.Role, &c.Phone, &c.Email, &created, &updated); err != nil {
		return nil, err
	}
	var err error
	if c.CreatedAt, err = parseTime(created); err != nil {
		return nil, err
	}
	c.UpdatedAt, err = parseTime(updated)
	return &c, err
}

// FindCompanyContactByID returns the contact person with the id in the municipality;
// ENOTFOUND when there is none (or it is another municipality's).
func (db *DB) FindCompanyContactByID(ctx context.Context, municipality int, id int64) (*pejling.CompanyContact, error) {
	c, err := scanCompanyContact(db.db.QueryRowContext(ctx, db.rebind("SELECT "+companyContactColumns+
		" FROM company_contacts WHERE municipality = ? AND id = ?"), municipality, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no contact person with id %d", id)
	} else if err != nil {
		return nil, fmt.Errorf("find contact person %d: %w", id, err)
	}
	return c, nil
}

// FindCompanyContacts returns the contact persons of the company in the municipality,
// ordered by name.
func (db *DB) FindCompanyContacts(ctx context.Context, municipality int, cvr string) ([]pejling.CompanyContact, error) {
	rows, err := db.db.QueryContext(ctx, db.rebind("SELECT "+companyContactColumns+
		" FROM company_contacts WHERE municipality = ? AND cvr = ? ORDER BY name"+db.dialect.byteOrder()+", id"), municipality, cvr)
	if err != nil {
		return nil, fmt.Errorf("find the contact persons of company %s: %w", pejling.Clip(cvr), err)
	}
	defer rows.Close()
	cs := []pejling.CompanyContact{}
	for rows.Next() {
		c, err := scanCompanyContact(rows)
		if err != nil {
			return nil, fmt.Errorf("find the contact persons of company %s: %w", pejling.Clip(cvr), err)
		}
		cs = append(cs, *c)
	}
	return cs, rows.Err()
}

// UpdateCompanyContact applies upd to the contact person with the id in the
// municipality and returns it as it is now.
func (db *DB) UpdateCompanyContact(ctx context.Context, municipality int, id int64, upd pejling.CompanyContactUpdate) (*pejling.CompanyContact, error) {
	c, err := db.FindCompanyContactByID(ctx, municipality, id)
	if err != nil {
		return nil, err
	}
	for _, f := range []struct{ dst, src *string }{{&c.Name, upd.Name}, {&c.Role, upd.Role}, {&c.Phone, upd.Phone}, {&c.Email, upd.Email}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	res, err := db.db.ExecContext(ctx, db.rebind(`UPDATE company_contacts SET name = ?, role = ?, phone = ?, email = ?, updated_at = ?
		WHERE municipality = ? AND id = ?`), c.Name, c.Role, c.Phone, c.Email, timeText(now), municipality, id)
	if err != nil {
		return nil, fmt.Errorf("update contact person %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no contact person with id %d", id)
	}
	c.UpdatedAt = now
	return c, nil
}

// DeleteCompanyContact removes the contact person with the id in the municipality (a
// person who left the company: the job centre keeps no data on people it no longer
// needs). ENOTFOUND when there is none.
func (db *DB) DeleteCompanyContact(ctx context.Context, municipality int, id int64) error {
	res, err := db.db.ExecContext(ctx, db.rebind("DELETE FROM company_contacts WHERE municipality = ? AND id = ?"), municipality, id)
	if err != nil {
		return fmt.Errorf("delete contact person %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return pejling.Errorf(pejling.ENOTFOUND, "no contact person with id %d", id)
	}
	return nil
}
