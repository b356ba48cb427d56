package sqldb_test

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// newProfile returns a valid profile of a citizen living at Aarhus town hall.
func newProfile(person string) pejling.Profile {
	return pejling.Profile{PersonID: person, Occupations: []string{"4321", "9621"}, Skills: []string{"truckcertifikat", "lager"},
		Education: 3, DrivingLicence: true, Home: aarhus, RadiusKm: 25, Hours: pejling.HoursRange{Min: 20, Max: 37}}
}

func TestProfile(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		t.Run("RoundTrip", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			p := newProfile("P-1")
			p.Occupations = []string{" 4321 ", "", "9621", "4321"}
			p.Skills = []string{"  Truck  Certifikat ", "LAGER", "lager", "Æblepluk <script>"}
			saved, err := db.SaveProfile(ctx, 751, p, 7, 0)
			if err != nil {
				t.Fatal(err)
			}
			if saved.Version != 1 || saved.UpdatedBy != 7 || !saved.UpdatedAt.Equal(slotNow) {
				t.Fatalf("saved %+v", saved)
			}
			got, err := db.FindProfile(ctx, 751, "P-1")
			if err != nil {
				t.Fatal(err)
			}
			want := newProfile("P-1")
			want.Skills = []string{"truck certifikat", "lager", "æblepluk <script>"}
			if !reflect.DeepEqual(got.Profile, want) || got.Version != 1 || got.Municipality != 751 || got.UpdatedBy != 7 {
				t.Fatalf("found %+v, want %+v", got, want)
			}
			if !reflect.DeepEqual(saved.Profile, want) {
				t.Fatalf("returned %+v, want %+v", saved.Profile, want)
			}
			// A change based on version 1.
			q := got.Profile
			q.Occupations, q.Skills, q.DrivingLicence = nil, nil, false
			if saved, err = db.SaveProfile(ctx, 751, q, 8, 1); err != nil || saved.Version != 2 {
				t.Fatalf("update: %+v, %v", saved, err)
			}
			got, _ = db.FindProfile(ctx, 751, "P-1")
			if got.Version != 2 || got.UpdatedBy != 8 || got.Occupations != nil || got.Skills != nil || got.DrivingLicence {
				t.Fatalf("after update %+v", got)
			}
		})
		t.Run("VersionConflict", func(t *testing.T) {
			db := open(t)
			if _, err := db.SaveProfile(ctx, 751, newProfile("P-1"), 7, 0); err != nil {
				t.Fatal(err)
			}
			_, err := db.SaveProfile(ctx, 751, newProfile("P-1"), 8, 0)
			wantCode(t, err, pejling.ECONFLICT, "has a profile already")
			a := newProfile("P-1")
			a.Education = 5
			if _, err := db.SaveProfile(ctx, 751, a, 7, 1); err != nil {
				t.Fatal(err)
			}
			b := newProfile("P-1")
			b.Education = 6
			_, err = db.SaveProfile(ctx, 751, b, 8, 1)
			wantCode(t, err, pejling.ECONFLICT, "changed by a colleague meanwhile (version 2, your change was based on 1)")
			got, _ := db.FindProfile(ctx, 751, "P-1")
			if got.Education != 5 || got.Version != 2 {
				t.Fatalf("after the conflict %+v", got)
			}
			_, err = db.SaveProfile(ctx, 751, newProfile("P-2"), 8, 3)
			wantCode(t, err, pejling.ENOTFOUND, "no profile of P-2")
		})
		t.Run("Isolation", func(t *testing.T) {
			db := open(t)
			for _, m := range []int{101, 147} {
				if _, err := db.SaveProfile(ctx, m, newProfile("P-1"), 7, 0); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.SaveProfile(ctx, 101, newProfile("P-2"), 7, 0); err != nil {
				t.Fatal(err)
			}
			_, err := db.FindProfile(ctx, 147, "P-2")
			wantCode(t, err, pejling.ENOTFOUND, "no profile of P-2 in municipality 147")
			// 147's change of its own P-1 leaves 101's alone.
			p := newProfile("P-1")
			p.Education = 8
			if _, err := db.SaveProfile(ctx, 147, p, 7, 1); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.FindProfile(ctx, 101, "P-1"); got.Education != 3 || got.Version != 1 {
				t.Fatalf("101's profile changed: %+v", got)
			}
			for m, want := range map[int][]string{101: {"P-1", "P-2"}, 147: {"P-1"}, 751: nil} {
				ps, err := db.FindProfiles(ctx, m)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, p := range ps {
					ids = append(ids, p.PersonID)
				}
				if !reflect.DeepEqual(ids, want) {
					t.Errorf("FindProfiles(%d) = %v, want %v", m, ids, want)
				}
			}
		})
	})
}

