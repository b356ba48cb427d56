package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// The list of job orders (issue 8): the overdue list on top, the municipality's orders
// with their service-level clocks, and the form to take a new order.

// Bounds of the order forms.
const (
	maxOrderForm = 64 << 10 // bytes of a posted form
	maxOrderRows = 500      // orders listed; the filters narrow further
)

type ordersPage struct {
	page
	Status, Owner, Team string // the filters
	Statuses            []option
	Teams               []string
	Overdue             []overdueRow
	DueSoon             []dueSoonRow
	MineOverdue         int // the user's own orders on the overdue list
	MineDueSoon         int // and with a deadline coming soon
	Rows                []orderRow
	More                int // orders left out beyond maxOrderRows
	UntouchedDays       int
	Form                orderForm
	Owners              []option
	Kinds, Schemes      []option
	Channels            []option
	Problem             string // a refused form: the message, naming the field
	Field               string // the refused field's name
}

// orderForm is a new order as typed.
type orderForm struct {
	CVR, Title, Kind, Scheme, Channel, Owner, Team string
}

type orderRow struct {
	ID                                       int64
	Link, Title, CVR, Kind, Channel, Created string
	Owner, Team, Status, StatusKey, Touched  string
	Mine                                     bool
	Clocks                                   []clockView
}

type clockView struct {
	Level, Short, State, StateKey, Deadline, Time string
}

type overdueRow struct {
	orderRow
	Reasons []string
}

// dueSoonRow is an open order with a deadline coming soon (employer.DueSoonOrders).
type dueSoonRow struct {
	orderRow
	What, Deadline, Left string
}

// orderView is what the order pages need besides the request: the user, the users of
// the municipality by id, and the policy.
type orderView struct {
	User   *pejling.User
	Lang   locale.Lang
	Names  map[int64]string
	Staff  []pejling.User // active users of the municipality, by name
	Policy *employer.Policy
	// Custom is the municipality's own policy file, nil when the default is in force.
	Custom *pejling.ServicePolicyFile
	Now    time.Time
}

func (s *Server) orderView(r *http.Request, l locale.Lang) (orderView, error) {
	v := orderView{User: who(r).User, Lang: l, Names: map[int64]string{}, Now: s.now()}
	var err error
	if v.Policy, v.Custom, err = s.orderPolicyOf(r.Context(), v.User.Municipality); err != nil {
		return v, err
	}
	users, err := s.Orders.ListUsers(r.Context())
	if err != nil {
		return v, err
	}
	for _, u := range users {
		if u.Municipality != v.User.Municipality {
			continue
		}
		v.Names[u.ID] = u.Name
		if !u.Disabled {
			v.Staff = append(v.Staff, u)
		}
	}
	return v, nil
}

func (v orderView) name(id int64) string {
	if n, ok := v.Names[id]; ok {
		return n
	}
	return "#" + strconv.FormatInt(id, 10)
}

