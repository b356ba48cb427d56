package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// The JSON API of what job orders ask of candidates, their best candidates, the
// service-level policy in force and the orders' deadlines (issue 8), with the pages'
// rules: parseOrderRequirements and employer.ChangeOrderRequirements for the
// requirements, orderCandidates (audited) for the candidates, saveOrderPolicy/
// resetOrderPolicy (checked by employer.LoadPolicy, audited) for the policy, and
// employer.DueSoonOrders/Overdue with the policy in force for the alerts.

// apiRequirements is what an order asks of a candidate (pejling.OrderRequirements).
type apiRequirements struct {
	Occupation     string   `json:"occupation"`
	Skills         []string `json:"skills"`
	MinEducation   int      `json:"min_education"`
	DrivingLicence bool     `json:"driving_licence"`
	Address        string   `json:"address"`
	Lat            *float64 `json:"lat"`
	Lon            *float64 `json:"lon"`
	HoursMin       *float64 `json:"hours_min"`
	HoursMax       *float64 `json:"hours_max"`
	Matchable      bool     `json:"matchable"`
}

func apiRequirementsOf(r pejling.OrderRequirements) apiRequirements {
	a := apiRequirements{Occupation: r.Occupation, Skills: append([]string{}, r.Skills...), MinEducation: r.MinEducation,
		DrivingLicence: r.DrivingLicence, Address: r.Address, Matchable: r.Matchable()}
	if r.HasLocation {
		lat, lon := r.Location.Lat, r.Location.Lon
		a.Lat, a.Lon = &lat, &lon
	}
	if r.Hours != (pejling.HoursRange{}) {
		lo, hi := r.Hours.Min, r.Hours.Max
		a.HoursMin, a.HoursMax = &lo, &hi
	}
	return a
}

// apiRequirementsRequest is the body of PUT /api/v1/orders/{id}/requirements: the
// whole requirements (a field left out is no requirement) and the version seen.
type apiRequirementsRequest struct {
	Version        int      `json:"version"`
	Occupation     string   `json:"occupation"`
	Skills         []string `json:"skills"`
	MinEducation   int      `json:"min_education"`
	DrivingLicence bool     `json:"driving_licence"`
	Address        string   `json:"address"`
	Lat            *float64 `json:"lat"`
	Lon            *float64 `json:"lon"`
	HoursMin       *float64 `json:"hours_min"`
	HoursMax       *float64 `json:"hours_max"`
	Note           string   `json:"note"`
}

// The page form's fields under the API's names.
var apiReqField = map[string]string{"education": "min_education", "licence": "driving_licence", "place": "lat"}

// form writes the request as the page's requirements form, so that one parser
// (parseOrderRequirements) checks both.
func (q apiRequirementsRequest) form() (url.Values, error) {
	num := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	v := url.Values{"occupation": {q.Occupation}, "address": {q.Address}, "hours_min": {num(q.HoursMin)}, "hours_max": {num(q.HoursMax)}, "note": {q.Note}}
	for _, k := range q.Skills {
		if strings.ContainsAny(k, ",;\r\n") {
			return nil, pejling.Errorf(pejling.EINVALID, "skills: a skill may not hold a comma, a semicolon or a line break")
		}
	}
	v.Set("skills", strings.Join(q.Skills, ", "))
	switch {
	case q.MinEducation < 0 || q.MinEducation > 8:
		return nil, pejling.Errorf(pejling.EINVALID, "min_education: %d; an ISCED level 0–8", q.MinEducation)
	case q.MinEducation > 0:
		v.Set("education", strconv.Itoa(q.MinEducation))
	}
	if q.DrivingLicence {
		v.Set("licence", "1")
	}
	switch {
	case (q.Lat == nil) != (q.Lon == nil):
		return nil, pejling.Errorf(pejling.EINVALID, "lat: give both lat and lon, or neither")
	case q.Lat != nil:
		v.Set("place", num(q.Lat)+"; "+num(q.Lon))
	}
	return v, nil
}

