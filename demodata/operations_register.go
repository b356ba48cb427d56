package demodata

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// opsRegister is what the operational side takes from the register files of one
// municipality.
type opsRegister struct {
	companies []opsCompany
	onBenefit []opsPerson // persons with a benefit spell running at the extract date, in id order
}

type opsCompany struct {
	cvr, name string
	industry  string // DB07, six digits
	employees int
	hosted    int // activation spells of the municipality's citizens at the company
}

type opsPerson struct {
	id           string
	group        pejling.BenefitGroup
	intervention string // the latest intervention id of the person's activation spells, or ""
	// activeHours is the hours a week of the person's activation spells running on the
	// operational side's today — the register's planned ends, as the team board's
	// figures engine reads them (its goals are set near the caseload's activation rate).
	activeHours float64
}

// readOpsRegister reads companies.csv, benefit_spells.csv and activation_spells.csv of
// the data set in dir for the municipalities codes; today is the operational side's.
func readOpsRegister(dir string, codes []int, today pejling.Date) (map[int]*opsRegister, error) {
	day := today.String() // YYYY-MM-DD: compared as text with the files' dates
	reg := map[int]*opsRegister{}
	for _, c := range codes {
		reg[c] = &opsRegister{}
	}
	cvrAt := map[string][2]int{} // cvr → municipality, index
	if err := readCompaniesFile(filepath.Join(dir, fileCompanies), func(cvr, name string, muni int, industry string, employees int) {
		if r := reg[muni]; r != nil {
			cvrAt[cvr] = [2]int{muni, len(r.companies)}
			r.companies = append(r.companies, opsCompany{cvr: cvr, name: name, industry: industry, employees: employees})
		}
	}); err != nil {
		return nil, err
	}
	// Persons on benefit at the extract date: a spell without an end.
	seen := map[string]bool{}
	if err := scanSpells(filepath.Join(dir, fileBenefit), headerBenefit, func(f []string) error {
		muni, err := strconv.Atoi(f[1])
		if err != nil {
			return fmt.Errorf("municipality %q", f[1])
		}
		if r := reg[muni]; r != nil && f[5] == "" && !seen[f[0]] {
			seen[f[0]] = true
			r.onBenefit = append(r.onBenefit, opsPerson{id: f[0], group: pejling.BenefitGroup(f[2])})
		}
		return nil
	}); err != nil {
		return nil, err
	}
	at := map[string]*opsPerson{}
	for _, r := range reg {
		slices.SortFunc(r.onBenefit, func(a, b opsPerson) int { return strings.Compare(a.id, b.id) })
		for i := range r.onBenefit {
			at[r.onBenefit[i].id] = &r.onBenefit[i]
		}
	}
	if err := scanSpells(filepath.Join(dir, fileActivation), headerActivation, func(f []string) error {
		if p := at[f[0]]; p != nil && f[8] != "" {
			p.intervention = f[8] // rows are in start order: the last is the latest
		}
		if p := at[f[0]]; p != nil && f[4] <= day && (f[5] == "" || f[5] >= day) {
			if h, err := strconv.ParseFloat(f[6], 64); err == nil {
				p.activeHours += h
			}
		}
		if c, ok := cvrAt[f[7]]; ok && f[7] != "" && strconv.Itoa(c[0]) == f[1] {
			reg[c[0]].companies[c[1]].hosted++
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return reg, nil
}

// readCompaniesFile calls fn with each row of companies.csv.
func readCompaniesFile(path string, fn func(cvr, name string, muni int, industry string, employees int)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	cr := csv.NewReader(bufio.NewReader(f))
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil || strings.Join(head, ",")+"\n" != headerCompanies {
		return fmt.Errorf("%s: not a companies file of the demo data set", path)
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		} else if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		muni, err1 := strconv.Atoi(rec[2])
		emp, err2 := strconv.Atoi(rec[4])
		if err1 != nil || err2 != nil || pejling.ValidCVR(rec[0]) != nil {
			return fmt.Errorf("%s:%d: a malformed company row", path, line)
		}
		fn(rec[0], rec[1], muni, rec[3], emp)
	}
}

// scanSpells calls fn with the fields of each row of a spell file of the data set,
// whose fields are never quoted.
func scanSpells(path, header string, fn func([]string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	want := strings.Count(header, ",") + 1
	fields := make([]string, 0, want)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			if sc.Text()+"\n" != header {
				return fmt.Errorf("%s: not a spell file of the demo data set", path)
			}
			continue
		}
		fields = fields[:0]
		for s := range strings.SplitSeq(sc.Text(), ",") {
			fields = append(fields, s)
		}
		if len(fields) != want {
			return fmt.Errorf("%s:%d: %d fields, want %d", path, line, len(fields), want)
		}
		if err := fn(fields); err != nil {
			return fmt.Errorf("%s:%d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
