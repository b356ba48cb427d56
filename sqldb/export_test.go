package sqldb

import "context"

// SetRowsPerStatement lets benchmarks compare statement sizes; it returns a function
// that restores the default.
func SetRowsPerStatement(n int) (restore func()) {
	old := rowsPerStatement
	rowsPerStatement = n
	return func() { rowsPerStatement = old }
}

// OpenAt opens the store at dsn with the migrations up to version only, as an earlier
// version of Pejling left it.
func OpenAt(ctx context.Context, dsn string, version int) (*DB, error) {
	return open(ctx, dsn, version)
}
