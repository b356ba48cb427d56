package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// Matching against job orders: what an order asks of a candidate (its requirements,
// edited on the order's page with the version the user saw: employer.EditOrder adds an
// edited event, so a colleague's change in between is refused, not overwritten), and
// the citizens whose job profiles fit it best, GET /ordrer/{id}/kandidater — ranked by
// employer's default weights as the placement bank's candidates are, each component of
// the score explained. The candidates are citizens: each one shown is audited first,
// with a fixed purpose naming the order.

// orderCandidatePurpose is the purpose recorded for the citizens of an order's candidates.
const orderCandidatePurpose = "matchning: kandidater til en jobordre"

// The fields of the requirements form.
var orderReqFields = []string{"occupation", "skills", "education", "licence", "address", "place", "hours_min", "hours_max", "note"}

// orderReqForm is the requirements form as typed, with a problem per field.
type orderReqForm struct {
	Values map[string]string
	Errors map[string]string
}

func (f orderReqForm) V(field string) string   { return f.Values[field] }
func (f orderReqForm) Err(field string) string { return f.Errors[field] }

// Educations are the ISCED levels for the form's select, the typed one selected.
func (f orderReqForm) Educations(l locale.Lang) []option {
	out := []option{{"", l.Pick("Intet krav", "No requirement"), f.V("education") == "" || f.V("education") == "0"}}
	for lv := 1; lv <= 8; lv++ {
		out = append(out, option{strconv.Itoa(lv), iscedName(l, lv), f.V("education") == strconv.Itoa(lv)})
	}
	return out
}

// orderReqFormOf fills the form from stored requirements.
func orderReqFormOf(r pejling.OrderRequirements) orderReqForm {
	v := map[string]string{"occupation": r.Occupation, "skills": strings.Join(r.Skills, ", "), "address": r.Address}
	if r.MinEducation > 0 {
		v["education"] = strconv.Itoa(r.MinEducation)
	}
	if r.DrivingLicence {
		v["licence"] = "1"
	}
	if r.HasLocation {
		v["place"] = slotLatLonText(r.Location)
	}
	if r.Hours != (pejling.HoursRange{}) {
		v["hours_min"] = strconv.FormatFloat(r.Hours.Min, 'f', -1, 64)
		v["hours_max"] = strconv.FormatFloat(r.Hours.Max, 'f', -1, 64)
	}
	return orderReqForm{Values: v, Errors: map[string]string{}}
}

