package web

import (
	"context"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

// registerStore is the register store as the reimbursement and effects pages read it:
// every person streamed (sqldb.DB), and the register's version as the key of their
// caches.
type registerStore interface {
	versioned
	economics.RegisterStream
}

// versioned tells the version of the register a cache is keyed by (sqldb.DB).
type versioned interface {
	RegisterVersion(ctx context.Context) (pejling.RegisterVersion, error)
}

// registerOf returns the server's register store, or ENOTFOUND when it serves none.
func (s *Server) registerOf() (registerStore, error) {
	if st, ok := s.Imports.(registerStore); ok && s.Imports != nil {
		return st, nil
	}
	return nil, pejling.Errorf(pejling.ENOTFOUND, "no register data are served here")
}

// registerCache keeps what a page computes from the whole register (survival curves,
// reimbursement, effects, follow-ups), by key, for the register's version: it runs one
// computation at a time (a million persons take seconds to stream) and forgets
// everything when an import commits or a placement changes.
type registerCache[K comparable, V any] struct {
	loading sync.Mutex // one computation at a time
	mu      sync.Mutex
	version pejling.RegisterVersion
	entries map[K]V
	size    int // entries kept per version
}

// get returns the value of key, computing it once per version of the register.
func (c *registerCache[K, V]) get(ctx context.Context, st versioned, key K, compute func() (V, error)) (V, error) {
	var zero V
	id, err := st.RegisterVersion(ctx)
	if err != nil {
		return zero, err
	}
	lookup := func() (V, bool) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.version != id || c.entries == nil {
			c.version, c.entries = id, map[K]V{}
		}
		v, ok := c.entries[key]
		return v, ok
	}
	if v, ok := lookup(); ok {
		return v, nil
	}
	c.loading.Lock()
	defer c.loading.Unlock()
	if v, ok := lookup(); ok {
		return v, nil // computed by the request this one waited for
	}
	v, err := compute()
	if err != nil {
		return zero, err
	}
	c.mu.Lock()
	if c.version == id {
		if len(c.entries) >= max(c.size, 1) {
			clear(c.entries)
		}
		c.entries[key] = v
	}
	c.mu.Unlock()
	return v, nil
}
