package auth

import (
	"strings"
	"sync"
	"time"
)

// Backoff is how a Throttle slows down one key (a user name or a client address) after
// failed sign-ins: the first Free failures cost nothing; each further one makes the key
// wait Base, then twice that, and so on; from LockAfter failures on, every further
// failure locks the key for Lock. A key's failures are forgotten after Forget without
// one. Nothing is locked for longer than Lock at a time, so an attacker who fails on
// purpose can keep a name waiting but never lock its owner out for good, and the owner
// can sign in within Lock of the attacks stopping.
type Backoff struct {
	Free      int
	Base      time.Duration
	LockAfter int
	Lock      time.Duration
	Forget    time.Duration
}

// delay is the wait after the n-th failure.
func (b Backoff) delay(n int) time.Duration {
	switch {
	case n <= b.Free:
		return 0
	case n >= b.LockAfter:
		return b.Lock
	}
	d := b.Base
	for i := b.Free + 1; i < n && d < b.Lock; i++ {
		d *= 2
	}
	return min(d, b.Lock)
}

// Default back-offs. A user name: 4 free failures, then 1 s, 2 s, 4 s, 8 s, 16 s, and
// from the 10th failure on 15 minutes per failure (ASVS 5.0 V6.3.1 asks for at most
// 100 failed attempts per hour per account; this allows about 13). A client address,
// which may be a whole office behind one NAT, gets 20 free failures and locks from the
// 100th.
var (
	NameBackoff = Backoff{Free: 4, Base: time.Second, LockAfter: 10, Lock: 15 * time.Minute, Forget: time.Hour}
	AddrBackoff = Backoff{Free: 20, Base: time.Second, LockAfter: 100, Lock: 15 * time.Minute, Forget: time.Hour}
)

// maxKeys bounds the counters kept per kind: past it the forgotten ones are dropped,
// then the unlocked ones, so that a flood of made-up names cannot exhaust memory.
const maxKeys = 100_000

// Throttle counts failed sign-ins per user name and per client address, in memory, and
// says how long a new attempt must wait. It is safe for concurrent use. A restart
// forgets the counts, which the bounded lock makes harmless.
type Throttle struct {
	mu    sync.Mutex
	now   func() time.Time
	names counters
	addrs counters
}

type counters struct {
	backoff Backoff
	m       map[string]*counter
}

type counter struct {
	failures int
	last     time.Time // of the last failure
	until    time.Time // no attempt before this
}

// NewThrottle returns a throttle with NameBackoff and AddrBackoff that reads the time
// from now (time.Now, or a fake in tests).
func NewThrottle(now func() time.Time) *Throttle {
	return NewThrottleWith(now, NameBackoff, AddrBackoff)
}

// NewThrottleWith returns a throttle with the given back-offs.
func NewThrottleWith(now func() time.Time, name, addr Backoff) *Throttle {
	return &Throttle{now: now,
		names: counters{backoff: name, m: map[string]*counter{}},
		addrs: counters{backoff: addr, m: map[string]*counter{}}}
}

// Wait returns how long a sign-in as name from addr must wait before it is tried: 0
// when it may be tried now. A caller that gets more than 0 refuses the attempt without
// checking the password (and says when to retry), so a locked name is not a password
// oracle.
func (t *Throttle) Wait(name, addr string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	return max(t.names.wait(nameKey(name), now), t.addrs.wait(addr, now))
}

// Failure records a failed sign-in as name from addr.
func (t *Throttle) Failure(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.names.fail(nameKey(name), now)
	t.addrs.fail(addr, now)
}

// Success records a successful sign-in: the name's failures are forgotten. The
// address's are not, so that an attacker cannot clear them by signing in to an account
// of their own between guesses.
func (t *Throttle) Success(name, addr string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.names.m, nameKey(name))
}

// nameKey folds case, as the store does with user names.
func nameKey(name string) string { return strings.ToLower(name) }

func (c *counters) wait(key string, now time.Time) time.Duration {
	k, ok := c.m[key]
	if !ok || now.Sub(k.last) >= c.backoff.Forget || !now.Before(k.until) {
		return 0
	}
	return k.until.Sub(now)
}

func (c *counters) fail(key string, now time.Time) {
	k, ok := c.m[key]
	if ok && now.Sub(k.last) >= c.backoff.Forget {
		k.failures = 0
	}
	if !ok {
		if len(c.m) >= maxKeys {
			c.prune(now)
		}
		k = &counter{}
		c.m[key] = k
	}
	k.failures++
	k.last = now
	k.until = now.Add(c.backoff.delay(k.failures))
}

// prune drops forgotten counters, and if that is not enough the unlocked ones.
func (c *counters) prune(now time.Time) {
	for key, k := range c.m {
		if now.Sub(k.last) >= c.backoff.Forget {
			delete(c.m, key)
		}
	}
	if len(c.m) < maxKeys*9/10 {
		return
	}
	for key, k := range c.m {
		if !now.Before(k.until) {
			delete(c.m, key)
		}
	}
}
