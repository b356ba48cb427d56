package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// The team's page (/teamtavler/{team}) and the forms of the team boards: a new team,
// members, goals and caseloads. Every form is a POST answered by 303 to the page; a
// refused form is shown again with the problem at its field and stores nothing.

// caseloadPurpose is the audit purpose of a caseload change: it names a citizen.
const caseloadPurpose = "Sagsstamme: fordeling af borgere på konsulenter"

type teamBoardPage struct {
	page
	Team                 pejling.Team
	ID                   string
	Week, AsOf           string
	Metrics              []string
	Rows                 []boardRowView // this week: the team, then its consultants
	History              []boardRowView // the team's weeks, newest first
	Charts               []boardChart
	MinGroup             int
	CanManage            bool
	Members              []option // Value: user id, Label: name
	Staff                []option
	Goals                []teamGoalView
	Metric, Direction    []option
	MemberForm           teamFieldForm
	GoalForm             teamFieldForm
	CaseForm             teamFieldForm
	Saved                string
	GoalTarget, GoalFrom string
	CasePerson, CaseFrom string
	CaseUser             string
	CaseEnd              bool
}

type teamGoalView struct{ Metric, Rule, From string }

// teamFieldForm is a form's problems: per field, and one for the whole form.
type teamFieldForm struct {
	Errors  progFieldErrors
	Problem string
}

// teamFromPath reads {team} and finds the team in the user's municipality (ENOTFOUND
// for another municipality's, so its existence is not told).
func (s *Server) teamFromPath(r *http.Request) (pejling.Team, error) {
	id, err := strconv.ParseInt(r.PathValue("team"), 10, 64)
	if err != nil || id <= 0 {
		return pejling.Team{}, pejling.Errorf(pejling.ENOTFOUND, "no team %q", pejling.Clip(r.PathValue("team")))
	}
	return s.Teams.FindTeam(r.Context(), who(r).User.Municipality, id)
}

