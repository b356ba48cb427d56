package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// Progression measurement (DOMAIN.md §6): a consultant opens a citizen by the
// pseudonymous person id, sets the 2–3 focus themes the citizen chose, scores the focus
// themes' indicators at each conversation on the 1–10 scale, and sees the progression
// over time. The entry page shows the municipality's progression aggregated per
// intervention, team or consultant, with no personal data.
//
// A citizen's progression is personal data: every page that shows it writes an audit
// record first, with the fixed purpose progressionPurpose — the page serves one task,
// the conversation with the citizen, so a typed purpose would add nothing. A citizen
// is "in" the municipality when the municipality has progression records of the
// person or the person has a register spell there (as /borgere/{id}); any other id
// answers 404, so another municipality's citizens are neither shown nor confirmed.

const (
	progressionPurpose = "Progressionsmåling: samtale med borgeren"
	maxProgressionForm = 16 << 10
	maxProgressionText = 100 // runes of an intervention id or a team
)

// progCatalogue is the catalogue the pages show and the store validates against.
var progCatalogue = employer.DefaultCatalogue()

// danishToday is the day in Denmark at t: a conversation cannot be later.
func danishToday(t time.Time) pejling.Date {
	if z, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		t = t.In(z)
	}
	y, m, d := t.Date()
	return pejling.DateOf(y, m, d)
}

// progFieldError is a problem of one field, named for the test and the screen reader.
type progFieldErrors map[string]string

// Err is the problem of the field, or "".
func (e progFieldErrors) Err(field string) string { return e[field] }

type progressionHomePage struct {
	page
	Person, PersonErr string
	By, ByErr         string
	Groupings         []option
	Groups            []progGroupRow
	MinGroup          int
}

type progGroupRow struct {
	Key, Label         string
	Persons, N         int
	TooFew             bool
	Mean, Lower, Upper string
}

