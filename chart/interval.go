package chart

import "math"

// Interval is one municipality's actual value beside its expected level and the
// interval of the expected level.
type Interval struct {
	Label                          string
	Actual, Expected, Lower, Upper float64
	Highlight                      bool
}

// Intervals draws, for each row, the prediction interval as a bar, the expected level
// as a tick and the actual value as a dot: a dot outside the bar is a municipality
// doing clearly better or worse than its conditions lead one to expect — the chart a
// politician can read.
type Intervals struct {
	Title  string
	Rows   []Interval
	Format Format
	Width  int // 720 when 0
}

// SVG draws the chart.
func (c Intervals) SVG() []byte {
	w := c.Width
	if w == 0 {
		w = 720
	}
	format := c.Format
	if format == nil {
		format = plain
	}
	const row, top, left, right, axis = 22.0, 8.0, 170.0, 24.0, 22.0
	h := int(top*2 + axis + row*float64(max(1, len(c.Rows))))
	var s svg
	s.open(w, h, c.Title)
	var vals []float64
	for _, r := range c.Rows {
		vals = append(vals, r.Actual, r.Lower, r.Upper, r.Expected)
	}
	lo, hi, ok := extent(vals...)
	if !ok {
		s.text(float64(w)/2, float64(h)/2, "middle", "empty", "–")
		return s.close()
	}
	ticks := Ticks(lo, hi, 5)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	pw := float64(w) - left - right
	x := func(v float64) float64 { return left + pw*(v-lo)/(hi-lo) }
	bottom := float64(h) - top - axis
	for _, t := range ticks {
		s.line(x(t), top, x(t), bottom, "#e3e3e3", 1, false)
		s.text(x(t), bottom+16, "middle", "tick", format(t))
	}
	for i, r := range c.Rows {
		y := top + row*float64(i) + row/2
		class := "label"
		if r.Highlight {
			class = "label strong"
		}
		s.text(left-8, y+4, "end", class, r.Label)
		if !math.IsNaN(r.Lower) && !math.IsNaN(r.Upper) {
			s.WriteString(`<rect x="` + f(x(r.Lower)) + `" y="` + f(y-5) + `" width="` + f(max(x(r.Upper)-x(r.Lower), 1)) + `" height="10" fill="#d7e6f2"><title>` +
				esc(format(r.Lower)+" – "+format(r.Upper)) + `</title></rect>`)
		}
		if !math.IsNaN(r.Expected) {
			s.line(x(r.Expected), y-7, x(r.Expected), y+7, "#555", 2, false)
		}
		if !math.IsNaN(r.Actual) {
			colour := Palette[6]
			if r.Highlight {
				colour = Palette[0]
			}
			if r.Actual < r.Lower || r.Actual > r.Upper {
				colour = Palette[5]
				if r.Highlight {
					colour = Palette[0]
				}
			}
			s.WriteString(`<circle cx="` + f(x(r.Actual)) + `" cy="` + f(y) + `" r="4.5" fill="` + colour + `"><title>` +
				esc(r.Label+": "+format(r.Actual)+" ("+format(r.Expected)+")") + `</title></circle>`)
		}
	}
	return s.close()
}
