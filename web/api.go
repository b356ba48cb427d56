package web

import (
	_ "embed"
	"net/http"
	"strings"
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
	allow := map[string][]string{}
	var paths []string
	for _, r := range apiRoutes {
		method, _, _ := strings.Cut(r.Pattern, " ")
		if allow[r.Path()] == nil {
			paths = append(paths, r.Path())
		}
		allow[r.Path()] = append(allow[r.Path()], method)
	}
	for _, p := range paths {
		s.mux.HandleFunc(p, apiMethodNotAllowed(allow[p]))
	}
}

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
