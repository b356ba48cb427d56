package importer

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// Aggregate is one key figure of a file of national aggregates, in the long form of
// DOMAIN.md §9: for users who have the published figures but no individual data.
type Aggregate struct {
	Municipality int                  // 0 is `all`
	Group        pejling.BenefitGroup // "" is `all`
	Period       figures.Period
	Figure       string  // one of figures.Figures
	Value        float64 // meaningless unless Valid
	Valid        bool    // false: an empty value (a ratio with no denominator, or unknown)
}

// Columns of a key-figure file.
const (
	agMunicipality = iota
	agGroup
	agFirst
	agLast
	agFigure
	agValue
)

var aggregateColumns = []column{
	agMunicipality: {"municipality", true},
	agGroup:        {"benefit_group", true},
	agFirst:        {"period_first", true},
	agLast:         {"period_last", true},
	agFigure:       {"figure", true},
	agValue:        {"value", false},
}

// MaxAggregateRows bounds a file of aggregates: the national figure set of DOMAIN.md §8
// for the standard periods of eight years is about 3.6 million rows.
const MaxAggregateRows = 8_000_000

// Kinds of figure, for the checks of their values (DOMAIN.md §8).
var (
	// countFigures are whole numbers of persons, placements or spells.
	countFigures = []string{figures.PersonsAffected, figures.PlacementsStarted, figures.PlacementsStartedPraktik,
		figures.PlacementsStartedLtsPrivat, figures.PlacementsStartedLtsOffentl, figures.Outflow, figures.OutflowPending}
	// fractionFigures have a numerator that counts a part of what the denominator
	// counts, so they lie in [0, 1]. activation_rate, public_support_rate,
	// turnover_speed and placements_per_person_affected are ratios of different things
	// and can exceed 1.
	fractionFigures = []string{figures.CoverageRate, figures.PlacementShareOfActivation, figures.CooperationRate,
		figures.SelfSupportRate6m, figures.EmploymentRate6m}
)

// ScanAggregates reads key figures in the long form of DOMAIN.md §9 —
// municipality,benefit_group,period_first,period_last,figure,value — from r, streaming:
// it calls emit for each valid record in file order and problem for each problem
// found. When problem returns false the scan stops at once and returns nil. The
// returned error is only for I/O errors of r. The pointer passed to emit is reused.
//
// municipality is a code, a Danish name or all; benefit_group a group of DOMAIN.md §2 or
// all; figure a figure id in any letter case; an empty value is an empty figure. A value
// must be a number of at least 0: a count a whole number, avg_duration_days at least 1,
// and the figures whose numerator is a part of their denominator (coverage_rate,
// placement_share_of_activation, cooperation_rate, self_support_rate_6m,
// employment_rate_6m) at most 1. cooperation_rate and public_support_rate exist for
// benefit_group all only. A second row with the key of an earlier one is a problem
// naming both lines.
func ScanAggregates(r io.Reader, file string, emit func(line int, a *Aggregate), problem func(Problem) bool) error {
	s := newScanner(r, file, aggregateColumns, problem)
	type key struct {
		period       figures.Period
		municipality int
		group        pejling.BenefitGroup
		figure       string
	}
	seen := map[key]int{}
	rows := 0
	var rec Aggregate
	return s.run(func() {
		if rows++; rows > MaxAggregateRows {
			s.report(-1, nil, fmt.Sprintf("more than %d rows: not a file of key figures", MaxAggregateRows))
			s.stopped = true
			return
		}
		var ok bool
		if rec.Municipality, ok = s.municipalityOrAll(agMunicipality); !ok {
			return
		}
		if rec.Group, ok = s.groupOrAll(agGroup); !ok {
			return
		}
		if rec.Period.First, ok = s.date(agFirst); !ok {
			return
		}
		if rec.Period.Last, ok = s.date(agLast); !ok {
			return
		}
		if rec.Period.Last < rec.Period.First {
			s.report(agLast, s.field(agLast), "before period_first "+rec.Period.First.String())
			return
		}
		if rec.Figure, ok = s.figure(); !ok {
			return
		}
		if rec.Group != "" && (rec.Figure == figures.CooperationRate || rec.Figure == figures.PublicSupportRate) {
			s.report(agFigure, s.field(agFigure), "exists for benefit_group all only")
			return
		}
		if rec.Value, rec.Valid, ok = s.figureValue(rec.Figure); !ok {
			return
		}
		k := key{rec.Period, rec.Municipality, rec.Group, rec.Figure}
		if first, dup := seen[k]; dup {
			s.report(-1, nil, fmt.Sprintf("duplicate of line %d: the same municipality, benefit_group, period and figure", first))
			return
		}
		seen[k] = s.line
		emit(s.line, &rec)
	})
}

// municipalityOrAll reads a municipality or `all` (0).
func (s *scanner) municipalityOrAll(c int) (int, bool) {
	if equalFold(s.field(c), "all") {
		return 0, true
	}
	return s.municipality(c)
}

// groupOrAll reads a benefit group or `all` ("").
func (s *scanner) groupOrAll(c int) (pejling.BenefitGroup, bool) {
	if equalFold(s.field(c), "all") {
		return "", true
	}
	return s.benefitGroup(c)
}

func (s *scanner) figure() (string, bool) {
	f, ok := s.required(agFigure)
	if !ok {
		return "", false
	}
	var buf [64]byte
	name := string(lowerASCII(buf[:0], f))
	if i := slices.Index(figures.Figures, name); i >= 0 {
		return figures.Figures[i], true
	}
	return "", s.report(agFigure, f, "unknown figure (the figure ids of DOMAIN.md §9)")
}

// figureValue reads the value of figure; empty is no value.
func (s *scanner) figureValue(figure string) (float64, bool, bool) {
	f := s.field(agValue)
	if len(f) == 0 {
		return 0, false, true
	}
	v, ok := parseDecimal(f)
	switch {
	case !ok:
		return 0, false, s.report(agValue, f, reasonNumber)
	case v < 0:
		return 0, false, s.report(agValue, f, "negative: no key figure is below 0")
	case slices.Contains(countFigures, figure) && v != math.Trunc(v):
		return 0, false, s.report(agValue, f, figure+" is a count: a whole number")
	case slices.Contains(fractionFigures, figure) && v > 1:
		return 0, false, s.report(agValue, f, figure+" is a fraction in [0, 1] (0.25, not 25)")
	case figure == figures.AvgDurationDays && v < 1:
		return 0, false, s.report(agValue, f, "avg_duration_days is at least 1 day (empty when there is no completed period)")
	}
	return v, true, true
}
