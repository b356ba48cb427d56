package demodata

import (
	"math"
	"math/rand/v2"

	"github.com/pejling/pejling"
)

// spell is one benefit spell as simulated. end is the true end: a spell with
// end ≥ as_of is running and written with an empty end date.
type spell struct {
	start, end pejling.Date
	muni       int
	group      int
	match      uint8 // index into matchNames
	frac       int32 // fraction in 1/10000
}

// empSpell is an employment spell; end is Forever while running.
type empSpell struct{ start, end pejling.Date }

// matchNames are the match groups as written; 0 is none.
var matchNames = [...]pejling.MatchGroup{"", pejling.Jobparat, pejling.Aktivitetsparat, pejling.Match1, pejling.Match2, pejling.Match3}

const (
	mNone = iota
	mJobparat
	mAktivitetsparat
	mMatch1
	mMatch2
	mMatch3
)

// maxSpells bounds the spells simulated for one person.
const maxSpells = 40

// simulate draws the life of one person on and off public support into w.sp (benefit
// spells in start order) and w.emp. A life starts with a first spell at a uniform time
// in the burnInYears before From or inside the history and runs until as_of; lives that
// never reach the history are drawn again. So the history begins in a steady state: at
// From, the long spells that began years ago are running (førtidspension, fleksjob), and
// persons come back from earlier spells at the same rate in every year.
func (w *worker) simulate() {
	md, r := w.md, w.r
	for try := 0; ; try++ {
		w.sp, w.emp = w.sp[:0], w.emp[:0]
		mi := pick(md.muniCum, r)
		g := pick(md.munis[mi].entryCum[:], r)
		burnIn := int32(burnInYears * 365)
		if try >= maxTries {
			burnIn = 0 // a life that starts inside the history always reaches it
		}
		t := md.entryDate(r, g, burnIn)
		g = md.remap(g, t)
		if t >= md.from && r.Float64() < preEmployment[g] {
			w.addEmp(t-pejling.Date(lognormal(r, 900, .8)), t-1)
		}
		w.life(t, mi, g)
		if n := len(w.sp); n > 0 && w.sp[n-1].end >= md.from {
			return
		}
	}
}

// maxTries bounds the lives drawn for one person before one is started inside the history.
const maxTries = 64

// life simulates spells from a first spell of g starting at t in municipality mi.
func (w *worker) life(t pejling.Date, mi, g int) {
	md, r := w.md, w.r
	for range maxSpells {
		d := groups[g].duration(r)
		if g == gDGP && t >= md.from {
			d = min(groups[g].maxDays, max(1, int32(float64(d)*md.dgpLength[md.yearIndex(t)])))
		}
		end := t + pejling.Date(d) - 1
		mi = w.addSpell(t, end, mi, g)
		if end >= md.asOf {
			break
		}
		gp := &groups[g]
		next := gp.nextState(r, d)
		if next == toSelf {
			back := pejling.Forever
			if r.Float64() < gp.reentry {
				back = end + 1 + pejling.Date(max(8, lognormal(r, 150, 1.0)))
			}
			if r.Float64() < gp.employ {
				w.employmentAfter(end, back)
			}
			if back > md.asOf {
				break
			}
			t = back
			if r.Float64() >= .4 {
				g = pick(md.munis[mi].inflowCum[:], r)
			}
			if r.Float64() < .02 {
				mi = md.move(r, mi)
			}
		} else {
			t = end + 1 + shortGap(r)
			g = next
			if r.Float64() < .01 {
				mi = md.move(r, mi)
			}
		}
		g = md.remap(g, t)
	}
}

// preEmployment is the probability that a person whose first spell starts inside the
// history was employed until just before it.
var preEmployment = [nGroups]float64{gDGP: .4, gSDP: .3, gAMY: .1, gKTH: .1, gUDH: .1, gIYD: .05, gREVA: .2, gFREVA: .05, gJAF: .1, gLED: .2, gSUY: .05}

// shortGap is the number of days between a spell and the next one of another benefit:
// mostly none, sometimes up to a week (joined by the 7-day rule of §8), sometimes more.
func shortGap(r *rand.Rand) pejling.Date {
	switch u := r.Float64(); {
	case u < .65:
		return 0
	case u < .85:
		return 1 + pejling.Date(r.IntN(7))
	default:
		return 8 + pejling.Date(r.IntN(50))
	}
}

