package web

import (
	"context"
	"net/http"
	"time"

	"github.com/pejling/pejling"
)

// The routes of the company register and the contact log (issue 8; joined in routes.go).
// Every one shows or changes a municipality's own records, which name the job
// centre's staff and (in a company's history) citizens: PersonData, scoped to the
// user's municipality.
var (
	companyPageRoutes = []route{
		{Route{Pattern: "GET /virksomheder", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompanies }},
		{Route{Pattern: "POST /virksomheder", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompanyCreate }},
		{Route{Pattern: "GET /virksomheder/{cvr}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompany }},
		{Route{Pattern: "POST /virksomheder/{cvr}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompanyUpdate }},
		{Route{Pattern: "GET /virksomheder/{cvr}/kontakt/ny", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleContactForm }},
		{Route{Pattern: "POST /virksomheder/{cvr}/kontakter", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleContactLog }},
		{Route{Pattern: "POST /virksomheder/{cvr}/personer", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompanyContactCreate }},
		{Route{Pattern: "POST /virksomheder/{cvr}/personer/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompanyContactUpdate }},
		{Route{Pattern: "POST /virksomheder/{cvr}/personer/{id}/slet", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handleCompanyContactDelete }},
	}
	// The JSON API (company_api.go): PersonData, so a municipal session with the second
	// factor, never an API token (api_json.go).
	companyAPIRoutes = []route{
		{Route{"GET /api/v1/companies", PersonData, true, companyListParams}, func(s *Server) http.HandlerFunc { return s.needsCompanies(s.handleAPICompanies) }},
		{Route{"GET /api/v1/companies/{cvr}", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsCompanies(s.handleAPICompany) }},
		{Route{"GET /api/v1/companies/{cvr}/contacts", PersonData, true, []string{"limit"}}, func(s *Server) http.HandlerFunc { return s.needsCompanies(s.handleAPIContactLog) }},
		{Route{"POST /api/v1/companies/{cvr}/contacts", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsCompanies(s.handleAPIContactCreate) }},
	}
)

// CompanyStore is what the pages of the company register and the contact log read and write (sqldb.DB implements it).
type CompanyStore interface {
	CreateCompanyRecord(ctx context.Context, r *pejling.CompanyRecord) error
	FindCompanyRecord(ctx context.Context, municipality int, cvr string) (*pejling.CompanyRecord, error)
	FindCompanyRecords(ctx context.Context, f pejling.CompanyFilter) ([]pejling.CompanyRecord, error)
	UpdateCompanyRecord(ctx context.Context, municipality int, cvr string, upd pejling.CompanyUpdate, expectedVersion int64) (*pejling.CompanyRecord, error)
	CreateCompanyContact(ctx context.Context, c *pejling.CompanyContact) error
	FindCompanyContactByID(ctx context.Context, municipality int, id int64) (*pejling.CompanyContact, error)
	FindCompanyContacts(ctx context.Context, municipality int, cvr string) ([]pejling.CompanyContact, error)
	UpdateCompanyContact(ctx context.Context, municipality int, id int64, upd pejling.CompanyContactUpdate) (*pejling.CompanyContact, error)
	DeleteCompanyContact(ctx context.Context, municipality int, id int64) error
	CreateContactLogEntry(ctx context.Context, e *pejling.ContactLogEntry) error
	FindContactLog(ctx context.Context, f pejling.ContactLogFilter) ([]pejling.ContactLogEntry, error)
	ContactPrecheck(ctx context.Context, municipality int, cvr string, userID int64, topic pejling.ContactTopic, now time.Time, window time.Duration) (*pejling.ContactPrecheck, error)
	CompanyHistory(ctx context.Context, municipality int, cvr string) (*pejling.CompanyHistory, error)
	// ListUsers gives the names of the consultants (owners, who logged a contact).
	ListUsers(ctx context.Context) ([]pejling.User, error)
}
