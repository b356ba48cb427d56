package web

import (
	_ "embed"
	"net/http"
	"strings"
)

//go:embed openapi.json
var openAPI []byte

// APIRoute is one route of the JSON API under /api/v1/: its mux pattern and the query
// parameters its handler reads. openapi.json documents every one (openapi_test.go).
type APIRoute struct {
	Pattern string   // "GET /api/v1/figures"
	Params  []string // the query parameters, in the order documented
}

// Path is the route's URL path, the pattern without its method.
func (r APIRoute) Path() string {
	_, path, _ := strings.Cut(r.Pattern, " ")
	return path
}

// apiRoute is an APIRoute with its handler.
type apiRoute struct {
	APIRoute
	handler func(*Server) http.HandlerFunc
}

// apiRoutes is the route table of the JSON API, kept in this one place.
var apiRoutes = []apiRoute{
	{APIRoute{"GET /api/v1/status", nil}, func(s *Server) http.HandlerFunc { return s.handleAPIStatus }},
	{APIRoute{"GET /api/v1/figures", figureParams}, func(s *Server) http.HandlerFunc { return s.handleAPIFigures }},
	{APIRoute{"GET /api/v1/openapi.json", nil}, func(s *Server) http.HandlerFunc { return handleOpenAPI }},
}

// APIRoutes returns the routes of the JSON API.
func APIRoutes() []APIRoute {
	out := make([]APIRoute, len(apiRoutes))
	for i, r := range apiRoutes {
		out[i] = r.APIRoute
	}
	return out
}

// routeAPI adds the JSON API to the mux: each route, and a JSON 405 for the other
// methods on its path.
func (s *Server) routeAPI() {
	for _, r := range apiRoutes {
		s.mux.HandleFunc(r.Pattern, r.handler(s))
		s.mux.HandleFunc(r.Path(), handleAPIMethodNotAllowed)
	}
}

func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}
