package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/sqldb"
)

// Accounts and API tokens (docs/operations.md, "Accounts, roles and tokens"). Passwords
// are read from standard input, never from a flag, so that they stay out of the process
// list and the shell history.

func runUser(ctx context.Context, env *Env, args []string) error {
	subs := map[string]func(context.Context, *Env, []string) error{
		"add": runUserAdd, "list": runUserList, "disable": runUserDisable, "reset-totp": runUserResetTOTP,
	}
	if len(args) > 0 {
		if f, ok := subs[args[0]]; ok {
			return f(ctx, env, args[1:])
		}
	}
	fmt.Fprint(env.Stderr, "Usage: pejling user add|list|disable|reset-totp [flags]   (pejling user add -h for its flags)\n\n"+
		"  add      create a user; the password is read from standard input (one line)\n"+
		"  list     list the users\n"+
		"  disable  disable a user and end its sessions and API tokens\n"+
		"  reset-totp  remove a user's second factor (a lost phone); the next sign-in enrols a new one\n")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		return flag.ErrHelp
	}
	return errUsage
}

func runUserAdd(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "user add", "< password",
		"Creates a user. The password is the first line of standard input: at least 12 characters,\n"+
			"not a common password, not the user name. Roles: admin, analyst, consultant,\n"+
			"case_worker, politician. Municipality: a code or name, or all for a national operator.")
	cfg.dbFlag(fs, env)
	name := fs.String("name", "", "user name: 1–64 of letters a–z, digits and . _ - @ (compared without case)")
	role := fs.String("role", "", "role: admin, analyst, consultant, case_worker or politician")
	muni := fs.String("municipality", "", "the user's municipality (code or name), or all for a national operator")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return pejling.Errorf(pejling.EINVALID, "unexpected argument %q (the password is read from standard input)", fs.Arg(0))
	}
	u := pejling.User{Name: *name}
	if err := pejling.ValidUserName(*name); err != nil {
		return err
	}
	r, err := pejling.ParseRole(*role)
	if err != nil {
		return err
	}
	u.Role = r
	if u.Municipality, err = parseUserMunicipality(*muni); err != nil {
		return err
	}
	if isTerminal(os.Stdin) {
		fmt.Fprint(env.Stderr, "Password (one line; it is shown as you type — better pipe it in): ")
	}
	password, err := readPassword(os.Stdin)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword(password, u.Name); err != nil {
		return pejling.Errorf(pejling.EINVALID, "password refused: %s", pejling.ErrorMessage(err))
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateUser(ctx, &u, hash); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "created user %s (%s, %s)\n", u.Name, u.Role, municipalityText(u.Municipality))
	if u.NeedsTOTP() {
		fmt.Fprintln(env.Stdout, "this role signs in with a second factor (TOTP), set up at the first sign-in")
	}
	return nil
}

// parseUserMunicipality reads --municipality: all (a national operator) or a
// municipality's code or name.
func parseUserMunicipality(s string) (int, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return 0, pejling.Errorf(pejling.EINVALID, "--municipality is required: a municipality code or name, or all for a national operator")
	case strings.EqualFold(s, "all"):
		return pejling.NationalMunicipality, nil
	}
	code, ok := dk.LookupMunicipality(s)
	if !ok {
		return 0, pejling.Errorf(pejling.EINVALID, "--municipality %q: unknown municipality (give a code such as 101, a name such as Aarhus, or all)", pejling.Clip(s))
	}
	return code, nil
}

// maxPasswordLine bounds the line read as a password: the policy allows 128
// characters, at most 512 bytes; a longer line is refused without being read further.
const maxPasswordLine = 4096

// readPassword reads the first line of r, without its line ending. An empty line or
// input, or a line past maxPasswordLine bytes, is an EINVALID error.
func readPassword(r io.Reader) (string, error) {
	br := bufio.NewReaderSize(io.LimitReader(r, maxPasswordLine+1), maxPasswordLine+2)
	line, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	if len(line) > maxPasswordLine {
		return "", pejling.Errorf(pejling.EINVALID, "the password line is too long: at most %d characters are allowed", auth.MaxPasswordLen)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", pejling.Errorf(pejling.EINVALID, "no password given: write it as one line on standard input (e.g. pejling user add ... < file)")
	}
	return line, nil
}

func runUserList(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "user list", "", "Lists the users: name, role, municipality, created, status.")
	cfg.dbFlag(fs, env)
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	us, err := db.ListUsers(ctx)
	if err != nil {
		return err
	}
	if len(us) == 0 {
		fmt.Fprintln(env.Stdout, "no users yet (pejling user add creates one)")
		return nil
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tMUNICIPALITY\tCREATED\tSTATUS")
	for _, u := range us {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Name, u.Role, municipalityText(u.Municipality), u.CreatedAt.Format("2006-01-02"), status)
	}
	return w.Flush()
}

