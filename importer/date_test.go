package importer_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // YYYY-MM-DD, "" when not a date
	}{
		{"ISO", "2023-01-05", "2023-01-05"},
		{"Danish", "05-01-2023", "2023-01-05"},
		{"LeapDay", "2024-02-29", "2024-02-29"},
		{"LeapDay2000", "29-02-2000", "2000-02-29"},
		{"NoLeapDay", "2023-02-29", ""},
		{"NoLeapDay1900", "1900-02-29", ""},
		{"NoLeapDay2100", "2100-02-29", ""},
		{"February30", "2023-02-30", ""},
		{"April31", "31-04-2023", ""},
		{"Month13", "2023-13-01", ""},
		{"Month0", "2023-00-10", ""},
		{"Day0", "2023-01-00", ""},
		{"FirstYear", "1900-01-01", "1900-01-01"},
		{"LastYear", "2199-12-31", "2199-12-31"},
		{"Before1900", "1899-12-31", ""},
		{"After2199", "2200-01-01", ""},
		{"Empty", "", ""},
		{"Short", "2023-1-5", ""},
		{"Slashes", "2023/01/05", ""},
		{"Dots", "05.01.2023", ""},
		{"Time", "2023-01-05T00:00", ""},
		{"Sign", "+023-01-05", ""},
		{"Spaces", " 2023-01-5", ""},
		{"MixedSeparators", "2023-01/05", ""},
		{"YearMonthOnly", "2023-01-", ""},
		{"USStyle", "01-31-2023", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := importer.ParseDate(tt.in)
			if tt.want == "" {
				if ok {
					t.Errorf("ParseDate(%q) = %v, want not a date", tt.in, d)
				}
				return
			}
			if !ok || d.String() != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %s", tt.in, d, ok, tt.want)
			}
		})
	}
}

// TestParseDateEveryDay compares the arithmetic day numbers with time.Date for every
// day of 1900–2199, in both spellings.
func TestParseDateEveryDay(t *testing.T) {
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for day := start; day.Before(end); day = day.AddDate(0, 0, 1) {
		want := pejling.Date(day.Unix() / 86400)
		y, m, d := day.Date()
		for _, s := range []string{fmt.Sprintf("%04d-%02d-%02d", y, m, d), fmt.Sprintf("%02d-%02d-%04d", d, m, y)} {
			if got, ok := importer.ParseDate(s); !ok || got != want {
				t.Fatalf("ParseDate(%q) = %d, %v; want %d", s, got, ok, want)
			}
		}
		n++
	}
	if n != 109573 { // 300 years: 300·365 + 73 leap days
		t.Errorf("tested %d days, want 109573", n)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-01-05", "05-01-2023", "2024-02-29", "1900-02-29", "2199-12-31", "2200-01-01",
		"1899-12-31", "0000-00-00", "2023-1-05", "9999-99-99", "31-12-2199", "2023-02-30", "+2023-01-0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := importer.ParseDate(s)
		if len(s) == 10 && s[4] == '-' {
			tm, err := time.Parse("2006-01-02", s)
			want := err == nil && tm.Year() >= 1900 && tm.Year() <= 2199 && isDigits(s[0:4]+s[5:7]+s[8:10])
			if ok != want {
				t.Fatalf("ParseDate(%q) ok = %v, time.Parse: %v, %v", s, ok, tm, err)
			}
			if ok && got != pejling.Date(tm.Unix()/86400) {
				t.Fatalf("ParseDate(%q) = %d, time.Parse gives %d", s, got, tm.Unix()/86400)
			}
		}
		if !ok {
			return
		}
		// Every date read is a real day that both spellings give back.
		iso := got.String()
		danish := iso[8:10] + "-" + iso[5:7] + "-" + iso[0:4]
		if s != iso && s != danish {
			t.Fatalf("ParseDate(%q) = %s, which is spelled neither way", s, iso)
		}
		if back, ok := importer.ParseDate(danish); !ok || back != got {
			t.Fatalf("%q round-trips through %q to %d, %v", s, danish, back, ok)
		}
	})
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
