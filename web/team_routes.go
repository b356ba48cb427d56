package web

import (
	"net/http"

	"github.com/pejling/pejling"
)

// The routes of the team boards: per team and consultant, weekly, goals against
// results (issue 8; joined in routes.go).
var (
	teamPageRoutes = []route{}
	teamAPIRoutes  = []route{}
)

// TeamStore is what the team boards read and write (sqldb.DB implements it).
type TeamStore interface {
}

// needsTeams answers 404 on the team boards when the server has no store of them.
func (s *Server) needsTeams(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Teams == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no team boards are served here"))
			return
		}
		h(w, r)
	}
}
