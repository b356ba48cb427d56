package economics

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/importer"
)

var backtestQuarter = regexp.MustCompile(`^(\d{4})Q([1-4])$`)

// ReadBacktest reads a StatBank export (such as AUK01) named name with
// importer.ScanStatBank into annual series for BacktestRun. It wants one quarterly
// series per area (one value of every other column) with the whole country among the
// areas; any problem in the file is an EINVALID error naming file and line.
func ReadBacktest(f io.Reader, name string) (BacktestData, error) {
	var qs []BacktestQuarter
	var first *importer.StatBankRow
	var bad error
	err := importer.ScanStatBank(f, name, func(line int, r *importer.StatBankRow) {
		if bad != nil {
			return
		}
		if first == nil {
			c := *r
			first = &c
		} else if !slices.Equal(r.Dims, first.Dims) {
			bad = pejling.Errorf(pejling.EINVALID, "%s:%d: %s is not %s: the back-test wants one series per area (filter the table to one value of %s)",
				name, line, strings.Join(r.Dims, ";"), strings.Join(first.Dims, ";"), strings.Join(r.DimNames, ", "))
			return
		}
		if r.AreaKind != importer.AreaMunicipality && r.AreaKind != importer.AreaCountry || r.Missing {
			return
		}
		m := backtestQuarter.FindStringSubmatch(r.Period)
		if m == nil {
			bad = pejling.Errorf(pejling.EINVALID, "%s:%d: period %s: the back-test wants a quarterly table (such as AUK01: 2007Q1 …)", name, line, r.Period)
			return
		}
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		qs = append(qs, BacktestQuarter{Municipality: r.Municipality, Year: y, Quarter: q, Value: r.Value})
	}, func(p importer.Problem) bool {
		bad = pejling.Errorf(pejling.EINVALID, "%s", p.Error())
		return false
	})
	if err != nil {
		return BacktestData{}, fmt.Errorf("read %s: %w", name, err)
	}
	if bad != nil {
		return BacktestData{}, bad
	}
	d, err := BacktestAnnual(qs)
	if err != nil {
		return d, pejling.Errorf(pejling.EINVALID, "%s: %s", name, pejling.ErrorMessage(err))
	}
	if len(d.Local) == 0 {
		return d, pejling.Errorf(pejling.EINVALID, "%s: no municipality rows", name)
	}
	return d, nil
}

// auk01 is the embedded AUK01 (dk.AUK01) read once.
var auk01 = sync.OnceValues(func() (BacktestData, error) { return ReadBacktest(dk.AUK01(), dk.AUK01Name) })

// BacktestAUK01 runs the back-test on the AUK01 export embedded in the binary, for
// the origins firstOrigin … lastOrigin (0: no bound).
func BacktestAUK01(firstOrigin, lastOrigin int) (BacktestResult, error) {
	d, err := auk01()
	if err != nil {
		return BacktestResult{}, err
	}
	return BacktestRun(d, firstOrigin, lastOrigin), nil
}
