package sqldb_test

import (
	"database/sql"
	"fmt"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/demodata"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/importer"
)

// witnessKey names one value of the long form: municipality (0 = all), group ("" = all),
// period index and figure id.
type witnessKey struct {
	m   int
	g   string
	p   int
	fig string
}

// witnessValue is a value; valid false is an empty value.
type witnessValue struct {
	v     float64
	valid bool
}

// witnessUncovered are the figures of figures.Figures the SQL witness does not compute.
var witnessUncovered = map[string]bool{figures.AvgDurationDays: true}

// TestFiguresSQLWitness recomputes the key figures of DOMAIN.md §8 in plain SQL over the
// store, independently of package figures, and compares them value by value with
// figures.Compute on the same data set.
func TestFiguresSQLWitness(t *testing.T) {
	persons := 20000
	if testing.Short() {
		persons = 5000
	}
	if s := os.Getenv("PEJLING_WITNESS_PERSONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("PEJLING_WITNESS_PERSONS=%q: %v", s, err)
		}
		persons = n
	}
	began := time.Now()
	dir := t.TempDir()
	// as_of in January 2025 (not demodata's default mid-2025) puts the outflow_pending
	// boundary (end + 28 > as_of) and the six-month boundary (end + 182 ≤ as_of) inside
	// 2024, so both sides of each are compared.
	asOf := pejling.DateOf(2025, time.January, 20)
	if _, err := demodata.Generate(ctx, demodata.Config{Persons: persons, Seed: 11, Out: dir, AsOf: asOf}, nil); err != nil {
		t.Fatal(err)
	}
	db := MustOpenDB(t)
	if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("generated and imported %d persons in %v", persons, time.Since(began).Round(time.Millisecond))

	first := pejling.DateOf(2024, time.January, 1)
	last := pejling.DateOf(2024, time.December, 31)
	periods := append(figures.Months(first, last), figures.Years(first, last)...)
	if len(periods) != 13 {
		t.Fatalf("%d periods, want 13", len(periods))
	}

	// The engine.
	began = time.Now()
	reg, err := db.ReadRegister(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in := figures.Input{AsOf: reg.AsOf, Benefit: reg.Benefit, Activation: reg.Activation, Employment: reg.Employment,
		Companies: reg.Companies, Municipalities: reg.Municipalities, Population16to66: map[figures.MunicipalityYear]float64{}}
	for _, f := range reg.Facts {
		if f.Variable == pejling.VarPopulation16to66 {
			in.Population16to66[figures.MunicipalityYear{Municipality: f.Municipality, Year: f.Year}] = f.Value
		}
	}
	engine := map[witnessKey]witnessValue{}
	for _, r := range figures.Compute(in, periods) {
		p := -1
		for i, per := range periods {
			if per == r.Period {
				p = i
			}
		}
		if p < 0 {
			t.Fatalf("engine row of unknown period %v", r.Period)
		}
		k := witnessKey{r.Municipality, string(r.Group), p, r.Figure}
		if _, dup := engine[k]; dup {
			t.Fatalf("engine row %+v twice", k)
		}
		engine[k] = witnessValue{r.Value, r.Valid}
	}
	t.Logf("engine: %d rows in %v", len(engine), time.Since(began).Round(time.Millisecond))

	// The witness.
	began = time.Now()
	witness := witnessSQL(t, db.SQL(), periods)
	t.Logf("SQL witness: %d values in %v", len(witness), time.Since(began).Round(time.Millisecond))

	// Compare.
	var diffs int
	report := func(format string, args ...any) {
		diffs++
		if diffs <= 20 {
			t.Errorf(format, args...)
		}
	}
	name := func(k witnessKey) string {
		m, g := "all", "all"
		if k.m != 0 {
			m = strconv.Itoa(k.m)
		}
		if k.g != "" {
			g = k.g
		}
		return fmt.Sprintf("%s %s %s..%s %s", m, g, periods[k.p].First, periods[k.p].Last, k.fig)
	}
	show := func(v witnessValue) string {
		if !v.valid {
			return "empty"
		}
		return strconv.FormatFloat(v.v, 'g', -1, 64)
	}
	compared := 0
	for k, w := range witness {
		e, ok := engine[k]
		if !ok {
			report("%s: SQL %s, no engine row", name(k), show(w))
			continue
		}
		compared++
		switch {
		case w.valid != e.valid:
			report("%s: SQL %s, engine %s", name(k), show(w), show(e))
		case w.valid && math.Abs(w.v-e.v) > 1e-9*math.Max(1, math.Abs(e.v)):
			report("%s: SQL %s, engine %s", name(k), show(w), show(e))
		}
	}
	for k, e := range engine {
		if _, ok := witness[k]; !ok && !witnessUncovered[k.fig] {
			report("%s: engine %s, no SQL value", name(k), show(e))
		}
	}
	if diffs > 20 {
		t.Errorf("… and %d more differences", diffs-20)
	}
	t.Logf("compared %d values (%d differences)", compared, diffs)

	// A figure that is 0 or empty everywhere would compare without testing anything.
	nonZero := map[string]int{}
	for k, w := range witness {
		if w.valid && w.v != 0 {
			nonZero[k.fig]++
		}
	}
	for _, f := range figures.Figures {
		if !witnessUncovered[f] && nonZero[f] == 0 {
			t.Errorf("%s is 0 or empty in every cell: the data set does not exercise it", f)
		}
	}
}

