package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

// employerFixture is one record of each kind of the employer service in a
// municipality, for the API tests to address by id.
type employerFixture struct {
	CVR         string
	Order       pejling.JobOrder
	Slot        *pejling.Slot
	Reservation *pejling.Reservation
	Person      string // has a profile and a progression score
	Indicator   string // an indicator of the catalogue
}

// newEmployerFixture stores the fixture of municipality m, made by user u, at now.
func newEmployerFixture(t testing.TB, db *sqldb.DB, u *pejling.User, m int, person string, now time.Time) employerFixture {
	t.Helper()
	ctx := context.Background()
	f := employerFixture{CVR: "12345678", Person: person}
	if err := db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: m, CVR: f.CVR, Name: "Køkkenet ApS", Package: pejling.PackageGold}); err != nil {
		t.Fatal(err)
	}
	o, err := employer.NewOrder(pejling.JobOrder{Municipality: m, CVR: f.CVR, Title: "2 køkkenhjælpere", Kind: pejling.OrderOrdinary,
		Channel: pejling.ChannelNormal}, u.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.CreateJobOrder(ctx, &o); err != nil {
		t.Fatal(err)
	}
	f.Order = o
	f.Slot = &pejling.Slot{Municipality: m, CVR: f.CVR, Type: pejling.SlotPraktik, Title: "Køkkenhjælp", Occupation: "5120",
		HoursPerWeek: 30, Capacity: 3, ActiveFrom: pejling.DateOf(2020, 1, 1), ActiveTo: pejling.Forever,
		Location: pejling.LatLon{Lat: 55.676, Lon: 12.568}, Skills: []string{"madlavning"}, CreatedBy: u.ID}
	if err := db.CreateSlot(ctx, f.Slot); err != nil {
		t.Fatal(err)
	}
	if f.Reservation, err = db.ReserveSlot(ctx, m, f.Slot.ID, "fixture-person-9", u.ID, now, 72*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveProfile(ctx, m, pejling.Profile{PersonID: person, Occupations: []string{"5120"}, Skills: []string{"madlavning"},
		Education: 3, Home: pejling.LatLon{Lat: 55.68, Lon: 12.56}, RadiusKm: 20, Hours: pejling.HoursRange{Min: 20, Max: 37}}, u.ID, 0); err != nil {
		t.Fatal(err)
	}
	th := employer.DefaultCatalogue().Themes[0]
	f.Indicator = th.Indicators[0].ID
	if err := db.AddProgressionScores(ctx, m, []pejling.ProgressionScore{{PersonID: person, Theme: th.ID, Indicator: f.Indicator,
		Score: 4, Date: pejling.DateOf(2025, 1, 6), ScoredBy: u.ID}}); err != nil {
		t.Fatal(err)
	}
	return f
}

// apiCall sends a JSON request (body: nil, a string sent as it is, or a value
// marshalled) with the session cookie and the extra headers, and returns the status
// and the body.
func apiCall(t testing.TB, base, method, path, cookie string, body any, headers ...string) (int, string) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = strings.NewReader(string(j))
	}
	req, err := http.NewRequest(method, base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "pejling_session", Value: cookie})
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if ct := res.Header.Get("Content-Type"); res.StatusCode != 204 && !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type %q, want JSON\n%.300s", method, path, ct, b)
	}
	return res.StatusCode, string(b)
}
