package chart

import "math"

// Bar is one bar: a municipality or a group, its value, and whether it is the one the
// page is about.
type Bar struct {
	Label     string
	Value     float64 // NaN: no value, drawn as a dash, never as 0
	Highlight bool
}

// Bars is a horizontal bar chart (a ranking, a comparison).
type Bars struct {
	Title  string
	Bars   []Bar
	Format Format
	Width  int // 720 when 0
}

// SVG draws the chart; its height follows the number of bars.
func (c Bars) SVG() []byte {
	w := c.Width
	if w == 0 {
		w = 720
	}
	format := c.Format
	if format == nil {
		format = plain
	}
	const row, top, left, right = 22.0, 8.0, 170.0, 80.0
	h := int(top*2 + row*float64(max(1, len(c.Bars))))
	var s svg
	s.open(w, h, c.Title)
	vals := make([]float64, 0, len(c.Bars)+1)
	for _, b := range c.Bars {
		vals = append(vals, b.Value)
	}
	lo, hi, ok := extent(append(vals, 0)...)
	if !ok || hi == lo {
		hi = lo + 1
	}
	pw := float64(w) - left - right
	x := func(v float64) float64 { return left + pw*(v-lo)/(hi-lo) }
	for i, b := range c.Bars {
		y := top + row*float64(i)
		class := "label"
		if b.Highlight {
			class = "label strong"
		}
		s.text(left-8, y+row*0.7, "end", class, b.Label)
		if math.IsNaN(b.Value) || math.IsInf(b.Value, 0) {
			s.text(x(0)+6, y+row*0.7, "start", "value", "–")
			continue
		}
		colour := Palette[6]
		if b.Highlight {
			colour = Palette[0]
		}
		x0, x1 := x(0), x(b.Value)
		if x1 < x0 {
			x0, x1 = x1, x0
		}
		s.WriteString(`<rect x="` + f(x0) + `" y="` + f(y+3) + `" width="` + f(max(x1-x0, 1)) + `" height="` + f(row-6) + `" fill="` + colour + `"><title>` + esc(b.Label+": "+format(b.Value)) + `</title></rect>`)
		s.text(x1+6, y+row*0.7, "start", "value", format(b.Value))
	}
	if lo < 0 {
		s.line(x(0), top, x(0), float64(h)-top, "#666", 1, false)
	}
	return s.close()
}