// handleAPIOrderRequirements replaces the requirements of an order as the caller saw
// it (its version): 200 with the order; 409 {conflict: true, version} when a colleague
// changed it since, 409 without conflict when the order is closed; 400 naming the field.
func (s *Server) handleAPIOrderRequirements(w http.ResponseWriter, r *http.Request) {
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
	var body apiRequirementsRequest
	if !s.readJSONBody(w, r, &body) {
		return
	}
	if body.Version < 1 {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "version: required, the version of the order you saw"))
		return
	}
	form, err := body.form()
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req, f := parseOrderRequirements(locale.English, form)
	for _, k := range orderReqFields {
		if m := f.Errors[k]; m != "" {
			name := k
			if n, ok := apiReqField[k]; ok {
				name = n
			}
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "%s: %s", name, m))
			return
		}
	}
	if m := f.Errors["form"]; m != "" {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "requirements: %s", m))
		return
	}
	o, err := employer.ChangeOrderRequirements(r.Context(), s.Orders, u.Municipality, id, body.Version, req, strings.TrimSpace(body.Note), u.ID, s.now())
	if pejling.ErrorCode(err) == pejling.ECONFLICT {
		if cur, ferr := s.Orders.FindJobOrder(r.Context(), u.Municipality, id); ferr == nil && cur.Version != body.Version {
			writeJSONStatus(w, http.StatusConflict, map[string]any{"error": "version: the order was changed by a colleague since version " +
				itoa64(int64(body.Version)) + "; read it again and retry", "conflict": true, "version": cur.Version})
			return
		}
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeAPIOrder(w, r, http.StatusOK, o)
}

// handleAPIOrderCandidates answers the citizens whose job profiles fit an order best,
// each audited before the answer, as the page /ordrer/{id}/kandidater. An order
// without an occupation or a place cannot be matched: 409 with matchable false, and
// the error says what to set.
func (s *Server) handleAPIOrderCandidates(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if s.Profiles == nil {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no job profiles are kept here"))
		return
	}
	o, err := s.Orders.FindJobOrder(r.Context(), u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if !o.Requirements.Matchable() {
		writeJSONStatus(w, http.StatusConflict, map[string]any{"error": "requirements: the order names no occupation and place (lat, lon); " +
			"set them with PUT /api/v1/orders/" + itoa64(id) + "/requirements to match it", "matchable": false})
		return
	}
	matches, n, err := s.orderCandidates(r, o)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []apiMatch{}
	for i, m := range matches {
		a := apiMatchOf(i+1, m)
		a.PersonID = m.PersonID
		out = append(out, a)
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"order_id": id, "profiles_ranked": n, "candidates": out})
}

// handleAPIOrderPolicy answers the service-level policy in force in the municipality:
// its own file (who saved it, when) or the default, and the file itself.
func (s *Server) handleAPIOrderPolicy(w http.ResponseWriter, r *http.Request) {
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	v, err := s.orderView(r, locale.English)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	file := employer.DefaultPolicyJSON()
	out := map[string]any{"custom": v.Custom != nil, "saved_by_id": nil, "saved_by": nil, "saved_at": nil,
		"untouched_days": v.Policy.UntouchedDays, "time_zone": v.Policy.Calendar.Location().String()}
	if c := v.Custom; c != nil {
		file = c.JSON
		out["saved_by_id"], out["saved_by"], out["saved_at"] = c.SavedBy, v.name(c.SavedBy), apiTime(c.SavedAt)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, file); err != nil {
		s.writeError(w, r, err)
		return
	}
	out["policy"] = json.RawMessage(compact.Bytes())
	writeJSONStatus(w, http.StatusOK, out)
}

