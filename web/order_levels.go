package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/export"
)

// The measured service levels (issue 8): the share of the municipality's orders
// meeting each level of the policy, per team and per consultant, as
// employer.ServiceLevelShares counts them — met of decided (met + missed), with the
// pending and void orders shown beside and left out of the share.

type orderLevelsPage struct {
	page
	From, To, Query string
	Policy          []levelPolicyRow
	CustomPolicy    bool // the municipality's own policy, not the default
	ByTeam, ByOwner []levelShareRow
	Orders          int
	Problem         string
}

type levelPolicyRow struct {
	Name, Description, Within, AppliesTo string
}

type levelShareRow struct {
	Group, Level, Share           string
	Met, Missed, N, Pending, Void int
}

func (p *orderLevelsPage) setProblem(m string) { p.Problem = m }

// policyRows are the levels of the policy in force, for the pages.
func (v orderView) policyRows() []levelPolicyRow {
	l := v.Lang
	var rows []levelPolicyRow
	for _, lv := range v.Policy.Levels {
		applies := message(l, "ord.levels.all")
		if len(lv.Channels) > 0 || len(lv.Kinds) > 0 {
			applies = ""
			for _, c := range lv.Channels {
				applies += message(l, "ord.channel."+string(c)) + " "
			}
			for _, k := range lv.Kinds {
				applies += message(l, "ord.kind."+string(k)) + " "
			}
		}
		rows = append(rows, levelPolicyRow{v.levelName(lv.Name), lv.Description, v.span(lv.Within), applies})
	}
	return rows
}

// handleOrderLevels shows the shares, or sends them as a file (format=csv, csv-da,
// xlsx): one table of both groupings.
func (s *Server) handleOrderLevels(w http.ResponseWriter, r *http.Request) {
	pg := orderLevelsPage{page: newPage(r, "ord.levels.title")}
	q := r.URL.Query()
	pg.From, pg.To = q.Get("from"), q.Get("to")
	l := pg.Lang
	v, err := s.orderView(r, l)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg.Policy, pg.CustomPolicy = v.policyRows(), v.Custom != nil
	fail := func(err error) { s.orderProblem(w, r, "order_levels", &pg, err) }
	if err := orderSingle(q, "from", "to", "format"); err != nil {
		fail(err)
		return
	}
	format, err := wantsDownload(r)
	if err != nil {
		fail(err)
		return
	}
	loc := v.Policy.Calendar.Location()
	var from, to time.Time
	for _, d := range []struct {
		name, s string
		to      *time.Time
	}{{"from", pg.From, &from}, {"to", pg.To, &to}} {
		if d.s == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.s, loc)
		if err != nil {
			fail(pejling.Errorf(pejling.EINVALID, "%s %q: use YYYY-MM-DD", d.name, pejling.Clip(d.s)))
			return
		}
		*d.to = t
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1) // to the end of the day
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		fail(pejling.Errorf(pejling.EINVALID, "from %s is after to %s", pg.From, pg.To))
		return
	}
	all, err := s.Orders.FindJobOrdersOf(r.Context(), v.User.Municipality, false)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var orders []pejling.JobOrder
	for _, o := range all {
		if (from.IsZero() || !o.CreatedAt.Before(from)) && (to.IsZero() || o.CreatedAt.Before(to)) {
			orders = append(orders, o)
		}
	}
	pg.Orders = len(orders)
	team := employer.ServiceLevelShares(orders, v.Policy, v.Now, employer.ByTeam)
	owner := employer.ServiceLevelShares(orders, v.Policy, v.Now, employer.ByOwner)
	if format != "" {
		s.writeTable(w, r, levelTable(v, team, owner), "service-levels-"+strconv.Itoa(v.User.Municipality), format)
		return
	}
	pg.Query = url.Values{"from": {pg.From}, "to": {pg.To}}.Encode()
	pg.ByTeam = levelRows(v, team, false)
	pg.ByOwner = levelRows(v, owner, true)
	s.render(w, r, "order_levels", pg)
}

func levelRows(v orderView, shares []employer.LevelShare, byOwner bool) []levelShareRow {
	var out []levelShareRow
	for _, sh := range shares {
		row := levelShareRow{Group: sh.Team, Level: v.levelName(sh.Level), Met: sh.Met, Missed: sh.Missed, N: sh.N(),
			Pending: sh.Pending, Void: sh.Void, Share: v.Lang.Percent(sh.Share(), 0)}
		if byOwner {
			row.Group = v.name(sh.Owner)
		} else if row.Group == "" {
			row.Group = message(v.Lang, "ord.noteam")
		}
		out = append(out, row)
	}
	return out
}

// levelTable is the shares as a file: a row per team or consultant and level.
func levelTable(v orderView, team, owner []employer.LevelShare) export.Table {
	integer := func(n string) export.Column { return export.Column{Name: n, Kind: export.Integer} }
	t := export.Table{Title: "Service levels " + strconv.Itoa(v.User.Municipality), Columns: []export.Column{{Name: "grouping"}, {Name: "team"},
		{Name: "consultant"}, {Name: "level"}, integer("met"), integer("missed"), integer("n"), {Name: "share", Kind: export.Percent, Decimals: 1},
		integer("pending"), integer("void")}}
	add := func(grouping string, shares []employer.LevelShare) {
		for _, sh := range shares {
			var share any
			if sh.N() > 0 {
				share = sh.Share()
			}
			var team, consultant any
			if grouping == "team" {
				team = sh.Team
			} else {
				consultant = v.name(sh.Owner)
			}
			t.Rows = append(t.Rows, []any{grouping, team, consultant, sh.Level, sh.Met, sh.Missed, sh.N(), share, sh.Pending, sh.Void})
		}
	}
	add("team", team)
	add("consultant", owner)
	return t
}
