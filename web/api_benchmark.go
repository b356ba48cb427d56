package web

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
)

// The query parameters of the benchmark API routes, in the order openapi.json
// documents them. The answers are those of pejling benchmark … --format json, field for
// field and number for number, so a script can move from the CLI to the API.
var (
	benchPeersParams    = []string{"municipality", "period", "design", "lang"}
	benchExpectedParams = []string{"municipality", "period", "group", "figure"}
	benchRankParams     = []string{"municipality", "period", "group", "figure"}
	benchLearnParams    = []string{"municipality", "period", "lang"}
	benchCompareParams  = []string{"municipality", "period", "reference"}
)

// jnum is a JSON number in plain form (never an exponent), null when NaN or infinite:
// as the CLI writes it.
type jnum float64

func (j jnum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(j)) || math.IsInf(float64(j), 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, float64(j), 'f', -1, 64), nil
}

// writeJSON answers v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// benchAPI reads the parameters of an API route and the cached benchmark of the period;
// it answers the error itself and reports false on one.
func (s *Server) benchAPI(w http.ResponseWriter, r *http.Request, params []string, needMuni bool) (benchQuery, *benchEntry, bool) {
	q, err := parseBenchQuery(r.URL.RawQuery, params)
	if err == nil && needMuni && q.municipality == 0 {
		err = pejling.Errorf(pejling.EINVALID, "municipality: missing; give its code or name")
	}
	if err == nil && s.Bench == nil {
		err = pejling.Errorf(pejling.ENOTFOUND, "no key figures are served here")
	}
	var e *benchEntry
	if err == nil {
		e, err = s.benchLoad(r.Context(), q)
	}
	if err != nil {
		s.writeError(w, r, err)
		return q, nil, false
	}
	return q, e, true
}

func (s *Server) handleAPIBenchPeers(w http.ResponseWriter, r *http.Request) {
	q, e, ok := s.benchAPI(w, r, benchPeersParams, false)
	if !ok {
		return
	}
	p, err := peersBy(e, q.design)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out, err := peersJSON(p, e.data.Period.Label(), q.municipality, q.lang)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, out)
}

func (s *Server) handleAPIBenchExpected(w http.ResponseWriter, r *http.Request) {
	q, e, ok := s.benchAPI(w, r, benchExpectedParams, false)
	if !ok {
		return
	}
	lv, err := expectedOf(e, q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, expectedJSON(lv, e.data.Period.Label(), q.municipality))
}

func (s *Server) handleAPIBenchRank(w http.ResponseWriter, r *http.Request) {
	q, e, ok := s.benchAPI(w, r, benchRankParams, false)
	if !ok {
		return
	}
	ids := rankFigures(q)
	rk, err := benchmark.Rank(e.data.Current, e.data.Before, e.data.Municipalities, ids, q.group, e.peers)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, rankJSON(rk, ids, e.data.Period.Label(), q.municipality))
}

func (s *Server) handleAPIBenchLearn(w http.ResponseWriter, r *http.Request) {
	q, e, ok := s.benchAPI(w, r, benchLearnParams, true)
	if !ok {
		return
	}
	l, err := benchmark.Learn(e.data.Current, e.peers, q.municipality, benchmark.DefaultLearnFigures, benchmark.MinPersons)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, learnJSON(l, e.data.Period.Label(), q.lang))
}

func (s *Server) handleAPIBenchCompare(w http.ResponseWriter, r *http.Request) {
	q, e, ok := s.benchAPI(w, r, benchCompareParams, true)
	if !ok {
		return
	}
	c, err := compareOf(e, q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, compareJSON(c, e.data.Period.Label()))
}

// expectedOf computes the expected level of the query's figure (or the default one).
func expectedOf(e *benchEntry, q benchQuery) (*benchmark.ExpectedLevel, error) {
	id := q.figure
	if id == "" {
		id = defaultFigure(q.group)
	}
	return benchmark.Expected(e.data.Current, e.data.Framework, e.data.Municipalities, id, q.group,
		benchmark.ExpectedOptions{Year: e.data.Period.First.Year(), Level: 0.95})
}

// rankFigures are the figures a ranking is on: the chosen one, else the CLI's default.
func rankFigures(q benchQuery) []string {
	if q.figure != "" {
		return []string{q.figure}
	}
	var ids []string
	for _, id := range benchmark.DefaultRankFigures {
		if f, _ := benchmark.Figure(id); !f.AllGroupsOnly || q.group == "" {
			ids = append(ids, id)
		}
	}
	return ids
}

// compareOf compares the municipality with the query's reference; by default its
// nearest peer.
func compareOf(e *benchEntry, q benchQuery) (*benchmark.Comparison, error) {
	ref := benchmark.Reference{Kind: q.reference, Municipality: q.refMuni}
	if q.reference == "" {
		ref = benchmark.Reference{Kind: benchmark.RefMunicipality, Municipality: nearestPeer(e.peers, q.municipality)}
		if ref.Municipality == 0 {
			ref = benchmark.Reference{Kind: benchmark.RefCountry}
		}
	}
	return benchmark.Compare(e.data.Current, q.municipality, ref, e.peers, benchmark.ComparableFigures())
}

func groupJSON(g pejling.BenefitGroup) string { return groupValue(g) }
