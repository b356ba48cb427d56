package employer_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

func TestDefaultCatalogue(t *testing.T) {
	c := employer.DefaultCatalogue()
	if len(c.Themes) != 13 {
		t.Fatalf("default catalogue has %d themes, want 13", len(c.Themes))
	}
	for _, th := range c.Themes {
		if n := len(th.Indicators); n < 3 || n > 6 {
			t.Errorf("theme %s has %d indicators, want 3–6", th.ID, n)
		}
		if th.Name.DA == "" || th.Name.EN == "" {
			t.Errorf("theme %s lacks a Danish or English name", th.ID)
		}
		if got, ok := c.Theme(th.ID); !ok || got.ID != th.ID {
			t.Errorf("Theme(%q) = %v, %v", th.ID, got.ID, ok)
		}
	}
	if c.Scale.Min != 1 || c.Scale.Max != 10 || c.Scale.Low.DA == "" || c.Scale.High.EN == "" {
		t.Errorf("scale = %+v, want 1–10 with labels for both ends", c.Scale)
	}
	if !strings.Contains(c.Comment, "NOT an official") {
		t.Errorf("comment does not say the catalogue is a default, not an official instrument: %q", c.Comment)
	}
	if th, _ := c.Theme("mental_health"); th.Name.In("da") != "Mentalt helbred" || th.Name.In("en") != "Mental health" {
		t.Errorf("mental_health is named %+v", th.Name)
	}
}

// catalogueJSON is a small valid catalogue; the cases of TestLoadCatalogue break it in
// one place each.
const catalogueJSON = `{
  "comment": "test",
  "scale": {"min": 1, "max": 10, "low": {"da": "slet ikke", "en": "not at all"}, "high": {"da": "fuldt ud", "en": "fully"}},
  "themes": [
    {"id": "health", "name": {"da": "Helbred", "en": "Health"}, "indicators": [
      {"id": "sleep", "text": {"da": "Søvn", "en": "Sleep"}},
      {"id": "pain", "text": {"da": "Smerter", "en": "Pain"}},
      {"id": "energy", "text": {"da": "Energi", "en": "Energy"}}]},
    {"id": "network", "name": {"da": "Netværk", "en": "Network"}, "indicators": [
      {"id": "family", "text": {"da": "Familie", "en": "Family"}},
      {"id": "friends", "text": {"da": "Venner", "en": "Friends"}},
      {"id": "contacts", "text": {"da": "Kontakter", "en": "Contacts"}}]}
  ]
}`

func TestLoadCatalogue(t *testing.T) {
	t.Run("Valid", func(t *testing.T) {
		c, err := employer.LoadCatalogue(strings.NewReader(catalogueJSON))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Themes) != 2 || c.Themes[1].Indicators[2].Text.EN != "Contacts" {
			t.Errorf("read %+v", c.Themes)
		}
	})
	ind := func(id string) string { return `{"id": "` + id + `", "text": {"da": "x", "en": "x"}}` }
	energy := `{"id": "energy", "text": {"da": "Energi", "en": "Energy"}}`
	for _, tt := range []struct {
		name, old, new, want string
	}{
		{"UnknownField", `"comment": "test"`, `"comment": "test", "colour": "red"`, `unknown field "colour"`},
		{"UnknownFieldInIndicator", `{"id": "sleep",`, `{"id": "sleep", "weight": 2,`, `unknown field "weight"`},
		{"NotJSON", `"themes": [`, `"themes": [[`, "not valid JSON"},
		{"TextAfter", "\n}", "\n} {}", "text after the JSON object"},
		{"ScaleMin", `"min": 1`, `"min": 0`, "scale: min and max must be 1 and 10, not 0 and 10"},
		{"ScaleMax", `"max": 10`, `"max": 5`, "scale: min and max must be 1 and 10"},
		{"ScaleLabelMissing", `"high": {"da": "fuldt ud", "en": "fully"}`, `"high": {"da": "fuldt ud"}`, "scale.high.en is empty"},
		{"DuplicateTheme", `{"id": "network"`, `{"id": "health"`, `theme 2 ("health"): the id appears twice`},
		{"BadThemeID", `{"id": "network"`, `{"id": "Net work"`, `theme 2 ("Net work"): id must be`},
		{"ThemeNameMissing", `"name": {"da": "Netværk", "en": "Network"}`, `"name": {"en": "Network"}`, `theme 2 ("network"): name.da is empty`},
		{"DuplicateIndicator", `{"id": "friends"`, `{"id": "pain"`, `theme 2 ("network"): indicator 2 ("pain"): the id is already used in theme "health"`},
		{"IndicatorTextMissing", `"text": {"da": "Venner", "en": "Friends"}`, `"text": {"da": "Venner", "en": " "}`, `indicator 2 ("friends"): text.en is empty`},
		{"TooFewIndicators", `,
      {"id": "energy", "text": {"da": "Energi", "en": "Energy"}}`, ``, `theme 1 ("health"): 2 indicators, must be 3–6`},
		{"TooManyIndicators", energy, strings.Join([]string{energy, ind("a1"), ind("a2"), ind("a3"), ind("a4")}, ","), `theme 1 ("health"): 7 indicators, must be 3–6`},
		{"TooLongText", `"Søvn"`, `"` + strings.Repeat("ø", 201) + `"`, "text.da is longer than 200 characters"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(catalogueJSON, tt.old, tt.new, 1)
			if in == catalogueJSON {
				t.Fatalf("the case changes nothing: %q not found", tt.old)
			}
			_, err := employer.LoadCatalogue(strings.NewReader(in))
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if msg := pejling.ErrorMessage(err); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
		})
	}
	t.Run("OnlyOneTheme", func(t *testing.T) {
		in := catalogueJSON[:strings.Index(catalogueJSON, `,
    {"id": "network"`)] + "]}"
		_, err := employer.LoadCatalogue(strings.NewReader(in))
		if msg := pejling.ErrorMessage(err); !strings.Contains(msg, "themes: 1 themes, must be 2–40") {
			t.Errorf("err = %v", err)
		}
	})
}

