package demodata

import (
	"math/rand/v2"

	"github.com/pejling/pejling"
)

// activations writes the activation spells of the benefit spell p, seen from start (its
// first day inside the history). Offers follow each other with exponential waits at the
// rate of the municipality × group; an offer ends with the benefit spell unless that is
// still running, when its planned end may lie after as_of.
func (w *worker) activations(p *spell, start pejling.Date) {
	md, r := w.md, w.r
	m := &md.munis[p.muni]
	rate := m.actRate[p.group]
	if rate <= 0 {
		return
	}
	gp := &groups[p.group]
	running := p.end >= md.asOf
	last := min(p.end, md.asOf)
	mean := 365 / rate
	// The first offer comes sooner than later ones: early activation is the norm.
	t := start + pejling.Date(r.ExpFloat64()*mean*.6)
	for t <= last {
		var typ int
		placement := r.Float64() < m.placeP[p.group]
		if placement {
			typ = pickW(gp.placeMix[:], r)
		} else {
			typ = aVejledning + pickW(gp.otherMix[:], r)
		}
		e := t + pejling.Date(acts[typ].duration(r)) - 1
		if !running && e > p.end {
			e = p.end
		}
		var cvr uint32
		if placement {
			cvr = md.host(r, p.muni, typ)
		}
		interv, q := 0, .25 // suppliers' courses carry an intervention id more often than placements
		if placement {
			q = .05
		}
		if r.Float64() < q {
			interv = m.interv + r.IntN(interventionsPerMuni)
		}
		w.writeActivation(p, typ, t, e, acts[typ].pickHours(r), cvr, interv)
		if placement && mentorAlongside[p.group] && r.Float64() < .15 {
			me := min(e, t+pejling.Date(acts[aMentor].duration(r))-1)
			w.writeActivation(p, aMentor, t, me, acts[aMentor].pickHours(r), 0, 0)
		}
		t = e + 1 + pejling.Date(r.ExpFloat64()*mean)
	}
}

// mentorAlongside marks the groups whose company placements sometimes come with a mentor.
var mentorAlongside = [nGroups]bool{gKTH: true, gUDH: true, gIYD: true, gJAF: true, gRES: true, gFREVA: true}

func (w *worker) writeActivation(p *spell, typ int, s, e pejling.Date, hours int32, cvr uint32, interv int) {
	md, o := w.md, w.out
	b := append(o.act, w.pid...)
	b = append(b, ',')
	b = append(b, md.munis[p.muni].codeB...)
	b = append(b, ',')
	b = append(b, groups[p.group].code...)
	b = append(b, ',')
	b = append(b, acts[typ].code...)
	b = append(b, ',')
	b = md.dates.append(b, s)
	b = append(b, ',')
	b = md.dates.append(b, e)
	b = append(b, ',')
	b = appendFixed4(b, hours)
	b = append(b, ',')
	if cvr != 0 {
		b = appendCVR(b, cvr)
	}
	b = append(b, ',')
	if interv != 0 {
		b = append(b, "INT-"...)
		b = appendPadded(b, interv, 4)
	}
	o.act = append(b, '\n')
	o.nAct++
	if typ >= aVejledning && typ != aNytte {
		w.addDays(w.tot.guide[p.muni*len(md.years):], s, e, int64(hours))
	}
}

// host draws the company of a placement: mostly in the municipality, sometimes in a
// neighbour; løntilskud goes to a private or a public workplace by its type.
func (md *model) host(r *rand.Rand, mi, typ int) uint32 {
	if n := md.munis[mi].neighbours; len(n) > 0 && r.Float64() < .12 {
		mi = n[r.IntN(len(n))]
	}
	ix := &md.compIdx[mi]
	ids, cum := ix.all, ix.allCum
	switch typ {
	case aLtsPrivat:
		ids, cum = ix.priv, ix.privCum
	case aLtsOffentlig:
		ids, cum = ix.pub, ix.pubCum
	}
	return md.companies[ids[pick(cum, r)]].cvr
}

// duration draws the length of an offer in days.
func (a *actParams) duration(r *rand.Rand) int32 {
	d := int32(lognormal(r, a.median, a.sigma))
	return max(a.min, min(a.max, d))
}

// pickHours draws the hours a week of an offer, in 1/10000 hours.
func (a *actParams) pickHours(r *rand.Rand) int32 {
	u := r.Float64()
	for _, h := range a.hours {
		if u -= h.w; u < 0 {
			return h.h
		}
	}
	return a.hours[len(a.hours)-1].h
}

// pickW draws an index from weights that sum to one.
func pickW(ws []float64, r *rand.Rand) int {
	u := r.Float64()
	for i, x := range ws {
		if u -= x; u < 0 {
			return i
		}
	}
	for i := len(ws) - 1; i > 0; i-- {
		if ws[i] > 0 {
			return i
		}
	}
	return 0
}
