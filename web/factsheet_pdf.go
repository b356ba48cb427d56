package web

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/browser"
	"github.com/pejling/pejling/export"
)

// The PDF of a fact sheet is the printable page printed by headless Chromium (package
// browser, over a pipe): the same HTML, so the PDF and the page cannot differ. The page
// is rendered standalone (stylesheets inlined) and served to the browser once, from a
// listener on 127.0.0.1 that lives for the one print and answers only a random path:
// the browser needs no cookie of the user's and reaches nothing else of the server.

// pdfSlots bounds the PDFs printed at once: each is a Chromium process (~1–2 s, ~150 MB).
var pdfSlots = make(chan struct{}, 2)

// pdfTimeout bounds one print, start of Chromium included.
const pdfTimeout = 60 * time.Second

func (s *Server) handleFactsheetPDF(w http.ResponseWriter, r *http.Request) {
	in, err := s.factsheetRequest(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	p := newPage(r, "fact.title")
	fs, err := s.factSheet(r.Context(), in, p.Lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := formatFactsheet(p, fs, in)
	doc, err := s.renderFactsheetPrint(pg)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), pdfTimeout)
	defer cancel()
	select {
	case pdfSlots <- struct{}{}:
		defer func() { <-pdfSlots }()
	case <-ctx.Done():
		s.writeError(w, r, pejling.Errorf(pejling.EINTERNAL, "too many PDFs are being printed; try again"))
		return
	}
	pdf, err := printPDF(ctx, doc)
	if err != nil {
		s.Logger.Error("fact sheet PDF", "err", err)
		s.writeError(w, r, pejling.Errorf(pejling.EINTERNAL, "the PDF could not be printed (is chromium installed?); the printable page is the fact sheet without .pdf"))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+export.Filename("faktaark-"+pg.Municipality.Name+"-"+pg.PeriodLabel, "pdf")+`"`)
	w.Write(pdf)
}

// printPDF prints the HTML document doc to an A4 PDF in headless Chromium.
func printPDF(ctx context.Context, doc []byte) ([]byte, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	path := "/" + auth.NewToken()
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(doc)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	return browser.PrintPDF(ctx, browser.Options{}, "http://"+ln.Addr().String()+path, nil, browser.PDFOptions{})
}
