package main

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/sqldb"
)

// writePlacements stores the placements of the municipality m through the store's
// placement methods: each as PlacementPolicy.New made it (from its confirmed
// reservation, whose store id is resIDs[i], or directly), then its history in one
// change, as the app stores a change. It runs after the reservations are replayed.
func writePlacements(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, resIDs []int64, user func(int64) int64) error {
	for _, x := range ops.Placements {
		if x.Made.Municipality != m {
			continue
		}
		made := x.Made
		made.CreatedBy = user(made.CreatedBy)
		if x.Reservation > 0 {
			made.ReservationID = resIDs[x.Reservation-1]
		}
		if err := db.CreatePlacement(ctx, &made); err != nil {
			return fmt.Errorf("placement of %s: %w", made.PersonID, err)
		}
		if reflect.DeepEqual(x.Final, x.Made) {
			continue
		}
		final := x.Final
		final.ID, final.SlotID, final.ReservationID, final.CreatedBy = made.ID, made.SlotID, made.ReservationID, made.CreatedBy
		for _, id := range []*int64{&final.ApprovedBy, &final.DecidedBy, &final.OutcomeBy} {
			if *id != 0 {
				*id = user(*id)
			}
		}
		final.FollowUps = slices.Clone(final.FollowUps)
		for i := range final.FollowUps {
			final.FollowUps[i].By = user(final.FollowUps[i].By)
		}
		if err := db.UpdatePlacement(ctx, &final, made.Version); err != nil {
			return fmt.Errorf("placement %d of %s: %w", made.ID, made.PersonID, err)
		}
	}
	return nil
}
