package employer_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// aarhus is where the hand-worked order is.
var aarhus = pejling.LatLon{Lat: 56.1629, Lon: 10.2039}

// north returns the point km due north of p: along a meridian the haversine distance is
// R·Δφ, so the distance comes back as km up to rounding.
func north(p pejling.LatLon, km float64) pejling.LatLon {
	return pejling.LatLon{Lat: p.Lat + km/6371.0088*180/math.Pi, Lon: p.Lon}
}

func handOrder() pejling.Vacancy {
	return pejling.Vacancy{
		ID: "o1", Kind: pejling.VacancyOrder, Occupation: "2512",
		Skills:       []string{"go", "sql", "linux", "docker"},
		MinEducation: 6, Location: aarhus,
		Hours: pejling.HoursRange{Min: 37, Max: 37},
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestScoreHandWorked checks three profiles against handOrder with the default weights
// 40/20/15/10/10/5 (sum 100, so points are weight × component score).
func TestScoreHandWorked(t *testing.T) {
	v := handOrder()
	tests := []struct {
		name  string
		p     pejling.Profile
		parts [6]float64 // occupation, skills, distance, hours, education, licence
		score float64
	}{{
		// 2512 = 2512 → 1 · 40; go, sql of 4 → 0.5 · 20 = 10; 0 km of 30 → 1 · 15;
		// 37 inside 30–37 → 1 · 10; level 6 ≥ 6 → 1 · 10; no licence asked → 1 · 5.
		// 40 + 10 + 15 + 10 + 10 + 5 = 90.
		name: "Exact",
		p: pejling.Profile{PersonID: "a", Occupations: []string{"2511", "2512"},
			Skills: []string{"go", "sql", "excel"}, Education: 6, Home: aarhus, RadiusKm: 30,
			Hours: pejling.HoursRange{Min: 30, Max: 37}},
		parts: [6]float64{1, 0.5, 1, 1, 1, 1},
		score: 90,
	}, {
		// 2519 shares 251 → 0.75 · 40 = 30; go of 4 → 0.25 · 20 = 5;
		// 20 km of 30: (30 − 20)/15 = 2/3 → 10; 20–30 vs 37 disjoint → 0;
		// level 5 vs 6, one short → 0.5 · 10 = 5; licence 5.
		// 30 + 5 + 10 + 0 + 5 + 5 = 55.
		name: "Partial",
		p: pejling.Profile{PersonID: "b", Occupations: []string{"2519"}, Skills: []string{"go"},
			Education: 5, DrivingLicence: true, Home: north(aarhus, 20), RadiusKm: 30,
			Hours: pejling.HoursRange{Min: 20, Max: 30}},
		parts: [6]float64{0.75, 0.25, 2.0 / 3, 0, 0.5, 1},
		score: 55,
	}, {
		// 2421 shares the major group 2 → 0.25 · 40 = 10; no skills → 0;
		// 0 km → 15; hours not stated → 0.5 · 10 = 5; level 3 vs 6, three short →
		// max(0, 1 − 1.5) = 0; licence 5. 10 + 0 + 15 + 5 + 0 + 5 = 35.
		name: "Weak",
		p: pejling.Profile{PersonID: "c", Occupations: []string{"2421"}, Education: 3,
			Home: aarhus, RadiusKm: 30},
		parts: [6]float64{0.25, 0, 1, 0.5, 0, 1},
		score: 35,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := employer.Score(tt.p, v, employer.DefaultMatchWeights())
			if m.Excluded != "" {
				t.Fatalf("excluded by %s", m.Excluded)
			}
			if !near(m.Score, tt.score) {
				t.Errorf("score %v, want %v", m.Score, tt.score)
			}
			sum := 0.0
			for i, pt := range m.Parts {
				if pt.Component != employer.Components[i] {
					t.Errorf("part %d is %s, want %s", i, pt.Component, employer.Components[i])
				}
				if !near(pt.Score, tt.parts[i]) {
					t.Errorf("%s: %v, want %v", pt.Component, pt.Score, tt.parts[i])
				}
				sum += pt.Points
			}
			if !near(sum, m.Score) {
				t.Errorf("points add up to %v, score %v", sum, m.Score)
			}
		})
	}
}

func TestScoreReasons(t *testing.T) {
	p := pejling.Profile{PersonID: "b", Occupations: []string{"2519"}, Skills: []string{"go"},
		Education: 5, DrivingLicence: true, Home: north(aarhus, 12), RadiusKm: 30,
		Hours: pejling.HoursRange{Min: 18.5, Max: 30}}
	m := employer.Score(p, handOrder(), employer.DefaultMatchWeights())
	want := map[string][]string{
		"da": {
			"Ønsket stilling 2519 og ordrens 2512 deler de første 3 cifre (251)",
			"1 af 4 ønskede kompetencer",
			"12 km af 30 km radius",
			"Ønsker 18,5–30 timer, ordren tilbyder 37",
			"Uddannelsesniveau 5, krævet 6 (1 under)",
			"Kørekort kræves ikke",
		},
		"en": {
			"Wanted occupation 2519 and the order's 2512 share the first 3 digits (251)",
			"1 of 4 skills asked for",
			"12 km of a 30 km radius",
			"Wants 18.5–30 hours, the order offers 37",
			"Education level 5, required 6 (1 short)",
			"No driving licence required",
		},
	}
	for lang, texts := range want {
		for i, pt := range m.Parts {
			if got := pt.Reason.Text(lang); got != texts[i] {
				t.Errorf("%s %s: %q, want %q", lang, pt.Component, got, texts[i])
			}
		}
	}
	exact := employer.Score(pejling.Profile{PersonID: "a", Occupations: []string{"2512"}, Home: aarhus}, handOrder(), employer.MatchWeights{})
	if got := exact.Parts[0].Reason.Text("da"); got != "Ønsket stilling 2512 = ordrens 2512" {
		t.Errorf("exact: %q", got)
	}
}

// TestReasonText renders reasons built by hand, for the branches Score rarely reaches.
func TestReasonText(t *testing.T) {
	slot := pejling.VacancySlot
	tests := []struct {
		r      employer.Reason
		da, en string
	}{
		{employer.Reason{Component: employer.CompOccupation, Kind: slot, Wanted: "2512", Offered: "2512", Digits: 4},
			"Ønsket stilling 2512 = pladsens 2512", "Wanted occupation 2512 = the slot's 2512"},
		{employer.Reason{Component: employer.CompOccupation, Offered: "2512"},
			"Ingen ønskede stillinger angivet; ordrens 2512", "No wanted occupations given; the order's 2512"},
		{employer.Reason{Component: employer.CompOccupation, Wanted: "7233", Offered: "2512"},
			"Ingen ønsket stilling ligner ordrens 2512", "No wanted occupation is close to the order's 2512"},
		{employer.Reason{Component: employer.CompSkills, Kind: slot},
			"Pladsen kræver ingen særlige kompetencer", "The slot asks for no particular skills"},
		{employer.Reason{Component: employer.CompHours},
			"Timetal ikke oplyst", "Hours not stated"},
		{employer.Reason{Component: employer.CompHours, Offer: employer.HoursOverlap{Min: 20, Max: 37}},
			"Ønsket timetal ikke oplyst; ordren tilbyder 20–37 timer", "Wanted hours not stated; the order offers 20–37 hours"},
		{employer.Reason{Component: employer.CompHours, Want: employer.HoursOverlap{Min: 37, Max: 37}},
			"Ønsker 37 timer; ordrens timetal ikke oplyst", "Wants 37 hours; the order's hours not stated"},
		{employer.Reason{Component: employer.CompEducation, Level: 7, MinLevel: 3},
			"Uddannelsesniveau 7 ≥ krævet 3", "Education level 7 ≥ required 3"},
		{employer.Reason{Component: employer.CompLicence, Required: true, Has: true},
			"Kørekort kræves og haves", "Driving licence required and held"},
	}
	for _, tt := range tests {
		if got := tt.r.Text("da"); got != tt.da {
			t.Errorf("da: %q, want %q", got, tt.da)
		}
		if got := tt.r.Text("en"); got != tt.en {
			t.Errorf("en: %q, want %q", got, tt.en)
		}
	}
}

// TestScoreComponents walks the edge cases of each component, one change at a time
// from a profile that matches handOrder fully on everything else.
func TestScoreComponents(t *testing.T) {
	base := func() pejling.Profile {
		return pejling.Profile{PersonID: "x", Occupations: []string{"2512"},
			Skills: []string{"go", "sql", "linux", "docker"}, Education: 6, Home: aarhus,
			RadiusKm: 30, Hours: pejling.HoursRange{Min: 37, Max: 37}}
	}
	tests := []struct {
		name   string
		comp   int
		change func(*pejling.Profile, *pejling.Vacancy)
		want   float64
	}{
		{"OccupationExact", 0, func(p *pejling.Profile, v *pejling.Vacancy) {}, 1},
		{"OccupationMinor", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = []string{"2513"} }, 0.75},
		{"OccupationSubMajor", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = []string{"2521"} }, 0.5},
		{"OccupationMajor", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = []string{"2611"} }, 0.25},
		{"OccupationNone", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = []string{"7233"} }, 0},
		{"OccupationBestOfSeveral", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = []string{"7233", "2611", "2513"} }, 0.75},
		{"OccupationEmpty", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = nil }, 0},
		{"OccupationInvalid", 0, func(p *pejling.Profile, v *pejling.Vacancy) { p.Occupations = []string{"251", "25120", "25a2"} }, 0},
		{"OccupationLeadingZero", 0, func(p *pejling.Profile, v *pejling.Vacancy) {
			p.Occupations, v.Occupation = []string{"0110"}, "0210"
		}, 0.25},
		{"OccupationVacancyInvalid", 0, func(p *pejling.Profile, v *pejling.Vacancy) { v.Occupation = "" }, 0},
		{"SkillsAll", 1, func(p *pejling.Profile, v *pejling.Vacancy) {}, 1},
		{"SkillsNoneAsked", 1, func(p *pejling.Profile, v *pejling.Vacancy) { v.Skills = nil }, 1},
		{"SkillsNoneHeld", 1, func(p *pejling.Profile, v *pejling.Vacancy) { p.Skills = nil }, 0},
		{"SkillsDuplicatesCountOnce", 1, func(p *pejling.Profile, v *pejling.Vacancy) {
			v.Skills = []string{"go", "go", "rust", ""}
			p.Skills = []string{"go", "go"}
		}, 0.5},
		{"SkillsCaseSensitive", 1, func(p *pejling.Profile, v *pejling.Vacancy) { p.Skills = []string{"Go", "SQL", "linux"} }, 0.25},
		{"DistanceZero", 2, func(p *pejling.Profile, v *pejling.Vacancy) {}, 1},
		{"DistanceHalfRadius", 2, func(p *pejling.Profile, v *pejling.Vacancy) { p.Home = north(aarhus, 14.999) }, 1},
		{"DistanceThreeQuarters", 2, func(p *pejling.Profile, v *pejling.Vacancy) { p.Home = north(aarhus, 22.5) }, 0.5},
		{"DistanceDefaultRadius", 2, func(p *pejling.Profile, v *pejling.Vacancy) { p.RadiusKm = 0; p.Home = north(aarhus, 22.5) }, 0.5},
		{"HoursPointInside", 3, func(p *pejling.Profile, v *pejling.Vacancy) { p.Hours = pejling.HoursRange{Min: 30, Max: 37} }, 1},
		{"HoursPointOutside", 3, func(p *pejling.Profile, v *pejling.Vacancy) { p.Hours = pejling.HoursRange{Min: 20, Max: 30} }, 0},
		{"HoursHalfOverlap", 3, func(p *pejling.Profile, v *pejling.Vacancy) {
			p.Hours, v.Hours = pejling.HoursRange{Min: 15, Max: 25}, pejling.HoursRange{Min: 20, Max: 37}
		}, 0.5},
		{"HoursTouching", 3, func(p *pejling.Profile, v *pejling.Vacancy) {
			p.Hours, v.Hours = pejling.HoursRange{Min: 10, Max: 20}, pejling.HoursRange{Min: 20, Max: 30}
		}, 0},
		{"HoursReversed", 3, func(p *pejling.Profile, v *pejling.Vacancy) { p.Hours = pejling.HoursRange{Min: 37, Max: 30} }, 1},
		{"HoursWantNotStated", 3, func(p *pejling.Profile, v *pejling.Vacancy) { p.Hours = pejling.HoursRange{} }, 0.5},
		{"HoursOfferNotStated", 3, func(p *pejling.Profile, v *pejling.Vacancy) { v.Hours = pejling.HoursRange{} }, 0.5},
		{"EducationAbove", 4, func(p *pejling.Profile, v *pejling.Vacancy) { p.Education = 8 }, 1},
		{"EducationOneShort", 4, func(p *pejling.Profile, v *pejling.Vacancy) { p.Education = 5 }, 0.5},
		{"EducationTwoShort", 4, func(p *pejling.Profile, v *pejling.Vacancy) { p.Education = 4 }, 0},
		{"EducationNoneAsked", 4, func(p *pejling.Profile, v *pejling.Vacancy) { p.Education, v.MinEducation = 0, 0 }, 1},
		{"LicenceHeldAndRequired", 5, func(p *pejling.Profile, v *pejling.Vacancy) { p.DrivingLicence, v.DrivingLicence = true, true }, 1},
		{"LicenceNotRequired", 5, func(p *pejling.Profile, v *pejling.Vacancy) { p.DrivingLicence = false }, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, v := base(), handOrder()
			tt.change(&p, &v)
			m := employer.Score(p, v, employer.DefaultMatchWeights())
			if m.Excluded != "" {
				t.Fatalf("excluded by %s", m.Excluded)
			}
			if got := m.Parts[tt.comp].Score; math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("%s = %v, want %v", employer.Components[tt.comp], got, tt.want)
			}
		})
	}
}