// handleAPIOrderPolicySave stores the body, a policy file in employer.LoadPolicy's
// format, as the municipality's policy (analysts and admins; audited): 200 with the
// policy in force; 400 with the reason when the file is refused, and nothing stored.
func (s *Server) handleAPIOrderPolicySave(w http.ResponseWriter, r *http.Request) {
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if who(r).User.National() {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "a service-level policy belongs to a municipality: sign in as an analyst or admin of it"))
		return
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "body: send the policy file as JSON with Content-Type application/json"))
		return
	}
	file, err := io.ReadAll(http.MaxBytesReader(w, r.Body, pejling.MaxServicePolicyBytes))
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &mb):
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "body: the policy file is larger than %d KB", pejling.MaxServicePolicyBytes>>10))
		return
	case err != nil:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "body: could not be read"))
		return
	case len(bytes.TrimSpace(file)) == 0:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "body: the policy file is empty"))
		return
	}
	if stored, err := s.saveOrderPolicy(r, file); !stored {
		if pejling.ErrorCode(err) == pejling.EINVALID {
			err = pejling.Errorf(pejling.EINVALID, "policy: %s", pejling.ErrorMessage(err))
		}
		s.writeError(w, r, err)
		return
	} else if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.handleAPIOrderPolicy(w, r)
}

// handleAPIOrderPolicyReset returns the municipality to the default policy (audited):
// 200 with the policy in force.
func (s *Server) handleAPIOrderPolicyReset(w http.ResponseWriter, r *http.Request) {
	if err := apiQuery(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	if who(r).User.National() {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "a service-level policy belongs to a municipality: sign in as an analyst or admin of it"))
		return
	}
	if err := s.resetOrderPolicy(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	s.handleAPIOrderPolicy(w, r)
}

var orderAlertParams = []string{"mine"}

// handleAPIOrderAlerts answers the open orders' deadlines coming soon
// (employer.DueSoonOrders) and the overdue orders (employer.Overdue) under the policy
// in force, as on /ordrer; mine=1 keeps only the caller's own orders.
func (s *Server) handleAPIOrderAlerts(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r, orderAlertParams...); err != nil {
		s.writeError(w, r, err)
		return
	}
	mine := r.URL.Query().Get("mine")
	if mine != "" && mine != "1" && mine != "0" {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "mine: %q; use 1 for your own orders only, or leave it out", pejling.Clip(mine)))
		return
	}
	pol, _, err := s.orderPolicyOf(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	open, err := s.Orders.FindJobOrdersOf(r.Context(), u.Municipality, true)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if mine == "1" {
		own := open[:0:0]
		for _, o := range open {
			if o.Owner == u.ID {
				own = append(own, o)
			}
		}
		open = own
	}
	type alertOrder struct {
		ID    int64  `json:"order_id"`
		Title string `json:"title"`
		CVR   string `json:"cvr"`
		Owner int64  `json:"owner_id"`
		Team  string `json:"team"`
	}
	orderOf := func(o pejling.JobOrder) alertOrder { return alertOrder{o.ID, o.Title, o.CVR, o.Owner, o.Team} }
	type dueSoon struct {
		alertOrder
		Level       string  `json:"level"`
		Deadline    apiTime `json:"deadline"`
		LeftMinutes int     `json:"left_minutes"`
	}
	type reason struct {
		Level    string  `json:"level"`
		Deadline apiTime `json:"deadline"`
		Message  string  `json:"message"`
	}
	type overdue struct {
		alertOrder
		Reasons []reason `json:"reasons"`
	}
	now := s.now()
	soon, late := []dueSoon{}, []overdue{}
	for _, a := range employer.DueSoonOrders(open, pol, now) {
		soon = append(soon, dueSoon{orderOf(a.Order), a.Level, apiTime(a.Deadline), int(a.Left / time.Minute)})
	}
	for _, od := range employer.Overdue(open, pol, now) {
		o := overdue{orderOf(od.Order), []reason{}}
		for _, rs := range od.Reasons {
			o.Reasons = append(o.Reasons, reason{rs.Level, apiTime(rs.Deadline), rs.Message})
		}
		late = append(late, o)
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"due_soon": soon, "overdue": late})
}
