// Package demodata generates a synthetic national register data set in the formats of
// DOMAIN.md §9: benefit, activation and employment spells of pseudonymous persons,
// companies, municipality facts and expenditure for all 98 municipalities.
//
// The persons are invented, but they are spread over the municipalities by their real
// population, and the real framework conditions of each municipality (embedded from
// Statistics Denmark in package dk) drive its benefit-group mix and support level, so
// that benchmarking the data set finds the patterns it would find in Denmark. The
// same Config always gives the same bytes. docs/demo-data.md describes the model and
// every parameter.
package demodata

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/pejling/pejling"
)

// Config says what to generate.
type Config struct {
	Persons int          // number of persons with at least one benefit spell
	Seed    int64        // the same seed gives the same data set
	Out     string       // output folder, created if missing; existing §9 files in it are overwritten
	From    pejling.Date // first day of the history written; zero means 2018-01-01
	AsOf    pejling.Date // the extract date; zero means 2025-06-30
}

// Summary reports what Generate wrote.
type Summary struct {
	Rows map[string]int // data rows (without the header) per file name, e.g. "benefit_spells.csv"
}

// MaxPersons is the largest number of persons a data set can have: person ids are "P"
// and eight digits.
const MaxPersons = 99_999_999

// shardSize is the number of persons generated from one random stream. It is fixed, so
// that the output does not depend on the number of workers.
const shardSize = 1000

// withDefaults fills in the zero dates and checks the configuration.
func (c Config) withDefaults() (Config, error) {
	if c.From == 0 {
		c.From = pejling.DateOf(2018, time.January, 1)
	}
	if c.AsOf == 0 {
		c.AsOf = pejling.DateOf(2025, time.June, 30)
	}
	switch {
	case c.Persons < 1 || c.Persons > MaxPersons:
		return c, pejling.Errorf(pejling.EINVALID, "The number of persons must be between 1 and %d, not %d.", MaxPersons, c.Persons)
	case c.Out == "":
		return c, pejling.Errorf(pejling.EINVALID, "An output folder is required.")
	case c.AsOf < c.From:
		return c, pejling.Errorf(pejling.EINVALID, "The extract date %s is before the first day %s.", c.AsOf, c.From)
	case c.AsOf.Year()-c.From.Year() > 50:
		return c, pejling.Errorf(pejling.EINVALID, "A history of more than 50 years (%s to %s) is not supported.", c.From, c.AsOf)
	}
	return c, nil
}

// Generate writes the data set cfg describes into cfg.Out: benefit_spells.csv,
// activation_spells.csv, employment_spells.csv, companies.csv, municipality_facts.csv,
// expenditure.csv and dataset.json. Rows are grouped by person in person-id order, each
// person's spells by start date. progress, if not nil, is called from Generate's own
// goroutine with the persons done so far, at most about every 1 %.
//
// The files are written under temporary names and renamed into place at the end, so
// that an error or a cancelled ctx leaves the folder's earlier files as they were.
func Generate(ctx context.Context, cfg Config, progress func(personsDone, personsTotal int)) (Summary, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	if err := ctx.Err(); err != nil {
		return Summary{}, err
	}
	md, err := newModel(ctx, cfg)
	if err != nil {
		return Summary{}, fmt.Errorf("generating demo data: %w", err)
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return Summary{}, fmt.Errorf("generating demo data: %w", err)
	}
	var files []*outFile
	open := func(name, header string) *outFile {
		if err != nil {
			return nil
		}
		var o *outFile
		if o, err = createOut(cfg.Out, name, header); err == nil {
			files = append(files, o)
		}
		return o
	}
	ben := open(fileBenefit, headerBenefit)
	act := open(fileActivation, headerActivation)
	emp := open(fileEmployment, headerEmployment)
	comp := open(fileCompanies, headerCompanies)
	facts := open(fileFacts, headerFacts)
	exp := open(fileExpenditure, headerExpenditure)
	ds := open(fileDataset, "")
	committed := false
	defer func() {
		if !committed {
			for _, f := range files {
				f.discard()
			}
		}
	}()
	if err != nil {
		return Summary{}, fmt.Errorf("generating demo data: %w", err)
	}

	md.writeCompanies(comp)
	tot, err := md.persons(ctx, ben, act, emp, progress)
	if err != nil {
		return Summary{}, fmt.Errorf("generating demo data: %w", err)
	}
	md.writeFacts(facts)
	md.writeExpenditure(exp, tot)
	if err := md.writeDataset(ds); err != nil {
		return Summary{}, fmt.Errorf("generating demo data: %w", err)
	}
	for _, f := range files {
		if err := f.finish(); err != nil {
			return Summary{}, fmt.Errorf("generating demo data: %w", err)
		}
	}
	sum := Summary{Rows: map[string]int{}}
	for _, f := range files {
		if err := f.commit(cfg.Out); err != nil {
			return Summary{}, fmt.Errorf("generating demo data: %w", err)
		}
		if f.name != fileDataset {
			sum.Rows[f.name] = f.rows
		}
	}
	committed = true
	return sum, nil
}
