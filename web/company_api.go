package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// The JSON API of the company register and the contact log (issue 8). Every route is
// PersonData (a municipal session with the second factor; no API tokens, api_json.go)
// and reads the user's own municipality only: another municipality's company is not
// found. A company answered here shows no citizen (its history only as counts), so
// nothing is audited; the contact log names staff, not citizens.

// apiCompany is a company record in the API.
type apiCompany struct {
	CVR          string  `json:"cvr"`
	Name         string  `json:"name"`
	Address      string  `json:"address"`
	Postcode     string  `json:"postcode"`
	City         string  `json:"city"`
	Industry     string  `json:"industry"`
	SizeBand     string  `json:"size_band"`
	Package      string  `json:"package"`
	OwnerID      int64   `json:"owner_id"`
	Notes        string  `json:"notes"`
	Version      int64   `json:"version"`
	FromRegister bool    `json:"in_register"`
	UpdatedAt    apiTime `json:"updated_at"`
}

func apiCompanyOf(c *pejling.CompanyRecord) apiCompany {
	return apiCompany{CVR: c.CVR, Name: companyName(c), Address: c.Address, Postcode: c.Postcode, City: c.City,
		Industry: c.Industry, SizeBand: string(c.SizeBand), Package: string(c.Package), OwnerID: c.OwnerID, Notes: c.Notes,
		Version: c.Version, FromRegister: c.Register != nil, UpdatedAt: apiTime(c.UpdatedAt)}
}

// apiContactEntry is an entry of the contact log in the API.
type apiContactEntry struct {
	ID           int64   `json:"id"`
	CVR          string  `json:"cvr"`
	UserID       int64   `json:"user_id"`
	At           apiTime `json:"at"`
	Channel      string  `json:"channel"`
	Topic        string  `json:"topic"`
	Outcome      string  `json:"outcome"`
	NextStep     string  `json:"next_step"`
	NextStepDate apiDate `json:"next_step_date"`
}

func apiContactEntries(es []pejling.ContactLogEntry) []apiContactEntry {
	out := make([]apiContactEntry, len(es))
	for i, e := range es {
		out[i] = apiContactEntry{ID: e.ID, CVR: e.CVR, UserID: e.UserID, At: apiTime(e.At), Channel: string(e.Channel),
			Topic: string(e.Topic), Outcome: e.Outcome, NextStep: e.NextStep, NextStepDate: apiDate(e.NextStepDate)}
	}
	return out
}

// apiPrecheck is the contact precheck in the API: the colleagues' contacts about the
// same topic within the window, which warn of contacting a company twice.
type apiPrecheck struct {
	Warning    bool              `json:"warning"`
	WindowDays int               `json:"window_days"`
	SameTopic  []apiContactEntry `json:"same_topic"`
	Recent     []apiContactEntry `json:"recent"`
}

func apiPrecheckOf(p *pejling.ContactPrecheck) apiPrecheck {
	return apiPrecheck{Warning: p.Warning, WindowDays: int(p.Window / (24 * time.Hour)),
		SameTopic: apiContactEntries(p.SameTopic), Recent: apiContactEntries(p.Recent)}
}

var companyListParams = []string{"q", "package", "owner_id", "limit"}

func (s *Server) needsCompanies(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Companies == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
			return
		}
		h(w, r)
	}
}

// handleAPICompanies lists the municipality's company records the filters select.
func (s *Server) handleAPICompanies(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r, companyListParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	f := pejling.CompanyFilter{Municipality: u.Municipality, Text: strings.TrimSpace(q.Get("q")), Package: pejling.ServicePackage(q.Get("package"))}
	if n := len([]rune(f.Text)); n > 100 {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "q: at most 100 characters"))
		return
	}
	if f.Package != "" && !f.Package.Valid() {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "package: unknown service package %q", pejling.Clip(string(f.Package))))
		return
	}
	if o := q.Get("owner_id"); o != "" {
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id <= 0 {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "owner_id: %q is not a user id", pejling.Clip(o)))
			return
		}
		f.Owner = id
	}
	limit, err := apiInt(r, "limit", 100, 1, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f.Limit = limit
	recs, err := s.Companies.FindCompanyRecords(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]apiCompany, len(recs))
	for i := range recs {
		out[i] = apiCompanyOf(&recs[i])
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"companies": out})
}

// apiPerson is a contact person at a company.
type apiPerson struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Role  string `json:"role"`
	Phone string `json:"phone"`
	Email string `json:"email"`
}

