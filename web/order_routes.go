package web

// The routes of job orders (issue 8; joined in routes.go).
var (
	orderPageRoutes = []route{}
	orderAPIRoutes  = []route{}
)

// OrderStore is what the pages of job orders read and write (sqldb.DB implements it).
type OrderStore interface{}
