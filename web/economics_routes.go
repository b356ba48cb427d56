package web

import "net/http"

// The routes of the economics part of the app (joined in routes.go). A business case
// holds no personal data, so every signed-in role may use it. The case travels in the
// query of GET /oekonomi/businesscase (a case is a link to share); POST takes a saved
// case document as an upload.
var (
	economicsPageRoutes = []route{
		{Route{Pattern: "GET /oekonomi/businesscase", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.handleBusinessCase }},
		{Route{Pattern: "POST /oekonomi/businesscase", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.handleBusinessCaseUpload }},
		{Route{Pattern: "GET /oekonomi/budget", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.needsBench(s.handleBudget) }},
	}
	economicsAPIRoutes = []route{}
)
