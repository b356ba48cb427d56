package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// The JSON API of the team boards (issue 8): the pages' rules and access. The boards
// (GET) are PersonData, as the pages: a municipal session with its second factor of a
// role that reads persons, never an API token or a politician. Creating a team, its
// members and its goals are for analysts and admins (Importer, as the pages' forms); a
// caseload is changed by any of the staff (PersonData) and audited as on the page, as
// it names a citizen. The boards show counts and rates only: a cell of fewer than
// employer.MinGroupSize known persons has null caseload figures and too_few true.

// apiValue is an employer.Value: null when empty.
func apiValue(v employer.Value) *float64 {
	if !v.Valid {
		return nil
	}
	return &v.V
}

// apiBoardCell is one week of a team or consultant.
type apiBoardCell struct {
	WeekStart      apiDate         `json:"week_start"`
	Caseload       int             `json:"caseload"`
	Known          int             `json:"known"`
	TooFew         bool            `json:"too_few"`
	ActivationRate *float64        `json:"activation_rate"`
	Outflow        *float64        `json:"outflow"`
	OutflowPending int             `json:"outflow_pending"`
	TurnoverSpeed  *float64        `json:"turnover_speed"`
	CompanyVisits  int             `json:"company_visits"`
	OrdersHandled  int             `json:"orders_handled"`
	LevelsMet      int             `json:"levels_met"`
	LevelsMissed   int             `json:"levels_missed"`
	LevelsPending  int             `json:"levels_pending"`
	ServiceLevels  *float64        `json:"service_levels"`
	Goals          []apiGoalResult `json:"goals,omitempty"`
}

// apiGoalResult is a metric of a team's week against the goal in force.
type apiGoalResult struct {
	Metric string   `json:"metric"`
	Goal   *apiGoal `json:"goal"`
	Result *float64 `json:"result"`
	State  string   `json:"state"`
}

// apiGoal is a team's goal; a share's target is a fraction (0.3 for 30 %).
type apiGoal struct {
	Metric    string  `json:"metric"`
	Direction string  `json:"direction"`
	Target    float64 `json:"target"`
	FromWeek  apiDate `json:"from_week"`
}

func apiGoalOf(g pejling.TeamGoal) apiGoal {
	return apiGoal{Metric: string(g.Metric), Direction: string(g.Direction), Target: g.Target, FromWeek: apiDate(g.FromWeek)}
}

func apiBoardCellOf(c employer.BoardCell) apiBoardCell {
	a := apiBoardCell{WeekStart: apiDate(c.Week.First), Caseload: c.Caseload, Known: c.Known, TooFew: c.TooFew,
		ActivationRate: apiValue(c.ActivationRate), Outflow: apiValue(c.Outflow), OutflowPending: c.OutflowPending,
		TurnoverSpeed: apiValue(c.TurnoverSpeed), CompanyVisits: c.Visits, OrdersHandled: c.OrdersHandled,
		LevelsMet: c.LevelsMet, LevelsMissed: c.LevelsMissed, LevelsPending: c.LevelsPending, ServiceLevels: apiValue(c.ServiceLevels)}
	for _, g := range c.Goals {
		r := apiGoalResult{Metric: string(g.Metric), Result: apiValue(g.Result), State: string(g.State)}
		if g.Goal != nil {
			ag := apiGoalOf(*g.Goal)
			r.Goal = &ag
		}
		a.Goals = append(a.Goals, r)
	}
	return a
}

func apiBoardCells(cells []employer.BoardCell) []apiBoardCell {
	out := make([]apiBoardCell, len(cells))
	for i, c := range cells {
		out[i] = apiBoardCellOf(c)
	}
	return out
}

type apiTeam struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// apiTeamOf reads {id} and finds the team in the user's municipality (404 for another's).
func (s *Server) apiTeamOf(r *http.Request) (pejling.Team, error) {
	id, err := apiPathID(r, "id")
	if err != nil {
		return pejling.Team{}, err
	}
	return s.Teams.FindTeam(r.Context(), who(r).User.Municipality, id)
}

