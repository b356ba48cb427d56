package web

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/pejling/pejling"
)

// fakeVersion is a register whose version the test moves.
type fakeVersion struct {
	mu sync.Mutex
	v  pejling.RegisterVersion
}

func (f *fakeVersion) RegisterVersion(context.Context) (pejling.RegisterVersion, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.v, nil
}

func (f *fakeVersion) set(v pejling.RegisterVersion) {
	f.mu.Lock()
	f.v = v
	f.mu.Unlock()
}

// TestRegisterCache: a value is computed once per version of the register, by one of
// many concurrent requests; a new import and a changed placement each make it computed
// again; the cache keeps at most size entries.
func TestRegisterCache(t *testing.T) {
	ctx := context.Background()
	st := &fakeVersion{v: pejling.RegisterVersion{ImportID: 1, PlacementsStamp: 0}}
	c := &registerCache[string, int64]{size: 2}
	var computed atomic.Int64
	compute := func() (int64, error) { return computed.Add(1), nil }
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := c.get(ctx, st, "a", compute); err != nil || v != 1 {
				t.Errorf("get: %d, %v", v, err)
			}
		}()
	}
	wg.Wait()
	if n := computed.Load(); n != 1 {
		t.Fatalf("8 concurrent requests computed %d times", n)
	}
	for i, v := range []pejling.RegisterVersion{{ImportID: 1, PlacementsStamp: 3}, {ImportID: 2, PlacementsStamp: 3}} {
		st.set(v)
		if got, _ := c.get(ctx, st, "a", compute); got != int64(i+2) {
			t.Errorf("after version %+v: %d, want a new computation (%d)", v, got, i+2)
		}
		if got, _ := c.get(ctx, st, "a", compute); got != int64(i+2) {
			t.Errorf("the same version computed again: %d", got)
		}
	}
	c.get(ctx, st, "b", compute)
	c.get(ctx, st, "c", compute) // a third key: the entries are cleared first
	if len(c.entries) > 2 {
		t.Errorf("%d entries kept, size 2", len(c.entries))
	}
}
