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
// equally near years the earlier wins. That rate is carried to the year by the file's
// price indexation ("indexation": the percentage change of the rates into each year,
// e.g. the satsreguleringsprocent; a year without an entry changes by 0 %). So a file
// of 2024 levels without indexation prices every year at 2024 levels (fixed prices),
// and with indexation in the prices of each year.
type Rates struct {
	// Comment is the file's comment: what the figures are and where they come from.
	Comment string
	byGroup map[pejling.BenefitGroup][]rateYear // ascending by year
	change  map[int]float64                     // year → percentage change from the year before
}

// RatesMaxIndexPercent bounds a yearly indexation, in per cent either way.
const RatesMaxIndexPercent = 50

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
	Indexation []struct {
		Year    int      `json:"year"`
		Percent *float64 `json:"percent"`
		Source  string   `json:"source"`
	} `json:"indexation"`
}

// LoadRates reads a rates file: JSON with "rates", a list of {"year", "group",
// "dkk_per_year", "source"}, and optionally "indexation", a list of {"year", "percent",
// "source"} ("comment" and "unit" are free text). Every benefit group of DOMAIN.md §2
// must have a rate in at least one year; a rate is a finite amount ≥ 0; a (year, group)
// appears once; an indexation year appears once with a percentage within
// ±RatesMaxIndexPercent. Anything else fails with EINVALID naming the entry.
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
	rs := &Rates{Comment: f.Comment, byGroup: map[pejling.BenefitGroup][]rateYear{}, change: map[int]float64{}}
	for i, e := range f.Indexation {
		at := fmt.Sprintf("rates file: indexation entry %d (year %d)", i+1, e.Year)
		switch {
		case e.Year < RatesMinYear || e.Year > RatesMaxYear:
			return nil, pejling.Errorf(pejling.EINVALID, "%s: year outside %d–%d", at, RatesMinYear, RatesMaxYear)
		case e.Percent == nil:
			return nil, pejling.Errorf(pejling.EINVALID, "%s: percent is missing", at)
		case !(*e.Percent >= -RatesMaxIndexPercent && *e.Percent <= RatesMaxIndexPercent):
			return nil, pejling.Errorf(pejling.EINVALID, "%s: percent %v outside ±%d", at, *e.Percent, RatesMaxIndexPercent)
		}
		if _, dup := rs.change[e.Year]; dup {
			return nil, pejling.Errorf(pejling.EINVALID, "%s: the year appears twice", at)
		}
		rs.change[e.Year] = *e.Percent
	}
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
// nearest-year rule of Rates, indexed from the nearest year to year:
//
//	rate(y) = rate(n) · Π_{k=n+1…y} (1 + p_k/100)   for y > n,
//	rate(y) = rate(n) / Π_{k=y+1…n} (1 + p_k/100)   for y < n.
//
// It panics for a group that is not of DOMAIN.md §2 (every
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
	return best.dkk * r.indexFactor(best.year, year)
}

// indexFactor is the price index of year to relative to year from.
func (r *Rates) indexFactor(from, to int) float64 {
	f := 1.0
	for y := from + 1; y <= to; y++ {
		f *= 1 + r.change[y]/100
	}
	for y := to + 1; y <= from; y++ {
		f /= 1 + r.change[y]/100
	}
	return f
}

// Indexed reports whether the rates carry a price indexation (else every year not in
// the file is priced at its nearest year's level: fixed prices).
func (r *Rates) Indexed() bool { return len(r.change) > 0 }

func ratesYearDistance(a, b int) int {
	if a < b {
		return b - a
	}
	return a - b
}
