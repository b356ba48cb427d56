package demodata

import (
	"math/rand/v2"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// The placements of the operational side (issue 8, "Placements"): company placements
// made from some of the demo's confirmed reservations and some directly, over the last
// year up to Now, each history played through employer.PlacementPolicy with the
// moment of each step as its "now" — so every placement is one the rules allow: long
// løntilskud waiting for approval or approved by the municipality's leader (an admin,
// never the placement's creator), running ones followed up every 14 days (some
// overdue), praktik decided on after 4 weeks, some ended early or cancelled, and the
// outcome recorded 6 months after the end.

// PlacementOf is a placement of the demo: as PlacementPolicy.New made it and as it
// stands at Now. User ids are provisional (StaffID); Reservation is the index into
// Operations.Reservations + 1 of the confirmed reservation it was made from (0: made
// directly), whose store id the writer sets as Made.ReservationID.
type PlacementOf struct {
	Reservation int
	Made        pejling.Placement
	Final       pejling.Placement
}

// LeaderName is the user name of a municipality's leader (an admin, the approver of
// placements; Pejling has no manager role) for the municipality's tag.
func leaderName(tag string) string { return "leder." + tag }

var (
	placementNotes = []string{
		"Møder stabilt og til tiden; virksomheden er tilfreds.",
		"God kontakt med mentor; arbejdsopgaverne udvides.",
		"Har haft fravær to dage; aftalt at ringe ind ved sygdom.",
		"Trives, men har brug for flere faste opgaver.",
		"Virksomheden overvejer ansættelse efter forløbet.",
		"Samtale med borger og leder: forløbet fortsætter som planlagt.",
	}
	placementEndReasons = []string{
		"Fik ordinært job", "Sygdom", "Forløbet stoppet efter aftale med virksomheden", "Påbegynder uddannelse",
	}
	placementCancelReasons = []string{"Virksomheden trak tilbuddet", "Borgeren fik job før start"}
)

// placements draws the placements of the municipality; it runs after every
// municipality's other parts (it adds the municipality's leader to the staff, at the
// end, so no other part's user ids move).
func (g *opsGen) placements(m *opsMuniState) {
	r := g.rand(m, opsPlacements)
	pol := employer.DefaultPlacementPolicy()
	today := pejling.UTCDay(g.now)
	g.ops.Staff = append(g.ops.Staff, StaffMember{Name: leaderName(m.tag), FullName: "Jobcenterleder, " + m.city, Role: pejling.RoleAdmin,
		Municipality: m.code})
	leader := pejling.User{ID: StaffID(len(g.ops.Staff) - 1), Name: leaderName(m.tag), Role: pejling.RoleAdmin, Municipality: m.code}
	staff := append(append([]int64{}, m.consultants...), m.caseWorkers...)
	userOf := func(id int64) pejling.User {
		s := g.ops.Staff[id-1]
		return pejling.User{ID: id, Name: s.Name, Role: s.Role, Municipality: s.Municipality}
	}
	// The moment of a step on day d: a working-day hour, never after Now.
	at := func(d pejling.Date) time.Time {
		t := d.Time().Add(7*time.Hour + time.Duration(r.IntN(9*60))*time.Minute)
		if t.After(g.now) {
			t = g.now
		}
		return t
	}
	groupOf := map[string]pejling.BenefitGroup{}
	for _, p := range m.reg.onBenefit {
		groupOf[p.id] = p.group
	}
	placed := map[string]bool{}
	endOf := func(t pejling.ActivationType, start pejling.Date) pejling.Date {
		if t == pejling.Praktik {
			return start + pejling.Date(7*(4+r.IntN(10))) - 1 // 4–13 weeks
		}
		months := 2 + r.IntN(11) // 2–12 months
		return pejling.DateOf(start.Time().AddDate(0, months, 0).Date()) - 1
	}
	wage := func() pejling.ActivationType {
		if r.IntN(10) < 7 {
			return pejling.LtsPrivat
		}
		return pejling.LtsOffentlig
	}
	make1 := func(p pejling.Placement, creator int64, created time.Time, reservation int) {
		made, err := pol.New(p, userOf(creator), created)
		if err != nil {
			return // the draw broke a rule: not made (the tests count what is)
		}
		placed[p.PersonID] = true
		g.ops.Placements = append(g.ops.Placements, PlacementOf{Reservation: reservation, Made: made,
			Final: g.placementHistory(r, pol, made, leader, staff, userOf, at, today)})
	}

	// From the confirmed reservations: seven in ten, made within a few days of the
	// confirmation, starting one to two weeks later.
	for i, x := range g.ops.Reservations {
		s := g.ops.Slots[x.Slot]
		if s.Municipality != m.code || x.Outcome != pejling.ReservationConfirmed || placed[x.PersonID] || r.IntN(10) >= 7 {
			continue
		}
		created := g.openMoment(r, x.At, x.At.Add(days(4)))
		group, ok := groupOf[x.PersonID]
		if created.IsZero() || !ok {
			continue
		}
		t := pejling.Praktik
		if s.Type != pejling.SlotPraktik {
			t = wage()
		}
		start := pejling.UTCDay(created) + pejling.Date(7+r.IntN(8))
		make1(pejling.Placement{Municipality: m.code, PersonID: x.PersonID, Type: t, CVR: s.CVR, Start: start, End: endOf(t, start),
			HoursPerWeek: s.HoursPerWeek, Group: group}, x.ReservedBy, created, i+1)
	}
	// Directly, at the municipality's recorded companies, for persons on benefit: made
	// over the last year, two in five praktik.
	n := min(40, max(6, len(m.reg.onBenefit)/500))
	for range n {
		if len(m.companies) == 0 {
			break
		}
		p := m.reg.onBenefit[r.IntN(len(m.reg.onBenefit))]
		if placed[p.id] {
			continue
		}
		created := g.openMoment(r, g.now.Add(-days(365)), g.now.Add(-days(2)))
		if created.IsZero() {
			continue
		}
		t := pejling.Praktik
		if r.IntN(5) >= 2 {
			t = wage()
		}
		start := pejling.UTCDay(created) + pejling.Date(3+r.IntN(12))
		make1(pejling.Placement{Municipality: m.code, PersonID: p.id, Type: t, CVR: m.reg.companies[pickS(r, m.companies)].cvr,
			Start: start, End: endOf(t, start), HoursPerWeek: float64(15 + r.IntN(23)), Group: p.group}, pickID(r, staff),
			created, 0)
	}
}

// placementHistory plays a placement's history up to today through the rules: the
// approval, the follow-ups, the praktik's decision, an early end and the outcome.
func (g *opsGen) placementHistory(r *rand.Rand, pol *employer.PlacementPolicy, p pejling.Placement, leader pejling.User,
	staff []int64, userOf func(int64) pejling.User, at func(pejling.Date) time.Time, today pejling.Date) pejling.Placement {
	created := pejling.UTCDay(p.CreatedAt)
	step := func(next pejling.Placement, err error) bool {
		if err == nil {
			p = next
		}
		return err == nil
	}
	colleague := func() pejling.User {
		if r.IntN(3) > 0 {
			return userOf(p.CreatedBy)
		}
		return userOf(pickID(r, staff))
	}
	if p.Status == pejling.PlacementPendingApproval {
		// The leader approves seven in ten within a week; the others still wait; a few are withdrawn.
		day := created + pejling.Date(1+r.IntN(7))
		switch k := r.IntN(20); {
		case k == 0 && day < p.Start && day <= today:
			step(pol.Cancel(p, pickS(r, placementCancelReasons), at(day)))
			return p
		case k < 14 && day <= today:
			if !step(pol.Approve(p, leader, at(day))) {
				return p
			}
		default:
			return p
		}
	} else if r.IntN(25) == 0 && created+1 < p.Start && created+1 <= today {
		step(pol.Cancel(p, pickS(r, placementCancelReasons), at(created+1)))
		return p
	}
	if p.Start > today {
		return p
	}
	// An early end for one in eight; a praktik decided "end" ends soon after.
	early := pejling.Date(0)
	if r.IntN(8) == 0 {
		early = p.Start + pejling.Date(r.IntN(int(p.End-p.Start)))
	}
	decideOn := p.Start + pejling.Date(pol.DecisionAfterDays+r.IntN(4))
	var decision pejling.PlacementDecision
	if p.Type == pejling.Praktik && decideOn <= today && decideOn < p.End && r.IntN(10) < 9 {
		decision = pickS(r, []pejling.PlacementDecision{pejling.DecisionContinuePraktik, pejling.DecisionContinuePraktik,
			pejling.DecisionWageSubsidy, pejling.DecisionWageSubsidy, pejling.DecisionEnd})
		if decision == pejling.DecisionEnd && (early == 0 || early > decideOn) {
			early = min(decideOn+pejling.Date(r.IntN(7)), p.End-1)
		}
		if early != 0 && early < decideOn {
			decision = ""
		}
	}
	if early > today {
		early = 0
	}
	last := min(today, p.End)
	if early != 0 {
		last = early
	}
	// Follow-ups every 14 days, a few days late at most; one in seven is let slip: its
	// follow-ups stop at the first that fell due more than 3 days ago, which stays
	// overdue.
	slip := r.IntN(7) == 0
	for range pejling.MaxPlacementFollowUps {
		due, ok := pol.NextFollowUp(p)
		if !ok || due > last {
			break
		}
		if slip && due < today-3 {
			break
		}
		if decision != "" && due > decideOn && p.Decision == "" {
			step(pol.Decide(p, decision, colleague(), at(decideOn)))
		}
		day := min(due+pejling.Date(r.IntN(4)), last)
		if !step(pol.FollowUp(p, day, pickS(r, placementNotes), colleague(), at(day))) {
			break
		}
	}
	if decision != "" && p.Decision == "" {
		step(pol.Decide(p, decision, colleague(), at(decideOn)))
	}
	if early != 0 {
		step(pol.EndEarly(p, early, pickS(r, placementEndReasons), at(early)))
	}
	// The outcome, 6 months after the last day, recorded by hand for most (the
	// register's extract lies before it, so the register says nothing).
	if day := pol.OutcomeDay(p) + pejling.Date(r.IntN(10)); p.Counts() && day <= today && r.IntN(10) < 8 {
		o := pickS(r, []pejling.PlacementOutcome{pejling.OutcomeEmployed, pejling.OutcomeEmployed, pejling.OutcomeEducation,
			pejling.OutcomeOnBenefit, pejling.OutcomeOnBenefit, pejling.OutcomeOther, pejling.OutcomeUnknown})
		step(pol.RecordOutcome(p, o, pejling.OutcomeByHand, colleague(), at(day)))
	}
	return p
}

// placementRows adds the placements' rows to rows.
func (o *Operations) placementRows(rows map[string]int) {
	followUps := 0
	for _, p := range o.Placements {
		followUps += len(p.Final.FollowUps)
	}
	rows["placements"], rows["placement_follow_ups"] = len(o.Placements), followUps
}
