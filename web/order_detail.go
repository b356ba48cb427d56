package web

import (
	"net/http"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// One job order: its clocks, its history, and buttons for the changes its status
// allows (employer.Transition decides which); each posts the version the user saw, so
// that a colleague's change in between is refused rather than overwritten.

type orderPage struct {
	page
	Order        orderRow
	Scheme       string
	Version      int
	Closing      string // the reason (and note) of an order closed unfilled
	UntouchedBy  string // an open order's closing-rule deadline
	Overdue      []string
	History      []orderEventRow
	Actions      []orderAction // the allowed changes but closing
	CanClose     bool
	Reasons      []option
	Reason, Note string // a refused closing, as typed
	Problem      string
	Conflict     bool // the problem is a colleague's change: reload
	// Req shows what the order asks of a candidate; ReqForm edits it (ReqOpen: the form
	// is shown open, after a refused edit); CanEdit says whether the order is open.
	Req     orderReqView
	ReqForm orderReqForm
	ReqOpen bool
	CanEdit bool
}

type orderEventRow struct {
	At, What, Actor, Reason, Note string
}

type orderAction struct {
	Event, Label string
}

func (p *orderPage) setProblem(m string) { p.Problem = m }

// orderID reads the {id} of the path: a positive number.
func orderID(r *http.Request) (int64, error) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, pejling.Errorf(pejling.EINVALID, "id %q is not an order number", pejling.Clip(s))
	}
	return id, nil
}

// handleOrder shows one order of the user's municipality.
func (s *Server) handleOrder(w http.ResponseWriter, r *http.Request) {
	id, err := orderID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := orderPage{page: newPage(r, "ord.order")}
	if err := s.fillOrder(r, &pg, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.render(w, r, "order", pg)
}

// fillOrder reads the order id of the user's municipality into pg.
func (s *Server) fillOrder(r *http.Request, pg *orderPage, id int64) error {
	v, err := s.orderView(r, pg.Lang)
	if err != nil {
		return err
	}
	o, err := s.Orders.FindJobOrder(r.Context(), v.User.Municipality, id)
	if err != nil {
		return err
	}
	l := pg.Lang
	pg.Order, pg.Version = v.row(o), o.Version
	pg.Req, pg.ReqForm, pg.CanEdit = orderReqViewOf(l, o.Requirements), orderReqFormOf(o.Requirements), o.Open()
	pg.Title = message(l, "ord.order") + " " + strconv.FormatInt(o.ID, 10) + " · " + o.Title
	if o.Status == pejling.OrderClosedUnfilled {
		pg.Closing = message(l, "ord.reason."+string(o.ClosingReason))
		if o.ClosingNote != "" {
			pg.Closing += ": " + o.ClosingNote
		}
	}
	if o.Open() {
		pg.UntouchedBy = v.time(v.Policy.UntouchedDeadline(o))
		if od := v.overdue([]pejling.JobOrder{o}); len(od) > 0 {
			pg.Overdue = od[0].Reasons
		}
	}
	for _, e := range o.History {
		row := orderEventRow{At: v.time(e.At), What: message(l, "ord.event."+string(e.Type)), Actor: v.name(e.Actor), Note: e.Note}
		if e.Reason != "" {
			row.Reason = message(l, "ord.reason."+string(e.Reason))
		}
		pg.History = append(pg.History, row)
	}
	// The buttons are the changes Transition would allow now: the state machine is
	// the one rule, here and when the change is posted.
	for _, t := range []pejling.OrderEventType{pejling.OrderAcknowledge, pejling.OrderSendCandidates, pejling.OrderFill, pejling.OrderRenew} {
		if _, err := employer.Transition(o, pejling.OrderEvent{Type: t}, v.User.ID, v.Now); err == nil {
			pg.Actions = append(pg.Actions, orderAction{string(t), message(l, "ord.do."+string(t))})
		}
	}
	_, err = employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, v.User.ID, v.Now)
	pg.CanClose = err == nil
	pg.Reasons = []option{{"", "–", pg.Reason == ""}}
	for _, rs := range []pejling.ClosingReason{pejling.ReasonWithdrawn, pejling.ReasonFilledElsewhere, pejling.ReasonNoCandidates, pejling.ReasonUnanswered, pejling.ReasonOther} {
		pg.Reasons = append(pg.Reasons, option{string(rs), message(l, "ord.reason."+string(rs)), pg.Reason == string(rs)})
	}
	return nil
}

// handleOrderEvent applies a change to the order as the user saw it (employer.ChangeOrder)
// and shows the order again: 303 when stored; 409 with the state machine's message when
// the status does not allow it, or "changed by a colleague" when the order is no
// longer at the version posted; 400 for a bad form. Nothing is stored on a refusal.
func (s *Server) handleOrderEvent(w http.ResponseWriter, r *http.Request) {
	id, err := orderID(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := orderPage{page: newPage(r, "ord.order")}
	u := who(r).User
	refuse := func(err error) {
		if ferr := s.fillOrder(r, &pg, id); ferr != nil {
			s.writeError(w, r, ferr)
			return
		}
		s.orderProblem(w, r, "order", &pg, err)
	}
	// The order must be the user's municipality's before anything about the form is
	// said: another municipality's order is not found, whatever was posted.
	if _, err := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxOrderForm)
	if err := r.ParseForm(); err != nil {
		refuse(pejling.Errorf(pejling.EINVALID, "the form could not be read (at most %d KB): %s", maxOrderForm>>10, pejling.Clip(err.Error())))
		return
	}
	pf := r.PostForm
	pg.Reason, pg.Note = pf.Get("reason"), pf.Get("note")
	if err := orderSingle(pf, "version", "event", "reason", "note"); err != nil {
		refuse(err)
		return
	}
	seen, err := strconv.Atoi(pf.Get("version"))
	if err != nil || seen < 1 {
		refuse(pejling.Errorf(pejling.EINVALID, "version %q: reload the order and try again", pejling.Clip(pf.Get("version"))))
		return
	}
	ev := pejling.OrderEvent{Type: pejling.OrderEventType(pf.Get("event")), Reason: pejling.ClosingReason(pg.Reason), Note: pg.Note}
	if !ev.Type.Valid() || ev.Type == pejling.OrderCreated {
		refuse(pejling.Errorf(pejling.EINVALID, "event %q: use acknowledged, candidates_sent, filled, closed or renewed", pejling.Clip(string(ev.Type))))
		return
	}
	_, err = employer.ChangeOrder(r.Context(), s.Orders, u.Municipality, id, seen, ev, u.ID, s.now())
	if pejling.ErrorCode(err) == pejling.ECONFLICT {
		// A colleague's change (the version moved, here or in the store's check) or a
		// change the status does not allow: the order as it is now tells which.
		if cur, ferr := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); ferr == nil && cur.Version != seen {
			pg.Conflict = true
			err = pejling.Errorf(pejling.ECONFLICT, "%s", message(pg.Lang, "ord.conflict"))
		}
	}
	if err != nil {
		refuse(err)
		return
	}
	http.Redirect(w, r, "/ordrer/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
