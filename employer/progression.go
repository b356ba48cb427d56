package employer

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/stats"
)

//go:embed default_themes.json
var defaultThemesJSON []byte

// Text is a text of the catalogue in Danish and English.
type Text struct {
	DA string `json:"da"`
	EN string `json:"en"`
}

// In returns the text in lang: English for "en", Danish otherwise (Danish is the
// language of the job centres; English is the translation).
func (t Text) In(lang string) string {
	if lang == "en" {
		return t.EN
	}
	return t.DA
}

// Scale is the scale indicators are scored on, with what its two ends mean. Min and Max
// are always pejling.ProgressionScoreMin and pejling.ProgressionScoreMax: a catalogue may
// word the ends, not move them, so that scores stay comparable.
type Scale struct {
	Min  int  `json:"min"`
	Max  int  `json:"max"`
	Low  Text `json:"low"`
	High Text `json:"high"`
}

// Indicator is one concrete thing scored within a theme.
type Indicator struct {
	ID   string `json:"id"`
	Text Text   `json:"text"`
}

// Theme is one area of a citizen's progression (work identity, health, …) with the
// indicators that are scored for it.
type Theme struct {
	ID         string      `json:"id"`
	Name       Text        `json:"name"`
	Indicators []Indicator `json:"indicators"`
}

// Catalogue is the configurable catalogue of progression themes (DOMAIN.md §6). It is
// read with LoadCatalogue or DefaultCatalogue and must not be modified afterwards: its
// lookups are built once.
type Catalogue struct {
	Comment string  `json:"comment"`
	Scale   Scale   `json:"scale"`
	Themes  []Theme `json:"themes"`

	themeAt     map[string]int    // theme id → index in Themes
	indicatorOf map[string]string // indicator id → its theme id
}

// Limits of a catalogue.
const (
	CatalogueMinThemes     = 2  // a citizen chooses 2–3 focus themes among them
	CatalogueMaxThemes     = 40 // more cannot be scored in a conversation
	ThemeMinIndicators     = 3
	ThemeMaxIndicators     = 6
	CatalogueMaxTextLength = 200 // runes of a name or an indicator text
)

// catalogueID is the form of theme and indicator ids: the stable keys stored scores use.
var catalogueID = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// LoadCatalogue reads a catalogue: JSON with "comment" (free text), "scale" ({"min": 1,
// "max": 10, "low": {"da", "en"}, "high": {"da", "en"}}) and "themes", a list of {"id",
// "name": {"da", "en"}, "indicators": [{"id", "text": {"da", "en"}}]}. Unknown fields are
// refused; ids are lower-case a-z, 0-9 and _ (at most 40), theme ids unique and
// indicator ids unique in the whole catalogue (a score names an indicator by id);
// CatalogueMinThemes–CatalogueMaxThemes themes of ThemeMinIndicators–ThemeMaxIndicators
// indicators; every text in both languages. Anything else fails with EINVALID naming
// the field, theme or indicator.
func LoadCatalogue(r io.Reader) (*Catalogue, error) {
	var c Catalogue
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "progression catalogue: not valid JSON of the catalogue format: %s", pejling.Clip(err.Error()))
	}
	if dec.More() {
		return nil, pejling.Errorf(pejling.EINVALID, "progression catalogue: text after the JSON object")
	}
	if err := c.index(); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "progression catalogue: %s", err)
	}
	return &c, nil
}

// DefaultCatalogue returns the embedded default catalogue (default_themes.json): 13
// themes to adapt, not an official instrument.
func DefaultCatalogue() *Catalogue {
	c, err := LoadCatalogue(bytes.NewReader(defaultThemesJSON))
	if err != nil {
		panic("employer: embedded default_themes.json: " + err.Error())
	}
	return c
}