var (
	jan10 = pejling.MustParseDate("2024-01-10")
	feb10 = pejling.MustParseDate("2024-02-10")
	mar10 = pejling.MustParseDate("2024-03-10")
)

// score is a ProgressionScore of person p scored by user 7.
func score(p, theme, indicator string, v int, d pejling.Date) pejling.ProgressionScore {
	return pejling.ProgressionScore{PersonID: p, Theme: theme, Indicator: indicator, Score: v, Date: d, ScoredBy: 7}
}

func TestValidateScores(t *testing.T) {
	c := employer.DefaultCatalogue()
	today := feb10
	ok := score("p1", "network", "job_contacts", 5, jan10)
	for _, tt := range []struct {
		name string
		edit func(*pejling.ProgressionScore)
		want string // "" for valid
	}{
		{"Valid", func(*pejling.ProgressionScore) {}, ""},
		{"ScoreOfToday", func(s *pejling.ProgressionScore) { s.Date = today }, ""},
		{"ScoreEnds", func(s *pejling.ProgressionScore) { s.Score = 10 }, ""},
		{"ScoreZero", func(s *pejling.ProgressionScore) { s.Score = 0 }, `entry 1 (person "p1", indicator "job_contacts", 2024-01-10): score 0 outside 1–10`},
		{"ScoreEleven", func(s *pejling.ProgressionScore) { s.Score = 11 }, "score 11 outside 1–10"},
		{"UnknownTheme", func(s *pejling.ProgressionScore) { s.Theme = "luck" }, `unknown theme "luck"`},
		{"UnknownIndicator", func(s *pejling.ProgressionScore) { s.Indicator = "pets" }, `indicator "pets", 2024-01-10): unknown indicator of theme "network"`},
		{"IndicatorOfOtherTheme", func(s *pejling.ProgressionScore) { s.Indicator = "cv_ready" }, `the indicator belongs to theme "job_search", not "network"`},
		{"Future", func(s *pejling.ProgressionScore) { s.Date = today + 1 }, "the conversation is in the future (today is 2024-02-10)"},
		{"NoPerson", func(s *pejling.ProgressionScore) { s.PersonID = "" }, "the person is missing"},
		{"NoScorer", func(s *pejling.ProgressionScore) { s.ScoredBy = 0 }, "who scored it is missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			err := c.ValidateScores([]pejling.ProgressionScore{s}, today)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want EINVALID with %q", err, tt.want)
			}
		})
	}
	t.Run("TwiceAtOneConversation", func(t *testing.T) {
		again := ok
		again.Score = 6
		otherDay, otherPerson := ok, ok
		otherDay.Date, otherPerson.PersonID = feb10, "p2"
		err := c.ValidateScores([]pejling.ProgressionScore{ok, otherDay, otherPerson, again}, today)
		want := `progression scores: entry 4 (person "p1", indicator "job_contacts", 2024-01-10): the indicator is scored twice at the conversation (also entry 1)`
		if pejling.ErrorMessage(err) != want {
			t.Errorf("err = %v\nwant %s", err, want)
		}
	})
	t.Run("ManyProblems", func(t *testing.T) {
		bad := make([]pejling.ProgressionScore, 12)
		for i := range bad {
			bad[i] = ok
			bad[i].Score = 0
		}
		msg := pejling.ErrorMessage(c.ValidateScores(bad, today))
		if strings.Count(msg, "outside 1–10") != 10 || !strings.HasSuffix(msg, "; and 2 more") {
			t.Errorf("message %q: want ten problems and a count of the rest", msg)
		}
	})
}

