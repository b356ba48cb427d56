package sqldb

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// A municipality's own service-level policy (migrations/0016_order_requirements.sql):
// one row per municipality, replaced whole; the default policy is the absence of a row.

// SaveServicePolicy stores p as its municipality's policy, replacing the one stored. The
// JSON must be a policy employer.LoadPolicy accepts (EINVALID with its message) and at
// most pejling.MaxServicePolicyBytes; the user must be one of the municipality.
func (db *DB) SaveServicePolicy(ctx context.Context, p pejling.ServicePolicyFile) error {
	const what = "save service-level policy"
	switch {
	case p.Municipality < 1 || p.Municipality > 9999:
		return pejling.Errorf(pejling.EINVALID, "municipality code %d out of range", p.Municipality)
	case len(p.JSON) > pejling.MaxServicePolicyBytes:
		return pejling.Errorf(pejling.EINVALID, "the policy file is %d bytes; at most %d", len(p.JSON), pejling.MaxServicePolicyBytes)
	case storable(string(p.JSON)) != string(p.JSON):
		return pejling.Errorf(pejling.EINVALID, "the policy file has a NUL or is not valid UTF-8")
	}
	if _, err := employer.LoadPolicy(bytes.NewReader(p.JSON)); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	if err := db.checkOwner(ctx, tx, p.SavedBy, p.Municipality); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.rebind("DELETE FROM service_policies WHERE municipality = ?"), p.Municipality); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if _, err := tx.ExecContext(ctx, db.rebind("INSERT INTO service_policies (municipality, policy, saved_by, saved_at) VALUES (?, ?, ?, ?)"),
		p.Municipality, string(p.JSON), p.SavedBy, timeText(p.SavedAt)); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// FindServicePolicy returns the municipality's own policy, or ENOTFOUND when it counts
// in the default.
func (db *DB) FindServicePolicy(ctx context.Context, municipality int) (pejling.ServicePolicyFile, error) {
	p := pejling.ServicePolicyFile{Municipality: municipality}
	var js, at string
	err := db.db.QueryRowContext(ctx, db.rebind("SELECT policy, saved_by, saved_at FROM service_policies WHERE municipality = ?"), municipality).
		Scan(&js, &p.SavedBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return p, pejling.Errorf(pejling.ENOTFOUND, "municipality %d has no service-level policy of its own", municipality)
	} else if err != nil {
		return p, fmt.Errorf("find service-level policy: %w", err)
	}
	p.JSON = []byte(js)
	if p.SavedAt, err = parseTime(at); err != nil {
		return p, err
	}
	return p, nil
}

// DeleteServicePolicy returns the municipality to the default policy; deleting none is
// no error.
func (db *DB) DeleteServicePolicy(ctx context.Context, municipality int) error {
	if _, err := db.db.ExecContext(ctx, db.rebind("DELETE FROM service_policies WHERE municipality = ?"), municipality); err != nil {
		return fmt.Errorf("delete service-level policy: %w", err)
	}
	return nil
}
