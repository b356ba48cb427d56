package stats

import (
	"cmp"
	"slices"
)

// Rank returns the competition rank ("1224") of each value: 1 for the best, where best
// is the highest value when higherIsBetter and the lowest otherwise; equal values share
// the best rank of their group and the next value's rank skips as many places as shared
// it. A value with valid[i] false (an empty figure: no data, a zero denominator) is not
// ranked — rank 0 — and does not count for the others, so a municipality without data
// is never ranked as if its figure were 0. valid nil means every value is valid.
func Rank(values []float64, valid []bool, higherIsBetter bool) []int {
	if valid != nil && len(valid) != len(values) {
		panic("stats: Rank with values and valid of different lengths")
	}
	idx := make([]int, 0, len(values))
	for i := range values {
		if valid == nil || valid[i] {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if higherIsBetter {
			return cmp.Compare(values[b], values[a])
		}
		return cmp.Compare(values[a], values[b])
	})
	ranks := make([]int, len(values))
	for pos, i := range idx {
		if pos > 0 && values[i] == values[idx[pos-1]] {
			ranks[i] = ranks[idx[pos-1]]
		} else {
			ranks[i] = pos + 1
		}
	}
	return ranks
}