func TestScoreExclusion(t *testing.T) {
	w := employer.DefaultMatchWeights()
	p := pejling.Profile{PersonID: "x", Occupations: []string{"2512"}, Home: aarhus, RadiusKm: 30}
	t.Run("LicenceMissing", func(t *testing.T) {
		v := handOrder()
		v.DrivingLicence = true
		m := employer.Score(p, v, w)
		if m.Excluded != employer.CompLicence || m.Score != 0 {
			t.Errorf("excluded %q score %v, want licence and 0", m.Excluded, m.Score)
		}
		if got := m.Parts[5].Reason.Text("en"); got != "Driving licence required and missing" {
			t.Errorf("reason %q", got)
		}
		if m.Parts[0].Score != 1 {
			t.Errorf("an excluded pair still explains every part; occupation %v", m.Parts[0].Score)
		}
		if got := employer.BestCandidates(v, []pejling.Profile{p}, 5, w); len(got) != 0 {
			t.Errorf("BestCandidates kept an excluded pair: %+v", got)
		}
	})
	t.Run("BeyondRadius", func(t *testing.T) {
		q := p
		q.Home = north(aarhus, 31)
		m := employer.Score(q, handOrder(), w)
		if m.Excluded != employer.CompDistance || m.Score != 0 {
			t.Errorf("excluded %q score %v, want distance and 0", m.Excluded, m.Score)
		}
		if got := m.Parts[2].Reason.Text("da"); got != "31 km – uden for 30 km radius" {
			t.Errorf("reason %q", got)
		}
		x := employer.NewIndex([]pejling.Profile{q})
		if got := x.BestCandidates(handOrder(), 5, w); len(got) != 0 {
			t.Errorf("Index kept a pair beyond the radius: %+v", got)
		}
		keep := w
		keep.KeepBeyondRadius = true
		m = employer.Score(q, handOrder(), keep)
		if m.Excluded != "" || m.Parts[2].Score != 0 {
			t.Errorf("KeepBeyondRadius: excluded %q distance %v, want kept with 0", m.Excluded, m.Parts[2].Score)
		}
		if got := x.BestCandidates(handOrder(), 5, keep); len(got) != 1 || got[0].Score != m.Score {
			t.Errorf("Index with KeepBeyondRadius: %+v, want one with score %v", got, m.Score)
		}
	})
	t.Run("JustInsideRadius", func(t *testing.T) {
		q := p
		q.Home = north(aarhus, 29.99)
		for _, got := range [][]employer.Match{
			employer.BestCandidates(handOrder(), []pejling.Profile{q}, 5, w),
			employer.NewIndex([]pejling.Profile{q}).BestCandidates(handOrder(), 5, w),
		} {
			if len(got) != 1 {
				t.Errorf("got %d matches, want 1 (29.99 km of 30)", len(got))
			}
		}
	})
}

