package main_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pejling/pejling/auth"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/sqldb/pgtest"
)

var (
	reOpsSummary = regexp.MustCompile(`Operational demo data for .*: (\d+) users, (\d+) companies, (\d+) contacts logged, (\d+) job orders, (\d+) slots with (\d+) reservations, (\d+) job profiles, (\d+) progression scores, (\d+) teams with (\d+) members, (\d+) caseload assignments, (\d+) team goals`)
	reConsultant = regexp.MustCompile(`sign in as "konsulent" with the password (\S+)`)
	reTOTPKey    = regexp.MustCompile(`oathtool --totp -b ([A-Z2-7]+)`)
	reTeamNord   = regexp.MustCompile(`<a href="(/teamtavler/\d+)">Team Nord</a>`)
)

// opsNow ends the operational history of the tests, so that both stores get the same
// rows. It is the time the test runs: the team boards read the server's clock (this
// week and the 12 before), and the demo's history ends when it loads.
var opsNow = time.Now().UTC().Truncate(time.Minute)

// TestDemoOperations runs pejling demo on a small data set into SQLite and PostgreSQL
// and checks that the operational side is in the store as the summary says, on both;
// then signs in to the SQLite one as the demo consultant, second factor and all, and
// reads the employer-service pages.
func TestDemoOperations(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "demo-data")
	lite := filepath.Join(dir, "p.db")
	stores := []string{lite, pgtest.NewDatabase(t)}
	var counts []string
	var out string
	for i, db := range stores {
		o := mustPejling(t, "demo", "--no-serve", "--persons", "3000", "--seed", "2", "--db", db, "--data", data, "--operations-now", opsNow.Format(time.RFC3339))
		if i == 0 {
			out = o
		}
		m := reOpsSummary.FindStringSubmatch(o)
		if m == nil || !reConsultant.MatchString(o) || !reTOTPKey.MatchString(o) || !strings.Contains(o, `sign in as "demo"`) {
			t.Fatalf("demo printed:\n%s", o)
		}
		want := map[string]int{}
		for k, table := range []string{"users", "company_records", "contact_log", "job_orders", "placement_slots", "placement_reservations", "job_profiles", "progression_scores", "teams", "team_members", "caseloads", "team_goals"} {
			n, _ := strconv.Atoi(m[k+1])
			if n == 0 {
				t.Errorf("no %s", table)
			}
			want[table] = n
		}
		want["users"]++ // the national demo account
		s, err := sqldb.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for table, n := range want {
			var c int
			if err := s.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&c); err != nil {
				t.Fatal(err)
			}
			if c != n {
				t.Errorf("%s: %d rows in %s, the summary says %d", db, c, table, n)
			}
		}
		for _, q := range []string{
			"SELECT count(*) FROM job_order_events",
			"SELECT count(*) FROM job_orders WHERE status = 'closed_unfilled' AND closing_reason = ''",
			"SELECT count(*) FROM placement_reservations WHERE status = 'held' AND expires_at <= '" + opsNow.UTC().Format("2006-01-02T15:04") + "'",
			"SELECT count(*) FROM focus_themes",
			"SELECT count(*) FROM users WHERE totp_secret <> ''",
			"SELECT count(*) FROM job_orders WHERE occupation <> '' AND lat IS NOT NULL",
			"SELECT count(*) FROM job_order_events WHERE type = 'edited'",
			"SELECT count(*) FROM caseloads WHERE to_day < " + strconv.Itoa(1<<30), // pejling.Forever: still running,
			"SELECT count(*) FROM team_members m JOIN users u ON u.id = m.user_id WHERE u.name = 'konsulent'",
			"SELECT count(*) FROM placements",
			"SELECT count(*) FROM placements WHERE approved_by = created_by OR (status = 'pending_approval' AND (approved_by IS NOT NULL OR needs_approval <> 1))",
			"SELECT count(*) FROM placements WHERE reservation_id IS NOT NULL",
			"SELECT count(*) FROM placement_follow_ups",
		} {
			var c int
			if err := s.SQL().QueryRow(q).Scan(&c); err != nil {
				t.Fatal(err)
			}
			got = append(got, strconv.Itoa(c))
		}
		s.Close()
		if got[1] != "0" || got[2] != "0" || got[4] != "1" {
			t.Errorf("%s: unfilled without reason, held past expiry, enrolled users: %v", db, got)
		}
		// Most orders can be matched, a few were edited; some caseloads ended or were
		// reassigned; the demo consultant is in a team.
		if n, _ := strconv.Atoi(got[5]); n*10 < want["job_orders"]*7 || n == want["job_orders"] {
			t.Errorf("%s: %s of %d orders with an occupation and a place", db, got[5], want["job_orders"])
		}
		if got[6] == "0" || got[7] == "0" || got[8] != "1" {
			t.Errorf("%s: edited events, ended caseload assignments, the demo consultant's teams: %v", db, got[6:9])
		}
		if got[9] == "0" || got[10] != "0" || got[11] == "0" || got[12] == "0" {
			t.Errorf("%s: placements, self-approved or pending without need, from reservations, follow-ups: %v", db, got[9:])
		}
		counts = append(counts, m[0]+" "+strings.Join(got, ","))
	}
	if len(counts) == 2 && counts[0] != counts[1] {
		t.Errorf("SQLite and PostgreSQL differ:\n%s\n%s", counts[0], counts[1])
	}
	if _, errOut, code := pejling(t, "demo", "--no-serve", "--db", filepath.Join(dir, "x.db"), "--data", data, "--operations-now", "tomorrow"); code == 0 || !strings.Contains(errOut, "--operations-now") {
		t.Errorf("a bad --operations-now: exit %d, %s", code, errOut)
	}
	signInAsConsultant(t, lite, reConsultant.FindStringSubmatch(out)[1], reTOTPKey.FindStringSubmatch(out)[1])
}

