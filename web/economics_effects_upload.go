package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/sqldb"
)

// maxCostFileBytes bounds an uploaded cost file: a municipality's interventions over
// many years are a few hundred lines.
const maxCostFileBytes = 1 << 20

// handleUpload stores an uploaded cost file (multipart, field "file") as the costs of
// the user's municipality (a national user's: the national costs), replacing the ones
// stored, and records the change in the audit log. A file with any problem changes
// nothing: the page lists the problems as the reader wrote them (file:line: reason).
func (h effectsHandler) handleUpload(w http.ResponseWriter, r *http.Request) {
	s := h.s
	pg := h.newPage(r)
	st, ok := s.Imports.(interventionCostStore)
	if !ok || s.Imports == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no store keeps intervention costs here"))
		return
	}
	refuse := func(status int, err error) {
		pg.UploadProblems = strings.Split(pejling.ErrorMessage(err), "\n")
		for i := range pg.UploadProblems {
			pg.UploadProblems[i] = strings.TrimSpace(pg.UploadProblems[i])
		}
		s.renderStatus(w, r, "econ_effects", pg, status)
	}
	r.Body = http.MaxBytesReader(w, r.Body, h.limit+64<<10)
	name, data, err := h.receive(r)
	if err != nil {
		status := http.StatusBadRequest
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) || errors.Is(err, errCostFileTooLarge) {
			status = http.StatusRequestEntityTooLarge
			err = pejling.Errorf(pejling.EINVALID, "cost file: over %d KiB; a cost file is a small CSV of intervention_id,year,cost_dkk[,name]", h.limit>>10)
		}
		refuse(status, err)
		return
	}
	costs, err := economics.ReadInterventionCosts(name, bytes.NewReader(data))
	if err != nil {
		if pejling.ErrorCode(err) != pejling.EINVALID {
			s.writeError(w, r, err)
			return
		}
		refuse(http.StatusBadRequest, err)
		return
	}
	u := who(r).User
	up := sqldb.InterventionCostUpload{Municipality: u.Municipality, FileName: name, UploadedAt: s.now(), UserID: u.ID, UserName: u.Name}
	if err := st.ReplaceInterventionCosts(r.Context(), up, costs); err != nil {
		if pejling.ErrorCode(err) == pejling.EINVALID {
			refuse(http.StatusBadRequest, err)
			return
		}
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, "", fmt.Sprintf("intervention costs %s: %d rows for municipality %d", name, len(costs), u.Municipality),
		"intervention costs upload"); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/oekonomi/effekter?saved=1", http.StatusSeeOther)
}

var errCostFileTooLarge = errors.New("cost file too large")

// receive reads the multipart field "file" into memory, up to h.limit bytes, and
// checks its name and that it is text.
func (h effectsHandler) receive(r *http.Request) (string, []byte, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, pejling.Errorf(pejling.EINVALID, "upload: send the cost file as multipart/form-data, field \"file\"")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return "", nil, pejling.Errorf(pejling.EINVALID, "upload: no file (field \"file\")")
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return "", nil, err
			}
			return "", nil, pejling.Errorf(pejling.EINVALID, "upload: the form could not be read: %s", pejling.Clip(err.Error()))
		}
		if part.FormName() != "file" {
			part.Close()
			continue
		}
		name := part.FileName()
		defer part.Close()
		if err := costFileNameFault(name); err != nil {
			return "", nil, err
		}
		data, err := io.ReadAll(io.LimitReader(part, h.limit+1))
		if err != nil {
			return "", nil, err
		}
		if int64(len(data)) > h.limit {
			return "", nil, errCostFileTooLarge
		}
		if len(data) == 0 {
			return "", nil, pejling.Errorf(pejling.EINVALID, "%s: empty file: expected the header intervention_id,year,cost_dkk[,name]", name)
		}
		if bytes.IndexByte(data, 0) >= 0 {
			return "", nil, pejling.Errorf(pejling.EINVALID, "%s: not a CSV text file (it holds binary data); save the sheet as CSV (UTF-8)", name)
		}
		return name, data, nil
	}
}

// costFileNameFault refuses a file name that is no plain .csv or .txt name: a path, a
// control character, an over-long name. Messages quote nothing of a refused name but
// what prints.
func costFileNameFault(name string) error {
	switch {
	case name == "":
		return pejling.Errorf(pejling.EINVALID, "upload: the field \"file\" holds no file")
	case len(name) > 200 || !utf8.ValidString(name) || strings.IndexFunc(name, unicode.IsControl) >= 0 ||
		strings.ContainsAny(name, `/\<>"`) || name == "." || name == "..":
		return pejling.Errorf(pejling.EINVALID, "upload: the file name %s is not allowed: give a plain name such as costs.csv", pejling.Clip(fmt.Sprintf("%q", name)))
	}
	switch strings.ToLower(path.Ext(name)) {
	case ".csv", ".txt":
		return nil
	}
	return pejling.Errorf(pejling.EINVALID, "%s: not a CSV file: save the cost sheet as CSV (UTF-8), intervention_id,year,cost_dkk[,name]", pejling.Clip(name))
}
