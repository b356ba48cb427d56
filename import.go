package pejling

import (
	"context"
	"time"
)

// ImportService loads register extracts into a store. An import is one transaction: it
// is committed whole or leaves the store exactly as it was.
type ImportService interface {
	// BeginImport starts an import of a data set read from source (a folder name, for
	// the record). It fails with ECONFLICT while another import runs, and when the
	// store already holds a newer extract than ds.AsOf.
	BeginImport(ctx context.Context, ds Dataset, source string) (ImportTx, error)
}

// ImportTx receives the validated records of one import in batches. Each batch carries
// the source line of every record, so that a duplicate natural key can be reported
// with both lines. Nothing is visible to readers before Commit.
type ImportTx interface {
	WriteBenefitSpells(ctx context.Context, rows []BenefitSpell, lines []int) ([]Duplicate, error)
	WriteActivationSpells(ctx context.Context, rows []ActivationSpell, lines []int) ([]Duplicate, error)
	WriteEmploymentSpells(ctx context.Context, rows []EmploymentSpell, lines []int) ([]Duplicate, error)
	WriteCompanies(ctx context.Context, rows []Company, lines []int) ([]Duplicate, error)
	WriteMunicipalityFacts(ctx context.Context, rows []MunicipalityFact, lines []int) ([]Duplicate, error)
	WriteExpenditure(ctx context.Context, rows []Expenditure, lines []int) ([]Duplicate, error)
	// Commit applies what a newer extract replaces (docs/data-model.md), records the
	// import with its summary and makes it visible at once.
	Commit(ctx context.Context, summary ImportSummary) (Import, error)
	// Rollback discards everything written; it is safe to call after Commit.
	Rollback() error
}

// Duplicate is a record whose natural key an earlier record of the same file already
// had: Line repeats the key of FirstLine.
type Duplicate struct {
	Line      int
	FirstLine int
}

// ImportSummary tells what one import read, file by file.
type ImportSummary struct {
	Files    []FileSummary
	Duration time.Duration
}

// Rows returns the number of records over all files.
func (s ImportSummary) Rows() int64 {
	var n int64
	for _, f := range s.Files {
		n += f.Rows
	}
	return n
}

// FileSummary tells what one import read from one file.
type FileSummary struct {
	File     string
	Rows     int64
	Bytes    int64
	Duration time.Duration
}

// Import is the record of a committed import.
type Import struct {
	ID         int64
	Source     string
	AsOf       Date
	Name       string
	StartedAt  time.Time
	FinishedAt time.Time
	Rows       int64
}

// StoreStatus is what a store holds: the as_of of its newest extract, the rows per
// table and the imports so far.
type StoreStatus struct {
	AsOf    Date // 0 when nothing is loaded
	Name    string
	Tables  []TableCount
	Imports []Import
}

// TableCount is the number of rows in one table.
type TableCount struct {
	Table string
	Rows  int64
}
