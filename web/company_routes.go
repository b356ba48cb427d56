package web

// The routes of the company register and the contact log (issue 8; joined in routes.go).
var (
	companyPageRoutes = []route{}
	companyAPIRoutes  = []route{}
)

// CompanyStore is what the pages of the company register and the contact log read and write (sqldb.DB implements it).
type CompanyStore interface{}
