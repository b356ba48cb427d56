package web

import (
	"context"
	"net/http"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// The routes of citizens' job profiles and matching (issue 8; joined in routes.go).
// {id} of /profiler/{id} is a citizen's pseudonymous person id; of /jobboers/{id} a
// slot's number. Profiles and matches name citizens: the JSON API (profile_api.go) is
// PersonData, a municipal session with the second factor, never an API token.
//
// Matching is against the placement bank's slots (pejling.Slot.Vacancy): a job order
// has no occupation, skills or place of work yet, so orders join the matching when
// they get those fields.
var (
	profilePageRoutes = []route{
		{Route{Pattern: "GET /profiler", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleProfileStart) }},
		{Route{Pattern: "GET /profiler/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleProfile) }},
		{Route{Pattern: "POST /profiler/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleProfileSave) }},
		{Route{Pattern: "GET /jobboers/{id}/kandidater", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleCandidates) }},
	}
	profileAPIRoutes = []route{
		{Route{"GET /api/v1/profiles/{id}", PersonData, true, []string{"purpose"}}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleAPIProfile) }},
		{Route{"PUT /api/v1/profiles/{id}", PersonData, true, []string{"purpose"}}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleAPIProfileSave) }},
		{Route{"GET /api/v1/profiles/{id}/matches", PersonData, true, []string{"purpose"}}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleAPIProfileSlots) }},
		{Route{"GET /api/v1/slots/{id}/candidates", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsProfiles(s.handleAPICandidates) }},
	}
)

// ProfileStore is what the pages of citizens' job profiles and matching read and write (sqldb.DB implements it).
// The slots matched against are read through the server's SlotStore.
type ProfileStore interface {
	SaveProfile(ctx context.Context, municipality int, p pejling.Profile, userID int64, version int) (*sqldb.ProfileRecord, error)
	FindProfile(ctx context.Context, municipality int, personID string) (*sqldb.ProfileRecord, error)
	FindProfiles(ctx context.Context, municipality int) ([]pejling.Profile, error)
}

// needsProfiles answers 404 on the matching pages when the server has no store of
// profiles or of the placement bank.
func (s *Server) needsProfiles(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Profiles == nil || s.Slots == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no job profiles are served here"))
			return
		}
		h(w, r)
	}
}
