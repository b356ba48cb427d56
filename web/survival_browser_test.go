package web_test

import (
	"strings"
	"testing"
)

// TestSurvivalInBrowser renders the survival page: the default (three cohorts of
// years, not split), one cohort by benefit group (14 lines) and two by early placement.
func TestSurvivalInBrowser(t *testing.T) {
	ts, _ := newSurvivalServer(t)
	for name, q := range map[string]string{
		"survival.png":        "",
		"survival-groups.png": "?from=2024-01-01&to=2024-12-31&by=group",
		"survival-early.png":  "?from=2022-01-01&to=2023-12-31&every=year&by=early_placement",
	} {
		dom := browse(t, ts.URL+"/overlevelse"+q, shotPath(t, name))
		for _, want := range [][]string{{"<svg"}, {"Median (uger)", "Median (weeks)"}} {
			if !strings.Contains(dom, want[0]) && (len(want) == 1 || !strings.Contains(dom, want[1])) {
				t.Errorf("%s: the rendered page lacks %q", name, want)
			}
		}
	}
}
