package sqldb

import "testing"

// TestRebind checks the rewriting of parameter markers for PostgreSQL: plain markers
// numbered in order, numbered ones kept, markers inside quoted text left alone.
func TestRebind(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
		{"INSERT INTO t VALUES (?, ?), (?, ?)", "INSERT INTO t VALUES ($1, $2), ($3, $4)"},
		{"SELECT ?2, ?1, ?2", "SELECT $2, $1, $2"},
		{"SELECT '?' || ? FROM t WHERE c = 'it''s ?'", "SELECT '?' || $1 FROM t WHERE c = 'it''s ?'"},
		{"SELECT ?10", "SELECT $10"},
	} {
		if got := (postgresDialect{}).rebind(tc.in); got != tc.want {
			t.Errorf("rebind(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := (sqliteDialect{}).rebind(tc.in); got != tc.in {
			t.Errorf("SQLite rebind(%q) = %q, want it unchanged", tc.in, got)
		}
	}
}
