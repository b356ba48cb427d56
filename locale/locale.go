// Package locale is how Pejling speaks to people: Danish by default, English available.
// It chooses the language of a request, writes numbers and dates the way each language
// expects them (1.234,5 and 31-12-2024 in Danish; 1,234.5 and 2024-12-31 in English),
// and names the figures, benefit groups and framework variables. The API and the CSV
// files keep ISO dates and plain numbers; this package is for pages, fact sheets and
// explanations.
package locale

import (
	"math"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// Lang is a language Pejling speaks.
type Lang string

// The languages; Danish is the default.
const (
	Danish  Lang = "da"
	English Lang = "en"
)

// Parse reads a language code ("da", "en", "en-GB", "DA"); ok is false for any other.
func Parse(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i >= 0 {
		s = s[:i]
	}
	switch s {
	case "da":
		return Danish, true
	case "en":
		return English, true
	}
	return "", false
}

// Negotiate picks the language of a request: the user's choice (a cookie value) when it
// is one Pejling speaks, else the first language of the Accept-Language header it
// speaks (by q-value order, ties in the header's order), else Danish.
func Negotiate(choice, acceptLanguage string) Lang {
	if l, ok := Parse(choice); ok {
		return l
	}
	best, bestQ := Danish, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, params, _ := strings.Cut(part, ";")
		l, ok := Parse(tag)
		if !ok {
			continue
		}
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
				q = f
			}
		}
		if q > bestQ && q > 0 {
			best, bestQ = l, q
		}
	}
	return best
}

// Number writes x with the given decimals and the thousands and decimal marks of the
// language: 1.234,5 in Danish, 1,234.5 in English; "–" for NaN. A value that rounds to
// zero has no minus sign.
func (l Lang) Number(x float64, decimals int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	thousands, point := ",", "."
	if l == Danish {
		thousands, point = ".", ","
	}
	var b strings.Builder
	if x < 0 && strings.Trim(s, "0.") != "" {
		b.WriteString("-")
	}
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(thousands)
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}

// Percent writes a fraction as a percentage: 0.2534 → "25,3 %" (Danish), "25.3 %".
func (l Lang) Percent(fraction float64, decimals int) string {
	if math.IsNaN(fraction) || math.IsInf(fraction, 0) {
		return "–"
	}
	return l.Number(fraction*100, decimals) + " %"
}

// Date writes a day: 31-12-2024 in Danish (the Danish numeric form), 2024-12-31 in
// English (ISO; unambiguous for readers on either side of the Atlantic).
func (l Lang) Date(d pejling.Date) string {
	if l == Danish {
		t := d.Time()
		return strconv.Itoa(100 + t.Day())[1:] + "-" + strconv.Itoa(100 + int(t.Month()))[1:] + "-" + strconv.Itoa(t.Year())
	}
	return d.String()
}

// Pick returns da in Danish and en in English.
func (l Lang) Pick(da, en string) string {
	if l == English {
		return en
	}
	return da
}
