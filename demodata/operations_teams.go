package demodata

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TeamOf is a team of a municipality's job centre with its members (provisional user
// ids). Its goals are in Operations.Goals, by the team's name.
type TeamOf struct {
	Municipality int
	Name         string
	Members      []int64
}

// GoalOf is a team's goal; Goal.TeamID is 0 (the writer names the team by Team).
type GoalOf struct {
	Team  string
	Goal  pejling.TeamGoal
	SetBy int64 // provisional user id
}

// orderOccupation returns the occupation an order's title names ("2 × kok (løntilskud)"
// names kok), as orders drew it.
func orderOccupation(title string) (occupation, bool) {
	if _, after, ok := strings.Cut(title, " × "); ok {
		title = after
	}
	if before, _, ok := strings.Cut(title, " ("); ok {
		title = before
	}
	for _, o := range occupations {
		if o.title == title {
			return o, true
		}
	}
	return occupation{}, false
}

var editNotes = []string{
	"Virksomheden har præciseret kravene efter telefonsamtalen.",
	"Timetal og kompetencer aftalt ved virksomhedsbesøget.",
	"Arbejdsstedet er flyttet til en anden afdeling.",
}

// orderRequirements gives the municipality's orders what they ask of a candidate (the
// occupation of their title, its skills, a driving licence where the job needs one,
// hours, and a place near the company): most when they were taken, one in ten without
// (taken by phone and not yet detailed), and one in ten detailed or changed later by
// an edited event (employer.EditOrder), replayed into the order's history.
func (g *opsGen) orderRequirements(m *opsMuniState) {
	r := g.rand(m, opsRequirements)
	recs := map[string]pejling.CompanyRecord{}
	for _, c := range g.ops.Companies {
		if c.Municipality == m.code {
			recs[c.CVR] = c
		}
	}
	for i := len(g.ops.OrderFirstRequirements); i < len(g.ops.Orders); i++ {
		o := g.ops.Orders[i]
		occ, ok := orderOccupation(o.Title)
		u := r.Float64()
		if !ok || u < .1 {
			g.ops.OrderFirstRequirements = append(g.ops.OrderFirstRequirements, pejling.OrderRequirements{})
			continue
		}
		req := pejling.OrderRequirements{Occupation: occ.disco,
			Skills:         slices.Clone(occ.skills[:1+r.IntN(len(occ.skills))]),
			DrivingLicence: occ.licence && r.Float64() < .7, MinEducation: r.IntN(3),
			Location: near(r, m.centre, 6), HasLocation: true, Address: m.city}
		if rec, ok := recs[o.CVR]; ok {
			req.Address = rec.Address + ", " + rec.Postcode + " " + rec.City
		}
		switch h := []float64{37, 37, 37, 30, 25, 20}[r.IntN(6)]; {
		case o.Scheme == pejling.SchemeFlexjob:
			req.Hours = pejling.HoursRange{Min: 10, Max: 20}
		case h == 37:
			req.Hours = pejling.HoursRange{Min: 37, Max: 37}
		default:
			req.Hours = pejling.HoursRange{Min: h, Max: 37}
		}
		first := req
		if u < .2 {
			// Detailed later: taken with the occupation only (or nothing), then edited
			// before its next event.
			to := g.now
			if len(o.History) > 1 {
				to = o.History[1].At
			}
			at := g.openMoment(r, o.History[0].At, to)
			if !at.IsZero() {
				first = pejling.OrderRequirements{}
				if r.Float64() < .5 {
					first.Occupation = occ.disco
				}
				o = replayWithEdit(o, first, req, at, pickS(r, editNotes))
			}
		}
		o.Requirements = req
		g.ops.Orders[i] = o
		g.ops.OrderFirstRequirements = append(g.ops.OrderFirstRequirements, first)
	}
}

// replayWithEdit plays the order o again from its creation with the requirements first,
// an edited event at at to final, then the rest of its history.
func replayWithEdit(o pejling.JobOrder, first, final pejling.OrderRequirements, at time.Time, note string) pejling.JobOrder {
	base := o
	base.Requirements = first
	n, err := employer.NewOrder(base, o.History[0].Actor, o.History[0].At)
	if err == nil {
		n, err = employer.EditOrder(n, final, note, o.Owner, at)
	}
	for _, e := range o.History[1:] {
		if err != nil {
			break
		}
		n, err = employer.Transition(n, pejling.OrderEvent{Type: e.Type, Reason: e.Reason, Note: e.Note}, e.Actor, e.At)
	}
	if err != nil {
		panic("demodata: an order's edited history is refused: " + err.Error())
	}
	return n
}

