package importer_test

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling/importer"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want float64
		ok   bool
	}{
		{"Integer", "37", 37, true},
		{"Point", "0.5", 0.5, true},
		{"Comma", "0,5", 0.5, true},
		{"NegativeComma", "-0,5", -0.5, true},
		{"Plus", "+12.25", 12.25, true},
		{"Zero", "0", 0, true},
		{"LeadingZeros", "007.50", 7.5, true},
		{"Large", "123456789012.34", 123456789012.34, true},
		{"ManyDigits", "0.1234567890123456789", 0.1234567890123456789, true},
		{"Long", "12345678901234567890123", 12345678901234567890123, true},
		{"Empty", "", 0, false},
		{"SignOnly", "-", 0, false},
		{"ThousandsAndDecimal", "1.234,5", 0, false},
		{"TwoPoints", "1.2.3", 0, false},
		{"ThousandsSpace", "1 234", 0, false},
		{"Exponent", "1e5", 0, false},
		{"NaN", "NaN", 0, false},
		{"Inf", "Inf", 0, false},
		{"Hex", "0x10", 0, false},
		{"Underscore", "1_000", 0, false},
		{"TrailingPoint", "5.", 0, false},
		{"LeadingPoint", ".5", 0, false},
		{"DoubleSign", "--1", 0, false},
		{"Percent", "50%", 0, false},
		{"OutOfRange", "1" + strings.Repeat("0", 400), 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := importer.ParseDecimal(tt.in)
			if ok != tt.ok || (ok && got != tt.want) {
				t.Errorf("ParseDecimal(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
	t.Run("NegativeZero", func(t *testing.T) {
		if got, ok := importer.ParseDecimal("-0,0"); !ok || !math.Signbit(got) {
			t.Errorf("ParseDecimal(-0,0) = %v, %v; want -0", got, ok)
		}
	})
}

// decimalGrammar reports whether s is [+-]?[0-9]+([.,][0-9]+)?.
func decimalGrammar(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return false
	}
	if i == len(s) {
		return true
	}
	if s[i] != '.' && s[i] != ',' {
		return false
	}
	return len(s) > i+1 && isDigits(s[i+1:])
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1", "-0,5", "0.1", "+3.14159", "1.234,5", "1e5", "NaN", "0x1p3", "9007199254740993",
		"0.000000000000000000000001", "123456789012345678901234567890", "1" + strings.Repeat("9", 30) + ",5", "-", ".5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := importer.ParseDecimal(s)
		if !decimalGrammar(s) {
			if ok {
				t.Fatalf("ParseDecimal(%q) = %v, but it is not in the grammar", s, got)
			}
			return
		}
		want, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
		if (err == nil) != ok {
			t.Fatalf("ParseDecimal(%q) ok = %v; ParseFloat: %v, %v", s, ok, want, err)
		}
		if ok && math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("ParseDecimal(%q) = %v, ParseFloat gives %v", s, got, want)
		}
	})
}
