package web

// The routes of citizens' job profiles and matching (issue 8; joined in routes.go).
var (
	profilePageRoutes = []route{}
	profileAPIRoutes  = []route{}
)

// ProfileStore is what the pages of citizens' job profiles and matching read and write (sqldb.DB implements it).
type ProfileStore interface{}
