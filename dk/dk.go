// Package dk holds the real Danish reference data Pejling ships with, embedded from
// Statistics Denmark (see SOURCES.md): the 98 municipalities and their framework
// conditions (rammevilkår) per year. Nothing is fetched at run time.
package dk

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pejling/pejling"
)

//go:embed municipalities.csv
var municipalitiesCSV []byte

//go:embed framework.csv
var frameworkCSV []byte

//go:embed framework_variables.csv
var frameworkVariablesCSV []byte

//go:embed AUK01_net_unemployed_social_assistance.csv
var auk01CSV []byte

// AUK01Name is the file name of the embedded AUK01 export.
const AUK01Name = "AUK01_net_unemployed_social_assistance.csv"

// AUK01 returns Statistics Denmark's AUK01 as exported from StatBank (net unemployed
// recipients of social assistance per municipality, quarterly from 2007Q1; SOURCES.md),
// for the budget forecast's back-test.
func AUK01() io.Reader { return bytes.NewReader(auk01CSV) }

// Variable is a framework variable with its description.
type Variable struct {
	Name        string
	Description string
}

var (
	loadOnce       sync.Once
	municipalities []pejling.Municipality
	byCode         map[int]int    // code → index into municipalities
	byName         map[string]int // folded name or alias → code
	framework      []pejling.MunicipalityFact
	variables      []Variable
)

// englishNames are the names Statistics Denmark's English exports use where they differ
// from the Danish name (besides the å/aa and "Kommune" variants handled by fold).
var englishNames = map[string]int{
	"copenhagen": 101,
}

func load() {
	recs := mustCSV(municipalitiesCSV)
	byCode = map[int]int{}
	byName = map[string]int{}
	for _, r := range recs[1:] {
		m := pejling.Municipality{Code: atoi(r[0]), Name: r[1], RegionCode: atoi(r[2]), Region: r[3], GroupCode: atoi(r[4]), Group: r[5]}
		municipalities = append(municipalities, m)
	}
	sort.Slice(municipalities, func(i, j int) bool { return municipalities[i].Code < municipalities[j].Code })
	for i, m := range municipalities {
		byCode[m.Code] = i
		byName[fold(m.Name)] = m.Code
	}
	for n, c := range englishNames {
		byName[n] = c
	}
	for _, r := range mustCSV(frameworkCSV)[1:] {
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			panic(fmt.Sprintf("dk: framework.csv: %v", err))
		}
		framework = append(framework, pejling.MunicipalityFact{Municipality: atoi(r[0]), Year: atoi(r[1]), Variable: r[2], Value: v})
	}
	for _, r := range mustCSV(frameworkVariablesCSV)[1:] {
		variables = append(variables, Variable{Name: r[0], Description: r[1]})
	}
}

// Municipalities returns the 98 municipalities ordered by code. The slice is shared:
// callers must not modify it.
func Municipalities() []pejling.Municipality {
	loadOnce.Do(load)
	return municipalities
}

// MunicipalityByCode returns the municipality with the code.
func MunicipalityByCode(code int) (pejling.Municipality, bool) {
	loadOnce.Do(load)
	i, ok := byCode[code]
	if !ok {
		return pejling.Municipality{}, false
	}
	return municipalities[i], true
}

// LookupMunicipality resolves a municipality as users write it: its code with or
// without leading zeros ("101", "0101"), its Danish name in any case, with or without
// " Kommune" ("københavns kommune" is not a name, "København Kommune" is), "aa" for "å",
// or the English name Statistics Denmark uses ("Copenhagen").
func LookupMunicipality(s string) (int, bool) {
	loadOnce.Do(load)
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if s[0] >= '0' && s[0] <= '9' {
		if len(s) > 4 {
			return 0, false
		}
		c, err := strconv.Atoi(s)
		if err != nil {
			return 0, false
		}
		_, ok := byCode[c]
		return c, ok
	}
	c, ok := byName[fold(s)]
	return c, ok
}

// fold normalises a municipality name for lookup: lower case, "aa" as "å", no trailing
// " kommune", single spaces.
func fold(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	s = strings.TrimSuffix(s, " kommune")
	s = strings.ReplaceAll(s, "aa", "å")
	return s
}

// Framework returns every framework value of framework.csv (municipality, year,
// variable, value). Years differ by variable; missing years are missing.
func Framework() []pejling.MunicipalityFact {
	loadOnce.Do(load)
	return framework
}

// FrameworkVariables returns the framework variables with their descriptions.
func FrameworkVariables() []Variable {
	loadOnce.Do(load)
	return variables
}

// IsFrameworkVariable reports whether name is one of the framework variables.
func IsFrameworkVariable(name string) bool {
	for _, v := range FrameworkVariables() {
		if v.Name == name {
			return true
		}
	}
	return false
}

// FrameworkValue returns the value of a variable for a municipality in the year nearest
// to year (the later one on a tie), and the year it came from.
func FrameworkValue(code int, variable string, year int) (value float64, from int, ok bool) {
	best := -1
	for i, f := range Framework() {
		if f.Municipality != code || f.Variable != variable {
			continue
		}
		if best < 0 || dist(f.Year, year) < dist(framework[best].Year, year) ||
			(dist(f.Year, year) == dist(framework[best].Year, year) && f.Year > framework[best].Year) {
			best = i
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return framework[best].Value, framework[best].Year, true
}

func dist(a, b int) int {
	if a > b {
		return a - b
	}
	return b - a
}

func mustCSV(b []byte) [][]string {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		panic(fmt.Sprintf("dk: embedded csv: %v", err))
	}
	return recs
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(fmt.Sprintf("dk: embedded csv: %v", err))
	}
	return n
}
