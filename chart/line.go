package chart

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"
)

// Series is one line of a Line chart: a value per X label (NaN is a gap: the line
// breaks rather than pretending a value).
type Series struct {
	Name   string
	Values []float64
	Dashed bool // a reference (the country, the cluster) rather than the municipality
}

// Line is a chart of series over common X labels (periods).
type Line struct {
	Title  string
	Labels []string // X labels, one per value; at most about 12 are written
	Series []Series
	Format Format // Y values; plain numbers when nil
	Width  int    // 720 when 0
	Height int    // 280 when 0
	// ZeroBased starts the Y axis at 0 when every value is positive (counts, rates),
	// so a small change is not drawn as a collapse.
	ZeroBased bool
}

// SVG draws the chart.
func (c Line) SVG() []byte {
	w, h := c.Width, c.Height
	if w == 0 {
		w = 720
	}
	if h == 0 {
		h = 280
	}
	format := c.Format
	if format == nil {
		format = plain
	}
	var all []float64
	for _, s := range c.Series {
		all = append(all, s.Values...)
	}
	// The legend: as many entries a row as the longest name lets fit (at most 4), as
	// many rows as needed; the chart grows by the rows beyond the first, so that many
	// series never squeeze the plot or run into the axis.
	const plotLeft, plotRight = 64.0, 16.0
	longest := 0
	for _, se := range c.Series {
		longest = max(longest, utf8.RuneCountInString(se.Name))
	}
	perRow := max(1, min(4, int((float64(w)-plotLeft-plotRight)/(float64(longest)*6.8+34))))
	rows := max(1, (len(c.Series)+perRow-1)/perRow)
	h += (rows - 1) * 16
	var s svg
	s.open(w, h, c.Title)
	lo, hi, ok := extent(all...)
	if !ok || len(c.Labels) == 0 {
		s.text(float64(w)/2, float64(h)/2, "middle", "empty", "–")
		return s.close()
	}
	if c.ZeroBased && lo > 0 {
		lo = 0
	}
	ticks := Ticks(lo, hi, 5)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	const left, right, top = plotLeft, plotRight, 12.0
	legend := 22.0 + float64(rows-1)*16
	bottom := 28.0 + legend
	pw, ph := float64(w)-left-right, float64(h)-top-bottom
	x := func(i int) float64 {
		if len(c.Labels) == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(len(c.Labels)-1)
	}
	y := func(v float64) float64 { return top + ph*(1-(v-lo)/(hi-lo)) }
	for _, t := range ticks {
		s.line(left, y(t), left+pw, y(t), "#e3e3e3", 1, false)
		s.text(left-6, y(t)+4, "end", "tick", format(t))
	}
	every := max(1, (len(c.Labels)+11)/12)
	for i, l := range c.Labels {
		if i%every == 0 || i == len(c.Labels)-1 && len(c.Labels) <= 12 {
			s.text(x(i), top+ph+16, "middle", "tick", l)
		}
	}
	for k, se := range c.Series {
		colour := Palette[k%len(Palette)]
		var path strings.Builder
		pen := false
		for i, v := range se.Values {
			if i >= len(c.Labels) || math.IsNaN(v) || math.IsInf(v, 0) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&path, "%s%s %s ", cmd, f(x(i)), f(y(v)))
			pen = true
		}
		dash := ""
		if se.Dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		width := 2.5
		if k > 0 {
			width = 1.8
		}
		if path.Len() > 0 {
			fmt.Fprintf(&s, `<path d="%s" fill="none" stroke="%s" stroke-width="%s"%s><title>%s</title></path>`,
				strings.TrimSpace(path.String()), colour, f(width), dash, esc(se.Name))
		}
		// Points with their values, for hover and for readers of the printed page.
		for i, v := range se.Values {
			if i < len(c.Labels) && !math.IsNaN(v) && !math.IsInf(v, 0) && len(c.Labels) <= 40 {
				fmt.Fprintf(&s, `<circle cx="%s" cy="%s" r="2.5" fill="%s"><title>%s %s: %s</title></circle>`,
					f(x(i)), f(y(v)), colour, esc(se.Name), esc(c.Labels[i]), esc(format(v)))
			}
		}
		lx := left + float64(k%perRow)*pw/float64(perRow)
		ly := top + ph + 28 + 14 + float64(k/perRow)*16
		s.line(lx, ly-4, lx+18, ly-4, colour, 2.5, se.Dashed)
		s.text(lx+24, ly, "start", "legend", se.Name)
	}
	return s.close()
}
