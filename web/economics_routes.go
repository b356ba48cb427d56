package web

// The routes of the economics part of the app (joined in routes.go).
var (
	economicsPageRoutes = []route{}
	economicsAPIRoutes  = []route{}
)
