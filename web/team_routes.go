package web

import (
	"context"
	"net/http"
	"time"

	"github.com/pejling/pejling"
)

// The routes of the team boards: per team and consultant, weekly, goals against
// results (issue 8; joined in routes.go).
//
// Access: the boards are for a municipality's staff who read persons (PersonData), not
// for politicians: they rate named consultants, and each cell is computed from the
// spells of a small caseload. Teams, members and goals are managed by admins and
// analysts (Importer, the roles that manage the municipality's data); a caseload is
// assigned by any of the staff (PersonData), as consultants share out citizens
// themselves. The JSON API (team_api.go) has the same access, but its management
// routes are Manager (analysts and admins of the municipality, session only: no API
// token).
var (
	teamPageRoutes = []route{
		{Route{Pattern: "GET /teamtavler", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleTeamBoards) }},
		{Route{Pattern: "POST /teamtavler", Access: Importer}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleCreateTeam) }},
		{Route{Pattern: "GET /teamtavler/{team}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleTeamBoard) }},
		{Route{Pattern: "POST /teamtavler/{team}/medlemmer", Access: Importer}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleTeamMember) }},
		{Route{Pattern: "POST /teamtavler/{team}/maal", Access: Importer}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleTeamGoal) }},
		{Route{Pattern: "POST /teamtavler/{team}/sagsstamme", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleCaseload) }},
	}
	teamAPIRoutes = []route{
		{Route{"GET /api/v1/teams", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleAPITeams) }},
		{Route{"POST /api/v1/teams", Manager, true, nil}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleAPITeamCreate) }},
		{Route{"GET /api/v1/teams/{id}", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleAPITeam) }},
		{Route{"POST /api/v1/teams/{id}/members", Manager, true, nil}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleAPITeamMember) }},
		{Route{"POST /api/v1/teams/{id}/goals", Manager, true, nil}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleAPITeamGoal) }},
		{Route{"POST /api/v1/teams/{id}/caseloads", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsTeams(s.handleAPICaseload) }},
	}
)

// TeamStore is what the team boards read and write (sqldb.DB implements it).
type TeamStore interface {
	CreateTeam(ctx context.Context, t *pejling.Team) error
	FindTeams(ctx context.Context, municipality int) ([]pejling.Team, error)
	FindTeam(ctx context.Context, municipality int, id int64) (pejling.Team, error)
	AddTeamMember(ctx context.Context, municipality int, teamID, userID int64) error
	RemoveTeamMember(ctx context.Context, municipality int, teamID, userID int64) error
	FindTeamMembers(ctx context.Context, municipality int) ([]pejling.TeamMember, error)
	AssignCaseload(ctx context.Context, a *pejling.CaseloadAssignment, setBy int64) error
	EndCaseload(ctx context.Context, municipality int, personID string, last pejling.Date) error
	FindCaseloads(ctx context.Context, municipality int) ([]pejling.CaseloadAssignment, error)
	SetTeamGoal(ctx context.Context, g *pejling.TeamGoal, setBy int64) error
	FindTeamGoals(ctx context.Context, municipality int) ([]pejling.TeamGoal, error)
	CaseloadPersons(ctx context.Context, ids []string) ([]pejling.Person, pejling.Date, error)
	FindCompanyVisits(ctx context.Context, municipality int, since time.Time) ([]pejling.ContactLogEntry, error)
	FindJobOrdersOf(ctx context.Context, municipality int, openOnly bool) ([]pejling.JobOrder, error)
	ListUsers(ctx context.Context) ([]pejling.User, error)
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