// handleProgressionHome opens a citizen by id (a redirect to the citizen's page), and
// shows the municipality's aggregated progression per intervention, team or
// consultant: counts and means only, each group of fewer than employer.MinGroupSize
// measured persons shown as too few.
func (s *Server) handleProgressionHome(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	q := r.URL.Query()
	pg := progressionHomePage{page: newPage(r, "prog.title"), MinGroup: employer.MinGroupSize}
	l := pg.Lang
	status := http.StatusOK
	if vs := q["person"]; len(vs) > 1 {
		pg.PersonErr, status = l.Pick("Angivet mere end én gang.", "Given more than once."), http.StatusBadRequest
	} else if len(vs) == 1 && strings.TrimSpace(vs[0]) != "" {
		person := strings.TrimSpace(vs[0])
		if msg := personIDProblem(l, person); msg != "" {
			pg.PersonErr, status = msg, http.StatusBadRequest
			if pejling.HasCPRNumber(person) {
				pg.Path = "/progression" // the language switch must not carry the CPR number on
			} else {
				pg.Person = person
			}
		} else {
			http.Redirect(w, r, "/progression/"+url.PathEscape(person), http.StatusSeeOther)
			return
		}
	}
	by := employer.ProgressionByIntervention
	if vs := q["by"]; len(vs) > 1 {
		pg.ByErr, status = l.Pick("Angivet mere end én gang.", "Given more than once."), http.StatusBadRequest
	} else if len(vs) == 1 && vs[0] != "" {
		g, err := employer.ParseProgressionGroupBy(vs[0])
		if err != nil {
			pg.ByErr, status = l.Pick("Vælg indsats, team eller konsulent.", "Choose intervention, team or consultant."), http.StatusBadRequest
		} else {
			by = g
		}
	}
	pg.By = string(by)
	for _, g := range []struct {
		by     employer.ProgressionGroupBy
		da, en string
	}{{employer.ProgressionByIntervention, "Indsats", "Intervention"}, {employer.ProgressionByTeam, "Team", "Team"},
		{employer.ProgressionByConsultant, "Konsulent", "Consultant"}} {
		pg.Groupings = append(pg.Groupings, option{string(g.by), l.Pick(g.da, g.en), g.by == by})
	}
	scores, err := s.Progression.FindAllProgressionScores(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	focus, err := s.Progression.FindAllFocusThemes(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	groups, err := employer.AggregateProgression(scores, focus, progCatalogue, by)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	names := map[string]string{}
	for _, g := range groups {
		row := progGroupRow{Key: g.Key, Label: g.Key, Persons: g.Persons, N: g.N, TooFew: g.TooFew}
		if by == employer.ProgressionByConsultant {
			row.Label = s.userLabel(r, g.Key, names)
		}
		if row.Label == "" {
			row.Label = l.Pick("(ingen angivet)", "(none given)")
		}
		if !g.TooFew {
			row.Mean, row.Lower, row.Upper = progSigned(l, g.MeanChange, 2), progSigned(l, g.Lower, 2), progSigned(l, g.Upper, 2)
		}
		pg.Groups = append(pg.Groups, row)
	}
	s.renderStatus(w, r, "progression", pg, status)
}

// userLabel names the consultant of a user id (a number as text), or "#id".
func (s *Server) userLabel(r *http.Request, key string, cache map[string]string) string {
	if n, ok := cache[key]; ok {
		return n
	}
	name := "#" + key
	if id, err := strconv.ParseInt(key, 10, 64); err == nil && s.Users != nil {
		if u, err := s.Users.FindUser(r.Context(), id); err == nil && u != nil {
			name = u.Name
		}
	}
	cache[key] = name
	return name
}

// progSigned formats a change with its sign: +1,5 / −0,5 / 0,0.
func progSigned(l locale.Lang, v float64, decimals int) string {
	s := l.Number(math.Abs(v), decimals)
	switch {
	case v > 0 && strings.Trim(s, "0,.") != "":
		return "+" + s
	case v < 0 && strings.Trim(s, "0,.") != "":
		return "−" + s
	}
	return s
}

// personIDProblem says what is wrong with a person id typed in a form, or "".
func personIDProblem(l locale.Lang, id string) string {
	err := pejling.ValidPersonID(id)
	switch msg := pejling.ErrorMessage(err); {
	case err == nil:
		return ""
	case strings.Contains(msg, "CPR"):
		return l.Pick("Det ligner et CPR-nummer. Brug borgerens pseudonyme id – aldrig et CPR-nummer.",
			"That looks like a CPR number. Use the citizen's pseudonymous id – never a CPR number.")
	case id == "":
		return l.Pick("Skal udfyldes.", "Required.")
	}
	return l.Pick("Et pseudonymt borger-id har højst 64 tegn: bogstaver A–Z, cifre og _ . : -",
		"A pseudonymous person id has at most 64 characters: letters A–Z, digits and _ . : -")
}

type progressionPersonPage struct {
	page
	ID                  string
	FocusNames          []string
	FocusFrom           string
	Focus               focusForm
	Score               scoreForm
	Scale               []int
	ScaleLow, ScaleHigh string
	Chart               template.HTML
	Rows                []progThemeRow
	Conversations       []string
	Overall             string
	Measured            bool
	Dashed              bool // the chart has themes outside the focus, drawn dashed
	Saved               string
}

type focusForm struct {
	Themes  []progThemeOption
	From    string
	Errors  progFieldErrors
	Problem string
}

type progThemeOption struct {
	ID, Name string
	Checked  bool
}

type scoreForm struct {
	Date, Intervention, Team string
	Themes                   []scoreTheme
	Errors                   progFieldErrors
	Problem                  string
}

type scoreTheme struct {
	ID, Name   string
	Indicators []scoreIndicator
}

type scoreIndicator struct {
	Field, Text, Value string
}

type progThemeRow struct {
	Name                  string
	Focus                 bool
	First, Latest, Change string
	Points                int
}

// progressionPersonID reads {id}: a valid pseudonymous person id, or an EINVALID error.
func progressionPersonID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if err := pejling.ValidPersonID(id); err != nil {
		if strings.Contains(pejling.ErrorMessage(err), "CPR") {
			return "", pejling.Errorf(pejling.EINVALID, "id: the person id looks like a CPR number; use the pseudonymous person id")
		}
		return "", pejling.Errorf(pejling.EINVALID, "id %q: %s", pejling.Clip(id), pejling.ErrorMessage(err))
	}
	return id, nil
}

// progressionData loads the person's scores and focus themes in the user's
// municipality and tells whether the person is in the municipality. A person who is
// not is audited as a search by id (nothing shown), and the answer is ENOTFOUND.
func (s *Server) progressionData(r *http.Request, id string) ([]pejling.ProgressionScore, []pejling.FocusThemes, error) {
	m := who(r).User.Municipality
	scores, err := s.Progression.FindProgressionScores(r.Context(), m, id)
	if err != nil {
		return nil, nil, err
	}
	focus, err := s.Progression.FindFocusThemes(r.Context(), m, id)
	if err != nil {
		return nil, nil, err
	}
	known := len(scores) > 0 || len(focus) > 0
	if !known && s.Persons != nil {
		p, err := s.Persons.FindPerson(r.Context(), id)
		if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
			return nil, nil, err
		}
		known = p != nil && inMunicipality(p, m)
	}
	if !known {
		if err := s.audit(r, pejling.AuditSearch, "", fmt.Sprintf("progression id=%q (not shown: not in municipality %d)", id, m), progressionPurpose); err != nil {
			return nil, nil, err
		}
		return nil, nil, pejling.Errorf(pejling.ENOTFOUND, "no person %q in your municipality", id)
	}
	return scores, focus, nil
}

