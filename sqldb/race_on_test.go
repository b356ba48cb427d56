//go:build race

package sqldb_test

// raceEnabled tells tests that the race detector slows the pure-Go SQLite down.
const raceEnabled = true