func TestMatchWeights(t *testing.T) {
	p := pejling.Profile{PersonID: "x", Occupations: []string{"2519"}, Home: aarhus, RadiusKm: 30}
	v := handOrder()
	if a, b := employer.Score(p, v, employer.MatchWeights{}), employer.Score(p, v, employer.DefaultMatchWeights()); a.Score != b.Score {
		t.Errorf("zero weights scored %v, defaults %v", a.Score, b.Score)
	}
	// Only occupation counts: 2519 vs 2512 → 0.75 → 75.
	if m := employer.Score(p, v, employer.MatchWeights{Occupation: 3}); !near(m.Score, 75) {
		t.Errorf("occupation only: %v, want 75", m.Score)
	}
	defer func() {
		if recover() == nil {
			t.Error("a negative weight did not panic")
		}
	}()
	employer.Score(p, v, employer.MatchWeights{Skills: -1})
}

// TestTiesByID gives identical profiles in shuffled order: the ranking must follow the
// ids, the same in every direction.
func TestTiesByID(t *testing.T) {
	var ps []pejling.Profile
	for _, id := range []string{"p07", "p03", "p10", "p01", "p05", "p02"} {
		ps = append(ps, pejling.Profile{PersonID: id, Occupations: []string{"2512"}, Home: aarhus, RadiusKm: 30})
	}
	ps = append(ps, pejling.Profile{PersonID: "p00", Occupations: []string{"9999"}, Home: aarhus, RadiusKm: 30})
	want := []string{"p01", "p02", "p03"}
	for name, got := range map[string][]employer.Match{
		"Slice": employer.BestCandidates(handOrder(), ps, 3, employer.DefaultMatchWeights()),
		"Index": employer.NewIndex(ps).BestCandidates(handOrder(), 3, employer.DefaultMatchWeights()),
	} {
		if ids := personIDs(got); !slices.Equal(ids, want) {
			t.Errorf("%s: %v, want %v", name, ids, want)
		}
	}
	var vs []pejling.Vacancy
	for _, id := range []string{"v9", "v2", "v5", "v1"} {
		v := handOrder()
		v.ID = id
		vs = append(vs, v)
	}
	got := employer.BestVacancies(ps[0], vs, 3, employer.DefaultMatchWeights())
	var ids []string
	for _, m := range got {
		ids = append(ids, m.VacancyID)
	}
	if want := []string{"v1", "v2", "v5"}; !slices.Equal(ids, want) {
		t.Errorf("BestVacancies: %v, want %v", ids, want)
	}
}

