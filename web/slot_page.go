package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone of the times shown must load without a system zoneinfo

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// A slot's page, GET /jobboers/{id}: the slot with its expectation-setting notes, its
// edit form, its reservations and the form to reserve a place; POST /jobboers/{id}
// changes it.
//
// The reservations name citizens (pseudonymous ids), so the page writes a read record
// in the audit log for each citizen it shows, before showing them, with a fixed purpose
// (slotPurpose): the page is the case worker's tool for placing citizens, opened many
// times a day, and asking for a purpose each time would teach people to type nonsense.
// The record names the slot, so the citizen's log says where the id was seen.

// slotPurpose is the purpose recorded for the reads of the slot page.
const slotPurpose = "jobbørs: pladsens reservationer"

// maxShownEnded bounds the reservations listed that no longer take a place (the
// latest are shown); all that take one are listed.
const maxShownEnded = 20

type slotPage struct {
	page
	Slot        *pejling.Slot
	ID          string
	Type        string
	Company     string
	Hours       string
	Active      string
	Location    string
	Education   string
	Skills      string
	Capacity    int
	Free        int
	Inactive    bool
	Form        slotForm // the edit form
	Reserve     slotReserveForm
	Live, Ended []slotReservationRow
	// Problem is a refusal of a change of a reservation, shown above the list.
	Problem string
	Saved   string
}

// slotReserveForm is the form to reserve a place, as typed, with its problems.
type slotReserveForm struct {
	Person, Days         string
	PersonErr, DaysErr   string
	Problem              string
	DefaultDays, MaxDays int
}

// slotReservationRow is a reservation of the slot's list.
type slotReservationRow struct {
	ID, Person, Status, Reserved, Expires, Ended string
	Held                                         bool
	Confirmed                                    bool // offers making a placement of it
}

// slotID reads the {id} of the path: a positive number.
func slotID(r *http.Request, name string) (int64, error) {
	raw := r.PathValue(name)
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		return 0, pejling.Errorf(pejling.EINVALID, "%s %q is not a number", name, pejling.Clip(raw))
	}
	return id, nil
}

// handleSlot shows a slot of the user's municipality; another municipality's is not found.
func (s *Server) handleSlot(w http.ResponseWriter, r *http.Request) {
	id, err := slotID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := slotPage{page: newPage(r, "slot.slottitle")}
	if r.URL.Query().Get("saved") != "" {
		pg.Saved = pg.T("slot.saved")
	}
	s.showSlot(w, r, id, &pg, http.StatusOK)
}

// showSlot reads the slot and its reservations, audits the citizens it is about to
// show and writes the page with the status. The forms of pg are kept when filled.
func (s *Server) showSlot(w http.ResponseWriter, r *http.Request, id int64, pg *slotPage, status int) {
	u := who(r).User
	ctx := r.Context()
	slot, err := s.Slots.FindSlot(ctx, u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	rs, err := s.Slots.FindReservations(ctx, sqldb.ReservationFilter{Municipality: u.Municipality, SlotID: id, At: now})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	l := pg.Lang
	pg.Title = pg.T("slot.slottitle") + ": " + slot.Title
	pg.Slot, pg.ID = slot, strconv.FormatInt(id, 10)
	pg.Type = slotTypeName(l, slot.Type)
	pg.Company = (slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}).name(ctx, slot.CVR)
	pg.Hours, pg.Active, pg.Location = slotHours(l, slot.HoursPerWeek), slotActivePeriod(l, *slot), slotLatLonText(slot.Location)
	pg.Skills = strings.Join(slot.Skills, ", ")
	pg.Capacity, pg.Inactive = slot.Capacity, !slot.ActiveOn(pejling.UTCDay(now))
	ef := slotFormOf(slot)
	pg.Education = ef.Educations(l)[slot.MinEducation].Label
	if pg.Form.Values == nil {
		pg.Form = ef
	}
	if pg.Reserve.Days == "" {
		pg.Reserve.Days = strconv.Itoa(defaultHoldDays)
	}
	pg.Reserve.DefaultDays, pg.Reserve.MaxDays = defaultHoldDays, maxHoldDays
	taken := 0
	var ended []pejling.Reservation
	for _, res := range rs {
		if res.Takes(now) {
			taken++
			pg.Live = append(pg.Live, slotRowOf(pg, res))
		} else {
			ended = append(ended, res)
		}
	}
	if len(ended) > maxShownEnded {
		ended = ended[len(ended)-maxShownEnded:]
	}
	for i := len(ended) - 1; i >= 0; i-- {
		pg.Ended = append(pg.Ended, slotRowOf(pg, ended[i]))
	}
	pg.Free = max(0, slot.Capacity-taken)
	shown := map[string]bool{}
	for _, rows := range [][]slotReservationRow{pg.Live, pg.Ended} {
		for _, row := range rows {
			if shown[row.Person] {
				continue
			}
			shown[row.Person] = true
			if err := s.audit(r, pejling.AuditRead, row.Person, fmt.Sprintf("slot %d (reservation %s)", id, row.ID), slotPurpose); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
	}
	s.renderStatus(w, r, "slot", pg, status)
}

// slotZone is the zone the times of reservations are shown in: the job centres'.
var slotZone = func() *time.Location {
	if z, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return z
	}
	return time.UTC
}()