// witnessSQL computes the figures of DOMAIN.md §8 (all but avg_duration_days) for every
// municipality and `all` × every group and `all` × every period with SQL over the store.
func witnessSQL(t *testing.T, sdb *sql.DB, periods []figures.Period) map[witnessKey]witnessValue {
	t.Helper()
	// Temporary tables live on one connection.
	conn, err := sdb.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	// Temporary tables and sorts in memory: the witness is a test, the data set small.
	exec(`PRAGMA temp_store = MEMORY`)
	exec(`PRAGMA cache_size = -262144`)
	var asOf int64
	if err := conn.QueryRowContext(ctx, `SELECT max(as_of) FROM imports`).Scan(&asOf); err != nil {
		t.Fatal(err)
	}
	const forever = 1 << 30

	// Periods, groups, and the four roll-ups of a spell: (m, g), (m, all), (all, g),
	// (all, all), with 0 and '' standing for `all`.
	exec(`CREATE TEMP TABLE w_per (pid INTEGER PRIMARY KEY, first INTEGER NOT NULL, last INTEGER NOT NULL,
		days INTEGER NOT NULL, year INTEGER NOT NULL)`)
	for i, p := range periods {
		exec(`INSERT INTO w_per VALUES (?, ?, ?, ?, ?)`, i, int64(p.First), int64(p.Last),
			int64(p.Last)-int64(p.First)+1, p.First.Year())
	}
	exec(`CREATE TEMP TABLE w_grp (g TEXT PRIMARY KEY)`)
	for _, g := range pejling.BenefitGroups {
		exec(`INSERT INTO w_grp VALUES (?)`, string(g))
	}
	exec(`CREATE TEMP TABLE w_roll (km INTEGER, kg INTEGER)`)
	exec(`INSERT INTO w_roll VALUES (1, 1), (1, 0), (0, 1), (0, 0)`)
	exec(`CREATE TEMP TABLE w_muni AS
		SELECT municipality AS m FROM benefit_spells UNION SELECT municipality FROM activation_spells
		UNION SELECT municipality FROM companies UNION SELECT municipality FROM municipality_facts
		UNION SELECT municipality FROM expenditure UNION SELECT 0`)
	exec(`CREATE TEMP TABLE w_cell AS
		SELECT mu.m, gr.g, p.pid FROM w_muni mu
		CROSS JOIN (SELECT g FROM w_grp UNION SELECT '') gr CROSS JOIN w_per p`)
	const cellOf = `CASE r.km WHEN 1 THEN x.municipality ELSE 0 END AS m,
		CASE r.kg WHEN 1 THEN x.benefit_group ELSE '' END AS g`

	// Spell days inside each period (running = up to day 1<<30), spells of known groups.
	exec(fmt.Sprintf(`CREATE TEMP TABLE w_bp AS
		SELECT b.person_id, b.municipality, b.benefit_group, p.pid, p.days AS pdays, b.fraction,
			min(coalesce(b.end_day, %d), p.last) - max(b.start_day, p.first) + 1 AS days
		FROM benefit_spells b JOIN w_per p ON b.start_day <= p.last AND coalesce(b.end_day, %[1]d) >= p.first
		WHERE b.benefit_group IN (SELECT g FROM w_grp)`, forever))
	exec(`CREATE TEMP TABLE w_ap AS
		SELECT a.person_id, a.municipality, a.benefit_group, a.activation_type, p.pid, p.days AS pdays, a.hours_per_week,
			min(a.end_day, p.last) - max(a.start_day, p.first) + 1 AS days
		FROM activation_spells a JOIN w_per p ON a.start_day <= p.last AND a.end_day >= p.first
		WHERE a.benefit_group IN (SELECT g FROM w_grp)`)

	// Sums roll up from the sums of the (municipality, group, period) cells; distinct
	// persons need every person of every roll-up cell (w_pb, w_pa).
	exec(`CREATE TEMP TABLE w_pb (m INTEGER, g TEXT, pid INTEGER, person_id TEXT,
		PRIMARY KEY (m, g, pid, person_id)) WITHOUT ROWID`)
	exec(`INSERT OR IGNORE INTO w_pb SELECT ` + cellOf + `, x.pid, x.person_id FROM w_bp x CROSS JOIN w_roll r`)
	exec(`CREATE TEMP TABLE w_pa (m INTEGER, g TEXT, pid INTEGER, person_id TEXT,
		PRIMARY KEY (m, g, pid, person_id)) WITHOUT ROWID`)
	exec(`INSERT OR IGNORE INTO w_pa SELECT ` + cellOf + `, x.pid, x.person_id FROM w_ap x CROSS JOIN w_roll r`)
	exec(`CREATE TEMP TABLE w_agg_b AS
		WITH f AS (SELECT m, g, pid, sum(ftp) AS ftp FROM (SELECT x.ftp, x.pid, ` + cellOf + `
			FROM (SELECT municipality, benefit_group, pid, sum(days * fraction / pdays) AS ftp
				FROM w_bp GROUP BY municipality, benefit_group, pid) x CROSS JOIN w_roll r)
			GROUP BY m, g, pid),
		n AS (SELECT m, g, pid, count(*) AS persons FROM w_pb GROUP BY m, g, pid)
		SELECT f.m, f.g, f.pid, f.ftp, n.persons FROM f JOIN n USING (m, g, pid)`)
	exec(`CREATE TEMP TABLE w_agg_a AS
		SELECT m, g, pid, sum(days * hours_per_week / 37.0 / pdays) AS fta,
			coalesce(sum(CASE WHEN activation_type IN ('praktik', 'lts_privat', 'lts_offentlig')
				THEN days * hours_per_week / 37.0 / pdays END), 0) AS fta_place
		FROM (SELECT x.*, ` + cellOf + ` FROM w_ap x CROSS JOIN w_roll r) GROUP BY m, g, pid`)
	// Coverage: a person of the cell's persons_affected with an activation day of the
	// same cell (for (all, g): an activation of group g anywhere, as the engine does).
	exec(`CREATE TEMP TABLE w_agg_cov AS
		SELECT a.m, a.g, a.pid, count(*) AS covered
		FROM w_pa a JOIN w_pb b ON b.m = a.m AND b.g = a.g AND b.pid = a.pid AND b.person_id = a.person_id
		GROUP BY a.m, a.g, a.pid`)
	exec(`CREATE TEMP TABLE w_agg_pl AS
		SELECT m, g, pid, count(*) AS placed,
			sum(activation_type = 'praktik') AS praktik, sum(activation_type = 'lts_privat') AS lts_privat,
			sum(activation_type = 'lts_offentlig') AS lts_offentlig
		FROM (SELECT x.activation_type, p.pid, ` + cellOf + `
			FROM activation_spells x JOIN w_per p ON x.start_day BETWEEN p.first AND p.last CROSS JOIN w_roll r
			WHERE x.activation_type IN ('praktik', 'lts_privat', 'lts_offentlig')
				AND x.benefit_group IN (SELECT g FROM w_grp))
		GROUP BY m, g, pid`)
	// Outflow: ended spells; pending when end+28 > as_of, else outflow when no benefit
	// spell of the person has a day in end+1 … end+28.
	exec(fmt.Sprintf(`CREATE TEMP TABLE w_ended AS
		SELECT b.municipality, b.benefit_group, b.end_day,
			b.end_day + 28 > ?1 AS pending,
			b.end_day + 28 <= ?1 AND NOT EXISTS (SELECT 1 FROM benefit_spells o
				WHERE o.person_id = b.person_id AND o.benefit_group IN (SELECT g FROM w_grp)
				AND o.start_day <= b.end_day + 28 AND coalesce(o.end_day, %d) >= b.end_day + 1) AS outflow
		FROM benefit_spells b
		WHERE b.end_day IS NOT NULL AND b.benefit_group IN (SELECT g FROM w_grp)
			AND b.end_day BETWEEN (SELECT min(first) FROM w_per) AND (SELECT max(last) FROM w_per)`, forever), asOf)
	exec(`CREATE TEMP TABLE w_agg_out AS
		SELECT m, g, pid, sum(outflow) AS outflow, sum(pending) AS pending
		FROM (SELECT x.outflow, x.pending, p.pid, ` + cellOf + `
			FROM w_ended x JOIN w_per p ON x.end_day BETWEEN p.first AND p.last CROSS JOIN w_roll r)
		GROUP BY m, g, pid`)
	// Six months after: activation spells ending in P with end+182 ≤ as_of.
	exec(fmt.Sprintf(`CREATE TEMP TABLE w_after AS
		SELECT a.municipality, a.benefit_group, a.end_day,
			NOT EXISTS (SELECT 1 FROM benefit_spells o
				WHERE o.person_id = a.person_id AND o.benefit_group IN (SELECT g FROM w_grp)
				AND o.start_day <= a.end_day + 182 AND coalesce(o.end_day, %d) >= a.end_day + 182) AS self,
			EXISTS (SELECT 1 FROM employment_spells e
				WHERE e.person_id = a.person_id
				AND e.start_day <= a.end_day + 182 AND coalesce(e.end_day, %[1]d) >= a.end_day + 182) AS employed
		FROM activation_spells a
		WHERE a.benefit_group IN (SELECT g FROM w_grp) AND a.end_day + 182 <= ?
			AND a.end_day BETWEEN (SELECT min(first) FROM w_per) AND (SELECT max(last) FROM w_per)`, forever), asOf)
	exec(`CREATE TEMP TABLE w_agg_6m AS
		SELECT m, g, pid, count(*) AS den, sum(self) AS self, sum(employed) AS employed
		FROM (SELECT x.self, x.employed, p.pid, ` + cellOf + `
			FROM w_after x JOIN w_per p ON x.end_day BETWEEN p.first AND p.last CROSS JOIN w_roll r)
		GROUP BY m, g, pid`)
	// Cooperation: companies located in m (all: every company) whose cvr hosts a company
	// placement of any job centre and group with a day in P.
	exec(`CREATE TEMP TABLE w_hosted AS
		SELECT DISTINCT a.cvr, p.pid FROM activation_spells a JOIN w_per p ON a.start_day <= p.last AND a.end_day >= p.first
		WHERE a.activation_type IN ('praktik', 'lts_privat', 'lts_offentlig')`)
	exec(`CREATE TEMP TABLE w_coop AS
		WITH c AS (SELECT cvr, municipality AS m FROM companies UNION ALL SELECT cvr, 0 FROM companies)
		SELECT c.m, p.pid, count(*) AS companies, count(h.cvr) AS hosts
		FROM c CROSS JOIN w_per p LEFT JOIN w_hosted h ON h.cvr = c.cvr AND h.pid = p.pid
		GROUP BY c.m, p.pid`)
	// population_16_66 of m for the year of P's first day; for `all` the sum over the
	// municipalities that have one.
	exec(`CREATE TEMP TABLE w_pop AS
		WITH f AS (SELECT municipality AS m, year, value FROM municipality_facts WHERE variable = 'population_16_66')
		SELECT m, year, value FROM f UNION ALL SELECT 0, year, sum(value) FROM f GROUP BY year`)
	for _, tab := range []string{"w_agg_b", "w_agg_a", "w_agg_cov", "w_agg_pl", "w_agg_out", "w_agg_6m"} {
		exec(`CREATE INDEX ` + tab + `_key ON ` + tab + ` (m, g, pid)`)
	}
	exec(`CREATE INDEX w_coop_key ON w_coop (m, pid)`)
	exec(`CREATE INDEX w_pop_key ON w_pop (m, year)`)

	ratio := func(num, den string) string {
		return fmt.Sprintf("CASE WHEN coalesce(%[2]s, 0) = 0 THEN NULL ELSE CAST(coalesce(%[1]s, 0) AS REAL) / (%[2]s) END", num, den)
	}
	var nEmployment int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM employment_spells`).Scan(&nEmployment); err != nil {
		t.Fatal(err)
	}
	employment := ratio("s.employed", "s.den")
	if nEmployment == 0 {
		employment = "NULL" // empty without employment data
	}
	cols := []struct{ fig, expr string }{
		{figures.FullTimePersons, "coalesce(b.ftp, 0)"},
		{figures.PersonsAffected, "coalesce(b.persons, 0)"},
		{figures.FullTimeActivated, "coalesce(a.fta, 0)"},
		{figures.ActivationRate, ratio("a.fta", "b.ftp")},
		{figures.CoverageRate, ratio("v.covered", "b.persons")},
		{figures.PlacementsStarted, "coalesce(pl.placed, 0)"},
		{figures.PlacementsStartedPraktik, "coalesce(pl.praktik, 0)"},
		{figures.PlacementsStartedLtsPrivat, "coalesce(pl.lts_privat, 0)"},
		{figures.PlacementsStartedLtsOffentl, "coalesce(pl.lts_offentlig, 0)"},
		{figures.PlacementsPerPersonAffected, ratio("pl.placed", "b.persons")},
		{figures.PlacementShareOfActivation, ratio("a.fta_place", "a.fta")},
		{figures.Outflow, "coalesce(o.outflow, 0)"},
		{figures.OutflowPending, "coalesce(o.pending, 0)"},
		{figures.TurnoverSpeed, ratio("o.outflow", "b.ftp")},
		{figures.SelfSupportRate6m, ratio("s.self", "s.den")},
		{figures.EmploymentRate6m, employment},
		// Group `all` only; NULL marks "no such row" for the other groups below.
		{figures.CooperationRate, "CASE WHEN c.g = '' THEN " + ratio("co.hosts", "co.companies") + " END"},
		{figures.PublicSupportRate, "CASE WHEN c.g = '' THEN " + ratio("b.ftp", "pop.value") + " END"},
	}
	q := "SELECT c.m, c.g, c.pid"
	for _, col := range cols {
		q += ",\n\t" + col.expr
	}
	q += `
		FROM w_cell c JOIN w_per p ON p.pid = c.pid
		LEFT JOIN w_agg_b b ON b.m = c.m AND b.g = c.g AND b.pid = c.pid
		LEFT JOIN w_agg_a a ON a.m = c.m AND a.g = c.g AND a.pid = c.pid
		LEFT JOIN w_agg_cov v ON v.m = c.m AND v.g = c.g AND v.pid = c.pid
		LEFT JOIN w_agg_pl pl ON pl.m = c.m AND pl.g = c.g AND pl.pid = c.pid
		LEFT JOIN w_agg_out o ON o.m = c.m AND o.g = c.g AND o.pid = c.pid
		LEFT JOIN w_agg_6m s ON s.m = c.m AND s.g = c.g AND s.pid = c.pid
		LEFT JOIN w_coop co ON co.m = c.m AND co.pid = c.pid
		LEFT JOIN w_pop pop ON pop.m = c.m AND pop.year = p.year`
	rs, err := conn.QueryContext(ctx, q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rs.Close()
	out := map[witnessKey]witnessValue{}
	// Scanning into any is the driver's fast path: int64, float64 or nil (empty).
	vals := make([]any, len(cols))
	dest := make([]any, 3+len(cols))
	var m, pid int
	var g string
	dest[0], dest[1], dest[2] = &m, &g, &pid
	for i := range vals {
		dest[3+i] = &vals[i]
	}
	for rs.Next() {
		if err := rs.Scan(dest...); err != nil {
			t.Fatal(err)
		}
		for i, col := range cols {
			if g != "" && (col.fig == figures.CooperationRate || col.fig == figures.PublicSupportRate) {
				continue
			}
			var v witnessValue
			switch x := vals[i].(type) {
			case int64:
				v = witnessValue{float64(x), true}
			case float64:
				v = witnessValue{x, true}
			case nil:
			default:
				t.Fatalf("%s: value %T %v", col.fig, x, x)
			}
			out[witnessKey{m, g, pid, col.fig}] = v
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
