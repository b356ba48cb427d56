package figures

import (
	"cmp"
	"slices"

	"github.com/pejling/pejling"
)

// benefit is a benefit spell with its municipality and group resolved to indexes.
type benefit struct {
	mi, gi     int
	municip    int
	group      pejling.BenefitGroup
	start, end pejling.Date
	fraction   float64
}

// activation is an activation spell with its municipality and group resolved.
type activation struct {
	mi, gi     int
	typ        int // index into placementTypes, or -1 when not a company placement
	start, end pejling.Date
	hours      float64
}

var placementTypes = []pejling.ActivationType{pejling.Praktik, pejling.LtsPrivat, pejling.LtsOffentlig}

// Add accumulates every figure of one person: p's spells of each kind (in any order).
// Spells of a benefit group outside pejling.BenefitGroups count in no figure, but their
// municipality gets its rows and a company placement among them still makes its
// company a cooperating one.
func (e *Engine) Add(p *pejling.Person) {
	sc := &e.scratch
	bs := sc.benefit[:0]
	for _, s := range p.Benefit {
		mi := e.muniIndex(s.Municipality)
		gi := groupIndex(s.Group)
		if gi < 0 {
			continue
		}
		bs = append(bs, benefit{mi, gi, s.Municipality, s.Group, s.Start, s.End, s.Fraction})
	}
	as := sc.activation[:0]
	for _, s := range p.Activation {
		mi := e.muniIndex(s.Municipality)
		if s.Type.IsCompanyPlacement() {
			if ci, ok := e.byCVR[s.CVR]; ok {
				for pi, per := range e.periods {
					if overlap(s.Start, s.End, per) > 0 {
						e.hosted[ci*e.np+pi] = true
					}
				}
			}
		}
		gi := groupIndex(s.Group)
		if gi < 0 {
			continue
		}
		as = append(as, activation{mi, gi, slices.Index(placementTypes, s.Type), s.Start, s.End, s.HoursPerWeek})
	}
	if len(p.Employment) > 0 {
		e.employment = true
	}
	sc.benefit, sc.activation = bs, as
	e.person(bs, as, p.Employment, sc)
}

func countPrefix(n int, same func(int) bool) int {
	i := 0
	for i < n && same(i) {
		i++
	}
	return i
}

// personScratch is reused from person to person so that the inner loop allocates
// only while a person has more spells than any before.
type personScratch struct {
	benefit                       []benefit
	activation                    []activation
	benefitCells, activationCells []int
	order                         []int
}

