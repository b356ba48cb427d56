package web

import (
	"context"
	"net/http"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// The routes of job orders (issue 8; joined in routes.go). Orders name companies and
// consultants, not citizens, but they are the job centre's casework: every route is
// for the municipality's own staff with their second factor (PersonData), and every
// read and write is scoped to the user's municipality — another municipality's order
// is not found.
// The JSON API (order_api.go) is PersonData too: a municipal session with the second
// factor, never an API token (api_json.go).
var (
	orderPageRoutes = []route{
		{Route{Pattern: "GET /ordrer", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrders) }},
		{Route{Pattern: "POST /ordrer", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderCreate) }},
		{Route{Pattern: "GET /ordrer/serviceniveau", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderLevels) }},
		{Route{Pattern: "GET /ordrer/politik", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderPolicy) }},
		{Route{Pattern: "POST /ordrer/politik", Access: Importer}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderPolicySave) }},
		{Route{Pattern: "GET /ordrer/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrder) }},
		{Route{Pattern: "POST /ordrer/{id}/haendelser", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderEvent) }},
		{Route{Pattern: "POST /ordrer/{id}/krav", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderRequirements) }},
		{Route{Pattern: "GET /ordrer/{id}/kandidater", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleOrderCandidates) }},
	}
	orderAPIRoutes = []route{
		{Route{"GET /api/v1/orders", PersonData, true, orderListParams}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrders) }},
		{Route{"POST /api/v1/orders", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderCreate) }},
		{Route{"GET /api/v1/orders/{id}", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrder) }},
		{Route{"POST /api/v1/orders/{id}/events", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderEvent) }},
		{Route{"PUT /api/v1/orders/{id}/requirements", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderRequirements) }},
		{Route{"GET /api/v1/orders/{id}/candidates", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderCandidates) }},
		{Route{"GET /api/v1/order-alerts", PersonData, true, orderAlertParams}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderAlerts) }},
		{Route{"GET /api/v1/order-policy", PersonData, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderPolicy) }},
		{Route{"PUT /api/v1/order-policy", Manager, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderPolicySave) }},
		{Route{"DELETE /api/v1/order-policy", Manager, true, nil}, func(s *Server) http.HandlerFunc { return s.needsOrders(s.handleAPIOrderPolicyReset) }},
	}
)

// OrderStore is what the pages of job orders read and write (sqldb.DB implements it):
// the orders (employer.ChangeOrder applies the state machine through FindJobOrder and
// UpdateJobOrder) and the users, for the names of owners and actors.
type OrderStore interface {
	employer.OrderStore
	CreateJobOrder(ctx context.Context, o *pejling.JobOrder) error
	FindJobOrdersOf(ctx context.Context, municipality int, openOnly bool) ([]pejling.JobOrder, error)
	ListUsers(ctx context.Context) ([]pejling.User, error)
	FindServicePolicy(ctx context.Context, municipality int) (pejling.ServicePolicyFile, error)
	SaveServicePolicy(ctx context.Context, p pejling.ServicePolicyFile) error
	DeleteServicePolicy(ctx context.Context, municipality int) error
}

// orderPolicy is the default service-level policy of DOMAIN.md §6
// (employer/default_policy.json), in force for a municipality without its own
// (order_policy.go).
var orderPolicy = sync.OnceValue(employer.DefaultPolicy)

// needsOrders answers 404 on an order page when the server has no order store.
func (s *Server) needsOrders(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Orders == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no job orders are kept here"))
			return
		}
		h(w, r)
	}
}
