package sqldb

import "strings"

// dialect holds the few differences between the SQL databases Pejling runs on.
type dialect interface {
	// name is "sqlite" or "postgres".
	name() string
	// schema rewrites a portable migration into this dialect.
	schema(sql string) string
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

func (sqliteDialect) schema(sql string) string {
	return strings.ReplaceAll(sql, "{{WITHOUT_ROWID}}", "WITHOUT ROWID")
}
