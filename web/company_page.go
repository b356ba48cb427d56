package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// A company's page (GET /virksomheder/{cvr}): the record and its form, the service
// package and its promise, the contact persons, the contact log and the company's
// history; and the forms that change the record and the contact persons.
//
// The history names citizens (pseudonymous ids of placed and hired persons). The page
// is opened in the course of the company service, not of a citizen's case, so it does
// not ask for a purpose: every read is audited with the fixed purpose companyPurpose,
// one record per person shown (so a citizen's log finds it), written before the page
// is sent. A user who may not read the municipality's persons sees counts only — no
// PersonData user is such a user today, but the rule holds if roles change.

// companyPurpose is the purpose of the audit records of a company's page.
const companyPurpose = "virksomhedsside"

// companyHistoryShown is how many placements and hires the page lists (the counts are
// totals): every person listed is an audit record.
const companyHistoryShown = 50

type companyPage struct {
	page
	CVR, Name, RegisterName string
	RegisterIndustry        string
	FromRegister            pejling.RegisterFields
	Record                  map[string]string // the record form's values
	Version                 int64
	Packages, Owners        []option
	Sizes                   []option
	Package, Promise        string
	Owner                   string
	Persons                 []pejling.CompanyContact
	Log                     []logRow
	LogCount                int
	ShowPersons             bool
	PlacementCount          int
	HireCount               int
	Placements              []historyRow
	Hires                   []historyRow
	Problem, Field, Where   string // a refused form: message, field, which form ("record", "person", "person-<id>")
	Conflict                bool
	NewPerson               map[string]string
	Topics                  []option
	Orders                  []companyOrderRow // the company's job orders, newest first
	OrdersShown             bool              // the order store is there
	// Placements are the company's placements of the placement store (without the
	// person, which the placement's own page shows, audited).
	StorePlacements []placementRow
}

// companyOrderRow is one of the company's job orders on its page.
type companyOrderRow struct {
	Link, Title, Status, Taken string
	Open                       bool
}

type logRow struct {
	At, Who, Channel, Topic, Outcome, NextStep, NextDate string
}

type historyRow struct {
	Person, Link, Type, Start, End, Detail string
}

// companyState is a form shown again on the company page: the problem and the values.
type companyState struct {
	err       error
	where     string
	record    map[string]string
	newPerson map[string]string
}

func (s *Server) handleCompany(w http.ResponseWriter, r *http.Request) {
	s.showCompany(w, r, companyState{})
}

// companyCVR returns the {cvr} of the path, checked.
func companyCVR(r *http.Request) (string, error) {
	cvr := r.PathValue("cvr")
	if err := pejling.ValidCVR(cvr); err != nil {
		return "", err
	}
	return cvr, nil
}

