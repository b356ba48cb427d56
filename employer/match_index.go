package employer

import (
	"math"
	"slices"
	"strings"

	"github.com/pejling/pejling"
)

// Index holds profiles laid out for fast matching: coordinates in radians with the
// cosine of the latitude, the bounding box of each travel radius, occupation codes as
// numbers and skills interned as small integers. Build it once with NewIndex and query
// it many times; it is safe for concurrent queries.
type Index struct {
	profiles []pejling.Profile
	rows     []indexRow
	occs     []int16 // parsed DISCO-08 codes of all rows, valid ones only
	skills   []int32 // interned skills of all rows, distinct and sorted per row
	skillID  map[string]int32
}

// indexRow is one profile in the layout of the hot loop.
type indexRow struct {
	lat, lon, cosLat float64 // radians
	radius           float64 // km, DefaultRadiusKm when not stated
	// dLat and dLon bound the travel circle (radians): a vacancy further away in
	// latitude or longitude is beyond the radius.
	dLat, dLon         float64
	hours              pejling.HoursRange
	education          int32
	rank               int32 // position of PersonID in sorted order, for ties
	occFrom, occTo     int32
	skillFrom, skillTo int32
	licence            bool
}

// NewIndex lays out profiles for BestCandidates. The index keeps the slice: do not
// change the profiles while it is in use.
func NewIndex(profiles []pejling.Profile) *Index {
	x := &Index{profiles: profiles, rows: make([]indexRow, len(profiles)), skillID: make(map[string]int32)}
	order := make([]int32, len(profiles))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(profiles[a].PersonID, profiles[b].PersonID) })
	for r, i := range order {
		x.rows[i].rank = int32(r)
	}
	for i := range profiles {
		p := &profiles[i]
		row := &x.rows[i]
		row.lat, row.lon, row.cosLat = radians(p.Home)
		row.radius = p.RadiusKm
		if row.radius <= 0 {
			row.radius = DefaultRadiusKm
		}
		row.dLat, row.dLon = boundingBox(row.radius, row.lat, row.cosLat)
		row.hours, row.education, row.licence = p.Hours, int32(p.Education), p.DrivingLicence
		row.occFrom = int32(len(x.occs))
		for _, o := range p.Occupations {
			if c := parseDISCO(o); c >= 0 {
				x.occs = append(x.occs, int16(c))
			}
		}
		row.occTo = int32(len(x.occs))
		row.skillFrom = int32(len(x.skills))
		for _, s := range p.Skills {
			if s == "" {
				continue
			}
			id, ok := x.skillID[s]
			if !ok {
				id = int32(len(x.skillID))
				x.skillID[s] = id
			}
			x.skills = append(x.skills, id)
		}
		own := x.skills[row.skillFrom:]
		slices.Sort(own)
		x.skills = x.skills[:int(row.skillFrom)+len(slices.Compact(own))]
		row.skillTo = int32(len(x.skills))
	}
	return x
}

// boundingBox returns the half-height and half-width in radians of the box around a
// circle of radius km centred at latitude lat: Δφ = r/R, and Δλ = asin(sin(r/R)/cos φ)
// (Matuschek, "Finding points within a distance of a latitude/longitude using bounding
// coordinates", 2010); Δλ = π when the circle reaches a pole.
func boundingBox(km, lat, cosLat float64) (dLat, dLon float64) {
	dLat = km / earthRadiusKm
	if s := math.Sin(dLat); s < cosLat {
		return dLat, math.Asin(s / cosLat)
	}
	return dLat, math.Pi
}

// Len returns the number of profiles in the index.
func (x *Index) Len() int { return len(x.rows) }

// boxSlack widens the bounding box so that rounding never rejects a vacancy the
// haversine distance would keep; the haversine test decides.
const boxSlack = 1e-9

// BestCandidates returns the k profiles of the index that match v best, exactly as the
// package-level BestCandidates would: best first, ties broken by PersonID, excluded
// pairs left out. It allocates only for the query and the k results.
func (x *Index) BestCandidates(v pejling.Vacancy, k int, w MatchWeights) []Match {
	if k <= 0 || len(x.rows) == 0 {
		return nil
	}
	q := prepareVacancy(v)
	ws := w.weights()
	keep := w.KeepBeyondRadius
	// marks[id] is 1 for each of the vacancy's skills the index knows; a skill no
	// profile has still counts in the denominator.
	marks := make([]uint8, len(x.skillID))
	for _, s := range q.skills {
		if id, ok := x.skillID[s]; ok {
			marks[id] = 1
		}
	}
	asked := len(q.skills)
	h := make(topK, 0, min(k, len(x.rows)))
	var parts [6]float64
	parts[5] = 1
	for i := range x.rows {
		r := &x.rows[i]
		if q.lic && !r.licence {
			continue
		}
		if !keep {
			if math.Abs(r.lat-q.lat) > r.dLat+boxSlack {
				continue
			}
			dl := math.Abs(r.lon - q.lon)
			if dl > math.Pi {
				dl = 2*math.Pi - dl
			}
			if dl > r.dLon+boxSlack {
				continue
			}
		}
		km := haversineKm(r.lat, r.lon, r.cosLat, q.lat, q.lon, q.cosLat)
		if km > r.radius && !keep {
			continue
		}
		parts[2] = distanceScore(km, r.radius)
		digits := 0
		for _, o := range x.occs[r.occFrom:r.occTo] {
			digits = max(digits, sharedDigits(int(o), q.occ))
		}
		parts[0] = occupationScore(digits)
		have := 0
		for _, id := range x.skills[r.skillFrom:r.skillTo] {
			have += int(marks[id])
		}
		parts[1] = skillScore(have, asked)
		parts[3] = hoursScore(r.hours, q.hours)
		parts[4] = educationScore(int(r.education), q.minEdu)
		h.offer(k, entry{score: weightedScore(&ws, &parts), rank: r.rank, idx: int32(i)})
	}
	out := make([]Match, 0, len(h))
	for _, e := range h.sorted() {
		out = append(out, Score(x.profiles[e.idx], v, w))
	}
	return out
}
