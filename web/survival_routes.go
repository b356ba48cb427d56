package web

import "net/http"

// The routes of the survival part of the app (joined in routes.go). The page and the
// API keep a cache each.
var (
	survivalPageRoutes = []route{
		{Route{Pattern: "GET /overlevelse", Access: SignedIn}, func(s *Server) http.HandlerFunc { return newSurvivalHandler(s).handlePage }},
	}
	survivalAPIRoutes = []route{
		{Route{"GET /api/v1/survival", SignedIn, true, survivalParams}, func(s *Server) http.HandlerFunc { return newSurvivalHandler(s).handleAPI }},
	}
)
