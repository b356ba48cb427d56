package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/importer"
)

// The audit log pages, for admins: the log itself, filtered, and a citizen's log — the
// dates and purposes of the look-ups of one person, for the citizen's right of access.
// A municipality's admin sees the records of the municipality's staff; a national admin
// sees all. Both can be downloaded (export.go), and a download is itself audited.

// maxAuditRows bounds one page or file of the audit log.
const maxAuditRows = 10000

type auditPage struct {
	page
	// The filter; not User, which would hide the signed-in user of page.
	ByUser, Person, Action, From, To string
	Actions                          []option
	Rows                             []auditRow
	Truncated                        bool
	Query                            template.URL // the filter as a query string (url.Values.Encode), for the downloads
}

type auditRow struct {
	At, User, Municipality, Action, Person, Criteria, Purpose, Page string
}

// auditFilter reads the filter of the log page: user (a name), person (an id), action,
// from and to (dates, to inclusive), restricted to the admin's municipality.
func (s *Server) auditFilter(ctx context.Context, r *http.Request, pg *auditPage) (pejling.AuditFilter, error) {
	q := r.URL.Query()
	pg.ByUser, pg.Person, pg.Action, pg.From, pg.To = q.Get("user"), q.Get("person"), q.Get("action"), q.Get("from"), q.Get("to")
	f := pejling.AuditFilter{Municipality: who(r).User.Municipality, Limit: maxAuditRows + 1}
	if pg.ByUser != "" {
		u, err := s.Users.FindUserByName(ctx, pg.ByUser)
		if err != nil {
			if pejling.ErrorCode(err) == pejling.ENOTFOUND {
				return f, pejling.Errorf(pejling.EINVALID, "no user named %q", pejling.Clip(pg.ByUser))
			}
			return f, err
		}
		f.UserID = u.ID
	}
	if pg.Person != "" {
		if fault := importer.PersonIDFault(pg.Person); fault != "" {
			return f, pejling.Errorf(pejling.EINVALID, "person %q: %s", pejling.Clip(pg.Person), fault)
		}
		f.PersonID = pg.Person
	}
	if pg.Action != "" {
		a := pejling.AuditAction(pg.Action)
		switch a {
		case pejling.AuditRead, pejling.AuditSearch, pejling.AuditChange, pejling.AuditExport, pejling.AuditDelete:
			f.Action = a
		default:
			return f, pejling.Errorf(pejling.EINVALID, "unknown action %q", pejling.Clip(pg.Action))
		}
	}
	for _, d := range []struct {
		text string
		to   *time.Time
		add  int
	}{{pg.From, &f.From, 0}, {pg.To, &f.To, 1}} {
		if d.text == "" {
			continue
		}
		day, err := pejling.ParseDate(d.text)
		if err != nil {
			return f, pejling.Errorf(pejling.EINVALID, "date %q: use YYYY-MM-DD", pejling.Clip(d.text))
		}
		*d.to = day.Time().AddDate(0, 0, d.add)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, pejling.Errorf(pejling.EINVALID, "from must be before to")
	}
	return f, nil
}

