package importer

import (
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// Reasons about values of columns.
const (
	reasonMunicipality = "unknown municipality (give the code, e.g. 101, or the Danish name)"
	reasonDateSyntax   = "not a date (write YYYY-MM-DD or DD-MM-YYYY)"
	reasonNoSuchDay    = "not a date"
	reasonDateRange    = "not a date in the years 1900–2199"
	reasonNumber       = "not a number (digits with an optional . or , decimal, no thousands separators)"
	reasonYear         = "not a year in 1900–2199"
	reasonCVR          = "not a CVR number (8 digits)"
	reasonPlacementCVR = "required for a company placement (praktik, lts_privat, lts_offentlig)"
)

var (
	reasonBenefitGroup   = "unknown benefit group (" + joinCodes(pejling.BenefitGroups) + ")"
	reasonMatchGroup     = "unknown match group (" + joinCodes(pejling.MatchGroups) + ", or empty)"
	reasonActivationType = "unknown activation type (" + joinCodes(pejling.ActivationTypes) + ")"
)

func joinCodes[T ~string](codes []T) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// maxMunicipalitySpellings bounds the cache of municipality spellings, which a hostile
// file could otherwise grow (only spellings that resolve are kept).
const maxMunicipalitySpellings = 1024

// spelling is a municipality as written in a file, with its code.
type spelling struct {
	text string
	code int
}

// municipality reads a required municipality given as code or Danish name.
func (s *scanner) municipality(c int) (int, bool) {
	f, ok := s.required(c)
	if !ok {
		return 0, false
	}
	if string(f) == s.lastMuni.text {
		return s.lastMuni.code, true
	}
	m, ok := s.munis[string(f)]
	if !ok {
		code, ok := dk.LookupMunicipality(string(f))
		if !ok {
			return 0, s.report(c, f, reasonMunicipality)
		}
		if len(s.munis) >= maxMunicipalitySpellings {
			return code, true
		}
		m = spelling{text: string(f), code: code}
		s.munis[m.text] = m
	}
	s.lastMuni = m
	return m.code, true
}

// personID reads a required pseudonymous person id. Rows of one person usually follow
// each other, so the last id's string is reused rather than allocated again.
func (s *scanner) personID(c int) (string, bool) {
	f, ok := s.required(c)
	if !ok {
		return "", false
	}
	if string(f) == s.lastID {
		return s.lastID, true
	}
	if reason := idFault(f); reason != "" {
		return "", s.report(c, f, reason)
	}
	s.lastID = string(f)
	return s.lastID, true
}

// optionalID reads an optional id with the rules of person ids.
func (s *scanner) optionalID(c int) (string, bool) {
	f := s.field(c)
	if len(f) == 0 {
		return "", true
	}
	if reason := idFault(f); reason != "" {
		return "", s.report(c, f, reason)
	}
	return s.intern(f), true
}

// benefitGroup reads a required benefit group in any letter case.
func (s *scanner) benefitGroup(c int) (pejling.BenefitGroup, bool) {
	f, ok := s.required(c)
	if !ok {
		return "", false
	}
	if g, ok := lookupFold(f, pejling.BenefitGroups); ok {
		return g, true
	}
	return "", s.report(c, f, reasonBenefitGroup)
}

// matchGroup reads an optional match group in any letter case.
func (s *scanner) matchGroup(c int) (pejling.MatchGroup, bool) {
	f := s.field(c)
	if len(f) == 0 {
		return "", true
	}
	if m, ok := lookupFold(f, pejling.MatchGroups); ok {
		return m, true
	}
	return "", s.report(c, f, reasonMatchGroup)
}

// activationType reads a required activation type in any letter case.
func (s *scanner) activationType(c int) (pejling.ActivationType, bool) {
	f, ok := s.required(c)
	if !ok {
		return "", false
	}
	if t, ok := lookupFold(f, pejling.ActivationTypes); ok {
		return t, true
	}
	return "", s.report(c, f, reasonActivationType)
}

// lookupFold returns the code of codes that equals b but for ASCII letter case.
func lookupFold[T ~string](b []byte, codes []T) (T, bool) {
	for _, k := range codes {
		if equalFold(b, string(k)) {
			return k, true
		}
	}
	return "", false
}

// equalFold compares ASCII text ignoring letter case, without allocating.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		x, y := b[i], s[i]
		if x == y {
			continue
		}
		if x|0x20 != y|0x20 || x|0x20 < 'a' || x|0x20 > 'z' {
			return false
		}
	}
	return true
}

