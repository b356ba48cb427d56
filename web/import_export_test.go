package web

import "net/http"

// ImportWithLimits serves s with POST /data/import answered within the limits given
// (the route table's handler has the production ones), for the tests of large and
// hostile uploads: the same guard and cross-origin check as the route.
func ImportWithLimits(s *Server, maxUpload, maxUnpacked int64, maxEntries int) http.Handler {
	h := importHandler{s, importLimits{MaxUpload: maxUpload, MaxUnpacked: maxUnpacked, MaxRatio: defaultImportLimits.MaxRatio, MaxEntries: maxEntries}}
	mux := http.NewServeMux()
	mux.Handle("POST /data/import", s.csrf.Handler(s.guard(Importer, false, h.upload)))
	mux.Handle("/", s)
	return mux
}