// handleAuditLog shows the audit log, newest first, or sends it as a file.
func (s *Server) handleAuditLog(w http.ResponseWriter, r *http.Request) {
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := auditPage{page: newPage(r, "audit.title")}
	f, err := s.auditFilter(r.Context(), r, &pg)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	es, err := s.Users.ListAudit(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(es) > maxAuditRows {
		es, pg.Truncated = es[:maxAuditRows], true
	}
	if format != "" {
		// The log holds person ids: its download is an export of personal data.
		if err := s.audit(r, pejling.AuditExport, pg.Person, "audit log "+r.URL.RawQuery, "audit log export"); err != nil {
			s.writeError(w, r, err)
			return
		}
		t := export.Table{Title: pg.T("audit.title"), Columns: []export.Column{
			{Name: "time_utc"}, {Name: "user"}, {Name: "municipality", Kind: export.Integer}, {Name: "action"},
			{Name: "person_id"}, {Name: "criteria"}, {Name: "purpose"}, {Name: "page"}}}
		for _, e := range es {
			t.Rows = append(t.Rows, []any{e.At.UTC().Format(time.RFC3339), e.UserName, e.Municipality, string(e.Action), e.PersonID, e.Criteria, e.Purpose, e.Page})
		}
		s.writeTable(w, r, t, "pejling-audit-log", format)
		return
	}
	pg.Actions = []option{{"", pg.T("audit.anyaction"), pg.Action == ""}}
	for _, a := range []pejling.AuditAction{pejling.AuditRead, pejling.AuditSearch, pejling.AuditChange, pejling.AuditExport, pejling.AuditDelete} {
		pg.Actions = append(pg.Actions, option{string(a), pg.T("audit.action." + string(a)), string(a) == pg.Action})
	}
	pg.Query = template.URL(filterQuery(r))
	for _, e := range es {
		m := pg.T("audit.national")
		if e.Municipality != 0 {
			m = municipalityName(e.Municipality)
		}
		pg.Rows = append(pg.Rows, auditRow{At: e.At.UTC().Format("2006-01-02 15:04:05"), User: e.UserName, Municipality: m,
			Action: pg.T("audit.action." + string(e.Action)), Person: e.PersonID, Criteria: e.Criteria, Purpose: e.Purpose, Page: e.Page})
	}
	s.render(w, r, "auditlog", pg)
}

// filterQuery is the request's query without format, for the download links.
func filterQuery(r *http.Request) string {
	q := r.URL.Query()
	q.Del("format")
	return q.Encode()
}

type citizenPage struct {
	page
	Person string
	Rows   []citizenRow
	Query  template.URL
}

type citizenRow struct {
	Date, Action, Purpose string
}

// handleCitizenLog is what a citizen who asks is told about the look-ups of their
// data: when, what kind, and why — not who (the staff's names are the municipality's to
// give or not). Only the admin's municipality's records.
func (s *Server) handleCitizenLog(w http.ResponseWriter, r *http.Request) {
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := citizenPage{page: newPage(r, "citizen.title"), Person: r.URL.Query().Get("person")}
	if pg.Person == "" {
		s.render(w, r, "citizenlog", pg)
		return
	}
	if fault := importer.PersonIDFault(pg.Person); fault != "" {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "person %q: %s", pejling.Clip(pg.Person), fault))
		return
	}
	es, err := s.Users.ListAudit(r.Context(), pejling.AuditFilter{Municipality: who(r).User.Municipality, PersonID: pg.Person})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		if err := s.audit(r, pejling.AuditExport, pg.Person, "citizen log", "the citizen's right of access"); err != nil {
			s.writeError(w, r, err)
			return
		}
		t := export.Table{Title: pg.T("citizen.title"), Columns: []export.Column{{Name: pg.T("citizen.date"), Kind: export.Date},
			{Name: pg.T("citizen.action")}, {Name: pg.T("citizen.purpose")}}}
		for _, e := range es {
			t.Rows = append(t.Rows, []any{e.At.UTC(), pg.T("audit.action." + string(e.Action)), e.Purpose})
		}
		s.writeTable(w, r, t, "log-"+pg.Person, format)
		return
	}
	for _, e := range es {
		pg.Rows = append(pg.Rows, citizenRow{Date: pg.Lang.Date(pejling.DateOf(e.At.Year(), e.At.Month(), e.At.Day())),
			Action: pg.T("audit.action." + string(e.Action)), Purpose: e.Purpose})
	}
	pg.Query = template.URL("person=" + url.QueryEscape(pg.Person))
	s.render(w, r, "citizenlog", pg)
}

// Maintain deletes, every interval until ctx ends, the expired sessions and the audit
// records older than the retention (default six months; `pejling serve
// --audit-retention-months`): the automatic deletion of the Danish Data Protection
// Agency's logging guidance. It runs once at once.
func (s *Server) Maintain(ctx context.Context, retentionMonths int, interval time.Duration) {
	if s.Users == nil {
		return
	}
	for {
		if n, err := s.Users.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			s.Logger.Error("delete expired sessions", "err", err)
		} else if n > 0 {
			s.Logger.Info("expired sessions deleted", "n", n)
		}
		if retentionMonths > 0 {
			cut := s.now().AddDate(0, -retentionMonths, 0)
			if n, err := s.Users.PurgeAudit(ctx, cut); err != nil && ctx.Err() == nil {
				s.Logger.Error("purge audit log", "err", err)
			} else if n > 0 {
				s.Logger.Info("audit records past retention deleted", "n", n, "before", cut.Format(time.RFC3339))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}
