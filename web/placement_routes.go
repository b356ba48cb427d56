package web

import (
	"context"
	"net/http"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// The routes of placements: created from a reservation or directly, followed up,
// approved and closed with an outcome (issue 8; joined in routes.go). Every page names
// citizens, so all are PersonData, scoped to the user's municipality. The JSON API
// (placement_api.go) is PersonData too: a municipal session with the second factor,
// never an API token (api_json.go).
var (
	placementPageRoutes = []route{
		{Route{Pattern: "GET /placeringer", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handlePlacements) }},
		{Route{Pattern: "POST /placeringer", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handlePlacementCreate) }},
		{Route{Pattern: "GET /placeringer/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handlePlacement) }},
		{Route{Pattern: "POST /placeringer/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handlePlacementChange) }},
	}
	placementAPIRoutes = []route{
		{Route{"GET /api/v1/placements", PersonData, true, placementListParams}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handleAPIPlacements) }},
		{Route{"POST /api/v1/placements", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handleAPIPlacementCreate) }},
		{Route{"GET /api/v1/placements/{id}", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handleAPIPlacement) }},
		{Route{"POST /api/v1/placements/{id}/actions", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsPlacements(s.handleAPIPlacementAction) }},
	}
)

// PlacementStore is what the placement pages read and write (sqldb.DB implements it).
type PlacementStore interface {
	CreatePlacement(ctx context.Context, p *pejling.Placement) error
	UpdatePlacement(ctx context.Context, next *pejling.Placement, expectedVersion int) error
	FindPlacement(ctx context.Context, municipality int, id int64) (pejling.Placement, error)
	FindPlacements(ctx context.Context, f pejling.PlacementFilter) ([]pejling.Placement, error)
	// RegisterPerson gives the register's spells of a person (the benefit group at the
	// start, the outcome 6 months after the end) and the register's as_of.
	RegisterPerson(ctx context.Context, personID string) (pejling.Person, pejling.Date, error)
	FindReservation(ctx context.Context, municipality int, id int64) (*pejling.Reservation, error)
	FindSlot(ctx context.Context, municipality int, id int64) (*pejling.Slot, error)
}

// placementPolicy is the placement rules the pages apply: the default of
// employer/default_placements.json.
var placementPolicy = sync.OnceValue(employer.DefaultPlacementPolicy)

// placementPurpose is the purpose recorded for the reads of the placement pages.
const placementPurpose = "virksomhedsplacering: opfølgning"

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
