package sqldb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/employer"
)

// TestServicePolicy stores a municipality's own policy, replaces and deletes it, and
// refuses every bad file without changing what is stored — on both databases.
func TestServicePolicy(t *testing.T) {
	forEachDB(t, func(t *testing.T, open opener) {
		db := open(t)
		ctx := context.Background()
		anna := mustCreateUser(t, db, "anna", pejling.RoleAnalyst, 751)
		vejle := mustCreateUser(t, db, "vejle", pejling.RoleAnalyst, 630)
		if _, err := db.FindServicePolicy(ctx, 751); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Fatalf("a municipality without a policy: %v", err)
		}
		seven := bytes.Replace(employer.DefaultPolicyJSON(), []byte(`"untouched_days": 14`), []byte(`"untouched_days": 7`), 1)
		at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		if err := db.SaveServicePolicy(ctx, pejling.ServicePolicyFile{Municipality: 751, JSON: seven, SavedBy: anna.ID, SavedAt: at}); err != nil {
			t.Fatal(err)
		}
		got, err := db.FindServicePolicy(ctx, 751)
		if err != nil || !bytes.Equal(got.JSON, seven) || got.SavedBy != anna.ID || !got.SavedAt.Equal(at) {
			t.Fatalf("stored %+v, %v", got, err)
		}
		if p, err := employer.LoadPolicy(bytes.NewReader(got.JSON)); err != nil || p.UntouchedDays != 7 {
			t.Errorf("the stored policy reads %+v, %v", p, err)
		}
		for _, c := range []struct {
			name string
			p    pejling.ServicePolicyFile
			want string
		}{
			{"NotJSON", pejling.ServicePolicyFile{Municipality: 751, JSON: []byte("untouched_days=3"), SavedBy: anna.ID}, "not valid JSON"},
			{"UnknownField", pejling.ServicePolicyFile{Municipality: 751, JSON: bytes.Replace(seven, []byte(`"untouched_days"`), []byte(`"untuched_days"`), 1), SavedBy: anna.ID}, "untuched_days"},
			{"NoTimeZone", pejling.ServicePolicyFile{Municipality: 751, JSON: bytes.Replace(seven, []byte(`"time_zone": "Europe/Copenhagen",`), nil, 1), SavedBy: anna.ID}, "time_zone"},
			{"TooLarge", pejling.ServicePolicyFile{Municipality: 751, JSON: append(bytes.Clone(seven), bytes.Repeat([]byte(" "), pejling.MaxServicePolicyBytes)...), SavedBy: anna.ID}, "at most"},
			{"NUL", pejling.ServicePolicyFile{Municipality: 751, JSON: append(bytes.Clone(seven), 0), SavedBy: anna.ID}, "NUL"},
			{"OtherMunicipalitysUser", pejling.ServicePolicyFile{Municipality: 751, JSON: seven, SavedBy: vejle.ID}, "not a user of municipality 751"},
			{"NoMunicipality", pejling.ServicePolicyFile{JSON: seven, SavedBy: anna.ID}, "out of range"},
		} {
			t.Run(c.name, func(t *testing.T) {
				err := db.SaveServicePolicy(ctx, c.p)
				if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(err.Error(), c.want) {
					t.Errorf("got %v, want EINVALID about %q", err, c.want)
				}
				if got, _ := db.FindServicePolicy(ctx, 751); !bytes.Equal(got.JSON, seven) {
					t.Error("a refused file changed the stored policy")
				}
			})
		}
		if _, err := db.FindServicePolicy(ctx, 630); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("751's policy leaks to 630: %v", err)
		}
		if err := db.DeleteServicePolicy(ctx, 751); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindServicePolicy(ctx, 751); pejling.ErrorCode(err) != pejling.ENOTFOUND {
			t.Errorf("after the delete: %v", err)
		}
	})
}
