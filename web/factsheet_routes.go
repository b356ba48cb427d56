package web

import "net/http"

// The routes of the fact sheet (joined in routes.go).
var (
	factsheetPageRoutes = []route{
		{Route{Pattern: "GET /kommuner/{code}/faktaark", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.needsBench(s.handleFactsheet) }},
		{Route{Pattern: "GET /kommuner/{code}/faktaark.pdf", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.needsBench(s.handleFactsheetPDF) }},
	}
	factsheetAPIRoutes = []route{
		{Route{"GET /api/v1/factsheet", SignedIn, true, factsheetParams}, func(s *Server) http.HandlerFunc { return s.handleAPIFactsheet }},
	}
)
