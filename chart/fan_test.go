package chart

import (
	"math"
	"strings"
	"testing"
)

func TestFan(t *testing.T) {
	c := Fan{Title: hostile, Labels: []string{"2021", "2022", "2023", "2024", "2025", "2026"},
		History: []float64{100, 110, 120}, Forecast: []float64{125, 130, 135},
		Low: []float64{115, 112, 108}, High: []float64{135, 148, 162},
		HistoryName: "Historik", ForecastName: hostile, BandName: "p10–p90", ZeroBased: true}
	b := c.SVG()
	names := wellFormed(t, b)
	s := string(b)
	if strings.Contains(s, "<script") || !strings.Contains(s, "&lt;script&gt;") {
		t.Errorf("text not escaped")
	}
	if names[0] != "svg" || names[1] != "title" || !strings.Contains(s, `role="img"`) {
		t.Errorf("no title first: %v", names[:2])
	}
	if strings.Count(s, "<polygon") != 1 {
		t.Errorf("want one band")
	}
	// The band starts at the last history point and has 1 + 3 points each way.
	i := strings.Index(s, `points="`)
	pts := strings.Fields(s[i+len(`points="`) : strings.Index(s[i+8:], `"`)+i+8])
	if len(pts) != 2*8 {
		t.Errorf("band has %d coordinates, want 16: %v", len(pts), pts)
	}
	if strings.Count(s, "<path") != 2 || !strings.Contains(s, `stroke-dasharray="6 4"`) {
		t.Errorf("want a history and a dashed forecast line")
	}
	if n := strings.Count(s, "<circle"); n != 6 {
		t.Errorf("%d points, want 6", n)
	}
}

func TestFanGapsAndEmpty(t *testing.T) {
	b := Fan{Title: "x", Labels: []string{"a", "b", "c"}, History: []float64{1, math.NaN()},
		Forecast: []float64{math.NaN()}, Low: []float64{math.NaN()}, High: []float64{2}}.SVG()
	wellFormed(t, b)
	if strings.Contains(string(b), "NaN") {
		t.Error("NaN written")
	}
	b = Fan{Title: "x"}.SVG()
	wellFormed(t, b)
	if !strings.Contains(string(b), "–") {
		t.Error("an empty fan says nothing")
	}
}