// handleTeamBoard shows a team's board per consultant and its forms.
func (s *Server) handleTeamBoard(w http.ResponseWriter, r *http.Request) {
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	t, err := s.teamFromPath(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := newTeamBoardPage(r)
	switch r.URL.Query().Get("gemt") {
	case "medlem":
		pg.Saved = pg.T("team.savedmember")
	case "maal":
		pg.Saved = pg.T("team.savedgoal")
	case "sagsstamme":
		pg.Saved = pg.T("team.savedcase")
	}
	s.showTeamBoard(w, r, t, &pg, format, http.StatusOK)
}

func newTeamBoardPage(r *http.Request) teamBoardPage {
	return teamBoardPage{page: newPage(r, "team.title"), MemberForm: teamFieldForm{Errors: progFieldErrors{}},
		GoalForm: teamFieldForm{Errors: progFieldErrors{}}, CaseForm: teamFieldForm{Errors: progFieldErrors{}}}
}

func (s *Server) showTeamBoard(w http.ResponseWriter, r *http.Request, t pejling.Team, pg *teamBoardPage, format string, status int) {
	u := who(r).User
	l := pg.Lang
	d, err := s.loadBoard(r, []pejling.Team{t})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		s.writeTable(w, r, boardTable(l, d, t.Name, true), "teamtavle-"+t.Name+"-"+d.Board.Weeks[len(d.Board.Weeks)-1].First.String(), format)
		return
	}
	tb := d.Board.Teams[0]
	now := d.Board.Weeks[len(d.Board.Weeks)-1]
	pg.Team, pg.ID = t, strconv.FormatInt(t.ID, 10)
	pg.Title = l.Pick("Teamtavle: ", "Team board: ") + t.Name
	pg.Week = weekLabel(l, now) + " (" + l.Date(now.First) + " – " + l.Date(now.Last) + ")"
	if d.AsOf > 0 {
		pg.AsOf = l.Date(d.AsOf)
	}
	pg.MinGroup, pg.CanManage = employer.MinGroupSize, u.CanImport()
	for _, m := range boardMetrics {
		pg.Metrics = append(pg.Metrics, metricLabel(l, m))
	}
	last := len(tb.Weeks) - 1
	pg.Rows = append(pg.Rows, boardRow(l, l.Pick("Hele teamet", "The whole team"), "", tb.Weeks[last]))
	series, order := map[string][]employer.BoardCell{t.Name: tb.Weeks}, []string{t.Name}
	for _, mb := range tb.Members {
		name := d.name(mb.UserID)
		pg.Rows = append(pg.Rows, boardRow(l, name, "", mb.Weeks[last]))
		pg.Members = append(pg.Members, option{Value: strconv.FormatInt(mb.UserID, 10), Label: name, Selected: pg.CaseUser == strconv.FormatInt(mb.UserID, 10)})
		for series[name] != nil {
			name += " "
		}
		series[name], order = mb.Weeks, append(order, name)
	}
	for i := last; i >= 0; i-- {
		c := tb.Weeks[i]
		pg.History = append(pg.History, boardRow(l, weekLabel(l, c.Week)+" ("+l.Date(c.Week.First)+")", "", c))
	}
	pg.Charts = boardCharts(l, d.Board.Weeks, series, order)
	for _, su := range d.Staff {
		pg.Staff = append(pg.Staff, option{Value: strconv.FormatInt(su.ID, 10), Label: su.Name})
	}
	goals, err := s.Teams.FindTeamGoals(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for _, g := range goals {
		if g.TeamID != t.ID {
			continue
		}
		sign := "≥"
		if g.Direction == pejling.AtMost {
			sign = "≤"
		}
		pg.Goals = append(pg.Goals, teamGoalView{Metric: metricLabel(l, g.Metric), Rule: sign + " " + formatMetric(l, g.Metric, g.Target),
			From: weekLabel(l, figuresWeek(g.FromWeek)) + " (" + l.Date(g.FromWeek) + ")"})
	}
	for _, m := range boardMetrics {
		pg.Metric = append(pg.Metric, option{Value: string(m), Label: metricLabel(l, m)})
	}
	pg.Direction = []option{{Value: string(pejling.AtLeast), Label: l.Pick("mindst", "at least")}, {Value: string(pejling.AtMost), Label: l.Pick("højst", "at most")}}
	if pg.GoalFrom == "" {
		pg.GoalFrom = now.First.String()
	}
	if pg.CaseFrom == "" {
		pg.CaseFrom = danishToday(s.now()).String()
	}
	s.renderStatus(w, r, "team_board", pg, status)
}

// maxTeamForm is the largest form of the team boards.
const maxTeamForm = 8 << 10

// teamFormValue reads a single-valued field: "" and a problem when it is given twice.
func teamFormValue(l locale.Lang, form url.Values, name string) (string, string) {
	vs := form[name]
	if len(vs) > 1 {
		return "", l.Pick("Angivet mere end én gang.", "Given more than once.")
	}
	if len(vs) == 0 {
		return "", ""
	}
	return strings.TrimSpace(vs[0]), ""
}

// readTeamForm reads a POSTed form of at most maxTeamForm bytes.
func readTeamForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxTeamForm)
	if err := r.ParseForm(); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "the form could not be read (at most %d kB)", maxTeamForm>>10)
	}
	return r.PostForm, nil
}

// fieldOf is the field a domain error names ("name: …" → "name"), or "".
func fieldOf(err error, fields ...string) string {
	msg := pejling.ErrorMessage(err)
	for _, f := range fields {
		if strings.HasPrefix(msg, f+":") {
			return f
		}
	}
	return ""
}

