package employer

import (
	"context"
	"time"

	"github.com/pejling/pejling"
)

// OrderStore keeps job orders (sqldb.DB is one). UpdateJobOrder stores next only if
// the stored order's version is still expectedVersion, else it fails with ECONFLICT;
// it does not judge the change, which is ChangeOrder's part.
type OrderStore interface {
	FindJobOrder(ctx context.Context, municipality int, id int64) (pejling.JobOrder, error)
	UpdateJobOrder(ctx context.Context, next pejling.JobOrder, expectedVersion int) error
}

// ChangeOrder applies the event ev, asked for by actor at now, to the order id of the
// municipality as the user saw it at version seen, and stores the result: the order is
// read, changed by Transition and stored if nobody changed it since. It fails with
// ECONFLICT, changing nothing, when the order is no longer at version seen (someone
// else changed it: the user must reload and decide again) or its status does not allow
// ev; with EINVALID for a bad event; with ENOTFOUND for an order of another
// municipality. It returns the stored order.
func ChangeOrder(ctx context.Context, s OrderStore, municipality int, id int64, seen int, ev pejling.OrderEvent, actor int64, now time.Time) (pejling.JobOrder, error) {
	o, err := s.FindJobOrder(ctx, municipality, id)
	if err != nil {
		return o, err
	}
	if o.Version != seen {
		return o, pejling.Errorf(pejling.ECONFLICT, "the order was changed by someone else (version %d); reload and try again", o.Version)
	}
	next, err := Transition(o, ev, actor, now)
	if err != nil {
		return o, err
	}
	if err := s.UpdateJobOrder(ctx, next, o.Version); err != nil {
		return o, err
	}
	return next, nil
}

// ChangeOrderRequirements replaces the requirements of the order id of the
// municipality, as the user saw it at version seen, by EditOrder, and stores the
// result; it fails as ChangeOrder does. It returns the stored order.
func ChangeOrderRequirements(ctx context.Context, s OrderStore, municipality int, id int64, seen int, req pejling.OrderRequirements, note string, actor int64, now time.Time) (pejling.JobOrder, error) {
	o, err := s.FindJobOrder(ctx, municipality, id)
	if err != nil {
		return o, err
	}
	if o.Version != seen {
		return o, pejling.Errorf(pejling.ECONFLICT, "the order was changed by someone else (version %d); reload and try again", o.Version)
	}
	next, err := EditOrder(o, req, note, actor, now)
	if err != nil {
		return o, err
	}
	if err := s.UpdateJobOrder(ctx, next, o.Version); err != nil {
		return o, err
	}
	return next, nil
}