// parseOrderRequirements reads the requirements form. Every field may be empty (an
// order need not be matched); what is given must be well-formed.
func parseOrderRequirements(l locale.Lang, form url.Values) (pejling.OrderRequirements, orderReqForm) {
	f := orderReqForm{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range orderReqFields {
		v, ok := slotSingle(form, k)
		f.Values[k] = v
		if !ok {
			f.Errors[k] = l.Pick("Feltet er sendt mere end én gang.", "The field was sent more than once.")
		}
	}
	bad := func(field, da, en string, args ...any) {
		if f.Errors[field] == "" {
			f.Errors[field] = fmt.Sprintf(l.Pick(da, en), args...)
		}
	}
	text := func(field string, max int) string {
		v := f.V(field)
		switch n := utf8.RuneCountInString(v); {
		case !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0:
			bad(field, "Teksten indeholder ugyldige tegn.", "The text holds invalid characters.")
		case n > max:
			bad(field, "Højst %d tegn (her er %d).", "At most %d characters (this is %d).", max, n)
		}
		return strings.TrimSpace(v)
	}
	var r pejling.OrderRequirements
	if r.Occupation = strings.TrimSpace(f.V("occupation")); r.Occupation != "" && !slotDigits(r.Occupation, 4) {
		bad("occupation", "En DISCO-08-kode er 4 cifre, fx 9333.", "A DISCO-08 code is 4 digits, e.g. 9333.")
	}
	r.Address = text("address", pejling.MaxSlotAddressLen)
	if p := strings.TrimSpace(f.V("place")); p != "" {
		if ll, ok := slotParseLatLon(p); ok {
			r.Location, r.HasLocation = ll, true
		} else {
			bad("place", "Skriv stedet som breddegrad, længdegrad, fx 56.153, 10.204.", "Write the place as latitude, longitude, e.g. 56.153, 10.204.")
		}
	}
	if e := strings.TrimSpace(f.V("education")); e != "" {
		if n, err := strconv.Atoi(e); err == nil && n >= 0 && n <= 8 {
			r.MinEducation = n
		} else {
			bad("education", "Vælg et uddannelsesniveau (ISCED 0–8).", "Choose a level of education (ISCED 0–8).")
		}
	}
	switch f.V("licence") {
	case "":
	case "1":
		r.DrivingLicence = true
	default:
		bad("licence", "Vælg eller fravælg feltet.", "Tick or untick the field.")
	}
	hoursMin, hoursMax := strings.TrimSpace(f.V("hours_min")), strings.TrimSpace(f.V("hours_max"))
	if hoursMin != "" || hoursMax != "" {
		if hoursMax == "" {
			hoursMax = hoursMin
		}
		if hoursMin == "" {
			hoursMin = hoursMax
		}
		lo, ok1 := slotDecimal(hoursMin)
		hi, ok2 := slotDecimal(hoursMax)
		switch {
		case !ok1 || lo < 0 || lo > pejling.MaxSlotHours:
			bad("hours_min", "Skriv timer pr. uge, 0–%d.", "Write hours per week, 0–%d.", pejling.MaxSlotHours)
		case !ok2 || hi < 0 || hi > pejling.MaxSlotHours:
			bad("hours_max", "Skriv timer pr. uge, 0–%d.", "Write hours per week, 0–%d.", pejling.MaxSlotHours)
		case hi < lo:
			bad("hours_max", "Højst skal være mindst lige så meget som mindst.", "The most must be at least the least.")
		default:
			r.Hours = pejling.HoursRange{Min: lo, Max: hi}
		}
	}
	if raw := text("skills", pejling.MaxSlotSkills*(pejling.MaxSlotSkillLen+2)); raw != "" {
		for _, k := range splitList(raw) {
			if k = strings.Join(strings.Fields(strings.ToLower(k)), " "); k == "" {
				continue
			}
			if utf8.RuneCountInString(k) > pejling.MaxSlotSkillLen {
				bad("skills", "En kompetence må højst have %d tegn.", "A skill may have at most %d characters.", pejling.MaxSlotSkillLen)
			}
			r.Skills = append(r.Skills, k)
		}
		if len(r.Skills) > pejling.MaxSlotSkills {
			bad("skills", "Højst %d kompetencer.", "At most %d skills.", pejling.MaxSlotSkills)
		}
	}
	text("note", employer.MaxOrderNoteLen)
	if len(f.Errors) == 0 {
		if err := r.Validate(); err != nil {
			f.Errors["form"] = pejling.ErrorMessage(err)
		}
	}
	return r, f
}

// orderReqView is an order's requirements as the page shows them.
type orderReqView struct {
	Occupation, Skills, Education, Licence, Address, Place, Hours string
	Matchable, LicenceRequired                                    bool
}

func orderReqViewOf(l locale.Lang, r pejling.OrderRequirements) orderReqView {
	none := "–"
	v := orderReqView{Occupation: none, Skills: none, Education: none, Address: none, Place: none, Hours: none, Matchable: r.Matchable(),
		Licence: l.Pick("Nej", "No")}
	if r.Occupation != "" {
		v.Occupation = r.Occupation
	}
	if len(r.Skills) > 0 {
		v.Skills = strings.Join(r.Skills, ", ")
	}
	if r.MinEducation > 0 {
		v.Education = iscedName(l, r.MinEducation)
	}
	if r.DrivingLicence {
		v.Licence, v.LicenceRequired = l.Pick("Ja", "Yes"), true
	}
	if r.Address != "" {
		v.Address = r.Address
	}
	if r.HasLocation {
		v.Place = slotLatLonText(r.Location)
	}
	if r.Hours != (pejling.HoursRange{}) {
		v.Hours = l.Number(r.Hours.Min, 1)
		if r.Hours.Max != r.Hours.Min {
			v.Hours += "–" + l.Number(r.Hours.Max, 1)
		}
	}
	return v
}

// handleOrderRequirements replaces the requirements of an order of the user's
// municipality as the user saw it (employer.ChangeOrderRequirements): 303 when stored;
// the order's page again with the field named (400) or "changed by a colleague" (409);
// nothing is stored on a refusal.
func (s *Server) handleOrderRequirements(w http.ResponseWriter, r *http.Request) {
	id, err := orderID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	u := who(r).User
	if _, err := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := orderPage{page: newPage(r, "ord.order")}
	refuse := func(form orderReqForm, err error) {
		if ferr := s.fillOrder(r, &pg, id); ferr != nil {
			s.writeError(w, r, ferr)
			return
		}
		pg.ReqForm, pg.ReqOpen = form, true
		s.orderProblem(w, r, "order", &pg, err)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxOrderForm)
	if err := r.ParseForm(); err != nil {
		refuse(orderReqForm{Values: map[string]string{}, Errors: map[string]string{}},
			pejling.Errorf(pejling.EINVALID, "the form could not be read (at most %d KB): %s", maxOrderForm>>10, pejling.Clip(err.Error())))
		return
	}
	req, form := parseOrderRequirements(pg.Lang, r.PostForm)
	seen, verr := strconv.Atoi(r.PostForm.Get("version"))
	switch {
	case len(r.PostForm["version"]) != 1 || verr != nil || seen < 1:
		refuse(form, pejling.Errorf(pejling.EINVALID, "version %q: reload the order and try again", pejling.Clip(r.PostForm.Get("version"))))
		return
	case len(form.Errors) > 0:
		msg := form.Errors["form"]
		for _, k := range orderReqFields {
			if m := form.Errors[k]; m != "" && msg == "" {
				msg = message(pg.Lang, "ord.req."+k) + ": " + m
			}
		}
		refuse(form, pejling.Errorf(pejling.EINVALID, "%s", msg))
		return
	}
	_, err = employer.ChangeOrderRequirements(r.Context(), s.Orders, u.Municipality, id, seen, req, strings.TrimSpace(form.V("note")), u.ID, s.now())
	if pejling.ErrorCode(err) == pejling.ECONFLICT {
		if cur, ferr := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); ferr == nil && cur.Version != seen {
			pg.Conflict = true
			err = pejling.Errorf(pejling.ECONFLICT, "%s", message(pg.Lang, "ord.conflict"))
		}
	}
	if err != nil {
		refuse(form, err)
		return
	}
	http.Redirect(w, r, "/ordrer/"+strconv.FormatInt(id, 10)+"#requirements", http.StatusSeeOther)
}

