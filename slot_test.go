package pejling_test

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
)

func TestSlotVacancy(t *testing.T) {
	s := pejling.Slot{ID: 42, CVR: "12345678", Occupation: "2512", Skills: []string{"go"}, MinEducation: 6,
		DrivingLicence: true, Location: pejling.LatLon{Lat: 56.15, Lon: 10.2}, HoursPerWeek: 30}
	v := s.Vacancy()
	want := pejling.Vacancy{ID: "slot:42", Kind: pejling.VacancySlot, CVR: "12345678", Occupation: "2512",
		Skills: []string{"go"}, MinEducation: 6, DrivingLicence: true, Location: s.Location,
		Hours: pejling.HoursRange{Min: 30, Max: 30}}
	if fmt.Sprint(v) != fmt.Sprint(want) {
		t.Fatalf("vacancy %+v, want %+v", v, want)
	}
	// The vacancy's skills are its own: the matcher may not change the slot's.
	v.Skills[0] = "x"
	if s.Skills[0] != "go" {
		t.Fatal("the vacancy shares the slot's skills")
	}
}

func TestSlotActiveOn(t *testing.T) {
	from := pejling.MustParseDate("2026-01-01")
	s := pejling.Slot{ActiveFrom: from, ActiveTo: from + 9}
	for d, want := range map[pejling.Date]bool{from - 1: false, from: true, from + 9: true, from + 10: false} {
		if s.ActiveOn(d) != want {
			t.Errorf("ActiveOn(%s) = %v", d, !want)
		}
	}
	if got := pejling.UTCDay(time.Date(2026, 1, 1, 23, 59, 0, 0, time.FixedZone("CET", 3600))); got != from {
		t.Errorf("Day = %s, want the UTC day %s", got, from)
	}
}

func TestValidPersonID(t *testing.T) {
	for _, c := range []struct {
		id, text string // text "" means valid
	}{
		{"P-000123", ""},
		{"a1b2c3:x_y.z", ""},
		{"9913001234", ""},  // ten digits but no birthday: 99th day
		{"01019012345", ""}, // eleven digits: not a CPR number
		{"0101901234", "CPR"},
		{"010190-1234", "CPR"},
		{"010190 1234", "CPR"},
		{"x3112991234", "CPR"},
		{"", "required"},
		{strings.Repeat("a", 65), "at most 64"},
		{"æble", "may hold only"},
		{"a b", "may hold only"},
		{"'--", "may hold only"},
	} {
		err := pejling.ValidPersonID(c.id)
		switch {
		case c.text == "" && err != nil:
			t.Errorf("%q: %v", c.id, err)
		case c.text != "" && (pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), c.text)):
			t.Errorf("%q: %v, want EINVALID saying %q", c.id, err, c.text)
		}
	}
}

// TestDistanceKm checks the haversine distance against reference values computed
// independently in Python (math module, the same formula and mean earth radius
// 6371.0088 km), to 0.01 km; one degree of latitude is R·π/180.
func TestDistanceKm(t *testing.T) {
	aarhus := pejling.LatLon{Lat: 56.1529, Lon: 10.2039}
	for _, c := range []struct {
		to   pejling.LatLon
		want float64
	}{
		{aarhus, 0},
		{pejling.LatLon{Lat: 57.1529, Lon: 10.2039}, 111.195}, // one degree north: R·π/180
		{pejling.LatLon{Lat: 56.1529, Lon: 11.2039}, 61.933},  // one degree east at 56.15°N
	} {
		if got := aarhus.DistanceKm(c.to); math.Abs(got-c.want) > 0.01 {
			t.Errorf("to %v: %.2f km, want %.3f", c.to, got, c.want)
		}
	}
}

func ExampleLatLon_DistanceKm() {
	aarhus := pejling.LatLon{Lat: 56.1529, Lon: 10.2039}
	copenhagen := pejling.LatLon{Lat: 55.6761, Lon: 12.5683}
	fmt.Printf("%.0f km\n", aarhus.DistanceKm(copenhagen))
	// Output: 157 km
}
