package sqldb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// Progression measurement (migrations/0013_progression.sql): the scores of a
// conversation with a citizen and the citizen's focus themes. Every call names the
// municipality of the job centre; another municipality's rows are never read.
//
// The store validates what it is given against the default progression catalogue
// (employer.DefaultCatalogue, the one the pages show), so that nothing the figures
// cannot use is ever stored, whoever the caller is.

// MaxProgressionBatch is the most scores stored in one call: a conversation scores at
// most every indicator of the 3 focus themes, and a batch import a little more.
const MaxProgressionBatch = 10000

var progressionCatalogue = employer.DefaultCatalogue()

// copenhagen is the time zone of "today" for a conversation's day.
var copenhagen = func() *time.Location {
	if l, err := time.LoadLocation("Europe/Copenhagen"); err == nil {
		return l
	}
	return time.UTC
}()

// today is the day in Denmark at db.Now.
func (db *DB) today() pejling.Date {
	y, m, d := db.Now().In(copenhagen).Date()
	return pejling.DateOf(y, m, d)
}

// AddProgressionScores stores the scores of the municipality in one transaction: all
// or none. Every score must be valid (employer.Catalogue.ValidateScores with today,
// pejling.ValidPersonID); an indicator already scored for the person that day is
// refused with ECONFLICT, and nothing of the batch is stored.
func (db *DB) AddProgressionScores(ctx context.Context, municipality int, scores []pejling.ProgressionScore) error {
	if municipality <= 0 {
		return pejling.Errorf(pejling.EINVALID, "progression scores need a municipality")
	}
	if len(scores) == 0 {
		return pejling.Errorf(pejling.EINVALID, "no progression scores to store")
	}
	if len(scores) > MaxProgressionBatch {
		return pejling.Errorf(pejling.EINVALID, "%d progression scores in one batch; at most %d", len(scores), MaxProgressionBatch)
	}
	for i, s := range scores {
		if err := pejling.ValidPersonID(s.PersonID); err != nil {
			return pejling.Errorf(pejling.EINVALID, "progression scores: entry %d: %s", i+1, pejling.ErrorMessage(err))
		}
		if err := validLabel("intervention id", s.InterventionID); err != nil {
			return pejling.Errorf(pejling.EINVALID, "progression scores: entry %d: %s", i+1, pejling.ErrorMessage(err))
		}
		if err := validLabel("team", s.Team); err != nil {
			return pejling.Errorf(pejling.EINVALID, "progression scores: entry %d: %s", i+1, pejling.ErrorMessage(err))
		}
	}
	if err := progressionCatalogue.ValidateScores(scores, db.today()); err != nil {
		return err
	}
	now := timeText(db.Now())
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("add progression scores: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO progression_scores (municipality, person_id, theme,
		indicator, score, day, scored_by, intervention_id, team, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
	if err != nil {
		return fmt.Errorf("add progression scores: %w", err)
	}
	defer stmt.Close()
	for i, s := range scores {
		if _, err := stmt.ExecContext(ctx, municipality, s.PersonID, s.Theme, s.Indicator, s.Score, s.Date, s.ScoredBy,
			s.InterventionID, s.Team, now); err != nil {
			if isUniqueViolation(err) {
				return pejling.Errorf(pejling.ECONFLICT, "progression scores: entry %d: indicator %q is already scored for person %q on %s; nothing of this conversation was stored",
					i+1, s.Indicator, pejling.Clip(s.PersonID), s.Date)
			}
			return fmt.Errorf("add progression score %d: %w", i+1, err)
		}
	}
	if err := tx.Commit(); err != nil {
		if isUniqueViolation(err) {
			return pejling.Errorf(pejling.ECONFLICT, "progression scores: an indicator is already scored that day; nothing of this conversation was stored")
		}
		return fmt.Errorf("add progression scores: %w", err)
	}
	return nil
}

// MaxProgressionLabel is the longest intervention id or team of a score.
const MaxProgressionLabel = 100

// validLabel checks an optional intervention id or team: short, printable, and no
// CPR number.
func validLabel(what, s string) error {
	switch {
	case len(s) > MaxProgressionLabel:
		return pejling.Errorf(pejling.EINVALID, "the %s is %d bytes long; at most %d", what, len(s), MaxProgressionLabel)
	case strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f || r == '\uFFFD' }):
		return pejling.Errorf(pejling.EINVALID, "the %s holds control characters or invalid text", what)
	case s != "" && strings.Contains(pejling.ErrorMessage(pejling.ValidPersonID(strings.Map(keepDigitsAndSep, s))), "CPR"):
		return pejling.Errorf(pejling.EINVALID, "the %s looks like it holds a CPR number; CPR numbers must never be written here", what)
	}
	return nil
}

