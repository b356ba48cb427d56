package web

import (
	"context"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

// registerStore is the register store as the reimbursement and effects pages read it:
// every person streamed (sqldb.DB), and the newest import as the key of their caches.
type registerStore interface {
	NewestImportID(ctx context.Context) (int64, error)
	economics.RegisterStream
}

// registerOf returns the server's register store, or ENOTFOUND when it serves none.
func (s *Server) registerOf() (registerStore, error) {
	if st, ok := s.Imports.(registerStore); ok && s.Imports != nil {
		return st, nil
	}
	return nil, pejling.Errorf(pejling.ENOTFOUND, "no register data are served here")
}

// registerCache keeps what a page computes from the whole register, by key, for the
// newest import; as the survival page's cache, it runs one computation at a time (a
// million persons take seconds to stream) and forgets everything when an import
// commits.
type registerCache[K comparable, V any] struct {
	loading  sync.Mutex // one computation at a time
	mu       sync.Mutex
	importID int64
	entries  map[K]V
	size     int // entries kept per import
}

// get returns the value of key, computing it once per import.
func (c *registerCache[K, V]) get(ctx context.Context, st registerStore, key K, compute func() (V, error)) (V, error) {
	var zero V
	id, err := st.NewestImportID(ctx)
	if err != nil {
		return zero, err
	}
	lookup := func() (V, bool) {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.importID != id || c.entries == nil {
			c.importID, c.entries = id, map[K]V{}
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
	if c.importID == id {
		if len(c.entries) >= max(c.size, 1) {
			clear(c.entries)
		}
		c.entries[key] = v
	}
	c.mu.Unlock()
	return v, nil
}
