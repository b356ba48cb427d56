package web

import (
	"fmt"
	"net/http"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

// The JSON API of citizens' job profiles and matching (issue 8). A profile is read and
// written only with a purpose (the query parameter purpose, as on the page), and
// audited like the page: the read before anything is shown, the change after it is
// stored. Matching ranks with employer's default weights and gives each score's
// components; every citizen of a candidate list is audited with candidatePurpose.

// apiProfile is a citizen's job profile in the API.
type apiProfile struct {
	PersonID       string   `json:"person_id"`
	Occupations    []string `json:"occupations"`
	Skills         []string `json:"skills"`
	Education      int      `json:"education"`
	DrivingLicence bool     `json:"driving_licence"`
	HomeLat        float64  `json:"home_lat"`
	HomeLon        float64  `json:"home_lon"`
	RadiusKm       float64  `json:"radius_km"`
	HoursMin       float64  `json:"hours_min"`
	HoursMax       float64  `json:"hours_max"`
	Version        int      `json:"version"`
	UpdatedAt      apiTime  `json:"updated_at"`
	UpdatedBy      int64    `json:"updated_by"`
}

func apiProfileOf(p *sqldb.ProfileRecord) apiProfile {
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	return apiProfile{PersonID: p.PersonID, Occupations: nz(p.Occupations), Skills: nz(p.Skills), Education: p.Education,
		DrivingLicence: p.DrivingLicence, HomeLat: p.Home.Lat, HomeLon: p.Home.Lon, RadiusKm: p.RadiusKm,
		HoursMin: p.Hours.Min, HoursMax: p.Hours.Max, Version: p.Version, UpdatedAt: apiTime(p.UpdatedAt), UpdatedBy: p.UpdatedBy}
}

// apiMatch is one ranked match with the components of its score.
type apiMatch struct {
	Rank       int            `json:"rank"`
	PersonID   string         `json:"person_id,omitempty"`
	SlotID     int64          `json:"slot_id,omitempty"`
	Title      string         `json:"title,omitempty"`
	Company    string         `json:"company,omitempty"`
	Free       *int           `json:"free,omitempty"`
	Score      float64        `json:"score"`
	Components []apiComponent `json:"components"`
}

type apiComponent struct {
	Component string  `json:"component"`
	Score     float64 `json:"score"`
	Weight    float64 `json:"weight"`
	Points    float64 `json:"points"`
	Reason    string  `json:"reason"`
}

func apiMatchOf(rank int, m employer.Match) apiMatch {
	a := apiMatch{Rank: rank, Score: m.Score, Components: []apiComponent{}}
	for _, p := range m.Parts {
		a.Components = append(a.Components, apiComponent{Component: string(p.Component), Score: p.Score, Weight: p.Weight,
			Points: p.Points, Reason: p.Reason.Text("en")})
	}
	return a
}

// apiProfilePerson reads {id} and the purpose of a profile route.
func apiProfilePerson(r *http.Request) (string, string, error) {
	person, err := apiPersonID(r, "id")
	if err != nil {
		return "", "", err
	}
	if err := apiQuery(r, "purpose"); err != nil {
		return "", "", err
	}
	purpose, err := apiPurpose(r)
	return person, purpose, err
}

// handleAPIProfile answers a citizen's profile; the read is audited first.
func (s *Server) handleAPIProfile(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	person, purpose, err := apiProfilePerson(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditRead, person, "job profile", purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.Profiles.FindProfile(r.Context(), u.Municipality, person)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"profile": apiProfileOf(rec)})
}

// apiProfileRequest is the body of PUT /api/v1/profiles/{id}.
type apiProfileRequest struct {
	Version        *int     `json:"version"` // 0 for a new profile
	Occupations    []string `json:"occupations"`
	Skills         []string `json:"skills"`
	Education      int      `json:"education"`
	DrivingLicence bool     `json:"driving_licence"`
	HomeLat        *float64 `json:"home_lat"`
	HomeLon        *float64 `json:"home_lon"`
	RadiusKm       float64  `json:"radius_km"`
	HoursMin       float64  `json:"hours_min"`
	HoursMax       float64  `json:"hours_max"`
}

// apiProfileFields are the API's names of the fields sqldb.NormaliseProfile names.
var apiProfileFields = map[string]string{"occupations": "occupations", "skills": "skills", "education": "education",
	"home": "home_lat", "radius": "radius_km", "hours": "hours_min", "person": "id"}

