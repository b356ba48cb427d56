package demodata_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

var (
	rePerson  = regexp.MustCompile(`^P[0-9]{8}$`)
	reCVR     = regexp.MustCompile(`^[1-9][0-9]{7}$`)
	reInterv  = regexp.MustCompile(`^INT-[0-9]{4}$`)
	reDB07    = regexp.MustCompile(`^[0-9]{6}$`)
	reDec4    = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,4})?$`)
	reAmount  = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)
	reMuniStr = regexp.MustCompile(`^[1-9][0-9]{2}$`)
)

// benefitRow is a benefit spell read back; end is pejling.Forever when running.
type benefitRow struct {
	muni       int
	group      string
	start, end pejling.Date
}

func mustDate(t *testing.T, s string) pejling.Date {
	t.Helper()
	d, err := pejling.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func mustMuni(t *testing.T, s string) int {
	t.Helper()
	c, err := strconv.Atoi(s)
	if _, ok := dk.MunicipalityByCode(c); err != nil || !ok || !reMuniStr.MatchString(s) {
		t.Fatalf("municipality %q is not a code without leading zeros", s)
	}
	return c
}

// readBenefits checks benefit_spells.csv row by row and returns the spells per person.
func readBenefits(t *testing.T, dir string) map[string][]benefitRow {
	from, asOf := pejling.MustParseDate("2018-01-01"), pejling.MustParseDate("2025-06-30")
	spells := map[string][]benefitRow{}
	keys := map[string]bool{}
	var last string
	var part, running, gapShort, gapLong int
	for i, r := range readCSV(t, dir, "benefit_spells.csv", "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction") {
		p := r[0]
		if !rePerson.MatchString(p) {
			t.Fatalf("row %d: person id %q", i, p)
		}
		if p < last {
			t.Fatalf("row %d: person %s after %s", i, p, last)
		}
		if p != last && spells[p] != nil {
			t.Fatalf("row %d: person %s is not grouped", i, p)
		}
		last = p
		b := benefitRow{muni: mustMuni(t, r[1]), group: r[2], start: mustDate(t, r[4]), end: pejling.Forever}
		if !pejling.BenefitGroup(b.group).Valid() || !pejling.MatchGroup(r[3]).Valid() {
			t.Fatalf("row %d: group %q match %q", i, r[2], r[3])
		}
		if r[5] != "" {
			b.end = mustDate(t, r[5])
			if b.end < b.start || b.end >= asOf {
				t.Fatalf("row %d: end %s (start %s, as_of %s)", i, r[5], r[4], asOf)
			}
		} else {
			running++
		}
		if b.start < from || b.start > asOf {
			t.Fatalf("row %d: start %s outside the history", i, r[4])
		}
		f, err := strconv.ParseFloat(r[6], 64)
		if err != nil || f <= 0 || f > 1 || !reDec4.MatchString(r[6]) {
			t.Fatalf("row %d: fraction %q", i, r[6])
		}
		if f < 1 {
			part++
		}
		if k := strings.Join([]string{p, r[4], r[1], r[2]}, "|"); keys[k] {
			t.Fatalf("row %d: duplicate key %s", i, k)
		} else {
			keys[k] = true
		}
		if prev := spells[p]; len(prev) > 0 {
			q := prev[len(prev)-1]
			if b.start < q.start {
				t.Fatalf("row %d: spells of %s not in start order", i, p)
			}
			if gap := b.start - q.end - 1; q.end != pejling.Forever && gap >= 0 && gap <= 7 {
				gapShort++
			} else if q.end != pejling.Forever && gap > 7 {
				gapLong++
			}
		}
		spells[p] = append(spells[p], b)
	}
	if len(spells) != testPersons {
		t.Errorf("%d persons have a benefit spell, want %d", len(spells), testPersons)
	}
	if part == 0 || running == 0 || gapShort == 0 || gapLong == 0 {
		t.Errorf("part-time %d, running %d, gaps ≤ 7 days %d, gaps > 7 days %d: want some of each", part, running, gapShort, gapLong)
	}
	return spells
}

func TestBenefitSpells(t *testing.T) {
	dir, _ := mustShared(t)
	spells := readBenefits(t, dir)
	movers, groups := 0, map[string]bool{}
	for _, ss := range spells {
		for _, s := range ss {
			groups[s.group] = true
			if s.muni != ss[0].muni {
				movers++
				break
			}
		}
	}
	if len(groups) != len(pejling.BenefitGroups) {
		t.Errorf("%d benefit groups used, want all %d", len(groups), len(pejling.BenefitGroups))
	}
	if share := float64(movers) / float64(len(spells)); share < .01 || share > .1 {
		t.Errorf("%.3f of persons move, want a few per cent", share)
	}
}

// readCompanies checks companies.csv and returns the municipality of each CVR.
func readCompanies(t *testing.T, dir string) map[string]int {
	cvrs := map[string]int{}
	var comma, apostrophe, danish int
	for i, r := range readCSV(t, dir, "companies.csv", "cvr,name,municipality,industry,employees") {
		if !reCVR.MatchString(r[0]) {
			t.Fatalf("row %d: cvr %q", i, r[0])
		}
		if _, dup := cvrs[r[0]]; dup {
			t.Fatalf("row %d: duplicate cvr %s", i, r[0])
		}
		cvrs[r[0]] = mustMuni(t, r[2])
		name := r[1]
		if name == "" || strings.ContainsAny(name[:1], "=+-@ ") {
			t.Fatalf("row %d: name %q", i, name)
		}
		comma += strings.Count(name, ",")
		apostrophe += strings.Count(name, "'")
		if strings.ContainsAny(name, "æøåÆØÅ") {
			danish++
		}
		if !reDB07.MatchString(r[3]) {
			t.Fatalf("row %d: industry %q", i, r[3])
		}
		if n, err := strconv.Atoi(r[4]); err != nil || n < 0 {
			t.Fatalf("row %d: employees %q", i, r[4])
		}
	}
	if comma == 0 || apostrophe == 0 || danish == 0 {
		t.Errorf("names with commas %d, apostrophes %d, æøå %d: want some of each", comma, apostrophe, danish)
	}
	return cvrs
}

func TestActivationSpells(t *testing.T) {
	dir, _ := mustShared(t)
	spells := readBenefits(t, dir)
	cvrs := readCompanies(t, dir)
	asOf := pejling.MustParseDate("2025-06-30")
	keys := map[string]bool{}
	var placements, local, interv, afterAsOf int
	types := map[string]int{}
	for i, r := range readCSV(t, dir, "activation_spells.csv", "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id") {
		muni, typ := mustMuni(t, r[1]), pejling.ActivationType(r[3])
		start, end := mustDate(t, r[4]), mustDate(t, r[5])
		if !typ.Valid() || end < start || start > asOf {
			t.Fatalf("row %d: %v", i, r)
		}
		types[r[3]]++
		if end > asOf {
			afterAsOf++
		}
		h, err := strconv.ParseFloat(r[6], 64)
		if err != nil || h <= 0 || h > 80 || !reDec4.MatchString(r[6]) {
			t.Fatalf("row %d: hours %q", i, r[6])
		}
		if typ.IsCompanyPlacement() {
			placements++
			m, ok := cvrs[r[7]]
			if !ok {
				t.Fatalf("row %d: placement cvr %q not in companies.csv", i, r[7])
			}
			if m == muni {
				local++
			}
		} else if r[7] != "" {
			t.Fatalf("row %d: %s with cvr %s", i, r[3], r[7])
		}
		if r[8] != "" {
			if !reInterv.MatchString(r[8]) {
				t.Fatalf("row %d: intervention %q", i, r[8])
			}
			interv++
		}
		if k := strings.Join([]string{r[0], r[4], r[1], r[3], r[7]}, "|"); keys[k] {
			t.Fatalf("row %d: duplicate key %s", i, k)
		} else {
			keys[k] = true
		}
		inside := false
		for _, b := range spells[r[0]] {
			if b.muni == muni && b.group == r[2] && b.start <= start && (b.end == pejling.Forever || end <= b.end) {
				inside = true
				break
			}
		}
		if !inside {
			t.Fatalf("row %d: activation %v lies in no benefit spell of its person, municipality and group", i, r)
		}
	}
	if len(types) != len(pejling.ActivationTypes) || interv == 0 || afterAsOf == 0 {
		t.Errorf("types %v, with intervention %d, planned past as_of %d", types, interv, afterAsOf)
	}
	if share := float64(local) / float64(placements); share < .8 || share == 1 {
		t.Errorf("%.3f of placements in the own municipality, want most but not all", share)
	}
}

func TestEmploymentSpells(t *testing.T) {
	dir, _ := mustShared(t)
	keys, persons := map[string]bool{}, map[string]bool{}
	for i, r := range readCSV(t, dir, "employment_spells.csv", "person_id,start_date,end_date") {
		if !rePerson.MatchString(r[0]) {
			t.Fatalf("row %d: person %q", i, r[0])
		}
		if r[2] != "" && mustDate(t, r[2]) < mustDate(t, r[1]) {
			t.Fatalf("row %d: end before start", i)
		}
		if k := r[0] + "|" + r[1]; keys[k] {
			t.Fatalf("row %d: duplicate key %s", i, k)
		} else {
			keys[k] = true
		}
		persons[r[0]] = true
	}
	if n := len(persons); n == 0 || n == testPersons {
		t.Errorf("%d of %d persons have an employment spell, want many but not all", n, testPersons)
	}
}

func TestFactsAndExpenditure(t *testing.T) {
	dir, _ := mustShared(t)
	keys := map[string]bool{}
	facts := map[string]float64{}
	for i, r := range readCSV(t, dir, "municipality_facts.csv", "municipality,year,variable,value") {
		mustMuni(t, r[0])
		k := strings.Join(r[:3], "|")
		if keys[k] {
			t.Fatalf("row %d: duplicate key %s", i, k)
		}
		keys[k] = true
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatalf("row %d: value %q", i, r[3])
		}
		facts[k] = v
	}
	for _, m := range dk.Municipalities() {
		for y := 2018; y <= 2025; y++ {
			for _, v := range []string{"population_16_66", "population", "labour_force"} {
				if facts[strconv.Itoa(m.Code)+"|"+strconv.Itoa(y)+"|"+v] <= 0 {
					t.Fatalf("no %s for %d in %d", v, m.Code, y)
				}
			}
		}
	}
	if got := facts["101|2019|unemployment_pct"]; got != 4.42 {
		t.Errorf("København unemployment 2019 = %v, want the real 4.42", got)
	}
	if real, _, _ := dk.FrameworkValue(101, "population", 2019); facts["101|2019|population"] >= real/10 {
		t.Errorf("København population %v is not scaled down from %v", facts["101|2019|population"], real)
	}
	for _, v := range dk.FrameworkVariables() {
		if !keys["751|2019|"+v.Name] {
			t.Errorf("framework variable %s missing for Aarhus 2019", v.Name)
		}
	}

	keys = map[string]bool{}
	accounts := map[string]int{}
	for i, r := range readCSV(t, dir, "expenditure.csv", "municipality,year,account,kind,amount_dkk") {
		mustMuni(t, r[0])
		k := strings.Join(r[:4], "|")
		if keys[k] {
			t.Fatalf("row %d: duplicate key %s", i, k)
		}
		keys[k] = true
		if !reAmount.MatchString(r[4]) || (r[3] != pejling.KindBudget && r[3] != pejling.KindAccounts) {
			t.Fatalf("row %d: %v", i, r)
		}
		accounts[r[2]]++
	}
	if len(accounts) != len(pejling.BenefitGroups)+2 {
		t.Errorf("accounts %v", accounts)
	}
	if !keys["101|2024|benefit:KTH|accounts"] || keys["101|2025|benefit:KTH|accounts"] || !keys["101|2025|jobcentre_operations|budget"] {
		t.Errorf("want accounts for closed years and budgets for every year")
	}
}
