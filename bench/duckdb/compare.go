package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

// tolerance is the relative tolerance of a comparison, absolute below 1.
const tolerance = 1e-9

// difference is one key where the two computations disagree.
type difference struct {
	key           string
	pejling, duck string
}

func (d difference) String() string {
	return fmt.Sprintf("%s: pejling %s, duckdb %s", d.key, d.pejling, d.duck)
}

// compareValues compares the keys and values of both sides; it returns the number of
// keys compared and every difference, sorted by key.
func compareValues(pej, duck figureValues) (int, []difference) {
	var diffs []difference
	for k, p := range pej {
		d, ok := duck[k]
		switch {
		case !ok:
			diffs = append(diffs, difference{k, show(p), "(no row)"})
		case !equal(p, d):
			diffs = append(diffs, difference{k, show(p), show(d)})
		}
	}
	for k, d := range duck {
		if _, ok := pej[k]; !ok {
			diffs = append(diffs, difference{k, "(no row)", show(d)})
		}
	}
	sort.Slice(diffs, func(i, j int) bool { return diffs[i].key < diffs[j].key })
	return len(pej), diffs
}

// equal reports whether a and b are both empty or both numbers within tolerance.
func equal(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= tolerance*math.Max(1, math.Max(math.Abs(*a), math.Abs(*b)))
}

func show(v *float64) string {
	if v == nil {
		return "(empty)"
	}
	return strconv.FormatFloat(*v, 'g', -1, 64)
}
