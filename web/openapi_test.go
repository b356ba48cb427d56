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
	"strings"
	"testing"

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
	ts := serveSignedIn(t, srv, db)
	status, body := get(t, ts.URL+"/api/v1/openapi.json")
	if status != 200 {
		t.Fatalf("status %d", status)
	}
	type parameter struct {
		Name     string `json:"name"`
		In       string `json:"in"`
		Required bool   `json:"required"`
	}
	type operation struct {
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
			var names []string
			for _, p := range op.Parameters {
				if p.In != "query" {
					t.Errorf("parameter %s is in %s", p.Name, p.In)
				}
				names = append(names, p.Name)
			}
			if !slices.Equal(names, r.Params) {
				t.Errorf("documented parameters %v, the handler reads %v", names, r.Params)
			}
			if op.Responses["200"] == nil {
				t.Error("no 200 response documented")
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
			if status, body := get(t, ts.URL+r.Path()+"?"+q.Encode()); status != 200 {
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
