package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// The entry page of matching, GET /profiler, and a citizen's job profile, GET and POST
// /profiler/{id}: the profile form and below it the slots that match the citizen best.
//
// A profile is personal data. As on the citizen pages (person.go), the case worker
// states a purpose, and every view of a profile writes a read record with it in the
// audit log before anything of the citizen is shown; a saved change writes a change
// record. The purpose travels in the query and in a hidden field of the form.

// maxProfileForm bounds the body of the profile form.
const maxProfileForm = 16 << 10

// The fields of the profile form.
const (
	pfOccupations = "occupations"
	pfSkills      = "skills"
	pfEducation   = "education"
	pfLicence     = "licence"
	pfHome        = "home"
	pfRadius      = "radius"
	pfHoursMin    = "hours_min"
	pfHoursMax    = "hours_max"
	pfVersion     = "version"
	pfPurpose     = "purpose"
)

var profileFormFields = []string{pfOccupations, pfSkills, pfEducation, pfLicence, pfHome, pfRadius, pfHoursMin, pfHoursMax, pfVersion, pfPurpose}

// profileStartPage is the entry page: the form to open a profile and the slots to
// find candidates for.
type profileStartPage struct {
	page
	Person, Purpose       string
	PersonErr, PurposeErr string
	Slots                 []profileSlotRow
}

type profileSlotRow struct {
	Title, Link, Candidates, Company, Occupation, Hours string
	Free                                                int
}

// handleProfileStart shows the entry page; with a person and a purpose it opens that
// citizen's profile (303), and a bad one comes back at its field with 400.
func (s *Server) handleProfileStart(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	pg := profileStartPage{page: newPage(r, "prof.title")}
	q := r.URL.Query()
	status := http.StatusOK
	if _, asked := q["person"]; asked {
		pg.Person = strings.TrimSpace(q.Get("person"))
		if err := pejling.ValidPersonID(pg.Person); err != nil || len(q["person"]) > 1 {
			pg.PersonErr = pg.T("prof.badperson")
		}
		purpose, problem := purposeOf(r)
		pg.Purpose = q.Get("purpose")
		switch {
		case problem != "", len(q["purpose"]) > 1:
			pg.PurposeErr = pg.T(problem)
			if problem == "" {
				pg.PurposeErr = pg.T("person.badpurpose")
			}
		case purpose == "":
			pg.PurposeErr = pg.T("person.needpurpose")
		}
		if pg.PersonErr == "" && pg.PurposeErr == "" {
			http.Redirect(w, r, profilePath(pg.Person, purpose, ""), http.StatusSeeOther)
			return
		}
		status = http.StatusBadRequest
	}
	now := s.now()
	hits, err := s.Slots.FindSlots(r.Context(), sqldb.SlotFilter{Municipality: u.Municipality, ActiveOn: pejling.UTCDay(now),
		HasFreePlace: true, At: now, Limit: maxMatchSlots})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names := slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}
	for _, h := range hits {
		id := strconv.FormatInt(h.ID, 10)
		pg.Slots = append(pg.Slots, profileSlotRow{Title: h.Title, Link: "/jobboers/" + id, Candidates: "/jobboers/" + id + "/kandidater",
			Company: names.name(r.Context(), h.CVR), Occupation: h.Occupation, Hours: slotHours(pg.Lang, h.HoursPerWeek), Free: h.Free})
	}
	s.renderStatus(w, r, "profile_start", pg, status)
}

// profilePath is the address of a citizen's profile page with the purpose.
func profilePath(person, purpose, extra string) string {
	q := url.Values{"purpose": {purpose}}
	if extra != "" {
		q.Set(extra, "1")
	}
	return "/profiler/" + url.PathEscape(person) + "?" + q.Encode()
}

// profilePage is a citizen's profile page.
type profilePage struct {
	page
	Person, Purpose string
	Stored          bool   // a profile is stored; else the form creates one
	Changed         string // when and by whom it was last changed
	Version         int
	Form            profileForm
	Problem         string // a refusal of the whole form (409), shown above it
	Saved           string
	Educations      []option
	Matches         []matchRow
	SlotCount       int
	OrderMatches    []matchRow // the open job orders that fit best
	OrderCount      int
}

// profileForm is the profile form as typed, with a problem per field.
type profileForm struct {
	Values map[string]string
	Errors map[string]string
}

// Err is the problem of the field, or "".
func (f profileForm) Err(field string) string { return f.Errors[field] }