// handleCreateTeam creates a team of the user's municipality.
func (s *Server) handleCreateTeam(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	form, err := readTeamForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := teamBoardsPage{page: newPage(r, "team.title"), Form: teamForm{Errors: progFieldErrors{}}}
	l := pg.Lang
	name, problem := teamFormValue(l, form, "name")
	pg.Form.Name = name
	switch {
	case problem != "":
		pg.Form.Errors["name"] = problem
	case name == "":
		pg.Form.Errors["name"] = l.Pick("Skal udfyldes.", "Required.")
	case pejling.HasCPRNumber(name):
		pg.Form.Errors["name"], pg.Form.Name = l.Pick("Det ligner et CPR-nummer; CPR-numre må aldrig skrives her.", "That looks like a CPR number; CPR numbers must never be written here."), ""
	case u.National():
		pg.Form.Problem = l.Pick("Et team hører til en kommune; en national bruger har ingen.", "A team belongs to a municipality; a national user has none.")
	}
	if len(pg.Form.Errors) == 0 && pg.Form.Problem == "" {
		t := &pejling.Team{Municipality: u.Municipality, Name: name}
		err := s.Teams.CreateTeam(r.Context(), t)
		switch code := pejling.ErrorCode(err); {
		case err == nil:
			http.Redirect(w, r, "/teamtavler/"+strconv.FormatInt(t.ID, 10), http.StatusSeeOther)
			return
		case code == pejling.EINVALID || code == pejling.ECONFLICT:
			pg.Form.Errors["name"] = pejling.ErrorMessage(err)
			if code == pejling.ECONFLICT {
				pg.Form.Errors["name"] = l.Pick("Der er allerede et team med det navn.", "There is already a team with that name.")
			}
			s.showTeamBoards(w, r, &pg, "", errorStatus[code])
			return
		default:
			s.writeError(w, r, err)
			return
		}
	}
	s.showTeamBoards(w, r, &pg, "", http.StatusBadRequest)
}

