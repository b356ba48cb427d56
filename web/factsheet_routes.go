package web

// The routes of the fact sheet (joined in routes.go).
var (
	factsheetPageRoutes = []route{}
	factsheetAPIRoutes  = []route{}
)
