package web

import (
	"bytes"
	"net/http"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/export"
)

// The download formats of every table: ?format=csv (comma, for programs), csv-da
// (semicolon and decimal comma, for Danish Excel) and xlsx. "" or "html" is the page.
const (
	formatCSV   = "csv"
	formatCSVDa = "csv-da"
	formatXLSX  = "xlsx"
)

// wantsDownload reports whether the request asks for a table as a file, and refuses an
// unknown format.
func wantsDownload(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "html":
		return "", nil
	case formatCSV, formatCSVDa, formatXLSX:
		return f, nil
	default:
		return "", pejling.Errorf(pejling.EINVALID, "unknown format %q: use csv, csv-da or xlsx", pejling.Clip(f))
	}
}

// writeTable sends t as a file in the format, named from base. The file is built in
// memory first, so an error sends an error and never half a file.
func (s *Server) writeTable(w http.ResponseWriter, r *http.Request, t export.Table, base, format string) {
	var b bytes.Buffer
	var err error
	ctype, ext := export.ContentTypeCSV, export.ExtCSV
	switch format {
	case formatCSV:
		err = export.WriteCSV(&b, t, export.Comma)
	case formatCSVDa:
		err = export.WriteCSV(&b, t, export.Semicolon)
	case formatXLSX:
		ctype, ext = export.ContentTypeXLSX, export.ExtXLSX
		err = export.WriteXLSX(&b, t)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+export.Filename(base, ext)+`"`)
	w.Write(b.Bytes())
}
