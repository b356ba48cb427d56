package employer_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

func TestNewOrder(t *testing.T) {
	now := at(2026, 11, 10, 9, 0)
	valid := pejling.JobOrder{CVR: "12345678", Title: "Pædagogmedhjælper", Kind: pejling.OrderSupported, Scheme: pejling.SchemeWageSubsidy, Channel: pejling.ChannelNormal}
	t.Run("Valid", func(t *testing.T) {
		o, err := employer.NewOrder(valid, 7, now)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status != pejling.OrderNew || o.Owner != 7 || o.Version != 1 || !o.CreatedAt.Equal(now) || !o.TouchedAt.Equal(now) ||
			len(o.History) != 1 || o.History[0].Type != pejling.OrderCreated {
			t.Errorf("order = %+v", o)
		}
	})
	for _, tc := range []struct {
		name  string
		edit  func(*pejling.JobOrder)
		actor int64
		want  string
	}{
		{"NoActor", func(o *pejling.JobOrder) {}, 0, "user"},
		{"BadCVR", func(o *pejling.JobOrder) { o.CVR = "1234567X" }, 7, "CVR"},
		{"NoTitle", func(o *pejling.JobOrder) { o.Title = "  " }, 7, "title"},
		{"LongTitle", func(o *pejling.JobOrder) { o.Title = strings.Repeat("x", 201) }, 7, "longer"},
		{"BadKind", func(o *pejling.JobOrder) { o.Kind = "temp" }, 7, "kind"},
		{"OrdinaryWithScheme", func(o *pejling.JobOrder) { o.Kind = pejling.OrderOrdinary }, 7, "no support scheme"},
		{"SupportedWithoutScheme", func(o *pejling.JobOrder) { o.Scheme = "" }, 7, "needs a scheme"},
		{"BadChannel", func(o *pejling.JobOrder) { o.Channel = "fax" }, 7, "channel"},
		{"BadOwner", func(o *pejling.JobOrder) { o.Owner = -1 }, 7, "owner"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := valid
			tc.edit(&o)
			_, err := employer.NewOrder(o, tc.actor, now)
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), tc.want) {
				t.Errorf("err = %v, want EINVALID mentioning %q", err, tc.want)
			}
		})
	}
}

// inStatus returns an order brought to status s through allowed transitions.
func inStatus(t *testing.T, s pejling.OrderStatus) pejling.JobOrder {
	t.Helper()
	start := at(2026, 11, 9, 9, 0)
	switch s {
	case pejling.OrderNew:
		return order(t, pejling.ChannelNormal, start)
	case pejling.OrderAcknowledged:
		return order(t, pejling.ChannelNormal, start, pejling.OrderAcknowledge, start.Add(time.Hour))
	case pejling.OrderCandidatesSent:
		return order(t, pejling.ChannelNormal, start, pejling.OrderAcknowledge, start.Add(time.Hour), pejling.OrderSendCandidates, start.Add(2*time.Hour))
	case pejling.OrderFilled:
		return order(t, pejling.ChannelNormal, start, pejling.OrderSendCandidates, start.Add(2*time.Hour), pejling.OrderFill, start.Add(3*time.Hour))
	case pejling.OrderClosedUnfilled:
		return order(t, pejling.ChannelNormal, start, pejling.OrderClose, start.Add(time.Hour))
	}
	t.Fatalf("no order in status %s", s)
	return pejling.JobOrder{}
}

