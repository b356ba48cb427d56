package web

import (
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/locale"
)

// Team boards (DOMAIN.md §6; employer.ComputeBoard has the definitions): /teamtavler
// shows this week of every team of the user's municipality with its goals and a
// 12-week chart per figure; /teamtavler/{team} the team's consultants and the forms for
// members, goals and caseloads. The boards show counts and rates only, never a person;
// a cell whose caseload has fewer than employer.MinGroupSize persons known to the
// register shows "fewer than 5" instead of its caseload figures. The board is computed
// per request from the caseloads' spells (a few thousand persons), not stored.

// boardWeeks is how many weeks a board shows: this week and the 12 before.
const boardWeeks = 13

// teamBoardData is a computed board with what the pages name it by.
type teamBoardData struct {
	Board employer.Board
	AsOf  pejling.Date
	Names map[int64]string // the municipality's users by id
	Staff []pejling.User   // its active users, by name
}

func (d teamBoardData) name(id int64) string {
	if n, ok := d.Names[id]; ok {
		return n
	}
	return "#" + strconv.FormatInt(id, 10)
}

// loadBoard computes the board of the teams (of the user's municipality) for this week
// and the 12 before.
func (s *Server) loadBoard(r *http.Request, teams []pejling.Team) (teamBoardData, error) {
	ctx := r.Context()
	m := who(r).User.Municipality
	d := teamBoardData{Names: map[int64]string{}}
	users, err := s.Teams.ListUsers(ctx)
	if err != nil {
		return d, err
	}
	for _, u := range users {
		if u.Municipality == m && m != pejling.NationalMunicipality {
			d.Names[u.ID] = u.Name
			if !u.Disabled {
				d.Staff = append(d.Staff, u)
			}
		}
	}
	members, err := s.Teams.FindTeamMembers(ctx, m)
	if err != nil {
		return d, err
	}
	caseloads, err := s.Teams.FindCaseloads(ctx, m)
	if err != nil {
		return d, err
	}
	goals, err := s.Teams.FindTeamGoals(ctx, m)
	if err != nil {
		return d, err
	}
	weeks := employer.BoardWeeks(danishToday(s.now()), boardWeeks)
	first, last := weeks[0].First, weeks[len(weeks)-1].Last
	var ids []string
	seen := map[string]bool{}
	for _, a := range caseloads {
		if a.Covers(first, last) && !seen[a.PersonID] {
			seen[a.PersonID] = true
			ids = append(ids, a.PersonID)
		}
	}
	persons, asOf, err := s.Teams.CaseloadPersons(ctx, ids)
	if err != nil {
		return d, err
	}
	policy := orderPolicy()
	visits, err := s.Teams.FindCompanyVisits(ctx, m, first.Time().Add(-24*time.Hour))
	if err != nil {
		return d, err
	}
	orders, err := s.Teams.FindJobOrdersOf(ctx, m, false)
	if err != nil {
		return d, err
	}
	d.AsOf = asOf
	d.Board = employer.ComputeBoard(employer.BoardInput{
		Municipality: m, Weeks: weeks, AsOf: asOf, Now: s.now(), Zone: policy.Calendar.Location(),
		Teams: teams, Members: members, Caseloads: caseloads, Persons: persons,
		Contacts: visits, Orders: orders, Goals: goals, Policy: policy,
	})
	return d, nil
}

// boardMetrics are the board's columns, in order.
var boardMetrics = pejling.TeamMetrics()

// metricLabel names a metric.
func metricLabel(l locale.Lang, m pejling.TeamMetric) string {
	return message(l, "team.m."+string(m))
}

// formatMetric writes a value of a metric: shares as percent, speeds with 2 decimals,
// counts whole.
func formatMetric(l locale.Lang, m pejling.TeamMetric, v float64) string {
	switch {
	case m.Share():
		return l.Percent(v, 1)
	case m == pejling.MetricTurnoverSpeed:
		return l.Number(v, 3)
	case v != math.Trunc(v): // a chart's tick between whole counts
		return l.Number(v, 1)
	}
	return l.Number(v, 0)
}

// boardCellView is one figure of a board cell as shown.
type boardCellView struct {
	Text   string // the value, "–" when empty, or the too-few text
	TooFew bool
	// AfterRegister: a caseload figure of a week after the register's extract date.
	AfterRegister bool
	Goal          string // "≥ 30 %" / "≤ 2"; "" when none
	State         string // employer.GoalState, "" when none
	Hint          string // the goal's state in words
}

