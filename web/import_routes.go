package web

// The routes of the import part of the app (joined in routes.go).
var (
	importPageRoutes = []route{}
	importAPIRoutes  = []route{}
)