// signInAsConsultant serves the store, signs in with the password and a code of the
// printed key, and reads the employer-service pages.
func signInAsConsultant(t *testing.T, db, password, key string) {
	cmd := exec.Command(binary, "serve", "--db", db, "--addr", "127.0.0.1:0")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	i := strings.Index(line, "http://")
	if err != nil || i < 0 {
		t.Fatalf("serve printed %q: %v", line, err)
	}
	base := strings.TrimSuffix(strings.Fields(line[i:])[0], "/")
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		res, err := client.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	if res := post("/logind", url.Values{"name": {"konsulent"}, "password": {password}}); res.Request.URL.Path != "/logind/kode" {
		t.Fatalf("after the password: %s %s", res.Status, res.Request.URL)
	}
	code, err := auth.TOTPCode(key, auth.TOTPStep(time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if res := post("/logind/kode", url.Values{"code": {code}}); res.StatusCode != 200 || strings.HasPrefix(res.Request.URL.Path, "/logind") {
		t.Fatalf("after the code: %s %s", res.Status, res.Request.URL)
	}
	for _, path := range []string{"/ordrer", "/virksomheder", "/jobboers", "/profiler", "/progression", "/teamtavler"} {
		res, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || res.Request.URL.Path != path {
			t.Errorf("%s: %s at %s", path, res.Status, res.Request.URL)
		}
		if path == "/ordrer" && !strings.Contains(string(body), "Team ") {
			t.Errorf("%s shows no team's orders", path)
		}
		// The board of the demo's teams this week: their caseloads are large enough for
		// the figures (no "fewer than 5"), and goals stand met or not met.
		if b := string(body); path == "/teamtavler" && (!strings.Contains(b, "Team Nord") || !strings.Contains(b, "Team Unge") ||
			strings.Contains(b, "toofew") || !reTeamNord.MatchString(b)) {
			t.Errorf("%s shows no board with figures:\n%s", path, b)
		}
		if m := reTeamNord.FindStringSubmatch(string(body)); path == "/teamtavler" && m != nil {
			// Team Nord's weeks: goals met and not met, every consultant with figures.
			res, err := client.Get(base + m[1])
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != 200 || !strings.Contains(string(b), `class="num met"`) || !strings.Contains(string(b), `class="num not_met"`) || !strings.Contains(string(b), "konsulent") {
				t.Errorf("%s: %s\n%s", m[1], res.Status, b)
			}
		}
	}
}