// addSpell adds the spell (t … end) of group g in municipality mi, cut where the person
// moves, is re-visited to another match group or a reform changes the group, and
// returns the municipality the person lives in at its end.
func (w *worker) addSpell(t, end pejling.Date, mi, g int) int {
	md, r := w.md, w.r
	if g == gFLX {
		w.addEmp(t, end) // a fleksjob is a job: employed while on FLX
	}
	cur := spell{start: t, end: end, muni: mi, group: g, match: w.matchAt(g, t, mi), frac: fraction(r, g)}
	type cut struct {
		at                pejling.Date
		muni, group       int
		match             uint8
		setMuni, setMatch bool
		setGroup          bool
	}
	var cuts [3]cut
	n := 0
	days := int32(end - t + 1)
	if cur.match != mNone && days > 180 {
		if t < md.reform2019 && end >= md.reform2019 && r.Float64() < .5 {
			cuts[n] = cut{at: md.reform2019, match: recode2019(cur.match), setMatch: true}
			n++
		} else if r.Float64() < .2 {
			at := t + 60 + pejling.Date(r.Int32N(days-90))
			cuts[n] = cut{at: at, match: revisit(cur.match, at >= md.reform2019), setMatch: true}
			n++
		}
	}
	if days > 365 && r.Float64() < .03 {
		cuts[n] = cut{at: t + 30 + pejling.Date(r.Int32N(days-60)), muni: md.move(r, mi), setMuni: true}
		n++
	}
	if (g == gUDH || g == gIYD) && t < md.reform2025 && end >= md.reform2025 && md.asOf >= md.reform2025 {
		cuts[n] = cut{at: md.reform2025, group: gKTH, setGroup: true}
		n++
	}
	for i := 1; i < n; i++ { // insertion sort by date
		for j := i; j > 0 && cuts[j].at < cuts[j-1].at; j-- {
			cuts[j], cuts[j-1] = cuts[j-1], cuts[j]
		}
	}
	for _, c := range cuts[:n] {
		if c.at <= cur.start || c.at > cur.end {
			continue
		}
		piece := cur
		piece.end = c.at - 1
		w.sp = append(w.sp, piece)
		cur.start = c.at
		if c.setMuni {
			cur.muni = c.muni
		}
		if c.setMatch {
			cur.match = c.match
		}
		if c.setGroup {
			cur.group = c.group
		}
	}
	w.sp = append(w.sp, cur)
	return cur.muni
}

// matchAt draws the match group of a spell of g starting at t: jobparat or
// aktivitetsparat for KTH, UDH and IYD (match1–3 before 2019), rarely for DGP.
func (w *worker) matchAt(g int, t pejling.Date, mi int) uint8 {
	r := w.r
	switch g {
	case gKTH, gUDH, gIYD:
	case gDGP:
		if r.Float64() >= .05 {
			return mNone
		}
		if t < w.md.reform2019 {
			return mMatch1
		}
		return mJobparat
	default:
		return mNone
	}
	aktiv := r.Float64() < w.md.munis[mi].aktivP
	switch {
	case t >= w.md.reform2019 && aktiv:
		return mAktivitetsparat
	case t >= w.md.reform2019:
		return mJobparat
	case !aktiv:
		return mMatch1
	case r.Float64() < .6:
		return mMatch2
	default:
		return mMatch3
	}
}

func recode2019(m uint8) uint8 {
	if m == mMatch1 {
		return mJobparat
	}
	return mAktivitetsparat
}

// revisit returns the other match group after a re-visitation.
func revisit(m uint8, after2019 bool) uint8 {
	switch {
	case after2019 && m == mJobparat:
		return mAktivitetsparat
	case after2019:
		return mJobparat
	case m == mMatch1:
		return mMatch2
	default:
		return mMatch1
	}
}

// fraction draws the share of a full benefit a spell pays, in 1/10000: partial
// sickness benefit, supplementary unemployment benefit, reduced-hours fleksjob.
func fraction(r *rand.Rand, g int) int32 {
	switch g {
	case gSDP:
		switch u := r.Float64(); {
		case u < .12:
			return 5000
		case u < .16:
			return 2500
		case u < .20:
			return 7500
		}
	case gDGP:
		if r.Float64() < .12 {
			h := 8 + r.Int32N(23) // hours of work a week besides the benefit
			return int32(math.Round(float64(37-h) / 37 * 10000))
		}
	case gFLX:
		switch u := r.Float64(); {
		case u < .15:
			return 5000
		case u < .25:
			return 6000
		case u < .35:
			return 8000
		}
	case gKTH:
		if r.Float64() < .05 {
			return 5000
		}
	}
	return 10000
}

// duration draws a spell length in days.
func (g *groupParams) duration(r *rand.Rand) int32 {
	d := int32(max(1, lognormal(r, g.median, g.sigma)))
	if g.maxDays > 0 && d > g.maxDays {
		d = g.maxDays
	}
	return d
}

// nextState draws what follows a spell of d days: another group or toSelf.
func (g *groupParams) nextState(r *rand.Rand, d int32) int {
	ts := g.next
	if g.longAfter > 0 && d >= g.longAfter {
		ts = g.nextLong
	}
	u := r.Float64()
	for _, t := range ts {
		if u -= t.w; u < 0 {
			return t.to
		}
	}
	return ts[len(ts)-1].to
}

// lognormal draws a lognormal number of days with the median and log-sd.
func lognormal(r *rand.Rand, median, sigma float64) float64 {
	return math.Round(median * math.Exp(sigma*r.NormFloat64()))
}