func TestBestEdgeCases(t *testing.T) {
	w := employer.DefaultMatchWeights()
	ps := genProfiles(50, 3)
	x := employer.NewIndex(ps)
	if got := x.BestCandidates(handOrder(), 0, w); got != nil {
		t.Errorf("k = 0: %v", got)
	}
	if got := employer.NewIndex(nil).BestCandidates(handOrder(), 5, w); got != nil {
		t.Errorf("empty index: %v", got)
	}
	if got := employer.BestVacancies(ps[0], nil, 5, w); len(got) != 0 {
		t.Errorf("no vacancies: %v", got)
	}
	keep := w
	keep.KeepBeyondRadius = true
	if got := x.BestCandidates(handOrder(), 1000, keep); len(got) != len(ps) {
		t.Errorf("k > n with nothing excluded: %d matches, want %d", len(got), len(ps))
	}
}

// TestBothDirections checks that a pair scores the same whichever side asks.
func TestBothDirections(t *testing.T) {
	w := employer.DefaultMatchWeights()
	ps := genProfiles(300, 7)
	vs := genVacancies(40, 8)
	x := employer.NewIndex(ps)
	byPair := map[[2]string]float64{}
	for _, v := range vs {
		for _, m := range x.BestCandidates(v, len(ps), w) {
			byPair[[2]string{m.PersonID, m.VacancyID}] = m.Score
		}
	}
	n := 0
	for _, p := range ps {
		for _, m := range employer.BestVacancies(p, vs, len(vs), w) {
			n++
			s, ok := byPair[[2]string{m.PersonID, m.VacancyID}]
			if !ok {
				t.Fatalf("%s–%s ranked for the citizen, not for the order", m.PersonID, m.VacancyID)
			}
			if s != m.Score {
				t.Fatalf("%s–%s: %v for the citizen, %v for the order", m.PersonID, m.VacancyID, m.Score, s)
			}
		}
	}
	if n != len(byPair) || n == 0 {
		t.Errorf("%d pairs for citizens, %d for orders", n, len(byPair))
	}
}

