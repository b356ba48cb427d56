package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
)

// The slot form, for a new slot and for a change of one. Each field's problem is shown
// at the field, in the page's language; the domain's Validate runs after as the last
// word, its message shown above the form.

// The names of the slot form's fields.
const (
	sfCVR          = "cvr"
	sfType         = "type"
	sfTitle        = "title"
	sfOccupation   = "occupation"
	sfDescription  = "description"
	sfAddress      = "address"
	sfLocation     = "location"
	sfHours        = "hours"
	sfRequirements = "requirements"
	sfSkills       = "skills"
	sfEducation    = "min_education"
	sfLicence      = "driving_licence"
	sfExpectations = "expectations"
	sfCapacity     = "capacity"
	sfFrom         = "active_from"
	sfTo           = "active_to"
	sfVersion      = "version"
)

var slotFormFields = []string{sfCVR, sfType, sfTitle, sfOccupation, sfDescription, sfAddress, sfLocation, sfHours,
	sfRequirements, sfSkills, sfEducation, sfLicence, sfExpectations, sfCapacity, sfFrom, sfTo, sfVersion}

// maxSlotForm bounds the body of a slot form: the three long texts at their limit in
// four-byte characters, and room for the rest.
const maxSlotForm = 3*pejling.MaxSlotTextLen*4*3 + 16<<10

// slotForm is the slot form as typed, with the problems of its fields.
type slotForm struct {
	Values  map[string]string
	Errors  map[string]string
	Problem string // not tied to a field
}

// V is the value of a field as typed.
func (f slotForm) V(field string) string { return f.Values[field] }

// Err is the problem of a field, or "".
func (f slotForm) Err(field string) string { return f.Errors[field] }

// Checked reports whether the checkbox field is ticked.
func (f slotForm) Checked(field string) bool { return f.Values[field] != "" }

// Educations are the choices of the minimum education, ISCED 2011 levels.
func (f slotForm) Educations(l locale.Lang) []option {
	names := [...][2]string{
		{"Ingen krav", "No requirement"}, {"Grundskole (1)", "Primary (1)"}, {"Folkeskole (2)", "Lower secondary (2)"},
		{"Gymnasial/erhvervsuddannelse (3)", "Upper secondary/vocational (3)"}, {"Post-gymnasial (4)", "Post-secondary (4)"},
		{"Kort videregående (5)", "Short-cycle tertiary (5)"}, {"Bachelor (6)", "Bachelor (6)"}, {"Kandidat (7)", "Master (7)"},
		{"Ph.d. (8)", "Doctoral (8)"},
	}
	var out []option
	for i, n := range names {
		v := strconv.Itoa(i)
		out = append(out, option{v, l.Pick(n[0], n[1]), f.V(sfEducation) == v || (f.V(sfEducation) == "" && i == 0)})
	}
	return out
}

// Types are the choices of the slot type.
func (f slotForm) Types(l locale.Lang) []option {
	return []option{
		{string(pejling.SlotPraktik), l.Pick("Virksomhedspraktik", "Work experience (praktik)"), f.V(sfType) == string(pejling.SlotPraktik)},
		{string(pejling.SlotWageSubsidy), l.Pick("Løntilskud", "Wage subsidy (løntilskud)"), f.V(sfType) == string(pejling.SlotWageSubsidy)},
	}
}

// slotFormOf fills the form from a stored slot, for its edit form.
func slotFormOf(s *pejling.Slot) slotForm {
	v := map[string]string{
		sfCVR: s.CVR, sfType: string(s.Type), sfTitle: s.Title, sfOccupation: s.Occupation, sfDescription: s.Description,
		sfAddress: s.Address, sfLocation: slotLatLonText(s.Location), sfHours: strconv.FormatFloat(s.HoursPerWeek, 'f', -1, 64),
		sfRequirements: s.Requirements, sfSkills: strings.Join(s.Skills, ", "), sfEducation: strconv.Itoa(s.MinEducation),
		sfExpectations: s.Expectations, sfCapacity: strconv.Itoa(s.Capacity), sfFrom: s.ActiveFrom.String(),
		sfTo: s.ActiveTo.String(), sfVersion: strconv.Itoa(s.Version),
	}
	if s.DrivingLicence {
		v[sfLicence] = "1"
	}
	return slotForm{Values: v, Errors: map[string]string{}}
}

func slotLatLonText(p pejling.LatLon) string {
	return strconv.FormatFloat(p.Lat, 'f', -1, 64) + ", " + strconv.FormatFloat(p.Lon, 'f', -1, 64)
}