func TestValidateFocus(t *testing.T) {
	c := employer.DefaultCatalogue()
	ok := pejling.FocusThemes{PersonID: "p1", Themes: []string{"network", "job_search"}, From: jan10}
	for _, tt := range []struct {
		name   string
		themes []string
		person string
		want   string
	}{
		{"Two", []string{"network", "job_search"}, "p1", ""},
		{"Three", []string{"network", "job_search", "mental_health"}, "p1", ""},
		{"One", []string{"network"}, "p1", `focus entry 1 (person "p1", from 2024-01-10): 1 themes, must be 2–3`},
		{"Four", []string{"network", "job_search", "mental_health", "work_identity"}, "p1", "4 themes, must be 2–3"},
		{"UnknownTheme", []string{"network", "luck"}, "p1", `unknown theme "luck"`},
		{"Twice", []string{"network", "network"}, "p1", `theme "network" chosen twice`},
		{"NoPerson", []string{"network", "job_search"}, "", "the person is missing"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := ok
			f.Themes, f.PersonID = tt.themes, tt.person
			err := c.ValidateFocus([]pejling.FocusThemes{f})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want EINVALID with %q", err, tt.want)
			}
		})
	}
	t.Run("TwoChoicesOneDay", func(t *testing.T) {
		other := ok
		other.Themes = []string{"network", "mental_health"}
		err := c.ValidateFocus([]pejling.FocusThemes{ok, other})
		if !strings.Contains(pejling.ErrorMessage(err), "focus entry 2 (person \"p1\", from 2024-01-10): the person has another choice from the same day (focus entry 1)") {
			t.Errorf("err = %v", err)
		}
	})
}

// personScores are the scores of TestProgressionOf, worked by hand:
//
//	work_identity  2024-01-10: sees_self_in_job 3, knows_job_goal 5        → (3+5)/2   = 4
//	               2024-03-10: sees_self_in_job 6, knows_job_goal 7,
//	                           believes_in_job 8                           → (6+7+8)/3 = 7
//	               first 4, latest 7, change 3
//	mental_health  2024-01-10: copes_with_stress 2                         → 2
//	               2024-02-10: copes_with_stress 5, wellbeing 4            → (5+4)/2   = 4.5
//	               2024-03-10: copes_with_stress 6                         → 6
//	               first 2, latest 6, change 4
//	network        2024-03-10: job_contacts 5                              → 5, change 0 (one point)
func personScores() []pejling.ProgressionScore {
	return []pejling.ProgressionScore{
		score("p1", "network", "job_contacts", 5, mar10),
		score("p1", "work_identity", "sees_self_in_job", 3, jan10),
		score("p1", "work_identity", "knows_job_goal", 5, jan10),
		score("p1", "mental_health", "copes_with_stress", 2, jan10),
		score("p1", "mental_health", "copes_with_stress", 5, feb10),
		score("p1", "mental_health", "wellbeing", 4, feb10),
		score("p1", "work_identity", "sees_self_in_job", 6, mar10),
		score("p1", "work_identity", "knows_job_goal", 7, mar10),
		score("p1", "work_identity", "believes_in_job", 8, mar10),
		score("p1", "mental_health", "copes_with_stress", 6, mar10),
	}
}

