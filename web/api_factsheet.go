package web

import (
	"net/http"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/locale"
)

// factsheetParams are the query parameters of GET /api/v1/factsheet.
var factsheetParams = []string{"municipality", "period", "reference", "lang"}

// handleAPIFactsheet answers the fact sheet of a municipality as numbers (FactSheet):
// the same content as the page and the PDF; the conclusions in lang (en by default, as
// the API's other texts).
func (s *Server) handleAPIFactsheet(w http.ResponseWriter, r *http.Request) {
	q, err := parseBenchQuery(r.URL.RawQuery, factsheetParams)
	if err == nil && q.municipality == 0 {
		err = pejling.Errorf(pejling.EINVALID, "municipality: missing; give its code or name")
	}
	if err == nil && q.reference != "" && q.reference != benchmark.RefMunicipality {
		err = pejling.Errorf(pejling.EINVALID, "reference: a fact sheet's reference is a municipality, not %s", q.reference)
	}
	if err == nil && s.Bench == nil {
		err = pejling.Errorf(pejling.ENOTFOUND, "no key figures are served here")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	in, err := s.factsheetInputOf(r.Context(), q.municipality, q.refMuni, q.period)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	l := locale.English
	if q.lang == "da" {
		l = locale.Danish
	}
	fs, err := s.factSheet(r.Context(), in, l)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, fs)
}
