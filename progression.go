package pejling

// The progression scale: every indicator of the progression catalogue is scored on the
// same whole-number scale (DOMAIN.md §6), so scores of different themes and
// municipalities can be averaged and compared.
const (
	ProgressionScoreMin = 1  // the low end: very large challenges
	ProgressionScoreMax = 10 // the high end: no challenges
)

// ProgressionScore is one indicator of the progression catalogue scored for a citizen at
// one conversation (DOMAIN.md §6). A conversation is the person and the day: one
// indicator is scored at most once per conversation. Its natural key is
// (PersonID, Date, Indicator).
type ProgressionScore struct {
	PersonID  string // pseudonymous person id, as in the register records
	Theme     string // id of a theme of the catalogue
	Indicator string // id of an indicator of that theme
	Score     int    // ProgressionScoreMin–ProgressionScoreMax
	Date      Date   // the day of the conversation
	ScoredBy  int64  // the User.ID of the consultant who scored it with the citizen
	// InterventionID links the score to the offer or intervention the citizen was in
	// (as ActivationSpell.InterventionID); empty when none.
	InterventionID string
	Team           string // the consultant's team at the time; empty when none
}

// FocusThemes are the 2–3 themes a citizen chose to work on, from a day on; a later
// choice replaces an earlier one. The overall progression of a person is measured over
// the focus themes in force at the last conversation.
type FocusThemes struct {
	PersonID string
	Themes   []string // 2–3 distinct theme ids of the catalogue
	From     Date
}

// The number of focus themes a citizen chooses.
const (
	FocusThemesMin = 2
	FocusThemesMax = 3
)
