package employer

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// Bounds of the text of an order.
const (
	MaxOrderTitleLen = 200
	MaxOrderNoteLen  = 2000
)

var cvrPattern = regexp.MustCompile(`^[0-9]{8}$`)

// NewOrder validates a new job order taken by actor at now and returns it with status
// new, version 1, its timestamps and the created event. Of o it reads CVR, Title, Kind,
// Scheme, Channel, Owner, Team, Requirements and Municipality; an Owner of 0 makes the actor the
// owner. Bad fields fail with EINVALID naming the field.
func NewOrder(o pejling.JobOrder, actor int64, now time.Time) (pejling.JobOrder, error) {
	switch {
	case actor <= 0:
		return o, pejling.Errorf(pejling.EINVALID, "an order needs a user who takes it")
	case !cvrPattern.MatchString(o.CVR):
		return o, pejling.Errorf(pejling.EINVALID, "CVR number %q is not 8 digits", pejling.Clip(o.CVR))
	case strings.TrimSpace(o.Title) == "":
		return o, pejling.Errorf(pejling.EINVALID, "the order needs a title saying what the employer asks for")
	case len([]rune(o.Title)) > MaxOrderTitleLen:
		return o, pejling.Errorf(pejling.EINVALID, "the title is longer than %d characters", MaxOrderTitleLen)
	case !o.Kind.Valid():
		return o, pejling.Errorf(pejling.EINVALID, "unknown order kind %q: use ordinary or supported", pejling.Clip(string(o.Kind)))
	case o.Kind == pejling.OrderOrdinary && o.Scheme != "":
		return o, pejling.Errorf(pejling.EINVALID, "an ordinary order has no support scheme")
	case o.Kind == pejling.OrderSupported && !o.Scheme.Valid():
		return o, pejling.Errorf(pejling.EINVALID, "a supported order needs a scheme: loentilskud, flexjob, saerlige_vilkaar or other")
	case !o.Channel.Valid():
		return o, pejling.Errorf(pejling.EINVALID, "unknown channel %q: use normal or hotline", pejling.Clip(string(o.Channel)))
	case o.Owner < 0:
		return o, pejling.Errorf(pejling.EINVALID, "owner %d is not a user", o.Owner)
	}
	if err := o.Requirements.Validate(); err != nil {
		return o, err
	}
	if o.Owner == 0 {
		o.Owner = actor
	}
	o.Status = pejling.OrderNew
	o.ClosingReason, o.ClosingNote = "", ""
	o.CreatedAt, o.TouchedAt = now, now
	o.AcknowledgedAt, o.CandidatesSentAt, o.ClosedAt = time.Time{}, time.Time{}, time.Time{}
	o.Version = 1
	o.History = []pejling.OrderEvent{{Type: pejling.OrderCreated, At: now, Actor: actor}}
	return o, nil
}

// Transition applies the event ev, asked for by the user actor at now, to the order o
// and returns the changed order with ev (Type, Reason, Note) added to its history and
// its Version one higher. The allowed transitions:
//
//	acknowledged     new → acknowledged
//	candidates_sent  new, acknowledged, candidates_sent → candidates_sent (also acknowledges)
//	filled           candidates_sent → filled
//	closed           new, acknowledged, candidates_sent → closed_unfilled, with a reason
//	renewed          any open status, unchanged; restarts the untouched clock
//
// Anything else is refused: ECONFLICT when the order's status does not allow it ("a
// filled order cannot be closed"), EINVALID for a bad event (no reason, unknown type, a
// time before the order's latest event). An edited event is EditOrder's. o itself is
// never changed.
func Transition(o pejling.JobOrder, ev pejling.OrderEvent, actor int64, now time.Time) (pejling.JobOrder, error) {
	if err := checkEvent(o, ev, actor, now); err != nil {
		return o, err
	}
	if ev.Type == pejling.OrderEdit {
		return o, pejling.Errorf(pejling.EINVALID, "the requirements of an order are changed by EditOrder")
	}
	if err := allowed(o.Status, ev.Type); err != nil {
		return o, err
	}
	n := o
	n.History = append(slices.Clip(o.History), pejling.OrderEvent{Type: ev.Type, At: now, Actor: actor, Reason: ev.Reason, Note: ev.Note})
	n.TouchedAt = now
	n.Version = o.Version + 1
	switch ev.Type {
	case pejling.OrderAcknowledge:
		n.Status, n.AcknowledgedAt = pejling.OrderAcknowledged, now
	case pejling.OrderSendCandidates:
		n.Status = pejling.OrderCandidatesSent
		if n.AcknowledgedAt.IsZero() {
			n.AcknowledgedAt = now
		}
		if n.CandidatesSentAt.IsZero() {
			n.CandidatesSentAt = now
		}
	case pejling.OrderFill:
		n.Status, n.ClosedAt = pejling.OrderFilled, now
	case pejling.OrderClose:
		n.Status, n.ClosedAt = pejling.OrderClosedUnfilled, now
		n.ClosingReason, n.ClosingNote = ev.Reason, ev.Note
	}
	return n, nil
}