// handleAPITeams answers this week's board of every team of the municipality, with
// the goals in force (the page /teamtavler).
func (s *Server) handleAPITeams(w http.ResponseWriter, r *http.Request) {
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	teams, err := s.Teams.FindTeams(r.Context(), who(r).User.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.loadBoard(r, teams)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type teamWeek struct {
		apiTeam
		Week apiBoardCell `json:"week"`
	}
	out := []teamWeek{}
	for _, tb := range d.Board.Teams {
		out = append(out, teamWeek{apiTeam{tb.Team.ID, tb.Team.Name}, apiBoardCellOf(tb.Weeks[len(tb.Weeks)-1])})
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"week_start": apiDate(d.Board.Weeks[len(d.Board.Weeks)-1].First),
		"as_of": apiDate(d.AsOf), "min_group_size": employer.MinGroupSize, "teams": out})
}

// handleAPITeam answers a team's board, the team's and each consultant's 13 weeks
// (oldest first), and its goals (the page /teamtavler/{team}).
func (s *Server) handleAPITeam(w http.ResponseWriter, r *http.Request) {
	t, err := s.apiTeamOf(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.loadBoard(r, []pejling.Team{t})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	goals, err := s.Teams.FindTeamGoals(r.Context(), t.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	type member struct {
		UserID int64          `json:"user_id"`
		Name   string         `json:"name"`
		Weeks  []apiBoardCell `json:"weeks"`
	}
	tb := d.Board.Teams[0]
	members, gs := []member{}, []apiGoal{}
	for _, mb := range tb.Members {
		members = append(members, member{mb.UserID, d.name(mb.UserID), apiBoardCells(mb.Weeks)})
	}
	for _, g := range goals {
		if g.TeamID == t.ID {
			gs = append(gs, apiGoalOf(g))
		}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"team": apiTeam{t.ID, t.Name}, "as_of": apiDate(d.AsOf),
		"min_group_size": employer.MinGroupSize, "weeks": apiBoardCells(tb.Weeks), "members": members, "goals": gs})
}

// apiTeamRequest is the body of POST /api/v1/teams.
type apiTeamRequest struct {
	Name string `json:"name"`
}

// handleAPITeamCreate creates a team of the user's municipality: 201 with it.
func (s *Server) handleAPITeamCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiTeamRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	name := strings.TrimSpace(req.Name)
	switch {
	case name == "":
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "name: required"))
		return
	case pejling.HasCPRNumber(name):
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "name: looks like a CPR number; CPR numbers must never be written here"))
		return
	case u.National():
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "a team belongs to a municipality; a national user has none"))
		return
	}
	t := &pejling.Team{Municipality: u.Municipality, Name: name}
	if err := s.Teams.CreateTeam(r.Context(), t); err != nil {
		if pejling.ErrorCode(err) == pejling.ECONFLICT {
			err = pejling.Errorf(pejling.ECONFLICT, "name: there is already a team with that name")
		}
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/teams/"+itoa64(t.ID))
	writeJSONStatus(w, http.StatusCreated, map[string]any{"team": apiTeam{t.ID, t.Name}})
}

// apiTeamMemberRequest is the body of POST /api/v1/teams/{id}/members.
type apiTeamMemberRequest struct {
	Action string `json:"action"`
	UserID int64  `json:"user_id"`
}

// handleAPITeamMember adds (action add) or removes (remove) a member of the team.
func (s *Server) handleAPITeamMember(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	t, err := s.apiTeamOf(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiTeamMemberRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	switch {
	case req.Action != "add" && req.Action != "remove":
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "action: %q; use add or remove", pejling.Clip(req.Action)))
		return
	case req.UserID <= 0:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "user_id: required, the id of a member of staff"))
		return
	}
	if req.Action == "add" {
		err = s.Teams.AddTeamMember(r.Context(), u.Municipality, t.ID, req.UserID)
	} else {
		err = s.Teams.RemoveTeamMember(r.Context(), u.Municipality, t.ID, req.UserID)
	}
	if err != nil {
		if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT || code == pejling.ENOTFOUND {
			err = pejling.Errorf(code, "user_id: %s", strings.TrimPrefix(pejling.ErrorMessage(err), "member: "))
		}
		s.writeError(w, r, err)
		return
	}
	s.writeTeamMembers(w, r, t)
}

