package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
)

// Logging a contact with a company (GET /virksomheder/{cvr}/kontakt/ny, POST
// /virksomheder/{cvr}/kontakter). Before the consultant saves, the form shows the
// precheck for the chosen topic: colleagues' latest contacts with the company, and a
// warning when a colleague raised the same topic within the window. A POST that the
// precheck warns about is saved only with confirm=1 ("log anyway"); without it the
// form is shown again with the warning, and nothing is stored — so the duplicate is a
// decision, not an accident (issue 8).

// contactWindow is the window of the same-topic warning. The store's default; a
// municipality that wants another changes it here.
const contactWindow = pejling.DefaultTopicWindow

// maxContactAge is how far back a contact may be logged.
const maxContactAge = 366 * 24 * time.Hour

type contactPage struct {
	page
	CVR, Name        string
	Topic, TopicName string
	Topics, Channels []option
	Form             map[string]string
	Precheck         *pejling.ContactPrecheck
	Recent, Same     []logRow
	WindowDays       int
	Warned           bool // the POST was held back by the warning
	Problem, Field   string
	Today            string
}

func topicOptions(l locale.Lang, selected string) []option {
	out := []option{{Value: "", Label: "–", Selected: selected == ""}}
	for _, t := range pejling.ContactTopics() {
		out = append(out, option{Value: string(t), Label: message(l, "co.topic."+string(t)), Selected: string(t) == selected})
	}
	return out
}

func channelOptions(l locale.Lang, selected string) []option {
	var out []option
	for _, c := range pejling.ContactChannels() {
		out = append(out, option{Value: string(c), Label: message(l, "co.channel."+string(c)), Selected: string(c) == selected})
	}
	return out
}

func logRowOf(l locale.Lang, users map[int64]pejling.User, e pejling.ContactLogEntry) logRow {
	at := e.At.In(copenhagen)
	row := logRow{At: l.Date(pejling.DateOf(at.Date())) + " " + at.Format("15:04"), Who: userName(users, e.UserID),
		Channel: message(l, "co.channel."+string(e.Channel)), Topic: message(l, "co.topic."+string(e.Topic)),
		Outcome: e.Outcome, NextStep: e.NextStep}
	if e.NextStepDate != 0 {
		row.NextDate = l.Date(e.NextStepDate)
	}
	return row
}

// copenhagen is the time zone contacts are shown in; UTC when the system has no zone
// data.
var copenhagen = func() *time.Location {
	if loc, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return loc
	}
	return time.UTC
}()

// handleContactForm shows the form to log a contact; with a topic, the precheck too.
func (s *Server) handleContactForm(w http.ResponseWriter, r *http.Request) {
	topic, err := singleQuery(r, "topic")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if topic != "" && !pejling.ContactTopic(topic).Valid() {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "topic: unknown topic %q", pejling.Clip(topic)))
		return
	}
	s.showContactForm(w, r, map[string]string{"topic": topic}, nil, false)
}

