package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pejling/pejling"
)

// Options tune Load.
type Options struct {
	// MaxProblems is how many problems are kept for the report; all are counted.
	// Zero means 100.
	MaxProblems int
	// BatchRows is how many records travel from the parser to the store at a time.
	// Zero means 4096.
	BatchRows int
	// Progress, when set, is called now and then from the loading goroutine.
	Progress func(Progress)
	// ProgressEvery is the least time between two Progress calls; zero means 250ms.
	ProgressEvery time.Duration
	// Source is what the import record names as its source; "" names the folder.
	// The web app's upload gives the uploaded file's name, not its temporary folder.
	Source string
}

// Progress tells how far a load has come.
type Progress struct {
	File       string // the file being read
	Rows       int64  // records read so far, over all files
	Bytes      int64  // bytes read so far, over all files
	TotalBytes int64  // bytes of all files of the data set
	Elapsed    time.Duration
}

// LoadError is a data set that could not be loaded because of problems in its files.
// Nothing was imported.
type LoadError struct {
	Problems []Problem // the first problems, in the order found
	Total    int       // all problems found
}

// Error lists the problems kept and says how many more there were.
func (e *LoadError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d problem(s) in the data set; nothing was imported:", e.Total)
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.Error())
	}
	if more := e.Total - len(e.Problems); more > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", more)
	}
	return b.String()
}

// Unwrap makes a LoadError an EINVALID pejling error.
func (e *LoadError) Unwrap() error { return &pejling.Error{Code: pejling.EINVALID, Message: e.Error()} }

// Load imports the data set in dir — dataset.toml or dataset.json and any of the §9
// files — into the store through svc, as one transaction: when any file has any
// problem, or anything fails, the store is left exactly as it was and a *LoadError (or
// the failure) is returned.
func Load(ctx context.Context, dir string, svc pejling.ImportService, opt Options) (pejling.Import, pejling.ImportSummary, error) {
	if opt.MaxProblems <= 0 {
		opt.MaxProblems = 100
	}
	if opt.BatchRows <= 0 {
		opt.BatchRows = 4096
	}
	if opt.ProgressEvery <= 0 {
		opt.ProgressEvery = 250 * time.Millisecond
	}
	ds, err := ReadDataset(dir)
	if err != nil {
		return pejling.Import{}, pejling.ImportSummary{}, err
	}
	l := &loader{opt: opt, start: time.Now()}
	kinds, err := l.findFiles(dir)
	if err != nil {
		return pejling.Import{}, pejling.ImportSummary{}, err
	}
	if l.total > 0 {
		return pejling.Import{}, pejling.ImportSummary{}, l.loadError()
	}
	source := dir
	if opt.Source != "" {
		source = opt.Source
	}
	tx, err := svc.BeginImport(ctx, ds, source)
	if err != nil {
		return pejling.Import{}, pejling.ImportSummary{}, err
	}
	defer tx.Rollback()
	var sum pejling.ImportSummary
	for _, k := range kinds {
		fs, err := l.loadKind(ctx, dir, k, tx)
		if err != nil {
			return pejling.Import{}, sum, err
		}
		sum.Files = append(sum.Files, fs)
	}
	if l.total > 0 {
		return pejling.Import{}, sum, l.loadError()
	}
	sum.Duration = time.Since(l.start)
	imp, err := tx.Commit(ctx, sum)
	sum.Duration = time.Since(l.start)
	return imp, sum, err
}

// loader holds the state of one Load: the problems found so far and the progress.
type loader struct {
	opt      Options
	start    time.Time
	mu       sync.Mutex
	problems []Problem
	total    int
	failed   atomic.Bool // any problem seen: stop writing, keep validating
	rows     atomic.Int64
	bytes    atomic.Int64
	allBytes int64
	lastProg time.Time
}

func (l *loader) problem(p Problem) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failed.Store(true)
	l.total++
	if len(l.problems) < l.opt.MaxProblems {
		l.problems = append(l.problems, p)
	}
	return true
}

func (l *loader) loadError() *LoadError {
	l.mu.Lock()
	defer l.mu.Unlock()
	return &LoadError{Problems: append([]Problem(nil), l.problems...), Total: l.total}
}

// findFiles returns the kinds whose files dir holds, in load order. A CSV file with a
// name Pejling does not know is a problem: it is most likely a misnamed data file.
func (l *loader) findFiles(dir string) ([]Kind, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "read data set folder: %v", err)
	}
	known := map[string]Kind{}
	var names []string
	for _, k := range Kinds {
		known[k.FileName()] = k
		names = append(names, k.FileName())
	}
	present := map[Kind]bool{}
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(filepath.Ext(e.Name()), ".csv") {
			continue
		}
		k, ok := known[e.Name()]
		if !ok {
			l.problem(Problem{File: e.Name(), Reason: "unknown file (known: " + strings.Join(names, ", ") + ")"})
			continue
		}
		info, err := e.Info()
		if err != nil {
			return nil, fmt.Errorf("stat %s: %w", e.Name(), err)
		}
		l.allBytes += info.Size()
		present[k] = true
	}
	var kinds []Kind
	for _, k := range Kinds {
		if present[k] {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) == 0 && l.total == 0 {
		return nil, pejling.Errorf(pejling.EINVALID, "%s holds none of the data files (%s)", dir, strings.Join(names, ", "))
	}
	return kinds, nil
}