// slotTime writes a time of a reservation in Danish local time.
func slotTime(t time.Time) string { return t.In(slotZone).Format("2006-01-02 15:04") }

func slotRowOf(pg *slotPage, r pejling.Reservation) slotReservationRow {
	row := slotReservationRow{ID: strconv.FormatInt(r.ID, 10), Person: r.PersonID, Status: pg.T("slot.status." + string(r.Status)),
		Reserved: slotTime(r.ReservedAt), Expires: slotTime(r.ExpiresAt), Held: r.Status == pejling.ReservationHeld,
		Confirmed: r.Status == pejling.ReservationConfirmed}
	switch {
	case r.Status == pejling.ReservationConfirmed && !r.ConfirmedAt.IsZero():
		row.Ended, row.Expires = slotTime(r.ConfirmedAt), ""
	case !r.EndedAt.IsZero():
		row.Ended = slotTime(r.EndedAt)
	}
	return row
}

// handleSlotUpdate changes a slot from its edit form, if the slot is still the version
// the form was made from; otherwise 409 and nothing is changed.
func (s *Server) handleSlotUpdate(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := slotID(r, "id")
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := slotPage{page: newPage(r, "slot.slottitle")}
	form, err := slotReadForm(w, r, maxSlotForm)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f, v, version := parseSlotForm(pg.Lang, form, u.Municipality, true)
	pg.Form = f
	if e := f.Err(sfCVR); e != "" && f.Problem == "" {
		pg.Form.Problem = e // the CVR number is a hidden field of the edit form
	}
	if !f.ok() {
		s.showSlot(w, r, id, &pg, http.StatusBadRequest)
		return
	}
	upd := sqldb.SlotUpdate{Version: version, Type: &v.Type, Title: &v.Title, Occupation: &v.Occupation,
		Description: &v.Description, Address: &v.Address, Location: &v.Location, HoursPerWeek: &v.HoursPerWeek,
		Requirements: &v.Requirements, Skills: &v.Skills, MinEducation: &v.MinEducation, DrivingLicence: &v.DrivingLicence,
		Expectations: &v.Expectations, Capacity: &v.Capacity, ActiveFrom: &v.ActiveFrom, ActiveTo: &v.ActiveTo}
	if v.CVR != "" {
		// The company of a slot is not changed: a slot at another company is a new slot.
		if cur, err := s.Slots.FindSlot(r.Context(), u.Municipality, id); err == nil && cur.CVR != v.CVR {
			pg.Form.Errors[sfCVR], pg.Form.Problem = pg.T("slot.cvrfixed"), pg.T("slot.cvrfixed")
			s.showSlot(w, r, id, &pg, http.StatusBadRequest)
			return
		}
	}
	if _, err := s.Slots.UpdateSlot(r.Context(), u.Municipality, id, upd); err != nil {
		switch pejling.ErrorCode(err) {
		case pejling.ECONFLICT:
			msg := pejling.ErrorMessage(err)
			if strings.Contains(msg, "changed by someone else") {
				msg = pg.T("slot.conflict")
			}
			pg.Form.Problem = msg
			s.showSlot(w, r, id, &pg, http.StatusConflict)
		case pejling.EINVALID:
			pg.Form.Problem = pejling.ErrorMessage(err)
			s.showSlot(w, r, id, &pg, http.StatusBadRequest)
		default:
			s.writeError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, "/jobboers/"+strconv.FormatInt(id, 10)+"?saved=1", http.StatusSeeOther)
}
