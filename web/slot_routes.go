package web

// The routes of the placement bank and its reservations (issue 8; joined in routes.go).
var (
	slotPageRoutes = []route{}
	slotAPIRoutes  = []route{}
)

// SlotStore is what the pages of the placement bank and its reservations read and write (sqldb.DB implements it).
type SlotStore interface{}
