package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
)

// Reserving a place of a slot for a citizen, and confirming or releasing the
// reservation. The store decides who gets the last place (sqldb.ReserveSlot); the page
// only shows its answer: a refusal comes back as 409 with the store's message at the
// reserve form.

// A reservation is held unconfirmed for defaultHoldDays unless the case worker picks
// another number of days, 1–maxHoldDays (sqldb.MaxHold). Three days cover a weekend
// and leave the company time to say yes without blocking the place for a week.
const (
	defaultHoldDays = 3
	maxHoldDays     = 30
	maxReserveForm  = 4 << 10
)

// handleReserve reserves a place of the slot for the citizen named in the form.
func (s *Server) handleReserve(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := slotID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := slotPage{page: newPage(r, "slot.slottitle")}
	l := pg.Lang
	form, err := slotReadForm(w, r, maxReserveForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rf := &pg.Reserve
	person, ok1 := slotSingle(form, "person")
	days, ok2 := slotSingle(form, "days")
	rf.Person, rf.Days = person, days
	person = strings.TrimSpace(person)
	if !ok1 {
		rf.PersonErr = l.Pick("Angivet mere end én gang.", "Given more than once.")
	} else if err := pejling.ValidPersonID(person); err != nil {
		switch msg := pejling.ErrorMessage(err); {
		case strings.Contains(msg, "CPR"):
			// Not sent back: a CPR number must not travel further than it has.
			rf.PersonErr, rf.Person = pg.T("slot.err.cpr"), ""
		case person == "":
			rf.PersonErr = l.Pick("Skal udfyldes.", "Required.")
		default:
			rf.PersonErr = l.Pick("Et pseudonymt borger-id har højst 64 tegn: bogstaver A–Z, cifre og _ . : -", "A pseudonymous person id has at most 64 characters: letters A–Z, digits and _ . : -")
		}
	}
	hold := defaultHoldDays
	if !ok2 {
		rf.DaysErr = l.Pick("Angivet mere end én gang.", "Given more than once.")
	} else if d := strings.TrimSpace(days); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > maxHoldDays {
			rf.DaysErr = fmt.Sprintf(l.Pick("Mellem 1 og %d dage.", "Between 1 and %d days."), maxHoldDays)
		}
		hold = n
	}
	if rf.PersonErr != "" || rf.DaysErr != "" {
		s.showSlot(w, r, id, &pg, http.StatusBadRequest)
		return
	}
	res, err := s.Slots.ReserveSlot(r.Context(), u.Municipality, id, person, u.ID, s.now(), time.Duration(hold)*24*time.Hour)
	if err != nil {
		switch code := pejling.ErrorCode(err); code {
		case pejling.ECONFLICT, pejling.EINVALID:
			rf.Problem = pejling.ErrorMessage(err)
			s.showSlot(w, r, id, &pg, errorStatus[code])
		default:
			s.writeError(w, r, err)
		}
		return
	}
	if err := s.audit(r, pejling.AuditChange, person, fmt.Sprintf("slot %d: reservation %d held until %s", id, res.ID,
		res.ExpiresAt.Format(time.RFC3339)), slotPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobboers/"+strconv.FormatInt(id, 10)+"#reservationer", http.StatusSeeOther)
}

// handleConfirmReservation confirms a held reservation; an expired one is refused.
func (s *Server) handleConfirmReservation(w http.ResponseWriter, r *http.Request) {
	s.changeReservation(w, r, "confirm", func(m int, id int64) (*pejling.Reservation, error) {
		return s.Slots.ConfirmReservation(r.Context(), m, id, s.now())
	})
}

// handleReleaseReservation gives up a reservation, freeing its place.
func (s *Server) handleReleaseReservation(w http.ResponseWriter, r *http.Request) {
	s.changeReservation(w, r, "release", func(m int, id int64) (*pejling.Reservation, error) {
		return s.Slots.ReleaseReservation(r.Context(), m, id, s.now())
	})
}

// changeReservation runs a change of the reservation {rid} of the user's municipality
// and goes back to its slot; a refused change is shown there with 409.
func (s *Server) changeReservation(w http.ResponseWriter, r *http.Request, verb string, change func(int, int64) (*pejling.Reservation, error)) {
	u := who(r).User
	rid, err := slotID(r, "rid")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	cur, err := s.Slots.FindReservation(r.Context(), u.Municipality, rid)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := change(u.Municipality, rid)
	if err != nil {
		switch code := pejling.ErrorCode(err); code {
		case pejling.ECONFLICT, pejling.EINVALID:
			pg := slotPage{page: newPage(r, "slot.slottitle")}
			pg.Problem = pejling.ErrorMessage(err)
			s.showSlot(w, r, cur.SlotID, &pg, errorStatus[code])
		default:
			s.writeError(w, r, err)
		}
		return
	}
	if err := s.audit(r, pejling.AuditChange, res.PersonID, fmt.Sprintf("slot %d: %s reservation %d", res.SlotID, verb, res.ID), slotPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobboers/"+strconv.FormatInt(res.SlotID, 10)+"#reservationer", http.StatusSeeOther)
}
