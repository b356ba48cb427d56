package web

import (
	"net/http"
	"slices"
	"strings"
)

// Route is one route of the server: its mux pattern, who may use it (guard), and for
// the JSON API the query parameters its handler reads (documented in openapi.json).
// Every route is in one of two tables, apiRoutes (api.go) and pageRoutes (page.go),
// and the mux is built from them, so the access matrix test (access_test.go) sees
// every route there is.
type Route struct {
	Pattern string   // "GET /api/v1/figures"
	Access  Access   // who may use it
	API     bool     // a JSON route: 401/403 as JSON, bearer tokens accepted
	Params  []string // the query parameters of an API route, in the order documented
}

// Path is the route's URL path, the pattern without its method.
func (r Route) Path() string {
	_, path, _ := strings.Cut(r.Pattern, " ")
	return path
}

// The route tables, one per part of the app, joined. A new page or API route goes in
// the table of its part (or a new part's table, added here); the access matrix test
// and the OpenAPI test then check it.
var (
	pageRoutes = slices.Concat(corePageRoutes, benchmarkPageRoutes, importPageRoutes, survivalPageRoutes, factsheetPageRoutes, economicsPageRoutes, economicsFollowUpPageRoutes, economicsRefusionPageRoutes,
		companyPageRoutes, orderPageRoutes, slotPageRoutes, profilePageRoutes, progressionPageRoutes, placementPageRoutes, teamPageRoutes)
	apiRoutes = slices.Concat(coreAPIRoutes, benchmarkAPIRoutes, importAPIRoutes, survivalAPIRoutes, factsheetAPIRoutes, economicsAPIRoutes,
		companyAPIRoutes, orderAPIRoutes, slotAPIRoutes, profileAPIRoutes, progressionAPIRoutes, placementAPIRoutes, teamAPIRoutes)
)

// route is a Route with its handler.
type route struct {
	Route
	handler func(*Server) http.HandlerFunc
}

// Routes returns every route of the server, pages and API.
func Routes() []Route {
	var out []Route
	for _, t := range [][]route{pageRoutes, apiRoutes} {
		for _, r := range t {
			out = append(out, r.Route)
		}
	}
	return out
}

// APIRoutes returns the routes of the JSON API.
func APIRoutes() []Route {
	out := make([]Route, len(apiRoutes))
	for i, r := range apiRoutes {
		out[i] = r.Route
	}
	return out
}

// handle adds the routes of a table to the mux, each behind its access check.
func (s *Server) handle(routes []route) {
	for _, r := range routes {
		s.mux.HandleFunc(r.Pattern, s.guard(r.Access, r.API, r.handler(s)))
	}
}