// handleAPIProfileSave creates or changes a citizen's profile if it is still at the
// version sent (0: new): 200 with the profile, 409 when a colleague changed it, 400
// naming the field. The change is audited once stored.
func (s *Server) handleAPIProfileSave(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	person, purpose, err := apiProfilePerson(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiProfileRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	switch {
	case req.Version == nil || *req.Version < 0:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "version: required, 0 for a new profile or the version read"))
		return
	case req.HomeLat == nil || req.HomeLon == nil:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "home_lat: give home_lat and home_lon, the home in decimal degrees"))
		return
	case req.Education < 0 || req.Education > 8:
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "education: an ISCED 2011 level 0–8"))
		return
	}
	p := pejling.Profile{PersonID: person, Occupations: req.Occupations, Skills: req.Skills, Education: req.Education,
		DrivingLicence: req.DrivingLicence, Home: pejling.LatLon{Lat: *req.HomeLat, Lon: *req.HomeLon}, RadiusKm: req.RadiusKm,
		Hours: pejling.HoursRange{Min: req.HoursMin, Max: req.HoursMax}}
	if field, err := sqldb.NormaliseProfile(&p); err != nil {
		if f, ok := apiProfileFields[field]; ok {
			field = f
		}
		if field == "hours_min" && p.Hours.Max > sqldb.MaxProfileHours {
			field = "hours_max"
		}
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "%s: %s", field, pejling.ErrorMessage(err)))
		return
	}
	rec, err := s.Profiles.SaveProfile(r.Context(), u.Municipality, p, u.ID, *req.Version)
	if pejling.ErrorCode(err) == pejling.ECONFLICT {
		writeJSONStatus(w, http.StatusConflict, map[string]any{"error": "version: the profile was changed by a colleague; read it again and retry", "conflict": true})
		return
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, person, fmt.Sprintf("job profile saved (version %d)", rec.Version), purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"profile": apiProfileOf(rec)})
}

// handleAPIProfileSlots answers the slots that match the citizen's profile best, each
// with the components of its score; the read is audited first.
func (s *Server) handleAPIProfileSlots(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	person, purpose, err := apiProfilePerson(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditRead, person, "job profile and matching slots", purpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.Profiles.FindProfile(r.Context(), u.Municipality, person)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	now := s.now()
	hits, err := s.Slots.FindSlots(r.Context(), sqldb.SlotFilter{Municipality: u.Municipality, ActiveOn: pejling.UTCDay(now),
		HasFreePlace: true, At: now, Limit: maxMatchSlots})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	vs := make([]pejling.Vacancy, len(hits))
	byID := map[string]*sqldb.SlotHit{}
	for i := range hits {
		vs[i] = hits[i].Vacancy()
		byID[vs[i].ID] = &hits[i]
	}
	names := slotCompanyNames{s: s.Slots, municipality: u.Municipality, known: map[string]string{}}
	out := []apiMatch{}
	for i, m := range employer.BestVacancies(rec.Profile, vs, maxMatches, employer.DefaultMatchWeights()) {
		h := byID[m.VacancyID]
		a := apiMatchOf(i+1, m)
		free := h.Free
		a.SlotID, a.Title, a.Company, a.Free = h.ID, h.Title, names.name(r.Context(), h.CVR), &free
		out = append(out, a)
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"person_id": person, "slots_ranked": len(hits), "matches": out})
}

// handleAPICandidates answers the citizens whose profiles match a slot best, each
// audited before it is shown, as on the page.
func (s *Server) handleAPICandidates(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	ctx := r.Context()
	id, err := apiPathID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	slot, err := s.Slots.FindSlot(ctx, u.Municipality, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	profiles, err := s.Profiles.FindProfiles(ctx, u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := []apiMatch{}
	for i, m := range employer.NewIndex(profiles).BestCandidates(slot.Vacancy(), maxMatches, employer.DefaultMatchWeights()) {
		if err := s.audit(r, pejling.AuditRead, m.PersonID, fmt.Sprintf("slot %d: candidate ranked %d", id, i+1), candidatePurpose); err != nil {
			s.writeError(w, r, err)
			return
		}
		a := apiMatchOf(i+1, m)
		a.PersonID = m.PersonID
		out = append(out, a)
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"slot_id": id, "profiles_ranked": len(profiles), "candidates": out})
}