// naiveBestCandidates is the witness: it explains every profile with Score, sorts all
// of them and takes the first k, sharing nothing with the top-k code.
func naiveBestCandidates(v pejling.Vacancy, ps []pejling.Profile, k int, w employer.MatchWeights) []employer.Match {
	var all []employer.Match
	for _, p := range ps {
		if m := employer.Score(p, v, w); m.Excluded == "" {
			all = append(all, m)
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].Score != all[j].Score {
			return all[i].Score > all[j].Score
		}
		return all[i].PersonID < all[j].PersonID
	})
	return all[:min(k, len(all))]
}

func TestBestCandidatesWitness(t *testing.T) {
	ps := genProfiles(10_000, 11)
	// Coarse copies of some profiles make exact ties likely.
	r := rand.New(rand.NewPCG(11, 12))
	for i := 0; i < 500; i++ {
		q := ps[r.IntN(len(ps))]
		q.PersonID = fmt.Sprintf("q%04d", i)
		ps = append(ps, q)
	}
	x := employer.NewIndex(ps)
	vs := genVacancies(30, 12)
	for _, keep := range []bool{false, true} {
		w := employer.DefaultMatchWeights()
		w.KeepBeyondRadius = keep
		for _, v := range vs {
			for _, k := range []int{1, 20, 200} {
				want := naiveBestCandidates(v, ps, k, w)
				for name, got := range map[string][]employer.Match{
					"Index": x.BestCandidates(v, k, w),
					"Slice": employer.BestCandidates(v, ps, k, w),
				} {
					if !sameMatches(got, want) {
						t.Fatalf("%s keep=%v order %s k=%d:\n got %v\nwant %v", name, keep, v.ID, k, summary(got), summary(want))
					}
				}
			}
		}
	}
}

