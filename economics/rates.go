package economics

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"slices"

	"github.com/pejling/pejling"
)

//go:embed default_rates.json
var defaultRatesJSON []byte

// Rates are the yearly gross benefit costs in DKK per full-time person (one person on
// the benefit every day of a year), per calendar year and benefit group: configuration,
// read from a file (default_rates.json holds 2024 levels with a source per figure).
//
// A year the file does not name takes the nearest year that names the group; of two
// equally near years the earlier wins. So a file of 2024 levels prices every year at
// 2024 levels, and a file of several years extends its first and last year outwards.
type Rates struct {
	// Comment is the file's comment: what the figures are and where they come from.
	Comment string
	byGroup map[pejling.BenefitGroup][]rateYear // ascending by year
}

type rateYear struct {
	year int
	dkk  float64
}

// RatesMinYear and RatesMaxYear bound the years a rates file may name.
const (
	RatesMinYear = 1990
	RatesMaxYear = 2100
)

// ratesFile is the JSON form of a rates file.
type ratesFile struct {
	Comment string `json:"comment"`
	Unit    string `json:"unit"`
	Rates   []struct {
		Year       int      `json:"year"`
		Group      string   `json:"group"`
		DKKPerYear *float64 `json:"dkk_per_year"`
		Source     string   `json:"source"`
	} `json:"rates"`
}

// LoadRates reads a rates file: JSON with "rates", a list of {"year", "group",
// "dkk_per_year", "source"} ("comment" and "unit" are free text). Every benefit group of
// DOMAIN.md §2 must have a rate in at least one year; a rate is a finite amount ≥ 0; a
// (year, group) appears once. Anything else fails with EINVALID naming the entry.
func LoadRates(r io.Reader) (*Rates, error) {
	var f ratesFile
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "rates file: not valid JSON of the rates format: %s", pejling.Clip(err.Error()))
	}
	if dec.More() {
		return nil, pejling.Errorf(pejling.EINVALID, "rates file: text after the JSON object")
	}
	if len(f.Rates) == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "rates file: \"rates\" is empty or missing")
	}
	rs := &Rates{Comment: f.Comment, byGroup: map[pejling.BenefitGroup][]rateYear{}}
	for i, e := range f.Rates {
		at := fmt.Sprintf("rates file: entry %d (year %d, group %q)", i+1, e.Year, pejling.Clip(e.Group))
		g := pejling.BenefitGroup(e.Group)
		switch {
		case !g.Valid():
			return nil, pejling.Errorf(pejling.EINVALID, "%s: unknown benefit group", at)
		case e.Year < RatesMinYear || e.Year > RatesMaxYear:
			return nil, pejling.Errorf(pejling.EINVALID, "%s: year outside %d–%d", at, RatesMinYear, RatesMaxYear)
		case e.DKKPerYear == nil:
			return nil, pejling.Errorf(pejling.EINVALID, "%s: dkk_per_year is missing", at)
		case *e.DKKPerYear < 0:
			return nil, pejling.Errorf(pejling.EINVALID, "%s: dkk_per_year %v is negative", at, *e.DKKPerYear)
		}
		for _, y := range rs.byGroup[g] {
			if y.year == e.Year {
				return nil, pejling.Errorf(pejling.EINVALID, "%s: the year and group appear twice", at)
			}
		}
		rs.byGroup[g] = append(rs.byGroup[g], rateYear{e.Year, *e.DKKPerYear})
	}
	for _, g := range pejling.BenefitGroups {
		ys := rs.byGroup[g]
		if len(ys) == 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "rates file: no rate for benefit group %s in any year", g)
		}
		slices.SortFunc(ys, func(a, b rateYear) int { return a.year - b.year })
	}
	return rs, nil
}

// DefaultRates returns the rates of the embedded default_rates.json (2024 levels).
func DefaultRates() *Rates {
	r, err := LoadRates(bytes.NewReader(defaultRatesJSON))
	if err != nil {
		panic("economics: embedded default_rates.json: " + err.Error())
	}
	return r
}

// Rate returns the yearly DKK per full-time person of group g in year, by the
// nearest-year rule of Rates. It panics for a group that is not of DOMAIN.md §2 (every
// valid group has a rate: LoadRates checks).
func (r *Rates) Rate(g pejling.BenefitGroup, year int) float64 {
	ys, ok := r.byGroup[g]
	if !ok {
		panic(fmt.Sprintf("economics: no rate for benefit group %q", g))
	}
	best := ys[0]
	for _, y := range ys[1:] {
		if ratesYearDistance(y.year, year) < ratesYearDistance(best.year, year) {
			best = y
		}
	}
	return best.dkk
}

func ratesYearDistance(a, b int) int {
	if a < b {
		return b - a
	}
	return a - b
}
