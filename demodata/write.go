package demodata

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// The files Generate writes (DOMAIN.md §9) and their header rows.
const (
	fileBenefit     = "benefit_spells.csv"
	fileActivation  = "activation_spells.csv"
	fileEmployment  = "employment_spells.csv"
	fileCompanies   = "companies.csv"
	fileFacts       = "municipality_facts.csv"
	fileExpenditure = "expenditure.csv"
	fileDataset     = "dataset.json"

	headerBenefit     = "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n"
	headerActivation  = "person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n"
	headerEmployment  = "person_id,start_date,end_date\n"
	headerCompanies   = "cvr,name,municipality,industry,employees\n"
	headerFacts       = "municipality,year,variable,value\n"
	headerExpenditure = "municipality,year,account,kind,amount_dkk\n"
)

// dateTable holds every day from first on as its ten bytes YYYY-MM-DD, so that writing
// a date is a copy.
type dateTable struct {
	first pejling.Date
	tab   [][10]byte
}

func newDateTable(first, last pejling.Date) dateTable {
	t := dateTable{first: first, tab: make([][10]byte, last-first+1)}
	for i := range t.tab {
		copy(t.tab[i][:], (first + pejling.Date(i)).String())
	}
	return t
}

// append writes d as YYYY-MM-DD, and Forever (a running spell) as nothing.
func (t *dateTable) append(b []byte, d pejling.Date) []byte {
	if d == pejling.Forever {
		return b
	}
	if i := int(d - t.first); i >= 0 && i < len(t.tab) {
		return append(b, t.tab[i][:]...)
	}
	return d.Time().AppendFormat(b, "2006-01-02")
}

// appendPersonID writes the pseudonymous id "P" and eight digits: P00000042.
func appendPersonID(b []byte, n int) []byte {
	b = append(b, 'P')
	return appendPadded(b, n, 8)
}

// appendPadded writes n ≥ 0 with at least width digits, zero-padded.
func appendPadded(b []byte, n, width int) []byte {
	var d [20]byte
	i := len(d)
	for n > 0 || i > len(d)-width {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[i:]...)
}

// appendFixed4 writes v/10000 with at most four decimals and no trailing zeros:
// 10000 → "1", 5000 → "0.5", 4324 → "0.4324".
func appendFixed4(b []byte, v int32) []byte {
	b = strconv.AppendInt(b, int64(v/10000), 10)
	f := v % 10000
	if f == 0 {
		return b
	}
	b = append(b, '.')
	w := 4
	for f%10 == 0 {
		f /= 10
		w--
	}
	return appendPadded(b, int(f), w)
}

// appendCents writes an amount in øre (1/100 DKK) with two decimals: "1234567.05".
func appendCents(b []byte, c int64) []byte {
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	b = strconv.AppendInt(b, c/100, 10)
	b = append(b, '.')
	return appendPadded(b, int(c%100), 2)
}

// appendCSV writes a field, quoted as RFC 4180 wants when it holds a separator, a quote,
// a line break or surrounding space.
func appendCSV(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") && strings.TrimSpace(s) == s {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// outFile is one output file, written under a temporary name and renamed into place
// when every file is complete, so that a failed or cancelled run leaves the previous
// files of the folder as they were.
type outFile struct {
	name, tmp string
	f         *os.File
	w         *bufio.Writer
	rows      int
}

func createOut(dir, name, header string) (*outFile, error) {
	tmp := filepath.Join(dir, "."+name+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return nil, fmt.Errorf("creating %s: %w", name, err)
	}
	o := &outFile{name: name, tmp: tmp, f: f, w: bufio.NewWriterSize(f, 1<<20)}
	if header != "" {
		o.w.WriteString(header)
	}
	return o, nil
}

// finish flushes and closes the file.
func (o *outFile) finish() error {
	if o.f == nil {
		return nil
	}
	err := o.w.Flush()
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	o.f = nil
	if err != nil {
		return fmt.Errorf("writing %s: %w", o.name, err)
	}
	return nil
}

// commit renames the finished file into place.
func (o *outFile) commit(dir string) error {
	if err := os.Rename(o.tmp, filepath.Join(dir, o.name)); err != nil {
		return fmt.Errorf("writing %s: %w", o.name, err)
	}
	return nil
}

// discard closes the file if needed and removes it.
func (o *outFile) discard() {
	if o.f != nil {
		o.f.Close()
		o.f = nil
	}
	os.Remove(o.tmp)
}