// boardRowView is a team or consultant in one week as shown.
type boardRowView struct {
	Label, Href string
	Caseload    int
	Cells       []boardCellView
}

func boardRow(l locale.Lang, label, href string, c employer.BoardCell) boardRowView {
	row := boardRowView{Label: label, Href: href, Caseload: c.Caseload}
	for _, m := range boardMetrics {
		v := c.Result(m)
		cv := boardCellView{Text: "–"}
		caseload := m == pejling.MetricActivationRate || m == pejling.MetricOutflow || m == pejling.MetricTurnoverSpeed
		switch {
		case caseload && c.TooFew:
			cv.Text, cv.TooFew = fmt.Sprintf(l.Pick("færre end %d", "fewer than %d"), employer.MinGroupSize), true
		case (m == pejling.MetricOutflow || m == pejling.MetricTurnoverSpeed) && c.AfterRegister:
			cv.Text, cv.AfterRegister = l.Pick("efter registret", "after the register"), true
		case v.Valid:
			cv.Text = formatMetric(l, m, v.V)
		}
		for _, g := range c.Goals {
			if g.Metric != m || g.Goal == nil {
				continue
			}
			sign := "≥"
			if g.Goal.Direction == pejling.AtMost {
				sign = "≤"
			}
			cv.Goal, cv.State = sign+" "+formatMetric(l, m, g.Goal.Target), string(g.State)
			switch g.State {
			case employer.GoalMet:
				cv.Hint = l.Pick("mål nået", "goal met")
			case employer.GoalNotMet:
				cv.Hint = l.Pick("mål ikke nået", "goal not met")
			default:
				cv.Hint = l.Pick("intet resultat", "no result")
			}
		}
		row.Cells = append(row.Cells, cv)
	}
	return row
}

// weekLabel is "Uge 10" / "Week 10" (ISO week number).
func weekLabel(l locale.Lang, w figures.Period) string {
	_, n := w.First.Time().ISOWeek()
	return l.Pick("Uge ", "Week ") + strconv.Itoa(n)
}

// boardChart is a figure's 13-week chart with its caption.
type boardChart struct {
	Caption string
	SVG     template.HTML
	Empty   string // instead of a chart when no week has a value
}

// boardCharts draws a 13-week chart per metric with a line per series.
func boardCharts(l locale.Lang, weeks []figures.Period, series map[string][]employer.BoardCell, order []string) []boardChart {
	var labels []string
	for _, w := range weeks {
		labels = append(labels, weekLabel(l, w))
	}
	var out []boardChart
	for _, m := range boardMetrics {
		line := chart.Line{Title: metricLabel(l, m), Labels: labels, ZeroBased: true, Width: 560, Height: 240,
			Format: func(v float64) string { return formatMetric(l, m, v) }}
		for _, name := range order {
			cells := series[name]
			vs := make([]float64, len(cells))
			for i, c := range cells {
				vs[i] = math.NaN()
				if v := c.Result(m); v.Valid {
					vs[i] = v.V
				}
			}
			line.Series = append(line.Series, chart.Series{Name: name, Values: vs})
		}
		if !slices.ContainsFunc(line.Series, func(se chart.Series) bool {
			return slices.ContainsFunc(se.Values, func(v float64) bool { return !math.IsNaN(v) })
		}) {
			out = append(out, boardChart{Caption: metricLabel(l, m), Empty: l.Pick("Ingen uge har en værdi: færre end 5 borgere i sagsstammen, eller ugerne ligger efter registret.",
				"No week has a value: fewer than 5 citizens on the caseload, or the weeks lie after the register.")})
			continue
		}
		out = append(out, boardChart{Caption: metricLabel(l, m), SVG: template.HTML(line.SVG())})
	}
	return out
}