// handleProgressionPerson shows a citizen's focus themes, the form for a conversation's
// scores and the progression so far.
func (s *Server) handleProgressionPerson(w http.ResponseWriter, r *http.Request) {
	id, err := progressionPersonID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := progressionPersonPage{page: newPage(r, "prog.persontitle")}
	switch r.URL.Query().Get("gemt") {
	case "fokus":
		pg.Saved = pg.T("prog.savedfocus")
	case "samtale":
		pg.Saved = pg.T("prog.savedconv")
	}
	s.showProgressionPerson(w, r, id, &pg, http.StatusOK)
}

// showProgressionPerson fills and renders the citizen's page with the forms as given
// in pg (empty: their defaults), after the audit record of the read.
func (s *Server) showProgressionPerson(w http.ResponseWriter, r *http.Request, id string, pg *progressionPersonPage, status int) {
	scores, focus, err := s.progressionData(r, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditRead, id, "progression", progressionPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	l := pg.Lang
	lang := string(l)
	today := danishToday(s.now())
	pg.ID = id
	pg.Title = pg.T("prog.persontitle") + " " + id
	pg.ScaleLow, pg.ScaleHigh = progCatalogue.Scale.Low.In(lang), progCatalogue.Scale.High.In(lang)
	for v := pejling.ProgressionScoreMin; v <= pejling.ProgressionScoreMax; v++ {
		pg.Scale = append(pg.Scale, v)
	}
	// The focus in force today: the latest choice from today or earlier.
	var current *pejling.FocusThemes
	for i, f := range focus {
		if f.From <= today && (current == nil || f.From > current.From) {
			current = &focus[i]
		}
	}
	if current != nil {
		pg.FocusFrom = l.Date(current.From)
		for _, t := range current.Themes {
			pg.FocusNames = append(pg.FocusNames, themeName(t, lang))
		}
	}
	if pg.Focus.Errors == nil {
		pg.Focus.Errors = progFieldErrors{}
		pg.Focus.From = today.String()
		for _, t := range progCatalogue.Themes {
			pg.Focus.Themes = append(pg.Focus.Themes, progThemeOption{ID: t.ID, Name: t.Name.In(lang),
				Checked: current != nil && slices.Contains(current.Themes, t.ID)})
		}
	}
	if pg.Score.Errors == nil {
		pg.Score.Errors = progFieldErrors{}
		pg.Score.Date = today.String()
		if len(scores) > 0 { // the last conversation's intervention and team, as a start
			last := scores[len(scores)-1]
			for _, s := range scores {
				if s.Date >= last.Date {
					last = s
				}
			}
			pg.Score.Intervention, pg.Score.Team = last.InterventionID, last.Team
		}
	}
	if pg.Score.Themes == nil && current != nil {
		pg.Score.Themes = scoreThemes(current.Themes, lang, nil)
	}
	p, err := employer.ProgressionOf(scores, focus, progCatalogue)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if len(p.Conversations) > 0 {
		labels := make([]string, len(p.Conversations))
		for i, d := range p.Conversations {
			labels[i] = l.Date(d)
			pg.Conversations = append(pg.Conversations, l.Date(d))
		}
		line := chart.Line{Title: pg.T("prog.charttitle"), Labels: labels, ZeroBased: true,
			Format: func(v float64) string { return l.Number(v, 1) }}
		for _, tp := range p.Themes {
			values := make([]float64, len(p.Conversations))
			for i, d := range p.Conversations {
				values[i] = math.NaN()
				if j := slices.IndexFunc(tp.Points, func(pt employer.ThemePoint) bool { return pt.Date == d }); j >= 0 {
					values[i] = tp.Points[j].Score
				}
			}
			inIndex := slices.Contains(p.IndexThemes, tp.Theme)
			pg.Dashed = pg.Dashed || !inIndex
			line.Series = append(line.Series, chart.Series{Name: themeName(tp.Theme, lang), Values: values, Dashed: !inIndex})
			row := progThemeRow{Name: themeName(tp.Theme, lang), Focus: slices.Contains(p.Focus, tp.Theme), Points: len(tp.Points),
				First: l.Number(tp.First, 1), Latest: l.Number(tp.Latest, 1), Change: "–"}
			if len(tp.Points) >= 2 {
				row.Change = progSigned(l, tp.Change, 1)
			}
			pg.Rows = append(pg.Rows, row)
		}
		pg.Chart = template.HTML(line.SVG()) // chart escapes every text it writes
	}
	if p.Measured {
		pg.Measured, pg.Overall = true, progSigned(l, p.Change, 2)
	}
	s.renderStatus(w, r, "progression_person", pg, status)
}

func themeName(id, lang string) string {
	if t, ok := progCatalogue.Theme(id); ok {
		return t.Name.In(lang)
	}
	return id
}

// scoreThemes are the score form's themes with their indicators, valued from values
// (field → typed value; nil: empty).
func scoreThemes(themes []string, lang string, values map[string]string) []scoreTheme {
	var out []scoreTheme
	for _, id := range themes {
		t, ok := progCatalogue.Theme(id)
		if !ok {
			continue
		}
		st := scoreTheme{ID: t.ID, Name: t.Name.In(lang)}
		for _, ind := range t.Indicators {
			f := "i." + ind.ID
			st.Indicators = append(st.Indicators, scoreIndicator{Field: f, Text: ind.Text.In(lang), Value: values[f]})
		}
		out = append(out, st)
	}
	return out
}

// readProgressionForm reads a POSTed form of at most maxProgressionForm bytes.
func readProgressionForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxProgressionForm)
	if err := r.ParseForm(); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "the form could not be read (at most %d kB): %v", maxProgressionForm>>10, err)
	}
	return r.PostForm, nil
}