func TestProgressionOf(t *testing.T) {
	c := employer.DefaultCatalogue()
	t.Run("NoFocus", func(t *testing.T) {
		p, err := employer.ProgressionOf(personScores(), nil, c)
		if err != nil {
			t.Fatal(err)
		}
		// Themes in catalogue order: work_identity (1st), mental_health (5th), network (8th).
		want := []employer.ThemeProgression{
			{Theme: "work_identity", Points: []employer.ThemePoint{{jan10, 4, 2}, {mar10, 7, 3}}, First: 4, Latest: 7, Change: 3},
			{Theme: "mental_health", Points: []employer.ThemePoint{{jan10, 2, 1}, {feb10, 4.5, 2}, {mar10, 6, 1}}, First: 2, Latest: 6, Change: 4},
			{Theme: "network", Points: []employer.ThemePoint{{mar10, 5, 1}}, First: 5, Latest: 5, Change: 0},
		}
		if got, exp := fmt.Sprint(p.Themes), fmt.Sprint(want); got != exp {
			t.Errorf("themes\n got %s\nwant %s", got, exp)
		}
		if fmt.Sprint(p.Conversations) != "[2024-01-10 2024-02-10 2024-03-10]" {
			t.Errorf("conversations %v", p.Conversations)
		}
		// Without focus every scored theme is an index theme. Change is the mean of the
		// changes of the themes scored twice: (3 + 4)/2 = 3.5; network (one point) is out.
		// Index: 01-10 (4+2)/2 = 3 of 2 themes; 02-10 4.5 of 1; 03-10 (7+6+5)/3 = 6 of 3.
		if p.Focus != nil || fmt.Sprint(p.IndexThemes) != "[work_identity mental_health network]" {
			t.Errorf("focus %v, index themes %v", p.Focus, p.IndexThemes)
		}
		if !p.Measured || p.Change != 3.5 {
			t.Errorf("change %v (measured %v), want 3.5", p.Change, p.Measured)
		}
		if got := fmt.Sprint(p.Index); got != "[{2024-01-10 3 2} {2024-02-10 4.5 1} {2024-03-10 6 3}]" {
			t.Errorf("index %s", got)
		}
	})
	t.Run("Focus", func(t *testing.T) {
		// The choice of 2024-02-01 replaces that of 2024-01-01; the one of 2024-04-01
		// comes after the last conversation and is not in force yet.
		focus := []pejling.FocusThemes{
			{PersonID: "p1", Themes: []string{"mental_health", "job_search"}, From: pejling.MustParseDate("2024-01-01")},
			{PersonID: "p1", Themes: []string{"work_identity", "network"}, From: pejling.MustParseDate("2024-02-01")},
			{PersonID: "p1", Themes: []string{"network", "job_search"}, From: pejling.MustParseDate("2024-04-01")},
			{PersonID: "p2", Themes: []string{"network", "job_search"}, From: jan10},
		}
		p, err := employer.ProgressionOf(personScores(), focus, c)
		if err != nil {
			t.Fatal(err)
		}
		// Over work_identity and network: change = 3 (network scored once, left out);
		// index 01-10 = 4 (work_identity alone), 03-10 = (7+5)/2 = 6.
		if fmt.Sprint(p.Focus) != "[work_identity network]" || fmt.Sprint(p.IndexThemes) != "[work_identity network]" {
			t.Errorf("focus %v, index themes %v", p.Focus, p.IndexThemes)
		}
		if !p.Measured || p.Change != 3 {
			t.Errorf("change %v (measured %v), want 3", p.Change, p.Measured)
		}
		if got := fmt.Sprint(p.Index); got != "[{2024-01-10 4 1} {2024-03-10 6 2}]" {
			t.Errorf("index %s", got)
		}
	})
	t.Run("FocusNeverScoredTwice", func(t *testing.T) {
		focus := []pejling.FocusThemes{{PersonID: "p1", Themes: []string{"network", "job_search"}, From: jan10}}
		p, err := employer.ProgressionOf(personScores(), focus, c)
		if err != nil {
			t.Fatal(err)
		}
		if p.Measured || p.Change != 0 || len(p.Themes) != 3 {
			t.Errorf("measured %v, change %v, %d themes: want not measured, all 3 themes shown", p.Measured, p.Change, len(p.Themes))
		}
	})
	t.Run("Empty", func(t *testing.T) {
		p, err := employer.ProgressionOf(nil, nil, c)
		if err != nil || p.Measured || p.Themes != nil {
			t.Errorf("ProgressionOf(nil) = %+v, %v", p, err)
		}
	})
	t.Run("TwoPersons", func(t *testing.T) {
		ss := append(personScores(), score("p2", "network", "job_contacts", 5, mar10))
		_, err := employer.ProgressionOf(ss, nil, c)
		if !strings.Contains(pejling.ErrorMessage(err), `entry 11 is of person "p2", entry 1 of "p1"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("InvalidScore", func(t *testing.T) {
		ss := personScores()
		ss[3].Score = 12
		_, err := employer.ProgressionOf(ss, nil, c)
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "entry 4") {
			t.Errorf("err = %v", err)
		}
	})
}

// grow returns two conversations of person p in group g (intervention, team and
// consultant alike): job_contacts scored 4 on 2024-01-10 and 4+change on 2024-03-10, so
// that the person's change is change.
func grow(p, g string, consultant int64, change int) []pejling.ProgressionScore {
	a, b := score(p, "network", "job_contacts", 4, jan10), score(p, "network", "job_contacts", 4+change, mar10)
	for _, s := range []*pejling.ProgressionScore{&a, &b} {
		s.InterventionID, s.Team, s.ScoredBy = g, g, consultant
	}
	return []pejling.ProgressionScore{a, b}
}

func TestAggregateProgression(t *testing.T) {
	c := employer.DefaultCatalogue()
	var ss []pejling.ProgressionScore
	// Group A: five persons with changes 1, 2, 3, 4, 5, and a sixth scored once.
	for i := 1; i <= 5; i++ {
		ss = append(ss, grow(fmt.Sprint("a", i), "A", 10, i)...)
	}
	ss = append(ss, grow("a6", "A", 10, 0)[:1]...)
	// Group B: two persons, too few. b2's second conversation is in group C, so b2 is
	// measured in neither B nor C: progression counts within a group only.
	ss = append(ss, grow("b1", "B", 9, 2)...)
	ss = append(ss, grow("b2", "B", 9, 2)...)
	ss[len(ss)-1].InterventionID, ss[len(ss)-1].Team = "C", "C"
	ss = append(ss, grow("b3", "B", 9, 1)...)

	got, err := employer.AggregateProgression(ss, nil, c, employer.ProgressionByIntervention)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("%d groups, want A, B and C: %+v", len(got), got)
	}
	// Group A by hand: mean (1+2+3+4+5)/5 = 3; squared deviations 4+1+0+1+4 = 10,
	// s² = 10/4 = 2.5, SE = √2.5/√5 = √0.5 = 0.70710678; t_{0.975,4} = 2.7764451051977987
	// (R: qt(0.975, 4)), half width 2.7764451 × 0.70710678 = 1.96324316;
	// interval [1.03675684, 4.96324316].
	a := got[0]
	if a.Key != "A" || a.Persons != 6 || a.N != 5 || a.TooFew {
		t.Errorf("group A = %+v", a)
	}
	for _, v := range []struct {
		name      string
		got, want float64
	}{
		{"mean", a.MeanChange, 3},
		{"SE", a.SE, math.Sqrt(0.5)},
		{"lower", a.Lower, 3 - 2.7764451051977987*math.Sqrt(0.5)},
		{"upper", a.Upper, 4.963243161},
	} {
		if math.Abs(v.got-v.want) > 1e-8 {
			t.Errorf("group A %s = %.10f, want %.10f", v.name, v.got, v.want)
		}
	}
	// Group B: b1 and b3 measured (b2 has one conversation in B): too few, no numbers.
	if b := got[1]; b.Key != "B" || b.Persons != 3 || b.N != 2 || !b.TooFew || b.MeanChange != 0 || b.SE != 0 || b.Lower != 0 || b.Upper != 0 {
		t.Errorf("group B = %+v", b)
	}
	if cc := got[2]; cc.Key != "C" || cc.Persons != 1 || cc.N != 0 || !cc.TooFew {
		t.Errorf("group C = %+v", cc)
	}

	t.Run("Consultant", func(t *testing.T) {
		// Consultant 9 scored B (and C), 10 scored A: by user id, 9 before 10, though
		// "10" < "9" as text. Across B and C b2 now has both conversations: 3 measured.
		got, err := employer.AggregateProgression(ss, nil, c, employer.ProgressionByConsultant)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Key != "9" || got[0].N != 3 || got[1].Key != "10" || got[1].N != 5 {
			t.Errorf("by consultant = %+v", got)
		}
	})
	t.Run("TeamWithoutTeam", func(t *testing.T) {
		plain := grow("x", "", 1, 1)
		got, err := employer.AggregateProgression(plain, nil, c, employer.ProgressionByTeam)
		if err != nil || len(got) != 1 || got[0].Key != "" || got[0].N != 1 {
			t.Errorf("= %+v, %v; want one group with key \"\"", got, err)
		}
	})
	t.Run("Focus", func(t *testing.T) {
		// With focus themes that a1 never scored, a1 is not measured: N drops to 4.
		focus := []pejling.FocusThemes{{PersonID: "a1", Themes: []string{"job_search", "mental_health"}, From: jan10}}
		got, err := employer.AggregateProgression(ss, focus, c, employer.ProgressionByIntervention)
		if err != nil || got[0].N != 4 || !got[0].TooFew {
			t.Errorf("group A = %+v, %v", got[0], err)
		}
	})
	t.Run("LargeGroup", func(t *testing.T) {
		// 30 persons, 15 with change 1 and 15 with change 3: mean 2; every deviation is
		// ±1, s² = 30/29, SE = √(30/29)/√30 = 1/√29 = 0.18569534; t_{0.975,29} =
		// 2.0452296421327 (R: qt(0.975, 29)), half width 0.37979487.
		var big []pejling.ProgressionScore
		for i := range 30 {
			big = append(big, grow(fmt.Sprint("p", i), "L", 1, 1+2*(i%2))...)
		}
		got, err := employer.AggregateProgression(big, nil, c, employer.ProgressionByTeam)
		if err != nil {
			t.Fatal(err)
		}
		g := got[0]
		half := 2.0452296421327 / math.Sqrt(29)
		if g.N != 30 || math.Abs(g.MeanChange-2) > 1e-12 || math.Abs(g.SE-1/math.Sqrt(29)) > 1e-12 || math.Abs(g.Upper-2-half) > 1e-9 || math.Abs(2-g.Lower-half) > 1e-9 {
			t.Errorf("= %+v, want mean 2, SE %v, half width %v", g, 1/math.Sqrt(29), half)
		}
	})
	t.Run("UnknownGrouping", func(t *testing.T) {
		_, err := employer.AggregateProgression(ss, nil, c, "municipality")
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), `unknown grouping "municipality"`) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("InvalidScores", func(t *testing.T) {
		bad := append(grow("z", "Z", 1, 1), score("z", "luck", "x", 5, jan10))
		_, err := employer.AggregateProgression(bad, nil, c, employer.ProgressionByTeam)
		if !strings.Contains(pejling.ErrorMessage(err), `entry 3 (person "z", indicator "x", 2024-01-10): unknown theme "luck"`) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestParseProgressionGroupBy(t *testing.T) {
	for _, s := range []string{"intervention", "team", "consultant"} {
		if g, err := employer.ParseProgressionGroupBy(s); err != nil || string(g) != s {
			t.Errorf("ParseProgressionGroupBy(%q) = %q, %v", s, g, err)
		}
	}
	if _, err := employer.ParseProgressionGroupBy("Team"); pejling.ErrorCode(err) != pejling.EINVALID {
		t.Errorf("ParseProgressionGroupBy(\"Team\") err = %v, want EINVALID", err)
	}
}

func ExampleProgressionOf() {
	c := employer.DefaultCatalogue()
	day := pejling.MustParseDate
	scores := []pejling.ProgressionScore{
		{PersonID: "p1", Theme: "job_search", Indicator: "cv_ready", Score: 2, Date: day("2024-01-10"), ScoredBy: 7},
		{PersonID: "p1", Theme: "job_search", Indicator: "searches_actively", Score: 4, Date: day("2024-01-10"), ScoredBy: 7},
		{PersonID: "p1", Theme: "network", Indicator: "job_contacts", Score: 3, Date: day("2024-01-10"), ScoredBy: 7},
		{PersonID: "p1", Theme: "job_search", Indicator: "cv_ready", Score: 8, Date: day("2024-03-10"), ScoredBy: 7},
		{PersonID: "p1", Theme: "job_search", Indicator: "searches_actively", Score: 6, Date: day("2024-03-10"), ScoredBy: 7},
		{PersonID: "p1", Theme: "network", Indicator: "job_contacts", Score: 4, Date: day("2024-03-10"), ScoredBy: 7},
	}
	focus := []pejling.FocusThemes{{PersonID: "p1", Themes: []string{"job_search", "network"}, From: day("2024-01-10")}}
	p, err := employer.ProgressionOf(scores, focus, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range p.Themes {
		th, _ := c.Theme(t.Theme)
		fmt.Printf("%s: %.1f → %.1f (%+.1f)\n", th.Name.In("en"), t.First, t.Latest, t.Change)
	}
	fmt.Printf("focus themes: %+.1f\n", p.Change)
	// Output:
	// Network: 3.0 → 4.0 (+1.0)
	// Job search: 3.0 → 7.0 (+4.0)
	// focus themes: +2.5
}
