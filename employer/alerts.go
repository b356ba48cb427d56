package employer

import (
	"cmp"
	"slices"
	"time"

	"github.com/pejling/pejling"
)

// Alerts: the open orders whose deadlines come soon, before they are overdue (Overdue
// lists those past a deadline). A service level warns when its remaining opening time
// is at most a quarter of its span, and at least MinAlertSpan: 6 opening hours before
// the 24-hour answer, 45 minutes before the hotline's 3-hour candidate. The closing
// rule warns UntouchedAlert (a calendar day) before an untouched order must be closed
// or renewed.

// Spans of the alerts.
const (
	MinAlertSpan   = 30 * time.Minute
	UntouchedAlert = 24 * time.Hour
)

// DueSoon is an open order with a deadline coming soon.
type DueSoon struct {
	Order pejling.JobOrder
	// Level is the service level whose deadline comes, or "" for the closing rule.
	Level    string
	Deadline time.Time
	// Left is the opening time left to a level's deadline, or the calendar time left to
	// the closing rule's.
	Left time.Duration
}

// AlertSpan is how long before a level's deadline DueSoon warns: a quarter of its
// span, at least MinAlertSpan.
func AlertSpan(l ServiceLevel) time.Duration { return max(l.Within/4, MinAlertSpan) }

// DueSoonOrders returns the alerts of the open orders at now, the soonest deadline first
// (ties by order id, then level). An order may have several.
func DueSoonOrders(orders []pejling.JobOrder, p *Policy, now time.Time) []DueSoon {
	var out []DueSoon
	for _, o := range orders {
		if !o.Open() {
			continue
		}
		for _, l := range p.Levels {
			if !l.AppliesTo(o) {
				continue
			}
			if c := clockOf(o, l, p.Calendar, now); c.State == LevelPending && c.Left <= AlertSpan(l) {
				out = append(out, DueSoon{Order: o, Level: l.Name, Deadline: c.Deadline, Left: c.Left})
			}
		}
		if d := p.UntouchedDeadline(o); !now.After(d) && d.Sub(now) <= UntouchedAlert {
			out = append(out, DueSoon{Order: o, Deadline: d, Left: d.Sub(now)})
		}
	}
	slices.SortFunc(out, func(a, b DueSoon) int {
		if c := a.Deadline.Compare(b.Deadline); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Order.ID, b.Order.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.Level, b.Level)
	})
	return out
}
