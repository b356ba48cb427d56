package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/employer"
	"github.com/pejling/pejling/sqldb"
)

// loadDemoOperations draws the operational side of the demo (demodata.GenerateOperations)
// from the data set in dir and writes it through the store's own methods, each record
// checked as the app checks it. The demo consultant's credentials are printed.
//
// A data set too small to draw from (a few hundred persons) is not an error: the demo
// says so and goes on without the operational side (ok false).
func loadDemoOperations(ctx context.Context, env *Env, db *sqldb.DB, dir string, seed int64, now time.Time) (rows map[string]int, ok bool, err error) {
	start := time.Now()
	ops, err := demodata.GenerateOperations(demodata.OperationsConfig{Data: dir, Seed: seed, Now: now})
	if pejling.ErrorCode(err) == pejling.EINVALID {
		fmt.Fprintf(env.Stdout, "No operational demo data: %s\n", pejling.ErrorMessage(err))
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	if err := writeOperations(ctx, env, db, ops); err != nil {
		return nil, false, fmt.Errorf("loading the operational demo data: %w", err)
	}
	rows = ops.Rows()
	total := 0
	for _, n := range rows {
		total += n
	}
	var names []string
	for _, c := range ops.Municipalities {
		m, _ := dk.MunicipalityByCode(c)
		names = append(names, m.Name)
	}
	fmt.Fprintf(env.Stdout, "Operational demo data for %s: %d users, %d companies, %d contacts logged, %d job orders, %d slots with %d reservations, %d job profiles, %d progression scores, %d teams with %d members, %d caseload assignments, %d team goals (%d rows) in %.1fs.\n",
		strings.Join(names, ", "), rows["users"], rows["company_records"], rows["contact_log"], rows["job_orders"],
		rows["placement_slots"], rows["placement_reservations"], rows["job_profiles"], rows["progression_scores"],
		rows["teams"], rows["team_members"], rows["caseloads"], rows["team_goals"], total, time.Since(start).Seconds())
	return rows, true, nil
}

// writeOperations writes ops through the store: users first (the provisional ids of
// ops are mapped to the store's), then each part in the order it depends on the others.
// Reservations are replayed in time order so that the store's capacity check sees them
// as it would have; held ones past their hold are marked expired at ops.Now.
func writeOperations(ctx context.Context, env *Env, db *sqldb.DB, ops *demodata.Operations) error {
	ids := make([]int64, len(ops.Staff))
	user := func(provisional int64) int64 {
		if provisional < 1 || int(provisional) > len(ids) {
			panic(fmt.Sprintf("demo operations: user %d is not one of the staff", provisional))
		}
		return ids[provisional-1]
	}
	// The staff do not sign in: they share the hash of a password nobody knows.
	hash, err := auth.HashPassword(auth.NewToken())
	if err != nil {
		return err
	}
	for i, s := range ops.Staff {
		if s.Demo {
			u, err := createDemoConsultant(ctx, env, db, s.Name, s.Municipality)
			if err != nil {
				return err
			}
			ids[i] = u.ID
			continue
		}
		u := pejling.User{Name: s.Name, Role: s.Role, Municipality: s.Municipality}
		if err := db.CreateUser(ctx, &u, hash); err != nil {
			return fmt.Errorf("user %s: %w", s.Name, err)
		}
		ids[i] = u.ID
	}
	// The municipalities are independent of each other: on PostgreSQL they are written
	// side by side, so that the commits of one overlap the others' (a few thousand
	// one-record transactions would otherwise wait for the disk one by one); on SQLite,
	// which has one writer at a time, one after the other.
	var parts []func() error
	for _, m := range ops.Municipalities {
		parts = append(parts, func() error { return writeMunicipality(ctx, db, ops, m, user) })
	}
	if err := runParts(ctx, db.Postgres(), parts); err != nil {
		return err
	}
	// Only now, with every municipality replayed: held ones past their hold expire.
	_, err = db.ExpireReservations(ctx, ops.Now)
	return err
}

// writeMunicipality writes the records of ops of the municipality m: the company
// records first, which the rest may name, then the other parts, which do not depend on
// each other — side by side on PostgreSQL, like the municipalities.
func writeMunicipality(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	for _, c := range ops.Companies {
		if c.Municipality != m {
			continue
		}
		if c.OwnerID != 0 {
			c.OwnerID = user(c.OwnerID)
		}
		if err := db.CreateCompanyRecord(ctx, &c); err != nil {
			return err
		}
	}
	parts := []func() error{
		func() error { return writeContacts(ctx, db, ops, m, user) },
		func() error { return writeOrders(ctx, db, ops, m, user) },
		func() error { return writeProfiles(ctx, db, ops, m, user) },
		func() error { return writeSlots(ctx, db, ops, m, user) },
		func() error { return writeProgression(ctx, db, ops, m, user) },
		func() error { return writeTeams(ctx, db, ops, m, user) },
	}
	return runParts(ctx, db.Postgres(), parts)
}

// runParts runs the parts, side by side when parallel, and returns the first error;
// an error stops the parts not yet begun.
func runParts(ctx context.Context, parallel bool, parts []func() error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, part := range parts {
		run := func() {
			if ctx.Err() != nil {
				errs[i] = ctx.Err()
				return
			}
			if errs[i] = part(); errs[i] != nil {
				cancel()
			}
		}
		if !parallel {
			run()
			continue
		}
		wg.Add(1)
		go func() { defer wg.Done(); run() }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

func writeContacts(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	for _, c := range ops.Contacts {
		if c.Municipality != m {
			continue
		}
		if err := db.CreateCompanyContact(ctx, &c); err != nil {
			return err
		}
	}
	for _, e := range ops.ContactLog {
		if e.Municipality != m {
			continue
		}
		e.UserID = user(e.UserID)
		if err := db.CreateContactLogEntry(ctx, &e); err != nil {
			return err
		}
	}
	return nil
}

// writeOrders stores each order as employer.NewOrder made it, then the rest of its
// history in one change.
func writeOrders(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	for k, o := range ops.Orders {
		if o.Municipality != m {
			continue
		}
		o.Owner = user(o.Owner)
		o.History = slices.Clone(o.History)
		for i := range o.History {
			o.History[i].Actor = user(o.History[i].Actor)
		}
		// Taken with its first requirements; an edited event in its history changes them.
		taken := o
		taken.Requirements = ops.OrderFirstRequirements[k]
		created, err := employer.NewOrder(taken, o.History[0].Actor, o.History[0].At)
		if err != nil {
			return err
		}
		if err := db.CreateJobOrder(ctx, &created); err != nil {
			return err
		}
		if len(o.History) > 1 {
			o.ID = created.ID
			if err := db.UpdateJobOrder(ctx, o, created.Version); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeProfiles(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	for _, p := range ops.Profiles {
		if p.Municipality != m {
			continue
		}
		if _, err := db.SaveProfile(ctx, p.Municipality, p.Profile, user(p.By), 0); err != nil {
			return err
		}
	}
	return nil
}

func writeSlots(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	slotIDs := make([]int64, len(ops.Slots))
	for i, s := range ops.Slots {
		if s.Municipality != m {
			continue
		}
		s.CreatedBy = user(s.CreatedBy)
		s.Skills = slices.Clone(s.Skills)
		if err := db.CreateSlot(ctx, &s); err != nil {
			return err
		}
		slotIDs[i] = s.ID
	}
	resIDs, err := replayReservations(ctx, db, ops, m, slotIDs, user)
	if err != nil {
		return err
	}
	return writePlacements(ctx, db, ops, m, resIDs, user)
}

// writeProgression stores the focus themes, then the scores in batches: one
// transaction each, not one per conversation.
func writeProgression(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	for _, f := range ops.Focus {
		if f.Municipality != m {
			continue
		}
		if err := db.SetFocusThemes(ctx, f.Municipality, f.Focus, user(f.By)); err != nil {
			return err
		}
	}
	var batch []pejling.ProgressionScore
	for _, c := range ops.Conversations {
		if c.Municipality != m {
			continue
		}
		if len(batch)+len(c.Scores) > sqldb.MaxProgressionBatch {
			if err := db.AddProgressionScores(ctx, m, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
		for _, s := range c.Scores {
			s.ScoredBy = user(s.ScoredBy)
			batch = append(batch, s)
		}
	}
	if len(batch) > 0 {
		return db.AddProgressionScores(ctx, m, batch)
	}
	return nil
}

// replayReservations makes, confirms and releases the reservations of the municipality
// m in the order they happened, and returns the store's id of each reservation of m.
func replayReservations(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, slotIDs []int64, user func(int64) int64) ([]int64, error) {
	type step struct {
		at  time.Time
		res int
		act pejling.ReservationStatus // held: reserve; confirmed, released: the change
	}
	var steps []step
	for i, x := range ops.Reservations {
		if ops.Slots[x.Slot].Municipality != m {
			continue
		}
		steps = append(steps, step{x.ReservedAt, i, pejling.ReservationHeld})
		if x.Outcome == pejling.ReservationConfirmed || x.Outcome == pejling.ReservationReleased {
			steps = append(steps, step{x.At, i, x.Outcome})
		}
	}
	slices.SortStableFunc(steps, func(a, b step) int { return a.at.Compare(b.at) })
	resIDs := make([]int64, len(ops.Reservations))
	for _, s := range steps {
		x := ops.Reservations[s.res]
		muni := ops.Slots[x.Slot].Municipality
		var err error
		switch s.act {
		case pejling.ReservationHeld:
			var r *pejling.Reservation
			if r, err = db.ReserveSlot(ctx, muni, slotIDs[x.Slot], x.PersonID, user(x.ReservedBy), x.ReservedAt, x.Hold); err == nil {
				resIDs[s.res] = r.ID
			}
		case pejling.ReservationConfirmed:
			_, err = db.ConfirmReservation(ctx, muni, resIDs[s.res], s.at)
		case pejling.ReservationReleased:
			_, err = db.ReleaseReservation(ctx, muni, resIDs[s.res], s.at)
		}
		if err != nil {
			return nil, fmt.Errorf("reservation of %s at %s: %w", x.PersonID, s.at.Format(time.RFC3339), err)
		}
	}
	return resIDs, nil
}

// createDemoConsultant makes the consultant account the demo signs in as to reach the
// employer service, and prints its password and second factor once. A consultant of a
// municipality sees personal data and so must sign in with a second factor
// (pejling.User.NeedsTOTP); the rule stays. The account is enrolled with a new TOTP
// key at once, printed as text and as an otpauth:// link for an authenticator app, so
// the demo needs no enrolment step — and only this account, made only by `pejling demo`
// in a store without users, is enrolled so.
func createDemoConsultant(ctx context.Context, env *Env, db *sqldb.DB, name string, municipality int) (*pejling.User, error) {
	password := auth.NewToken()[:20]
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u := pejling.User{Name: name, Role: pejling.RoleConsultant, Municipality: municipality}
	if err := db.CreateUser(ctx, &u, hash); err != nil {
		return nil, err
	}
	key := auth.NewTOTPKey()
	if err := db.EnrolTOTP(ctx, u.ID, key, 0); err != nil {
		return nil, err
	}
	m, _ := dk.MunicipalityByCode(municipality)
	fmt.Fprintf(env.Stdout, "Created the demo consultant: sign in as %q with the password %s\n"+
		"(a consultant of %s: the employer service and its citizens). Its second factor is enrolled already:\n"+
		"  add the key %s to an authenticator app, or open %s\n"+
		"  (or print a code with `oathtool --totp -b %s`)\n",
		name, password, m.Name, auth.GroupKey(key), auth.TOTPURI("Pejling", name, key), key)
	return &u, nil
}

// writeTeams stores the municipality m's teams and their members, then the caseloads —
// each person's assignments in time order (a reassignment ends the one before; an
// assignment with a last day is ended) — and the teams' goals.
func writeTeams(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, user func(int64) int64) error {
	teamID := map[string]int64{}
	for _, t := range ops.Teams {
		if t.Municipality != m {
			continue
		}
		team := pejling.Team{Municipality: m, Name: t.Name}
		if err := db.CreateTeam(ctx, &team); err != nil {
			return fmt.Errorf("team %s: %w", t.Name, err)
		}
		teamID[t.Name] = team.ID
		for _, u := range t.Members {
			if err := db.AddTeamMember(ctx, m, team.ID, user(u)); err != nil {
				return fmt.Errorf("team %s: %w", t.Name, err)
			}
		}
	}
	// The persons' caseloads are independent of each other: on PostgreSQL they are
	// written by four writers side by side (a person's assignments by one, in order).
	const writers = 4
	shards := make([][]int, writers)
	persons := 0
	for i, a := range ops.Caseloads {
		if a.Municipality != m {
			continue
		}
		if i == 0 || ops.Caseloads[i-1].PersonID != a.PersonID {
			persons++
		}
		shards[persons%writers] = append(shards[persons%writers], i)
	}
	var parts []func() error
	for _, shard := range shards {
		parts = append(parts, func() error { return writeCaseloads(ctx, db, ops, m, shard, user) })
	}
	if err := runParts(ctx, db.Postgres(), parts); err != nil {
		return err
	}
	for _, g := range ops.Goals {
		if g.Goal.Municipality != m {
			continue
		}
		goal := g.Goal
		goal.TeamID = teamID[g.Team]
		if err := db.SetTeamGoal(ctx, &goal, user(g.SetBy)); err != nil {
			return fmt.Errorf("goal of %s: %w", g.Team, err)
		}
	}
	return nil
}

// writeCaseloads writes the caseload assignments ops.Caseloads[i] for i in idx, in that
// order: a person's assignments are in time order, and an assignment with a last day
// that no reassignment ends is ended.
func writeCaseloads(ctx context.Context, db *sqldb.DB, ops *demodata.Operations, m int, idx []int, user func(int64) int64) error {
	for _, i := range idx {
		a := ops.Caseloads[i]
		a.UserID = user(a.UserID)
		last := a.To
		if err := db.AssignCaseload(ctx, &a, a.UserID); err != nil {
			return fmt.Errorf("caseload of %s: %w", a.PersonID, err)
		}
		next := i + 1
		if last < pejling.Forever && !(next < len(ops.Caseloads) && ops.Caseloads[next].PersonID == a.PersonID && ops.Caseloads[next].From == last+1) {
			if err := db.EndCaseload(ctx, m, a.PersonID, last); err != nil {
				return fmt.Errorf("caseload of %s: %w", a.PersonID, err)
			}
		}
	}
	return nil
}
