package sqldb_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
)

// TestTeams: teams, members, caseloads with their history and goals on both
// databases, with the refusals that keep them consistent and scoped to a municipality.
func TestTeams(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		ctx := context.Background()
		db := open(t)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 101)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 101)
		other := mustCreateUser(t, db, "carl", pejling.RoleConsultant, 147)

		north := &pejling.Team{Municipality: 101, Name: " Nord "}
		if err := db.CreateTeam(ctx, north); err != nil || north.ID == 0 || north.Name != "Nord" {
			t.Fatalf("create: %v %+v", err, north)
		}
		south := &pejling.Team{Municipality: 101, Name: "Syd"}
		if err := db.CreateTeam(ctx, south); err != nil {
			t.Fatal(err)
		}
		elsewhere := &pejling.Team{Municipality: 147, Name: "Nord"}
		if err := db.CreateTeam(ctx, elsewhere); err != nil {
			t.Fatalf("the same name in another municipality: %v", err)
		}
		for name, tc := range map[string]struct {
			team pejling.Team
			code string
		}{
			"DuplicateName":  {pejling.Team{Municipality: 101, Name: "NORD"}, pejling.ECONFLICT},
			"Empty":          {pejling.Team{Municipality: 101, Name: "  "}, pejling.EINVALID},
			"Oversized":      {pejling.Team{Municipality: 101, Name: strings.Repeat("x", 81)}, pejling.EINVALID},
			"CPR":            {pejling.Team{Municipality: 101, Name: "team 010190-1234"}, pejling.EINVALID},
			"Control":        {pejling.Team{Municipality: 101, Name: "a\x00b"}, pejling.EINVALID},
			"NoMunicipality": {pejling.Team{Name: "x"}, pejling.EINVALID},
		} {
			t.Run(name, func(t *testing.T) {
				tc := tc
				if err := db.CreateTeam(ctx, &tc.team); pejling.ErrorCode(err) != tc.code {
					t.Errorf("err %v, want %s", err, tc.code)
				}
			})
		}
		hostile := &pejling.Team{Municipality: 101, Name: `<script>alert(1)</script>'; DROP TABLE teams;--`}
		if err := db.CreateTeam(ctx, hostile); err != nil {
			t.Fatalf("a hostile name is text: %v", err)
		}
		ts, err := db.FindTeams(ctx, 101)
		if err != nil || len(ts) != 3 || ts[0].Name != hostile.Name || ts[1].Name != "Nord" || ts[2].Name != "Syd" {
			t.Fatalf("teams %+v %v", ts, err)
		}
		if _, err := db.FindTeam(ctx, 101, elsewhere.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("another municipality's team: %v", err)
		}

		// Members: one team at a time, users of the municipality only.
		if err := db.AddTeamMember(ctx, 101, north.ID, anna.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.AddTeamMember(ctx, 101, north.ID, bo.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.AddTeamMember(ctx, 101, south.ID, anna.ID); pejling.ErrorCode(err) != pejling.ECONFLICT || !strings.Contains(err.Error(), "Nord") {
			t.Errorf("a second team: %v", err)
		}
		if err := db.AddTeamMember(ctx, 101, north.ID, anna.ID); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("a duplicate member: %v", err)
		}
		if err := db.AddTeamMember(ctx, 101, north.ID, other.ID); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("a user of another municipality: %v", err)
		}
		if err := db.AddTeamMember(ctx, 101, elsewhere.ID, bo.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("another municipality's team: %v", err)
		}
		if err := db.RemoveTeamMember(ctx, 101, north.ID, bo.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.RemoveTeamMember(ctx, 101, north.ID, bo.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("remove twice: %v", err)
		}
		if err := db.AddTeamMember(ctx, 101, south.ID, bo.ID); err != nil {
			t.Fatalf("moved to another team: %v", err)
		}
		ms, err := db.FindTeamMembers(ctx, 101)
		if err != nil || len(ms) != 2 || ms[0] != (pejling.TeamMember{TeamID: north.ID, UserID: anna.ID}) || ms[1] != (pejling.TeamMember{TeamID: south.ID, UserID: bo.ID}) {
			t.Fatalf("members %+v %v", ms, err)
		}

		// Caseloads: reassigning ends the running assignment; the history stays.
		d := pejling.DateOf(2026, 3, 2)
		a := &pejling.CaseloadAssignment{Municipality: 101, PersonID: "P1", UserID: anna.ID, From: d}
		if err := db.AssignCaseload(ctx, a, anna.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.AssignCaseload(ctx, &pejling.CaseloadAssignment{Municipality: 101, PersonID: "P1", UserID: anna.ID, From: d + 5}, anna.ID); pejling.ErrorCode(err) != pejling.ECONFLICT {
			t.Errorf("same consultant again: %v", err)
		}
		if err := db.AssignCaseload(ctx, &pejling.CaseloadAssignment{Municipality: 101, PersonID: "P1", UserID: bo.ID, From: d}, anna.ID); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("a reassignment not after the current start: %v", err)
		}
		if err := db.AssignCaseload(ctx, &pejling.CaseloadAssignment{Municipality: 101, PersonID: "P1", UserID: bo.ID, From: d + 10}, anna.ID); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]pejling.CaseloadAssignment{
			"CPR":          {Municipality: 101, PersonID: "0101901234", UserID: anna.ID, From: d},
			"NoPerson":     {Municipality: 101, UserID: anna.ID, From: d},
			"NoDay":        {Municipality: 101, PersonID: "P2", UserID: anna.ID},
			"OtherUser":    {Municipality: 101, PersonID: "P2", UserID: other.ID, From: d},
			"UnknownUser":  {Municipality: 101, PersonID: "P2", UserID: 9999, From: d},
			"NoConsultant": {Municipality: 101, PersonID: "P2", From: d},
		} {
			if err := db.AssignCaseload(ctx, &bad, anna.ID); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := db.EndCaseload(ctx, 101, "P1", d+9); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("an end before the start: %v", err)
		}
		if err := db.EndCaseload(ctx, 101, "P1", d+20); err != nil {
			t.Fatal(err)
		}
		if err := db.EndCaseload(ctx, 101, "P1", d+21); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("end twice: %v", err)
		}
		if err := db.EndCaseload(ctx, 147, "P1", d+21); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("another municipality: %v", err)
		}
		cs, err := db.FindCaseloads(ctx, 101)
		if err != nil || len(cs) != 2 ||
			cs[0].UserID != anna.ID || cs[0].From != d || cs[0].To != d+9 ||
			cs[1].UserID != bo.ID || cs[1].From != d+10 || cs[1].To != d+20 {
			t.Fatalf("history %+v %v", cs, err)
		}
		if cs, _ := db.FindCaseloads(ctx, 147); len(cs) != 0 {
			t.Errorf("another municipality sees %+v", cs)
		}

		// Goals: a goal of the same team, metric and week replaces the earlier one.
		g := &pejling.TeamGoal{Municipality: 101, TeamID: north.ID, Metric: pejling.MetricActivationRate, Target: 0.3, Direction: pejling.AtLeast, FromWeek: d}
		if err := db.SetTeamGoal(ctx, g, anna.ID); err != nil {
			t.Fatal(err)
		}
		g2 := *g
		g2.Target = 0.35
		if err := db.SetTeamGoal(ctx, &g2, anna.ID); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]pejling.TeamGoal{
			"UnknownMetric": {Municipality: 101, TeamID: north.ID, Metric: "speed'; --", Target: 1, Direction: pejling.AtLeast, FromWeek: d},
			"Negative":      {Municipality: 101, TeamID: north.ID, Metric: pejling.MetricOutflow, Target: -1, Direction: pejling.AtLeast, FromWeek: d},
			"ShareOver1":    {Municipality: 101, TeamID: north.ID, Metric: pejling.MetricServiceLevels, Target: 1.5, Direction: pejling.AtLeast, FromWeek: d},
			"NotMonday":     {Municipality: 101, TeamID: north.ID, Metric: pejling.MetricOutflow, Target: 1, Direction: pejling.AtLeast, FromWeek: d + 1},
			"Direction":     {Municipality: 101, TeamID: north.ID, Metric: pejling.MetricOutflow, Target: 1, Direction: "more", FromWeek: d},
		} {
			if err := db.SetTeamGoal(ctx, &bad, anna.ID); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := db.SetTeamGoal(ctx, &pejling.TeamGoal{Municipality: 101, TeamID: elsewhere.ID, Metric: pejling.MetricOutflow, Target: 1, Direction: pejling.AtLeast, FromWeek: d}, anna.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("another municipality's team: %v", err)
		}
		// Company visits: the visits of the municipality since a time, nothing else.
		at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
		for i, e := range []pejling.ContactLogEntry{
			{Municipality: 101, CVR: "12345678", UserID: anna.ID, At: at, Channel: pejling.ContactByVisit, Topic: pejling.ContactTopics()[0], Outcome: "ok"},
			{Municipality: 101, CVR: "12345678", UserID: anna.ID, At: at, Channel: pejling.ContactByPhone, Topic: pejling.ContactTopics()[0], Outcome: "ok"},
			{Municipality: 101, CVR: "12345678", UserID: bo.ID, At: at.AddDate(0, 0, -30), Channel: pejling.ContactByVisit, Topic: pejling.ContactTopics()[0], Outcome: "ok"},
			{Municipality: 147, CVR: "12345678", UserID: other.ID, At: at, Channel: pejling.ContactByVisit, Topic: pejling.ContactTopics()[0], Outcome: "ok"},
		} {
			if err := db.CreateContactLogEntry(ctx, &e); err != nil {
				t.Fatalf("entry %d: %v", i, err)
			}
		}
		vs, err := db.FindCompanyVisits(ctx, 101, at.AddDate(0, 0, -7))
		if err != nil || len(vs) != 1 || vs[0].UserID != anna.ID || vs[0].Channel != pejling.ContactByVisit {
			t.Errorf("visits %+v %v", vs, err)
		}

		gs, err := db.FindTeamGoals(ctx, 101)
		if err != nil || len(gs) != 1 || gs[0].Target != 0.35 || gs[0].Metric != pejling.MetricActivationRate || gs[0].FromWeek != d {
			t.Fatalf("goals %+v %v", gs, err)
		}
	})
}
