package sqldb_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

func mustLogContact(t *testing.T, db *sqldb.DB, e pejling.ContactLogEntry) pejling.ContactLogEntry {
	t.Helper()
	if e.Channel == "" {
		e.Channel = pejling.ContactByPhone
	}
	if err := db.CreateContactLogEntry(context.Background(), &e); err != nil {
		t.Fatal(err)
	}
	return e
}

func ids(es []pejling.ContactLogEntry) []int64 {
	out := []int64{}
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func sameIDs(a []pejling.ContactLogEntry, b ...pejling.ContactLogEntry) bool {
	x, y := ids(a), ids(b)
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

func TestContactLog(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		clock(db, now)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 101)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 101)
		carl := mustCreateUser(t, db, "carl", pejling.RoleConsultant, 147)
		const cvr = "87654321"

		first := mustLogContact(t, db, pejling.ContactLogEntry{Municipality: 101, CVR: cvr, UserID: anna.ID, At: now.Add(-20 * day),
			Topic: pejling.TopicPlacement, Outcome: "Interesseret i praktikant."})
		second := mustLogContact(t, db, pejling.ContactLogEntry{Municipality: 101, CVR: cvr, UserID: bo.ID, At: now.Add(-3 * day),
			Channel: pejling.ContactByVisit, Topic: pejling.TopicRecruitment, Outcome: hostile, NextStep: "Send CV'er",
			NextStepDate: pejling.MustParseDate("2026-03-20")})
		third := mustLogContact(t, db, pejling.ContactLogEntry{Municipality: 101, CVR: cvr, UserID: anna.ID, At: now.Add(-1 * day),
			Topic: pejling.TopicRecruitment, Outcome: "Opfølgning."})
		other := mustLogContact(t, db, pejling.ContactLogEntry{Municipality: 101, CVR: "11112222", UserID: bo.ID, At: now.Add(-2 * day),
			Topic: pejling.TopicRecruitment})
		foreign := mustLogContact(t, db, pejling.ContactLogEntry{Municipality: 147, CVR: cvr, UserID: carl.ID, At: now.Add(-1 * day),
			Topic: pejling.TopicRecruitment, Outcome: "147's"})

		t.Run("Find", func(t *testing.T) {
			find := func(f pejling.ContactLogFilter) []pejling.ContactLogEntry {
				t.Helper()
				es, err := db.FindContactLog(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				return es
			}
			es := find(pejling.ContactLogFilter{Municipality: 101, CVR: cvr})
			if !sameIDs(es, third, second, first) {
				t.Fatalf("newest first: %v", ids(es))
			}
			if es[1] != second {
				t.Errorf("stored verbatim:\n got %+v\nwant %+v", es[1], second)
			}
			if es := find(pejling.ContactLogFilter{Municipality: 101}); !sameIDs(es, third, other, second, first) {
				t.Errorf("whole log: %v", ids(es))
			}
			if es := find(pejling.ContactLogFilter{Municipality: 101, Since: now.Add(-3 * day)}); !sameIDs(es, third, other, second) {
				t.Errorf("since: %v", ids(es))
			}
			if es := find(pejling.ContactLogFilter{Municipality: 101, UserID: anna.ID}); !sameIDs(es, third, first) {
				t.Errorf("user: %v", ids(es))
			}
			if es := find(pejling.ContactLogFilter{Municipality: 101, Limit: 1}); !sameIDs(es, third) {
				t.Errorf("limit: %v", ids(es))
			}
			if es := find(pejling.ContactLogFilter{Municipality: 147}); !sameIDs(es, foreign) {
				t.Errorf("municipality 147 sees %v", ids(es))
			}
			if es := find(pejling.ContactLogFilter{Municipality: 101, CVR: hostile}); len(es) != 0 {
				t.Errorf("hostile CVR filter: %v", ids(es))
			}
			// The first contact started a record of the company.
			if r, err := db.FindCompanyRecord(ctx, 101, "11112222"); err != nil || r.Package != pejling.PackageNone {
				t.Errorf("record started by a contact: %+v, %v", r, err)
			}
		})

		t.Run("Precheck", func(t *testing.T) {
			// Anna is about to call about recruitment: Bo did 3 days ago.
			p, err := db.ContactPrecheck(ctx, 101, cvr, anna.ID, pejling.TopicRecruitment, now, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !p.Warning || p.Window != pejling.DefaultTopicWindow || !sameIDs(p.SameTopic, second) || !sameIDs(p.Recent, second) {
				t.Errorf("colleague's same topic within 14 days: %+v", p)
			}
			// Bo: only Anna's contacts are colleagues'; her recruitment call was yesterday.
			p, _ = db.ContactPrecheck(ctx, 101, cvr, bo.ID, pejling.TopicRecruitment, now, 0)
			if !p.Warning || !sameIDs(p.SameTopic, third) || !sameIDs(p.Recent, third, first) {
				t.Errorf("bo: %+v", p)
			}
			// Placement: Anna's own contact never warns her.
			if p, _ := db.ContactPrecheck(ctx, 101, cvr, anna.ID, pejling.TopicPlacement, now, 0); p.Warning {
				t.Errorf("own contact warned: %+v", p)
			}
			// Bo about placement: Anna's was 20 days ago, outside 14 days, inside 30.
			if p, _ := db.ContactPrecheck(ctx, 101, cvr, bo.ID, pejling.TopicPlacement, now, 0); p.Warning || len(p.SameTopic) != 0 {
				t.Errorf("older than the window warned: %+v", p)
			}
			if p, _ := db.ContactPrecheck(ctx, 101, cvr, bo.ID, pejling.TopicPlacement, now, 30*day); !p.Warning || !sameIDs(p.SameTopic, first) {
				t.Errorf("30-day window: %+v", p)
			}
			if p, _ := db.ContactPrecheck(ctx, 101, cvr, anna.ID, pejling.TopicRecruitment, now, 2*day); p.Warning {
				t.Errorf("2-day window warned about a contact 3 days old: %+v", p)
			}
			// Another topic, and another municipality's contacts, never warn.
			if p, _ := db.ContactPrecheck(ctx, 101, cvr, anna.ID, pejling.TopicRetention, now, 0); p.Warning {
				t.Errorf("other topic warned: %+v", p)
			}
			if p, _ := db.ContactPrecheck(ctx, 147, cvr, 0, pejling.TopicPlacement, now, 0); p.Warning || !sameIDs(p.Recent, foreign) {
				t.Errorf("147: %+v", p)
			}
			for _, bad := range []struct {
				name  string
				check func() error
			}{
				{"Topic", func() error {
					_, err := db.ContactPrecheck(ctx, 101, cvr, anna.ID, "gossip", now, 0)
					return err
				}},
				{"CVR", func() error {
					_, err := db.ContactPrecheck(ctx, 101, "123", anna.ID, pejling.TopicOther, now, 0)
					return err
				}},
				{"Window", func() error {
					_, err := db.ContactPrecheck(ctx, 101, cvr, anna.ID, pejling.TopicOther, now, -day)
					return err
				}},
			} {
				if err := bad.check(); pejling.ErrorCode(err) != pejling.EINVALID {
					t.Errorf("bad %s: %v, want EINVALID", bad.name, err)
				}
			}
		})

		t.Run("BadInput", func(t *testing.T) {
			before, records := countRows(t, db, "contact_log"), countRows(t, db, "company_records")
			for _, c := range []struct {
				name, field string
				edit        func(e *pejling.ContactLogEntry)
			}{
				{"MissingCVR", "CVR", func(e *pejling.ContactLogEntry) { e.CVR = "" }},
				{"CVRNot8Digits", "CVR", func(e *pejling.ContactLogEntry) { e.CVR = "123456789" }},
				{"NoUser", "user", func(e *pejling.ContactLogEntry) { e.UserID = 0 }},
				{"UnknownUser", "user", func(e *pejling.ContactLogEntry) { e.UserID = 99999 }},
				{"UserOfOtherMunicipality", "user", func(e *pejling.ContactLogEntry) { e.UserID = carl.ID }},
				{"NoTime", "at", func(e *pejling.ContactLogEntry) { e.At = time.Time{} }},
				{"Channel", "channel", func(e *pejling.ContactLogEntry) { e.Channel = "pigeon" }},
				{"HostileChannel", "channel", func(e *pejling.ContactLogEntry) { e.Channel = "'; DROP TABLE x; --" }},
				{"Topic", "topic", func(e *pejling.ContactLogEntry) { e.Topic = "gossip" }},
				{"NoTopic", "topic", func(e *pejling.ContactLogEntry) { e.Topic = "" }},
				{"LongOutcome", "outcome", func(e *pejling.ContactLogEntry) { e.Outcome = strings.Repeat("ø", pejling.MaxOutcomeLen+1) }},
				{"CPRInOutcome", "outcome", func(e *pejling.ContactLogEntry) { e.Outcome = "Talte om 2902001234." }},
				{"CPRWithDashInOutcome", "outcome", func(e *pejling.ContactLogEntry) { e.Outcome = "cpr 010203-1234" }},
				{"CPRInNextStep", "next step", func(e *pejling.ContactLogEntry) { e.NextStep = "ring om 311299 1234" }},
				{"LongNextStep", "next step", func(e *pejling.ContactLogEntry) { e.NextStep = strings.Repeat("x", pejling.MaxNextStepLen+1) }},
				{"NUL", "outcome", func(e *pejling.ContactLogEntry) { e.Outcome = "a\x00b" }},
				{"NextStepDate", "next step date", func(e *pejling.ContactLogEntry) { e.NextStepDate = -1 }},
				{"NoMunicipality", "municipality", func(e *pejling.ContactLogEntry) { e.Municipality = 0 }},
			} {
				t.Run(c.name, func(t *testing.T) {
					e := pejling.ContactLogEntry{Municipality: 101, CVR: "42424242", UserID: anna.ID, At: now,
						Channel: pejling.ContactByEmail, Topic: pejling.TopicJobOrder, Outcome: "ok"}
					c.edit(&e)
					err := db.CreateContactLogEntry(ctx, &e)
					if pejling.ErrorCode(err) != pejling.EINVALID || !strings.HasPrefix(pejling.ErrorMessage(err), c.field) {
						t.Errorf("got %v, want EINVALID naming %s", err, c.field)
					}
				})
			}
			if n, r := countRows(t, db, "contact_log"), countRows(t, db, "company_records"); n != before || r != records {
				t.Errorf("refused entries stored rows: log %d → %d, records %d → %d", before, n, records, r)
			}
			// Not CPR numbers: no real day, or part of a longer number.
			for _, s := range []string{"Ordre 3213001234", "EAN 5790001234567", "tlf 86 12 34 56", "uge 12, 2026", "CVR 12345678"} {
				e := pejling.ContactLogEntry{Municipality: 101, CVR: cvr, UserID: anna.ID, At: now, Channel: pejling.ContactByEmail,
					Topic: pejling.TopicOther, Outcome: s}
				if err := db.CreateContactLogEntry(ctx, &e); err != nil {
					t.Errorf("%q: %v", s, err)
				}
			}
		})
	})
}

