package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

// InterventionCostUpload is where a municipality's stored intervention costs come
// from: the uploaded file, when and by whom.
type InterventionCostUpload struct {
	Municipality int // 0: national
	FileName     string
	UploadedAt   time.Time // UTC
	UserID       int64
	UserName     string
	Rows         int
}

// ReplaceInterventionCosts stores costs as the intervention costs of up.Municipality,
// replacing the rows and upload record it had, in one transaction: a failure leaves
// the earlier costs as they were. costs must be as economics.ReadInterventionCosts
// gives them (one row per intervention and year, costs ≥ 0).
func (db *DB) ReplaceInterventionCosts(ctx context.Context, up InterventionCostUpload, costs []economics.InterventionCost) error {
	const what = "store intervention costs"
	if up.Municipality < 0 || up.Municipality > 9999 {
		return pejling.Errorf(pejling.EINVALID, "%s: municipality code %d out of range", what, up.Municipality)
	}
	if up.UploadedAt.IsZero() {
		up.UploadedAt = db.Now()
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	for _, q := range []string{"DELETE FROM intervention_costs WHERE municipality = ?", "DELETE FROM intervention_cost_uploads WHERE municipality = ?"} {
		if _, err := tx.ExecContext(ctx, db.rebind(q), up.Municipality); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO intervention_cost_uploads (municipality, file_name, uploaded_at, user_id, user_name, row_count)
		VALUES (?, ?, ?, ?, ?, ?)`), up.Municipality, storable(up.FileName), timeText(up.UploadedAt), up.UserID, storable(up.UserName), len(costs)); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	ins := db.rebind(`INSERT INTO intervention_costs (municipality, intervention_id, year, cost_dkk, name, line) VALUES (?, ?, ?, ?, ?, ?)`)
	for _, c := range costs {
		if _, err := tx.ExecContext(ctx, ins, up.Municipality, c.InterventionID, c.Year, c.CostDKK, storable(c.Name), c.Line); err != nil {
			if isUniqueViolation(err) {
				return pejling.Errorf(pejling.EINVALID, "%s: intervention %s, year %d given twice", what, pejling.Clip(c.InterventionID), c.Year)
			}
			return fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// InterventionCosts returns the stored intervention costs of a municipality (0:
// national), ordered by intervention id and year, and their upload; ENOTFOUND when the
// municipality has none.
func (db *DB) InterventionCosts(ctx context.Context, municipality int) (InterventionCostUpload, []economics.InterventionCost, error) {
	const what = "read intervention costs"
	up := InterventionCostUpload{Municipality: municipality}
	tx, err := db.db.BeginTx(ctx, db.dialect.readTx())
	if err != nil {
		return up, nil, fmt.Errorf("%s: %w", what, err)
	}
	defer tx.Rollback()
	var at string
	err = tx.QueryRowContext(ctx, db.rebind(`SELECT file_name, uploaded_at, user_id, user_name, row_count
		FROM intervention_cost_uploads WHERE municipality = ?`), municipality).Scan(&up.FileName, &at, &up.UserID, &up.UserName, &up.Rows)
	if errors.Is(err, sql.ErrNoRows) {
		return up, nil, pejling.Errorf(pejling.ENOTFOUND, "no intervention costs stored for municipality %d", municipality)
	}
	if err != nil {
		return up, nil, fmt.Errorf("%s: %w", what, err)
	}
	if up.UploadedAt, err = parseTime(at); err != nil {
		return up, nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := tx.QueryContext(ctx, db.rebind(`SELECT intervention_id, year, cost_dkk, name, line FROM intervention_costs
		WHERE municipality = ? ORDER BY intervention_id`+db.dialect.byteOrder()+`, year`), municipality)
	if err != nil {
		return up, nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	costs := []economics.InterventionCost{}
	for rows.Next() {
		var c economics.InterventionCost
		if err := rows.Scan(&c.InterventionID, &c.Year, &c.CostDKK, &c.Name, &c.Line); err != nil {
			return up, nil, fmt.Errorf("%s: %w", what, err)
		}
		costs = append(costs, c)
	}
	if err := rows.Err(); err != nil {
		return up, nil, fmt.Errorf("%s: %w", what, err)
	}
	return up, costs, nil
}
