package employer

import (
	"cmp"
	"container/heap"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// Component names one part of a match score. The strings are stable: the web and the
// API use them as keys.
type Component string

// The components of a match score, in the order Match.Parts lists them.
const (
	CompOccupation Component = "occupation"
	CompSkills     Component = "skills"
	CompDistance   Component = "distance"
	CompHours      Component = "hours"
	CompEducation  Component = "education"
	CompLicence    Component = "licence"
)

// Components lists the components in the order Match.Parts lists them.
var Components = []Component{CompOccupation, CompSkills, CompDistance, CompHours, CompEducation, CompLicence}

// DefaultRadiusKm is the travel radius used for a profile that states none (RadiusKm ≤ 0).
const DefaultRadiusKm = 30

// earthRadiusKm is the mean radius of the earth (IUGG), for the haversine distance.
const earthRadiusKm = 6371.0088

// MatchWeights weighs the components of a match score and sets the exclusion policy.
// The score is 100 · Σ wᵢsᵢ / Σ wᵢ over the component scores sᵢ ∈ [0, 1], so the weights
// need not add up to 100. The zero value scores with the weights of DefaultMatchWeights.
type MatchWeights struct {
	Occupation float64
	Skills     float64
	Distance   float64
	Hours      float64
	Education  float64
	Licence    float64
	// KeepBeyondRadius keeps vacancies beyond the citizen's travel radius, with a
	// distance score of 0, instead of excluding them.
	KeepBeyondRadius bool
}

// DefaultMatchWeights returns the default weights: occupation 40, skills 20, distance
// 15, hours 10, education 10, driving licence 5. What the citizen wants to work with
// counts most; the licence is mostly a hard rule, so its weight is small.
func DefaultMatchWeights() MatchWeights {
	return MatchWeights{Occupation: 40, Skills: 20, Distance: 15, Hours: 10, Education: 10, Licence: 5}
}

// weights returns w as an array in the order of Components, with the defaults for the
// zero value. It panics on a negative or non-finite weight: that is caller misuse.
func (w MatchWeights) weights() [6]float64 {
	a := [6]float64{w.Occupation, w.Skills, w.Distance, w.Hours, w.Education, w.Licence}
	sum := 0.0
	for i, x := range a {
		if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
			panic(fmt.Sprintf("employer: MatchWeights.%s = %v, want a finite weight ≥ 0", Components[i], x))
		}
		sum += x
	}
	if sum == 0 {
		d := DefaultMatchWeights()
		a = [6]float64{d.Occupation, d.Skills, d.Distance, d.Hours, d.Education, d.Licence}
	}
	return a
}

// Match is one citizen–vacancy pair with its score and the explanation of it.
type Match struct {
	PersonID  string
	VacancyID string
	// Score is 0–100, the sum of the Points of the Parts (up to rounding).
	Score float64
	// Excluded names the hard rule that excludes the pair (CompLicence: licence required
	// and missing; CompDistance: beyond the travel radius), or is empty. An excluded
	// pair scores 0 and is never ranked.
	Excluded Component
	// Parts has one entry per component, in the order of Components.
	Parts []Part
}

// Part is one component of a Match score.
type Part struct {
	Component Component
	Score     float64 // 0–1
	Weight    float64 // as given in MatchWeights
	Points    float64 // 100 · Weight · Score / Σ weights: what it adds to Match.Score
	Reason    Reason
}

// Reason is the why of a Part as data, so it can be rendered in any language (Text).
// Only the fields of its Component are set.
type Reason struct {
	Component Component
	Kind      pejling.VacancyKind // what the vacancy is, for its name in the text

	// CompOccupation: the citizen's best wanted code ("" if none is given), the
	// vacancy's code, and how many leading digits they share (0–4).
	Wanted, Offered string
	Digits          int

	// CompSkills: how many of the vacancy's distinct skills the citizen has.
	SkillsHave, SkillsAsked int

	// CompDistance: the distance from home to the vacancy and the radius used.
	Km, RadiusKm float64

	// CompHours: the wanted and offered ranges (zero when not stated) and their overlap.
	Want, Offer HoursOverlap

	// CompEducation: the citizen's ISCED level and the vacancy's minimum.
	Level, MinLevel int

	// CompLicence: whether a licence is required and whether the citizen has one.
	Required, Has bool
}