// index validates c and builds its lookups.
func (c *Catalogue) index() error {
	s := c.Scale
	if s.Min != pejling.ProgressionScoreMin || s.Max != pejling.ProgressionScoreMax {
		return fmt.Errorf("scale: min and max must be %d and %d, not %d and %d", pejling.ProgressionScoreMin, pejling.ProgressionScoreMax, s.Min, s.Max)
	}
	if err := checkText(s.Low, "scale.low"); err != nil {
		return err
	}
	if err := checkText(s.High, "scale.high"); err != nil {
		return err
	}
	if n := len(c.Themes); n < CatalogueMinThemes || n > CatalogueMaxThemes {
		return fmt.Errorf("themes: %d themes, must be %d–%d", n, CatalogueMinThemes, CatalogueMaxThemes)
	}
	c.themeAt = make(map[string]int, len(c.Themes))
	c.indicatorOf = map[string]string{}
	for i, t := range c.Themes {
		at := fmt.Sprintf("theme %d (%q)", i+1, pejling.Clip(t.ID))
		if !catalogueID.MatchString(t.ID) {
			return fmt.Errorf("%s: id must be 1–40 of a-z, 0-9 and _, starting with a letter", at)
		}
		if _, dup := c.themeAt[t.ID]; dup {
			return fmt.Errorf("%s: the id appears twice", at)
		}
		c.themeAt[t.ID] = i
		if err := checkText(t.Name, at+": name"); err != nil {
			return err
		}
		if n := len(t.Indicators); n < ThemeMinIndicators || n > ThemeMaxIndicators {
			return fmt.Errorf("%s: %d indicators, must be %d–%d", at, n, ThemeMinIndicators, ThemeMaxIndicators)
		}
		for j, ind := range t.Indicators {
			at := fmt.Sprintf("%s: indicator %d (%q)", at, j+1, pejling.Clip(ind.ID))
			if !catalogueID.MatchString(ind.ID) {
				return fmt.Errorf("%s: id must be 1–40 of a-z, 0-9 and _, starting with a letter", at)
			}
			if other, dup := c.indicatorOf[ind.ID]; dup {
				return fmt.Errorf("%s: the id is already used in theme %q", at, other)
			}
			c.indicatorOf[ind.ID] = t.ID
			if err := checkText(ind.Text, at+": text"); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkText(t Text, at string) error {
	for _, l := range []struct{ lang, s string }{{"da", t.DA}, {"en", t.EN}} {
		switch {
		case strings.TrimSpace(l.s) == "":
			return fmt.Errorf("%s.%s is empty", at, l.lang)
		case utf8.RuneCountInString(l.s) > CatalogueMaxTextLength:
			return fmt.Errorf("%s.%s is longer than %d characters", at, l.lang, CatalogueMaxTextLength)
		}
	}
	return nil
}

// Theme returns the theme with the id, and whether there is one.
func (c *Catalogue) Theme(id string) (Theme, bool) {
	i, ok := c.themeAt[id]
	if !ok {
		return Theme{}, false
	}
	return c.Themes[i], true
}

// maxProblems bounds the problems one error lists: enough to fix a form or a file, not
// a megabyte of message.
const maxProblems = 10

// ValidateScores checks scores against the catalogue: each names a person and who scored
// it, a theme of the catalogue and an indicator of that theme, a score on the scale, a
// conversation no later than today, and no indicator is scored twice for a person on the
// same day. It returns nil or an EINVALID error naming each wrong entry (1-based, with
// its person, indicator and date), at most ten of them. Pass pejling.Forever as today to
// skip the date check.
func (c *Catalogue) ValidateScores(scores []pejling.ProgressionScore, today pejling.Date) error {
	var problems []string
	seen := make(map[scoreKey]int, len(scores))
	for i, s := range scores {
		at := fmt.Sprintf("entry %d (person %q, indicator %q, %s)", i+1, pejling.Clip(s.PersonID), pejling.Clip(s.Indicator), s.Date)
		var reason string
		theme, known := c.indicatorOf[s.Indicator]
		_, themeKnown := c.themeAt[s.Theme]
		switch {
		case s.PersonID == "":
			reason = "the person is missing"
		case s.ScoredBy <= 0:
			reason = "who scored it is missing"
		case !themeKnown:
			reason = fmt.Sprintf("unknown theme %q", pejling.Clip(s.Theme))
		case !known:
			reason = fmt.Sprintf("unknown indicator of theme %q", s.Theme)
		case theme != s.Theme:
			reason = fmt.Sprintf("the indicator belongs to theme %q, not %q", theme, pejling.Clip(s.Theme))
		case s.Score < pejling.ProgressionScoreMin || s.Score > pejling.ProgressionScoreMax:
			reason = fmt.Sprintf("score %d outside %d–%d", s.Score, pejling.ProgressionScoreMin, pejling.ProgressionScoreMax)
		case s.Date > today:
			reason = fmt.Sprintf("the conversation is in the future (today is %s)", today)
		}
		if reason == "" {
			k := scoreKey{s.PersonID, s.Date, s.Indicator}
			if first, dup := seen[k]; dup {
				reason = fmt.Sprintf("the indicator is scored twice at the conversation (also entry %d)", first+1)
			} else {
				seen[k] = i
			}
		}
		if reason != "" {
			problems = append(problems, at+": "+reason)
		}
	}
	return problemsError("progression scores", problems)
}

type scoreKey struct {
	person    string
	date      pejling.Date
	indicator string
}

func problemsError(what string, problems []string) error {
	if len(problems) == 0 {
		return nil
	}
	msg := strings.Join(problems[:min(len(problems), maxProblems)], "; ")
	if n := len(problems) - maxProblems; n > 0 {
		msg += fmt.Sprintf("; and %d more", n)
	}
	return pejling.Errorf(pejling.EINVALID, "%s: %s", what, msg)
}

// ValidateFocus checks a set of focus-theme choices: each names a person and
// pejling.FocusThemesMin–FocusThemesMax distinct themes of the catalogue, and no person
// has two choices from the same day (which would leave it open which is in force). It
// returns nil or an EINVALID error naming each wrong entry.
func (c *Catalogue) ValidateFocus(focus []pejling.FocusThemes) error {
	var problems []string
	type personDay struct {
		person string
		from   pejling.Date
	}
	seen := map[personDay]int{}
	for i, f := range focus {
		at := fmt.Sprintf("focus entry %d (person %q, from %s)", i+1, pejling.Clip(f.PersonID), f.From)
		var reason string
		switch n := len(f.Themes); {
		case f.PersonID == "":
			reason = "the person is missing"
		case n < pejling.FocusThemesMin || n > pejling.FocusThemesMax:
			reason = fmt.Sprintf("%d themes, must be %d–%d", n, pejling.FocusThemesMin, pejling.FocusThemesMax)
		}
		for j, id := range f.Themes {
			if reason != "" {
				break
			}
			if _, ok := c.themeAt[id]; !ok {
				reason = fmt.Sprintf("unknown theme %q", pejling.Clip(id))
			} else if slices.Contains(f.Themes[:j], id) {
				reason = fmt.Sprintf("theme %q chosen twice", id)
			}
		}
		if reason == "" {
			k := personDay{f.PersonID, f.From}
			if first, dup := seen[k]; dup {
				reason = fmt.Sprintf("the person has another choice from the same day (focus entry %d)", first+1)
			} else {
				seen[k] = i
			}
		}
		if reason != "" {
			problems = append(problems, at+": "+reason)
		}
	}
	return problemsError("focus themes", problems)
}

// ThemePoint is a theme's score at one conversation: the mean of its indicators scored
// that day.
type ThemePoint struct {
	Date       pejling.Date
	Score      float64
	Indicators int // how many of the theme's indicators were scored that day
}

// ThemeProgression is the series of one theme's scores of a person, one point per
// conversation that scored it, by date.
type ThemeProgression struct {
	Theme  string
	Points []ThemePoint
	// First and Latest are the scores of the first and latest point; Change is
	// Latest − First (0 with one point).
	First, Latest, Change float64
}

// IndexPoint is the overall index at one conversation: the mean of the scores of the
// index themes scored that day.
type IndexPoint struct {
	Date   pejling.Date
	Score  float64
	Themes int // how many index themes were scored that day
}

// Progression is a person's progression over the conversations (DOMAIN.md §6).
type Progression struct {
	PersonID      string
	Conversations []pejling.Date     // the days with a score, ascending
	Themes        []ThemeProgression // the themes scored, in catalogue order
	Focus         []string           // the focus themes in force at the last conversation; nil when none
	IndexThemes   []string           // Focus, or every scored theme when there is none
	Index         []IndexPoint       // per conversation scoring an index theme
	// Change is the mean, over the index themes scored at two conversations or more, of
	// their Change (latest − first). It is not the last index point minus the first: a
	// theme first scored at the last conversation would move that difference without
	// anybody having progressed.
	Change float64
	// Measured reports whether Change is defined: some index theme was scored at two
	// conversations or more. With focus themes that were never scored twice it is false,
	// even if other themes were: progression is measured on what the citizen works on.
	Measured bool
}

// ProgressionOf returns the progression of one person from all of the person's scores
// and focus-theme choices (choices of other persons are ignored, so all choices may be
// passed). Each theme's score at a conversation is the mean of its indicators scored
// that day, and the focus themes are the choice with the latest From on or before the
// last conversation. The scores and choices are checked as ValidateScores (without the
// date check) and ValidateFocus do; scores of more than one person are refused.
func ProgressionOf(scores []pejling.ProgressionScore, focus []pejling.FocusThemes, c *Catalogue) (Progression, error) {
	if err := c.ValidateScores(scores, pejling.Forever); err != nil {
		return Progression{}, err
	}
	if err := c.ValidateFocus(focus); err != nil {
		return Progression{}, err
	}
	if len(scores) == 0 {
		return Progression{}, nil
	}
	person := scores[0].PersonID
	for i, s := range scores {
		if s.PersonID != person {
			return Progression{}, pejling.Errorf(pejling.EINVALID, "progression scores: entry %d is of person %q, entry 1 of %q: one person at a time", i+1, pejling.Clip(s.PersonID), pejling.Clip(person))
		}
	}
	var own []pejling.FocusThemes
	for _, f := range focus {
		if f.PersonID == person {
			own = append(own, f)
		}
	}
	return progressionOf(person, scores, own, c), nil
}

// progressionOf computes the progression of valid scores of one person, with that
// person's valid focus choices.
func progressionOf(person string, scores []pejling.ProgressionScore, focus []pejling.FocusThemes, c *Catalogue) Progression {
	p := Progression{PersonID: person}
	type themeDay struct {
		theme int
		date  pejling.Date
	}
	type sum struct{ total, n int }
	sums := map[themeDay]sum{}
	for _, s := range scores {
		k := themeDay{c.themeAt[s.Theme], s.Date}
		v := sums[k]
		sums[k] = sum{v.total + s.Score, v.n + 1}
		if !slices.Contains(p.Conversations, s.Date) {
			p.Conversations = append(p.Conversations, s.Date)
		}
	}
	slices.Sort(p.Conversations)
	last := p.Conversations[len(p.Conversations)-1]

	var chosen *pejling.FocusThemes
	for i, f := range focus {
		if f.From <= last && (chosen == nil || f.From > chosen.From) {
			chosen = &focus[i]
		}
	}
	if chosen != nil {
		p.Focus = slices.Clone(chosen.Themes)
	}

	for ti, t := range c.Themes {
		var tp ThemeProgression
		for _, d := range p.Conversations {
			if v, ok := sums[themeDay{ti, d}]; ok {
				tp.Points = append(tp.Points, ThemePoint{d, float64(v.total) / float64(v.n), v.n})
			}
		}
		if tp.Points == nil {
			continue
		}
		tp.Theme = t.ID
		tp.First, tp.Latest = tp.Points[0].Score, tp.Points[len(tp.Points)-1].Score
		tp.Change = tp.Latest - tp.First
		p.Themes = append(p.Themes, tp)
		if p.Focus == nil {
			p.IndexThemes = append(p.IndexThemes, t.ID)
		}
	}
	if p.Focus != nil {
		p.IndexThemes = p.Focus
	}

	var changes float64
	var measured int
	for _, tp := range p.Themes {
		if slices.Contains(p.IndexThemes, tp.Theme) && len(tp.Points) >= 2 {
			changes += tp.Change
			measured++
		}
	}
	if measured > 0 {
		p.Change, p.Measured = changes/float64(measured), true
	}
	for _, d := range p.Conversations {
		var total float64
		var n int
		for _, tp := range p.Themes {
			if !slices.Contains(p.IndexThemes, tp.Theme) {
				continue
			}
			if i := slices.IndexFunc(tp.Points, func(pt ThemePoint) bool { return pt.Date == d }); i >= 0 {
				total += tp.Points[i].Score
				n++
			}
		}
		if n > 0 {
			p.Index = append(p.Index, IndexPoint{d, total / float64(n), n})
		}
	}
	return p
}

// ProgressionGroupBy says what AggregateProgression groups scores by (ServiceLevelShares
// has its own GroupBy).
type ProgressionGroupBy string

// The groupings of AggregateProgression.
const (
	ProgressionByIntervention ProgressionGroupBy = "intervention" // ProgressionScore.InterventionID
	ProgressionByTeam         ProgressionGroupBy = "team"         // ProgressionScore.Team
	ProgressionByConsultant   ProgressionGroupBy = "consultant"   // ProgressionScore.ScoredBy
)

// ParseProgressionGroupBy returns the grouping named s, or an EINVALID error naming
// those there are.
func ParseProgressionGroupBy(s string) (ProgressionGroupBy, error) {
	switch g := ProgressionGroupBy(s); g {
	case ProgressionByIntervention, ProgressionByTeam, ProgressionByConsultant:
		return g, nil
	}
	return "", pejling.Errorf(pejling.EINVALID, "unknown grouping %q: use intervention, team or consultant", pejling.Clip(s))
}

// MinGroupSize is the fewest measured persons whose mean change is shown: below it a
// group shows only "too few", both because the mean of a handful says little and because
// it would come close to showing single citizens to those who may see only aggregates.
const MinGroupSize = 5

// GroupProgression is the progression of the persons scored in one group.
type GroupProgression struct {
	// Key is the intervention id, the team, or the consultant's user id in decimal;
	// "" gathers the scores without an intervention or team.
	Key string
	// Persons counts the persons with a score in the group; N those measured in it:
	// scored at two conversations or more in the group, with a defined change
	// (Progression.Measured) on the group's scores alone.
	Persons, N int
	// TooFew is N < MinGroupSize. Then MeanChange, SE, Lower and Upper are left 0 and
	// must be shown as "too few", never as numbers.
	TooFew bool
	// MeanChange is the mean over the measured persons of their Progression.Change; SE
	// its standard error s/√N (s the sample standard deviation, divisor N − 1); Lower
	// and Upper the 95 % confidence interval MeanChange ± t_{0.975, N−1}·SE.
	MeanChange, SE, Lower, Upper float64
}

// AggregateProgression returns the progression per group of the scores of many persons,
// ordered by key (consultants by user id). A person's change in a group is computed by
// ProgressionOf from the person's scores in that group only — during the intervention,
// with the team or with the consultant — so a person may count in several groups. The
// interval uses Student's t with N − 1 degrees of freedom for every N (stats.
// StudentTQuantile), not only below 30: exact for the small groups that are common here,
// and for N ≥ 30 at most 5 % wider than the normal approximation's 1.96, so nothing is
// gained by switching.
func AggregateProgression(scores []pejling.ProgressionScore, focus []pejling.FocusThemes, c *Catalogue, by ProgressionGroupBy) ([]GroupProgression, error) {
	var keyOf func(pejling.ProgressionScore) string
	switch by {
	case ProgressionByIntervention:
		keyOf = func(s pejling.ProgressionScore) string { return s.InterventionID }
	case ProgressionByTeam:
		keyOf = func(s pejling.ProgressionScore) string { return s.Team }
	case ProgressionByConsultant:
		keyOf = func(s pejling.ProgressionScore) string { return strconv.FormatInt(s.ScoredBy, 10) }
	default:
		_, err := ParseProgressionGroupBy(string(by))
		return nil, err
	}
	if err := c.ValidateScores(scores, pejling.Forever); err != nil {
		return nil, err
	}
	if err := c.ValidateFocus(focus); err != nil {
		return nil, err
	}
	focusOf := map[string][]pejling.FocusThemes{}
	for _, f := range focus {
		focusOf[f.PersonID] = append(focusOf[f.PersonID], f)
	}
	groups := map[string]map[string][]pejling.ProgressionScore{}
	for _, s := range scores {
		k := keyOf(s)
		if groups[k] == nil {
			groups[k] = map[string][]pejling.ProgressionScore{}
		}
		groups[k][s.PersonID] = append(groups[k][s.PersonID], s)
	}

	out := make([]GroupProgression, 0, len(groups))
	for key, persons := range groups {
		g := GroupProgression{Key: key, Persons: len(persons)}
		var changes []float64
		for person, ss := range persons {
			if p := progressionOf(person, ss, focusOf[person], c); p.Measured {
				changes = append(changes, p.Change)
			}
		}
		g.N = len(changes)
		if g.N < MinGroupSize {
			g.TooFew = true
		} else {
			// Sum in a fixed order so that the result does not depend on map order.
			slices.Sort(changes)
			g.MeanChange, g.SE = meanSE(changes)
			half := stats.StudentTQuantile(0.975, float64(g.N-1)) * g.SE
			g.Lower, g.Upper = g.MeanChange-half, g.MeanChange+half
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b GroupProgression) int {
		if by == ProgressionByConsultant {
			x, _ := strconv.ParseInt(a.Key, 10, 64)
			y, _ := strconv.ParseInt(b.Key, 10, 64)
			return cmp.Compare(x, y)
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// meanSE returns the mean x̄ = Σx/n and its standard error s/√n with
// s² = Σ(x − x̄)²/(n − 1), for n ≥ 2.
func meanSE(x []float64) (mean, se float64) {
	n := float64(len(x))
	for _, v := range x {
		mean += v
	}
	mean /= n
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss/(n-1)) / math.Sqrt(n)
}