// keepDigitsAndSep maps every rune but digits and the CPR separators to 'x', so that
// pejling.ValidPersonID judges only whether a CPR-shaped run is there.
func keepDigitsAndSep(r rune) rune {
	if r >= '0' && r <= '9' || strings.ContainsRune("- /.", r) {
		return r
	}
	return 'x'
}

const progressionScoreColumns = "person_id, theme, indicator, score, day, scored_by, intervention_id, team"

func (db *DB) findProgressionScores(ctx context.Context, where string, args ...any) ([]pejling.ProgressionScore, error) {
	rows, err := db.db.QueryContext(ctx, db.rebind("SELECT "+progressionScoreColumns+" FROM progression_scores WHERE "+where+
		" ORDER BY person_id, day, theme, indicator"), args...)
	if err != nil {
		return nil, fmt.Errorf("find progression scores: %w", err)
	}
	defer rows.Close()
	var out []pejling.ProgressionScore
	for rows.Next() {
		var s pejling.ProgressionScore
		if err := rows.Scan(&s.PersonID, &s.Theme, &s.Indicator, &s.Score, &s.Date, &s.ScoredBy, &s.InterventionID, &s.Team); err != nil {
			return nil, fmt.Errorf("find progression scores: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find progression scores: %w", err)
	}
	return out, nil
}

// FindProgressionScores returns the person's scores in the municipality, by day, theme
// and indicator; none is an empty list, not an error.
func (db *DB) FindProgressionScores(ctx context.Context, municipality int, personID string) ([]pejling.ProgressionScore, error) {
	return db.findProgressionScores(ctx, "municipality = ? AND person_id = ?", municipality, personID)
}

// FindAllProgressionScores returns every score of the municipality, by person, day,
// theme and indicator: the input of employer.AggregateProgression.
func (db *DB) FindAllProgressionScores(ctx context.Context, municipality int) ([]pejling.ProgressionScore, error) {
	return db.findProgressionScores(ctx, "municipality = ?", municipality)
}

// SetFocusThemes stores the citizen's choice of focus themes from f.From on
// (employer.Catalogue.ValidateFocus); a choice of the same day replaces that day's.
// userID is who set it.
func (db *DB) SetFocusThemes(ctx context.Context, municipality int, f pejling.FocusThemes, userID int64) error {
	if municipality <= 0 {
		return pejling.Errorf(pejling.EINVALID, "focus themes need a municipality")
	}
	if err := pejling.ValidPersonID(f.PersonID); err != nil {
		return err
	}
	if userID <= 0 {
		return pejling.Errorf(pejling.EINVALID, "focus themes need the user who sets them")
	}
	if err := progressionCatalogue.ValidateFocus([]pejling.FocusThemes{f}); err != nil {
		return err
	}
	if f.From > db.today() {
		return pejling.Errorf(pejling.EINVALID, "focus themes: the choice is in the future (%s)", f.From)
	}
	_, err := db.db.ExecContext(ctx, db.rebind(`INSERT INTO focus_themes (municipality, person_id, from_day, themes, set_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (municipality, person_id, from_day)
		DO UPDATE SET themes = excluded.themes, set_by = excluded.set_by, created_at = excluded.created_at`),
		municipality, f.PersonID, f.From, strings.Join(f.Themes, "\n"), userID, timeText(db.Now()))
	if err != nil {
		return fmt.Errorf("set focus themes: %w", err)
	}
	return nil
}

func (db *DB) findFocusThemes(ctx context.Context, where string, args ...any) ([]pejling.FocusThemes, error) {
	rows, err := db.db.QueryContext(ctx, db.rebind("SELECT person_id, from_day, themes FROM focus_themes WHERE "+where+
		" ORDER BY person_id, from_day"), args...)
	if err != nil {
		return nil, fmt.Errorf("find focus themes: %w", err)
	}
	defer rows.Close()
	var out []pejling.FocusThemes
	for rows.Next() {
		var f pejling.FocusThemes
		var themes string
		if err := rows.Scan(&f.PersonID, &f.From, &themes); err != nil {
			return nil, fmt.Errorf("find focus themes: %w", err)
		}
		f.Themes = strings.Split(themes, "\n")
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find focus themes: %w", err)
	}
	return out, nil
}

// FindFocusThemes returns the person's choices of focus themes in the municipality,
// oldest first.
func (db *DB) FindFocusThemes(ctx context.Context, municipality int, personID string) ([]pejling.FocusThemes, error) {
	return db.findFocusThemes(ctx, "municipality = ? AND person_id = ?", municipality, personID)
}

// FindAllFocusThemes returns every choice of focus themes in the municipality, by
// person and day: with FindAllProgressionScores, the input of
// employer.AggregateProgression.
func (db *DB) FindAllFocusThemes(ctx context.Context, municipality int) ([]pejling.FocusThemes, error) {
	return db.findFocusThemes(ctx, "municipality = ?", municipality)
}