func TestProfileInvalid(t *testing.T) {
	many := make([]string, 21)
	manyCodes := make([]string, 21)
	for i := range many {
		many[i], manyCodes[i] = fmt.Sprintf("skill %d", i), fmt.Sprintf("%04d", 1000+i)
	}
	for _, c := range []struct {
		name, field, text string
		change            func(p *pejling.Profile)
	}{
		{"CPR", "person", "looks like a CPR number", func(p *pejling.Profile) { p.PersonID = "0101901234" }},
		{"CPRDash", "person", "looks like a CPR number", func(p *pejling.Profile) { p.PersonID = "010190-1234" }},
		{"NoPerson", "person", "required", func(p *pejling.Profile) { p.PersonID = "" }},
		{"PersonChars", "person", "may hold only", func(p *pejling.Profile) { p.PersonID = "P 1'; DROP TABLE job_profiles; --" }},
		{"DISCOShort", "occupations", "not a 4-digit DISCO-08 code", func(p *pejling.Profile) { p.Occupations = []string{"432"} }},
		{"DISCOLetters", "occupations", "not a 4-digit DISCO-08 code", func(p *pejling.Profile) { p.Occupations = []string{"43a1"} }},
		{"TooManyOccupations", "occupations", "at most 20", func(p *pejling.Profile) { p.Occupations = manyCodes }},
		{"TooManySkills", "skills", "at most 20", func(p *pejling.Profile) { p.Skills = many }},
		{"LongSkill", "skills", "at most 60", func(p *pejling.Profile) { p.Skills = []string{strings.Repeat("x", 61)} }},
		{"SkillNUL", "skills", "control character", func(p *pejling.Profile) { p.Skills = []string{"a\x00b"} }},
		{"SkillBadUTF8", "skills", "not valid UTF-8", func(p *pejling.Profile) { p.Skills = []string{"a\xffb"} }},
		{"EducationLow", "education", "ISCED", func(p *pejling.Profile) { p.Education = -1 }},
		{"EducationHigh", "education", "ISCED", func(p *pejling.Profile) { p.Education = 9 }},
		{"Home", "home", "not a point", func(p *pejling.Profile) { p.Home.Lat = 91 }},
		{"HomeNaN", "home", "not a point", func(p *pejling.Profile) { p.Home.Lon = math.NaN() }},
		{"RadiusZero", "radius", "more than 0", func(p *pejling.Profile) { p.RadiusKm = 0 }},
		{"RadiusNegative", "radius", "more than 0", func(p *pejling.Profile) { p.RadiusKm = -5 }},
		{"RadiusFar", "radius", "at most 500", func(p *pejling.Profile) { p.RadiusKm = 500.5 }},
		{"RadiusNaN", "radius", "more than 0", func(p *pejling.Profile) { p.RadiusKm = math.NaN() }},
		{"HoursNegative", "hours", "within 0–60", func(p *pejling.Profile) { p.Hours.Min = -1 }},
		{"HoursHigh", "hours", "within 0–60", func(p *pejling.Profile) { p.Hours.Max = 61 }},
		{"HoursReversed", "hours", "least first", func(p *pejling.Profile) { p.Hours = pejling.HoursRange{Min: 30, Max: 20} }},
		{"HoursInf", "hours", "within 0–60", func(p *pejling.Profile) { p.Hours.Max = math.Inf(1) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := newProfile("P-1")
			c.change(&p)
			q := p
			field, err := sqldb.NormaliseProfile(&q)
			if field != c.field {
				t.Errorf("field %q, want %q (%v)", field, c.field, err)
			}
			wantCode(t, err, pejling.EINVALID, c.text)
		})
	}
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		bad := []func(p *pejling.Profile){
			func(p *pejling.Profile) { p.PersonID = "0101901234" },
			func(p *pejling.Profile) { p.Occupations = []string{"12"} },
			func(p *pejling.Profile) { p.Education = 9 },
			func(p *pejling.Profile) { p.RadiusKm = 0 },
			func(p *pejling.Profile) { p.RadiusKm = 501 },
			func(p *pejling.Profile) { p.Hours.Max = 61 },
			func(p *pejling.Profile) { p.Skills = many },
		}
		for i, change := range bad {
			p := newProfile("P-1")
			change(&p)
			if _, err := db.SaveProfile(ctx, 751, p, 7, 0); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("case %d: error %v, want EINVALID", i, err)
			}
		}
		_, err := db.SaveProfile(ctx, 0, newProfile("P-1"), 7, 0)
		wantCode(t, err, pejling.EINVALID, "municipality")
		_, err = db.SaveProfile(ctx, 751, newProfile("P-1"), 0, 0)
		wantCode(t, err, pejling.EINVALID, "the user who saves it")
		if ps, err := db.FindProfiles(ctx, 751); err != nil || len(ps) != 0 {
			t.Fatalf("stored after errors: %v, %v", ps, err)
		}
		// A refused change leaves the stored profile as it was.
		if _, err := db.SaveProfile(ctx, 751, newProfile("P-1"), 7, 0); err != nil {
			t.Fatal(err)
		}
		p := newProfile("P-1")
		p.Education = 9
		if _, err := db.SaveProfile(ctx, 751, p, 7, 1); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Fatalf("error %v, want EINVALID", err)
		}
		if got, _ := db.FindProfile(ctx, 751, "P-1"); got.Version != 1 || got.Education != 3 {
			t.Fatalf("after a refused change %+v", got)
		}
	})
}
