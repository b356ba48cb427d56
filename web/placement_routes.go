package web

import (
	"net/http"

	"github.com/pejling/pejling"
)

// The routes of placements: created from a reservation or directly, followed up,
// approved and closed with an outcome (issue 8; joined in routes.go).
var (
	placementPageRoutes = []route{}
	placementAPIRoutes  = []route{}
)

// PlacementStore is what the placement pages read and write (sqldb.DB implements it).
type PlacementStore interface {
}

// needsPlacements answers 404 on the placement pages when the server has no store of them.
func (s *Server) needsPlacements(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Placements == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no placements are served here"))
			return
		}
		h(w, r)
	}
}
