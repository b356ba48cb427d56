package pejling_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("Æ", 100)
	if got := pejling.Clip(long); got != strings.Repeat("Æ", 60)+"…" || !utf8.ValidString(got) {
		t.Errorf("Clip of 100 Æ = %q", got)
	}
	if got := pejling.Clip("kort"); got != "kort" {
		t.Errorf("Clip(kort) = %q", got)
	}
}
