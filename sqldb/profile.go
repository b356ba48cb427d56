package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// Citizens' job profiles (migrations/0012_profiles.sql), what employer.Score matches
// against the placement bank's slots. Every call names the municipality of the job
// centre; a profile of another municipality is not found.

// The limits of a profile: what a case worker can sensibly type, and what keeps the
// matcher's work per profile small.
const (
	MaxProfileItems    = 20  // occupations, and skills
	MaxProfileSkillLen = 60  // characters per skill
	MaxProfileRadiusKm = 500 // the length of Denmark and then some
	MaxProfileHours    = 60  // hours per week
)

// ProfileRecord is a stored profile with who changed it last and its version.
type ProfileRecord struct {
	pejling.Profile
	Municipality int
	UpdatedAt    time.Time
	UpdatedBy    int64
	// Version counts the changes, 1 for a new profile; a change names the version it is
	// based on (SaveProfile).
	Version int
}

// NormaliseProfile checks p and brings its lists to the stored form: occupations
// trimmed and each a 4-digit DISCO-08 code, skills in lower case with single spaces,
// both without empty entries or repeats, in the order given. On a problem it returns
// the name of the field ("person", "occupations", "skills", "education", "home",
// "radius", "hours") and an EINVALID error saying what is wrong; p may then be half
// normalised.
func NormaliseProfile(p *pejling.Profile) (field string, err error) {
	if err := pejling.ValidPersonID(p.PersonID); err != nil {
		return "person", err
	}
	occ, err := profileList(p.Occupations, "occupation", func(s string) (string, error) {
		s = strings.TrimSpace(s)
		if len(s) != 4 || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return "", pejling.Errorf(pejling.EINVALID, "occupation %q is not a 4-digit DISCO-08 code", pejling.Clip(s))
		}
		return s, nil
	})
	if err != nil {
		return "occupations", err
	}
	skills, err := profileList(p.Skills, "skill", normaliseSkill)
	if err != nil {
		return "skills", err
	}
	p.Occupations, p.Skills = occ, skills
	switch {
	case p.Education < 0 || p.Education > 8:
		return "education", pejling.Errorf(pejling.EINVALID, "education %d is not an ISCED 2011 level (0–8)", p.Education)
	case !(p.Home.Lat >= -90 && p.Home.Lat <= 90 && p.Home.Lon >= -180 && p.Home.Lon <= 180):
		return "home", pejling.Errorf(pejling.EINVALID, "home %g, %g is not a point on the earth", p.Home.Lat, p.Home.Lon)
	case !(p.RadiusKm > 0 && p.RadiusKm <= MaxProfileRadiusKm):
		return "radius", pejling.Errorf(pejling.EINVALID, "the travel radius must be more than 0 and at most %d km, not %g", MaxProfileRadiusKm, p.RadiusKm)
	case !(p.Hours.Min >= 0 && p.Hours.Max <= MaxProfileHours && p.Hours.Min <= p.Hours.Max):
		return "hours", pejling.Errorf(pejling.EINVALID, "the hours per week must be a range within 0–%d with the least first, not %g–%g", MaxProfileHours, p.Hours.Min, p.Hours.Max)
	}
	return "", nil
}

