package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
)

// ImportStore is the store of the register data (sqldb.DB implements it): the import
// page loads data sets into it and refreshes the figure set after, and the survival
// page computes its curves from its spells.
type ImportStore interface {
	pejling.ImportService
	// RefreshFigureSet computes and stores the figure set unless it is up to date.
	RefreshFigureSet(ctx context.Context) (set sqldb.FigureSet, computed bool, err error)
	// RegisterVersion changes with every import and placement: the key of the caches
	// of what is computed from the register (registerCache).
	RegisterVersion(ctx context.Context) (pejling.RegisterVersion, error)
	// Survival computes the Kaplan–Meier curves of the cohorts.
	Survival(ctx context.Context, cohorts []figures.Period, by figures.By) ([]figures.Curve, error)
}

// maxImportProblems is how many problems of a refused data set the page lists.
const maxImportProblems = 200

// importHandler serves the import page within its limits (tests set small ones).
type importHandler struct {
	s   *Server
	lim importLimits
}

type importPage struct {
	page
	Problem, Detail string // an upload refused before import: message key and what
	Problems        []importer.Problem
	Total, More     int
	Name            string
	ImportID        int64
	AsOf            string
	Files           []importFile
	Rows            string
	Figures         string // what became of the figure set
	Done            bool
}

type importFile struct {
	File, Rows, MB string
}

func (h importHandler) form(w http.ResponseWriter, r *http.Request) {
	h.s.render(w, r, "import", importPage{page: newPage(r, "import.title")})
}

// upload receives a data set, imports it as pejling import does — all or nothing — and
// computes the figure set. Whatever is wrong is shown on the page, and the store is
// then as it was.
func (h importHandler) upload(w http.ResponseWriter, r *http.Request) {
	s := h.s
	pg := importPage{page: newPage(r, "import.title")}
	if s.Imports == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no store takes imports here"))
		return
	}
	// The files are counted against MaxUpload as they stream; this also bounds the
	// form fields and part headers around them.
	r.Body = http.MaxBytesReader(w, r.Body, h.lim.MaxUpload+1<<20)
	dir, err := os.MkdirTemp("", "pejling-upload-")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	data, name, err := receiveUpload(r, dir, h.lim)
	var ue *uploadError
	if errors.As(err, &ue) {
		pg.Problem, pg.Detail = ue.Key, ue.Detail
		s.renderStatus(w, r, "import", pg, ue.Status)
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg.Name = name
	imp, sum, err := importer.Load(r.Context(), data, s.Imports, importer.Options{MaxProblems: maxImportProblems, Source: "upload: " + name})
	var le *importer.LoadError
	switch {
	case errors.As(err, &le):
		pg.Problems, pg.Total, pg.More = le.Problems, le.Total, le.Total-len(le.Problems)
		s.renderStatus(w, r, "import", pg, http.StatusBadRequest)
		return
	case err != nil && pejling.ErrorCode(err) != pejling.EINTERNAL:
		// A data set without dataset.json, an older extract, another import running.
		// The message names the temporary folder: the page names the upload instead.
		pg.Problems, pg.Total = []importer.Problem{{Reason: strings.ReplaceAll(pejling.ErrorMessage(err), data, name)}}, 1
		s.renderStatus(w, r, "import", pg, errorStatus[pejling.ErrorCode(err)])
		return
	case err != nil:
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, "", fmt.Sprintf("import %s: %d rows", name, sum.Rows()), "data import"); err != nil {
		s.writeError(w, r, err)
		return
	}
	l := pg.Lang
	pg.Done, pg.ImportID, pg.AsOf, pg.Rows = true, imp.ID, l.Date(imp.AsOf), l.Number(float64(sum.Rows()), 0)
	for _, f := range sum.Files {
		pg.Files = append(pg.Files, importFile{f.File, l.Number(float64(f.Rows), 0), l.Number(float64(f.Bytes)/1e6, 1)})
	}
	s.refreshMu.Lock()
	set, computed, err := s.Imports.RefreshFigureSet(r.Context())
	s.refreshMu.Unlock()
	switch {
	case err != nil:
		s.Logger.Error("figure set after web import", "import", imp.ID, "err", err)
		pg.Figures = l.Pick("Nøgletallene kunne ikke beregnes nu; de beregnes ved næste start af serveren: ", "The key figures could not be computed now; they are computed when the server next starts: ") + pejling.ErrorMessage(err)
	case computed:
		pg.Figures = fmt.Sprintf(l.Pick("Nøgletal for %d perioder beregnet på %s s.", "Key figures of %d periods computed in %s s."), set.Periods, l.Number(set.Seconds, 1))
	default:
		pg.Figures = l.Pick("Nøgletallene var allerede opdaterede.", "The key figures were up to date.")
	}
	s.render(w, r, "import", pg)
}
