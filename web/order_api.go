package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// The JSON API of job orders (issue 8): the same rules as the pages (employer.NewOrder,
// employer.ChangeOrder with the version seen, the service-level clocks of the policy in
// force in the municipality), PersonData and scoped to the user's municipality.

// apiOrder is a job order in the API.
type apiOrder struct {
	ID               int64           `json:"id"`
	CVR              string          `json:"cvr"`
	Title            string          `json:"title"`
	Kind             string          `json:"kind"`
	Scheme           string          `json:"scheme"`
	Channel          string          `json:"channel"`
	Owner            int64           `json:"owner_id"`
	Team             string          `json:"team"`
	Status           string          `json:"status"`
	ClosingReason    string          `json:"closing_reason"`
	ClosingNote      string          `json:"closing_note"`
	CreatedAt        apiTime         `json:"created_at"`
	AcknowledgedAt   apiTime         `json:"acknowledged_at"`
	CandidatesSentAt apiTime         `json:"candidates_sent_at"`
	ClosedAt         apiTime         `json:"closed_at"`
	TouchedAt        apiTime         `json:"touched_at"`
	UntouchedBy      apiTime         `json:"untouched_deadline"`
	Version          int             `json:"version"`
	Clocks           []apiClock      `json:"clocks"`
	Requirements     apiRequirements `json:"requirements"`
	History          []apiOrderEvent `json:"history,omitempty"`
}

// apiClock is a service-level clock of an order (employer.Clock).
type apiClock struct {
	Level       string  `json:"level"`
	State       string  `json:"state"`
	Deadline    apiTime `json:"deadline"`
	At          apiTime `json:"at"`
	LateMinutes int     `json:"late_minutes"`
	LeftMinutes int     `json:"left_minutes"`
}

type apiOrderEvent struct {
	Type   string  `json:"type"`
	At     apiTime `json:"at"`
	Actor  int64   `json:"actor_id"`
	Reason string  `json:"reason,omitempty"`
	Note   string  `json:"note,omitempty"`
}

func apiOrderOf(o pejling.JobOrder, p *employer.Policy, now time.Time, history bool) apiOrder {
	a := apiOrder{ID: o.ID, CVR: o.CVR, Title: o.Title, Kind: string(o.Kind), Scheme: string(o.Scheme), Channel: string(o.Channel),
		Owner: o.Owner, Team: o.Team, Status: string(o.Status), ClosingReason: string(o.ClosingReason), ClosingNote: o.ClosingNote,
		CreatedAt: apiTime(o.CreatedAt), AcknowledgedAt: apiTime(o.AcknowledgedAt), CandidatesSentAt: apiTime(o.CandidatesSentAt),
		ClosedAt: apiTime(o.ClosedAt), TouchedAt: apiTime(o.TouchedAt), Version: o.Version, Clocks: []apiClock{},
		Requirements: apiRequirementsOf(o.Requirements)}
	if o.Open() {
		a.UntouchedBy = apiTime(p.UntouchedDeadline(o))
	}
	for _, c := range employer.Clocks(o, p, now) {
		a.Clocks = append(a.Clocks, apiClock{Level: c.Level, State: string(c.State), Deadline: apiTime(c.Deadline), At: apiTime(c.At),
			LateMinutes: int(c.Late / time.Minute), LeftMinutes: int(c.Left / time.Minute)})
	}
	if history {
		for _, e := range o.History {
			a.History = append(a.History, apiOrderEvent{Type: string(e.Type), At: apiTime(e.At), Actor: e.Actor, Reason: string(e.Reason), Note: e.Note})
		}
	}
	return a
}

var orderListParams = []string{"status", "owner", "team", "cvr"}

// handleAPIOrders lists the municipality's orders the filters select (the page's
// filters, and a company's CVR), with their clocks.
func (s *Server) handleAPIOrders(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r, orderListParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	status, owner, team, cvr := q.Get("status"), q.Get("owner"), strings.TrimSpace(q.Get("team")), q.Get("cvr")
	if status == "" {
		status = "open"
	}
	switch {
	case status != "open" && status != "all" && !pejling.OrderStatus(status).Valid():
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "status: %q; use open, all, new, acknowledged, candidates_sent, filled or closed_unfilled", pejling.Clip(status)))
		return
	case owner != "" && owner != "me":
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "owner: %q; use me or leave it out", pejling.Clip(owner)))
		return
	case orderTeamProblem(team) != nil:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "team: %s", pejling.ErrorMessage(orderTeamProblem(team))))
		return
	case cvr != "" && pejling.ValidCVR(cvr) != nil:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "cvr: %q is not 8 digits", pejling.Clip(cvr)))
		return
	}
	openOnly := status == "open" || (status != "all" && !pejling.OrderStatus(status).Final())
	orders, err := s.Orders.FindJobOrdersOf(r.Context(), u.Municipality, openOnly)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pol, _, err := s.orderPolicyOf(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	out := []apiOrder{}
	for _, o := range orders {
		switch {
		case status != "open" && status != "all" && string(o.Status) != status,
			owner == "me" && o.Owner != u.ID,
			team != "" && o.Team != team,
			cvr != "" && o.CVR != cvr:
			continue
		}
		out = append(out, apiOrderOf(o, pol, now, false))
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"orders": out})
}

