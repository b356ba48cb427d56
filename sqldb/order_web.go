package sqldb

import (
	"context"

	"github.com/pejling/pejling"
)

// FindJobOrdersOf returns the job orders of the municipality with their histories,
// newest first; with openOnly only those not filled or closed. It is FindJobOrders
// with the two selections the order pages ask the store for as plain arguments, so
// that the web adapter, which does not import sqldb, can name it in an interface; the
// pages narrow by status, owner and team themselves, as the overdue list and the
// service-level shares need every open order (or every order) anyway.
func (db *DB) FindJobOrdersOf(ctx context.Context, municipality int, openOnly bool) ([]pejling.JobOrder, error) {
	return db.FindJobOrders(ctx, JobOrderFilter{Municipality: municipality, Open: openOnly})
}
