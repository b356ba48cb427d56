package employer_test

import (
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestDueSoonOrders works the alerts by hand in the default policy (Monday–Thursday
// 08:00–15:30 Copenhagen, 7.5 opening hours a day): an order taken Monday 09:00 has
// its 24-hour answer due Thursday 10:30 (7 + 7.5 + 7.5 + 2 hours); it warns from 6
// opening hours before, Wednesday 12:00. A hotline order taken Monday 09:00 has its
// candidate due at 12:00 and warns from 11:15.
func TestDueSoonOrders(t *testing.T) {
	p := employer.DefaultPolicy()
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	mon := time.Date(2026, 11, 9, 9, 0, 0, 0, cph)
	mk := func(id int64, ch pejling.OrderChannel) pejling.JobOrder {
		o, err := employer.NewOrder(pejling.JobOrder{CVR: "12345678", Title: "x", Kind: pejling.OrderOrdinary, Channel: ch}, 1, mon)
		if err != nil {
			t.Fatal(err)
		}
		o.ID = id
		return o
	}
	normal, hotline := mk(1, pejling.ChannelNormal), mk(2, pejling.ChannelHotline)
	levels := func(at time.Time, os ...pejling.JobOrder) []string {
		var out []string
		for _, a := range employer.DueSoonOrders(os, p, at) {
			out = append(out, a.Level)
		}
		return out
	}
	for _, c := range []struct {
		name string
		at   time.Time
		os   []pejling.JobOrder
		want []string
	}{
		{"NormalEarly", time.Date(2026, 11, 11, 11, 59, 0, 0, cph), []pejling.JobOrder{normal}, nil},
		{"NormalWarns", time.Date(2026, 11, 11, 12, 0, 0, 0, cph), []pejling.JobOrder{normal}, []string{"acknowledged"}},
		{"NormalOverdueIsNotDueSoon", time.Date(2026, 11, 12, 10, 31, 0, 0, cph), []pejling.JobOrder{normal}, nil},
		{"HotlineEarly", time.Date(2026, 11, 9, 11, 14, 0, 0, cph), []pejling.JobOrder{hotline}, nil},
		// At 11:15 the hotline's candidate warns (45 minutes left); its answer (24 h) does not.
		{"HotlineWarns", time.Date(2026, 11, 9, 11, 15, 0, 0, cph), []pejling.JobOrder{hotline, normal}, []string{"hotline_candidate"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := levels(c.at, c.os...)
			if len(got) != len(c.want) || (len(got) > 0 && got[0] != c.want[0]) {
				t.Errorf("alerts %v, want %v", got, c.want)
			}
		})
	}
	// A met level no longer warns.
	acked, err := employer.Transition(normal, pejling.OrderEvent{Type: pejling.OrderAcknowledge}, 1, mon.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := levels(time.Date(2026, 11, 11, 13, 0, 0, 0, cph), acked); len(got) != 0 {
		t.Errorf("an acknowledged order warns: %v", got)
	}
	// The closing rule warns the last day: touched Monday 10:00, due 14 days later.
	due := mon.Add(time.Hour).AddDate(0, 0, 14)
	if got := employer.DueSoonOrders([]pejling.JobOrder{acked}, p, due.Add(-23*time.Hour)); len(got) != 1 || got[0].Level != "" || !got[0].Deadline.Equal(due) {
		t.Errorf("the closing rule's alert: %+v", got)
	}
	if got := employer.DueSoonOrders([]pejling.JobOrder{acked}, p, due.Add(-25*time.Hour)); len(got) != 0 {
		t.Errorf("the closing rule warns too early: %+v", got)
	}
	closed, err := employer.Transition(acked, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}, 1, mon.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := employer.DueSoonOrders([]pejling.JobOrder{closed}, p, due.Add(-time.Hour)); len(got) != 0 {
		t.Errorf("a closed order warns: %+v", got)
	}
}
