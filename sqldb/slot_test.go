package sqldb_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// slotNow is the fixed time of the slot and reservation tests.
var slotNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// aarhus is Aarhus town hall; the slot tests place slots around it.
var aarhus = pejling.LatLon{Lat: 56.1529, Lon: 10.2039}

// newSlot returns a valid slot of municipality 751 (Aarhus), active a year around slotNow.
func newSlot(title string) *pejling.Slot {
	return &pejling.Slot{
		Municipality: 751, CVR: "12345678", Type: pejling.SlotPraktik, Title: title,
		Occupation: "4321", Description: "Varemodtagelse og lager", Address: "Rådhuspladsen 2, 8000 Aarhus C",
		Location: aarhus, HoursPerWeek: 25, Requirements: "Kan løfte 15 kg", Skills: []string{"truckcertifikat", "lager"},
		MinEducation: 2, DrivingLicence: true, Expectations: "Mødetid 7.00; ring ved sygdom før 7.00",
		Capacity: 2, ActiveFrom: pejling.UTCDay(slotNow) - 180, ActiveTo: pejling.UTCDay(slotNow) + 180, CreatedBy: 1,
	}
}

func mustCreateSlot(t *testing.T, db *sqldb.DB, s *pejling.Slot) *pejling.Slot {
	t.Helper()
	if err := db.CreateSlot(ctx, s); err != nil {
		t.Fatal(err)
	}
	return s
}

func wantCode(t *testing.T, err error, code, text string) {
	t.Helper()
	if pejling.ErrorCode(err) != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
	if msg := pejling.ErrorMessage(err); !strings.Contains(msg, text) {
		t.Fatalf("message %q does not say %q", msg, text)
	}
}