// profileList normalises each entry of in, drops empty entries and repeats, and
// refuses more than MaxProfileItems entries.
func profileList(in []string, name string, norm func(string) (string, error)) ([]string, error) {
	out := make([]string, 0, len(in))
	seen := map[string]bool{}
	n := 0
	for _, s := range in {
		if strings.TrimSpace(s) == "" {
			continue
		}
		if n++; n > MaxProfileItems {
			return nil, pejling.Errorf(pejling.EINVALID, "at most %d %ss are allowed", MaxProfileItems, name)
		}
		v, err := norm(s)
		if err != nil {
			return nil, err
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out, nil
}

// normaliseSkill writes a skill in lower case, trimmed, with single spaces; it refuses
// control characters, invalid UTF-8 and skills longer than MaxProfileSkillLen.
func normaliseSkill(s string) (string, error) {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return "", pejling.Errorf(pejling.EINVALID, "skill %q holds a control character or is not valid UTF-8", pejling.Clip(s))
	}
	s = strings.Join(strings.Fields(strings.ToLower(s)), " ")
	if n := utf8.RuneCountInString(s); n > MaxProfileSkillLen {
		return "", pejling.Errorf(pejling.EINVALID, "skill %q is %d characters long; at most %d are allowed", pejling.Clip(s), n, MaxProfileSkillLen)
	}
	return s, nil
}

const profileColumns = `person_id, municipality, occupations, skills, education, driving_licence, lat, lon,
	radius_km, hours_min, hours_max, updated_at, updated_by, version`

func scanProfile(row interface{ Scan(...any) error }) (*ProfileRecord, error) {
	var p ProfileRecord
	var occ, skills, updated string
	var licence int
	if err := row.Scan(&p.PersonID, &p.Municipality, &occ, &skills, &p.Education, &licence, &p.Home.Lat, &p.Home.Lon,
		&p.RadiusKm, &p.Hours.Min, &p.Hours.Max, &updated, &p.UpdatedBy, &p.Version); err != nil {
		return nil, err
	}
	p.DrivingLicence = licence != 0
	if occ != "" {
		p.Occupations = strings.Split(occ, "\n")
	}
	if skills != "" {
		p.Skills = strings.Split(skills, "\n")
	}
	var err error
	if p.UpdatedAt, err = parseTime(updated); err != nil {
		return nil, err
	}
	return &p, nil
}

// SaveProfile stores the profile p of a citizen of the municipality (NormaliseProfile)
// as changed by the user, and returns it as stored. version is the version the change
// is based on: 0 creates the profile, and a profile that exists already is an
// ECONFLICT error (a colleague made it meanwhile); otherwise the stored profile must be
// that version, else ECONFLICT (a colleague changed it meanwhile) and nothing is
// changed; ENOTFOUND when there is no profile to change.
func (db *DB) SaveProfile(ctx context.Context, municipality int, p pejling.Profile, userID int64, version int) (*ProfileRecord, error) {
	if municipality < 1 || municipality > 9999 {
		return nil, pejling.Errorf(pejling.EINVALID, "a profile belongs to a municipality: code %d is out of range", municipality)
	}
	if userID <= 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "a profile needs the user who saves it")
	}
	if version < 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "version %d is negative", version)
	}
	p.Occupations = append([]string(nil), p.Occupations...)
	p.Skills = append([]string(nil), p.Skills...)
	if _, err := NormaliseProfile(&p); err != nil {
		return nil, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	args := []any{strings.Join(p.Occupations, "\n"), strings.Join(p.Skills, "\n"), p.Education, boolInt(p.DrivingLicence),
		p.Home.Lat, p.Home.Lon, p.RadiusKm, p.Hours.Min, p.Hours.Max, timeText(now), userID}
	what := fmt.Sprintf("save the profile of %s", p.PersonID)
	if version == 0 {
		_, err := db.db.ExecContext(ctx, db.rebind(`INSERT INTO job_profiles (occupations, skills, education,
			driving_licence, lat, lon, radius_km, hours_min, hours_max, updated_at, updated_by, municipality, person_id,
			version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`), append(args, municipality, p.PersonID)...)
		if isUniqueViolation(err) {
			return nil, pejling.Errorf(pejling.ECONFLICT, "the citizen %s has a profile already (made by a colleague meanwhile): reload it and make your change again", p.PersonID)
		} else if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
	} else {
		res, err := db.db.ExecContext(ctx, db.rebind(`UPDATE job_profiles SET occupations = ?, skills = ?,
			education = ?, driving_licence = ?, lat = ?, lon = ?, radius_km = ?, hours_min = ?, hours_max = ?,
			updated_at = ?, updated_by = ?, version = version + 1
			WHERE municipality = ? AND person_id = ? AND version = ?`), append(args, municipality, p.PersonID, version)...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		} else if n != 1 {
			stored, err := db.FindProfile(ctx, municipality, p.PersonID)
			if err != nil {
				return nil, err
			}
			return nil, pejling.Errorf(pejling.ECONFLICT, "the profile was changed by a colleague meanwhile (version %d, your change was based on %d): reload it and make your change again", stored.Version, version)
		}
	}
	return &ProfileRecord{Profile: p, Municipality: municipality, UpdatedAt: now, UpdatedBy: userID, Version: version + 1}, nil
}

// FindProfile returns the profile of the citizen in the municipality, or an ENOTFOUND
// error.
func (db *DB) FindProfile(ctx context.Context, municipality int, personID string) (*ProfileRecord, error) {
	p, err := scanProfile(db.db.QueryRowContext(ctx, db.rebind("SELECT "+profileColumns+
		" FROM job_profiles WHERE municipality = ? AND person_id = ?"), municipality, personID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "no profile of %s in municipality %d", pejling.Clip(personID), municipality)
	} else if err != nil {
		return nil, fmt.Errorf("find the profile of %s: %w", pejling.Clip(personID), err)
	}
	return p, nil
}

// FindProfiles returns every profile of the municipality, by person id: what the
// matcher ranks candidates among (employer.NewIndex).
func (db *DB) FindProfiles(ctx context.Context, municipality int) ([]pejling.Profile, error) {
	rows, err := db.db.QueryContext(ctx, db.rebind("SELECT "+profileColumns+
		" FROM job_profiles WHERE municipality = ? ORDER BY person_id"), municipality)
	if err != nil {
		return nil, fmt.Errorf("find the profiles of municipality %d: %w", municipality, err)
	}
	defer rows.Close()
	var out []pejling.Profile
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return nil, fmt.Errorf("find the profiles of municipality %d: %w", municipality, err)
		}
		out = append(out, p.Profile)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find the profiles of municipality %d: %w", municipality, err)
	}
	return out, nil
}
