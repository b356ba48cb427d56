package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// noFigures is a FigureService that has no rows and keeps the query it was asked.
type noFigures struct{ asked *figures.Query }

func (n noFigures) Figures(_ context.Context, q figures.Query) ([]figures.Row, error) {
	*n.asked = q
	return nil, nil
}

// validValue is a value each documented parameter accepts.
var validValue = map[string]string{
	"municipality": "101", "group": "all", "figure": "activation_rate",
	"from": "2024-01-01", "to": "2024-12-31", "every": "month",
	"by":     "group",
	"period": "2024", "design": "iab", "lang": "en", "reference": "751",
	// The employer service's routes.
	"q": "køkken", "package": "gold", "owner_id": "1", "limit": "10", "status": "all", "owner": "me", "team": "A",
	"cvr": "12345678", "occupation": "51", "type": "praktik", "place": "55.676, 12.568", "km": "10", "free": "1",
	"purpose": "openapi test of the route", "per": "team", "mine": "1",
	"phase": "active", "person": "openapi-person-3", "due": "1",
}

// TestOpenAPI checks that /api/v1/openapi.json is an OpenAPI 3.1 document that
// documents exactly the routes of the JSON API with the parameters their handlers
// read, and that each handler accepts every parameter documented for it.
func TestOpenAPI(t *testing.T) {
	var asked figures.Query
	srv, err := web.NewServer(fakeStatus{st: loaded}, noFigures{&asked}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	// The benchmark, fact sheet and survival routes read a real store (the small demo
	// data); status and figures are fakes, so the figures route's query can be seen.
	dsn := filepath.Join(t.TempDir(), "o.db")
	pejlingCLI(t, "import", "--quiet", "--db", dsn, demoData(t))
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv.Bench, srv.Imports = db, db
	srv.Persons, srv.Companies, srv.Orders, srv.Slots, srv.Profiles, srv.Progression, srv.Teams = db, db, db, db, db, db, db
	ts := serveSignedIn(t, srv, db)
	// The personal-data routes are called as a municipal case worker's session with its
	// second factor (they refuse API tokens), on one record of each kind.
	cw := newUser(t, db, "openapi-cw", pejling.RoleCaseWorker, 101)
	cookie := sessionFor(t, db, cw, true)
	nationalToken := tokenFor(t, db, newUser(t, db, "openapi-national", pejling.RoleAnalyst, pejling.NationalMunicipality))
	person := personIn(t, db, 101)
	fx := newEmployerFixture(t, db, cw, 101, person, time.Now())
	// The management routes (Manager) are called as an analyst's session.
	analystCookie := sessionFor(t, db, newUser(t, db, "openapi-analyst", pejling.RoleAnalyst, 101), true)
	team := &pejling.Team{Municipality: 101, Name: "Team OpenAPI"}
	if err := db.CreateTeam(context.Background(), team); err != nil {
		t.Fatal(err)
	}
	srv.Placements = db
	placement := newPlacementFixture(t, db, cw, 101, time.Now())
	idOf := func(path string) string {
		switch {
		case strings.HasPrefix(path, "/api/v1/teams/"):
			return strconv.FormatInt(team.ID, 10)
		case strings.HasPrefix(path, "/api/v1/orders/"):
			return strconv.FormatInt(fx.Order.ID, 10)
		case strings.HasPrefix(path, "/api/v1/slots/"):
			return strconv.FormatInt(fx.Slot.ID, 10)
		case strings.HasPrefix(path, "/api/v1/placements/"):
			return strconv.FormatInt(placement.ID, 10)
		case strings.HasPrefix(path, "/api/v1/reservations/"):
			return strconv.FormatInt(fx.Reservation.ID, 10)
		}
		return person
	}
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly)
	// A valid body of each state-changing route; each must give its documented 2xx.
	bodies := map[string]any{
		"POST /api/v1/companies/{cvr}/contacts":       map[string]any{"topic": "recruitment", "channel": "phone", "outcome": "Wants two assistants", "confirm": true},
		"POST /api/v1/orders":                         map[string]any{"cvr": "12345678", "title": "1 opvasker", "kind": "ordinary", "channel": "normal"},
		"POST /api/v1/orders/{id}/events":             map[string]any{"version": fx.Order.Version, "event": "acknowledged"},
		"POST /api/v1/slots":                          map[string]any{"cvr": "12345678", "type": "praktik", "title": "Opvask", "occupation": "9412", "lat": 55.7, "lon": 12.5, "hours": 20, "capacity": 1},
		"POST /api/v1/slots/{id}/reservations":        map[string]any{"person_id": "openapi-person-2"},
		"POST /api/v1/reservations/{id}/confirm":      nil,
		"POST /api/v1/reservations/{id}/release":      nil,
		"PUT /api/v1/profiles/{id}":                   map[string]any{"version": 1, "occupations": []string{"5120"}, "home_lat": 55.68, "home_lon": 12.56, "radius_km": 15, "hours_max": 37},
		"POST /api/v1/progression/{id}/conversations": map[string]any{"date": yesterday, "scores": map[string]int{fx.Indicator: 6}},
		// The version of the order when the route is called (events change it before).
		"PUT /api/v1/orders/{id}/requirements": func() any {
			o, err := db.FindJobOrder(context.Background(), 101, fx.Order.ID)
			if err != nil {
				t.Fatal(err)
			}
			return map[string]any{"version": o.Version, "occupation": "5120", "lat": 55.676, "lon": 12.568, "skills": []string{"madlavning"}}
		},
		"PUT /api/v1/order-policy":             string(employer.DefaultPolicyJSON()),
		"DELETE /api/v1/order-policy":          nil,
		"POST /api/v1/teams":                   map[string]any{"name": "Team Nord"},
		"POST /api/v1/teams/{id}/members":      map[string]any{"action": "add", "user_id": cw.ID},
		"POST /api/v1/teams/{id}/goals":        map[string]any{"metric": "company_visits", "direction": "at_least", "target": 3, "from": yesterday},
		"POST /api/v1/teams/{id}/caseloads":    map[string]any{"action": "assign", "person_id": person, "user_id": cw.ID, "from": yesterday},
		"POST /api/v1/placements":              map[string]any{"person_id": "openapi-person-3", "type": "lts_privat", "cvr": "12345678", "start": yesterday, "end": yesterday, "hours": 30, "group": "KTH"},
		"POST /api/v1/placements/{id}/actions": map[string]any{"version": placement.Version, "action": "followup", "day": yesterday, "note": "Går godt"},
	}
	status, body := get(t, ts.URL+"/api/v1/openapi.json")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	type parameter struct {
		Ref      string `json:"$ref"`
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	}
	type operation struct {
		Security   json.RawMessage            `json:"security"`
		Parameters []parameter                `json:"parameters"`
		Responses  map[string]json.RawMessage `json:"responses"`
	}
	var doc struct {
		OpenAPI    string                          `json:"openapi"`
		Paths      map[string]map[string]operation `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1.") {
		t.Errorf("openapi %q, want 3.1.x", doc.OpenAPI)
	}
	for _, s := range []string{"Error", "Figures", "FigureRow", "Status"} {
		if doc.Components.Schemas[s] == nil {
			t.Errorf("schema %s is missing", s)
		}
	}
	routes := web.APIRoutes()
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented[strings.ToUpper(method)+" "+path] = true
		}
	}
	for _, r := range routes {
		t.Run(strings.ReplaceAll(r.Path(), "/", "_"), func(t *testing.T) {
			if !strings.HasPrefix(r.Path(), "/api/v1/") {
				t.Fatalf("%s is not under /api/v1/", r.Pattern)
			}
			if !documented[r.Pattern] {
				t.Fatalf("%s is not documented in openapi.json", r.Pattern)
			}
			delete(documented, r.Pattern)
			method, _, _ := strings.Cut(r.Pattern, " ")
			op := doc.Paths[r.Path()][strings.ToLower(method)]
			var names, inPath []string
			for _, p := range op.Parameters {
				switch {
				case p.In == "path" && p.Required:
					inPath = append(inPath, "{"+p.Name+"}")
				case p.In != "query":
					t.Errorf("parameter %s is in %s", p.Name, p.In)
				default:
					names = append(names, p.Name)
				}
			}
			if !slices.Equal(names, r.Params) {
				t.Errorf("documented parameters %v, the handler reads %v", names, r.Params)
			}
			var wantPath []string
			for _, seg := range strings.Split(r.Path(), "/") {
				if strings.HasPrefix(seg, "{") {
					wantPath = append(wantPath, seg)
				}
			}
			if !slices.Equal(inPath, wantPath) {
				t.Errorf("documented path parameters %v, the pattern has %v", inPath, wantPath)
			}
			okStatus := 0
			for _, code := range []int{200, 201} {
				if op.Responses[strconv.Itoa(code)] != nil {
					okStatus = code
					break
				}
			}
			if okStatus == 0 {
				t.Error("no 200 or 201 response documented")
			}
			// The handler accepts every documented parameter.
			q := url.Values{}
			for _, name := range names {
				v, ok := validValue[name]
				if !ok {
					t.Fatalf("no valid value known for parameter %s", name)
				}
				q.Set(name, v)
			}
			path := strings.NewReplacer("{cvr}", fx.CVR, "{id}", idOf(r.Path())).Replace(r.Path()) + "?" + q.Encode()
			if r.Access == web.PersonData || r.Access == web.Manager {
				// Called as a municipal session; the national API token is refused.
				cookie := cookie
				if r.Access == web.Manager {
					cookie = analystCookie
				}
				if security := string(op.Security); !strings.Contains(security, `"session"`) {
					t.Errorf("security %s: a personal-data route must document the session", security)
				}
				body, ok := bodies[r.Pattern]
				if method != "GET" && !ok {
					t.Fatalf("no sample body for %s", r.Pattern)
				}
				if f, ok := body.(func() any); ok {
					body = f()
				}
				if status, b := apiCall(t, ts.URL, method, path, cookie, body); status != okStatus {
					t.Errorf("as a municipal session: status %d, documented %d: %s", status, okStatus, b)
				}
				if status, b := apiCall(t, ts.URL, method, path, "", body, "Authorization", "Bearer "+nationalToken); status != 403 || op.Responses["403"] == nil {
					t.Errorf("as a national API token: status %d (403 documented: %v): %s", status, op.Responses["403"] != nil, b)
				}
			} else if status, body := get(t, ts.URL+path); status != 200 {
				t.Errorf("status %d: %s", status, body)
			}
			if r.Path() == "/api/v1/figures" && (len(asked.Periods) != 12 || len(asked.Municipalities) != 1 || len(asked.Figures) != 1) {
				t.Errorf("the handler asked %+v", asked)
			}
		})
	}
	for pattern := range documented {
		t.Errorf("%s is documented but not served", pattern)
	}
	if status, _ := get(t, ts.URL+"/api/v1/figures?from=2024-01-01&to=2024-01-31"); status != 200 {
		t.Errorf("figures with no rows: status %d", status)
	}
	res, err := http.Get(ts.URL + "/api/v1/nope")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("/api/v1/nope: status %d", res.StatusCode)
	}
}
