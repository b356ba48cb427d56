package pejling_test

import (
	"testing"

	"github.com/pejling/pejling"
)

// TestUserAccess walks every role × the person's municipality being the user's own,
// another one, and the user being a national operator.
func TestUserAccess(t *testing.T) {
	const own, other = 101, 147
	type want struct{ aggregates, ownPerson, otherPerson, imp, manage, totp bool }
	wants := map[pejling.Role]struct{ local, national want }{
		pejling.RoleAdmin:      {want{true, true, false, true, true, true}, want{true, false, false, true, true, true}},
		pejling.RoleAnalyst:    {want{true, true, false, true, false, true}, want{true, false, false, true, false, false}},
		pejling.RoleConsultant: {want{true, true, false, false, false, true}, want{true, false, false, false, false, false}},
		pejling.RoleCaseWorker: {want{true, true, false, false, false, true}, want{true, false, false, false, false, false}},
		pejling.RolePolitician: {want{true, false, false, false, false, false}, want{true, false, false, false, false, false}},
	}
	if len(wants) != len(pejling.Roles()) {
		t.Fatalf("the table covers %d roles of %d", len(wants), len(pejling.Roles()))
	}
	for _, role := range pejling.Roles() {
		for _, national := range []bool{false, true} {
			name := string(role) + "/Own"
			u := pejling.User{Name: "u", Role: role, Municipality: own}
			w := wants[role].local
			if national {
				name = string(role) + "/National"
				u.Municipality = pejling.NationalMunicipality
				w = wants[role].national
			}
			t.Run(name, func(t *testing.T) {
				got := want{u.CanReadAggregates(), u.CanReadPerson(own), u.CanReadPerson(other), u.CanImport(), u.CanManageUsers(), u.NeedsTOTP()}
				if got != w {
					t.Errorf("got %+v, want %+v", got, w)
				}
				if u.CanReadPerson(0) {
					t.Error("reads a person of unknown municipality 0")
				}
				d := u
				d.Disabled = true
				if d.CanReadAggregates() || d.CanReadPerson(own) || d.CanImport() || d.CanManageUsers() {
					t.Error("a disabled user may do something")
				}
			})
		}
	}
	t.Run("UnknownRole", func(t *testing.T) {
		u := pejling.User{Role: "root", Municipality: own}
		if u.CanReadAggregates() || u.CanReadPerson(own) || u.CanImport() || u.CanManageUsers() {
			t.Error("an unknown role may do something")
		}
	})
}

func TestCanManageUser(t *testing.T) {
	nationalAdmin := pejling.User{Role: pejling.RoleAdmin}
	localAdmin := pejling.User{Role: pejling.RoleAdmin, Municipality: 101}
	analyst := pejling.User{Role: pejling.RoleAnalyst, Municipality: 101}
	for _, tc := range []struct {
		name     string
		by, whom pejling.User
		want     bool
	}{
		{"NationalAdminAny", nationalAdmin, pejling.User{Role: pejling.RoleCaseWorker, Municipality: 147}, true},
		{"NationalAdminNational", nationalAdmin, pejling.User{Role: pejling.RoleAnalyst}, true},
		{"LocalAdminOwn", localAdmin, pejling.User{Role: pejling.RoleCaseWorker, Municipality: 101}, true},
		{"LocalAdminOther", localAdmin, pejling.User{Role: pejling.RoleCaseWorker, Municipality: 147}, false},
		{"LocalAdminNational", localAdmin, pejling.User{Role: pejling.RolePolitician}, false},
		{"Analyst", analyst, pejling.User{Role: pejling.RoleCaseWorker, Municipality: 101}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.by.CanManageUser(tc.whom); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseRole(t *testing.T) {
	for _, r := range pejling.Roles() {
		if got, err := pejling.ParseRole(string(r)); err != nil || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, err)
		}
	}
	for _, s := range []string{"", "Admin", "root", "case worker", "admin\x00"} {
		if _, err := pejling.ParseRole(s); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("ParseRole(%q): %v, want EINVALID", s, err)
		}
	}
}

func TestValidUserName(t *testing.T) {
	for _, ok := range []string{"a", "anna.hansen@aarhus.dk", "case_worker-7", "ABC", string(make64('x'))} {
		if err := pejling.ValidUserName(ok); err != nil {
			t.Errorf("ValidUserName(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "a b", "robert'); DROP TABLE users;--", "a\x00b", "a\nb", "æble", "a/b", "<script>", string(make64('x')) + "x"} {
		if err := pejling.ValidUserName(bad); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("ValidUserName(%q): %v, want EINVALID", bad, err)
		}
	}
}

func make64(c byte) []byte {
	b := make([]byte, pejling.MaxUserNameLen)
	for i := range b {
		b[i] = c
	}
	return b
}
