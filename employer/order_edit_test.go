package employer_test

import (
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

func TestEditOrder(t *testing.T) {
	now := at(2026, 11, 10, 9, 0)
	o, err := employer.NewOrder(pejling.JobOrder{CVR: "12345678", Title: "Lagermedarbejder", Kind: pejling.OrderOrdinary, Channel: pejling.ChannelNormal}, 7, now)
	if err != nil {
		t.Fatal(err)
	}
	req := pejling.OrderRequirements{Occupation: "9333", Skills: []string{"lager"}, HasLocation: true, Location: pejling.LatLon{Lat: 56, Lon: 10},
		Hours: pejling.HoursRange{Min: 37, Max: 37}}
	later := at(2026, 11, 10, 10, 0)
	n, err := employer.EditOrder(o, req, "præciseret", 8, later)
	if err != nil {
		t.Fatal(err)
	}
	if n.Requirements.Occupation != "9333" || n.Version != 2 || !n.TouchedAt.Equal(later) || n.Status != pejling.OrderNew ||
		n.History[1].Type != pejling.OrderEdit || n.History[1].Actor != 8 || o.Requirements.Occupation != "" || len(o.History) != 1 {
		t.Errorf("edited %+v (the original %+v)", n, o)
	}
	if v := n.Vacancy(); v.ID != "order:0" || v.Kind != pejling.VacancyOrder || v.Occupation != "9333" || v.Hours.Min != 37 || v.Location.Lat != 56 {
		t.Errorf("vacancy %+v", v)
	}
	req.Skills[0] = "changed"
	if n.Requirements.Skills[0] != "lager" {
		t.Error("the edited order shares its skills with the caller's")
	}
	if _, err := employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderEdit}, 8, later); err == nil || !strings.Contains(err.Error(), "EditOrder") {
		t.Errorf("an edit through Transition: %v", err)
	}
	for _, tc := range []struct {
		name string
		req  pejling.OrderRequirements
		want string
	}{
		{"Occupation", pejling.OrderRequirements{Occupation: "93a3"}, "DISCO-08"},
		{"Education", pejling.OrderRequirements{MinEducation: -1}, "ISCED"},
		{"Hours", pejling.OrderRequirements{Hours: pejling.HoursRange{Min: 10, Max: 61}}, "hours"},
		{"LocationUnsaid", pejling.OrderRequirements{Location: pejling.LatLon{Lat: 55}}, "HasLocation"},
		{"Address", pejling.OrderRequirements{Address: strings.Repeat("a", 301)}, "address"},
		{"Skill", pejling.OrderRequirements{Skills: []string{" "}}, "skill"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := employer.EditOrder(o, tc.req, "", 8, later); pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want EINVALID about %s", err, tc.want)
			}
			bad := pejling.JobOrder{CVR: "12345678", Title: "x", Kind: pejling.OrderOrdinary, Channel: pejling.ChannelNormal, Requirements: tc.req}
			if _, err := employer.NewOrder(bad, 7, now); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("NewOrder took %+v: %v", tc.req, err)
			}
		})
	}
	closed, err := employer.Transition(o, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, 7, later)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := employer.EditOrder(closed, req, "", 7, later); pejling.ErrorCode(err) != pejling.ECONFLICT {
		t.Errorf("editing a closed order: %v, want ECONFLICT", err)
	}
}
