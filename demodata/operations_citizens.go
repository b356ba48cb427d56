package demodata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/pejling/pejling"
)

// near returns a point within about km kilometres of c.
func near(r *rand.Rand, c pejling.LatLon, km float64) pejling.LatLon {
	d := km * math.Sqrt(r.Float64())
	a := 2 * math.Pi * r.Float64()
	lat := c.Lat + d*math.Cos(a)/111.2
	lon := c.Lon + d*math.Sin(a)/(111.2*math.Cos(c.Lat*math.Pi/180))
	return pejling.LatLon{Lat: math.Round(lat*1e5) / 1e5, Lon: math.Round(lon*1e5) / 1e5}
}

// profiles draws job profiles for a share of the persons on benefit (a fifth, at most
// 400 a municipality): wanted occupations, skills, education, licence, a home near the
// municipality's centre, a travel radius and hours.
func (g *opsGen) profiles(m *opsMuniState) {
	r := g.rand(m, opsProfiles)
	n := min(len(m.reg.onBenefit)/5, 400)
	m.profiled = r.Perm(len(m.reg.onBenefit))[:max(n, 1)]
	slices.Sort(m.profiled)
	for _, i := range m.profiled {
		p := m.reg.onBenefit[i]
		first := r.IntN(len(occupations))
		occ := []string{occupations[first].disco}
		skills := slices.Clone(occupations[first].skills[:1+r.IntN(len(occupations[first].skills))])
		if r.Float64() < .4 {
			second := occupations[r.IntN(len(occupations))]
			if !slices.Contains(occ, second.disco) {
				occ = append(occ, second.disco)
				for _, s := range second.skills[:1] {
					if !slices.Contains(skills, s) {
						skills = append(skills, s)
					}
				}
			}
		}
		edu := 1 + r.IntN(3)
		switch p.group {
		case pejling.DGP:
			edu = 3 + r.IntN(4)
		case pejling.SDP, pejling.JAF, pejling.FLX, pejling.LED:
			edu = 2 + r.IntN(3)
		}
		minHours := []float64{15, 20, 25, 30, 37, 37}[r.IntN(6)]
		g.ops.Profiles = append(g.ops.Profiles, ProfileOf{Municipality: m.code, By: pickID(r, m.caseWorkers), Profile: pejling.Profile{
			PersonID: p.id, Occupations: occ, Skills: skills, Education: edu, DrivingLicence: r.Float64() < .55,
			Home: near(r, m.centre, 7), RadiusKm: []float64{10, 15, 20, 30, 40}[r.IntN(5)],
			Hours: pejling.HoursRange{Min: minHours, Max: 37},
		}})
	}
}

// slots draws the placement bank: praktik and løntilskud slots at the recorded
// companies that hosted placements, and their reservations of the last two months,
// replayed against each slot's capacity: confirmed, released, expired, and held ones
// still waiting.
func (g *opsGen) slots(m *opsMuniState) {
	r := g.rand(m, opsSlots)
	var hosts []int
	for k, i := range m.companies {
		if m.reg.companies[i].hosted > 0 {
			hosts = append(hosts, k)
		}
	}
	if len(hosts) == 0 {
		hosts = make([]int, len(m.companies))
		for k := range hosts {
			hosts[k] = k
		}
	}
	recs := g.ops.Companies[len(g.ops.Companies)-len(m.companies):]
	n := min(max(8, len(m.reg.onBenefit)/300), 60)
	for range n {
		k := hosts[r.IntN(len(hosts))]
		c, rec := m.reg.companies[m.companies[k]], recs[k]
		occ := g.occupationAt(r, c.industry)
		s := pejling.Slot{Municipality: m.code, CVR: c.cvr, Type: pejling.SlotPraktik, Occupation: occ.disco,
			Address: rec.Address + ", " + rec.Postcode + " " + rec.City, Location: near(r, m.centre, 6),
			Skills: slices.Clone(occ.skills[:1+r.IntN(len(occ.skills))]), DrivingLicence: occ.licence && r.Float64() < .7,
			MinEducation: r.IntN(3), Capacity: 1 + r.IntN(4), CreatedBy: pickID(r, m.consultants),
			ActiveFrom: g.today - pejling.Date(30+r.IntN(150)), ActiveTo: pejling.Forever}
		if r.Float64() < .35 {
			s.Type, s.HoursPerWeek = pejling.SlotWageSubsidy, 37
			s.Title = "Løntilskud som " + occ.title
		} else {
			s.HoursPerWeek = float64(15 + 5*r.IntN(4))
			s.Title = "Praktik som " + occ.title
		}
		if r.Float64() < .4 {
			s.ActiveTo = g.today + pejling.Date(30+r.IntN(150))
		}
		s.Description = fmt.Sprintf("Arbejde som %s hos %s, i et fast hold med en mentor.", occ.title, c.name)
		s.Requirements = "Mødestabilitet og lyst til faget; " + occ.skills[0] + " er en fordel."
		s.Expectations = "Borgeren møder til aftalt tid og melder fravær før kl. 8. Virksomheden giver en ugentlig samtale med mentoren."
		g.ops.Slots = append(g.ops.Slots, s)
		g.reservations(r, m, len(g.ops.Slots)-1)
	}
}

// reservationHold is how long the demo's case workers hold a place unconfirmed.
const reservationHold = 7 * 24 * time.Hour