// handleTeamMember adds a member to the team (action=add) or removes one (action=remove).
func (s *Server) handleTeamMember(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	t, err := s.teamFromPath(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readTeamForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := newTeamBoardPage(r)
	l := pg.Lang
	action, p1 := teamFormValue(l, form, "action")
	user, p2 := teamFormValue(l, form, "user")
	id, perr := strconv.ParseInt(user, 10, 64)
	switch {
	case p1 != "" || action != "add" && action != "remove":
		pg.MemberForm.Problem = l.Pick("Ukendt handling; tilføj eller fjern.", "Unknown action; add or remove.")
	case p2 != "":
		pg.MemberForm.Errors["user"] = p2
	case user == "":
		pg.MemberForm.Errors["user"] = l.Pick("Vælg en medarbejder.", "Choose a member of staff.")
	case perr != nil || id <= 0:
		pg.MemberForm.Errors["user"] = l.Pick("Ukendt medarbejder.", "Unknown member of staff.")
	}
	if len(pg.MemberForm.Errors) > 0 || pg.MemberForm.Problem != "" {
		s.showTeamBoard(w, r, t, &pg, "", http.StatusBadRequest)
		return
	}
	if action == "add" {
		err = s.Teams.AddTeamMember(r.Context(), u.Municipality, t.ID, id)
	} else {
		err = s.Teams.RemoveTeamMember(r.Context(), u.Municipality, t.ID, id)
	}
	if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT || code == pejling.ENOTFOUND && action == "remove" {
		pg.MemberForm.Errors["user"] = pejling.ErrorMessage(err)
		s.showTeamBoard(w, r, t, &pg, "", errorStatus[code])
		return
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/teamtavler/"+strconv.FormatInt(t.ID, 10)+"?gemt=medlem#medlemmer", http.StatusSeeOther)
}

// handleTeamGoal sets a goal of the team: a metric, at least or at most a target (a
// share typed in percent), from the week of a day on.
func (s *Server) handleTeamGoal(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	t, err := s.teamFromPath(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readTeamForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := newTeamBoardPage(r)
	l := pg.Lang
	e := pg.GoalForm.Errors
	metric, p := teamFormValue(l, form, "metric")
	if p != "" {
		e["metric"] = p
	}
	dir, p := teamFormValue(l, form, "direction")
	if p != "" {
		e["direction"] = p
	}
	target, p := teamFormValue(l, form, "target")
	pg.GoalTarget = clipRunes(target, 20)
	if p != "" {
		e["target"] = p
	}
	from, p := teamFormValue(l, form, "from")
	pg.GoalFrom = clipRunes(from, 20)
	if p != "" {
		e["from"] = p
	}
	goal := teamGoalOf(l, metric, dir, target, from, e)
	if len(e) > 0 {
		s.showTeamBoard(w, r, t, &pg, "", http.StatusBadRequest)
		return
	}
	g := &goal
	g.Municipality, g.TeamID = u.Municipality, t.ID
	if err := s.Teams.SetTeamGoal(r.Context(), g, u.ID); err != nil {
		if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT {
			if f := fieldOf(err, "metric", "target", "direction"); f != "" {
				e[f] = pejling.ErrorMessage(err)
			} else {
				pg.GoalForm.Problem = pejling.ErrorMessage(err)
			}
			s.showTeamBoard(w, r, t, &pg, "", errorStatus[code])
			return
		}
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/teamtavler/"+strconv.FormatInt(t.ID, 10)+"?gemt=maal#maal", http.StatusSeeOther)
}

// teamGoalOf checks a goal as typed (the page's form and the API's body share it): a
// metric, at least or at most, a target (a share in percent, stored as a fraction) and
// a day of its first week. A problem is set in e at its field unless the field has one.
func teamGoalOf(l locale.Lang, metric, dir, target, from string, e progFieldErrors) pejling.TeamGoal {
	m := pejling.TeamMetric(metric)
	if e["metric"] == "" && !m.Valid() {
		e["metric"] = l.Pick("Ukendt nøgletal; vælg et fra listen.", "Unknown figure; choose one from the list.")
	}
	if e["direction"] == "" && !pejling.GoalDirection(dir).Valid() {
		e["direction"] = l.Pick("Vælg mindst eller højst.", "Choose at least or at most.")
	}
	v, perr := strconv.ParseFloat(strings.Replace(target, ",", ".", 1), 64)
	switch {
	case e["target"] != "":
	case target == "":
		e["target"] = l.Pick("Skal udfyldes.", "Required.")
	case perr != nil || v != v:
		e["target"] = l.Pick("Skriv et tal, fx 30 eller 2,5.", "Write a number, e.g. 30 or 2.5.")
	case v < 0:
		e["target"] = l.Pick("Målet kan ikke være negativt.", "The target cannot be negative.")
	case m.Share() && v > 100:
		e["target"] = l.Pick("En andel er højst 100 %.", "A share is at most 100 %.")
	case v > pejling.MaxGoalTarget:
		e["target"] = fmt.Sprintf(l.Pick("Højst %g.", "At most %g."), float64(pejling.MaxGoalTarget))
	}
	if m.Share() {
		v /= 100
	}
	var fromDay pejling.Date
	if e["from"] == "" {
		var p string
		if fromDay, p = teamDate(l, from); p != "" {
			e["from"] = p
		}
	}
	return pejling.TeamGoal{Metric: m, Target: v, Direction: pejling.GoalDirection(dir), FromWeek: pejling.WeekMonday(fromDay)}
}

// teamDate reads a day of a form: required, YYYY-MM-DD, from 2000 to 2100.
func teamDate(l locale.Lang, s string) (pejling.Date, string) {
	if s == "" {
		return 0, l.Pick("Skal udfyldes.", "Required.")
	}
	d, err := pejling.ParseDate(s)
	switch {
	case err != nil:
		return 0, l.Pick("Skriv datoen som ÅÅÅÅ-MM-DD.", "Write the date as YYYY-MM-DD.")
	case d < pejling.DateOf(2000, 1, 1) || d > pejling.DateOf(2100, 1, 1):
		return 0, l.Pick("Datoen skal ligge mellem 2000 og 2100.", "The date must lie between 2000 and 2100.")
	}
	return d, ""
}

// clipRunes keeps at most n runes of s, to show a typed value again.
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// handleCaseload assigns a citizen to a consultant of the team from a day
// (action=assign) or ends the citizen's assignment on a day (action=end). A CPR-shaped
// id is refused and never shown again; every change is audited under caseloadPurpose.
func (s *Server) handleCaseload(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	t, err := s.teamFromPath(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	form, err := readTeamForm(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := newTeamBoardPage(r)
	l := pg.Lang
	e := pg.CaseForm.Errors
	action, p := teamFormValue(l, form, "action")
	if p != "" || action != "assign" && action != "end" {
		pg.CaseForm.Problem = l.Pick("Ukendt handling; tildel eller afslut.", "Unknown action; assign or end.")
	}
	pg.CaseEnd = action == "end"
	person, p := teamFormValue(l, form, "person")
	if p != "" {
		e["person"] = p
	} else if msg := personIDProblem(l, person); msg != "" {
		e["person"] = msg
	}
	if !pejling.HasCPRNumber(person) {
		pg.CasePerson = clipRunes(person, 64)
	}
	from, p := teamFormValue(l, form, "from")
	pg.CaseFrom = clipRunes(from, 20)
	var day pejling.Date
	if p != "" {
		e["from"] = p
	} else if day, p = teamDate(l, from); p != "" {
		e["from"] = p
	}
	var userID int64
	if action == "assign" {
		user, p := teamFormValue(l, form, "user")
		pg.CaseUser = clipRunes(user, 20)
		members, err := s.Teams.FindTeamMembers(r.Context(), u.Municipality)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		userID, _ = strconv.ParseInt(user, 10, 64)
		switch {
		case p != "":
			e["user"] = p
		case user == "":
			e["user"] = l.Pick("Vælg en konsulent.", "Choose a consultant.")
		case !slices.Contains(members, pejling.TeamMember{TeamID: t.ID, UserID: userID}):
			e["user"] = l.Pick("Konsulenten er ikke med i teamet.", "The consultant is not in the team.")
		}
	}
	if len(e) > 0 || pg.CaseForm.Problem != "" {
		s.showTeamBoard(w, r, t, &pg, "", http.StatusBadRequest)
		return
	}
	err = s.changeCaseload(r, t, action, person, day, userID)
	if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT || code == pejling.ENOTFOUND {
		if f := fieldOf(err, "person", "from", "to", "consultant"); f == "to" || f == "from" {
			e["from"] = pejling.ErrorMessage(err)
		} else if f == "consultant" {
			e["user"] = pejling.ErrorMessage(err)
		} else {
			e["person"] = pejling.ErrorMessage(err)
		}
		s.showTeamBoard(w, r, t, &pg, "", errorStatus[code])
		return
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/teamtavler/"+strconv.FormatInt(t.ID, 10)+"?gemt=sagsstamme#sagsstamme", http.StatusSeeOther)
}

// changeCaseload assigns the citizen to the consultant userID of the team from day
// (action assign) or ends the citizen's assignment on day (action end), and audits the
// change under caseloadPurpose once it is stored (the page and the API share it).
func (s *Server) changeCaseload(r *http.Request, t pejling.Team, action, person string, day pejling.Date, userID int64) error {
	u := who(r).User
	var err error
	var what string
	if action == "assign" {
		err = s.Teams.AssignCaseload(r.Context(), &pejling.CaseloadAssignment{Municipality: u.Municipality, PersonID: person, UserID: userID, From: day}, u.ID)
		what = fmt.Sprintf("caseload: assigned to user %d from %s (team %d)", userID, day, t.ID)
	} else {
		err = s.Teams.EndCaseload(r.Context(), u.Municipality, person, day)
		what = fmt.Sprintf("caseload: ended on %s (team %d)", day, t.ID)
	}
	if err != nil {
		return err
	}
	return s.audit(r, pejling.AuditChange, person, what, caseloadPurpose)
}
