package sqldb_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// hostile is a value that would do harm if SQL were built from input; stored as
// parameters it is only text.
const hostile = `Robert'); DROP TABLE company_records; -- "x" \ % _`

// mustExec runs SQL of the test's own (no input in it) on the store's database.
func mustExec(t *testing.T, db *sqldb.DB, q string) {
	t.Helper()
	if _, err := db.SQL().Exec(q); err != nil {
		t.Fatal(err)
	}
}

// countRows returns the number of rows of a table of the company register.
func countRows(t *testing.T, db *sqldb.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func ptr[T any](v T) *T { return &v }

func TestCompanyRecord(t *testing.T) {
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		clock(db, at)
		anna := mustCreateUser(t, db, "anna", pejling.RoleConsultant, 101)
		bo := mustCreateUser(t, db, "bo", pejling.RoleConsultant, 147)
		// The register knows company 12345678 (and not 87654321).
		mustExec(t, db, `INSERT INTO companies (cvr, name, municipality, industry, employees, import_id, line)
			VALUES ('12345678', 'Æblegården ApS', 101, '011300', 42, 1, 2)`)

		t.Run("CreateAndFind", func(t *testing.T) {
			r := &pejling.CompanyRecord{Municipality: 101, CVR: "87654321", Name: "Byg & Co", Address: "Havnegade 1",
				Postcode: "8000", City: "Aarhus C", Industry: "412000", SizeBand: pejling.SizeSmall,
				Package: pejling.PackageGold, OwnerID: anna.ID, Notes: "Ring før kl. 10.\nSpørg efter Lise."}
			if err := db.CreateCompanyRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
			if r.Version != 1 || !r.CreatedAt.Equal(at) || !r.UpdatedAt.Equal(at) {
				t.Fatalf("created %+v", r)
			}
			got, err := db.FindCompanyRecord(ctx, 101, "87654321")
			if err != nil {
				t.Fatal(err)
			}
			if *got != *r {
				t.Errorf("found\n %+v\nwant %+v", got, r)
			}
			if err := db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 101, CVR: "87654321"}); pejling.ErrorCode(err) != pejling.ECONFLICT {
				t.Errorf("second record of the company: %v, want ECONFLICT", err)
			}
		})

		t.Run("RegisterFallback", func(t *testing.T) {
			r := &pejling.CompanyRecord{Municipality: 101, CVR: "12345678", City: "Odder"}
			if err := db.CreateCompanyRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
			if r.Package != pejling.PackageNone {
				t.Errorf("package %q, want none", r.Package)
			}
			got, err := db.FindCompanyRecord(ctx, 101, "12345678")
			if err != nil {
				t.Fatal(err)
			}
			want := pejling.RegisterFields{Name: true, Industry: true, SizeBand: true}
			if got.Name != "Æblegården ApS" || got.Industry != "011300" || got.SizeBand != pejling.SizeSmall || got.FromRegister != want {
				t.Errorf("fallback: %+v", got)
			}
			if got.Register == nil || got.Register.Employees != 42 || got.Register.Municipality != 101 {
				t.Errorf("register row %+v", got.Register)
			}
			// The record's own values win, and say so.
			got, err = db.UpdateCompanyRecord(ctx, 101, "12345678", pejling.CompanyUpdate{Name: ptr("Æblegården (Odder)")}, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Æblegården (Odder)" || got.FromRegister.Name || !got.FromRegister.Industry {
				t.Errorf("own name: %+v", got)
			}
			// A company the register does not know has no fallback.
			other, _ := db.FindCompanyRecord(ctx, 101, "87654321")
			if other.Register != nil || other.FromRegister != (pejling.RegisterFields{}) {
				t.Errorf("unregistered company: %+v", other)
			}
		})

		t.Run("Update", func(t *testing.T) {
			got, err := db.UpdateCompanyRecord(ctx, 101, "87654321", pejling.CompanyUpdate{
				Package: ptr(pejling.PackageSilver), OwnerID: ptr(int64(0)), Notes: ptr(hostile)}, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got.Version != 2 || got.Package != pejling.PackageSilver || got.OwnerID != 0 || got.Notes != hostile || got.Name != "Byg & Co" {
				t.Errorf("updated %+v", got)
			}
			_, err = db.UpdateCompanyRecord(ctx, 101, "87654321", pejling.CompanyUpdate{Notes: ptr("late")}, 1)
			if pejling.ErrorCode(err) != pejling.ECONFLICT || !strings.Contains(pejling.ErrorMessage(err), "version 2") {
				t.Errorf("stale version: %v, want ECONFLICT naming version 2", err)
			}
			if _, err := db.UpdateCompanyRecord(ctx, 101, "11112222", pejling.CompanyUpdate{}, 1); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("no record: %v, want ENOTFOUND", err)
			}
			_, err = db.UpdateCompanyRecord(ctx, 101, "87654321", pejling.CompanyUpdate{OwnerID: ptr(bo.ID)}, 2)
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "owner") {
				t.Errorf("owner of another municipality: %v, want EINVALID naming the owner", err)
			}
			_, err = db.UpdateCompanyRecord(ctx, 101, "87654321", pejling.CompanyUpdate{Notes: ptr("Ring 010203-1234")}, 2)
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), "CPR") {
				t.Errorf("CPR in notes: %v, want EINVALID", err)
			}
			if got, _ := db.FindCompanyRecord(ctx, 101, "87654321"); got.Version != 2 || got.Notes != hostile {
				t.Errorf("a refused update changed the record: %+v", got)
			}
		})

		t.Run("ConcurrentUpdates", func(t *testing.T) {
			r := &pejling.CompanyRecord{Municipality: 101, CVR: "55556666", Name: "Samtidig A/S"}
			if err := db.CreateCompanyRecord(ctx, r); err != nil {
				t.Fatal(err)
			}
			const n = 8
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = db.UpdateCompanyRecord(ctx, 101, "55556666", pejling.CompanyUpdate{Notes: ptr("writer " + string(rune('A'+i)))}, 1)
				}()
			}
			wg.Wait()
			won := 0
			for i, err := range errs {
				switch pejling.ErrorCode(err) {
				case "":
					won++
				case pejling.ECONFLICT:
				default:
					t.Errorf("writer %d: %v, want success or ECONFLICT", i, err)
				}
			}
			got, _ := db.FindCompanyRecord(ctx, 101, "55556666")
			if won != 1 || got.Version != 2 {
				t.Errorf("%d updates from version 1 won, record at version %d; want exactly 1 and version 2", won, got.Version)
			}
		})

		t.Run("FindCompanyRecords", func(t *testing.T) {
			find := func(f pejling.CompanyFilter) []string {
				t.Helper()
				rs, err := db.FindCompanyRecords(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				var cvrs []string
				for _, r := range rs {
					cvrs = append(cvrs, r.CVR)
				}
				return cvrs
			}
			for _, c := range []struct {
				name string
				f    pejling.CompanyFilter
				want string
			}{
				{"All", pejling.CompanyFilter{Municipality: 101}, "87654321 55556666 12345678"}, // by name: Byg, Samtidig, Æble…
				{"NameCase", pejling.CompanyFilter{Municipality: 101, Text: "BYG"}, "87654321"},
				{"RegisterName", pejling.CompanyFilter{Municipality: 101, Text: "gården"}, "12345678"},
				{"CVRPart", pejling.CompanyFilter{Municipality: 101, Text: "5556"}, "55556666"},
				{"City", pejling.CompanyFilter{Municipality: 101, Text: "odder"}, "12345678"},
				{"Wildcard", pejling.CompanyFilter{Municipality: 101, Text: "%"}, ""},
				{"Hostile", pejling.CompanyFilter{Municipality: 101, Text: hostile}, ""},
				{"Package", pejling.CompanyFilter{Municipality: 101, Package: pejling.PackageSilver}, "87654321"},
				{"Owner", pejling.CompanyFilter{Municipality: 101, Owner: anna.ID}, ""},
				{"Limit", pejling.CompanyFilter{Municipality: 101, Limit: 1}, "87654321"},
				{"OtherMunicipality", pejling.CompanyFilter{Municipality: 147}, ""},
			} {
				t.Run(c.name, func(t *testing.T) {
					if got := strings.Join(find(c.f), " "); got != c.want {
						t.Errorf("got %q, want %q", got, c.want)
					}
				})
			}
			if _, err := db.FindCompanyRecords(ctx, pejling.CompanyFilter{}); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("no municipality: %v, want EINVALID", err)
			}
		})

		t.Run("MunicipalityIsolation", func(t *testing.T) {
			if _, err := db.FindCompanyRecord(ctx, 147, "87654321"); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("147 reading 101's record: %v, want ENOTFOUND", err)
			}
			if _, err := db.UpdateCompanyRecord(ctx, 147, "87654321", pejling.CompanyUpdate{Notes: ptr("x")}, 2); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("147 updating 101's record: %v, want ENOTFOUND", err)
			}
			// 147 keeps a record of its own of the same company.
			if err := db.CreateCompanyRecord(ctx, &pejling.CompanyRecord{Municipality: 147, CVR: "87654321", Notes: "147's"}); err != nil {
				t.Fatal(err)
			}
			a, _ := db.FindCompanyRecord(ctx, 101, "87654321")
			b, _ := db.FindCompanyRecord(ctx, 147, "87654321")
			if a.Notes != hostile || b.Notes != "147's" || b.Name != "" {
				t.Errorf("records mixed up: 101 %+v, 147 %+v", a, b)
			}
		})

		t.Run("Contacts", func(t *testing.T) {
			c := &pejling.CompanyContact{Municipality: 101, CVR: "87654321", Name: "Lise Holm", Role: "HR-chef",
				Phone: "+45 86 12 34 56", Email: "lise@byg.dk"}
			if err := db.CreateCompanyContact(ctx, c); err != nil {
				t.Fatal(err)
			}
			h := &pejling.CompanyContact{Municipality: 101, CVR: "87654321", Name: hostile}
			if err := db.CreateCompanyContact(ctx, h); err != nil {
				t.Fatal(err)
			}
			cs, err := db.FindCompanyContacts(ctx, 101, "87654321")
			if err != nil || len(cs) != 2 || cs[0] != *c || cs[1] != *h {
				t.Fatalf("contacts %+v, %v", cs, err)
			}
			got, err := db.UpdateCompanyContact(ctx, 101, c.ID, pejling.CompanyContactUpdate{Role: ptr("Direktør"), Email: ptr("")})
			if err != nil || got.Role != "Direktør" || got.Email != "" || got.Phone != c.Phone {
				t.Fatalf("updated %+v, %v", got, err)
			}
			if _, err := db.UpdateCompanyContact(ctx, 101, c.ID, pejling.CompanyContactUpdate{Email: ptr("not an address")}); pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("bad e-mail: %v", err)
			}
			// Another municipality sees none of them.
			if cs, _ := db.FindCompanyContacts(ctx, 147, "87654321"); len(cs) != 0 {
				t.Errorf("147 sees 101's contacts: %+v", cs)
			}
			if _, err := db.FindCompanyContactByID(ctx, 147, c.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("147 reading 101's contact: %v", err)
			}
			if err := db.DeleteCompanyContact(ctx, 147, c.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("147 deleting 101's contact: %v", err)
			}
			if err := db.DeleteCompanyContact(ctx, 101, c.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.FindCompanyContactByID(ctx, 101, c.ID); pejling.ErrorCode(err) != pejling.ENOTFOUND {
				t.Errorf("deleted contact: %v", err)
			}
			// A contact person of a company without a record starts one.
			if err := db.CreateCompanyContact(ctx, &pejling.CompanyContact{Municipality: 101, CVR: "99990000", Name: "Ny"}); err != nil {
				t.Fatal(err)
			}
			if r, err := db.FindCompanyRecord(ctx, 101, "99990000"); err != nil || r.Package != pejling.PackageNone || r.Version != 1 {
				t.Errorf("implicit record %+v, %v", r, err)
			}
		})

		t.Run("BadInput", func(t *testing.T) {
			records, contacts := countRows(t, db, "company_records"), countRows(t, db, "company_contacts")
			ok := pejling.CompanyRecord{Municipality: 101, CVR: "31313131"}
			for _, c := range []struct {
				name, field string
				edit        func(r *pejling.CompanyRecord)
			}{
				{"MissingCVR", "CVR", func(r *pejling.CompanyRecord) { r.CVR = "" }},
				{"ShortCVR", "CVR", func(r *pejling.CompanyRecord) { r.CVR = "1234567" }},
				{"LetterCVR", "CVR", func(r *pejling.CompanyRecord) { r.CVR = "1234567a" }},
				{"HostileCVR", "CVR", func(r *pejling.CompanyRecord) { r.CVR = "1'; DROP TABLE x; --" }},
				{"NoMunicipality", "municipality", func(r *pejling.CompanyRecord) { r.Municipality = 0 }},
				{"LongName", "name", func(r *pejling.CompanyRecord) { r.Name = strings.Repeat("æ", pejling.MaxCompanyNameLen+1) }},
				{"LongNotes", "notes", func(r *pejling.CompanyRecord) { r.Notes = strings.Repeat("x", pejling.MaxNotesLen+1) }},
				{"CPRInNotes", "notes", func(r *pejling.CompanyRecord) { r.Notes = "borger 0102031234 i praktik" }},
				{"CPRWithDashInNotes", "notes", func(r *pejling.CompanyRecord) { r.Notes = "cpr: 311299-4321" }},
				{"CPRInAddress", "address", func(r *pejling.CompanyRecord) { r.Address = "1512881234" }},
				{"ControlInName", "name", func(r *pejling.CompanyRecord) { r.Name = "a\x00b" }},
				{"NewlineInName", "name", func(r *pejling.CompanyRecord) { r.Name = "a\nb" }},
				{"BadUTF8", "city", func(r *pejling.CompanyRecord) { r.City = "\xff" }},
				{"Postcode", "postcode", func(r *pejling.CompanyRecord) { r.Postcode = "80000" }},
				{"Industry", "industry", func(r *pejling.CompanyRecord) { r.Industry = "A1" }},
				{"SizeBand", "size band", func(r *pejling.CompanyRecord) { r.SizeBand = "huge" }},
				{"Package", "service package", func(r *pejling.CompanyRecord) { r.Package = "platinum" }},
				{"UnknownOwner", "owner", func(r *pejling.CompanyRecord) { r.OwnerID = 99999 }},
				{"OwnerOfOtherMunicipality", "owner", func(r *pejling.CompanyRecord) { r.OwnerID = bo.ID }},
			} {
				t.Run(c.name, func(t *testing.T) {
					r := ok
					c.edit(&r)
					err := db.CreateCompanyRecord(ctx, &r)
					if pejling.ErrorCode(err) != pejling.EINVALID || !strings.HasPrefix(pejling.ErrorMessage(err), c.field) {
						t.Errorf("got %v, want EINVALID naming %s", err, c.field)
					}
				})
			}
			for _, c := range []struct {
				name, field string
				edit        func(c *pejling.CompanyContact)
			}{
				{"NoName", "name", func(c *pejling.CompanyContact) { c.Name = " " }},
				{"LongName", "name", func(c *pejling.CompanyContact) { c.Name = strings.Repeat("x", pejling.MaxContactNameLen+1) }},
				{"CPRInName", "name", func(c *pejling.CompanyContact) { c.Name = "Lise 010203-1234" }},
				{"CPRInRole", "role", func(c *pejling.CompanyContact) { c.Role = "0102031234" }},
				{"PhoneLetters", "phone", func(c *pejling.CompanyContact) { c.Phone = "86 12 AB 56" }},
				{"PhoneShort", "phone", func(c *pejling.CompanyContact) { c.Phone = "1234" }},
				{"PhoneCPR", "phone", func(c *pejling.CompanyContact) { c.Phone = "0102031234" }},
				{"EmailNoAt", "email", func(c *pejling.CompanyContact) { c.Email = "lise.byg.dk" }},
				{"EmailHostile", "email", func(c *pejling.CompanyContact) { c.Email = "a@b.dk'; DROP TABLE x; --" }},
				{"EmailLong", "email", func(c *pejling.CompanyContact) { c.Email = strings.Repeat("a", 250) + "@b.dk" }},
				{"MissingCVR", "CVR", func(c *pejling.CompanyContact) { c.CVR = "" }},
			} {
				t.Run("Contact"+c.name, func(t *testing.T) {
					contact := pejling.CompanyContact{Municipality: 101, CVR: "31313131", Name: "Lise"}
					c.edit(&contact)
					err := db.CreateCompanyContact(ctx, &contact)
					if pejling.ErrorCode(err) != pejling.EINVALID || !strings.HasPrefix(pejling.ErrorMessage(err), c.field) {
						t.Errorf("got %v, want EINVALID naming %s", err, c.field)
					}
				})
			}
			if r, c := countRows(t, db, "company_records"), countRows(t, db, "company_contacts"); r != records || c != contacts {
				t.Errorf("refused input stored rows: records %d → %d, contacts %d → %d", records, r, contacts, c)
			}
		})
	})
}
