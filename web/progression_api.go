package web

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/locale"
)

// The JSON API of progression measurement (issue 8): a citizen's scores and chart data
// (employer.ProgressionOf), audited with the page's fixed purpose progressionPurpose;
// a conversation's scores (the catalogue's rules, the store's natural key: 409 when
// the conversation already scored an indicator); the aggregates per intervention, team
// or consultant (employer.AggregateProgression, groups under employer.MinGroupSize
// give no numbers), which show no citizen.

type apiScore struct {
	Theme          string  `json:"theme"`
	Indicator      string  `json:"indicator"`
	Score          int     `json:"score"`
	Date           apiDate `json:"date"`
	ScoredBy       int64   `json:"scored_by"`
	InterventionID string  `json:"intervention"`
	Team           string  `json:"team"`
}

type apiFocus struct {
	Themes []string `json:"themes"`
	From   apiDate  `json:"from"`
}

type apiPoint struct {
	Date  apiDate `json:"date"`
	Score float64 `json:"score"`
	N     int     `json:"n"`
}

type apiThemeSeries struct {
	Theme  string     `json:"theme"`
	Name   string     `json:"name"`
	Points []apiPoint `json:"points"`
	First  float64    `json:"first"`
	Latest float64    `json:"latest"`
	Change float64    `json:"change"`
}

type apiProgression struct {
	Conversations []apiDate        `json:"conversations"`
	Focus         []string         `json:"focus"`
	IndexThemes   []string         `json:"index_themes"`
	Themes        []apiThemeSeries `json:"themes"`
	Index         []apiPoint       `json:"index"`
	Change        *float64         `json:"change"` // null unless measured
}

func apiProgressionOf(p employer.Progression) apiProgression {
	a := apiProgression{Conversations: []apiDate{}, Focus: p.Focus, IndexThemes: p.IndexThemes, Themes: []apiThemeSeries{}, Index: []apiPoint{}}
	if a.Focus == nil {
		a.Focus = []string{}
	}
	if a.IndexThemes == nil {
		a.IndexThemes = []string{}
	}
	for _, d := range p.Conversations {
		a.Conversations = append(a.Conversations, apiDate(d))
	}
	for _, t := range p.Themes {
		ts := apiThemeSeries{Theme: t.Theme, Name: themeName(t.Theme, "en"), First: t.First, Latest: t.Latest, Change: t.Change, Points: []apiPoint{}}
		for _, pt := range t.Points {
			ts.Points = append(ts.Points, apiPoint{Date: apiDate(pt.Date), Score: pt.Score, N: pt.Indicators})
		}
		a.Themes = append(a.Themes, ts)
	}
	for _, pt := range p.Index {
		a.Index = append(a.Index, apiPoint{Date: apiDate(pt.Date), Score: pt.Score, N: pt.Themes})
	}
	if p.Measured {
		c := p.Change
		a.Change = &c
	}
	return a
}

// handleAPIProgressionPerson answers a citizen's scores, focus themes and progression;
// a person not in the municipality is 404 (audited as a search, nothing shown), and the
// read is audited before the answer.
func (s *Server) handleAPIProgressionPerson(w http.ResponseWriter, r *http.Request) {
	id, err := apiPersonID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	scores, focus, err := s.progressionData(r, id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditRead, id, "progression", progressionPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	p, err := employer.ProgressionOf(scores, focus, progCatalogue)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sc := make([]apiScore, len(scores))
	for i, x := range scores {
		sc[i] = apiScore{Theme: x.Theme, Indicator: x.Indicator, Score: x.Score, Date: apiDate(x.Date), ScoredBy: x.ScoredBy,
			InterventionID: x.InterventionID, Team: x.Team}
	}
	fs := make([]apiFocus, len(focus))
	for i, f := range focus {
		fs[i] = apiFocus{Themes: f.Themes, From: apiDate(f.From)}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"person_id": id, "scores": sc, "focus_choices": fs, "progression": apiProgressionOf(p)})
}

// apiConversationRequest is the body of POST /api/v1/progression/{id}/conversations.
type apiConversationRequest struct {
	Date         string         `json:"date"`
	Intervention string         `json:"intervention"`
	Team         string         `json:"team"`
	Scores       map[string]int `json:"scores"` // indicator id → score
}