func TestSlot(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		t.Run("CreateFind", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lagermedarbejder"))
			if s.ID == 0 || s.Version != 1 || !s.CreatedAt.Equal(slotNow) {
				t.Fatalf("created %+v", s)
			}
			got, err := db.FindSlot(ctx, 751, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, s) {
				t.Fatalf("found\n%+v\nwant\n%+v", got, s)
			}
			v := got.Vacancy()
			if v.Kind != pejling.VacancySlot || v.Occupation != "4321" || v.Hours != (pejling.HoursRange{Min: 25, Max: 25}) ||
				v.Location != aarhus || !v.DrivingLicence || v.MinEducation != 2 || len(v.Skills) != 2 || v.CVR != "12345678" {
				t.Fatalf("vacancy %+v", v)
			}
		})
		t.Run("OtherMunicipality", func(t *testing.T) {
			db := open(t)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			_, err := db.FindSlot(ctx, 101, s.ID)
			wantCode(t, err, pejling.ENOTFOUND, "no slot")
			hits, err := db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 101})
			if err != nil || len(hits) != 0 {
				t.Fatalf("hits %v, %v", hits, err)
			}
			title := "Hacked"
			_, err = db.UpdateSlot(ctx, 101, s.ID, sqldb.SlotUpdate{Version: 1, Title: &title})
			wantCode(t, err, pejling.ENOTFOUND, "no slot")
		})
		t.Run("HostileTextVerbatim", func(t *testing.T) {
			db := open(t)
			s := newSlot(`'); DROP TABLE placement_slots; -- <script>alert(1)</script>`)
			s.Description = "100% _sure_ \\ ? $1 ?1 \"quoted\" Ærø 🚜\n\ttab"
			s.Requirements = strings.Repeat("ø", pejling.MaxSlotTextLen)
			mustCreateSlot(t, db, s)
			got, err := db.FindSlot(ctx, 751, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != s.Title || got.Description != s.Description || got.Requirements != s.Requirements {
				t.Fatalf("stored %q / %q", got.Title, got.Description)
			}
			// LIKE's wildcards in the search text are literal.
			for _, q := range []string{"100%", "_sure_", "ÆRØ", `\ ?`, "drop table"} {
				hits, err := db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, Text: q})
				if err != nil || len(hits) != 1 {
					t.Fatalf("text %q: hits %d, %v", q, len(hits), err)
				}
			}
			hits, err := db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, Text: "%"})
			if err != nil || len(hits) != 1 {
				t.Fatalf("text %%: %d, %v", len(hits), err)
			}
			hits, err = db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, Text: "0%_"})
			if err != nil || len(hits) != 0 {
				t.Fatalf("text 0%%_: %d, %v", len(hits), err)
			}
		})
		t.Run("Search", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			day := pejling.UTCDay(slotNow)
			mk := func(title, occ string, typ pejling.SlotType, at pejling.LatLon, from, to pejling.Date) *pejling.Slot {
				s := newSlot(title)
				s.Occupation, s.Type, s.Location, s.ActiveFrom, s.ActiveTo = occ, typ, at, from, to
				s.Description, s.Requirements = "", ""
				return mustCreateSlot(t, db, s)
			}
			// Skejby is about 6 km north of the town hall, Silkeborg about 40 km west,
			// Copenhagen about 157 km east.
			a := mk("Udvikler i ØKONOMI", "2512", pejling.SlotWageSubsidy, pejling.LatLon{Lat: 56.1966, Lon: 10.1755}, day-10, pejling.Forever)
			b := mk("Lagermedarbejder", "4321", pejling.SlotPraktik, aarhus, day-10, day+10)
			c := mk("Systemadministrator", "2522", pejling.SlotPraktik, pejling.LatLon{Lat: 56.1697, Lon: 9.5451}, day+1, day+30)
			d := mk("Kok", "5120", pejling.SlotPraktik, pejling.LatLon{Lat: 55.6761, Lon: 12.5683}, day-30, day-1)
			other := newSlot("Udvikler")
			other.Municipality = 101
			mustCreateSlot(t, db, other)

			ids := func(hits []sqldb.SlotHit) []int64 {
				out := []int64{}
				for _, h := range hits {
					out = append(out, h.ID)
				}
				return out
			}
			for _, c2 := range []struct {
				name string
				f    sqldb.SlotFilter
				want []int64
			}{
				{"All", sqldb.SlotFilter{}, []int64{d.ID, b.ID, c.ID, a.ID}},
				{"TextAnyCase", sqldb.SlotFilter{Text: "økonomi"}, []int64{a.ID}},
				{"TextUpper", sqldb.SlotFilter{Text: "LAGER"}, []int64{b.ID}},
				{"OccupationPrefix", sqldb.SlotFilter{Occupation: "25"}, []int64{c.ID, a.ID}},
				{"OccupationFull", sqldb.SlotFilter{Occupation: "2512"}, []int64{a.ID}},
				{"Type", sqldb.SlotFilter{Type: pejling.SlotWageSubsidy}, []int64{a.ID}},
				{"ActiveOn", sqldb.SlotFilter{ActiveOn: day}, []int64{b.ID, a.ID}},
				{"Near10km", sqldb.SlotFilter{Near: aarhus, WithinKm: 10}, []int64{b.ID, a.ID}},
				{"Near50km", sqldb.SlotFilter{Near: aarhus, WithinKm: 50}, []int64{b.ID, a.ID, c.ID}},
				{"Near200km", sqldb.SlotFilter{Near: aarhus, WithinKm: 200}, []int64{b.ID, a.ID, c.ID, d.ID}},
				{"NearLimit", sqldb.SlotFilter{Near: aarhus, WithinKm: 200, Limit: 1}, []int64{b.ID}},
				{"Limit", sqldb.SlotFilter{Limit: 2}, []int64{d.ID, b.ID}},
				{"Combined", sqldb.SlotFilter{Type: pejling.SlotPraktik, Occupation: "2", Near: aarhus, WithinKm: 60}, []int64{c.ID}},
			} {
				t.Run(c2.name, func(t *testing.T) {
					c2.f.Municipality = 751
					hits, err := db.FindSlots(ctx, c2.f)
					if err != nil {
						t.Fatal(err)
					}
					if got := ids(hits); !reflect.DeepEqual(got, c2.want) {
						t.Fatalf("got %v, want %v", got, c2.want)
					}
					if c2.f.WithinKm > 0 {
						for _, h := range hits {
							if h.DistanceKm > c2.f.WithinKm || (h.ID != b.ID && h.DistanceKm <= 0) {
								t.Fatalf("slot %d at %g km", h.ID, h.DistanceKm)
							}
						}
					}
				})
			}
			// Copenhagen lies 150–160 km from Aarhus town hall as the crow flies.
			hits, _ := db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, Near: aarhus, WithinKm: 200})
			if km := hits[3].DistanceKm; km < 150 || km > 160 {
				t.Fatalf("Aarhus–Copenhagen %g km", km)
			}
		})
		t.Run("FreePlaces", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := newSlot("To pladser")
			full := mustCreateSlot(t, db, s)
			open2 := mustCreateSlot(t, db, newSlot("Ledig"))
			for _, p := range []string{"p1", "p2"} {
				if _, err := db.ReserveSlot(ctx, 751, full.ID, p, 1, slotNow, time.Hour); err != nil {
					t.Fatal(err)
				}
			}
			hits, err := db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, HasFreePlace: true})
			if err != nil || len(hits) != 1 || hits[0].ID != open2.ID || hits[0].Free != 2 {
				t.Fatalf("hits %+v, %v", hits, err)
			}
			// An hour later the held reservations have lapsed.
			hits, err = db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, HasFreePlace: true, At: slotNow.Add(time.Hour)})
			if err != nil || len(hits) != 2 || hits[0].Free != 2 || hits[1].Free != 2 {
				t.Fatalf("hits %+v, %v", hits, err)
			}
		})
		t.Run("BadFilter", func(t *testing.T) {
			db := open(t)
			for _, c := range []struct {
				name string
				f    sqldb.SlotFilter
				text string
			}{
				{"NoMunicipality", sqldb.SlotFilter{}, "municipality"},
				{"Occupation", sqldb.SlotFilter{Municipality: 751, Occupation: "25%"}, "DISCO"},
				{"Type", sqldb.SlotFilter{Municipality: 751, Type: "job"}, "slot type"},
				{"Distance", sqldb.SlotFilter{Municipality: 751, WithinKm: -1}, "distance"},
				{"NaN", sqldb.SlotFilter{Municipality: 751, WithinKm: math.NaN()}, "distance"},
				{"Limit", sqldb.SlotFilter{Municipality: 751, Limit: 5000}, "limit"},
				{"LongText", sqldb.SlotFilter{Municipality: 751, Text: strings.Repeat("x", 201)}, "search text"},
			} {
				t.Run(c.name, func(t *testing.T) {
					_, err := db.FindSlots(ctx, c.f)
					wantCode(t, err, pejling.EINVALID, c.text)
				})
			}
		})
	})
}