// EditOrder replaces the requirements of the open order o with req, as the user actor
// asks at now, and returns the changed order with an edited event (note: what the user
// wrote) and its Version one higher; like a renewal it restarts the untouched clock.
// A filled or closed order is refused with ECONFLICT, bad requirements with EINVALID
// naming the field. o itself is never changed.
func EditOrder(o pejling.JobOrder, req pejling.OrderRequirements, note string, actor int64, now time.Time) (pejling.JobOrder, error) {
	ev := pejling.OrderEvent{Type: pejling.OrderEdit, Note: note}
	if err := checkEvent(o, ev, actor, now); err != nil {
		return o, err
	}
	if err := allowed(o.Status, ev.Type); err != nil {
		return o, err
	}
	if err := req.Validate(); err != nil {
		return o, err
	}
	n := o
	n.Requirements = req
	n.Requirements.Skills = slices.Clone(req.Skills)
	n.History = append(slices.Clip(o.History), pejling.OrderEvent{Type: ev.Type, At: now, Actor: actor, Note: note})
	n.TouchedAt = now
	n.Version = o.Version + 1
	return n, nil
}

// checkEvent refuses an event that is bad whatever the order's status.
func checkEvent(o pejling.JobOrder, ev pejling.OrderEvent, actor int64, now time.Time) error {
	switch {
	case actor <= 0:
		return pejling.Errorf(pejling.EINVALID, "a change of an order needs the user who makes it")
	case ev.Type == pejling.OrderCreated:
		return pejling.Errorf(pejling.EINVALID, "an order is created once: use a new order")
	case !ev.Type.Valid():
		return pejling.Errorf(pejling.EINVALID, "unknown order event %q: use acknowledged, candidates_sent, filled, closed, renewed or edited", pejling.Clip(string(ev.Type)))
	case !o.Status.Valid():
		return pejling.Errorf(pejling.EINVALID, "the order has an unknown status %q", pejling.Clip(string(o.Status)))
	case now.Before(o.TouchedAt):
		return pejling.Errorf(pejling.EINVALID, "the change is dated %s, before the order's latest event (%s)", now.Format(time.RFC3339), o.TouchedAt.Format(time.RFC3339))
	case len([]rune(ev.Note)) > MaxOrderNoteLen:
		return pejling.Errorf(pejling.EINVALID, "the note is longer than %d characters", MaxOrderNoteLen)
	case ev.Type != pejling.OrderClose && ev.Reason != "":
		return pejling.Errorf(pejling.EINVALID, "only closing an order takes a closing reason")
	case ev.Type == pejling.OrderClose && ev.Reason == "":
		return pejling.Errorf(pejling.EINVALID, "closing unfilled needs a reason")
	case ev.Type == pejling.OrderClose && !ev.Reason.Valid():
		return pejling.Errorf(pejling.EINVALID, "unknown closing reason %q: use withdrawn, filled_elsewhere, no_candidates, unanswered or other", pejling.Clip(string(ev.Reason)))
	case ev.Reason == pejling.ReasonOther && strings.TrimSpace(ev.Note) == "":
		return pejling.Errorf(pejling.EINVALID, "closing for another reason needs a note saying which")
	}
	return nil
}

// allowed refuses, with ECONFLICT, an event the status does not allow.
func allowed(s pejling.OrderStatus, t pejling.OrderEventType) error {
	refuse := func(msg string) error { return pejling.Errorf(pejling.ECONFLICT, "%s", msg) }
	switch s {
	case pejling.OrderFilled:
		switch t {
		case pejling.OrderClose:
			return refuse("a filled order cannot be closed")
		case pejling.OrderFill:
			return refuse("the order is already filled")
		case pejling.OrderRenew:
			return refuse("a filled order cannot be renewed: take a new order")
		case pejling.OrderEdit:
			return refuse("a filled order cannot be edited")
		}
		return refuse("the order is filled: it can no longer be changed")
	case pejling.OrderClosedUnfilled:
		switch t {
		case pejling.OrderClose:
			return refuse("the order is already closed")
		case pejling.OrderFill:
			return refuse("a closed order cannot be filled")
		case pejling.OrderRenew:
			return refuse("a closed order cannot be renewed: take a new order")
		case pejling.OrderEdit:
			return refuse("a closed order cannot be edited")
		}
		return refuse("the order is closed: it can no longer be changed")
	}
	switch t {
	case pejling.OrderAcknowledge:
		if s != pejling.OrderNew {
			return refuse("the order is already acknowledged")
		}
	case pejling.OrderFill:
		if s != pejling.OrderCandidatesSent {
			return refuse("an order can be filled only after candidates were sent")
		}
	}
	return nil
}

