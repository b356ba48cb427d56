package auth_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/pejling/pejling/auth"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time      { return c.t }
func (c *fakeClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fakeClock               { return &fakeClock{time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)} }
func failN(th *auth.Throttle, n int, name, addr string) {
	for range n {
		th.Failure(name, addr)
	}
}

func TestThrottleNameBackoff(t *testing.T) {
	c := newClock()
	th := auth.NewThrottle(c.now)
	// Each failure from a different address, so that only the name counts.
	want := []time.Duration{0, 0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 15 * time.Minute, 15 * time.Minute}
	for i, w := range want {
		th.Failure("Anna", fmt.Sprintf("10.0.0.%d", i))
		if got := th.Wait("anna", "192.0.2.1"); got != w {
			t.Errorf("after failure %d: wait %v, want %v", i+1, got, w)
		}
	}
	t.Run("LockIsBounded", func(t *testing.T) {
		c.add(15*time.Minute - time.Second)
		if th.Wait("anna", "192.0.2.1") != time.Second {
			t.Error("lock not counting down")
		}
		c.add(time.Second)
		if got := th.Wait("anna", "192.0.2.1"); got != 0 {
			t.Errorf("still locked after 15 minutes: %v", got)
		}
	})
	t.Run("OtherNamesFree", func(t *testing.T) {
		if th.Wait("bo", "192.0.2.1") != 0 {
			t.Error("another name waits")
		}
	})
	t.Run("SuccessClears", func(t *testing.T) {
		th.Success("ANNA", "192.0.2.1")
		th.Failure("anna", "192.0.2.1")
		if th.Wait("anna", "192.0.2.2") != 0 {
			t.Error("failures not cleared by a success")
		}
	})
	t.Run("Forgotten", func(t *testing.T) {
		failN(th, 8, "cy", "192.0.2.9")
		c.add(time.Hour)
		th.Failure("cy", "192.0.2.10")
		if got := th.Wait("cy", "192.0.2.11"); got != 0 {
			t.Errorf("old failures still counted: %v", got)
		}
	})
}

func TestThrottleAddrBackoff(t *testing.T) {
	c := newClock()
	th := auth.NewThrottle(c.now)
	// Password spraying: one failure for each of many names from one address.
	for i := range 20 {
		th.Failure(fmt.Sprintf("user%d", i), "198.51.100.7")
	}
	if th.Wait("victim", "198.51.100.7") != 0 {
		t.Error("address waits after its free failures")
	}
	th.Failure("user20", "198.51.100.7")
	if got := th.Wait("victim", "198.51.100.7"); got != time.Second {
		t.Errorf("address after 21 failures: wait %v, want 1s", got)
	}
	if th.Wait("victim", "203.0.113.5") != 0 {
		t.Error("the victim waits from another address")
	}
	// A success of the attacker's own account does not clear the address.
	th.Success("attacker", "198.51.100.7")
	if th.Wait("victim", "198.51.100.7") == 0 {
		t.Error("a success cleared the address's failures")
	}
	for i := 21; i < 100; i++ {
		th.Failure(fmt.Sprintf("user%d", i), "198.51.100.7")
	}
	if got := th.Wait("x", "198.51.100.7"); got != 15*time.Minute {
		t.Errorf("address after 100 failures: wait %v, want 15m", got)
	}
}

func TestBackoffNeverPermanent(t *testing.T) {
	c := newClock()
	th := auth.NewThrottle(c.now)
	failN(th, 10_000, "anna", "192.0.2.1")
	if got := th.Wait("anna", "203.0.113.1"); got > auth.NameBackoff.Lock {
		t.Errorf("wait %v beyond the bounded lock", got)
	}
}

func TestThrottleConcurrent(t *testing.T) {
	th := auth.NewThrottle(time.Now)
	done := make(chan bool)
	for g := range 8 {
		go func() {
			for i := range 1000 {
				name := fmt.Sprintf("u%d", i%50)
				th.Failure(name, fmt.Sprintf("10.0.%d.1", g))
				th.Wait(name, "10.0.0.1")
				if i%7 == 0 {
					th.Success(name, "10.0.0.1")
				}
			}
			done <- true
		}()
	}
	for range 8 {
		<-done
	}
}
