package demodata

import (
	"math/rand/v2"

	"github.com/pejling/pejling"
)

// worker generates shards of persons. Each shard has its own seeded random stream, so a
// shard's rows do not depend on which worker made it or in what order.
type worker struct {
	md  *model
	pcg *rand.PCG
	r   *rand.Rand
	sp  []spell
	emp []empSpell
	tot *totals
	out *shard
	pid []byte // the current person's id
}

// shard is the rows of a run of consecutive persons.
type shard struct {
	idx, persons     int
	ben, act, emp    []byte
	nBen, nAct, nEmp int
}

// totals are the sums the expenditure is built from, in exact integers so that adding
// them up in any order gives the same result.
type totals struct {
	ft    []int64 // [muni][group][year]: days × fraction (1/10000)
	guide []int64 // [muni][year]: days × hours a week (1/10000) in vejledning, mentor, andet
}

func newWorker(md *model) *worker {
	pcg := rand.NewPCG(0, 0)
	ny := len(md.years)
	return &worker{md: md, pcg: pcg, r: rand.New(pcg), tot: &totals{
		ft:    make([]int64, len(md.munis)*nGroups*ny),
		guide: make([]int64, len(md.munis)*ny),
	}}
}

// run generates shard s.idx into s.
func (w *worker) run(s *shard) {
	md := w.md
	w.pcg.Seed(md.seed(streamPersons), uint64(s.idx))
	s.ben, s.act, s.emp = s.ben[:0], s.act[:0], s.emp[:0]
	s.nBen, s.nAct, s.nEmp = 0, 0, 0
	w.out = s
	first := s.idx*shardSize + 1
	for id := first; id < first+s.persons; id++ {
		w.pid = appendPersonID(w.pid[:0], id)
		w.simulate()
		w.write()
	}
}

// write writes the person's spells, cut to the history From … as_of.
func (w *worker) write() {
	md, s := w.md, w.out
	ny := len(md.years)
	for i := range w.sp {
		p := &w.sp[i]
		if p.end < md.from || p.start > md.asOf {
			continue
		}
		start, end := max(p.start, md.from), p.end
		if end >= md.asOf {
			end = pejling.Forever
		}
		m := &md.munis[p.muni]
		b := append(s.ben, w.pid...)
		b = append(b, ',')
		b = append(b, m.codeB...)
		b = append(b, ',')
		b = append(b, groups[p.group].code...)
		b = append(b, ',')
		b = append(b, matchNames[p.match]...)
		b = append(b, ',')
		b = md.dates.append(b, start)
		b = append(b, ',')
		b = md.dates.append(b, end)
		b = append(b, ',')
		b = appendFixed4(b, p.frac)
		s.ben = append(b, '\n')
		s.nBen++
		w.addDays(w.tot.ft[(p.muni*nGroups+p.group)*ny:], start, min(p.end, md.asOf), int64(p.frac))
		w.activations(p, start)
	}
	sortEmp(w.emp)
	for _, e := range w.emp {
		b := append(s.emp, w.pid...)
		b = append(b, ',')
		b = md.dates.append(b, e.start)
		b = append(b, ',')
		b = md.dates.append(b, e.end)
		s.emp = append(b, '\n')
		s.nEmp++
	}
}

// addDays adds weight × the days of s … e to the yearly sums acc[year].
func (w *worker) addDays(acc []int64, s, e pejling.Date, weight int64) {
	md := w.md
	e = min(e, md.asOf)
	for s <= e {
		y := md.yearIndex(s)
		ye := min(md.yearStart[y+1]-1, e)
		acc[y] += int64(ye-s+1) * weight
		s = ye + 1
	}
}

// employmentAfter adds the job a person takes after leaving benefit on day end; back is
// the day of the next spell (Forever if none).
func (w *worker) employmentAfter(end, back pejling.Date) {
	r := w.r
	s := end + 1
	if r.Float64() >= .6 {
		s += 1 + pejling.Date(r.IntN(45))
	}
	e := pejling.Forever
	if back != pejling.Forever {
		e = back - 1 - pejling.Date(r.IntN(15))
	} else if r.Float64() < .25 {
		e = s + pejling.Date(lognormal(r, 700, 1))
	}
	if e >= s {
		w.addEmp(s, e)
	}
}

// addEmp adds an employment spell cut to the history; one overlapping a spell the
// person already has is left out, so that no two jobs share a start.
func (w *worker) addEmp(s, e pejling.Date) {
	md := w.md
	if e < md.from || s > md.asOf || e < s {
		return
	}
	s = max(s, md.from)
	if e >= md.asOf {
		e = pejling.Forever
	}
	for _, o := range w.emp {
		if s <= o.end && o.start <= e {
			return
		}
	}
	w.emp = append(w.emp, empSpell{s, e})
}

func sortEmp(es []empSpell) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].start < es[j-1].start; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}
