package stats_test

import (
	"reflect"
	"testing"

	"github.com/pejling/pejling/stats"
)

func TestRank(t *testing.T) {
	values := []float64{0.3, 0.5, 0.3, 0.9, 0, 0.1}
	valid := []bool{true, true, true, true, false, true}
	// Higher is better: 0.9 → 1, 0.5 → 2, the two 0.3 share 3, 0.1 → 5; the empty value
	// (stored as 0) is not ranked.
	if got, want := stats.Rank(values, valid, true), []int{3, 2, 3, 1, 0, 5}; !reflect.DeepEqual(got, want) {
		t.Errorf("higher is better: %v, want %v", got, want)
	}
	// Lower is better: 0.1 → 1, the 0.3s share 2, 0.5 → 4, 0.9 → 5.
	if got, want := stats.Rank(values, valid, false), []int{2, 4, 2, 5, 0, 1}; !reflect.DeepEqual(got, want) {
		t.Errorf("lower is better: %v, want %v", got, want)
	}
	if got, want := stats.Rank([]float64{2, 1}, nil, true), []int{1, 2}; !reflect.DeepEqual(got, want) {
		t.Errorf("valid nil: %v, want %v", got, want)
	}
	if got := stats.Rank(nil, nil, true); len(got) != 0 {
		t.Errorf("no values: %v", got)
	}
}
