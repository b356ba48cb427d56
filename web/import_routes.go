package web

import "net/http"

// The routes of the import part of the app (joined in routes.go).
var (
	importPageRoutes = []route{
		{Route{Pattern: "GET /data/import", Access: Importer}, func(s *Server) http.HandlerFunc {
			return importHandler{s, defaultImportLimits}.form
		}},
		{Route{Pattern: "POST /data/import", Access: Importer}, func(s *Server) http.HandlerFunc {
			return importHandler{s, defaultImportLimits}.upload
		}},
	}
	importAPIRoutes = []route{}
)
