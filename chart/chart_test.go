package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"testing"
)

// wellFormed parses the SVG as XML and returns its elements' names in order.
func wellFormed(t *testing.T, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var names []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return names
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, b)
		}
		if s, ok := tok.(xml.StartElement); ok {
			names = append(names, s.Name.Local)
		}
	}
}

const hostile = `<script>alert("x")</script> & "Ærø"`

func TestLine(t *testing.T) {
	c := Line{Title: hostile, Labels: []string{"2023-01", "2023-02", "2023-03", "2023-04"},
		Series:    []Series{{Name: "Skive", Values: []float64{0.1, math.NaN(), 0.3, 0.25}}, {Name: hostile, Values: []float64{0.2, 0.2, 0.2, 0.2}, Dashed: true}},
		ZeroBased: true}
	b := c.SVG()
	names := wellFormed(t, b)
	if strings.Contains(string(b), "<script>") || !strings.Contains(string(b), "&lt;script&gt;") {
		t.Error("a label was not escaped")
	}
	// The gap at the NaN breaks Skive's line into two pieces: two M commands.
	first := string(b[strings.Index(string(b), `<path d="`):])
	first = first[:strings.Index(first, `"`+" fill")]
	if strings.Count(first, "M") != 2 {
		t.Errorf("the NaN did not break the line: %s", first)
	}
	if n := strings.Count(string(b), "<circle"); n != 7 {
		t.Errorf("%d points, want 7 (one NaN left out)", n)
	}
	if !slices.Contains(names, "title") || !strings.Contains(string(b), `role="img"`) {
		t.Error("no title or role")
	}
	// Zero-based: the lowest tick is 0.
	if !strings.Contains(string(b), `class="tick">0</text>`) {
		t.Error("the axis does not start at 0")
	}
	empty := Line{Title: "none", Labels: []string{"a"}, Series: []Series{{Name: "x", Values: []float64{math.NaN()}}}}.SVG()
	wellFormed(t, empty)
	if !strings.Contains(string(empty), "–") {
		t.Error("an empty chart does not say so")
	}
}

func TestBarsAndIntervals(t *testing.T) {
	b := Bars{Title: "rank", Bars: []Bar{{Label: "Skive", Value: 3, Highlight: true}, {Label: hostile, Value: -2}, {Label: "Læsø", Value: math.NaN()}}}.SVG()
	wellFormed(t, b)
	if strings.Count(string(b), "<rect") != 2 || strings.Contains(string(b), "<script>") {
		t.Errorf("bars: %s", b)
	}
	iv := Intervals{Title: "expected", Rows: []Interval{
		{Label: "Skive", Actual: 0.18, Expected: 0.17, Lower: 0.14, Upper: 0.20, Highlight: true},
		{Label: "Viborg", Actual: 0.25, Expected: 0.17, Lower: 0.14, Upper: 0.20},
	}}.SVG()
	wellFormed(t, iv)
	// Viborg lies outside its interval and is drawn in the warning colour.
	if !strings.Contains(string(iv), Palette[5]) || strings.Count(string(iv), "<circle") != 2 {
		t.Errorf("intervals: %s", iv)
	}
}

func TestTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		want   []float64
	}{
		{0, 1, []float64{0, 0.2, 0.4, 0.6, 0.8, 1}},
		{0.13, 0.47, []float64{0.1, 0.2, 0.3, 0.4, 0.5}},
		{3, 3, []float64{2.6, 2.8, 3, 3.2, 3.4}},
		{0, 0, []float64{0, 1}},
		{-5, 12, []float64{-5, 0, 5, 10, 15}},
	} {
		got := Ticks(c.lo, c.hi, 5)
		if !slices.Equal(got, c.want) {
			t.Errorf("Ticks(%g, %g) = %v, want %v", c.lo, c.hi, got, c.want)
		}
	}
	if Ticks(math.NaN(), 1, 5) != nil {
		t.Error("NaN ticks")
	}
}

// TestLineLegendRows: many series with long names get legend rows of their own below
// the axis labels, and the chart grows instead of squeezing the plot.
func TestLineLegendRows(t *testing.T) {
	labels := []string{"1", "2", "3"}
	var series []Series
	for i := range 14 {
		series = append(series, Series{Name: strings.Repeat("x", 20+i) + " (long name)", Values: []float64{1, 0.5, 0.2}})
	}
	b := Line{Labels: labels, Series: series, Width: 720, Height: 280}.SVG()
	wellFormed(t, b)
	var axisY, minLegendY float64 = 0, math.Inf(1)
	heights := 0
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		e, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		attr := map[string]string{}
		for _, a := range e.Attr {
			attr[a.Name.Local] = a.Value
		}
		var y float64
		if e.Name.Local == "svg" {
			if _, err := fmt.Sscan(attr["height"], &heights); err != nil {
				t.Fatalf("height %q", attr["height"])
			}
		}
		if e.Name.Local == "text" {
			fmt.Sscan(attr["y"], &y)
			switch attr["class"] {
			case "tick":
				if attr["text-anchor"] == "middle" {
					axisY = max(axisY, y)
				}
			case "legend":
				minLegendY = min(minLegendY, y)
			}
		}
	}
	if minLegendY <= axisY+8 {
		t.Errorf("the legend (from y %v) runs into the axis labels (y %v)", minLegendY, axisY)
	}
	if heights <= 280 {
		t.Errorf("height %d: the chart did not grow for its legend rows", heights)
	}
}