func sameMatches(a, b []employer.Match) bool {
	return slices.EqualFunc(a, b, func(x, y employer.Match) bool {
		return x.PersonID == y.PersonID && x.VacancyID == y.VacancyID && x.Score == y.Score
	})
}

func personIDs(ms []employer.Match) []string {
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.PersonID)
	}
	return ids
}

func summary(ms []employer.Match) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "%s:%.4f ", m.PersonID, m.Score)
	}
	return b.String()
}

func ExampleScore() {
	order := pejling.Vacancy{ID: "o1", Occupation: "2512", Skills: []string{"go", "sql"},
		MinEducation: 6, Location: pejling.LatLon{Lat: 56.1629, Lon: 10.2039},
		Hours: pejling.HoursRange{Min: 37, Max: 37}}
	citizen := pejling.Profile{PersonID: "p1", Occupations: []string{"2512"},
		Skills: []string{"go"}, Education: 6, Home: pejling.LatLon{Lat: 56.25, Lon: 10.2039},
		RadiusKm: 30, Hours: pejling.HoursRange{Min: 30, Max: 37}}
	m := employer.Score(citizen, order, employer.DefaultMatchWeights())
	fmt.Printf("%.1f\n", m.Score)
	for _, pt := range m.Parts {
		fmt.Printf("%-10s %4.1f  %s\n", pt.Component, pt.Points, pt.Reason.Text("en"))
	}
	// Output:
	// 90.0
	// occupation 40.0  Wanted occupation 2512 = the order's 2512
	// skills     10.0  1 of 2 skills asked for
	// distance   15.0  10 km of a 30 km radius
	// hours      10.0  Wants 30–37 hours, the order offers 37
	// education  10.0  Education level 6 ≥ required 6
	// licence     5.0  No driving licence required
}