func TestTransition(t *testing.T) {
	now := at(2026, 11, 10, 10, 0)
	closeWithdrawn := pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonWithdrawn}
	ev := func(ty pejling.OrderEventType) pejling.OrderEvent { return pejling.OrderEvent{Type: ty} }
	const ok = ""
	for _, tc := range []struct {
		name   string
		from   pejling.OrderStatus
		ev     pejling.OrderEvent
		to     pejling.OrderStatus // when allowed
		code   string              // ok when allowed
		errMsg string
	}{
		// new
		{"NewAcknowledge", pejling.OrderNew, ev(pejling.OrderAcknowledge), pejling.OrderAcknowledged, ok, ""},
		{"NewSendCandidates", pejling.OrderNew, ev(pejling.OrderSendCandidates), pejling.OrderCandidatesSent, ok, ""},
		{"NewFill", pejling.OrderNew, ev(pejling.OrderFill), "", pejling.ECONFLICT, "only after candidates were sent"},
		{"NewClose", pejling.OrderNew, closeWithdrawn, pejling.OrderClosedUnfilled, ok, ""},
		{"NewRenew", pejling.OrderNew, ev(pejling.OrderRenew), pejling.OrderNew, ok, ""},
		// acknowledged
		{"AcknowledgedAcknowledge", pejling.OrderAcknowledged, ev(pejling.OrderAcknowledge), "", pejling.ECONFLICT, "already acknowledged"},
		{"AcknowledgedSendCandidates", pejling.OrderAcknowledged, ev(pejling.OrderSendCandidates), pejling.OrderCandidatesSent, ok, ""},
		{"AcknowledgedFill", pejling.OrderAcknowledged, ev(pejling.OrderFill), "", pejling.ECONFLICT, "only after candidates were sent"},
		{"AcknowledgedClose", pejling.OrderAcknowledged, closeWithdrawn, pejling.OrderClosedUnfilled, ok, ""},
		{"AcknowledgedRenew", pejling.OrderAcknowledged, ev(pejling.OrderRenew), pejling.OrderAcknowledged, ok, ""},
		// candidates_sent
		{"CandidatesSentAcknowledge", pejling.OrderCandidatesSent, ev(pejling.OrderAcknowledge), "", pejling.ECONFLICT, "already acknowledged"},
		{"CandidatesSentSendMore", pejling.OrderCandidatesSent, ev(pejling.OrderSendCandidates), pejling.OrderCandidatesSent, ok, ""},
		{"CandidatesSentFill", pejling.OrderCandidatesSent, ev(pejling.OrderFill), pejling.OrderFilled, ok, ""},
		{"CandidatesSentClose", pejling.OrderCandidatesSent, closeWithdrawn, pejling.OrderClosedUnfilled, ok, ""},
		{"CandidatesSentRenew", pejling.OrderCandidatesSent, ev(pejling.OrderRenew), pejling.OrderCandidatesSent, ok, ""},
		// filled
		{"FilledAcknowledge", pejling.OrderFilled, ev(pejling.OrderAcknowledge), "", pejling.ECONFLICT, "filled"},
		{"FilledSendCandidates", pejling.OrderFilled, ev(pejling.OrderSendCandidates), "", pejling.ECONFLICT, "filled"},
		{"FilledFill", pejling.OrderFilled, ev(pejling.OrderFill), "", pejling.ECONFLICT, "already filled"},
		{"FilledClose", pejling.OrderFilled, closeWithdrawn, "", pejling.ECONFLICT, "a filled order cannot be closed"},
		{"FilledRenew", pejling.OrderFilled, ev(pejling.OrderRenew), "", pejling.ECONFLICT, "a filled order cannot be renewed"},
		// closed_unfilled
		{"ClosedAcknowledge", pejling.OrderClosedUnfilled, ev(pejling.OrderAcknowledge), "", pejling.ECONFLICT, "closed"},
		{"ClosedSendCandidates", pejling.OrderClosedUnfilled, ev(pejling.OrderSendCandidates), "", pejling.ECONFLICT, "closed"},
		{"ClosedFill", pejling.OrderClosedUnfilled, ev(pejling.OrderFill), "", pejling.ECONFLICT, "a closed order cannot be filled"},
		{"ClosedClose", pejling.OrderClosedUnfilled, closeWithdrawn, "", pejling.ECONFLICT, "already closed"},
		{"ClosedRenew", pejling.OrderClosedUnfilled, ev(pejling.OrderRenew), "", pejling.ECONFLICT, "a closed order cannot be renewed"},
		// bad events, whatever the status
		{"CloseWithoutReason", pejling.OrderAcknowledged, ev(pejling.OrderClose), "", pejling.EINVALID, "closing unfilled needs a reason"},
		{"CloseUnknownReason", pejling.OrderAcknowledged, pejling.OrderEvent{Type: pejling.OrderClose, Reason: "bored"}, "", pejling.EINVALID, "unknown closing reason"},
		{"CloseOtherWithoutNote", pejling.OrderAcknowledged, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonOther}, "", pejling.EINVALID, "needs a note"},
		{"CloseOtherWithNote", pejling.OrderAcknowledged, pejling.OrderEvent{Type: pejling.OrderClose, Reason: pejling.ReasonOther, Note: "company closed down"}, pejling.OrderClosedUnfilled, ok, ""},
		{"ReasonOnOtherEvent", pejling.OrderNew, pejling.OrderEvent{Type: pejling.OrderAcknowledge, Reason: pejling.ReasonWithdrawn}, "", pejling.EINVALID, "only closing"},
		{"UnknownEvent", pejling.OrderNew, ev("reopened"), "", pejling.EINVALID, "unknown order event"},
		{"CreatedAgain", pejling.OrderNew, ev(pejling.OrderCreated), "", pejling.EINVALID, "created once"},
		{"LongNote", pejling.OrderNew, pejling.OrderEvent{Type: pejling.OrderRenew, Note: strings.Repeat("x", 2001)}, "", pejling.EINVALID, "note"},
		{"ClosedWithoutReasonOnFilled", pejling.OrderFilled, ev(pejling.OrderClose), "", pejling.EINVALID, "needs a reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := inStatus(t, tc.from)
			before := len(o.History)
			got, err := employer.Transition(o, tc.ev, 8, now)
			if tc.code != ok {
				if pejling.ErrorCode(err) != tc.code || !strings.Contains(pejling.ErrorMessage(err), tc.errMsg) {
					t.Fatalf("err = %v, want %s mentioning %q", err, tc.code, tc.errMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tc.to {
				t.Errorf("status = %s, want %s", got.Status, tc.to)
			}
			if got.Version != o.Version+1 || !got.TouchedAt.Equal(now) || len(got.History) != before+1 {
				t.Errorf("version %d→%d, touched %s, history %d→%d", o.Version, got.Version, got.TouchedAt, before, len(got.History))
			}
			last := got.History[len(got.History)-1]
			if last.Type != tc.ev.Type || last.Actor != 8 || !last.At.Equal(now) || last.Reason != tc.ev.Reason {
				t.Errorf("last event = %+v", last)
			}
			if len(o.History) != before || o.Status != tc.from {
				t.Error("Transition changed its input")
			}
			if tc.to.Final() && !got.ClosedAt.Equal(now) {
				t.Errorf("ClosedAt = %s", got.ClosedAt)
			}
			if tc.to == pejling.OrderClosedUnfilled && (got.ClosingReason != tc.ev.Reason || got.ClosingNote != tc.ev.Note) {
				t.Errorf("closing reason %q note %q", got.ClosingReason, got.ClosingNote)
			}
			if tc.to == pejling.OrderCandidatesSent && got.AcknowledgedAt.IsZero() {
				t.Error("sending candidates did not acknowledge")
			}
		})
	}
	t.Run("NoActor", func(t *testing.T) {
		_, err := employer.Transition(inStatus(t, pejling.OrderNew), ev(pejling.OrderAcknowledge), 0, now)
		if pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("BeforeLatestEvent", func(t *testing.T) {
		_, err := employer.Transition(inStatus(t, pejling.OrderAcknowledged), ev(pejling.OrderRenew), 8, at(2026, 11, 9, 9, 30))
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "before the order's latest event") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("UnknownStatus", func(t *testing.T) {
		o := inStatus(t, pejling.OrderNew)
		o.Status = "lost"
		if _, err := employer.Transition(o, ev(pejling.OrderAcknowledge), 8, now); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("err = %v, want EINVALID", err)
		}
	})
	t.Run("HistoryNotShared", func(t *testing.T) {
		// Two changes from the same version (as two users would make) must not write into
		// one backing array.
		o := inStatus(t, pejling.OrderNew)
		o.History = append(make([]pejling.OrderEvent, 0, 10), o.History...)
		a, _ := employer.Transition(o, ev(pejling.OrderAcknowledge), 8, now)
		b, _ := employer.Transition(o, ev(pejling.OrderRenew), 9, now)
		if a.History[1].Type != pejling.OrderAcknowledge || b.History[1].Type != pejling.OrderRenew {
			t.Errorf("histories share storage: %v / %v", a.History[1].Type, b.History[1].Type)
		}
	})
}

func TestOverdue(t *testing.T) {
	p := employer.DefaultPolicy()
	fresh := order(t, pejling.ChannelNormal, at(2026, 11, 24, 9, 0))
	fresh.ID = 1
	unacked := order(t, pejling.ChannelNormal, at(2026, 11, 18, 9, 0))
	unacked.ID = 2
	stale := order(t, pejling.ChannelNormal, at(2026, 11, 2, 9, 0), pejling.OrderAcknowledge, at(2026, 11, 2, 10, 0))
	stale.ID = 3
	renewed := order(t, pejling.ChannelNormal, at(2026, 11, 2, 9, 0), pejling.OrderAcknowledge, at(2026, 11, 2, 10, 0), pejling.OrderRenew, at(2026, 11, 16, 9, 0))
	renewed.ID = 4
	filledLate := order(t, pejling.ChannelNormal, at(2026, 11, 2, 9, 0), pejling.OrderSendCandidates, at(2026, 11, 9, 9, 0), pejling.OrderFill, at(2026, 11, 9, 10, 0))
	filledLate.ID = 5
	hotline := order(t, pejling.ChannelHotline, at(2026, 11, 24, 8, 0), pejling.OrderAcknowledge, at(2026, 11, 24, 8, 5))
	hotline.ID = 6

	got := employer.Overdue([]pejling.JobOrder{fresh, unacked, stale, renewed, filledLate, hotline}, p, at(2026, 11, 24, 11, 30))
	var ids []int64
	for _, o := range got {
		ids = append(ids, o.Order.ID)
	}
	// stale: untouched since 2 Nov 10:00, limit 16 Nov 10:00; unacked: Wed 18 Nov 6.5 h,
	// Thu 7.5 (14), Fri 5 (19), deadline Mon 23 Nov 13:00; hotline: deadline 11:00 today.
	if want := []int64{3, 2, 6}; !equalIDs(ids, want) {
		t.Fatalf("overdue ids = %v, want %v", ids, want)
	}
	if r := got[0].Reasons; len(r) != 1 || r[0].Message != "must be closed or renewed" || !r[0].Deadline.Equal(at(2026, 11, 16, 10, 0)) {
		t.Errorf("stale reasons = %+v", r)
	}
	if r := got[1].Reasons; len(r) != 1 || r[0].Level != "acknowledged" || !r[0].Deadline.Equal(at(2026, 11, 23, 13, 0)) {
		t.Errorf("unacknowledged reasons = %+v", r)
	}
	if r := got[2].Reasons; len(r) != 1 || r[0].Level != "hotline_candidate" || !r[0].Deadline.Equal(at(2026, 11, 24, 11, 0)) {
		t.Errorf("hotline reasons = %+v", r)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestServiceLevelShares(t *testing.T) {
	p := employer.DefaultPolicy()
	// Ack deadline: Mon 6.5 h, Tue 7.5 (14), Wed 7.5 (21.5), Thu 12 Nov 10:30; hotline
	// deadline Mon 12:00.
	mon := at(2026, 11, 9, 9, 0)
	mk := func(team string, owner int64, ch pejling.OrderChannel, events ...any) pejling.JobOrder {
		o := order(t, ch, mon, events...)
		o.Team, o.Owner = team, owner
		return o
	}
	orders := []pejling.JobOrder{
		mk("A", 1, pejling.ChannelNormal, pejling.OrderAcknowledge, at(2026, 11, 9, 10, 0)),     // ack met
		mk("A", 1, pejling.ChannelNormal, pejling.OrderAcknowledge, at(2026, 11, 13, 10, 0)),    // ack missed
		mk("A", 2, pejling.ChannelHotline, pejling.OrderSendCandidates, at(2026, 11, 9, 11, 0)), // both met
		mk("B", 3, pejling.ChannelNormal),                                                        // pending at now
		mk("B", 3, pejling.ChannelHotline, pejling.OrderClose, at(2026, 11, 9, 9, 30)),           // both void
		mk("B", 4, pejling.ChannelHotline, pejling.OrderSendCandidates, at(2026, 11, 9, 14, 30)), // ack met, hotline missed
	}
	got := employer.ServiceLevelShares(orders, p, at(2026, 11, 20, 12, 0), employer.ByTeam)
	want := []employer.LevelShare{
		{Team: "A", Level: "acknowledged", Met: 2, Missed: 1},
		{Team: "A", Level: "hotline_candidate", Met: 1},
		{Team: "B", Level: "acknowledged", Met: 1, Missed: 1, Void: 1},
		{Team: "B", Level: "hotline_candidate", Missed: 1, Void: 1},
	}
	if !equalShares(got, want) {
		t.Errorf("by team =\n%+v\nwant\n%+v", got, want)
	}
	// On Tue 10 Nov 12:00 the second order's acknowledgement (13 Nov) has not happened
	// and its deadline is ahead: pending, as is the fourth order's.
	got = employer.ServiceLevelShares(orders, p, at(2026, 11, 10, 12, 0), employer.ByOwner)
	want = []employer.LevelShare{
		{Owner: 1, Level: "acknowledged", Met: 1, Pending: 1},
		{Owner: 2, Level: "acknowledged", Met: 1},
		{Owner: 2, Level: "hotline_candidate", Met: 1},
		{Owner: 3, Level: "acknowledged", Pending: 1, Void: 1},
		{Owner: 3, Level: "hotline_candidate", Void: 1},
		{Owner: 4, Level: "acknowledged", Met: 1},
		{Owner: 4, Level: "hotline_candidate", Missed: 1},
	}
	if !equalShares(got, want) {
		t.Errorf("by owner =\n%+v\nwant\n%+v", got, want)
	}
	if s := got[0]; s.N() != 1 || s.Share() != 1 {
		t.Errorf("owner 1: n = %d, share = %v", s.N(), s.Share())
	}
	if s := got[4]; s.N() != 0 || !math.IsNaN(s.Share()) {
		t.Errorf("owner 3 hotline: n = %d, share = %v, want NaN", s.N(), s.Share())
	}
}

func equalShares(a, b []employer.LevelShare) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