func runUserDisable(ctx context.Context, env *Env, args []string) error {
	return userAction(ctx, env, args, "user disable", "Disables a user and ends its sessions and API tokens. The account is kept for the audit log.",
		func(db *sqldb.DB, u *pejling.User) error { return db.DisableUser(ctx, u.ID) },
		"disabled user %s; its sessions and API tokens are revoked\n")
}

func runUserResetTOTP(ctx context.Context, env *Env, args []string) error {
	return userAction(ctx, env, args, "user reset-totp", "Removes a user's second factor (a lost phone) and ends its sessions: the next sign-in enrols a new one.",
		func(db *sqldb.DB, u *pejling.User) error { return db.ResetTOTP(ctx, u.ID) },
		"removed the second factor of %s; it enrols a new one at the next sign-in\n")
}

// userAction runs one change to the account named by --name and reports it.
func userAction(ctx context.Context, env *Env, args []string, cmd, help string, do func(*sqldb.DB, *pejling.User) error, done string) error {
	var cfg Config
	fs := newFlagSet(env, cmd, "", help)
	cfg.dbFlag(fs, env)
	name := fs.String("name", "", "the user's name")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := pejling.ValidUserName(*name); err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByName(ctx, *name)
	if err != nil {
		return err
	}
	if err := do(db, u); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, done, u.Name)
	return nil
}

func runToken(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && args[0] == "create" {
		return runTokenCreate(ctx, env, args[1:])
	}
	fmt.Fprint(env.Stderr, "Usage: pejling token create --user NAME [--name LABEL] [--expires 90d]\n\n"+
		"  create  create an API bearer token for a user and print it once\n")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		return flag.ErrHelp
	}
	return errUsage
}

// maxTokenLabel bounds --name of a token.
const maxTokenLabel = 100

func runTokenCreate(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := newFlagSet(env, "token create", "",
		"Creates a bearer token for the JSON API (Authorization: Bearer TOKEN) acting as the user,\n"+
			"and prints it once on standard output: only a hash of it is stored, so it cannot be shown again.")
	cfg.dbFlag(fs, env)
	user := fs.String("user", "", "the user the token acts as")
	label := fs.String("name", "", "a label saying what the token is for")
	expires := fs.String("expires", "90d", "lifetime: days (90d), a Go duration (12h), or never")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := pejling.ValidUserName(*user); err != nil {
		return err
	}
	if len(*label) > maxTokenLabel || strings.IndexFunc(*label, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 {
		return pejling.Errorf(pejling.EINVALID, "--name: at most %d characters, no control characters", maxTokenLabel)
	}
	life, err := parseLifetime(*expires)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.FindUserByName(ctx, *user)
	if err != nil {
		return err
	}
	if u.Disabled {
		return pejling.Errorf(pejling.EINVALID, "user %s is disabled", u.Name)
	}
	token := auth.NewToken()
	now := db.Now().UTC()
	t := pejling.APIToken{TokenHash: auth.HashToken(token), UserID: u.ID, Name: *label, CreatedAt: now}
	if life > 0 {
		t.ExpiresAt = now.Add(life)
	}
	if err := db.CreateAPIToken(ctx, t); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, token)
	until := "never expires"
	if life > 0 {
		until = "expires " + t.ExpiresAt.Format("2006-01-02 15:04 UTC")
	}
	fmt.Fprintf(env.Stderr, "token for %s (%s) %s; it is shown only now\n", u.Name, u.Role, until)
	return nil
}

// maxTokenLife bounds --expires: tokens should be rotated; "never" is explicit.
const maxTokenLife = 3 * 365 * 24 * time.Hour

// parseLifetime reads --expires: "never" (0), whole days ("90d") or a Go duration.
func parseLifetime(s string) (time.Duration, error) {
	bad := pejling.Errorf(pejling.EINVALID, "--expires %q: give days (90d), a duration (12h) or never, at most 3 years", pejling.Clip(s))
	if s == "never" {
		return 0, nil
	}
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 3*365 {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d < time.Minute || d > maxTokenLife {
		return 0, bad
	}
	return d, nil
}

// municipalityText names a user's municipality: "all" or "101 København".
func municipalityText(code int) string {
	if code == pejling.NationalMunicipality {
		return "all"
	}
	if m, ok := dk.MunicipalityByCode(code); ok {
		return fmt.Sprintf("%d %s", code, m.Name)
	}
	return strconv.Itoa(code)
}