// progDate reads a conversation's or a choice's day: required, a real day, not later
// than today and not before 2000.
func progDate(l locale.Lang, s string, today pejling.Date) (pejling.Date, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, l.Pick("Skal udfyldes.", "Required.")
	}
	d, err := pejling.ParseDate(s)
	switch {
	case err != nil:
		return 0, l.Pick("Skriv datoen som ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD.")
	case d > today:
		return 0, l.Pick("Datoen ligger i fremtiden.", "The date is in the future.")
	case d < pejling.DateOf(2000, 1, 1):
		return 0, l.Pick("Datoen er før år 2000.", "The date is before 2000.")
	}
	return d, ""
}

// progText checks an optional intervention id or team.
func progText(l locale.Lang, s string) string {
	switch {
	case utf8.RuneCountInString(s) > maxProgressionText:
		return fmt.Sprintf(l.Pick("Højst %d tegn.", "At most %d characters."), maxProgressionText)
	case !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }):
		return l.Pick("Indeholder kontroltegn.", "Holds control characters.")
	case pejling.HasCPRNumber(s):
		return l.Pick("Det ligner et CPR-nummer; CPR-numre må aldrig skrives her.", "That looks like a CPR number; CPR numbers must never be written here.")
	}
	return ""
}

// handleFocusThemes stores the citizen's choice of 2–3 focus themes.
func (s *Server) handleFocusThemes(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := progressionPersonID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, _, err := s.progressionData(r, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readProgressionForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := progressionPersonPage{page: newPage(r, "prog.persontitle")}
	l, lang := pg.Lang, string(pg.Lang)
	today := danishToday(s.now())
	ff := &pg.Focus
	ff.Errors = progFieldErrors{}
	chosen := form["theme"]
	var themes []string
	for _, t := range chosen {
		switch {
		case !validTheme(t):
			ff.Errors["themes"] = fmt.Sprintf(l.Pick("Ukendt tema %q.", "Unknown theme %q."), pejling.Clip(t))
		case slices.Contains(themes, t):
			ff.Errors["themes"] = fmt.Sprintf(l.Pick("Temaet %q er valgt to gange.", "The theme %q is chosen twice."), t)
		default:
			themes = append(themes, t)
		}
	}
	if ff.Errors["themes"] == "" && (len(chosen) < pejling.FocusThemesMin || len(chosen) > pejling.FocusThemesMax) {
		ff.Errors["themes"] = fmt.Sprintf(l.Pick("Vælg %d–%d fokustemaer (du valgte %d).", "Choose %d–%d focus themes (you chose %d)."),
			pejling.FocusThemesMin, pejling.FocusThemesMax, len(chosen))
	}
	from := today
	vs := form["from"]
	ff.From = today.String()
	if len(vs) > 1 {
		ff.Errors["from"] = l.Pick("Angivet mere end én gang.", "Given more than once.")
	} else if len(vs) == 1 && strings.TrimSpace(vs[0]) != "" {
		ff.From = vs[0]
		var msg string
		if from, msg = progDate(l, vs[0], today); msg != "" {
			ff.Errors["from"] = msg
		}
	}
	for _, t := range progCatalogue.Themes {
		ff.Themes = append(ff.Themes, progThemeOption{ID: t.ID, Name: t.Name.In(lang), Checked: slices.Contains(themes, t.ID)})
	}
	if len(ff.Errors) > 0 {
		s.showProgressionPerson(w, r, id, &pg, http.StatusBadRequest)
		return
	}
	f := pejling.FocusThemes{PersonID: id, Themes: themes, From: from}
	if err := s.Progression.SetFocusThemes(r.Context(), u.Municipality, f, u.ID); err != nil {
		if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT {
			ff.Problem = pejling.ErrorMessage(err)
			s.showProgressionPerson(w, r, id, &pg, errorStatus[code])
			return
		}
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, id, fmt.Sprintf("progression focus themes from %s: %s", from, strings.Join(themes, ", ")), progressionPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/progression/"+url.PathEscape(id)+"?gemt=fokus#fokus", http.StatusSeeOther)
}

func validTheme(id string) bool {
	_, ok := progCatalogue.Theme(id)
	return ok
}

// indicatorTheme maps each indicator id of the catalogue to its theme.
var indicatorTheme = func() map[string]string {
	m := map[string]string{}
	for _, t := range progCatalogue.Themes {
		for _, ind := range t.Indicators {
			m[ind.ID] = t.ID
		}
	}
	return m
}()

// handleConversation stores the scores of one conversation: every indicator given a
// value 1–10, on the day given, all or none.
func (s *Server) handleConversation(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := progressionPersonID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	_, focus, err := s.progressionData(r, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readProgressionForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := progressionPersonPage{page: newPage(r, "prog.persontitle")}
	l, lang := pg.Lang, string(pg.Lang)
	today := danishToday(s.now())
	sf := &pg.Score
	sf.Errors = progFieldErrors{}
	single := func(field string) string {
		vs := form[field]
		if len(vs) > 1 {
			sf.Errors[field] = l.Pick("Angivet mere end én gang.", "Given more than once.")
		}
		if len(vs) == 0 {
			return ""
		}
		return vs[0]
	}
	sf.Date, sf.Intervention, sf.Team = single("date"), single("intervention"), single("team")
	var day pejling.Date
	if sf.Errors["date"] == "" {
		var msg string
		if day, msg = progDate(l, sf.Date, today); msg != "" {
			sf.Errors["date"] = msg
		}
	}
	sf.Intervention, sf.Team = strings.TrimSpace(sf.Intervention), strings.TrimSpace(sf.Team)
	for field, v := range map[string]string{"intervention": sf.Intervention, "team": sf.Team} {
		if msg := progText(l, v); msg != "" && sf.Errors[field] == "" {
			sf.Errors[field] = msg
		}
	}
	if pejling.HasCPRNumber(sf.Intervention) {
		sf.Intervention = ""
	}
	if pejling.HasCPRNumber(sf.Team) {
		sf.Team = ""
	}
	// The indicators scored; the form shows the focus themes and any other theme scored.
	values := map[string]string{}
	var scores []pejling.ProgressionScore
	var themes []string
	var fields []string
	for field := range form {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	for _, field := range fields {
		ind, ok := strings.CutPrefix(field, "i.")
		if !ok {
			continue
		}
		vs := form[field]
		theme, known := indicatorTheme[ind]
		if !known {
			sf.Errors["indicators"] = fmt.Sprintf(l.Pick("Ukendt indikator %q.", "Unknown indicator %q."), pejling.Clip(ind))
			continue
		}
		if !slices.Contains(themes, theme) {
			themes = append(themes, theme)
		}
		values[field] = vs[0]
		if len(vs) > 1 {
			sf.Errors[field] = l.Pick("Indikatoren er scoret mere end én gang.", "The indicator is scored more than once.")
			continue
		}
		v := strings.TrimSpace(vs[0])
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < pejling.ProgressionScoreMin || n > pejling.ProgressionScoreMax {
			sf.Errors[field] = fmt.Sprintf(l.Pick("Scoren skal være et helt tal %d–%d.", "The score must be a whole number %d–%d."),
				pejling.ProgressionScoreMin, pejling.ProgressionScoreMax)
			continue
		}
		scores = append(scores, pejling.ProgressionScore{PersonID: id, Theme: theme, Indicator: ind, Score: n, Date: day,
			ScoredBy: u.ID, InterventionID: sf.Intervention, Team: sf.Team})
	}
	if len(scores) == 0 && len(sf.Errors) == 0 {
		sf.Errors["indicators"] = l.Pick("Scor mindst én indikator.", "Score at least one indicator.")
	}
	// The form shown again: the focus themes in force, then any other theme sent.
	var shown []string
	for _, f := range focus { // oldest first: the last in force wins
		if f.From <= today {
			shown = slices.Clone(f.Themes)
		}
	}
	for _, t := range themes {
		if !slices.Contains(shown, t) {
			shown = append(shown, t)
		}
	}
	sf.Themes = scoreThemes(shown, lang, values)
	if len(sf.Errors) > 0 {
		s.showProgressionPerson(w, r, id, &pg, http.StatusBadRequest)
		return
	}
	if err := s.Progression.AddProgressionScores(r.Context(), u.Municipality, scores); err != nil {
		if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT {
			if code == pejling.ECONFLICT {
				sf.Problem = fmt.Sprintf(l.Pick("Der er allerede scoret en samtale med borgeren den %s med en af disse indikatorer – måske af en kollega. Intet er gemt; genindlæs siden.",
					"A conversation with the citizen on %s already scored one of these indicators – perhaps a colleague. Nothing was stored; reload the page."), l.Date(day))
			} else {
				sf.Problem = pejling.ErrorMessage(err)
			}
			s.showProgressionPerson(w, r, id, &pg, errorStatus[code])
			return
		}
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, id, fmt.Sprintf("progression conversation %s: %d scores", day, len(scores)), progressionPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/progression/"+url.PathEscape(id)+"?gemt=samtale#forloeb", http.StatusSeeOther)
}
