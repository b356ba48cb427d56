package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// A municipality's own service-level policy, GET/POST /ordrer/politik: the policy in
// force (the municipality's file, else the default of DOMAIN.md §6), its levels, and
// for analysts and admins a form to save a new policy file or return to the default.
// The file is the JSON format of employer.LoadPolicy, which checks it before it is
// stored; a refused file changes nothing and the page shows the reason. Every save and
// reset is written to the audit log. The policy in force counts every order of the
// municipality, the closed ones too: a changed policy recounts the service levels of
// the past (the page says so).

// orderPolicyOf returns the service-level policy in force in the municipality, and its
// own file (nil for the default).
func (s *Server) orderPolicyOf(ctx context.Context, municipality int) (*employer.Policy, *pejling.ServicePolicyFile, error) {
	f, err := s.Orders.FindServicePolicy(ctx, municipality)
	if pejling.ErrorCode(err) == pejling.ENOTFOUND {
		return orderPolicy(), nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	p, err := employer.LoadPolicy(bytes.NewReader(f.JSON))
	if err != nil {
		return nil, nil, fmt.Errorf("the stored service-level policy of municipality %d: %w", municipality, err)
	}
	return p, &f, nil
}

type orderPolicyPage struct {
	page
	Custom        bool
	SavedBy       string
	SavedAt       string
	Levels        []levelPolicyRow
	UntouchedDays int
	TimeZone      string
	JSON          string // the policy file in force, or as typed when refused
	CanEdit       bool
	Saved, Reset  bool
	Problem       string
	MaxKB         int
}

func (p *orderPolicyPage) setProblem(m string) { p.Problem = m }

// handleOrderPolicy shows the policy in force, or sends its file (format=json).
func (s *Server) handleOrderPolicy(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if err := orderSingle(q, "format", "saved"); err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := orderPolicyPage{page: newPage(r, "ord.policy.title")}
	v, err := s.fillOrderPolicy(r, &pg)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	switch q.Get("format") {
	case "":
	case "json":
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="service-policy-%d.json"`, v.User.Municipality))
		w.Write([]byte(pg.JSON))
		return
	default:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "format %q: use json", pejling.Clip(q.Get("format"))))
		return
	}
	pg.Saved, pg.Reset = q.Get("saved") == "1", q.Get("saved") == "default"
	s.render(w, r, "order_policy", pg)
}

// fillOrderPolicy fills pg with the policy in force in the user's municipality.
func (s *Server) fillOrderPolicy(r *http.Request, pg *orderPolicyPage) (orderView, error) {
	v, err := s.orderView(r, pg.Lang)
	if err != nil {
		return v, err
	}
	pg.Levels, pg.UntouchedDays, pg.TimeZone = v.policyRows(), v.Policy.UntouchedDays, v.Policy.Calendar.Location().String()
	pg.CanEdit, pg.MaxKB = v.User.CanImport(), pejling.MaxServicePolicyBytes>>10
	pg.JSON = string(employer.DefaultPolicyJSON())
	if c := v.Custom; c != nil {
		pg.Custom, pg.SavedBy, pg.SavedAt, pg.JSON = true, v.name(c.SavedBy), v.time(c.SavedAt), string(c.JSON)
	}
	return v, nil
}

// handleOrderPolicySave saves the posted policy file (action=save) or returns to the
// default (action=default), for analysts and admins (the route's Importer access) of
// a municipality — a national user has none to set it for; 303 when done, the page
// with the reason (400) when the file is refused.
func (s *Server) handleOrderPolicySave(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if u.National() {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "a service-level policy belongs to a municipality: sign in as an analyst or admin of it"))
		return
	}
	pg := orderPolicyPage{page: newPage(r, "ord.policy.title")}
	refuse := func(typed string, err error) {
		if _, ferr := s.fillOrderPolicy(r, &pg); ferr != nil {
			s.writeError(w, r, ferr)
			return
		}
		if typed != "" {
			pg.JSON = typed
		}
		s.orderProblem(w, r, "order_policy", &pg, err)
	}
	r.Body = http.MaxBytesReader(w, r.Body, pejling.MaxServicePolicyBytes*4)
	if err := r.ParseForm(); err != nil {
		refuse("", pejling.Errorf(pejling.EINVALID, "the form could not be read (a policy file is at most %d KB): %s", pejling.MaxServicePolicyBytes>>10, pejling.Clip(err.Error())))
		return
	}
	pf := r.PostForm
	if err := orderSingle(pf, "action", "policy"); err != nil {
		refuse("", err)
		return
	}
	switch pf.Get("action") {
	case "default":
		if err := s.resetOrderPolicy(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		http.Redirect(w, r, "/ordrer/politik?saved=default", http.StatusSeeOther)
		return
	case "save":
	default:
		refuse("", pejling.Errorf(pejling.EINVALID, "action %q: use save or default", pejling.Clip(pf.Get("action"))))
		return
	}
	typed := strings.ReplaceAll(pf.Get("policy"), "\r\n", "\n")
	switch {
	case strings.TrimSpace(typed) == "":
		refuse("", pejling.Errorf(pejling.EINVALID, "the policy file is empty"))
		return
	case len(typed) > pejling.MaxServicePolicyBytes:
		refuse("", pejling.Errorf(pejling.EINVALID, "the policy file is %d KB; at most %d KB", len(typed)>>10, pejling.MaxServicePolicyBytes>>10))
		return
	case !utf8.ValidString(typed):
		refuse("", pejling.Errorf(pejling.EINVALID, "the policy file is not valid UTF-8 text"))
		return
	}
	if stored, err := s.saveOrderPolicy(r, []byte(typed)); !stored {
		refuse(typed, err)
		return
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/ordrer/politik?saved=1", http.StatusSeeOther)
}

// saveOrderPolicy stores the policy file of the user's municipality (checked by the
// store with employer.LoadPolicy) and audits it; stored is false when the file was
// refused (the page and the API share it).
func (s *Server) saveOrderPolicy(r *http.Request, file []byte) (stored bool, err error) {
	u := who(r).User
	f := pejling.ServicePolicyFile{Municipality: u.Municipality, JSON: file, SavedBy: u.ID, SavedAt: s.now()}
	if err := s.Orders.SaveServicePolicy(r.Context(), f); err != nil {
		return false, err
	}
	return true, s.audit(r, pejling.AuditChange, "", fmt.Sprintf("service-level policy of municipality %d: saved, %d bytes", u.Municipality, len(file)), "service-level policy")
}

// resetOrderPolicy returns the user's municipality to the default policy, audited.
func (s *Server) resetOrderPolicy(r *http.Request) error {
	u := who(r).User
	if err := s.Orders.DeleteServicePolicy(r.Context(), u.Municipality); err != nil {
		return err
	}
	return s.audit(r, pejling.AuditChange, "", fmt.Sprintf("service-level policy of municipality %d: back to the default", u.Municipality), "service-level policy")
}
