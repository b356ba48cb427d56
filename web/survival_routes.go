package web

// The routes of the survival part of the app (joined in routes.go).
var (
	survivalPageRoutes = []route{}
	survivalAPIRoutes  = []route{}
)