// reservations draws the reservations of slot si over the last 60 days in time order,
// taking a place only when one is free at that moment; about the capacity's worth of
// attempts, so that most slots keep a free place for the demo to reserve.
func (g *opsGen) reservations(r *rand.Rand, m *opsMuniState, si int) {
	s := g.ops.Slots[si]
	from := g.now.AddDate(0, 0, -60)
	if t := s.ActiveFrom.Time(); t.After(from) {
		from = t
	}
	var at []time.Time
	for range s.Capacity + r.IntN(3) {
		if t := g.openMoment(r, from, g.now); !t.IsZero() {
			at = append(at, t)
		}
	}
	slices.SortFunc(at, time.Time.Compare)
	first := len(g.ops.Reservations)
	used := map[string]bool{}
	for _, t := range at {
		taken := 0
		for _, x := range g.ops.Reservations[first:] {
			if reservationTakes(x, t) {
				taken++
			}
		}
		if taken >= s.Capacity {
			continue
		}
		var person string
		for range 8 {
			p := m.reg.onBenefit[m.profiled[r.IntN(len(m.profiled))]].id
			if !used[p] {
				person = p
				break
			}
		}
		if person == "" {
			continue
		}
		used[person] = true
		x := SlotReservation{Slot: si, PersonID: person, ReservedBy: pickID(r, m.caseWorkers), ReservedAt: t, Hold: reservationHold}
		expires := t.Add(x.Hold)
		within := func() time.Time { // a moment before both the expiry and now
			end := expires
			if g.now.Before(end) {
				end = g.now
			}
			return t.Add(time.Duration((.1 + .8*r.Float64()) * float64(end.Sub(t)))).Truncate(time.Minute)
		}
		switch u := r.Float64(); {
		case expires.After(g.now) && u < .6:
			x.Outcome = pejling.ReservationHeld
		case expires.After(g.now) || u < .45:
			x.Outcome, x.At = pejling.ReservationConfirmed, within()
		case u < .7:
			x.Outcome, x.At = pejling.ReservationReleased, within()
		default:
			x.Outcome = pejling.ReservationExpired
		}
		if !x.At.IsZero() && !x.At.After(t) {
			x.At = t.Add(time.Minute)
		}
		g.ops.Reservations = append(g.ops.Reservations, x)
	}
}

// reservationTakes reports whether x takes a place of its slot at t (as
// pejling.Reservation.Takes, over x's whole story).
func reservationTakes(x SlotReservation, t time.Time) bool {
	if t.Before(x.ReservedAt) {
		return false
	}
	switch x.Outcome {
	case pejling.ReservationConfirmed:
		return true
	case pejling.ReservationReleased:
		return t.Before(x.At)
	}
	return t.Before(x.ReservedAt.Add(x.Hold))
}

// progression draws the progression of four in ten profiled persons (at most 150 a
// municipality): focus themes chosen at the first conversation (a new choice now and
// then), and a conversation every three to six weeks over the last half year scoring
// every indicator of the focus themes — improving on average, not for everyone.
func (g *opsGen) progression(m *opsMuniState) {
	r := g.rand(m, opsProgression)
	n := min(len(m.profiled)*2/5, 150)
	chosen := r.Perm(len(m.profiled))[:max(n, 1)]
	slices.Sort(chosen)
	themes := g.themes.Themes
	for _, k := range chosen {
		p := m.reg.onBenefit[m.profiled[k]]
		by := pickID(r, m.caseWorkers)
		intervention := ""
		if p.intervention != "" && r.Float64() < .6 {
			intervention = p.intervention
		}
		base := 2.5 + 3*r.Float64()
		trend := .45 + .6*r.NormFloat64()
		offset := map[string]float64{}
		var focus []string
		choose := func(d pejling.Date) {
			focus = focus[:0]
			for _, i := range r.Perm(len(themes))[:2+r.IntN(2)] {
				focus = append(focus, themes[i].ID)
			}
			g.ops.Focus = append(g.ops.Focus, FocusOf{Municipality: m.code, By: by,
				Focus: pejling.FocusThemes{PersonID: p.id, Themes: slices.Clone(focus), From: d}})
		}
		d := workday(g.today - pejling.Date(120+r.IntN(60)))
		for c := 0; d <= g.today; c++ {
			if c == 0 || (c == 3 && r.Float64() < .1) {
				choose(d)
			}
			conv := Conversation{Municipality: m.code}
			for _, id := range focus {
				th, _ := g.themes.Theme(id)
				for _, ind := range th.Indicators {
					o, ok := offset[ind.ID]
					if !ok {
						o = r.NormFloat64()
						offset[ind.ID] = o
					}
					v := int(math.Round(base + o + trend*float64(c) + .7*r.NormFloat64()))
					conv.Scores = append(conv.Scores, pejling.ProgressionScore{PersonID: p.id, Theme: id, Indicator: ind.ID,
						Score: min(max(v, pejling.ProgressionScoreMin), pejling.ProgressionScoreMax), Date: d, ScoredBy: by,
						InterventionID: intervention, Team: m.team[by]})
				}
			}
			g.ops.Conversations = append(g.ops.Conversations, conv)
			d = workday(d + pejling.Date(21+r.IntN(22)))
		}
	}
}

// workday returns d, or the Monday after it if d is a Saturday or Sunday.
func workday(d pejling.Date) pejling.Date {
	switch d.Time().Weekday() {
	case time.Saturday:
		return d + 2
	case time.Sunday:
		return d + 1
	}
	return d
}