func TestSlotInvalid(t *testing.T) {
	db := MustOpenDB(t)
	for _, c := range []struct {
		name   string
		change func(*pejling.Slot)
		text   string
	}{
		{"NoMunicipality", func(s *pejling.Slot) { s.Municipality = 0 }, "municipality"},
		{"BadCVR", func(s *pejling.Slot) { s.CVR = "1234567X" }, "CVR"},
		{"BadType", func(s *pejling.Slot) { s.Type = "job" }, "slot type"},
		{"NoTitle", func(s *pejling.Slot) { s.Title = "  " }, "title"},
		{"BadOccupation", func(s *pejling.Slot) { s.Occupation = "43" }, "DISCO-08"},
		{"CapacityZero", func(s *pejling.Slot) { s.Capacity = 0 }, "capacity"},
		{"CapacityHuge", func(s *pejling.Slot) { s.Capacity = 1001 }, "capacity"},
		{"HoursZero", func(s *pejling.Slot) { s.HoursPerWeek = 0.5 }, "hours"},
		{"HoursTooMany", func(s *pejling.Slot) { s.HoursPerWeek = 61 }, "hours"},
		{"HoursNaN", func(s *pejling.Slot) { s.HoursPerWeek = math.NaN() }, "hours"},
		{"EndBeforeStart", func(s *pejling.Slot) { s.ActiveTo = s.ActiveFrom - 1 }, "ends"},
		{"BadLocation", func(s *pejling.Slot) { s.Location.Lat = 91 }, "location"},
		{"Education", func(s *pejling.Slot) { s.MinEducation = 9 }, "education"},
		{"NoCreator", func(s *pejling.Slot) { s.CreatedBy = 0 }, "user"},
		{"LongTitle", func(s *pejling.Slot) { s.Title = strings.Repeat("a", pejling.MaxSlotTitleLen+1) }, "title is 201"},
		{"LongDescription", func(s *pejling.Slot) { s.Description = strings.Repeat("æ", pejling.MaxSlotTextLen+1) }, "description"},
		{"LongNotes", func(s *pejling.Slot) { s.Expectations = strings.Repeat("x", 1<<20) }, "expectation-setting notes"},
		{"NUL", func(s *pejling.Slot) { s.Requirements = "a\x00b" }, "NUL"},
		{"BadUTF8", func(s *pejling.Slot) { s.Address = "\xff\xfe" }, "UTF-8"},
		{"SkillLineBreak", func(s *pejling.Slot) { s.Skills = []string{"a\nb"} }, "skill"},
		{"TooManySkills", func(s *pejling.Slot) { s.Skills = make([]string, 51) }, "skills"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newSlot("Lager")
			c.change(s)
			wantCode(t, db.CreateSlot(ctx, s), pejling.EINVALID, c.text)
		})
	}
}

