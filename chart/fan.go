package chart

import (
	"fmt"
	"math"
	"strings"
)

// Fan is a forecast chart: the history as a solid line, the forecast as a dashed line
// continuing it, and the forecast's uncertainty as a shaded band between a low and a
// high value (for instance the 10th and 90th percentiles) — the band widens with the
// years ahead, which is the point of drawing it.
type Fan struct {
	Title   string
	Labels  []string  // X labels: the history's, then the forecast's
	History []float64 // values of the first len(History) labels
	// Forecast, Low and High are the values of the labels after the history, in order.
	Forecast, Low, High []float64
	HistoryName         string
	ForecastName        string
	BandName            string
	Format              Format // Y values; plain numbers when nil
	Width               int    // 720 when 0
	Height              int    // 280 when 0
	ZeroBased           bool   // start the Y axis at 0 when every value is positive
}

// SVG draws the chart.
func (c Fan) SVG() []byte {
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
	var s svg
	s.open(w, h, c.Title)
	n, nh := len(c.Labels), min(len(c.History), len(c.Labels))
	all := joinValues(c.History[:nh], c.Forecast, c.Low, c.High)
	lo, hi, ok := extent(all...)
	if !ok || n == 0 {
		s.text(float64(w)/2, float64(h)/2, "middle", "empty", "–")
		return s.close()
	}
	if c.ZeroBased && lo > 0 {
		lo = 0
	}
	ticks := Ticks(lo, hi, 5)
	lo, hi = ticks[0], ticks[len(ticks)-1]
	const left, right, top, bottom = 72.0, 16.0, 12.0, 50.0
	pw, ph := float64(w)-left-right, float64(h)-top-bottom
	x := func(i int) float64 {
		if n == 1 {
			return left + pw/2
		}
		return left + pw*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return top + ph*(1-(v-lo)/(hi-lo)) }
	for _, t := range ticks {
		s.line(left, y(t), left+pw, y(t), "#e3e3e3", 1, false)
		s.text(left-6, y(t)+4, "end", "tick", format(t))
	}
	every := max(1, (n+11)/12)
	for i, l := range c.Labels {
		if i%every == 0 || i == n-1 {
			s.text(x(i), top+ph+16, "middle", "tick", l)
		}
	}
	good := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	at := func(vs []float64, k int) float64 {
		if k < len(vs) {
			return vs[k]
		}
		return math.NaN()
	}
	// The band: along the high values and back along the low ones, starting at the last
	// history point, where the uncertainty is nil.
	var upper, lower []string
	if nh > 0 && good(c.History[nh-1]) {
		p := f(x(nh-1)) + " " + f(y(c.History[nh-1]))
		upper, lower = append(upper, p), append(lower, p)
	}
	for k := 0; nh+k < n; k++ {
		if l, u := at(c.Low, k), at(c.High, k); good(l) && good(u) {
			upper = append(upper, f(x(nh+k))+" "+f(y(u)))
			lower = append(lower, f(x(nh+k))+" "+f(y(l)))
		}
	}
	if len(upper) > 1 {
		for i := len(lower) - 1; i >= 0; i-- {
			upper = append(upper, lower[i])
		}
		fmt.Fprintf(&s, `<polygon points="%s" fill="%s" fill-opacity="0.22" stroke="none"><title>%s</title></polygon>`,
			strings.Join(upper, " "), Palette[0], esc(c.BandName))
	}
	path := func(idx []int, vals []float64, dashed bool, name string) {
		var d strings.Builder
		pen := false
		for k, i := range idx {
			v := vals[k]
			if !good(v) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%s %s ", cmd, f(x(i)), f(y(v)))
			pen = true
		}
		if d.Len() == 0 {
			return
		}
		dash := ""
		if dashed {
			dash = ` stroke-dasharray="6 4"`
		}
		fmt.Fprintf(&s, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5"%s><title>%s</title></path>`,
			strings.TrimSpace(d.String()), Palette[0], dash, esc(name))
	}
	var hIdx []int
	for i := range nh {
		hIdx = append(hIdx, i)
	}
	path(hIdx, c.History[:nh], false, c.HistoryName)
	var fIdx []int
	var fVals []float64
	if nh > 0 {
		fIdx, fVals = append(fIdx, nh-1), append(fVals, c.History[nh-1])
	}
	for k := 0; nh+k < n; k++ {
		fIdx, fVals = append(fIdx, nh+k), append(fVals, at(c.Forecast, k))
	}
	path(fIdx, fVals, true, c.ForecastName)
	point := func(i int, v float64, name string) {
		if good(v) {
			fmt.Fprintf(&s, `<circle cx="%s" cy="%s" r="2.5" fill="%s"><title>%s %s: %s</title></circle>`,
				f(x(i)), f(y(v)), Palette[0], esc(name), esc(c.Labels[i]), esc(format(v)))
		}
	}
	for i := range nh {
		point(i, c.History[i], c.HistoryName)
	}
	for k := 0; nh+k < n; k++ {
		point(nh+k, at(c.Forecast, k), c.ForecastName)
	}
	// The legend.
	ly := float64(h) - 12
	s.line(left, ly-4, left+18, ly-4, Palette[0], 2.5, false)
	s.text(left+24, ly, "start", "legend", c.HistoryName)
	s.line(left+pw/3, ly-4, left+pw/3+18, ly-4, Palette[0], 2.5, true)
	s.text(left+pw/3+24, ly, "start", "legend", c.ForecastName)
	fmt.Fprintf(&s, `<rect x="%s" y="%s" width="18" height="10" fill="%s" fill-opacity="0.22"/>`, f(left+2*pw/3), f(ly-9), Palette[0])
	s.text(left+2*pw/3+24, ly, "start", "legend", c.BandName)
	return s.close()
}

// joinValues joins value slices into one.
func joinValues(vs ...[]float64) []float64 {
	var out []float64
	for _, v := range vs {
		out = append(out, v...)
	}
	return out
}
