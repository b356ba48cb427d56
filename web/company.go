package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
)

// The company register's list (GET /virksomheder) and the form that adds a company to
// it (POST /virksomheder). The shared pieces of the company pages are here too: the
// bounded form reader, the names of colleagues and the option lists.

// maxCompanyForm bounds the body of every form of the company pages: the longest field
// (notes, 4,000 characters of up to 4 bytes) with room for the rest.
const maxCompanyForm = 64 << 10

// companyFormProblem is a form refused before it reaches the store: the field and why.
type companyFormProblem struct{ field, msg string }

// readCompanyForm parses a POSTed form within maxCompanyForm and returns its values,
// one per field: a field sent twice is refused (naming the field) rather than one of the
// values silently chosen, and so is a body too large.
func readCompanyForm(w http.ResponseWriter, r *http.Request) (map[string]string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxCompanyForm)
	if err := r.ParseForm(); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "form: unreadable or larger than %d KiB", maxCompanyForm>>10)
	}
	out := map[string]string{}
	for k, vs := range r.PostForm {
		if len(vs) > 1 {
			return nil, pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once", pejling.Clip(k), len(vs))
		}
		out[k] = vs[0]
	}
	return out, nil
}

// singleQuery returns the query parameter key, refusing one given more than once.
func singleQuery(r *http.Request, key string) (string, error) {
	vs := r.URL.Query()[key]
	if len(vs) > 1 {
		return "", pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once", key, len(vs))
	}
	if len(vs) == 0 {
		return "", nil
	}
	return vs[0], nil
}

// errorField is the field an EINVALID message of the store names ("outcome: …"), for
// the form to mark; "" when it names none.
func errorField(err error) string {
	f, _, ok := strings.Cut(pejling.ErrorMessage(err), ":")
	if !ok || len(f) > 20 || strings.ContainsAny(f, "\"'") {
		return ""
	}
	if n, ok := formFieldOf[f]; ok {
		return n
	}
	return f
}

// formFieldOf maps the field names of the store's messages to the forms' field names.
var formFieldOf = map[string]string{"CVR": "cvr", "size band": "size", "service package": "package",
	"next step": "next_step", "next step date": "next_date"}

// colleagues returns the active users of the municipality by id, for names and the
// owner lists.
func (s *Server) colleagues(r *http.Request, municipality int) (map[int64]pejling.User, []pejling.User, error) {
	all, err := s.Companies.ListUsers(r.Context())
	if err != nil {
		return nil, nil, err
	}
	byID := map[int64]pejling.User{}
	var list []pejling.User
	for _, u := range all {
		if u.Municipality != municipality {
			continue
		}
		byID[u.ID] = u
		if !u.Disabled {
			list = append(list, u)
		}
	}
	return byID, list, nil
}

// userName is the name of a colleague, or "#id" for one not (or no longer) known.
func userName(users map[int64]pejling.User, id int64) string {
	if id == 0 {
		return ""
	}
	if u, ok := users[id]; ok {
		return u.Name
	}
	return "#" + strconv.FormatInt(id, 10)
}

// packageName is a service package's name in the language.
func packageName(l locale.Lang, p pejling.ServicePackage) string {
	return message(l, "co.pkg."+string(p))
}

func packageOptions(l locale.Lang, selected pejling.ServicePackage, any bool) []option {
	var out []option
	if any {
		out = append(out, option{Value: "", Label: message(l, "co.any"), Selected: selected == ""})
	}
	for _, p := range pejling.ServicePackages() {
		out = append(out, option{Value: string(p), Label: packageName(l, p), Selected: p == selected})
	}
	return out
}

func ownerOptions(l locale.Lang, users []pejling.User, selected int64, anyLabel string) []option {
	out := []option{{Value: "", Label: message(l, anyLabel), Selected: selected == 0}}
	for _, u := range users {
		out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: u.ID == selected})
	}
	return out
}

// companyName is the name a record shows: its own, the register's, or the CVR.
func companyName(c *pejling.CompanyRecord) string {
	if c.Name != "" {
		return c.Name
	}
	return "CVR " + c.CVR
}

type companiesPage struct {
	page
	Text, Package, Owner string
	Packages, Owners     []option
	NewPackages          []option
	NewOwners            []option
	Rows                 []companyRow
	Problem, Field       string
	New                  map[string]string // the add form, shown again after a problem
}

type companyRow struct {
	CVR, Name, City, Package, Owner, LastContact, LastTopic, Link string
	FromRegister                                                  bool
}

// handleCompanies lists the companies of the user's municipality, filtered by text,
// service package and owner, each with its last contact.
func (s *Server) handleCompanies(w http.ResponseWriter, r *http.Request) {
	s.showCompanies(w, r, nil, nil)
}

