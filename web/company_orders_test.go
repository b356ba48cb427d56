package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/web"
)

// TestCompanyOrders checks that a company's page lists its job orders — and only its
// own, of its own municipality — linking each to the order page.
func TestCompanyOrders(t *testing.T) {
	ctx := context.Background()
	db := usersDB(t)
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Companies, srv.Orders = db, db, db
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	anna := newUser(t, db, "anna", pejling.RoleConsultant, 101)
	annaC := sessionFor(t, db, anna, true)
	carl := newUser(t, db, "carl", pejling.RoleConsultant, 147)
	now := time.Now().UTC().Truncate(time.Second)
	store := func(u *pejling.User, cvr, title string) pejling.JobOrder {
		o, err := employer.NewOrder(pejling.JobOrder{Municipality: u.Municipality, CVR: cvr, Title: title, Kind: pejling.OrderOrdinary,
			Channel: pejling.ChannelNormal}, u.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CreateJobOrder(ctx, &o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	if err := db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 101, CVR: "12345678", Name: "Smedjen A/S"}); err != nil {
		t.Fatal(err)
	}
	own := store(anna, "12345678", "Smed til værkstedet")
	store(anna, "87654321", "Another company's order")
	store(carl, "12345678", "Order of municipality 147")
	st, body, _ := coReq(t, annaC, "GET", ts.URL+"/virksomheder/12345678", nil)
	if st != 200 || !strings.Contains(body, `id="company-orders"`) || !strings.Contains(body, "Smed til værkstedet") ||
		!strings.Contains(body, `href="/ordrer/`+strconv.FormatInt(own.ID, 10)+`"`) {
		t.Fatalf("%d %.2000s", st, body)
	}
	if strings.Contains(body, "Another company") || strings.Contains(body, "municipality 147") {
		t.Error("the page lists another company's or municipality's order")
	}
}
