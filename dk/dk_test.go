package dk_test

import (
	"testing"

	"github.com/pejling/pejling/dk"
)

func TestMunicipalities(t *testing.T) {
	ms := dk.Municipalities()
	if len(ms) != 98 {
		t.Fatalf("got %d municipalities, want 98", len(ms))
	}
	if ms[0].Code != 101 || ms[0].Name != "København" {
		t.Fatalf("first municipality = %+v", ms[0])
	}
}

func TestLookupMunicipality(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"101", 101, true}, {"0101", 101, true}, {"København", 101, true}, {"københavn", 101, true},
		{"Copenhagen", 101, true}, {" Aarhus ", 751, true}, {"Århus", 751, true},
		{"Aabenraa Kommune", 580, true}, {"Frederiksberg", 147, true},
		{"999", 0, false}, {"", 0, false}, {"Atlantis", 0, false}, {"00000101", 0, false}, {"All Denmark", 0, false},
	} {
		got, ok := dk.LookupMunicipality(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("LookupMunicipality(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestFrameworkValue(t *testing.T) {
	v, year, ok := dk.FrameworkValue(101, "population", 2020)
	if !ok || year != 2019 || v < 500000 {
		t.Fatalf("København population near 2020 = %v (%d) %v", v, year, ok)
	}
	if !dk.IsFrameworkVariable("unemployment_pct") || dk.IsFrameworkVariable("nope") {
		t.Fatal("IsFrameworkVariable")
	}
}