// teams draws the municipality's teams (Teams: the staff's teams), their members (every
// consultant and case worker of the municipality in the team it was drawn with), the
// caseloads and the teams' goals.
//
// Caseloads: each of the staff has 30–80 persons on benefit at the extract date (fewer
// in a small data set), assigned from a day in the last year; one in eight was
// reassigned to a colleague in the last three months and one in twenty left the
// caseload in the last two months, so the history shows on the board.
//
// Goals, from half a year back, for every metric, some tightened seven weeks ago: near
// what the team does (its visits and orders handled a week over the last twelve weeks,
// its caseload's activation today as the register's planned ends have it) — above it
// or below it, so some are met and some not (an activation rate of 25 % ± when the
// register has next to none in these weeks). Outflow: at least 1 % of the caseload a
// week; turnover speed at least 0.01. Visits, orders and service levels only for a team
// that visits companies and handles orders.
func (g *opsGen) teams(m *opsMuniState) {
	r := g.rand(m, opsTeams)
	staff := append(slices.Clone(m.consultants), m.caseWorkers...)
	slices.Sort(staff)
	for _, name := range Teams {
		t := TeamOf{Municipality: m.code, Name: name}
		for _, id := range staff {
			if m.team[id] == name {
				t.Members = append(t.Members, id)
			}
		}
		if len(t.Members) > 0 {
			g.ops.Teams = append(g.ops.Teams, t)
		}
	}
	// Caseloads.
	sizes := make([]int, len(staff))
	total := 0
	for i := range sizes {
		sizes[i] = 30 + r.IntN(51)
		total += sizes[i]
	}
	pool := r.Perm(len(m.reg.onBenefit))
	if total > len(pool) {
		total = 0
		for i := range sizes {
			sizes[i] = max(1, sizes[i]*len(pool)/(80*len(staff)))
			total += sizes[i]
		}
	}
	var at int
	firstCase := len(g.ops.Caseloads)
	for i, id := range staff {
		if at >= len(pool) {
			break
		}
		for _, k := range pool[at:min(at+sizes[i], len(pool))] {
			p := m.reg.onBenefit[k]
			a := pejling.CaseloadAssignment{Municipality: m.code, PersonID: p.id, UserID: id,
				From: g.today - pejling.Date(14+r.IntN(350)), To: pejling.Forever}
			var chain []pejling.CaseloadAssignment
			if x := r.Float64(); x < .125 {
				if d := g.today - pejling.Date(1+r.IntN(90)); d > a.From {
					next := a
					next.From, next.UserID = d, pickID(r, staff)
					if next.UserID != a.UserID {
						a.To = d - 1
						chain = append(chain, a)
						a = next
					}
				}
			} else if x < .175 {
				a.To = max(a.From, g.today-pejling.Date(1+r.IntN(60)))
			}
			g.ops.Caseloads = append(g.ops.Caseloads, append(chain, a)...)
		}
		at += sizes[i]
	}
	// Goals.
	week0 := pejling.WeekMonday(g.today)
	from, later := week0-26*7, week0-7*7
	for _, t := range g.ops.Teams[len(g.ops.Teams)-countTeams(g.ops.Teams, m.code):] {
		est := g.teamEstimates(m, t, firstCase, week0)
		set := func(metric pejling.TeamMetric, target float64, fromWeek pejling.Date) {
			if metric.Share() {
				target = math.Min(1, math.Round(target*100)/100)
			} else if metric != pejling.MetricTurnoverSpeed {
				target = math.Max(1, math.Round(target))
			}
			g.ops.Goals = append(g.ops.Goals, GoalOf{Team: t.Name, SetBy: t.Members[0], Goal: pejling.TeamGoal{
				Municipality: m.code, Metric: metric, Target: target, Direction: pejling.AtLeast, FromWeek: fromWeek}})
		}
		factor := func() float64 { return []float64{.8, .9, 1.1, 1.25}[r.IntN(4)] }
		if f := factor(); est.activation >= .05 {
			set(pejling.MetricActivationRate, est.activation*f, from)
		} else {
			// The register has (almost) no activation in these weeks — it ends long
			// before them: the team's usual target, not one near nothing.
			set(pejling.MetricActivationRate, .25*f, from)
		}
		set(pejling.MetricOutflow, math.Max(1, est.caseload/100), from)
		set(pejling.MetricTurnoverSpeed, .01, from)
		// The employer-service goals only for a team that does that work (Team Unge's
		// case workers take no orders and visit no companies).
		if est.visits > 0 {
			set(pejling.MetricCompanyVisits, est.visits*factor(), from)
		}
		if est.orders > 0 {
			set(pejling.MetricOrdersHandled, est.orders*factor(), from)
			set(pejling.MetricServiceLevels, []float64{.75, .8, .85, .9}[r.IntN(4)], from)
			if r.Float64() < .6 { // tightened since
				set(pejling.MetricOrdersHandled, est.orders*1.2, later)
			}
		}
	}
}

func countTeams(ts []TeamOf, code int) int {
	n := 0
	for _, t := range ts {
		if t.Municipality == code {
			n++
		}
	}
	return n
}

// teamEstimate is what a team does, for setting goals near it.
type teamEstimate struct {
	caseload, activation, visits, orders float64
}

// teamEstimates measures the team t over the twelve weeks before week0: its visits and
// orders handled a week (as the board counts them), the caseload at week0 and its
// share in activation at the extract date.
func (g *opsGen) teamEstimates(m *opsMuniState, t TeamOf, firstCase int, week0 pejling.Date) teamEstimate {
	var e teamEstimate
	zone := g.policy.Calendar.Location()
	day := func(x time.Time) pejling.Date { return pejling.UTCDay(x.In(zone)) }
	start := week0 - 12*7
	for _, c := range g.ops.ContactLog {
		if c.Municipality == m.code && c.Channel == pejling.ContactByVisit && slices.Contains(t.Members, c.UserID) {
			if d := day(c.At); d >= start && d < week0 {
				e.visits++
			}
		}
	}
	for _, o := range g.ops.Orders {
		if o.Municipality != m.code {
			continue
		}
		weeks := map[pejling.Date]bool{}
		for _, ev := range o.History {
			if d := day(ev.At); slices.Contains(t.Members, ev.Actor) && d >= start && d < week0 {
				weeks[pejling.WeekMonday(d)] = true
			}
		}
		e.orders += float64(len(weeks))
	}
	e.visits, e.orders = e.visits/12, e.orders/12
	active := map[string]float64{}
	for _, p := range m.reg.onBenefit {
		active[p.id] = min(1, p.activeHours/37)
	}
	for _, a := range g.ops.Caseloads[firstCase:] {
		if slices.Contains(t.Members, a.UserID) && a.Covers(week0, week0+6) {
			e.caseload++
			e.activation += active[a.PersonID]
		}
	}
	if e.caseload > 0 {
		e.activation /= e.caseload
	}
	return e
}
