package web

import "net/http"

// The routes of the follow-up of a business case (joined in routes.go). The page shows
// aggregates of a target group, never a person, and withholds years of fewer than 5
// (economics_followup.go), so every signed-in role may use it.
var economicsFollowUpPageRoutes = []route{
	{Route{Pattern: "GET /oekonomi/opfoelgning", Access: SignedIn}, func(s *Server) http.HandlerFunc { return newFollowUpHandler(s).handle }},
}
