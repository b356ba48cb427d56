package sqldb

// SetRowsPerStatement lets benchmarks compare statement sizes; it returns a function
// that restores the default.
func SetRowsPerStatement(n int) (restore func()) {
	old := rowsPerStatement
	rowsPerStatement = n
	return func() { rowsPerStatement = old }
}
