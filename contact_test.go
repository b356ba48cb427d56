package pejling_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
)

func TestContactCPRRefused(t *testing.T) {
	for _, c := range []struct {
		text string
		cpr  bool
	}{
		{"0102031234", true},
		{"ring 010203-1234 i dag", true},
		{"010203 1234", true},
		{"290200-1234", true},  // 29 February 2000
		{"2902011234", false},  // 2001 and 1901 have no 29 February
		{"3104991234", false},  // 31 April
		{"0013991234", false},  // month 13
		{"00010203040", false}, // eleven digits
		{"12345678", false},    // a CVR number
		{"010203-12345", false},
		{"tlf. 86 12 34 56", false},
		{"", false},
	} {
		t.Run(c.text, func(t *testing.T) {
			e := pejling.ContactLogEntry{Municipality: 101, CVR: "12345678", UserID: 1, At: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
				Channel: pejling.ContactByPhone, Topic: pejling.TopicOther, Outcome: c.text}
			err := e.Validate()
			if got := err != nil && strings.Contains(pejling.ErrorMessage(err), "CPR"); got != c.cpr {
				t.Errorf("refused as CPR: %v (%v), want %v", got, err, c.cpr)
			}
		})
	}
}

func TestContactTypes(t *testing.T) {
	for _, p := range pejling.ServicePackages() {
		if !p.Valid() || p.Promise().Danish == "" || p.Promise().English == "" {
			t.Errorf("package %q has no promise", p)
		}
	}
	if pejling.ServicePackage("platinum").Valid() || pejling.ContactChannel("fax").Valid() || pejling.ContactTopic("x").Valid() {
		t.Error("unknown values valid")
	}
	for n, want := range map[int]pejling.SizeBand{-1: "", 0: "", 1: "1-9", 10: "10-49", 249: "50-249", 250: "250+"} {
		if got := pejling.SizeBandOf(n); got != want {
			t.Errorf("SizeBandOf(%d) = %q, want %q", n, got, want)
		}
	}
}

func ExampleServicePackage_Promise() {
	fmt.Println(pejling.PackageGold.Promise().English)
	fmt.Println(pejling.PackageGold.Promise().Danish)
	// Output:
	// A named consultant; a visit every quarter; an answer the same working day.
	// Fast navngiven konsulent; besøg hvert kvartal; svar samme arbejdsdag.
}
