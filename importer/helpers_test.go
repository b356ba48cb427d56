package importer_test

import (
	"io"
	"strings"
	"testing"

	"github.com/pejling/pejling/importer"
)

// scanned is what a Scan function reported for one input.
type scanned[T any] struct {
	Records  []T
	Lines    []int
	Problems []importer.Problem
	Err      error
}

// scanFunc is the shape of every Scan function.
type scanFunc[T any] func(io.Reader, string, func(int, *T), func(importer.Problem) bool) error

// scanString runs scan over input, collecting every record and problem.
func scanString[T any](scan scanFunc[T], file, input string) scanned[T] {
	var s scanned[T]
	s.Err = scan(strings.NewReader(input), file,
		func(line int, r *T) { s.Records = append(s.Records, *r); s.Lines = append(s.Lines, line) },
		func(p importer.Problem) bool { s.Problems = append(s.Problems, p); return true })
	return s
}

// wantProblem checks that problems holds exactly one problem, with the line, column and
// a reason containing reason.
func wantProblem(t *testing.T, problems []importer.Problem, line int, column, reason string) {
	t.Helper()
	if len(problems) != 1 {
		t.Fatalf("got %d problems, want 1: %v", len(problems), problems)
	}
	p := problems[0]
	if p.Line != line || p.Column != column || !strings.Contains(p.Reason, reason) {
		t.Errorf("got problem %q (line %d, column %q), want line %d, column %q, reason containing %q",
			p.Error(), p.Line, p.Column, line, column, reason)
	}
}

// noProblems fails the test when there are problems or an error.
func noProblems[T any](t *testing.T, s scanned[T]) {
	t.Helper()
	if s.Err != nil {
		t.Fatalf("error: %v", s.Err)
	}
	for _, p := range s.Problems {
		t.Errorf("unexpected problem: %v", p)
	}
}
