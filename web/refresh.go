package web

import (
	"context"
	"time"
)

// RefreshFigures keeps the stored figure set up to date with what it is computed from
// until ctx ends: every interval it asks the store to recompute the figure set if the
// register or the placements changed since it was computed (sqldb.DB.RefreshFigureSet,
// which compares the newest import and the placements' stamp and computes nothing
// otherwise). So a placement recorded on the pages reaches the key figures, the
// dashboards and the API within the interval, without waiting for an import or a
// restart. The import page refreshes at once through the same lock, so two
// computations never run side by side.
func (s *Server) RefreshFigures(ctx context.Context, interval time.Duration) {
	if s.Imports == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
		s.refreshMu.Lock()
		set, computed, err := s.Imports.RefreshFigureSet(ctx)
		s.refreshMu.Unlock()
		switch {
		case err != nil && ctx.Err() == nil:
			s.Logger.Error("refresh the figure set", "err", err)
		case computed:
			s.Logger.Info("figure set recomputed", "set", set.ID, "periods", set.Periods, "seconds", set.Seconds)
		}
	}
}
