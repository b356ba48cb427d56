package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// pejlingRun is what one run of `pejling figures` reports.
type pejlingRun struct {
	values  figureValues
	rows    int
	elapsed time.Duration
	maxRSS  int64 // bytes
}

// runPejling runs `bin figures --recompute` on the store for [from, to] split by month
// and year, and parses its CSV. --recompute makes Pejling compute from the spells in
// its store rather than read the figure set it stores at import: the time measured is
// the computation.
func runPejling(ctx context.Context, bin, store string, from, to time.Time) (pejlingRun, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "figures", "--recompute", "--db", store, "--from", from.Format(time.DateOnly),
		"--to", to.Format(time.DateOnly), "--every", "month,year")
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	err := cmd.Run()
	r := pejlingRun{elapsed: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("%s figures: %w: %s", bin, err, strings.TrimSpace(errOut.String()))
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	r.values, r.rows, err = parseFigureCSV(out.Bytes())
	return r, err
}

// parseFigureCSV reads the long form of §9 and checks that its rows are sorted by the
// five key fields as text and that no key repeats.
func parseFigureCSV(raw []byte) (figureValues, int, error) {
	rd := csv.NewReader(bytes.NewReader(raw))
	rd.FieldsPerRecord = 6
	recs, err := rd.ReadAll()
	if err != nil {
		return nil, 0, fmt.Errorf("reading pejling's CSV: %w", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "municipality,benefit_group,period_first,period_last,figure,value" {
		return nil, 0, fmt.Errorf("pejling's CSV has an unexpected header")
	}
	values := figureValues{}
	for i, r := range recs[1:] {
		if i > 0 && slices.Compare(recs[i][:5], r[:5]) >= 0 {
			return nil, 0, fmt.Errorf("pejling's CSV line %d is not sorted after line %d", i+2, i+1)
		}
		k := key(r[0], r[1], r[2], r[3], r[4])
		if r[5] == "" {
			values[k] = nil
			continue
		}
		v, err := strconv.ParseFloat(r[5], 64)
		if err != nil {
			return nil, 0, fmt.Errorf("pejling's CSV line %d: %w", i+2, err)
		}
		values[k] = &v
	}
	return values, len(recs) - 1, nil
}

// fileSize is the size of path in bytes, 0 when it cannot be read.
func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}
