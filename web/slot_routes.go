package web

import (
	"context"
	"net/http"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// The routes of the placement bank and its reservations (issue 8; joined in routes.go).
// The placement bank is personal data (reservations name citizens): its JSON API
// (slot_api.go) is PersonData, a municipal session with the second factor, never an
// API token (api_json.go).
var (
	slotPageRoutes = []route{
		{Route{Pattern: "GET /jobboers", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleSlotSearch) }},
		{Route{Pattern: "POST /jobboers", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleSlotCreate) }},
		{Route{Pattern: "GET /jobboers/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleSlot) }},
		{Route{Pattern: "POST /jobboers/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleSlotUpdate) }},
		{Route{Pattern: "POST /jobboers/{id}/reservationer", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleReserve) }},
		{Route{Pattern: "POST /jobboers/reservationer/{rid}/bekraeft", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleConfirmReservation) }},
		{Route{Pattern: "POST /jobboers/reservationer/{rid}/frigiv", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleReleaseReservation) }},
	}
	slotAPIRoutes = []route{
		{Route{"GET /api/v1/slots", PersonData, true, slotSearchParams}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleAPISlots) }},
		{Route{"POST /api/v1/slots", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleAPISlotCreate) }},
		{Route{"GET /api/v1/slots/{id}", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleAPISlot) }},
		{Route{"POST /api/v1/slots/{id}/reservations", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleAPIReserve) }},
		{Route{"POST /api/v1/reservations/{id}/confirm", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleAPIConfirm) }},
		{Route{"POST /api/v1/reservations/{id}/release", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsSlots(s.handleAPIRelease) }},
	}
)

// SlotStore is what the pages of the placement bank and its reservations read and write (sqldb.DB implements it).
type SlotStore interface {
	CreateSlot(ctx context.Context, s *pejling.Slot) error
	FindSlot(ctx context.Context, municipality int, id int64) (*pejling.Slot, error)
	FindSlots(ctx context.Context, f sqldb.SlotFilter) ([]sqldb.SlotHit, error)
	UpdateSlot(ctx context.Context, municipality int, id int64, upd sqldb.SlotUpdate) (*pejling.Slot, error)
	ReserveSlot(ctx context.Context, municipality int, slotID int64, personID string, userID int64, now time.Time, hold time.Duration) (*pejling.Reservation, error)
	ConfirmReservation(ctx context.Context, municipality int, id int64, now time.Time) (*pejling.Reservation, error)
	ReleaseReservation(ctx context.Context, municipality int, id int64, now time.Time) (*pejling.Reservation, error)
	FindReservation(ctx context.Context, municipality int, id int64) (*pejling.Reservation, error)
	FindReservations(ctx context.Context, f sqldb.ReservationFilter) ([]pejling.Reservation, error)
	// FindCompanyRecord gives a slot's company its name (the municipality's record, or
	// the register's); ENOTFOUND leaves the CVR number alone.
	FindCompanyRecord(ctx context.Context, municipality int, cvr string) (*pejling.CompanyRecord, error)
}

// needsSlots answers 404 on the placement bank's pages when the server has no store of it.
func (s *Server) needsSlots(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Slots == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no placement bank is served here"))
			return
		}
		h(w, r)
	}
}
