package importer

import (
	"io"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// Columns of municipality_facts.csv.
const (
	mfMunicipality = iota
	mfYear
	mfVariable
	mfValue
)

var municipalityFactColumns = []column{
	mfMunicipality: {"municipality", true},
	mfYear:         {"year", true},
	mfVariable:     {"variable", true},
	mfValue:        {"value", true},
}

// Municipality fact variables besides those named in the root package and the
// framework variables.
const (
	varUnemploymentRate = "unemployment_rate"
	varCompanies        = "companies"
)

const reasonVariable = "unknown variable (the known variables are listed in docs/data-model.md)"

// factVariables maps every known variable to itself, so that a lookup hands back a
// shared string instead of allocating one per row.
var factVariables = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, v := range []string{pejling.VarPopulation16to66, pejling.VarPopulation, pejling.VarLabourForce, varUnemploymentRate, varCompanies} {
		m[v] = v
	}
	for _, v := range dk.FrameworkVariables() {
		m[v.Name] = v.Name
	}
	return m
})

// ScanMunicipalityFacts reads municipality_facts.csv from r, streaming: it calls emit
// for each valid record in file order and problem for each problem found. When problem
// returns false the scan stops at once and returns nil. The returned error is only for
// I/O errors of r. The pointer passed to emit is reused: emit copies.
//
// variable is matched in any letter case and stored lower case.
func ScanMunicipalityFacts(r io.Reader, file string, emit func(line int, f *pejling.MunicipalityFact), problem func(Problem) bool) error {
	s := newScanner(r, file, municipalityFactColumns, problem)
	var rec pejling.MunicipalityFact
	return s.run(func() {
		var ok bool
		if rec.Municipality, ok = s.municipality(mfMunicipality); !ok {
			return
		}
		if rec.Year, ok = s.year(mfYear); !ok {
			return
		}
		if rec.Variable, ok = s.variable(); !ok {
			return
		}
		if rec.Value, ok = s.decimal(mfValue); !ok {
			return
		}
		emit(s.line, &rec)
	})
}

func (s *scanner) variable() (string, bool) {
	f, ok := s.required(mfVariable)
	if !ok {
		return "", false
	}
	var buf [64]byte
	if v, ok := factVariables()[string(lowerASCII(buf[:0], f))]; ok {
		return v, true
	}
	return "", s.report(mfVariable, f, reasonVariable)
}

// lowerASCII appends b to dst with ASCII letters in lower case.
func lowerASCII(dst, b []byte) []byte {
	for _, c := range b {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