// profileFormOf fills the form from a stored profile.
func profileFormOf(p *sqldb.ProfileRecord) profileForm {
	f := profileForm{Values: map[string]string{}, Errors: map[string]string{}}
	if p == nil {
		f.Values[pfRadius], f.Values[pfHoursMin], f.Values[pfHoursMax], f.Values[pfVersion] = "30", "0", "37", "0"
		return f
	}
	f.Values[pfOccupations] = strings.Join(p.Occupations, ", ")
	f.Values[pfSkills] = strings.Join(p.Skills, ", ")
	f.Values[pfEducation] = strconv.Itoa(p.Education)
	if p.DrivingLicence {
		f.Values[pfLicence] = "1"
	}
	f.Values[pfHome] = slotLatLonText(p.Home)
	f.Values[pfRadius] = strconv.FormatFloat(p.RadiusKm, 'f', -1, 64)
	f.Values[pfHoursMin] = strconv.FormatFloat(p.Hours.Min, 'f', -1, 64)
	f.Values[pfHoursMax] = strconv.FormatFloat(p.Hours.Max, 'f', -1, 64)
	f.Values[pfVersion] = strconv.Itoa(p.Version)
	return f
}

// profilePerson reads the person id of the path; a bad one (a CPR number above all)
// is refused before anything is read or logged.
func profilePerson(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if err := pejling.ValidPersonID(id); err != nil {
		return "", pejling.Errorf(pejling.EINVALID, "person: %s", pejling.ErrorMessage(err))
	}
	return id, nil
}

