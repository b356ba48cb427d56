package web

// The routes of progression measurement (issue 8; joined in routes.go).
var (
	progressionPageRoutes = []route{}
	progressionAPIRoutes  = []route{}
)

// ProgressionStore is what the pages of progression measurement read and write (sqldb.DB implements it).
type ProgressionStore interface{}