// handleAPICompany answers one company of the municipality with its contact persons,
// its job orders and the counts of its history.
func (s *Server) handleAPICompany(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	ctx := r.Context()
	cvr, err := companyCVR(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.Companies.FindCompanyRecord(ctx, u.Municipality, cvr)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	persons, err := s.Companies.FindCompanyContacts(ctx, u.Municipality, cvr)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	hist, err := s.Companies.CompanyHistory(ctx, u.Municipality, cvr)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ps := make([]apiPerson, len(persons))
	for i, p := range persons {
		ps[i] = apiPerson{ID: p.ID, Name: p.Name, Role: p.Role, Phone: p.Phone, Email: p.Email}
	}
	orders := []apiOrder{}
	if s.Orders != nil {
		all, err := s.Orders.FindJobOrdersOf(ctx, u.Municipality, false)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		pol := orderPolicy()
		for _, o := range all {
			if o.CVR == cvr {
				orders = append(orders, apiOrderOf(o, pol, s.now(), false))
			}
		}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"company": apiCompanyOf(rec), "persons": ps, "orders": orders,
		"history": map[string]int{"contacts": hist.ContactCount, "placements": hist.PlacementCount, "hires": hist.HireCount}})
}

// handleAPIContactLog lists the contact log of one company of the municipality, newest first.
func (s *Server) handleAPIContactLog(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	cvr, err := companyCVR(r)
	if err == nil {
		err = apiQuery(r, "limit")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	limit, err := apiInt(r, "limit", 100, 1, 1000)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Companies.FindCompanyRecord(r.Context(), u.Municipality, cvr); err != nil {
		s.writeError(w, r, err)
		return
	}
	es, err := s.Companies.FindContactLog(r.Context(), pejling.ContactLogFilter{Municipality: u.Municipality, CVR: cvr, Limit: limit})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"contacts": apiContactEntries(es)})
}

// apiContactRequest is the body of POST /api/v1/companies/{cvr}/contacts.
type apiContactRequest struct {
	Topic    string `json:"topic"`
	Channel  string `json:"channel"`
	Outcome  string `json:"outcome"`
	NextStep string `json:"next_step"`
	NextDate string `json:"next_step_date"`
	Date     string `json:"date"`
	// Confirm logs the contact although the precheck warns.
	Confirm bool `json:"confirm"`
}

// handleAPIContactCreate logs a contact with a company, by the rules of the page
// (entryOfForm): when a colleague contacted the company about the same topic within
// the window and the request does not confirm, nothing is stored and the answer is
// 409 with the precheck; otherwise 201 with the entry and the precheck.
func (s *Server) handleAPIContactCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	cvr, err := companyCVR(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Companies.FindCompanyRecord(r.Context(), u.Municipality, cvr); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiContactRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	form := map[string]string{"topic": req.Topic, "channel": req.Channel, "outcome": req.Outcome, "next_step": req.NextStep,
		"next_date": req.NextDate, "date": req.Date}
	e, err := s.entryOfForm(form, u, cvr)
	if err != nil {
		s.writeError(w, r, apiFieldNames(err, map[string]string{"next_date": "next_step_date", "next step": "next_step"}))
		return
	}
	p, err := s.Companies.ContactPrecheck(r.Context(), u.Municipality, cvr, u.ID, e.Topic, s.now(), contactWindow)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if p.Warning && !req.Confirm {
		writeJSONStatus(w, http.StatusConflict, map[string]any{
			"error":    "topic: a colleague contacted the company about the same topic within " + strconv.Itoa(int(contactWindow/(24*time.Hour))) + " days; nothing was stored — send confirm: true to log it anyway",
			"precheck": apiPrecheckOf(p)})
		return
	}
	if err := s.Companies.CreateContactLogEntry(r.Context(), e); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusCreated, map[string]any{"contact": apiContactEntries([]pejling.ContactLogEntry{*e})[0], "precheck": apiPrecheckOf(p)})
}

// apiFieldNames renames the field an error message starts with to its name in the API.
func apiFieldNames(err error, names map[string]string) error {
	msg := pejling.ErrorMessage(err)
	for from, to := range names {
		if rest, ok := strings.CutPrefix(msg, from+":"); ok {
			return pejling.Errorf(pejling.ErrorCode(err), "%s:%s", to, rest)
		}
	}
	return err
}
