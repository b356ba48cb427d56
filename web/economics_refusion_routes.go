package web

import "net/http"

// The routes of the reimbursement and effects pages (issue 7; joined in routes.go).
// Both show aggregates only (cells of municipality × group × year, and interventions),
// so every signed-in role may read them. Uploading a cost file changes what the effects
// page computes for a municipality, as an import changes the data: analysts and admins
// (Importer), who maintain the municipality's figures. Each page keeps its own cache;
// the upload needs none (it answers with a redirect to the page).
var economicsRefusionPageRoutes = []route{
	{Route{Pattern: "GET /oekonomi/refusion", Access: SignedIn}, func(s *Server) http.HandlerFunc { return newRefusionHandler(s).handlePage }},
	{Route{Pattern: "GET /oekonomi/effekter", Access: SignedIn}, func(s *Server) http.HandlerFunc { return newEffectsHandler(s).handlePage }},
	{Route{Pattern: "POST /oekonomi/effekter", Access: Importer}, func(s *Server) http.HandlerFunc { return newEffectsHandler(s).handleUpload }},
}