// time writes t in the policy's zone (the job centre's clock).
func (v orderView) time(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	t = t.In(v.Policy.Calendar.Location())
	if v.Lang == locale.English {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("02-01-2006 15:04")
}

// span writes a span of opening time: "2 t 05 min".
func (v orderView) span(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if h == 0 {
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d %s %02d min", h, v.Lang.Pick("t", "h"), m)
}

// msg is the message of key, or fallback when there is none (a level of a policy
// file the pages do not know).
func (v orderView) msg(key, fallback string) string {
	if t := message(v.Lang, key); t != key {
		return t
	}
	return fallback
}

func (v orderView) levelName(level string) string { return v.msg("ord.level."+level, level) }

func (v orderView) clocks(o pejling.JobOrder) []clockView {
	var out []clockView
	for _, c := range employer.Clocks(o, v.Policy, v.Now) {
		cv := clockView{Level: v.levelName(c.Level), Short: v.msg("ord.levelshort."+c.Level, c.Level), StateKey: string(c.State), State: message(v.Lang, "ord.state."+string(c.State)), Deadline: v.time(c.Deadline)}
		switch c.State {
		case employer.LevelMet:
			cv.Time = v.time(c.At)
		case employer.LevelMissed:
			cv.Time = v.span(c.Late) + " " + message(v.Lang, "ord.late")
		case employer.LevelPending:
			cv.Time = v.span(c.Left) + " " + message(v.Lang, "ord.left")
		}
		out = append(out, cv)
	}
	return out
}

func (v orderView) row(o pejling.JobOrder) orderRow {
	kind := message(v.Lang, "ord.kind."+string(o.Kind))
	if o.Scheme != "" {
		kind += " · " + message(v.Lang, "ord.scheme."+string(o.Scheme))
	}
	return orderRow{ID: o.ID, Link: "/ordrer/" + strconv.FormatInt(o.ID, 10), Title: o.Title, CVR: o.CVR, Kind: kind,
		Channel: message(v.Lang, "ord.channel."+string(o.Channel)), Created: v.time(o.CreatedAt), Touched: v.time(o.TouchedAt),
		Owner: v.name(o.Owner), Team: o.Team, Status: message(v.Lang, "ord.status."+string(o.Status)), StatusKey: string(o.Status),
		Mine: o.Owner == v.User.ID, Clocks: v.clocks(o)}
}

func (v orderView) overdue(orders []pejling.JobOrder) []overdueRow {
	var out []overdueRow
	for _, od := range employer.Overdue(orders, v.Policy, v.Now) {
		row := overdueRow{orderRow: v.row(od.Order)}
		for _, rs := range od.Reasons {
			if rs.Level != "" {
				row.Reasons = append(row.Reasons, fmt.Sprintf(message(v.Lang, "ord.overdue.level"), v.levelName(rs.Level), v.time(rs.Deadline)))
			} else {
				row.Reasons = append(row.Reasons, fmt.Sprintf(message(v.Lang, "ord.overdue.untouched"), v.Policy.UntouchedDays, v.time(rs.Deadline)))
			}
		}
		out = append(out, row)
	}
	return out
}

// orderSingle refuses a parameter given more than once.
func orderSingle(vals map[string][]string, names ...string) error {
	for _, k := range names {
		if n := len(vals[k]); n > 1 {
			return pejling.Errorf(pejling.EINVALID, "%s: given %d times", k, n)
		}
	}
	return nil
}

// handleOrders lists the municipality's orders, the overdue ones on top.
func (s *Server) handleOrders(w http.ResponseWriter, r *http.Request) {
	pg := ordersPage{page: newPage(r, "ord.title")}
	if err := s.fillOrders(r, &pg, r.URL.Query()); err != nil {
		s.orderProblem(w, r, "orders", &pg, err)
		return
	}
	s.render(w, r, "orders", pg)
}

// orderProblem shows a page again with the problem of err (400, 409), or answers with
// the error (404, 500).
func (s *Server) orderProblem(w http.ResponseWriter, r *http.Request, name string, pg interface{ setProblem(string) }, err error) {
	status := errorStatus[pejling.ErrorCode(err)]
	if status != http.StatusBadRequest && status != http.StatusConflict {
		s.writeError(w, r, err)
		return
	}
	pg.setProblem(pejling.ErrorMessage(err))
	s.renderStatus(w, r, name, pg, status)
}

func (p *ordersPage) setProblem(m string) { p.Problem = m }

// fillOrders reads the filters of q and fills the lists of pg.
func (s *Server) fillOrders(r *http.Request, pg *ordersPage, q map[string][]string) error {
	l := pg.Lang
	one := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	pg.Status, pg.Owner, pg.Team = one("status"), one("owner"), strings.TrimSpace(one("team"))
	if pg.Status == "" {
		pg.Status = "open"
	}
	v, err := s.orderView(r, l)
	if err != nil {
		return err
	}
	pg.UntouchedDays = v.Policy.UntouchedDays
	pg.Statuses = []option{{"open", message(l, "ord.filter.open"), pg.Status == "open"}, {"all", message(l, "ord.filter.all"), pg.Status == "all"}}
	for _, st := range []pejling.OrderStatus{pejling.OrderNew, pejling.OrderAcknowledged, pejling.OrderCandidatesSent, pejling.OrderFilled, pejling.OrderClosedUnfilled} {
		pg.Statuses = append(pg.Statuses, option{string(st), message(l, "ord.status."+string(st)), pg.Status == string(st)})
	}
	s.fillOrderForm(pg, v)
	if err := orderSingle(q, "status", "owner", "team"); err != nil {
		return err
	}
	switch {
	case pg.Status != "open" && pg.Status != "all" && !pejling.OrderStatus(pg.Status).Valid():
		return pejling.Errorf(pejling.EINVALID, "status %q: use open, all, new, acknowledged, candidates_sent, filled or closed_unfilled", pejling.Clip(pg.Status))
	case pg.Owner != "" && pg.Owner != "me":
		return pejling.Errorf(pejling.EINVALID, "owner %q: use me or leave it empty", pejling.Clip(pg.Owner))
	case utf8.RuneCountInString(pg.Team) > employer.MaxOrderTitleLen || !utf8.ValidString(pg.Team):
		return pejling.Errorf(pejling.EINVALID, "team: at most %d characters", employer.MaxOrderTitleLen)
	}
	openOnly := pg.Status == "open" || (pg.Status != "all" && !pejling.OrderStatus(pg.Status).Final())
	orders, err := s.Orders.FindJobOrdersOf(r.Context(), v.User.Municipality, openOnly)
	if err != nil {
		return err
	}
	var open []pejling.JobOrder
	teams := map[string]bool{}
	for _, o := range orders {
		if o.Open() {
			open = append(open, o)
		}
		if o.Team != "" {
			teams[o.Team] = true
		}
	}
	for t := range teams {
		pg.Teams = append(pg.Teams, t)
	}
	slices.Sort(pg.Teams)
	// The overdue list is the whole municipality's: an order left hanging is
	// everyone's business, whatever the filters.
	pg.Overdue = v.overdue(open)
	for _, a := range employer.DueSoonOrders(open, v.Policy, v.Now) {
		row := dueSoonRow{orderRow: v.row(a.Order), Deadline: v.time(a.Deadline), Left: v.span(a.Left)}
		row.What = fmt.Sprintf(message(l, "ord.soon.untouched"), v.Policy.UntouchedDays)
		if a.Level != "" {
			row.What = v.levelName(a.Level)
		}
		pg.DueSoon = append(pg.DueSoon, row)
	}
	for _, o := range pg.Overdue {
		if o.Mine {
			pg.MineOverdue++
		}
	}
	for _, o := range pg.DueSoon {
		if o.Mine {
			pg.MineDueSoon++
		}
	}
	for _, o := range orders {
		switch {
		case pg.Status != "open" && pg.Status != "all" && string(o.Status) != pg.Status,
			pg.Owner == "me" && o.Owner != v.User.ID,
			pg.Team != "" && o.Team != pg.Team:
			continue
		}
		if len(pg.Rows) == maxOrderRows {
			pg.More++
			continue
		}
		pg.Rows = append(pg.Rows, v.row(o))
	}
	return nil
}

// fillOrderForm fills the choices of the new-order form, keeping what was typed.
func (s *Server) fillOrderForm(pg *ordersPage, v orderView) {
	l, f := pg.Lang, &pg.Form
	if f.Kind == "" {
		f.Kind = string(pejling.OrderOrdinary)
	}
	if f.Channel == "" {
		f.Channel = string(pejling.ChannelNormal)
	}
	if f.Owner == "" {
		f.Owner = strconv.FormatInt(v.User.ID, 10)
	}
	pg.Owners = nil
	for _, u := range v.Staff {
		id := strconv.FormatInt(u.ID, 10)
		pg.Owners = append(pg.Owners, option{id, u.Name, id == f.Owner})
	}
	pg.Kinds = []option{{string(pejling.OrderOrdinary), message(l, "ord.kind.ordinary"), f.Kind == string(pejling.OrderOrdinary)},
		{string(pejling.OrderSupported), message(l, "ord.kind.supported"), f.Kind == string(pejling.OrderSupported)}}
	pg.Schemes = []option{{"", "–", f.Scheme == ""}}
	for _, sc := range []pejling.SupportScheme{pejling.SchemeWageSubsidy, pejling.SchemeFlexjob, pejling.SchemeSpecialTerms, pejling.SchemeOtherSupported} {
		pg.Schemes = append(pg.Schemes, option{string(sc), message(l, "ord.scheme."+string(sc)), f.Scheme == string(sc)})
	}
	pg.Channels = []option{{string(pejling.ChannelNormal), message(l, "ord.channel.normal"), f.Channel == string(pejling.ChannelNormal)},
		{string(pejling.ChannelHotline), message(l, "ord.channel.hotline"), f.Channel == string(pejling.ChannelHotline)}}
}

// handleOrderCreate takes a new order from the form and shows it; a refused form is
// shown again with the field named, and nothing is stored.
func (s *Server) handleOrderCreate(w http.ResponseWriter, r *http.Request) {
	pg := ordersPage{page: newPage(r, "ord.title")}
	refuse := func(field string, err error) {
		pg.Field = field
		if ferr := s.fillOrders(r, &pg, nil); ferr != nil {
			s.writeError(w, r, ferr)
			return
		}
		s.orderProblem(w, r, "orders", &pg, err)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxOrderForm)
	if err := r.ParseForm(); err != nil {
		refuse("form", pejling.Errorf(pejling.EINVALID, "the form could not be read (at most %d KB): %s", maxOrderForm>>10, pejling.Clip(err.Error())))
		return
	}
	pf := r.PostForm
	pg.Form = orderForm{CVR: strings.TrimSpace(pf.Get("cvr")), Title: strings.TrimSpace(pf.Get("title")), Kind: pf.Get("kind"),
		Scheme: pf.Get("scheme"), Channel: pf.Get("channel"), Owner: pf.Get("owner"), Team: strings.TrimSpace(pf.Get("team"))}
	for _, k := range []string{"cvr", "title", "kind", "scheme", "channel", "owner", "team"} {
		if err := orderSingle(pf, k); err != nil {
			refuse(k, err)
			return
		}
	}
	u := who(r).User
	o := pejling.JobOrder{Municipality: u.Municipality, CVR: pg.Form.CVR, Title: pg.Form.Title, Kind: pejling.OrderKind(pg.Form.Kind),
		Scheme: pejling.SupportScheme(pg.Form.Scheme), Channel: pejling.OrderChannel(pg.Form.Channel), Team: pg.Form.Team}
	if pg.Form.Owner != "" {
		v, err := s.orderView(r, pg.Lang)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		id, err := strconv.ParseInt(pg.Form.Owner, 10, 64)
		if err != nil || !slices.ContainsFunc(v.Staff, func(u pejling.User) bool { return u.ID == id }) {
			refuse("owner", pejling.Errorf(pejling.EINVALID, "owner %q is not an active user of your municipality", pejling.Clip(pg.Form.Owner)))
			return
		}
		o.Owner = id
	}
	if err := orderTeamProblem(o.Team); err != nil {
		refuse("team", err)
		return
	}
	n, err := employer.NewOrder(o, u.ID, s.now())
	if err != nil {
		refuse(orderFaultField(o), err)
		return
	}
	if err := s.Orders.CreateJobOrder(r.Context(), &n); err != nil {
		// The store checks again (the owner's municipality, text it cannot keep).
		field := "form"
		for _, f := range []string{"owner", "title", "team"} {
			if strings.Contains(pejling.ErrorMessage(err), f) {
				field = f
				break
			}
		}
		refuse(field, err)
		return
	}
	http.Redirect(w, r, "/ordrer/"+strconv.FormatInt(n.ID, 10), http.StatusSeeOther)
}

// orderTeamProblem refuses a team name of a new order that the store cannot keep.
func orderTeamProblem(team string) error {
	switch {
	case utf8.RuneCountInString(team) > employer.MaxOrderTitleLen:
		return pejling.Errorf(pejling.EINVALID, "the team name is longer than %d characters", employer.MaxOrderTitleLen)
	case !utf8.ValidString(team) || strings.ContainsFunc(team, func(c rune) bool { return c < ' ' }):
		return pejling.Errorf(pejling.EINVALID, "the team name has control characters or is not valid UTF-8")
	}
	return nil
}

// orderFaultField names the field of o that employer.NewOrder refuses, checked in
// NewOrder's order.
func orderFaultField(o pejling.JobOrder) string {
	switch {
	case len(o.CVR) != 8 || strings.Trim(o.CVR, "0123456789") != "":
		return "cvr"
	case strings.TrimSpace(o.Title) == "" || utf8.RuneCountInString(o.Title) > employer.MaxOrderTitleLen:
		return "title"
	case !o.Kind.Valid():
		return "kind"
	case o.Kind == pejling.OrderOrdinary && o.Scheme != "", o.Kind == pejling.OrderSupported && !o.Scheme.Valid():
		return "scheme"
	case !o.Channel.Valid():
		return "channel"
	}
	return "owner"
}
