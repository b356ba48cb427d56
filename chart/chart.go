// Package chart draws Pejling's charts as SVG on the server: trends over time, bars of
// a ranking or comparison, and expected levels with their intervals. SVG from Go needs
// no JavaScript (the pages' Content-Security-Policy allows no inline script), prints
// sharply on a fact sheet, and is embedded in the binary like everything else. Every
// chart carries a <title> and an aria-label, so it is read out by screen readers.
//
// Text given to a chart is escaped; numbers are written by the caller's Format so a
// Danish page shows 1.234,5.
package chart

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
)

// Palette is the colour of each series in turn: colour-blind safe (Okabe–Ito), the
// first reserved for the municipality itself.
var Palette = []string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"}

// Format writes a value on an axis or a label.
type Format func(float64) string

func plain(v float64) string { return strconv.FormatFloat(v, 'g', 4, 64) }

// svg is a small writer of SVG elements.
type svg struct{ bytes.Buffer }

func (s *svg) open(w, h int, title string) {
	fmt.Fprintf(s, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s" class="chart">`,
		w, h, w, h, esc(title))
	fmt.Fprintf(s, `<title>%s</title>`, esc(title))
}

func (s *svg) close() []byte { s.WriteString(`</svg>`); return s.Bytes() }

func (s *svg) text(x, y float64, anchor, class, t string) {
	fmt.Fprintf(s, `<text x="%s" y="%s" text-anchor="%s" class="%s">%s</text>`, f(x), f(y), anchor, class, esc(t))
}

func (s *svg) line(x1, y1, x2, y2 float64, stroke string, width float64, dash bool) {
	d := ""
	if dash {
		d = ` stroke-dasharray="5 4"`
	}
	fmt.Fprintf(s, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`, f(x1), f(y1), f(x2), f(y2), stroke, f(width), d)
}

func esc(s string) string { return html.EscapeString(s) }

// f writes a coordinate with at most two decimals.
func f(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// Ticks returns about n round values (steps of 1, 2 or 5 × 10^k) covering [lo, hi].
func Ticks(lo, hi float64, n int) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || n < 1 {
		return nil
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		if lo == 0 {
			return []float64{0, 1}
		}
		lo, hi = lo-math.Abs(lo)*0.1, hi+math.Abs(hi)*0.1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	// Each tick is k·step written with the step's decimals, so 0.1·3 is 0.3, not
	// 0.30000000000000004.
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	tick := func(k float64) float64 {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(k*step, 'f', decimals, 64), 64)
		return v
	}
	var out []float64
	for k := math.Floor(lo / step); ; k++ {
		out = append(out, tick(k))
		if k*step >= hi-step*1e-9 || len(out) > 4*n+2 {
			break
		}
	}
	return out
}

// extent returns the smallest and largest finite value of vs, and whether there is one.
func extent(vs ...float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo, hi, ok = min(lo, v), max(hi, v), true
	}
	return lo, hi, ok
}