func TestSlotUpdate(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		t.Run("Update", func(t *testing.T) {
			db := open(t)
			advance := clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			advance(time.Hour)
			title, capacity, skills := "Lager og logistik", 5, []string{}
			got, err := db.UpdateSlot(ctx, 751, s.ID, sqldb.SlotUpdate{Version: 1, Title: &title, Capacity: &capacity, Skills: &skills})
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 || got.Title != title || got.Capacity != 5 || !got.UpdatedAt.Equal(slotNow.Add(time.Hour)) {
				t.Fatalf("updated %+v", got)
			}
			found, err := db.FindSlot(ctx, 751, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if found.Skills != nil {
				t.Fatalf("skills %q", found.Skills)
			}
			found.Skills = got.Skills
			if !reflect.DeepEqual(found, got) {
				t.Fatalf("found\n%+v\nwant\n%+v", found, got)
			}
			// The search follows the new title.
			hits, _ := db.FindSlots(ctx, sqldb.SlotFilter{Municipality: 751, Text: "LOGISTIK"})
			if len(hits) != 1 {
				t.Fatalf("%d hits", len(hits))
			}
		})
		t.Run("StaleVersion", func(t *testing.T) {
			db := open(t)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			a, b := "A", "B"
			if _, err := db.UpdateSlot(ctx, 751, s.ID, sqldb.SlotUpdate{Version: 1, Title: &a}); err != nil {
				t.Fatal(err)
			}
			_, err := db.UpdateSlot(ctx, 751, s.ID, sqldb.SlotUpdate{Version: 1, Title: &b})
			wantCode(t, err, pejling.ECONFLICT, "changed by someone else")
			got, _ := db.FindSlot(ctx, 751, s.ID)
			if got.Title != "A" || got.Version != 2 {
				t.Fatalf("stored %q version %d", got.Title, got.Version)
			}
		})
		t.Run("InvalidChange", func(t *testing.T) {
			db := open(t)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			to := s.ActiveFrom - 1
			_, err := db.UpdateSlot(ctx, 751, s.ID, sqldb.SlotUpdate{Version: 1, ActiveTo: &to})
			wantCode(t, err, pejling.EINVALID, "ends")
		})
		t.Run("CapacityBelowReserved", func(t *testing.T) {
			db := open(t)
			clock(db, slotNow)
			s := mustCreateSlot(t, db, newSlot("Lager"))
			for _, p := range []string{"p1", "p2"} {
				if _, err := db.ReserveSlot(ctx, 751, s.ID, p, 1, slotNow, time.Hour); err != nil {
					t.Fatal(err)
				}
			}
			one := 1
			_, err := db.UpdateSlot(ctx, 751, s.ID, sqldb.SlotUpdate{Version: 1, Capacity: &one})
			wantCode(t, err, pejling.ECONFLICT, "2 places of the slot are reserved")
		})
	})
}