// person accumulates the figures of one person's benefit spells bs, activation spells
// as and employment spells es.
func (e *Engine) person(bs []benefit, as []activation, es []pejling.EmploymentSpell, sc *personScratch) {
	asOf := e.in.AsOf
	for _, s := range bs {
		cs := e.cells(s.mi, s.gi)
		for p, per := range e.periods {
			if d := overlap(s.start, s.end, per); d > 0 {
				v := float64(d) * s.fraction / e.days[p]
				for _, c := range cs {
					e.ftp[c+p] += v
				}
				if k := e.counts; k != nil {
					k.add(k.ftp, cs, p)
				}
			}
			if s.end == pejling.Forever || !inPeriod(s.end, per) {
				continue
			}
			if k := e.counts; k != nil {
				k.add(k.ended, cs, p)
			}
			acc := e.outflow
			if s.end+28 > asOf {
				acc = e.pending
			} else if supportedWithin(bs, s.end+1, s.end+28) {
				continue
			}
			for _, c := range cs {
				acc[c+p]++
			}
		}
	}

	for _, s := range as {
		cs := e.cells(s.mi, s.gi)
		later := s.end + 182
		var selfSupported, employed bool
		if later <= asOf {
			selfSupported = !supportedWithin(bs, later, later)
			employed = slices.ContainsFunc(es, func(x pejling.EmploymentSpell) bool {
				return x.Start <= later && later <= x.End
			})
		}
		for p, per := range e.periods {
			if d := overlap(s.start, s.end, per); d > 0 {
				v := float64(d) * s.hours / 37 / e.days[p]
				for _, c := range cs {
					e.fta[c+p] += v
					if s.typ >= 0 {
						e.ftaPlace[c+p] += v
					}
				}
				if k := e.counts; k != nil {
					k.add(k.fta, cs, p)
					if s.typ >= 0 {
						k.add(k.ftaPlace, cs, p)
					}
				}
			}
			if s.typ >= 0 && inPeriod(s.start, per) {
				for _, c := range cs {
					e.placed[c+p]++
					e.placedBy[s.typ][c+p]++
				}
			}
			if later <= asOf && inPeriod(s.end, per) {
				for _, c := range cs {
					e.ssDen[c+p]++
					if selfSupported {
						e.ssNum[c+p]++
					}
					if employed {
						e.empNum[c+p]++
					}
				}
			}
		}
	}

	// Distinct persons per cell: collect the cells the person has a day in, dedupe, and
	// count once; covered persons are those cells found among both spell kinds.
	for p, per := range e.periods {
		bc := sc.benefitCells[:0]
		for _, s := range bs {
			if overlap(s.start, s.end, per) > 0 {
				cs := e.cells(s.mi, s.gi)
				bc = append(bc, cs[:]...)
			}
		}
		if len(bc) == 0 {
			sc.benefitCells = bc
			continue
		}
		slices.Sort(bc)
		bc = slices.Compact(bc)
		ac := sc.activationCells[:0]
		for _, s := range as {
			if overlap(s.start, s.end, per) > 0 {
				cs := e.cells(s.mi, s.gi)
				ac = append(ac, cs[:]...)
			}
		}
		slices.Sort(ac)
		ac = slices.Compact(ac)
		for _, c := range bc {
			e.persons[c+p]++
			if _, ok := slices.BinarySearch(ac, c); ok {
				e.covered[c+p]++
			}
		}
		sc.benefitCells, sc.activationCells = bc, ac
	}

	e.durations(bs, sc)
}

// supportedWithin reports whether any of the person's benefit spells has a day in
// [first, last].
func supportedWithin(bs []benefit, first, last pejling.Date) bool {
	return slices.ContainsFunc(bs, func(s benefit) bool { return s.start <= last && first <= s.end })
}

// durations splits the person's benefit spells into continuous periods on public
// support (DOMAIN.md §8) and counts each completed one at the cells of its last spell
// in the periods that hold its last end.
func (e *Engine) durations(bs []benefit, sc *personScratch) {
	if len(bs) == 0 {
		return
	}
	order := sc.order[:0]
	for i := range bs {
		order = append(order, i)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(bs[a].start, bs[b].start) })
	sc.order = order

	first, last := order[0], order[0]
	latest := bs[first].end
	spells := 1 // in the current period
	flush := func() {
		s := bs[last]
		if s.end == pejling.Forever || s.end >= e.in.AsOf {
			return // running, or not yet ended before as_of
		}
		length := float64(s.end - bs[first].start + 1)
		cs := e.cells(s.mi, s.gi)
		for p, per := range e.periods {
			if inPeriod(s.end, per) {
				for _, c := range cs {
					e.durSum[c+p] += length
					e.durN[c+p]++
				}
				if k := e.counts; k != nil {
					for _, c := range cs {
						k.durSpells[c+p] += spells
					}
				}
			}
		}
	}
	for _, i := range order[1:] {
		s := bs[i]
		if int(s.start)-int(latest)-1 > 7 {
			flush()
			first, last, latest, spells = i, i, s.end, 1
			continue
		}
		spells++
		latest = max(latest, s.end)
		if laterLast(s, bs[last]) {
			last = i
		}
	}
	flush()
}

// laterLast reports whether a rather than b is the last spell of a continuous period:
// the latest end (running is latest), then the latest start, then the largest
// municipality code and, within it, the largest group code as text.
func laterLast(a, b benefit) bool {
	return cmp.Or(cmp.Compare(a.end, b.end), cmp.Compare(a.start, b.start),
		cmp.Compare(a.municip, b.municip), cmp.Compare(a.group, b.group)) > 0
}
