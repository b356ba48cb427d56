//go:build !race

package employer_test

// raceEnabled tells timing tests that the race detector slows the matcher down.
const raceEnabled = false
