// Package web serves Pejling in a browser and as a JSON API: the standard-library mux
// with one file per resource, templates embedded and parsed once at start.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
)

//go:embed templates/*.html
var templateFS embed.FS

// StatusService tells what the store holds.
type StatusService interface {
	Status(ctx context.Context) (pejling.StoreStatus, error)
}

// Server is Pejling's HTTP server.
type Server struct {
	Status  StatusService
	Figures FigureService
	// Bench feeds the municipality pages; nil leaves them answering 404.
	Bench BenchmarkStore
	// Users signs in users and keeps the audit log; nil lets no one sign in, so that
	// only the public routes answer.
	Users UserStore
	// Persons serves the citizen pages; nil leaves them without data.
	Persons PersonStore
	// Imports is the register store: the import page loads into it, the survival page reads it; nil refuses both.
	Imports ImportStore
	// Companies, Orders and Slots are the operational store of the employer service
	// (issue 8: company register and contact log, job orders, placement bank); nil
	// leaves their pages answering 404.
	Companies CompanyStore
	Orders    OrderStore
	Slots     SlotStore
	// Profiles serves citizens' job profiles and matching; Progression the progression
	// scores (issue 8); nil leaves their pages answering 404.
	Profiles    ProfileStore
	Progression ProgressionStore
	// Placements are the company placements made from the placement bank or directly;
	// Teams the team boards with their members, caseloads and goals (issue 8); nil
	// leaves their pages answering 404.
	Placements PlacementStore
	Teams      TeamStore
	Logger     *slog.Logger
	// SecureCookies marks the session cookie Secure also on plain HTTP requests: for a
	// server behind a proxy that ends TLS.
	SecureCookies bool
	// Now is the clock; nil is time.Now (tests set it).
	Now func() time.Time

	tmpl  *template.Template
	pages map[string]*template.Template // page name → the page with the layout
	mux   *http.ServeMux
	cache benchCache

	throttle  *auth.Throttle
	refreshMu sync.Mutex                 // one figure-set computation at a time (RefreshFigures, the import page)
	csrf      http.CrossOriginProtection // refuses cross-origin POSTs (CSRF), per request
	handler   http.Handler
}

// NewServer parses the templates and builds the route table.
func NewServer(status StatusService, figures FigureService, logger *slog.Logger) (*Server, error) {
	t, err := template.New("").Funcs(funcs).ParseFS(templateFS, "templates/home.html")
	if err != nil {
		return nil, err
	}
	s := &Server{Status: status, Figures: figures, Logger: logger, tmpl: t, mux: http.NewServeMux()}
	s.throttle = auth.NewThrottle(s.now)
	s.routeAPI()                           // api.go: the JSON API's route table
	if err := s.routePages(); err != nil { // page.go: the pages' route table
		return nil, err
	}
	// A refused cross-origin request answers the API in JSON, like its other errors.
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeJSONStatus(w, http.StatusForbidden, map[string]string{"error": "cross-origin request refused: a state change must come from this site"})
			return
		}
		http.Error(w, "cross-origin request refused", http.StatusForbidden)
	}))
	s.handler = s.csrf.Handler(http.HandlerFunc(s.serve))
	return s, nil
}

// ServeHTTP refuses cross-origin state changes (http.CrossOriginProtection: the
// browser's Sec-Fetch-Site or Origin header must be this site on every POST), sets the
// security headers every response carries and routes the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// No script at all; styles from the stylesheet and the SVG charts' attributes.
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// ListenAndServe serves on addr until ctx is cancelled, then shuts down gracefully.
// ready, if not nil, receives the address actually listened on.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return pejling.Errorf(pejling.EINVALID, "listen on %s: %v", addr, err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(shut); err != nil {
			return err
		}
		if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	}
}

// errorStatus maps pejling error codes to HTTP status codes, in one place.
var errorStatus = map[string]int{
	pejling.ECONFLICT:     http.StatusConflict,
	pejling.EINVALID:      http.StatusBadRequest,
	pejling.ENOTFOUND:     http.StatusNotFound,
	pejling.EUNAUTHORIZED: http.StatusUnauthorized,
	pejling.EFORBIDDEN:    http.StatusForbidden,
	pejling.EINTERNAL:     http.StatusInternalServerError,
}

// writeError answers with the error's status and message; internal errors are logged
// and shown only as "internal error".
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := pejling.ErrorCode(err)
	if code == pejling.EINTERNAL {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status := errorStatus[code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": pejling.ErrorMessage(err)})
}