func (l *loader) loadKind(ctx context.Context, dir string, k Kind, tx pejling.ImportTx) (pejling.FileSummary, error) {
	switch k {
	case Companies:
		return loadFile(ctx, l, dir, k, ScanCompanies, tx.WriteCompanies)
	case MunicipalityFacts:
		return loadFile(ctx, l, dir, k, ScanMunicipalityFacts, tx.WriteMunicipalityFacts)
	case Expenditure:
		return loadFile(ctx, l, dir, k, ScanExpenditure, tx.WriteExpenditure)
	case BenefitSpells:
		return loadFile(ctx, l, dir, k, ScanBenefitSpells, tx.WriteBenefitSpells)
	case ActivationSpells:
		return loadFile(ctx, l, dir, k, ScanActivationSpells, tx.WriteActivationSpells)
	case EmploymentSpells:
		return loadFile(ctx, l, dir, k, ScanEmploymentSpells, tx.WriteEmploymentSpells)
	}
	panic(fmt.Sprintf("importer: unknown kind %d", k))
}

// batch is records of one file on their way from the parser to the store.
type batch[T any] struct {
	rows  []T
	lines []int
}

// loadFile streams one file: a goroutine parses and validates into batches while this
// one writes them to the store, so both cores work and memory holds only a few
// batches. Once any problem is known nothing more is written (the import will be
// rolled back) but validation goes on, to report every problem at once.
func loadFile[T any](ctx context.Context, l *loader, dir string, k Kind,
	scan func(io.Reader, string, func(int, *T), func(Problem) bool) error,
	write func(context.Context, []T, []int) ([]pejling.Duplicate, error),
) (pejling.FileSummary, error) {
	name := k.FileName()
	started := time.Now()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return pejling.FileSummary{}, fmt.Errorf("open %s: %w", name, err)
	}
	defer f.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cr := &countingReader{r: f, ctx: ctx, n: &l.bytes}

	const inFlight = 4
	free := make(chan *batch[T], inFlight)
	full := make(chan *batch[T], inFlight)
	for i := 0; i < inFlight; i++ {
		free <- &batch[T]{rows: make([]T, 0, l.opt.BatchRows), lines: make([]int, 0, l.opt.BatchRows)}
	}
	var scanErr error
	var fileRows int64
	go func() {
		defer close(full)
		cur := <-free
		emit := func(line int, r *T) {
			fileRows++
			if l.failed.Load() {
				return
			}
			cur.rows = append(cur.rows, *r)
			cur.lines = append(cur.lines, line)
			if len(cur.rows) == cap(cur.rows) {
				full <- cur
				select {
				case cur = <-free:
				case <-ctx.Done():
					cur = &batch[T]{} // the writer is gone; keep scanning to the reader's error
				}
			}
		}
		scanErr = scan(cr, name, emit, l.problem)
		if len(cur.rows) > 0 {
			full <- cur
		}
	}()

	var writeErr error
	for b := range full {
		if writeErr == nil && !l.failed.Load() {
			dups, err := write(ctx, b.rows, b.lines)
			if err != nil {
				writeErr = err
				cancel()
			}
			for _, d := range dups {
				l.problem(Problem{File: name, Line: d.Line, Reason: fmt.Sprintf("duplicate of line %d (same %s)", d.FirstLine, k.naturalKey())})
			}
		}
		l.rows.Add(int64(len(b.rows)))
		b.rows, b.lines = b.rows[:0], b.lines[:0]
		select {
		case free <- b:
		default:
		}
		l.report(name, false)
	}
	if writeErr != nil {
		return pejling.FileSummary{}, writeErr
	}
	if scanErr != nil {
		if errors.Is(scanErr, context.Canceled) || errors.Is(scanErr, context.DeadlineExceeded) {
			return pejling.FileSummary{}, scanErr
		}
		return pejling.FileSummary{}, fmt.Errorf("read %s: %w", name, scanErr)
	}
	l.report(name, true)
	return pejling.FileSummary{File: name, Rows: fileRows, Bytes: cr.read, Duration: time.Since(started)}, nil
}

func (l *loader) report(file string, force bool) {
	if l.opt.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(l.lastProg) < l.opt.ProgressEvery {
		return
	}
	l.lastProg = now
	l.opt.Progress(Progress{File: file, Rows: l.rows.Load(), Bytes: l.bytes.Load(), TotalBytes: l.allBytes, Elapsed: now.Sub(l.start)})
}

// countingReader counts the bytes read for progress and stops reading when the load is
// cancelled.
type countingReader struct {
	r    io.Reader
	ctx  context.Context
	n    *atomic.Int64
	read int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.read += int64(n)
	c.n.Add(int64(n))
	return n, err
}

// naturalKey names the columns that identify a record of the kind (docs/data-model.md).
func (k Kind) naturalKey() string {
	switch k {
	case BenefitSpells:
		return "person_id, start_date, municipality, benefit_group"
	case ActivationSpells:
		return "person_id, start_date, municipality, activation_type, cvr"
	case EmploymentSpells:
		return "person_id, start_date"
	case Companies:
		return "cvr"
	case MunicipalityFacts:
		return "municipality, year, variable"
	case Expenditure:
		return "municipality, year, account, kind"
	}
	return ""
}
