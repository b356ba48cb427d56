package web_test

import (
	"bytes"
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestOrderPolicy: an analyst gives the municipality its own service-level policy (an
// order untouched for 3 days must be closed or renewed, not 14), the overdue list
// follows it at once and only in that municipality; a consultant may read but not
// change it; every bad file is refused with the reason and changes nothing; the
// changes are audited; the default comes back.
func TestOrderPolicy(t *testing.T) {
	e := newOrderEnv(t)
	ctx := context.Background()
	anna := newUser(t, e.db, "anna", pejling.RoleAnalyst, 101)
	carl := newUser(t, e.db, "carl", pejling.RoleConsultant, 101)
	vejle := newUser(t, e.db, "vejle", pejling.RoleAnalyst, 630)
	o := e.storeOrder(carl, "Nord", "Rengøring", pejling.ChannelNormal, orderT0)
	e.change(o, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, carl, orderT0.Add(time.Hour))
	k := e.storeOrder(vejle, "Syd", "Kok", pejling.ChannelNormal, orderT0)
	e.change(k, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, vejle, orderT0.Add(time.Hour))
	e.set(orderT0.Add(5 * 24 * time.Hour)) // 5 days later: past 3 untouched days, not 14

	overdue := func(u *pejling.User) string {
		st, page := e.get(u, "/ordrer")
		if st != 200 {
			t.Fatalf("/ordrer: %d", st)
		}
		return orderSection(page, "overdue")
	}
	if strings.Contains(overdue(anna), "Rengøring") {
		t.Fatal("under the default policy the order is not overdue after 5 days")
	}
	st, page := e.get(carl, "/ordrer/politik")
	if st != 200 || !strings.Contains(page, "The default policy") || strings.Contains(page, `name="policy"`) || !strings.Contains(page, `id="untouched">14<`) {
		t.Fatalf("a consultant's view of the default: %d %.1500s", st, page)
	}
	three := string(bytes.Replace(employer.DefaultPolicyJSON(), []byte(`"untouched_days": 14`), []byte(`"untouched_days": 3`), 1))
	save := func(u *pejling.User, f url.Values) (int, string, string) {
		return e.do(u, "POST", "/ordrer/politik", f)
	}
	if st, _, _ := save(carl, url.Values{"action": {"save"}, "policy": {three}}); st != 403 {
		t.Errorf("a consultant saving a policy: %d, want 403", st)
	}
	for _, c := range []struct {
		name string
		form url.Values
		want string
	}{
		{"NotJSON", url.Values{"action": {"save"}, "policy": {"untouched_days = 3"}}, "not valid JSON"},
		{"UnknownField", url.Values{"action": {"save"}, "policy": {strings.Replace(three, `"untouched_days"`, `"untuched_days"`, 1)}}, "untuched_days"},
		{"Empty", url.Values{"action": {"save"}, "policy": {"  "}}, "empty"},
		{"TooLarge", url.Values{"action": {"save"}, "policy": {three + strings.Repeat(" ", pejling.MaxServicePolicyBytes)}}, "at most 64 KB"},
		{"Twice", url.Values{"action": {"save"}, "policy": {three, three}}, "given 2 times"},
		{"BadAction", url.Values{"action": {"drop"}, "policy": {three}}, "use save or default"},
		{"Hostile", url.Values{"action": {"save"}, "policy": {`{"comment": "<script>alert(1)</script>"}`}}, "time_zone"},
	} {
		t.Run(c.name, func(t *testing.T) {
			st, body, _ := save(anna, c.form)
			if st != 400 || !strings.Contains(body, c.want) || strings.Contains(body, "<script>alert") {
				t.Errorf("status %d, want 400 saying %q: %.800s", st, c.want, orderSection(body, "problem"))
			}
			if _, err := e.db.FindServicePolicy(ctx, 101); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("a refused file was stored: %v", err)
			}
		})
	}
	if st, _, loc := save(anna, url.Values{"action": {"save"}, "policy": {three}}); st != 303 || loc != "/ordrer/politik?saved=1" {
		t.Fatalf("save: %d %q", st, loc)
	}
	st, page = e.get(carl, "/ordrer/politik?saved=1")
	if st != 200 || !strings.Contains(page, "own policy, saved by anna") || !strings.Contains(page, `id="untouched">3<`) {
		t.Errorf("after the save: %d %.1500s", st, page)
	}
	if !strings.Contains(overdue(carl), "Rengøring") {
		t.Error("under the 3-day policy the order is not on the overdue list")
	}
	if strings.Contains(overdue(vejle), "Kok") {
		t.Error("101's policy changed 630's overdue list")
	}
	if st, body, _ := e.do(carl, "GET", "/ordrer/politik?format=json", nil); st != 200 || body != three {
		t.Errorf("the download: %d, equal to the saved file: %v", st, body == three)
	}
	if st, _, _ := save(anna, url.Values{"action": {"default"}}); st != 303 {
		t.Fatalf("reset: %d", st)
	}
	if strings.Contains(overdue(anna), "Rengøring") {
		t.Error("after the reset the order is still overdue")
	}
	audit, err := e.db.ListAudit(ctx, pejling.AuditFilter{Action: pejling.AuditChange})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range audit {
		if a.Purpose == "service-level policy" {
			got = append(got, a.Criteria)
		}
	}
	if len(got) != 2 {
		t.Errorf("audited %q, want the save and the reset", got)
	}
}
