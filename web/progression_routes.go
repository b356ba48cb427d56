package web

import (
	"context"
	"net/http"

	"github.com/pejling/pejling"
)

// The routes of progression measurement (issue 8; joined in routes.go). Progression is
// personal data: every route is for a municipality's staff who read persons
// (PersonData); the JSON API (progression_api.go) too: a municipal session with the
// second factor, never an API token.
// The person routes use {id} for the pseudonymous person id, as /borgere/{id} does.
var (
	progressionPageRoutes = []route{
		{Route{Pattern: "GET /progression", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleProgressionHome) }},
		{Route{Pattern: "GET /progression/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleProgressionPerson) }},
		{Route{Pattern: "POST /progression/{id}/fokus", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleFocusThemes) }},
		{Route{Pattern: "POST /progression/{id}/samtaler", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleConversation) }},
	}
	progressionAPIRoutes = []route{
		{Route{"GET /api/v1/progression", PersonData, true, []string{"per"}}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleAPIProgressionGroups) }},
		{Route{"GET /api/v1/progression/{id}", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleAPIProgressionPerson) }},
		{Route{"POST /api/v1/progression/{id}/conversations", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsProgression(s.handleAPIConversation) }},
	}
)

// ProgressionStore is what the pages of progression measurement read and write (sqldb.DB implements it).
type ProgressionStore interface {
	AddProgressionScores(ctx context.Context, municipality int, scores []pejling.ProgressionScore) error
	FindProgressionScores(ctx context.Context, municipality int, personID string) ([]pejling.ProgressionScore, error)
	FindAllProgressionScores(ctx context.Context, municipality int) ([]pejling.ProgressionScore, error)
	SetFocusThemes(ctx context.Context, municipality int, f pejling.FocusThemes, userID int64) error
	FindFocusThemes(ctx context.Context, municipality int, personID string) ([]pejling.FocusThemes, error)
	FindAllFocusThemes(ctx context.Context, municipality int) ([]pejling.FocusThemes, error)
}

// needsProgression answers 404 when the server has no progression store.
func (s *Server) needsProgression(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Progression == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no progression measurement is served here"))
			return
		}
		h(w, r)
	}
}
