package chart

import (
	"fmt"
	"math"
	"unicode/utf8"
)

// HeatMap is a grid of values coloured on a diverging scale around zero: negative red,
// positive green, the stronger the further from zero, white at zero — the sign is what
// a reader looks for first (a loss or a gain), the size second. Every cell carries its
// value as a label, so the map reads in black and white and on paper too.
type HeatMap struct {
	Title       string
	RowTitle    string   // what the rows vary (written above the row headers)
	ColumnTitle string   // what the columns vary (written above the column headers)
	Rows        []string // row headers
	Columns     []string // column headers
	Values      [][]float64
	Format      Format // cell labels; plain numbers when nil
	// Mark is the cell drawn with a frame (the base case), as {row, column}; no frame
	// when it is outside the grid.
	Mark  [2]int
	Width int // 720 when 0
}

// The ends and the middle of the diverging scale (ColorBrewer RdYlGn ends, white middle).
var (
	heatNegative = [3]float64{0xd7, 0x30, 0x27}
	heatPositive = [3]float64{0x1a, 0x98, 0x50}
	heatZero     = [3]float64{0xff, 0xff, 0xff}
)

// HeatColour is the fill of v on a scale whose ends are −limit (red) and +limit
// (green), and whether a label on it must be white to be read. NaN is grey.
func HeatColour(v, limit float64) (fill string, light bool) {
	if math.IsNaN(v) {
		return "#dddddd", false
	}
	t := 0.0
	if limit > 0 {
		t = math.Max(-1, math.Min(1, v/limit))
	}
	end := heatPositive
	if t < 0 {
		end, t = heatNegative, -t
	}
	var c [3]int
	for i := range c {
		c[i] = int(math.Round(heatZero[i] + (end[i]-heatZero[i])*t))
	}
	return fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2]), t > 0.6
}

// SVG draws the map; the height follows the rows.
func (c HeatMap) SVG() []byte {
	w := c.Width
	if w == 0 {
		w = 720
	}
	format := c.Format
	if format == nil {
		format = plain
	}
	longest := utf8.RuneCountInString(c.RowTitle)
	for _, r := range c.Rows {
		longest = max(longest, utf8.RuneCountInString(r))
	}
	left := math.Min(float64(w)/3, 16+float64(longest)*7)
	const top, rowH, right = 46.0, 34.0, 8.0
	h := int(top + rowH*float64(max(1, len(c.Rows))) + 8)
	var s svg
	s.open(w, h, c.Title)
	if len(c.Rows) == 0 || len(c.Columns) == 0 {
		s.text(float64(w)/2, float64(h)/2, "middle", "empty", "–")
		return s.close()
	}
	limit := 0.0
	for _, row := range c.Values {
		for _, v := range row {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				limit = math.Max(limit, math.Abs(v))
			}
		}
	}
	cw := (float64(w) - left - right) / float64(len(c.Columns))
	s.text(left+(float64(w)-left-right)/2, 14, "middle", "legend", c.ColumnTitle)
	s.text(left-8, top-8, "end", "legend", c.RowTitle)
	for j, name := range c.Columns {
		s.text(left+cw*(float64(j)+0.5), top-8, "middle", "tick", name)
	}
	for i, name := range c.Rows {
		y := top + rowH*float64(i)
		s.text(left-8, y+rowH/2+4, "end", "label", name)
		for j := range c.Columns {
			v := math.NaN()
			if i < len(c.Values) && j < len(c.Values[i]) {
				v = c.Values[i][j]
			}
			fill, light := HeatColour(v, limit)
			label := "–"
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				label = format(v)
			}
			x := left + cw*float64(j)
			fmt.Fprintf(&s, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff" stroke-width="2"><title>%s</title></rect>`,
				f(x), f(y), f(cw), f(rowH), fill, esc(name+" · "+c.Columns[j]+": "+label))
			colour := "#1b1b1b"
			if light {
				colour = "#ffffff"
			}
			fmt.Fprintf(&s, `<text x="%s" y="%s" text-anchor="middle" class="cell" style="fill:%s">%s</text>`,
				f(x+cw/2), f(y+rowH/2+4), colour, esc(label))
		}
	}
	if m := c.Mark; m[0] >= 0 && m[0] < len(c.Rows) && m[1] >= 0 && m[1] < len(c.Columns) {
		fmt.Fprintf(&s, `<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#1b1b1b" stroke-width="2.5"/>`,
			f(left+cw*float64(m[1])+1.5), f(top+rowH*float64(m[0])+1.5), f(cw-3), f(rowH-3))
	}
	return s.close()
}