// date reads a required date.
func (s *scanner) date(c int) (pejling.Date, bool) {
	f, ok := s.required(c)
	if !ok {
		return 0, false
	}
	return s.parseDate(c, f)
}

// endDate reads an end date that must not lie before start. Empty is a running spell
// (Forever) unless the column is required.
func (s *scanner) endDate(c int, start pejling.Date, required bool) (pejling.Date, bool) {
	f := s.field(c)
	if len(f) == 0 {
		if required {
			return 0, s.report(c, nil, reasonRequired)
		}
		return pejling.Forever, true
	}
	end, ok := s.parseDate(c, f)
	if !ok {
		return 0, false
	}
	if end < start {
		return 0, s.report(c, f, "before start_date "+start.String())
	}
	return end, true
}

func (s *scanner) parseDate(c int, f []byte) (pejling.Date, bool) {
	d, res := parseDate(f)
	switch res {
	case dateOK:
		return d, true
	case dateNoSuchDay:
		return 0, s.report(c, f, reasonNoSuchDay)
	case dateYearRange:
		return 0, s.report(c, f, reasonDateRange)
	}
	return 0, s.report(c, f, reasonDateSyntax)
}

// share reads an optional number in (0, max], def when empty.
func (s *scanner) share(c int, def, max float64) (float64, bool) {
	f := s.field(c)
	if len(f) == 0 {
		return def, true
	}
	v, ok := parseDecimal(f)
	if !ok {
		return 0, s.report(c, f, reasonNumber)
	}
	if !(v > 0 && v <= max) {
		return 0, s.report(c, f, "must be more than 0 and at most "+strconv.FormatFloat(max, 'g', -1, 64))
	}
	return v, true
}

// decimal reads a required number.
func (s *scanner) decimal(c int) (float64, bool) {
	f, ok := s.required(c)
	if !ok {
		return 0, false
	}
	v, ok := parseDecimal(f)
	if !ok {
		return 0, s.report(c, f, reasonNumber)
	}
	return v, true
}

// year reads a required year, 1900–2199.
func (s *scanner) year(c int) (int, bool) {
	f, ok := s.required(c)
	if !ok {
		return 0, false
	}
	y, ok := digits(f)
	if !ok || len(f) != 4 || y < minYear || y > maxYear {
		return 0, s.report(c, f, reasonYear)
	}
	return y, true
}

// cvr reads a CVR number; empty is allowed unless required. The placements of a
// company share one string.
func (s *scanner) cvr(c int, required bool) (string, bool) {
	f := s.field(c)
	if len(f) == 0 {
		if required {
			return "", s.report(c, nil, reasonRequired)
		}
		return "", true
	}
	if !isCVR(f) {
		return "", s.report(c, f, reasonCVR)
	}
	return s.intern(f), true
}

// maxInterned bounds the strings a scanner shares between rows.
const maxInterned = 1 << 14

// intern returns f as a string, shared with the rows before it that held the same text
// (CVR numbers, intervention ids and industry codes repeat), until maxInterned
// strings are held; after that each is allocated.
func (s *scanner) intern(f []byte) string {
	if v, ok := s.interned[string(f)]; ok {
		return v
	}
	v := string(f)
	if len(s.interned) < maxInterned {
		s.interned[v] = v
	}
	return v
}