// writeTeamMembers answers the team's members after a change.
func (s *Server) writeTeamMembers(w http.ResponseWriter, r *http.Request, t pejling.Team) {
	members, err := s.Teams.FindTeamMembers(r.Context(), t.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ids := []int64{}
	for _, m := range members {
		if m.TeamID == t.ID {
			ids = append(ids, m.UserID)
		}
	}
	slices.Sort(ids)
	writeJSONStatus(w, http.StatusOK, map[string]any{"team": apiTeam{t.ID, t.Name}, "member_ids": ids})
}

// apiTeamGoalRequest is the body of POST /api/v1/teams/{id}/goals: a share's target
// in percent, as on the page.
type apiTeamGoalRequest struct {
	Metric    string   `json:"metric"`
	Direction string   `json:"direction"`
	Target    *float64 `json:"target"`
	From      string   `json:"from"`
}

// handleAPITeamGoal sets a goal of the team from the week of a day on (the page's
// rules, teamGoalOf): 200 with the goal as stored.
func (s *Server) handleAPITeamGoal(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	t, err := s.apiTeamOf(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiTeamGoalRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	target := ""
	if req.Target != nil {
		target = strconv.FormatFloat(*req.Target, 'f', -1, 64)
	}
	e := progFieldErrors{}
	g := teamGoalOf(locale.English, req.Metric, req.Direction, target, req.From, e)
	if err := firstFieldError(e, "metric", "direction", "target", "from"); err != nil {
		s.writeError(w, r, err)
		return
	}
	g.Municipality, g.TeamID = u.Municipality, t.ID
	if err := s.Teams.SetTeamGoal(r.Context(), &g, u.ID); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"team": apiTeam{t.ID, t.Name}, "goal": apiGoalOf(g)})
}

// firstFieldError is an EINVALID error of the first field (in order) with a problem.
func firstFieldError(e map[string]string, fields ...string) error {
	for _, f := range fields {
		if m := e[f]; m != "" {
			return pejling.Errorf(pejling.EINVALID, "%s: %s", f, m)
		}
	}
	return nil
}

// apiCaseloadRequest is the body of POST /api/v1/teams/{id}/caseloads.
type apiCaseloadRequest struct {
	Action   string `json:"action"`
	PersonID string `json:"person_id"`
	UserID   int64  `json:"user_id"`
	From     string `json:"from"`
}

// handleAPICaseload assigns a citizen to a consultant of the team from a day (action
// assign) or ends the citizen's assignment on a day (end), audited as on the page
// (changeCaseload). A CPR-shaped id is refused and not echoed.
func (s *Server) handleAPICaseload(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	t, err := s.apiTeamOf(r)
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiCaseloadRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	l := locale.English
	e := map[string]string{}
	if req.Action != "assign" && req.Action != "end" {
		e["action"] = "use assign or end"
	}
	e["person_id"] = personIDProblem(l, req.PersonID)
	day, p := teamDate(l, req.From)
	e["from"] = p
	if req.Action == "assign" {
		members, err := s.Teams.FindTeamMembers(r.Context(), u.Municipality)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		switch {
		case req.UserID <= 0:
			e["user_id"] = "required, a consultant of the team"
		case !slices.Contains(members, pejling.TeamMember{TeamID: t.ID, UserID: req.UserID}):
			e["user_id"] = "the consultant is not in the team"
		}
	}
	if err := firstFieldError(e, "action", "person_id", "from", "user_id"); err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.changeCaseload(r, t, req.Action, req.PersonID, day, req.UserID); err != nil {
		if code := pejling.ErrorCode(err); code == pejling.EINVALID || code == pejling.ECONFLICT || code == pejling.ENOTFOUND {
			field := "person_id"
			switch fieldOf(err, "person", "from", "to", "consultant") {
			case "from", "to":
				field = "from"
			case "consultant":
				field = "user_id"
			}
			err = pejling.Errorf(code, "%s: %s", field, pejling.ErrorMessage(err))
		}
		s.writeError(w, r, err)
		return
	}
	out := map[string]any{"team": apiTeam{t.ID, t.Name}, "action": req.Action, "person_id": req.PersonID, "from": apiDate(day)}
	if req.Action == "assign" {
		out["user_id"] = req.UserID
	}
	writeJSONStatus(w, http.StatusOK, out)
}
