package sqldb

import "github.com/pejling/pejling"

var companies = table[pejling.Company]{
	name:   "companies",
	cols:   []string{"cvr", "name", "municipality", "industry", "employees"},
	keyLen: 1,
	values: func(dst []any, c *pejling.Company) []any {
		var emp any
		if c.Employees >= 0 {
			emp = int64(c.Employees)
		}
		return append(dst, c.CVR, c.Name, int64(c.Municipality), c.Industry, emp)
	},
}