// handleAPIConversation stores the scores of one conversation with a citizen: 201, 409
// when the conversation already scored one of the indicators (nothing stored), 400
// naming the field. The change is audited once stored.
func (s *Server) handleAPIConversation(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	id, err := apiPersonID(r, "id")
	if err == nil {
		err = apiQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if _, _, err := s.progressionData(r, id); err != nil {
		s.writeError(w, r, err)
		return
	}
	var req apiConversationRequest
	if !s.readJSONBody(w, r, &req) {
		return
	}
	l := locale.English
	day, msg := progDate(l, req.Date, danishToday(s.now()))
	if msg != "" {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "date: %s", msg))
		return
	}
	req.Intervention, req.Team = strings.TrimSpace(req.Intervention), strings.TrimSpace(req.Team)
	for _, f := range []struct{ name, v string }{{"intervention", req.Intervention}, {"team", req.Team}} {
		if msg := progText(l, f.v); msg != "" {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "%s: %s", f.name, msg))
			return
		}
	}
	if len(req.Scores) == 0 {
		s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "scores: score at least one indicator"))
		return
	}
	inds := make([]string, 0, len(req.Scores))
	for ind := range req.Scores {
		inds = append(inds, ind)
	}
	slices.Sort(inds)
	var scores []pejling.ProgressionScore
	for _, ind := range inds {
		theme, known := indicatorTheme[ind]
		if !known {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "scores: unknown indicator %q", pejling.Clip(ind)))
			return
		}
		n := req.Scores[ind]
		if n < pejling.ProgressionScoreMin || n > pejling.ProgressionScoreMax {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "scores.%s: a whole number %d–%d", ind, pejling.ProgressionScoreMin, pejling.ProgressionScoreMax))
			return
		}
		scores = append(scores, pejling.ProgressionScore{PersonID: id, Theme: theme, Indicator: ind, Score: n, Date: day,
			ScoredBy: u.ID, InterventionID: req.Intervention, Team: req.Team})
	}
	if err := s.Progression.AddProgressionScores(r.Context(), u.Municipality, scores); err != nil {
		if pejling.ErrorCode(err) == pejling.ECONFLICT {
			writeJSONStatus(w, http.StatusConflict, map[string]any{"conflict": true,
				"error": fmt.Sprintf("date: a conversation with the citizen on %s already scored one of these indicators; nothing was stored", day)})
			return
		}
		s.writeError(w, r, err)
		return
	}
	if err := s.audit(r, pejling.AuditChange, id, fmt.Sprintf("progression conversation %s: %d scores", day, len(scores)), progressionPurpose); err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSONStatus(w, http.StatusCreated, map[string]any{"person_id": id, "date": apiDate(day), "stored": len(scores)})
}

// apiGroup is the progression of one group.
type apiGroup struct {
	Key        string   `json:"key"`
	Persons    int      `json:"persons"`
	N          int      `json:"n"`
	TooFew     bool     `json:"too_few"`
	MeanChange *float64 `json:"mean_change"`
	SE         *float64 `json:"se"`
	Lower      *float64 `json:"lower"`
	Upper      *float64 `json:"upper"`
}

// handleAPIProgressionGroups answers the municipality's progression per intervention,
// team or consultant; a group of fewer than employer.MinGroupSize measured persons
// gives no numbers (null). No citizen is shown: not audited.
func (s *Server) handleAPIProgressionGroups(w http.ResponseWriter, r *http.Request) {
	u := who(r).User
	if err := apiQuery(r, "per"); err != nil {
		s.writeError(w, r, err)
		return
	}
	by := employer.ProgressionByIntervention
	if v := r.URL.Query().Get("per"); v != "" {
		g, err := employer.ParseProgressionGroupBy(v)
		if err != nil {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "per: %q; use intervention, team or consultant", pejling.Clip(v)))
			return
		}
		by = g
	}
	scores, err := s.Progression.FindAllProgressionScores(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	focus, err := s.Progression.FindAllFocusThemes(r.Context(), u.Municipality)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	groups, err := employer.AggregateProgression(scores, focus, progCatalogue, by)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := make([]apiGroup, len(groups))
	for i, g := range groups {
		out[i] = apiGroup{Key: g.Key, Persons: g.Persons, N: g.N, TooFew: g.TooFew}
		if !g.TooFew {
			m, se, lo, hi := g.MeanChange, g.SE, g.Lower, g.Upper
			out[i].MeanChange, out[i].SE, out[i].Lower, out[i].Upper = &m, &se, &lo, &hi
		}
	}
	writeJSONStatus(w, http.StatusOK, map[string]any{"per": string(by), "min_group_size": employer.MinGroupSize, "groups": out})
}