func (s *Server) showCompany(w http.ResponseWriter, r *http.Request, st companyState) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	u := who(r).User
	cvr, err := companyCVR(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ctx := r.Context()
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
	users, list, err := s.colleagues(r, u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := companyPage{page: newPage(r, "co.page.title"), CVR: cvr, Name: companyName(rec), FromRegister: rec.FromRegister,
		Version: rec.Version, Persons: persons, LogCount: hist.ContactCount, NewPerson: st.newPerson,
		PlacementCount: hist.PlacementCount, HireCount: hist.HireCount}
	pg.Title = pg.Name + " · " + pg.Title
	if rec.Register != nil {
		pg.RegisterName, pg.RegisterIndustry = rec.Register.Name, rec.Register.Industry
	}
	l := pg.Lang
	pg.Record = recordForm(rec)
	if st.record != nil && pejling.ErrorCode(st.err) != pejling.ECONFLICT {
		pg.Record = st.record
	}
	pg.Package, pg.Owner = packageName(l, rec.Package), userName(users, rec.OwnerID)
	pg.Promise = l.Pick(rec.Package.Promise().Danish, rec.Package.Promise().English)
	pg.Packages = packageOptions(l, pejling.ServicePackage(pg.Record["package"]), false)
	owner, _ := strconv.ParseInt(pg.Record["owner"], 10, 64)
	pg.Owners = ownerOptions(l, list, owner, "co.noowner")
	pg.Sizes = []option{{Value: "", Label: l.Pick("ukendt", "unknown"), Selected: pg.Record["size"] == ""}}
	for _, b := range []pejling.SizeBand{pejling.SizeMicro, pejling.SizeSmall, pejling.SizeMedium, pejling.SizeLarge} {
		pg.Sizes = append(pg.Sizes, option{Value: string(b), Label: string(b), Selected: string(b) == pg.Record["size"]})
	}
	pg.Topics = topicOptions(l, "")
	if s.Orders != nil {
		orders, err := s.Orders.FindJobOrdersOf(ctx, u.Municipality, false)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		pg.OrdersShown = true
		for _, o := range orders {
			if o.CVR != cvr {
				continue
			}
			pg.Orders = append(pg.Orders, companyOrderRow{Link: "/ordrer/" + strconv.FormatInt(o.ID, 10), Title: o.Title,
				Status: message(l, "ord.status."+string(o.Status)), Taken: l.Date(pejling.DateOf(o.CreatedAt.In(copenhagen).Date())), Open: o.Open()})
		}
	}
	if s.Placements != nil && u.CanReadPerson(u.Municipality) {
		ps, err := s.Placements.FindPlacements(ctx, pejling.PlacementFilter{Municipality: u.Municipality, CVR: cvr})
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		today := pejling.UTCDay(s.now())
		for _, p := range ps {
			pg.StorePlacements = append(pg.StorePlacements, placementRow{ID: strconv.FormatInt(p.ID, 10), Type: message(l, "pl.type."+string(p.Type)),
				Start: l.Date(p.Start), End: l.Date(p.LastDay()), Phase: message(l, "pl.phase."+string(p.Phase(today)))})
		}
	}
	for _, e := range hist.Contacts {
		pg.Log = append(pg.Log, logRowOf(l, users, e))
	}
	if st.err != nil {
		pg.Problem, pg.Field, pg.Where = pejling.ErrorMessage(st.err), errorField(st.err), st.where
		pg.Conflict = pejling.ErrorCode(st.err) == pejling.ECONFLICT && st.where == "record"
	}
	// The history: persons are shown only to a user who may read them, and each one
	// shown is audited first.
	pg.ShowPersons = u.CanReadPerson(u.Municipality)
	if pg.ShowPersons {
		shown := map[string]bool{}
		personLink := func(id string) string {
			shown[id] = true
			return "/borgere/" + url.PathEscape(id) + "?purpose=" + url.QueryEscape(companyPurpose+" "+cvr)
		}
		for i, p := range hist.Placements {
			if i == companyHistoryShown {
				break
			}
			pg.Placements = append(pg.Placements, historyRow{Person: p.PersonID, Link: personLink(p.PersonID), Type: string(p.Type),
				Start: l.Date(p.Start), End: endDate(l, p.End), Detail: l.Number(p.HoursPerWeek, 0) + l.Pick(" t/u", " h/wk")})
		}
		for i, h := range hist.Hires {
			if i == companyHistoryShown {
				break
			}
			pg.Hires = append(pg.Hires, historyRow{Person: h.PersonID, Link: personLink(h.PersonID), Type: string(h.PlacementType),
				Start: l.Date(h.Start), End: endDate(l, h.End), Detail: l.Date(h.PlacementStart) + " – " + endDate(l, h.PlacementEnd)})
		}
		for id := range shown {
			if err := s.audit(r, pejling.AuditRead, id, fmt.Sprintf("company %s: history (placements, hires)", cvr), companyPurpose); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
	}
	status := http.StatusOK
	if st.err != nil {
		status = errorStatus[pejling.ErrorCode(st.err)]
	}
	s.renderStatus(w, r, "company", pg, status)
}

// recordForm is the record's own values for its form: a field the register fills in
// is left empty (its value shows as the placeholder), so that saving the form does not
// copy the register into the record.
func recordForm(rec *pejling.CompanyRecord) map[string]string {
	f := map[string]string{"name": rec.Name, "address": rec.Address, "postcode": rec.Postcode, "city": rec.City,
		"industry": rec.Industry, "size": string(rec.SizeBand), "package": string(rec.Package), "notes": rec.Notes, "owner": ""}
	if rec.OwnerID != 0 {
		f["owner"] = strconv.FormatInt(rec.OwnerID, 10)
	}
	if rec.FromRegister.Name {
		f["name"] = ""
	}
	if rec.FromRegister.Industry {
		f["industry"] = ""
	}
	if rec.FromRegister.SizeBand {
		f["size"] = ""
	}
	return f
}

// handleCompanyUpdate saves the record form if the record is still at the version the
// form was made from; otherwise the page says a colleague changed it (409), and nothing
// is overwritten.
func (s *Server) handleCompanyUpdate(w http.ResponseWriter, r *http.Request) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	u := who(r).User
	cvr, err := companyCVR(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readCompanyForm(w, r)
	if err != nil {
		s.showCompany(w, r, companyState{err: err, where: "record"})
		return
	}
	version, verr := strconv.ParseInt(form["version"], 10, 64)
	rec, err := recordOfForm(form, u.Municipality, cvr)
	switch {
	case verr != nil || version < 1:
		err = pejling.Errorf(pejling.EINVALID, "version: %q is not a version of the record; reload the page", pejling.Clip(form["version"]))
	case err == nil:
		_, err = s.Companies.UpdateCompanyRecord(r.Context(), u.Municipality, cvr, pejling.CompanyUpdate{
			Name: &rec.Name, Address: &rec.Address, Postcode: &rec.Postcode, City: &rec.City, Industry: &rec.Industry,
			SizeBand: &rec.SizeBand, Package: &rec.Package, OwnerID: &rec.OwnerID, Notes: &rec.Notes}, version)
	}
	if err != nil {
		if c := pejling.ErrorCode(err); c == pejling.EINTERNAL || c == pejling.ENOTFOUND {
			s.writeError(w, r, err)
			return
		}
		s.showCompany(w, r, companyState{err: err, where: "record", record: form})
		return
	}
	http.Redirect(w, r, "/virksomheder/"+cvr+"#record", http.StatusSeeOther)
}

// personOfForm reads a contact person from the form.
func personOfForm(form map[string]string) (pejling.CompanyContact, error) {
	for k := range form {
		if k != "name" && k != "role" && k != "phone" && k != "email" {
			return pejling.CompanyContact{}, pejling.Errorf(pejling.EINVALID, "%s: not a field of the form", pejling.Clip(k))
		}
	}
	return pejling.CompanyContact{Name: strings.TrimSpace(form["name"]), Role: strings.TrimSpace(form["role"]),
		Phone: strings.TrimSpace(form["phone"]), Email: strings.TrimSpace(form["email"])}, nil
}

// handleCompanyContactCreate adds a contact person to the company's record.
func (s *Server) handleCompanyContactCreate(w http.ResponseWriter, r *http.Request) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	u := who(r).User
	cvr, err := companyCVR(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Companies.FindCompanyRecord(r.Context(), u.Municipality, cvr); err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readCompanyForm(w, r)
	var c pejling.CompanyContact
	if err == nil {
		c, err = personOfForm(form)
	}
	if err == nil {
		c.Municipality, c.CVR = u.Municipality, cvr
		err = s.Companies.CreateCompanyContact(r.Context(), &c)
	}
	if err != nil {
		if pejling.ErrorCode(err) == pejling.EINTERNAL {
			s.writeError(w, r, err)
			return
		}
		s.showCompany(w, r, companyState{err: err, where: "person", newPerson: form})
		return
	}
	http.Redirect(w, r, "/virksomheder/"+cvr+"#persons", http.StatusSeeOther)
}

// companyContactOf returns the contact person {id} of the path if it is one of the
// company {cvr} in the user's municipality; ENOTFOUND otherwise.
func (s *Server) companyContactOf(r *http.Request) (*pejling.CompanyContact, error) {
	cvr, err := companyCVR(r)
	if err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no contact person %q", pejling.Clip(r.PathValue("id")))
	}
	c, err := s.Companies.FindCompanyContactByID(r.Context(), who(r).User.Municipality, id)
	if err != nil {
		return nil, err
	}
	if c.CVR != cvr {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no contact person with id %d at company %s", id, cvr)
	}
	return c, nil
}

// handleCompanyContactUpdate changes a contact person.
func (s *Server) handleCompanyContactUpdate(w http.ResponseWriter, r *http.Request) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	c, err := s.companyContactOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readCompanyForm(w, r)
	var n pejling.CompanyContact
	if err == nil {
		n, err = personOfForm(form)
	}
	if err == nil {
		_, err = s.Companies.UpdateCompanyContact(r.Context(), c.Municipality, c.ID,
			pejling.CompanyContactUpdate{Name: &n.Name, Role: &n.Role, Phone: &n.Phone, Email: &n.Email})
	}
	if err != nil {
		if pejling.ErrorCode(err) == pejling.EINTERNAL {
			s.writeError(w, r, err)
			return
		}
		s.showCompany(w, r, companyState{err: err, where: "person-" + strconv.FormatInt(c.ID, 10)})
		return
	}
	http.Redirect(w, r, "/virksomheder/"+c.CVR+"#persons", http.StatusSeeOther)
}

// handleCompanyContactDelete removes a contact person.
func (s *Server) handleCompanyContactDelete(w http.ResponseWriter, r *http.Request) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	c, err := s.companyContactOf(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.Companies.DeleteCompanyContact(r.Context(), c.Municipality, c.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/virksomheder/"+c.CVR+"#persons", http.StatusSeeOther)
}

// PersonProblem reports whether the page shows a refused contact person form.
func (p companyPage) PersonProblem() bool { return strings.HasPrefix(p.Where, "person") }