// slotParseLatLon reads a place written "lat, lon" in decimal degrees ("55.676, 12.568"; a
// decimal comma needs the separator to be a semicolon or a space: "55,676 12,568").
func slotParseLatLon(s string) (pejling.LatLon, bool) {
	s = strings.TrimSpace(s)
	var a, b string
	switch {
	case strings.Contains(s, ";"):
		a, b, _ = strings.Cut(s, ";")
	case strings.Count(s, ",") == 1:
		a, b, _ = strings.Cut(s, ",")
	default:
		f := strings.Fields(s)
		if len(f) != 2 {
			return pejling.LatLon{}, false
		}
		a, b = f[0], f[1]
	}
	lat, ok1 := slotDecimal(a)
	lon, ok2 := slotDecimal(b)
	if !ok1 || !ok2 || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return pejling.LatLon{}, false
	}
	return pejling.LatLon{Lat: lat, Lon: lon}, true
}

// slotDecimal reads a finite number with a decimal point or comma and no thousands marks.
func slotDecimal(s string) (float64, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" || len(s) > 30 {
		return 0, false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, false
	}
	return x, true
}

// slotReadForm reads a form POST of at most max bytes; a body too large or not a form
// is an EINVALID error.
func slotReadForm(w http.ResponseWriter, r *http.Request, max int64) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, max)
	if err := r.ParseForm(); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "the form could not be read (at most %d kB): %v", max>>10, err)
	}
	return r.PostForm, nil
}

// slotSingle returns the one value of a field; given more than once is a problem.
func slotSingle(form url.Values, field string) (string, bool) {
	vs := form[field]
	switch len(vs) {
	case 0:
		return "", true
	case 1:
		return vs[0], true
	}
	return vs[0], false
}