// boardTable is the download of a board: a row per team or consultant and week.
func boardTable(l locale.Lang, d teamBoardData, title string, members bool) export.Table {
	t := export.Table{Title: title, Columns: []export.Column{
		{Name: "team", Kind: export.Text}, {Name: "consultant", Kind: export.Text},
		{Name: "week_first", Kind: export.Text}, {Name: "week_last", Kind: export.Text},
		{Name: "caseload", Kind: export.Integer}, {Name: "too_few", Kind: export.Text},
		{Name: "activation_rate", Kind: export.Number, Decimals: 4}, {Name: "outflow", Kind: export.Integer},
		{Name: "outflow_pending", Kind: export.Integer}, {Name: "turnover_speed", Kind: export.Number, Decimals: 4},
		{Name: "company_visits", Kind: export.Integer}, {Name: "orders_handled", Kind: export.Integer},
		{Name: "service_levels_met", Kind: export.Integer}, {Name: "service_levels_missed", Kind: export.Integer},
		{Name: "service_levels", Kind: export.Number, Decimals: 4},
	}}
	for _, m := range boardMetrics {
		t.Columns = append(t.Columns, export.Column{Name: "goal_" + string(m), Kind: export.Text})
	}
	val := func(v employer.Value) any {
		if !v.Valid {
			return nil
		}
		return v.V
	}
	add := func(team, consultant string, c employer.BoardCell) {
		tooFew := "no"
		var outflow, pending any = nil, nil
		if c.TooFew {
			tooFew = "yes"
		} else {
			if c.Outflow.Valid {
				outflow = int(c.Outflow.V)
			}
			pending = c.OutflowPending
		}
		row := []any{team, consultant, c.Week.First.String(), c.Week.Last.String(), c.Caseload, tooFew,
			val(c.ActivationRate), outflow, pending, val(c.TurnoverSpeed), c.Visits, c.OrdersHandled,
			c.LevelsMet, c.LevelsMissed, val(c.ServiceLevels)}
		for _, m := range boardMetrics {
			state := ""
			if i := slices.IndexFunc(c.Goals, func(g employer.GoalResult) bool { return g.Metric == m }); i >= 0 && c.Goals[i].Goal != nil {
				g := c.Goals[i]
				state = fmt.Sprintf("%s %s %g", g.State, g.Goal.Direction, g.Goal.Target)
			}
			row = append(row, state)
		}
		t.Rows = append(t.Rows, row)
	}
	for _, tb := range d.Board.Teams {
		for _, c := range tb.Weeks {
			add(tb.Team.Name, "", c)
		}
		if members {
			for _, mb := range tb.Members {
				for _, c := range mb.Weeks {
					add(tb.Team.Name, d.name(mb.UserID), c)
				}
			}
		}
	}
	return t
}

type teamBoardsPage struct {
	page
	Week, AsOf string
	Metrics    []string
	Rows       []boardRowView
	Charts     []boardChart
	MinGroup   int
	CanManage  bool
	Form       teamForm
}

type teamForm struct {
	Name    string
	Errors  progFieldErrors
	Problem string
}

// handleTeamBoards shows this week's board of every team and the 12-week charts.
func (s *Server) handleTeamBoards(w http.ResponseWriter, r *http.Request) {
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := teamBoardsPage{page: newPage(r, "team.title"), Form: teamForm{Errors: progFieldErrors{}}}
	s.showTeamBoards(w, r, &pg, format, http.StatusOK)
}

func (s *Server) showTeamBoards(w http.ResponseWriter, r *http.Request, pg *teamBoardsPage, format string, status int) {
	u := who(r).User
	l := pg.Lang
	teams, err := s.Teams.FindTeams(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	d, err := s.loadBoard(r, teams)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		s.writeTable(w, r, boardTable(l, d, l.Pick("Teamtavler", "Team boards"), false), "teamtavler-"+d.Board.Weeks[len(d.Board.Weeks)-1].First.String(), format)
		return
	}
	now := d.Board.Weeks[len(d.Board.Weeks)-1]
	pg.Week = weekLabel(l, now) + " (" + l.Date(now.First) + " – " + l.Date(now.Last) + ")"
	if d.AsOf > 0 {
		pg.AsOf = l.Date(d.AsOf)
	}
	pg.MinGroup, pg.CanManage = employer.MinGroupSize, u.CanImport()
	for _, m := range boardMetrics {
		pg.Metrics = append(pg.Metrics, metricLabel(l, m))
	}
	series, order := map[string][]employer.BoardCell{}, []string{}
	for _, tb := range d.Board.Teams {
		pg.Rows = append(pg.Rows, boardRow(l, tb.Team.Name, "/teamtavler/"+strconv.FormatInt(tb.Team.ID, 10), tb.Weeks[len(tb.Weeks)-1]))
		name := tb.Team.Name
		for series[name] != nil {
			name += " "
		}
		series[name], order = tb.Weeks, append(order, name)
	}
	if len(order) > 0 {
		pg.Charts = boardCharts(l, d.Board.Weeks, series, order)
	}
	s.renderStatus(w, r, "team_boards", pg, status)
}

// figuresWeek is the ISO week that starts on the Monday mon.
func figuresWeek(mon pejling.Date) figures.Period { return figures.Period{First: mon, Last: mon + 6} }