// HoursOverlap is a range of hours per week as used in a Reason.
type HoursOverlap struct{ Min, Max float64 }

// Text renders the reason in Danish ("da") or English ("en"); any other language gets
// Danish, the language of the users.
func (r Reason) Text(lang string) string {
	en := lang == "en"
	pick := func(da, english string) string {
		if en {
			return english
		}
		return da
	}
	n := func(x float64) string {
		s := strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64)
		if !en {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	// The vacancy in Danish genitive and definite form, and in English.
	daGen, daDef, enN := "ordrens", "ordren", "order"
	if r.Kind == pejling.VacancySlot {
		daGen, daDef, enN = "pladsens", "pladsen", "slot"
	}
	switch r.Component {
	case CompOccupation:
		switch {
		case r.Wanted == "":
			return pick("Ingen ønskede stillinger angivet; "+daGen+" "+r.Offered,
				"No wanted occupations given; the "+enN+"'s "+r.Offered)
		case r.Digits == 4:
			return pick("Ønsket stilling "+r.Wanted+" = "+daGen+" "+r.Offered,
				"Wanted occupation "+r.Wanted+" = the "+enN+"'s "+r.Offered)
		case r.Digits > 0 && r.Digits <= len(r.Offered):
			g := r.Offered[:r.Digits]
			return pick(fmt.Sprintf("Ønsket stilling %s og %s %s deler de første %d cifre (%s)", r.Wanted, daGen, r.Offered, r.Digits, g),
				fmt.Sprintf("Wanted occupation %s and the %s's %s share the first %d digits (%s)", r.Wanted, enN, r.Offered, r.Digits, g))
		default:
			return pick("Ingen ønsket stilling ligner "+daGen+" "+r.Offered,
				"No wanted occupation is close to the "+enN+"'s "+r.Offered)
		}
	case CompSkills:
		if r.SkillsAsked == 0 {
			return pick(strings.ToUpper(daDef[:1])+daDef[1:]+" kræver ingen særlige kompetencer", "The "+enN+" asks for no particular skills")
		}
		return pick(fmt.Sprintf("%d af %d ønskede kompetencer", r.SkillsHave, r.SkillsAsked),
			fmt.Sprintf("%d of %d skills asked for", r.SkillsHave, r.SkillsAsked))
	case CompDistance:
		km, rad := strconv.FormatFloat(math.Round(r.Km), 'f', 0, 64), n(r.RadiusKm)
		if r.Km > r.RadiusKm {
			return pick(km+" km – uden for "+rad+" km radius", km+" km – beyond the "+rad+" km radius")
		}
		return pick(km+" km af "+rad+" km radius", km+" km of a "+rad+" km radius")
	case CompHours:
		rng := func(h HoursOverlap) string {
			if h.Min == h.Max {
				return n(h.Min)
			}
			return n(h.Min) + "–" + n(h.Max)
		}
		switch {
		case r.Want.Max == 0 && r.Offer.Max == 0:
			return pick("Timetal ikke oplyst", "Hours not stated")
		case r.Want.Max == 0:
			return pick("Ønsket timetal ikke oplyst; "+daDef+" tilbyder "+rng(r.Offer)+" timer",
				"Wanted hours not stated; the "+enN+" offers "+rng(r.Offer)+" hours")
		case r.Offer.Max == 0:
			return pick("Ønsker "+rng(r.Want)+" timer; "+daGen+" timetal ikke oplyst",
				"Wants "+rng(r.Want)+" hours; the "+enN+"'s hours not stated")
		}
		return pick("Ønsker "+rng(r.Want)+" timer, "+daDef+" tilbyder "+rng(r.Offer),
			"Wants "+rng(r.Want)+" hours, the "+enN+" offers "+rng(r.Offer))
	case CompEducation:
		if r.Level >= r.MinLevel {
			return pick(fmt.Sprintf("Uddannelsesniveau %d ≥ krævet %d", r.Level, r.MinLevel),
				fmt.Sprintf("Education level %d ≥ required %d", r.Level, r.MinLevel))
		}
		return pick(fmt.Sprintf("Uddannelsesniveau %d, krævet %d (%d under)", r.Level, r.MinLevel, r.MinLevel-r.Level),
			fmt.Sprintf("Education level %d, required %d (%d short)", r.Level, r.MinLevel, r.MinLevel-r.Level))
	case CompLicence:
		switch {
		case !r.Required:
			return pick("Kørekort kræves ikke", "No driving licence required")
		case r.Has:
			return pick("Kørekort kræves og haves", "Driving licence required and held")
		default:
			return pick("Kørekort kræves og mangler", "Driving licence required and missing")
		}
	}
	return string(r.Component)
}

// Score scores profile p against vacancy v, with the explanation of every component:
//
//   - occupation: 1 if one of p's wanted DISCO-08 codes equals v's, 0.75 if they share
//     the 3-digit minor group, 0.5 the 2-digit sub-major group, 0.25 the 1-digit major
//     group, else 0; the best over p's wanted codes. Codes that are not 4 digits never match.
//   - skills: the share of v's distinct skills that p has (exact string match); 1 when
//     v asks for none.
//   - distance: d, the haversine distance from p's home to v, against p's radius r
//     (DefaultRadiusKm when not stated): 1 for d ≤ r/2, falling linearly to 0 at d = r;
//     beyond r the pair is excluded unless w.KeepBeyondRadius.
//   - hours: the overlap of the wanted and offered ranges over the shorter of the two
//     (1 when a fixed number lies in the other range, 0 when they are disjoint); 0.5
//     when either side is not stated.
//   - education: 1 if p's ISCED level ≥ v's minimum, else 1 − 0.5 per level short,
//     floored at 0.
//   - licence: 1; when v requires a licence and p has none the pair is excluded.
//
// The score is 100 · Σ wᵢsᵢ / Σ wᵢ.
func Score(p pejling.Profile, v pejling.Vacancy, w MatchWeights) Match {
	vq := prepareVacancy(v)
	ws := w.weights()
	d := scoreProfile(&p, &vq, w.KeepBeyondRadius, true)
	m := Match{PersonID: p.PersonID, VacancyID: v.ID, Excluded: d.excluded, Parts: make([]Part, len(Components))}
	total := 0.0
	for _, x := range ws {
		total += x
	}
	if d.excluded == "" {
		m.Score = weightedScore(&ws, &d.parts)
	}
	want, offer := p.Hours, v.Hours
	radius := p.RadiusKm
	if radius <= 0 {
		radius = DefaultRadiusKm
	}
	for i, c := range Components {
		s := d.parts[i]
		pt := Part{Component: c, Score: s, Weight: ws[i], Points: 100 * ws[i] * s / total, Reason: Reason{Component: c, Kind: v.Kind}}
		r := &pt.Reason
		switch c {
		case CompOccupation:
			r.Wanted, r.Offered, r.Digits = d.bestOcc, v.Occupation, d.digits
		case CompSkills:
			r.SkillsHave, r.SkillsAsked = d.have, len(vq.skills)
		case CompDistance:
			r.Km, r.RadiusKm = d.km, radius
		case CompHours:
			r.Want, r.Offer = HoursOverlap(want), HoursOverlap(offer)
		case CompEducation:
			r.Level, r.MinLevel = p.Education, v.MinEducation
		case CompLicence:
			r.Required, r.Has = v.DrivingLicence, p.DrivingLicence
		}
		if d.excluded != "" {
			pt.Points = 0
		}
		m.Parts[i] = pt
	}
	return m
}

// BestCandidates returns the k profiles that match v best, best first, ties broken by
// PersonID. Excluded pairs are left out, so fewer than k may come back. For many
// queries over the same profiles, NewIndex and Index.BestCandidates are much faster.
func BestCandidates(v pejling.Vacancy, profiles []pejling.Profile, k int, w MatchWeights) []Match {
	if k <= 0 {
		return nil
	}
	vq := prepareVacancy(v)
	ws := w.weights()
	h := make(topK, 0, min(k, len(profiles)))
	for i := range profiles {
		d := scoreProfile(&profiles[i], &vq, w.KeepBeyondRadius, false)
		if d.excluded != "" {
			continue
		}
		h.offer(k, entry{score: weightedScore(&ws, &d.parts), id: profiles[i].PersonID, idx: int32(i)})
	}
	out := make([]Match, 0, len(h))
	for _, e := range h.sorted() {
		out = append(out, Score(profiles[e.idx], v, w))
	}
	return out
}

// BestVacancies returns the k vacancies that match p best, best first, ties broken by
// vacancy ID; the score of each pair is the one BestCandidates gives. Excluded pairs
// are left out, so fewer than k may come back.
func BestVacancies(p pejling.Profile, vs []pejling.Vacancy, k int, w MatchWeights) []Match {
	if k <= 0 {
		return nil
	}
	ws := w.weights()
	h := make(topK, 0, min(k, len(vs)))
	for i := range vs {
		vq := prepareVacancy(vs[i])
		d := scoreProfile(&p, &vq, w.KeepBeyondRadius, false)
		if d.excluded != "" {
			continue
		}
		h.offer(k, entry{score: weightedScore(&ws, &d.parts), id: vs[i].ID, idx: int32(i)})
	}
	out := make([]Match, 0, len(h))
	for _, e := range h.sorted() {
		out = append(out, Score(p, vs[e.idx], w))
	}
	return out
}

// vacancyQuery is a vacancy prepared for scoring many profiles against it.
type vacancyQuery struct {
	occ    int      // DISCO-08 code as a number, -1 if not 4 digits
	skills []string // distinct, non-empty
	lat    float64  // radians
	lon    float64  // radians
	cosLat float64
	minEdu int
	lic    bool
	hours  pejling.HoursRange
}

func prepareVacancy(v pejling.Vacancy) vacancyQuery {
	q := vacancyQuery{occ: parseDISCO(v.Occupation), minEdu: v.MinEducation, lic: v.DrivingLicence, hours: v.Hours}
	for _, s := range v.Skills {
		if s != "" && !slices.Contains(q.skills, s) {
			q.skills = append(q.skills, s)
		}
	}
	q.lat, q.lon, q.cosLat = radians(v.Location)
	return q
}

// detail is the outcome of scoring one pair, with what Score needs to explain it.
type detail struct {
	parts    [6]float64
	excluded Component
	km       float64
	bestOcc  string
	digits   int
	have     int
}

// scoreProfile scores p against q. It does not allocate. On an excluded pair it stops
// early unless full is set (Score wants every part for its explanation).
// Index.BestCandidates computes the same numbers from its own layout with the same
// helpers, so both agree exactly.
func scoreProfile(p *pejling.Profile, q *vacancyQuery, keepBeyond, full bool) (d detail) {
	if q.lic && !p.DrivingLicence {
		d.excluded = CompLicence
		if !full {
			return d
		}
	} else {
		d.parts[5] = 1
	}
	radius := p.RadiusKm
	if radius <= 0 {
		radius = DefaultRadiusKm
	}
	lat, lon, cosLat := radians(p.Home)
	d.km = haversineKm(lat, lon, cosLat, q.lat, q.lon, q.cosLat)
	if d.km > radius && !keepBeyond && d.excluded == "" {
		d.excluded = CompDistance
		if !full {
			return d
		}
	}
	d.parts[2] = distanceScore(d.km, radius)
	d.digits = -1
	for _, o := range p.Occupations {
		if n := sharedDigits(parseDISCO(o), q.occ); n > d.digits {
			d.digits, d.bestOcc = n, o
		}
	}
	d.digits = max(d.digits, 0)
	d.parts[0] = occupationScore(d.digits)
	for _, s := range q.skills {
		if slices.Contains(p.Skills, s) {
			d.have++
		}
	}
	d.parts[1] = skillScore(d.have, len(q.skills))
	d.parts[3] = hoursScore(p.Hours, q.hours)
	d.parts[4] = educationScore(p.Education, q.minEdu)
	return d
}

// weightedScore is 100 · Σ wᵢsᵢ / Σ wᵢ, always summed in the same order.
func weightedScore(w, s *[6]float64) float64 {
	num, den := 0.0, 0.0
	for i := range w {
		num += w[i] * s[i]
		den += w[i]
	}
	return 100 * num / den
}

// parseDISCO returns a 4-digit DISCO-08 code as a number, or -1.
func parseDISCO(s string) int {
	if len(s) != 4 {
		return -1
	}
	n := 0
	for i := 0; i < 4; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// sharedDigits is the number of leading digits two parsed DISCO-08 codes share (0–4),
// or -1 if either is invalid.
func sharedDigits(a, b int) int {
	if a < 0 || b < 0 {
		return -1
	}
	switch {
	case a == b:
		return 4
	case a/10 == b/10:
		return 3
	case a/100 == b/100:
		return 2
	case a/1000 == b/1000:
		return 1
	}
	return 0
}

func occupationScore(digits int) float64 { return float64(max(digits, 0)) / 4 }

func skillScore(have, asked int) float64 {
	if asked == 0 {
		return 1
	}
	return float64(have) / float64(asked)
}

func distanceScore(km, radius float64) float64 {
	switch {
	case km <= radius/2:
		return 1
	case km >= radius:
		return 0
	}
	return (radius - km) / (radius / 2)
}

// hoursScore is the overlap coefficient |W ∩ O| / min(|W|, |O|) of the wanted and
// offered ranges; 1 when the shorter range is a single number inside the other, 0 when
// they are disjoint, and 0.5 when either is not stated (Max ≤ 0).
func hoursScore(want, offer pejling.HoursRange) float64 {
	if want.Max <= 0 || offer.Max <= 0 {
		return 0.5
	}
	wlo, whi := min(want.Min, want.Max), max(want.Min, want.Max)
	olo, ohi := min(offer.Min, offer.Max), max(offer.Min, offer.Max)
	ov := min(whi, ohi) - max(wlo, olo)
	if ov < 0 {
		return 0
	}
	shorter := min(whi-wlo, ohi-olo)
	if shorter == 0 {
		return 1
	}
	return ov / shorter
}

func educationScore(level, minimum int) float64 {
	if level >= minimum {
		return 1
	}
	return max(0, 1-0.5*float64(minimum-level))
}

func radians(p pejling.LatLon) (lat, lon, cosLat float64) {
	lat, lon = p.Lat*(math.Pi/180), p.Lon*(math.Pi/180)
	return lat, lon, math.Cos(lat)
}

// haversineKm is the great-circle distance 2R·asin √(sin²(Δφ/2) + cos φ₁ cos φ₂ sin²(Δλ/2))
// between two points given in radians with the cosines of their latitudes.
func haversineKm(lat1, lon1, cos1, lat2, lon2, cos2 float64) float64 {
	s1 := math.Sin((lat2 - lat1) / 2)
	s2 := math.Sin((lon2 - lon1) / 2)
	a := s1*s1 + cos1*cos2*s2*s2
	return 2 * earthRadiusKm * math.Asin(math.Sqrt(min(1, a)))
}

// entry is a candidate in a topK heap: id breaks ties for callers without an Index,
// rank (the position of the id in sorted order) for Index.
type entry struct {
	score float64
	rank  int32
	idx   int32
	id    string
}

// worse reports whether a ranks below b: a lower score, or an equal score and a later id.
func worse(a, b *entry) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	if a.rank != b.rank {
		return a.rank > b.rank
	}
	if c := strings.Compare(a.id, b.id); c != 0 {
		return c > 0
	}
	return a.idx > b.idx
}

// topK is a bounded min-heap: its root is the worst of the best k seen so far.
type topK []entry

func (h topK) Len() int           { return len(h) }
func (h topK) Less(i, j int) bool { return worse(&h[i], &h[j]) }
func (h topK) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *topK) Push(x any)        { *h = append(*h, x.(entry)) }
func (h *topK) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// offer adds e if it is among the best k; it never boxes e, so it does not allocate
// once the heap has its capacity.
func (h *topK) offer(k int, e entry) {
	if len(*h) < k {
		*h = append(*h, e)
		heap.Fix(h, len(*h)-1)
		return
	}
	if worse(&(*h)[0], &e) {
		(*h)[0] = e
		heap.Fix(h, 0)
	}
}

// sorted returns the entries best first.
func (h topK) sorted() []entry {
	s := slices.Clone(h)
	slices.SortFunc(s, func(a, b entry) int {
		if worse(&a, &b) {
			return 1
		}
		if worse(&b, &a) {
			return -1
		}
		return cmp.Compare(a.idx, b.idx)
	})
	return s
}