// showContactForm renders the form with its values, a problem, and the precheck of the
// form's topic.
func (s *Server) showContactForm(w http.ResponseWriter, r *http.Request, form map[string]string, problem error, warned bool) {
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
	rec, err := s.Companies.FindCompanyRecord(r.Context(), u.Municipality, cvr)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	users, _, err := s.colleagues(r, u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := contactPage{page: newPage(r, "co.log.title"), CVR: cvr, Name: companyName(rec), Topic: form["topic"], Form: form,
		Warned: warned, WindowDays: int(contactWindow / (24 * time.Hour)), Today: s.now().In(copenhagen).Format(time.DateOnly)}
	l := pg.Lang
	pg.Topics, pg.Channels = topicOptions(l, form["topic"]), channelOptions(l, form["channel"])
	if t := pejling.ContactTopic(form["topic"]); t.Valid() {
		pg.TopicName = message(l, "co.topic."+string(t))
		p, err := s.Companies.ContactPrecheck(r.Context(), u.Municipality, cvr, u.ID, t, s.now(), contactWindow)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		pg.Precheck = p
		for _, e := range p.Recent {
			pg.Recent = append(pg.Recent, logRowOf(l, users, e))
		}
		for _, e := range p.SameTopic {
			pg.Same = append(pg.Same, logRowOf(l, users, e))
		}
	}
	status := http.StatusOK
	if problem != nil {
		pg.Problem, pg.Field = pejling.ErrorMessage(problem), errorField(problem)
		status = errorStatus[pejling.ErrorCode(problem)]
	}
	s.renderStatus(w, r, "company_contact", pg, status)
}

// contactFields are the fields of the contact form.
var contactFields = []string{"topic", "channel", "outcome", "next_step", "next_date", "date", "confirm"}

// handleContactLog saves a contact — unless the precheck warns and the form has not
// confirmed it, when the form comes back with the warning.
func (s *Server) handleContactLog(w http.ResponseWriter, r *http.Request) {
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
	if err != nil {
		s.showContactForm(w, r, map[string]string{}, err, false)
		return
	}
	e, err := s.entryOfForm(form, u, cvr)
	if err != nil {
		s.showContactForm(w, r, form, err, false)
		return
	}
	if form["confirm"] != "1" {
		p, err := s.Companies.ContactPrecheck(r.Context(), u.Municipality, cvr, u.ID, e.Topic, s.now(), contactWindow)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if p.Warning {
			s.showContactForm(w, r, form, nil, true)
			return
		}
	}
	if err := s.Companies.CreateContactLogEntry(r.Context(), e); err != nil {
		if pejling.ErrorCode(err) == pejling.EINTERNAL {
			s.writeError(w, r, err)
			return
		}
		s.showContactForm(w, r, form, err, false)
		return
	}
	http.Redirect(w, r, "/virksomheder/"+cvr+"#log", http.StatusSeeOther)
}

// entryOfForm reads and checks a contact from the form; an EINVALID error names the
// field.
func (s *Server) entryOfForm(form map[string]string, u *pejling.User, cvr string) (*pejling.ContactLogEntry, error) {
	for k := range form {
		known := false
		for _, f := range contactFields {
			known = known || k == f
		}
		if !known {
			return nil, pejling.Errorf(pejling.EINVALID, "%s: not a field of the form", pejling.Clip(k))
		}
	}
	if c := form["confirm"]; c != "" && c != "1" {
		return nil, pejling.Errorf(pejling.EINVALID, "confirm: %q is not 1", pejling.Clip(c))
	}
	if form["topic"] == "" {
		return nil, pejling.Errorf(pejling.EINVALID, "topic: choose what the contact is about")
	}
	if form["channel"] == "" {
		return nil, pejling.Errorf(pejling.EINVALID, "channel: choose how the contact took place")
	}
	if strings.TrimSpace(form["outcome"]) == "" {
		return nil, pejling.Errorf(pejling.EINVALID, "outcome: say what came of the contact")
	}
	now := s.now()
	e := &pejling.ContactLogEntry{Municipality: u.Municipality, CVR: cvr, UserID: u.ID, At: now,
		Channel: pejling.ContactChannel(form["channel"]), Topic: pejling.ContactTopic(form["topic"]),
		Outcome: strings.TrimSpace(form["outcome"]), NextStep: strings.TrimSpace(form["next_step"])}
	if d := strings.TrimSpace(form["date"]); d != "" && d != now.In(copenhagen).Format(time.DateOnly) {
		day, err := pejling.ParseDate(d)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "date: %q is not a date YYYY-MM-DD", pejling.Clip(d))
		}
		// A contact of an earlier day is logged at noon of that day.
		at := day.Time().Add(12 * time.Hour)
		if at.After(now) || now.Sub(at) > maxContactAge {
			return nil, pejling.Errorf(pejling.EINVALID, "date: %s is in the future or more than a year ago", d)
		}
		e.At = at
	}
	if d := strings.TrimSpace(form["next_date"]); d != "" {
		day, err := pejling.ParseDate(d)
		if err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "next_date: %q is not a date YYYY-MM-DD", pejling.Clip(d))
		}
		e.NextStepDate = day
	}
	return e, e.Validate()
}
