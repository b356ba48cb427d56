package demodata

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
)

// persons generates every person in shards on GOMAXPROCS workers and writes the shards
// in order. A worker takes a token before it takes a shard and the writer returns it when
// the shard is written, so at most a few shards are held in memory whatever the size of
// the data set. It returns the sums the expenditure is built from.
func (md *model) persons(ctx context.Context, ben, act, emp *outFile, progress func(int, int)) (*totals, error) {
	n := md.cfg.Persons
	nShards := (n + shardSize - 1) / shardSize
	nWorkers := max(1, min(runtime.GOMAXPROCS(0), nShards))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	tokens := make(chan struct{}, 2*nWorkers)
	results := make(chan *shard, 2*nWorkers)
	free := make(chan *shard, 2*nWorkers)
	var next atomic.Int64
	var wg sync.WaitGroup
	workers := make([]*worker, nWorkers)
	for i := range workers {
		w := newWorker(md)
		workers[i] = w
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case tokens <- struct{}{}:
				case <-ctx.Done():
					return
				}
				i := int(next.Add(1) - 1)
				if i >= nShards || ctx.Err() != nil {
					return
				}
				var s *shard
				select {
				case s = <-free:
				default:
					s = new(shard)
				}
				s.idx, s.persons = i, min(shardSize, n-i*shardSize)
				w.run(s)
				select {
				case results <- s:
				case <-ctx.Done():
					return
				}
			}
		}()
	}

	var err error
	pending := map[int]*shard{}
	done, step := 0, max(1, n/100)
	report := step
	for want := 0; want < nShards && err == nil; {
		select {
		case s := <-results:
			pending[s.idx] = s
			for s := pending[want]; s != nil && err == nil; s = pending[want] {
				delete(pending, want)
				err = writeShard(s, ben, act, emp)
				done += s.persons
				want++
				<-tokens
				select {
				case free <- s:
				default:
				}
				if progress != nil && (done >= report || done == n) {
					progress(done, n)
					report = done + step
				}
			}
		case <-ctx.Done():
			err = ctx.Err()
		}
	}
	cancel()
	wg.Wait()
	if err != nil {
		return nil, err
	}
	tot := workers[0].tot
	for _, w := range workers[1:] {
		for i, v := range w.tot.ft {
			tot.ft[i] += v
		}
		for i, v := range w.tot.guide {
			tot.guide[i] += v
		}
	}
	return tot, nil
}

func writeShard(s *shard, ben, act, emp *outFile) error {
	for _, x := range [...]struct {
		o    *outFile
		b    []byte
		rows int
	}{{ben, s.ben, s.nBen}, {act, s.act, s.nAct}, {emp, s.emp, s.nEmp}} {
		if _, err := x.o.w.Write(x.b); err != nil {
			return fmt.Errorf("writing %s: %w", x.o.name, err)
		}
		x.o.rows += x.rows
	}
	return nil
}