func (s *Server) showCompanies(w http.ResponseWriter, r *http.Request, formErr error, form map[string]string) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	u := who(r).User
	pg := companiesPage{page: newPage(r, "co.list.title"), New: form}
	f := pejling.CompanyFilter{Municipality: u.Municipality, Limit: 500}
	var err error
	for key, dst := range map[string]*string{"q": &pg.Text, "package": &pg.Package, "owner": &pg.Owner} {
		if *dst, err = singleQuery(r, key); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	if utf8.RuneCountInString(pg.Text) > 200 || !utf8.ValidString(pg.Text) {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "q: the search text is at most 200 characters of text"))
		return
	}
	f.Text = pg.Text
	if pg.Package != "" {
		if f.Package = pejling.ServicePackage(pg.Package); !f.Package.Valid() {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "package: unknown package %q; use gold, silver, bronze or none", pejling.Clip(pg.Package)))
			return
		}
	}
	if pg.Owner != "" {
		if f.Owner, err = strconv.ParseInt(pg.Owner, 10, 64); err != nil || f.Owner <= 0 {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "owner: %q is not a user id", pejling.Clip(pg.Owner)))
			return
		}
	}
	users, list, err := s.colleagues(r, u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	l := pg.Lang
	pg.Packages = packageOptions(l, f.Package, true)
	pg.Owners = ownerOptions(l, list, f.Owner, "co.any")
	pg.NewPackages = packageOptions(l, pejling.ServicePackage(form["package"]), false)
	newOwner, _ := strconv.ParseInt(form["owner"], 10, 64)
	if form == nil {
		newOwner = u.ID
	}
	pg.NewOwners = ownerOptions(l, list, newOwner, "co.noowner")
	recs, err := s.Companies.FindCompanyRecords(r.Context(), f)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	// The last contact of each company: the log newest first, the first entry per CVR.
	log, err := s.Companies.FindContactLog(r.Context(), pejling.ContactLogFilter{Municipality: u.Municipality, Limit: 1000})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	last := map[string]pejling.ContactLogEntry{}
	for _, e := range log {
		if _, ok := last[e.CVR]; !ok {
			last[e.CVR] = e
		}
	}
	for i := range recs {
		c := &recs[i]
		row := companyRow{CVR: c.CVR, Name: companyName(c), City: c.City, Package: packageName(l, c.Package),
			Owner: userName(users, c.OwnerID), Link: "/virksomheder/" + c.CVR, FromRegister: c.FromRegister.Name}
		if e, ok := last[c.CVR]; ok {
			row.LastContact = l.Date(pejling.DateOf(e.At.In(copenhagen).Date())) + " · " + userName(users, e.UserID)
			row.LastTopic = message(l, "co.topic."+string(e.Topic))
		}
		pg.Rows = append(pg.Rows, row)
	}
	if formErr != nil {
		pg.Problem, pg.Field = pejling.ErrorMessage(formErr), errorField(formErr)
		s.renderStatus(w, r, "company_list", pg, errorStatus[pejling.ErrorCode(formErr)])
		return
	}
	s.render(w, r, "company_list", pg)
}

// handleCompanyCreate adds a company to the register of the user's municipality. Name,
// industry and size may be left empty: the imported register's values stand in.
func (s *Server) handleCompanyCreate(w http.ResponseWriter, r *http.Request) {
	if s.Companies == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no company register is served here"))
		return
	}
	u := who(r).User
	form, err := readCompanyForm(w, r)
	if err != nil {
		s.showCompanies(w, r, err, map[string]string{})
		return
	}
	rec, err := recordOfForm(form, u.Municipality, strings.TrimSpace(form["cvr"]))
	if err == nil {
		err = s.Companies.CreateCompanyRecord(r.Context(), rec)
	}
	if err != nil {
		if pejling.ErrorCode(err) == pejling.EINTERNAL {
			s.writeError(w, r, err)
			return
		}
		s.showCompanies(w, r, err, form)
		return
	}
	http.Redirect(w, r, "/virksomheder/"+url.PathEscape(rec.CVR), http.StatusSeeOther)
}

// recordFields are the fields of the record form; the add form sends a subset.
var recordFields = []string{"name", "address", "postcode", "city", "industry", "size", "package", "owner", "notes"}

// recordOfForm reads a record from the form, checking what the store cannot: the owner
// as a number and unknown fields.
func recordOfForm(form map[string]string, municipality int, cvr string) (*pejling.CompanyRecord, error) {
	for k := range form {
		if !slices.Contains(recordFields, k) && k != "cvr" && k != "version" {
			return nil, pejling.Errorf(pejling.EINVALID, "%s: not a field of the form", pejling.Clip(k))
		}
	}
	if err := pejling.ValidCVR(cvr); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "cvr: %s", strings.TrimPrefix(pejling.ErrorMessage(err), "CVR: "))
	}
	rec := &pejling.CompanyRecord{Municipality: municipality, CVR: cvr,
		Name: strings.TrimSpace(form["name"]), Address: strings.TrimSpace(form["address"]), Postcode: strings.TrimSpace(form["postcode"]),
		City: strings.TrimSpace(form["city"]), Industry: strings.TrimSpace(form["industry"]),
		SizeBand: pejling.SizeBand(form["size"]), Package: pejling.ServicePackage(form["package"]), Notes: form["notes"]}
	if rec.Package == "" {
		rec.Package = pejling.PackageNone
	}
	if o := form["owner"]; o != "" {
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id <= 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "owner: %q is not a user id", pejling.Clip(o))
		}
		rec.OwnerID = id
	}
	return rec, rec.Validate()
}
