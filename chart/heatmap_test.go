package chart

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestHeatMap(t *testing.T) {
	c := HeatMap{Title: hostile, RowTitle: "Effekt", ColumnTitle: hostile,
		Rows: []string{"50 %", hostile}, Columns: []string{"50 %", "100 %", "150 %"},
		Values: [][]float64{{-100, 0, math.NaN()}, {50, 100, -25}}, Mark: [2]int{1, 1}}
	b := c.SVG()
	names := wellFormed(t, b)
	s := string(b)
	if strings.Contains(s, "<script") || !strings.Contains(s, "&lt;script&gt;") {
		t.Errorf("text not escaped:\n%s", s)
	}
	if !strings.Contains(s, `role="img"`) || names[0] != "svg" || names[1] != "title" {
		t.Errorf("no role=img and title first: %v", names[:2])
	}
	// 6 cells + the mark.
	if n := strings.Count(s, "<rect"); n != 7 {
		t.Errorf("%d rects, want 7", n)
	}
	for _, want := range []string{`fill="#d73027"`, `fill="#1a9850"`, `fill="#ffffff"`, `fill="#dddddd"`, ">–<", ">-25<", ">100<"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s", want)
		}
	}
	if !slices.Contains(names, "text") {
		t.Error("no labels")
	}
}

func TestHeatColour(t *testing.T) {
	for _, c := range []struct {
		v, limit float64
		fill     string
		light    bool
	}{
		{0, 10, "#ffffff", false},
		{10, 10, "#1a9850", true},
		{-10, 10, "#d73027", true},
		{-20, 10, "#d73027", true}, // clamped
		{5, 10, "#8dcca8", false},
		{3, 0, "#ffffff", false}, // every value zero
		{math.NaN(), 10, "#dddddd", false},
	} {
		fill, light := HeatColour(c.v, c.limit)
		if fill != c.fill || light != c.light {
			t.Errorf("HeatColour(%g, %g) = %s %v, want %s %v", c.v, c.limit, fill, light, c.fill, c.light)
		}
	}
}

func TestHeatMapEmpty(t *testing.T) {
	b := HeatMap{Title: "x"}.SVG()
	wellFormed(t, b)
	if !strings.Contains(string(b), "–") {
		t.Error("an empty map says nothing")
	}
}