// OverdueReason is why an order is on the overdue list.
type OverdueReason struct {
	Level    string    // the missed service level, or "" for the closing rule
	Deadline time.Time // the passed deadline
	Message  string    // e.g. "acknowledged: deadline passed" or "must be closed or renewed"
}

// OverdueOrder is an open order past a deadline.
type OverdueOrder struct {
	Order   pejling.JobOrder
	Reasons []OverdueReason // earliest deadline first
}

// Overdue returns the open orders that at now are past a service level's deadline
// without its event, or untouched past the closing rule ("must be closed or renewed"),
// the most overdue (earliest passed deadline) first. A level met late is no longer
// overdue: it shows in the service-level shares instead.
func Overdue(orders []pejling.JobOrder, p *Policy, now time.Time) []OverdueOrder {
	var out []OverdueOrder
	for _, o := range orders {
		if !o.Open() {
			continue
		}
		var rs []OverdueReason
		for _, c := range Clocks(o, p, now) {
			if c.State == LevelMissed && c.At.IsZero() {
				rs = append(rs, OverdueReason{Level: c.Level, Deadline: c.Deadline, Message: c.Level + ": deadline passed"})
			}
		}
		if d := p.UntouchedDeadline(o); now.After(d) {
			rs = append(rs, OverdueReason{Deadline: d, Message: "must be closed or renewed"})
		}
		if len(rs) > 0 {
			slices.SortStableFunc(rs, func(a, b OverdueReason) int { return a.Deadline.Compare(b.Deadline) })
			out = append(out, OverdueOrder{Order: o, Reasons: rs})
		}
	}
	slices.SortStableFunc(out, func(a, b OverdueOrder) int {
		return cmp.Or(a.Reasons[0].Deadline.Compare(b.Reasons[0].Deadline), cmp.Compare(a.Order.ID, b.Order.ID))
	})
	return out
}

// GroupBy is what ServiceLevelShares groups orders by.
type GroupBy int

// The groupings of ServiceLevelShares.
const (
	ByTeam  GroupBy = iota // the order's team
	ByOwner                // the order's owner (consultant)
)

// LevelShare counts the orders of one team or consultant against one service level.
type LevelShare struct {
	Team  string // ByTeam
	Owner int64  // ByOwner
	Level string
	Met   int
	// Missed counts orders whose level was missed; Pending and Void ones (see
	// LevelState) are counted apart and are not in the share.
	Missed, Pending, Void int
}

// N is the number of orders the share is of: those decided, met or missed.
func (s LevelShare) N() int { return s.Met + s.Missed }

// Share is the share of the decided orders that met the level, Met / (Met + Missed),
// and NaN when none is decided.
func (s LevelShare) Share() float64 {
	if s.N() == 0 {
		return math.NaN()
	}
	return float64(s.Met) / float64(s.N())
}

// ServiceLevelShares counts, per team or per owner (by) and per service level of p, the
// orders meeting and missing the level at now, from the orders' clocks. An order counts
// only for the levels that apply to it. The result is ordered by team or owner, then by
// the policy's order of levels; a group has a row for a level only if some order of it
// has that level.
func ServiceLevelShares(orders []pejling.JobOrder, p *Policy, now time.Time, by GroupBy) []LevelShare {
	type key struct {
		team  string
		owner int64
		level string
	}
	rows := map[key]*LevelShare{}
	rank := map[string]int{}
	for i, l := range p.Levels {
		rank[l.Name] = i
	}
	for _, o := range orders {
		k := key{}
		switch by {
		case ByTeam:
			k.team = o.Team
		case ByOwner:
			k.owner = o.Owner
		default:
			panic("employer: ServiceLevelShares: unknown GroupBy")
		}
		for _, c := range Clocks(o, p, now) {
			k.level = c.Level
			r := rows[k]
			if r == nil {
				r = &LevelShare{Team: k.team, Owner: k.owner, Level: c.Level}
				rows[k] = r
			}
			switch c.State {
			case LevelMet:
				r.Met++
			case LevelMissed:
				r.Missed++
			case LevelPending:
				r.Pending++
			case LevelVoid:
				r.Void++
			}
		}
	}
	out := make([]LevelShare, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b LevelShare) int {
		return cmp.Or(strings.Compare(a.Team, b.Team), cmp.Compare(a.Owner, b.Owner), cmp.Compare(rank[a.Level], rank[b.Level]))
	})
	return out
}
