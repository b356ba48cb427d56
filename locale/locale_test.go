package locale

import (
	"math"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

func TestNegotiate(t *testing.T) {
	for _, c := range []struct {
		choice, accept string
		want           Lang
	}{
		{"", "", Danish},
		{"en", "da", English},
		{"da", "en-GB,en;q=0.9", Danish},
		{"fr", "en-GB,en;q=0.9", English},
		{"", "de-DE,de;q=0.9,en;q=0.8,da;q=0.7", English},
		{"", "da;q=0.5,en;q=0.6", English},
		{"", "en;q=0,da;q=0.1", Danish},
		{"", "sv,nb", Danish},
		{"", "EN-us", English},
		{"", "en;q=bogus", English},
		{"<script>", ";;;,,,q=", Danish},
	} {
		if got := Negotiate(c.choice, c.accept); got != c.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", c.choice, c.accept, got, c.want)
		}
	}
}

func TestNumbersAndDates(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		x    float64
		d    int
		want string
	}{
		{Danish, 1234.5, 1, "1.234,5"}, {English, 1234.5, 1, "1,234.5"}, {Danish, -1234567, 0, "-1.234.567"},
		{English, 0.04, 1, "0.0"}, {English, -0.04, 1, "0.0"}, {English, 999, 0, "999"}, {Danish, 1000, 2, "1.000,00"},
		{English, math.NaN(), 1, "–"}, {Danish, math.Inf(1), 1, "–"},
	} {
		if got := c.l.Number(c.x, c.d); got != c.want {
			t.Errorf("%s Number(%g, %d) = %q, want %q", c.l, c.x, c.d, got, c.want)
		}
	}
	if got := Danish.Percent(0.2534, 1); got != "25,3 %" {
		t.Errorf("percent %q", got)
	}
	d := pejling.MustParseDate("2024-03-07")
	if Danish.Date(d) != "07-03-2024" || English.Date(d) != "2024-03-07" {
		t.Errorf("dates %q %q", Danish.Date(d), English.Date(d))
	}
}

func TestEveryFigureAndGroupHasANameInBothLanguages(t *testing.T) {
	for _, id := range figures.Figures {
		if Danish.Figure(id) == id || English.Figure(id) == id || Danish.Figure(id) == English.Figure(id) {
			t.Errorf("figure %s: %q / %q", id, Danish.Figure(id), English.Figure(id))
		}
	}
	for _, g := range pejling.BenefitGroups {
		if Danish.Group(g) == string(g) || English.Group(g) == string(g) {
			t.Errorf("group %s unnamed", g)
		}
	}
	if Danish.Group("") != "alle ydelsesgrupper" {
		t.Error("the all group")
	}
}

func TestFigureValue(t *testing.T) {
	for _, c := range []struct {
		id   string
		v    float64
		want string
	}{
		{"activation_rate", 0.2534, "25,3 %"}, {"turnover_speed", 1.234, "1,23"}, {"avg_duration_days", 1234.6, "1.235"},
		{"full_time_persons", 1234.56, "1.234,6"}, {"placements_started", 12, "12"}, {"coverage_rate", math.NaN(), "–"},
	} {
		if got := Danish.FigureValue(c.id, c.v); got != c.want {
			t.Errorf("%s %g = %q, want %q", c.id, c.v, got, c.want)
		}
	}
}
