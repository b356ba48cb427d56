package web

// The routes of the benchmark part of the app (joined in routes.go).
var (
	benchmarkPageRoutes = []route{}
	benchmarkAPIRoutes  = []route{}
)
