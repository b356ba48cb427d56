package main_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	domain "github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/sqldb"
)

// pejlingIn runs the binary with stdin as its standard input and returns stdout, stderr
// and the exit code.
func pejlingIn(t *testing.T, stdin io.Reader, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "PEJLING_DB=")
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

const goodPassword = "korrekt hest batteri hæfteklamme"

func addUser(t *testing.T, db, name, role, muni string) {
	t.Helper()
	out, errOut, code := pejlingIn(t, strings.NewReader(goodPassword+"\n"), "user", "add", "--db", db, "--name", name, "--role", role, "--municipality", muni)
	if code != 0 {
		t.Fatalf("user add %s: exit %d\n%s%s", name, code, out, errOut)
	}
}

func TestUserCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	addUser(t, db, "Anna.Hansen@aarhus.dk", "case_worker", "Aarhus")
	addUser(t, db, "nat", "analyst", "all")
	addUser(t, db, "kbh-pol", "politician", "0101")

	t.Run("Stored", func(t *testing.T) {
		s, err := sqldb.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, err := s.FindUserByName(context.Background(), "anna.hansen@aarhus.dk")
		if err != nil || u.Role != domain.RoleCaseWorker || u.Municipality != 751 {
			t.Fatalf("stored %+v, %v", u, err)
		}
		h, _ := s.PasswordHash(context.Background(), u.ID)
		if ok, err := auth.VerifyPassword(h, goodPassword); !ok || err != nil || strings.Contains(h, goodPassword) {
			t.Errorf("stored hash %q does not verify the password: %v", h, err)
		}
	})
	t.Run("List", func(t *testing.T) {
		out := mustPejling(t, "user", "list", "--db", db)
		for _, want := range []string{"anna.hansen@aarhus.dk", "case_worker", "751 Aarhus", "nat", "all", "kbh-pol", "101 København", "active"} {
			if !strings.Contains(out, want) {
				t.Errorf("list lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "argon2") {
			t.Error("list shows a password hash")
		}
	})
	t.Run("ResetTOTP", func(t *testing.T) {
		s, err := sqldb.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, _ := s.FindUserByName(context.Background(), "anna.hansen@aarhus.dk")
		if err := s.EnrolTOTP(context.Background(), u.ID, auth.NewTOTPKey(), 1); err != nil {
			t.Fatal(err)
		}
		out := mustPejling(t, "user", "reset-totp", "--db", db, "--name", "Anna.Hansen@aarhus.dk")
		if key, _, _ := s.TOTPSecret(context.Background(), u.ID); key != "" || !strings.Contains(out, "removed the second factor") {
			t.Errorf("key %q after reset; %s", key, out)
		}
		if _, errOut, code := pejling(t, "user", "reset-totp", "--db", db, "--name", "nobody"); code == 0 || !strings.Contains(errOut, "nobody") {
			t.Errorf("unknown user: exit %d %q", code, errOut)
		}
	})
	t.Run("Disable", func(t *testing.T) {
		token := strings.TrimSpace(mustPejling(t, "token", "create", "--db", db, "--user", "nat"))
		mustPejling(t, "user", "disable", "--db", db, "--name", "NAT")
		if out := mustPejling(t, "user", "list", "--db", db); !strings.Contains(out, "disabled") {
			t.Errorf("not shown disabled:\n%s", out)
		}
		s, err := sqldb.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.FindAPIToken(context.Background(), auth.HashToken(token)); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("token of a disabled user still valid: %v", err)
		}
		_, errOut, code := pejling(t, "token", "create", "--db", db, "--user", "nat")
		if code != 1 || !strings.Contains(errOut, "disabled") {
			t.Errorf("token for a disabled user: exit %d, %q", code, errOut)
		}
		_, errOut, code = pejling(t, "user", "disable", "--db", db, "--name", "nobody")
		if code != 1 || !strings.Contains(errOut, "no user") {
			t.Errorf("disable of an unknown user: exit %d, %q", code, errOut)
		}
	})
	t.Run("EmptyList", func(t *testing.T) {
		out := mustPejling(t, "user", "list", "--db", filepath.Join(t.TempDir(), "empty.db"))
		if !strings.Contains(out, "no users") {
			t.Errorf("empty list: %q", out)
		}
	})
}

func TestUserAddBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	addUser(t, db, "taken", "admin", "all")
	pw := goodPassword + "\n"
	for _, tc := range []struct {
		name             string
		stdin            io.Reader
		user, role, muni string
		code             int
		want             string
	}{
		{"UnknownRole", strings.NewReader(pw), "x1", "root", "101", 1, "unknown role"},
		{"EmptyRole", strings.NewReader(pw), "x1", "", "101", 1, "unknown role"},
		{"UnknownMunicipality", strings.NewReader(pw), "x1", "analyst", "Atlantis", 1, "unknown municipality"},
		{"MunicipalityCode", strings.NewReader(pw), "x1", "analyst", "9999", 1, "unknown municipality"},
		{"NoMunicipality", strings.NewReader(pw), "x1", "analyst", "", 1, "--municipality is required"},
		{"Duplicate", strings.NewReader(pw), "TAKEN", "analyst", "101", 1, "exists already"},
		{"WeakPassword", strings.NewReader("password1234\n"), "x1", "analyst", "101", 1, "most common"},
		{"ShortPassword", strings.NewReader("kort\n"), "x1", "analyst", "101", 1, "too short"},
		{"PasswordIsName", strings.NewReader("x1-long-name-here\n"), "x1-long-name-here", "analyst", "101", 1, "user name"},
		{"EmptyStdin", strings.NewReader(""), "x1", "analyst", "101", 1, "no password"},
		{"EmptyLine", strings.NewReader("\n" + pw), "x1", "analyst", "101", 1, "no password"},
		{"HugeLine", strings.NewReader(strings.Repeat("a", 10<<20) + "\n"), "x1", "analyst", "101", 1, "too long"},
		{"HugeNoNewline", strings.NewReader(strings.Repeat("a", 10<<20)), "x1", "analyst", "101", 1, "too long"},
		{"ControlInPassword", strings.NewReader("twelve chars\x00here\n"), "x1", "analyst", "101", 1, "control character"},
		{"NameSQL", strings.NewReader(pw), "x'); DROP TABLE users;--", "analyst", "101", 1, "user name may hold only"},
		{"NameControl", strings.NewReader(pw), "ab\x1b[31mc", "analyst", "101", 1, "user name may hold only"},
		{"NameNewline", strings.NewReader(pw), "ab\nroot", "analyst", "101", 1, "user name may hold only"},
		{"NameLong", strings.NewReader(pw), strings.Repeat("n", 200), "analyst", "101", 1, "at most 64"},
		{"NameEmpty", strings.NewReader(pw), "", "analyst", "101", 1, "user name is required"},
		{"NameUnicode", strings.NewReader(pw), "søren", "analyst", "101", 1, "user name may hold only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := pejlingIn(t, tc.stdin, "user", "add", "--db", db, "--name", tc.user, "--role", tc.role, "--municipality", tc.muni)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, want %d; stderr %q, want %q; stdout %q", code, tc.code, truncate(errOut), tc.want, out)
			}
			if strings.Contains(errOut, "panic") || strings.Contains(errOut, "goroutine") {
				t.Errorf("a stack trace:\n%s", errOut)
			}
		})
	}
	t.Run("NothingStored", func(t *testing.T) {
		out := mustPejling(t, "user", "list", "--db", db)
		if strings.Count(out, "\n") != 2 { // header and "taken"
			t.Errorf("bad input stored users:\n%s", out)
		}
	})
	t.Run("Usage", func(t *testing.T) {
		if _, _, code := pejling(t, "user"); code != 2 {
			t.Errorf("user without a subcommand: exit %d", code)
		}
		if _, _, code := pejling(t, "user", "remove"); code != 2 {
			t.Errorf("unknown subcommand: exit %d", code)
		}
		if _, errOut, code := pejling(t, "user", "add", "-h"); code != 0 || !strings.Contains(errOut, "Usage: pejling user add") {
			t.Errorf("user add -h: exit %d, %q", code, errOut)
		}
		if _, _, code := pejling(t, "user", "add", "--bogus"); code != 2 {
			t.Errorf("unknown flag: exit %d", code)
		}
		if _, errOut, code := pejlingIn(t, strings.NewReader(pw), "user", "add", "--db", db, "--name", "y", "--role", "admin", "--municipality", "all", goodPassword); code != 1 || !strings.Contains(errOut, "standard input") {
			t.Errorf("password as an argument: exit %d, %q", code, errOut)
		}
	})
}

func TestTokenCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	addUser(t, db, "api", "analyst", "all")
	out, errOut, code := pejling(t, "token", "create", "--db", db, "--user", "API", "--name", "nightly export", "--expires", "30d")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	token := strings.TrimSpace(out)
	if !auth.ValidTokenForm(token) || strings.Count(out, "\n") != 1 {
		t.Fatalf("stdout %q is not one token", out)
	}
	if !strings.Contains(errOut, "expires") || strings.Contains(errOut, token) {
		t.Errorf("stderr %q", errOut)
	}
	s, err := sqldb.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.FindAPIToken(context.Background(), auth.HashToken(token))
	if err != nil || tok.Name != "nightly export" || tok.ExpiresAt.Sub(tok.CreatedAt).Hours() != 30*24 {
		t.Fatalf("stored %+v, %v", tok, err)
	}
	var n int
	if err := s.SQL().QueryRow("SELECT count(*) FROM api_tokens WHERE token_hash = ? OR name = ?", token, token).Scan(&n); err != nil || n != 0 {
		t.Errorf("the token itself is stored: %d, %v", n, err)
	}
	s.Close()

	t.Run("Never", func(t *testing.T) {
		mustPejling(t, "token", "create", "--db", db, "--user", "api", "--expires", "never")
	})
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"UnknownUser", []string{"--user", "nobody"}, "no user"},
		{"NoUser", []string{}, "user name is required"},
		{"HostileUser", []string{"--user", "' OR 1=1 --"}, "user name may hold only"},
		{"BadExpiry", []string{"--user", "api", "--expires", "soon"}, "--expires"},
		{"NegativeExpiry", []string{"--user", "api", "--expires", "-5d"}, "--expires"},
		{"HugeExpiry", []string{"--user", "api", "--expires", "99999d"}, "--expires"},
		{"TinyExpiry", []string{"--user", "api", "--expires", "1s"}, "--expires"},
		{"LabelControl", []string{"--user", "api", "--name", "a\x1b[2Jb"}, "--name"},
		{"LabelLong", []string{"--user", "api", "--name", strings.Repeat("l", 200)}, "--name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := pejling(t, append([]string{"token", "create", "--db", db}, tc.args...)...)
			if code != 1 || !strings.Contains(errOut, tc.want) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, tc.want)
			}
		})
	}
	t.Run("Usage", func(t *testing.T) {
		if _, _, code := pejling(t, "token"); code != 2 {
			t.Errorf("token without a subcommand: exit %d", code)
		}
	})
}

func truncate(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