// parseSlotForm reads the slot form into a slot of the municipality. The form comes
// back as typed, with a problem per field; the slot is usable only when it has none.
func parseSlotForm(l locale.Lang, form url.Values, municipality int, withVersion bool) (slotForm, pejling.Slot, int) {
	f := slotForm{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range slotFormFields {
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
	text := func(field string, max int, required bool) string {
		v := f.V(field)
		switch n := utf8.RuneCountInString(v); {
		case !utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0:
			bad(field, "Teksten indeholder ugyldige tegn.", "The text holds invalid characters.")
		case n > max:
			bad(field, "Højst %d tegn (her er %d).", "At most %d characters (this is %d).", max, n)
		case required && strings.TrimSpace(v) == "":
			bad(field, "Skal udfyldes.", "Required.")
		}
		return strings.TrimSpace(v)
	}
	s := pejling.Slot{Municipality: municipality}
	if s.CVR = strings.TrimSpace(f.V(sfCVR)); !slotDigits(s.CVR, 8) {
		bad(sfCVR, "Et CVR-nummer er 8 cifre.", "A CVR number is 8 digits.")
	}
	if s.Type = pejling.SlotType(f.V(sfType)); !s.Type.Valid() {
		bad(sfType, "Vælg praktik eller løntilskud.", "Choose praktik or wage subsidy.")
	}
	s.Title = text(sfTitle, pejling.MaxSlotTitleLen, true)
	if s.Occupation = strings.TrimSpace(f.V(sfOccupation)); !slotDigits(s.Occupation, 4) {
		bad(sfOccupation, "En DISCO-08-kode er 4 cifre, fx 5120.", "A DISCO-08 code is 4 digits, e.g. 5120.")
	}
	s.Description = text(sfDescription, pejling.MaxSlotTextLen, false)
	s.Address = text(sfAddress, pejling.MaxSlotAddressLen, false)
	s.Requirements = text(sfRequirements, pejling.MaxSlotTextLen, false)
	s.Expectations = text(sfExpectations, pejling.MaxSlotTextLen, false)
	if p, ok := slotParseLatLon(f.V(sfLocation)); ok {
		s.Location = p
	} else {
		bad(sfLocation, "Skriv stedet som breddegrad, længdegrad, fx 56.567, 9.031.", "Write the place as latitude, longitude, e.g. 56.567, 9.031.")
	}
	if h, ok := slotDecimal(f.V(sfHours)); ok && h >= pejling.MinSlotHours && h <= pejling.MaxSlotHours {
		s.HoursPerWeek = h
	} else {
		bad(sfHours, "Timer om ugen skal være %d–%d.", "Hours per week must be %d–%d.", pejling.MinSlotHours, pejling.MaxSlotHours)
	}
	if c, err := strconv.Atoi(strings.TrimSpace(f.V(sfCapacity))); err == nil && c >= 1 && c <= pejling.MaxSlotCapacity {
		s.Capacity = c
	} else {
		bad(sfCapacity, "Antal pladser skal være 1–%d.", "Places must be 1–%d.", pejling.MaxSlotCapacity)
	}
	if e, err := strconv.Atoi(f.V(sfEducation)); f.V(sfEducation) == "" || (err == nil && e >= 0 && e <= 8) {
		s.MinEducation = e
	} else {
		bad(sfEducation, "Vælg et uddannelsesniveau.", "Choose a level of education.")
	}
	s.DrivingLicence = f.V(sfLicence) != ""
	if raw := text(sfSkills, pejling.MaxSlotSkills*(pejling.MaxSlotSkillLen+2), false); raw != "" {
		for _, k := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' }) {
			if k = strings.TrimSpace(k); k == "" {
				continue
			}
			if utf8.RuneCountInString(k) > pejling.MaxSlotSkillLen {
				bad(sfSkills, "En kompetence må højst have %d tegn.", "A skill may have at most %d characters.", pejling.MaxSlotSkillLen)
			}
			s.Skills = append(s.Skills, strings.ToLower(k))
		}
		if len(s.Skills) > pejling.MaxSlotSkills {
			bad(sfSkills, "Højst %d kompetencer.", "At most %d skills.", pejling.MaxSlotSkills)
		}
	}
	if d, err := pejling.ParseDate(strings.TrimSpace(f.V(sfFrom))); err == nil {
		s.ActiveFrom = d
	} else {
		bad(sfFrom, "Skriv en dato som ÅÅÅÅ-MM-DD.", "Write a date as YYYY-MM-DD.")
	}
	s.ActiveTo = pejling.Forever
	if to := strings.TrimSpace(f.V(sfTo)); to != "" {
		if d, err := pejling.ParseDate(to); err != nil {
			bad(sfTo, "Skriv en dato som ÅÅÅÅ-MM-DD, eller lad feltet stå tomt.", "Write a date as YYYY-MM-DD, or leave it empty.")
		} else if s.ActiveTo = d; f.Errors[sfFrom] == "" && d < s.ActiveFrom {
			bad(sfTo, "Slutdatoen ligger før startdatoen.", "The end is before the start.")
		}
	}
	version := 0
	if withVersion {
		if v, err := strconv.Atoi(f.V(sfVersion)); err == nil && v >= 1 {
			version = v
		} else {
			bad(sfVersion, "Formularen mangler pladsens version: genindlæs siden.", "The form lacks the slot's version: reload the page.")
			f.Problem = f.Errors[sfVersion]
		}
	}
	if len(f.Errors) == 0 {
		if err := s.Validate(); err != nil {
			f.Problem = pejling.ErrorMessage(err)
		}
	}
	return f, s, version
}

// ok reports whether the form has no problem.
func (f slotForm) ok() bool { return len(f.Errors) == 0 && f.Problem == "" }

func slotDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// slotField is one field of the slot form as the templates draw it.
type slotField struct {
	Name, Label, Kind, Value, Err, Hint string
	Max                                 int // characters; 0: none
	Required, Checked, Span             bool
	Options                             []option
}

// Fields are the form's fields in order, for the templates.
func (f slotForm) Fields(l locale.Lang, create bool) []slotField {
	t := func(key string) string { return message(l, key) }
	field := func(name, label, kind string, max int, required bool) slotField {
		return slotField{Name: name, Label: label, Kind: kind, Value: f.V(name), Err: f.Err(name), Max: max, Required: required}
	}
	var out []slotField
	if create {
		out = append(out, field(sfCVR, t("slot.f.cvr"), "text", 8, true))
	}
	typ := field(sfType, t("slot.type"), "select", 0, true)
	typ.Options = f.Types(l)
	edu := field(sfEducation, t("slot.f.education"), "select", 0, false)
	edu.Options = f.Educations(l)
	loc := field(sfLocation, t("slot.f.location"), "text", 60, true)
	loc.Hint = t("slot.placehint")
	lic := field(sfLicence, t("slot.f.licence"), "check", 0, false)
	lic.Checked = f.Checked(sfLicence)
	out = append(out, typ,
		field(sfTitle, t("slot.f.title"), "text", pejling.MaxSlotTitleLen, true),
		field(sfOccupation, t("slot.occupation"), "text", 4, true),
		field(sfHours, t("slot.f.hours"), "text", 6, true),
		field(sfCapacity, t("slot.f.capacity"), "text", 4, true),
		field(sfFrom, t("slot.f.from"), "date", 10, true),
		field(sfTo, t("slot.f.to"), "date", 10, false),
		field(sfAddress, t("slot.f.address"), "text", pejling.MaxSlotAddressLen, false),
		loc, edu, lic,
		field(sfSkills, t("slot.f.skills"), "text", 0, false))
	for _, x := range []struct{ name, key string }{{sfDescription, "slot.f.desc"}, {sfRequirements, "slot.requirements"}, {sfExpectations, "slot.f.expect"}} {
		a := field(x.name, t(x.key), "textarea", pejling.MaxSlotTextLen, false)
		a.Span = true
		out = append(out, a)
	}
	return out
}