func TestCompanyHistory(t *testing.T) {
	ctx := context.Background()
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		now := time.Date(2026, 3, 16, 10, 0, 0, 0, time.UTC)
		clock(db, now)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 101)
		const cvr = "87654321"
		d := func(s string) string { return strconv.Itoa(int(pejling.MustParseDate(s))) }
		// p1: praktik at the company in 101, hired 30 days after; p2: praktik there, no
		// job; p3: løntilskud there, then a job a year later (too late); p4: praktik at the
		// company but for municipality 147.
		mustExec(t, db, `INSERT INTO activation_spells (person_id, start_day, municipality, activation_type, cvr, benefit_group,
			end_day, hours_per_week, intervention_id, import_id, line) VALUES
			('p1', `+d("2025-01-06")+`, 101, 'praktik', '`+cvr+`', 'kontanthjaelp', `+d("2025-02-28")+`, 37, '', 1, 2),
			('p2', `+d("2025-05-05")+`, 101, 'praktik', '`+cvr+`', 'kontanthjaelp', `+d("2025-06-30")+`, 20, '', 1, 3),
			('p3', `+d("2024-01-08")+`, 101, 'lts_privat', '`+cvr+`', 'dagpenge', `+d("2024-06-30")+`, 37, '', 1, 4),
			('p4', `+d("2025-01-06")+`, 147, 'praktik', '`+cvr+`', 'kontanthjaelp', `+d("2025-02-28")+`, 37, '', 1, 5),
			('p1', `+d("2024-01-08")+`, 101, 'praktik', '11112222', 'kontanthjaelp', `+d("2024-02-28")+`, 37, '', 1, 6)`)
		mustExec(t, db, `INSERT INTO employment_spells (person_id, start_day, end_day, import_id, line) VALUES
			('p1', `+d("2025-03-30")+`, NULL, 1, 2),
			('p3', `+d("2025-06-30")+`, `+d("2025-12-31")+`, 1, 3),
			('p4', `+d("2025-03-01")+`, NULL, 1, 4)`)
		mustLogContact(t, db, pejling.ContactLogEntry{Municipality: 101, CVR: cvr, UserID: anna.ID, At: now.Add(-time.Hour), Topic: pejling.TopicFollowUp})

		h, err := db.CompanyHistory(ctx, 101, cvr)
		if err != nil {
			t.Fatal(err)
		}
		if h.ContactCount != 1 || len(h.Contacts) != 1 {
			t.Errorf("contacts %d %+v", h.ContactCount, h.Contacts)
		}
		if h.PlacementCount != 3 || len(h.Placements) != 3 || h.Placements[0].PersonID != "p2" || h.Placements[2].PersonID != "p3" {
			t.Errorf("placements %d %+v", h.PlacementCount, h.Placements)
		}
		want := pejling.CompanyHire{PersonID: "p1", PlacementType: "praktik", PlacementStart: pejling.MustParseDate("2025-01-06"),
			PlacementEnd: pejling.MustParseDate("2025-02-28"), Start: pejling.MustParseDate("2025-03-30"), End: pejling.Forever}
		if h.HireCount != 1 || len(h.Hires) != 1 || h.Hires[0] != want {
			t.Errorf("hires %d %+v, want %+v", h.HireCount, h.Hires, want)
		}
		h147, err := db.CompanyHistory(ctx, 147, cvr)
		if err != nil || h147.ContactCount != 0 || h147.PlacementCount != 1 || h147.HireCount != 1 || h147.Hires[0].PersonID != "p4" {
			t.Errorf("147's history %+v, %v", h147, err)
		}
		if _, err := db.CompanyHistory(ctx, 101, "x"); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("bad CVR: %v", err)
		}
	})
}