// handleProfile shows a citizen's profile and the slots that match it best; without a
// profile, the form creates one. Nothing is read without a purpose.
func (s *Server) handleProfile(w http.ResponseWriter, r *http.Request) {
	person, err := profilePerson(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	purpose, problem := purposeOf(r)
	if problem == "" && purpose == "" {
		problem = "person.needpurpose"
	}
	if problem != "" || len(r.URL.Query()["purpose"]) > 1 {
		if problem == "" {
			problem = "person.badpurpose"
		}
		pg := profileStartPage{page: newPage(r, "prof.title"), Person: person, Purpose: r.URL.Query().Get("purpose")}
		pg.PurposeErr = pg.T(problem)
		s.renderStatus(w, r, "profile_start", pg, http.StatusBadRequest)
		return
	}
	pg := profilePage{page: newPage(r, "prof.profiletitle"), Person: person, Purpose: purpose}
	if r.URL.Query().Get("saved") != "" {
		pg.Saved = pg.T("prof.saved")
	}
	s.showProfile(w, r, &pg, http.StatusOK)
}

// showProfile audits the read, reads the profile and the matching slots and writes the
// page with the status. A filled form of pg is kept.
func (s *Server) showProfile(w http.ResponseWriter, r *http.Request, pg *profilePage, status int) {
	u := who(r).User
	ctx := r.Context()
	if err := s.audit(r, pejling.AuditRead, pg.Person, "job profile and matching slots", pg.Purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.Profiles.FindProfile(ctx, u.Municipality, pg.Person)
	if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
		s.writeError(w, r, err)
		return
	}
	pg.Title = pg.T("prof.profiletitle") + ": " + pg.Person
	if err == nil {
		pg.Stored, pg.Version = true, rec.Version
		pg.Changed = rec.UpdatedAt.In(slotZone).Format("2006-01-02 15:04")
		if by, err := s.Users.FindUser(ctx, rec.UpdatedBy); err == nil {
			pg.Changed += " · " + by.Name
		}
	} else {
		rec = nil
	}
	if pg.Form.Values == nil {
		pg.Form = profileFormOf(rec)
	}
	edu, _ := strconv.Atoi(pg.Form.Values[pfEducation])
	for lvl := 0; lvl <= 8; lvl++ {
		pg.Educations = append(pg.Educations, option{strconv.Itoa(lvl), iscedName(pg.Lang, lvl), lvl == edu && pg.Form.Values[pfEducation] != ""})
	}
	if rec != nil {
		matches, n, err := s.bestSlots(r, u.Municipality, rec.Profile, pg.page)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		pg.Matches, pg.SlotCount = matches, n
		if pg.OrderMatches, pg.OrderCount, err = s.bestOrders(r, u.Municipality, rec.Profile, pg.page); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	s.renderStatus(w, r, "profile", pg, status)
}

// handleProfileSave stores the profile form, if the profile is still the version the
// form was made from; otherwise 409 and nothing is changed. A form with problems comes
// back with them at its fields (400), and nothing is stored.
func (s *Server) handleProfileSave(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	person, err := profilePerson(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := slotReadForm(w, r, maxProfileForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := profilePage{page: newPage(r, "prof.profiletitle"), Person: person}
	p, version, f := parseProfileForm(pg.page, form, person)
	pg.Form, pg.Purpose = f, f.Values[pfPurpose]
	if pg.Form.Errors[pfPurpose] != "" {
		// Without a valid purpose nothing of the citizen is read or shown.
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "purpose: %s", pg.Form.Errors[pfPurpose]))
		return
	}
	if len(pg.Form.Errors) > 0 {
		s.showProfile(w, r, &pg, http.StatusBadRequest)
		return
	}
	if _, err := s.Profiles.SaveProfile(r.Context(), u.Municipality, p, u.ID, version); err != nil {
		switch pejling.ErrorCode(err) {
		case pejling.ECONFLICT:
			pg.Problem = pg.T("prof.conflict")
			s.showProfile(w, r, &pg, http.StatusConflict)
		case pejling.EINVALID:
			pg.Problem = pejling.ErrorMessage(err)
			s.showProfile(w, r, &pg, http.StatusBadRequest)
		default:
			s.writeError(w, r, err)
		}
		return
	}
	if err := s.audit(r, pejling.AuditChange, person, "job profile saved (version "+strconv.Itoa(version+1)+")", pg.Purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, profilePath(person, pg.Purpose, "saved"), http.StatusSeeOther)
}

// parseProfileForm reads the form into a profile of the person, normalised by
// sqldb.NormaliseProfile. The form comes back as typed, with a problem per field; the
// profile is usable only when it has none.
func parseProfileForm(pg page, form url.Values, person string) (pejling.Profile, int, profileForm) {
	l := pg.Lang
	f := profileForm{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range profileFormFields {
		v, ok := slotSingle(form, k)
		f.Values[k] = v
		if !ok {
			f.Errors[k] = l.Pick("Feltet er sendt mere end én gang.", "The field was sent more than once.")
		}
	}
	bad := func(field, msg string) {
		if f.Errors[field] == "" {
			f.Errors[field] = msg
		}
	}
	v := f.Values
	if p := strings.TrimSpace(v[pfPurpose]); len([]rune(p)) < minPurpose || len([]rune(p)) > maxPurpose || strings.ContainsFunc(p, func(r rune) bool { return r < ' ' }) {
		bad(pfPurpose, pg.T("person.needpurpose"))
	} else {
		v[pfPurpose] = p
	}
	p := pejling.Profile{PersonID: person, Occupations: splitList(v[pfOccupations]), Skills: splitList(v[pfSkills]),
		DrivingLicence: v[pfLicence] != ""}
	if v[pfLicence] != "" && v[pfLicence] != "1" {
		bad(pfLicence, l.Pick("Vælg eller fravælg feltet.", "Tick or untick the field."))
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v[pfEducation])); err != nil || n < 0 || n > 8 {
		bad(pfEducation, l.Pick("Vælg et uddannelsesniveau (ISCED 0–8).", "Choose a level of education (ISCED 0–8)."))
	} else {
		p.Education = n
	}
	if home, ok := slotParseLatLon(v[pfHome]); !ok {
		bad(pfHome, l.Pick("Skriv bopælen som bredde, længde, fx 56.153, 10.204.", "Write the home as latitude, longitude, e.g. 56.153, 10.204."))
	} else {
		p.Home = home
	}
	number := func(field string, dst *float64, msg string) {
		x, ok := slotDecimal(v[field])
		if !ok {
			bad(field, msg)
			return
		}
		*dst = x
	}
	number(pfRadius, &p.RadiusKm, l.Pick("Skriv en afstand i km, over 0 og højst 500.", "Write a distance in km, above 0 and at most 500."))
	hoursMsg := l.Pick("Skriv timer pr. uge, 0–60.", "Write hours per week, 0–60.")
	number(pfHoursMin, &p.Hours.Min, hoursMsg)
	number(pfHoursMax, &p.Hours.Max, hoursMsg)
	version, err := strconv.Atoi(v[pfVersion])
	if err != nil || version < 0 {
		bad(pfVersion, l.Pick("Formularen mangler sin version; genindlæs siden.", "The form lacks its version; reload the page."))
	}
	if len(f.Errors) == 0 {
		field, err := sqldb.NormaliseProfile(&p)
		if err != nil {
			switch field {
			case "radius":
				field = pfRadius
			case "hours":
				field = pfHoursMin
				if p.Hours.Max > sqldb.MaxProfileHours {
					field = pfHoursMax
				}
			case "person":
				field = pfPurpose // not reached: the path's person id was checked
			}
			bad(field, pejling.ErrorMessage(err))
		}
	}
	return p, version, f
}

// splitList splits a list typed with commas or line breaks.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ';' })
}

// iscedName names an ISCED 2011 level.
func iscedName(l interface{ Pick(da, en string) string }, level int) string {
	names := [9][2]string{
		{"Førskole", "Early childhood"}, {"Grundskole, 1.–6. kl.", "Primary"}, {"Grundskole, 7.–10. kl.", "Lower secondary"},
		{"Gymnasial eller erhvervsfaglig", "Upper secondary"}, {"Efter gymnasial, ikke videregående", "Post-secondary non-tertiary"},
		{"Kort videregående", "Short-cycle tertiary"}, {"Bachelor eller professionsbachelor", "Bachelor"},
		{"Kandidat (master)", "Master"}, {"Ph.d.", "Doctoral"},
	}
	return strconv.Itoa(level) + " " + l.Pick(names[level][0], names[level][1])
}