type orderCandidatesPage struct {
	page
	Order      orderRow
	Req        orderReqView
	Profiles   int
	Candidates []matchRow
}

// handleOrderCandidates lists the citizens of the municipality whose job profiles fit
// an order best (at most maxMatches), each audited before it is shown. An order
// without an occupation or a place is not matched: the page says what to add.
func (s *Server) handleOrderCandidates(w http.ResponseWriter, r *http.Request) {
	id, err := orderID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.Profiles == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no job profiles are kept here"))
		return
	}
	ctx := r.Context()
	pg := orderCandidatesPage{page: newPage(r, "ord.cand.title")}
	v, err := s.orderView(r, pg.Lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	o, err := s.Orders.FindJobOrder(ctx, v.User.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg.Order, pg.Req = v.row(o), orderReqViewOf(pg.Lang, o.Requirements)
	pg.Title = pg.T("ord.cand.title") + ": " + o.Title
	if !o.Requirements.Matchable() {
		s.render(w, r, "order_candidates", pg)
		return
	}
	matches, n, err := s.orderCandidates(r, o)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg.Profiles = n
	for i, m := range matches {
		row := matchRowOf(pg.page, i+1, m)
		row.ID, row.Title = m.PersonID, m.PersonID
		row.Link = "/profiler/" + url.PathEscape(m.PersonID) + "?" + url.Values{"purpose": {orderCandidatePurpose}}.Encode()
		pg.Candidates = append(pg.Candidates, row)
	}
	s.render(w, r, "order_candidates", pg)
}

// orderCandidates ranks the job profiles of the order's municipality against the
// (matchable) order and audits each candidate, before any is shown (the page and the
// API share it); n is how many profiles were ranked.
func (s *Server) orderCandidates(r *http.Request, o pejling.JobOrder) (matches []employer.Match, n int, err error) {
	profiles, err := s.Profiles.FindProfiles(r.Context(), o.Municipality)
	if err != nil {
		return nil, 0, err
	}
	matches = employer.NewIndex(profiles).BestCandidates(o.Vacancy(), maxMatches, employer.DefaultMatchWeights())
	for i, m := range matches {
		if err := s.audit(r, pejling.AuditRead, m.PersonID, fmt.Sprintf("job order %d: candidate ranked %d", o.ID, i+1), orderCandidatePurpose); err != nil {
			return nil, 0, err
		}
	}
	return matches, len(profiles), nil
}