// handleAPIOrder answers one order of the municipality with its clocks and history.
func (s *Server) handleAPIOrder(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	o, err := s.Orders.FindJobOrder(r.Context(), u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAPIOrder(w, r, http.StatusOK, o)
}

// writeAPIOrder answers the order with its clocks (the municipality's policy in force)
// and history.
func (s *Server) writeAPIOrder(w http.ResponseWriter, r *http.Request, status int, o pejling.JobOrder) {
	pol, _, err := s.orderPolicyOf(r.Context(), o.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, status, map[string]any{"order": apiOrderOf(o, pol, s.now(), true)})
}

// apiOrderRequest is the body of POST /api/v1/orders.
type apiOrderRequest struct {
	CVR     string `json:"cvr"`
	Title   string `json:"title"`
	Kind    string `json:"kind"`
	Scheme  string `json:"scheme"`
	Channel string `json:"channel"`
	Owner   int64  `json:"owner_id"`
	Team    string `json:"team"`
}

// handleAPIOrderCreate takes a new order (employer.NewOrder's rules) and answers 201
// with it; a refusal names the field and stores nothing.
func (s *Server) handleAPIOrderCreate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiOrderRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	o := pejling.JobOrder{Municipality: u.Municipality, CVR: strings.TrimSpace(req.CVR), Title: strings.TrimSpace(req.Title),
		Kind: pejling.OrderKind(req.Kind), Scheme: pejling.SupportScheme(req.Scheme), Channel: pejling.OrderChannel(req.Channel),
		Team: strings.TrimSpace(req.Team), Owner: req.Owner}
	if err := orderTeamProblem(o.Team); err != nil {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "team: %s", pejling.ErrorMessage(err)))
		return
	}
	if o.Owner != 0 {
		v, err := s.orderView(r, "")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if !slices.ContainsFunc(v.Staff, func(u pejling.User) bool { return u.ID == o.Owner }) {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "owner_id: %d is not an active user of your municipality", o.Owner))
			return
		}
	}
	n, err := employer.NewOrder(o, u.ID, s.now())
	if err != nil {
		field := orderFaultField(o)
		if field == "owner" {
			field = "owner_id"
		}
		s.writeError(w, r, pejling.Errorf(pejling.ErrorCode(err), "%s: %s", field, pejling.ErrorMessage(err)))
		return
	}
	if err := s.Orders.CreateJobOrder(r.Context(), &n); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/orders/"+itoa64(n.ID))
	s.writeAPIOrder(w, r, http.StatusCreated, n)
}

// apiOrderEventRequest is the body of POST /api/v1/orders/{id}/events.
type apiOrderEventRequest struct {
	Version int    `json:"version"`
	Event   string `json:"event"`
	Reason  string `json:"reason"`
	Note    string `json:"note"`
}

// handleAPIOrderEvent applies a change to the order as the caller saw it (its
// version), by employer.ChangeOrder: 200 with the order; 409 when the order changed
// since (conflict: true) or the status does not allow the change; 400 for a bad body.
func (s *Server) handleAPIOrderEvent(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, err := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiOrderEventRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	if req.Version < 1 {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "version: required, the version of the order you saw"))
		return
	}
	ev := pejling.OrderEvent{Type: pejling.OrderEventType(req.Event), Reason: pejling.ClosingReason(req.Reason), Note: req.Note}
	if !ev.Type.Valid() || ev.Type == pejling.OrderCreated {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "event: %q; use acknowledged, candidates_sent, filled, closed or renewed", pejling.Clip(req.Event)))
		return
	}
	o, err := employer.ChangeOrder(r.Context(), s.Orders, u.Municipality, id, req.Version, ev, u.ID, s.now())
	if pejling.ErrorCode(err) == pejling.ECONFLICT {
		if cur, ferr := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); ferr == nil && cur.Version != req.Version {
			writeJSONStatus(w, http.StatusConflict, map[string]any{"error": "version: the order was changed by a colleague since version " +
				itoa64(int64(req.Version)) + "; read it again and retry", "conflict": true, "version": cur.Version})
			return
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAPIOrder(w, r, http.StatusOK, o)
}
