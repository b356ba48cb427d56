package web

import (
	_ "embed"
	"net/http"
)

//go:embed openapi.json
var openAPI []byte

// coreAPIRoutes are the first routes of the JSON API; each larger part of the app adds
// a table of its own file, joined in routes.go (apiRoutes).
var coreAPIRoutes = []route{
	{Route{"GET /api/v1/status", SignedIn, true, nil}, func(s *Server) http.HandlerFunc { return s.handleAPIStatus }},
	{Route{"GET /api/v1/figures", SignedIn, true, figureParams}, func(s *Server) http.HandlerFunc { return s.handleAPIFigures }},
	{Route{"GET /api/v1/openapi.json", Public, true, nil}, func(s *Server) http.HandlerFunc { return handleOpenAPI }},
}

// routeAPI adds the JSON API to the mux: each route, and a JSON 405 for the other
// methods on its path.
func (s *Server) routeAPI() {
	s.handle(apiRoutes)
	for _, r := range apiRoutes {
		s.mux.HandleFunc(r.Path(), handleAPIMethodNotAllowed)
	}
}

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
