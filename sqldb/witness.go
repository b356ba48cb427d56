package sqldb

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// WitnessFigures computes every key figure of DOMAIN.md §8 a second time, in plain SQL
// over the store's tables, for every municipality named in any table and `all`, × every
// group of pejling.BenefitGroups and `all`, × every period. The rows have the keys of
// figures.Compute (municipality 0 and group "" for `all`; Valid false for an empty
// value) and its order, so that the two can be compared value by value: a figure that
// both agree on was computed twice, by two programs that share nothing but the rules.
//
// It takes only the types and figure ids of package figures, never its computation.
// It builds temporary tables on one connection and drops them before it returns.
func (db *DB) WitnessFigures(ctx context.Context, periods []figures.Period) ([]figures.Row, error) {
	for _, p := range periods {
		if p.Last < p.First {
			return nil, pejling.Errorf(pejling.EINVALID, "period %s … %s ends before it starts", p.First, p.Last)
		}
	}
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	defer conn.Close()
	w := &witness{ctx: ctx, conn: conn, d: db.dialect}
	defer w.cleanUp()
	rows, err := w.compute(periods)
	if err != nil {
		return nil, fmt.Errorf("witness: %w", err)
	}
	return rows, nil
}

// witness holds the connection the temporary tables live on and the first error, so
// that the SQL reads as one script.
type witness struct {
	ctx       context.Context
	conn      *sql.Conn
	d         dialect
	err       error
	tables    []string
	cacheSize int64 // the connection's cache_size before, restored at the end
}

// exec runs one statement unless an earlier one failed.
func (w *witness) exec(q string, args ...any) {
	if w.err != nil {
		return
	}
	if _, err := w.conn.ExecContext(w.ctx, w.d.rebind(q), args...); err != nil {
		w.err = fmt.Errorf("%w\n%s", err, q)
	}
}

// create makes the temporary table name from the query q (CREATE … AS q). PostgreSQL
// keeps no statistics of temporary tables by itself: they are analysed for the joins
// that follow.
func (w *witness) create(name, q string) {
	w.drop(name)
	w.tables = append(w.tables, name)
	w.exec(`CREATE TEMP TABLE ` + name + ` AS ` + q)
	if w.d.name() == "postgres" {
		w.exec(`ANALYZE ` + name)
	}
}

// drop drops the temporary table name if it exists.
func (w *witness) drop(name string) { w.exec(`DROP TABLE IF EXISTS ` + w.d.temp(name)) }

// cleanUp drops the temporary tables and restores the cache size, also when the
// context was cancelled, so that the pooled connection goes back as it came.
func (w *witness) cleanUp() {
	ctx := context.WithoutCancel(w.ctx)
	for _, name := range w.tables {
		w.conn.ExecContext(ctx, `DROP TABLE IF EXISTS `+w.d.temp(name))
	}
	if w.d.name() == "postgres" {
		w.conn.ExecContext(ctx, `RESET work_mem`)
	} else if w.cacheSize != 0 {
		w.conn.ExecContext(ctx, `PRAGMA cache_size = `+strconv.FormatInt(w.cacheSize, 10))
	}
}

// forever stands for the end of a running spell: it lasts past every period (as
// pejling.Forever in the engine, but spelled out here so the witness owns its rules).
const forever = 1 << 30

// cellOf maps a spell x and a roll-up r to its cell: (m, g), (m, all), (all, g) and
// (all, all), with 0 and the empty text standing for `all` (DOMAIN.md §8 "Cells":
// municipality `all` takes every spell, group `all` every group).
const cellOf = `CASE r.km WHEN 1 THEN x.municipality ELSE 0 END AS m,
		CASE r.kg WHEN 1 THEN x.benefit_group ELSE '' END AS g`

func (w *witness) compute(periods []figures.Period) ([]figures.Row, error) {
	// The sorts and temporary tables stay in memory; a bigger cache (SQLite) or more
	// memory per sort and hash (PostgreSQL) for this run only.
	if w.d.name() == "postgres" {
		w.exec(`SET work_mem = '256MB'`)
	} else {
		if err := w.conn.QueryRowContext(w.ctx, `PRAGMA cache_size`).Scan(&w.cacheSize); err != nil {
			return nil, err
		}
		w.exec(`PRAGMA cache_size = -262144`)
	}
	var asOf sql.NullInt64
	if err := w.conn.QueryRowContext(w.ctx, `SELECT max(as_of) FROM imports`).Scan(&asOf); err != nil {
		return nil, err
	}
	if !asOf.Valid {
		return nil, pejling.Errorf(pejling.EINVALID, "the store holds no data: run pejling import first")
	}

	w.cells(periods)
	w.benefitSums()
	w.activationSums()
	w.placements()
	w.outflow(asOf.Int64)
	w.durations(asOf.Int64)
	w.sixMonths(asOf.Int64)
	w.cooperation()
	w.population()
	for _, tab := range []string{"w_agg_b", "w_agg_a", "w_agg_cov", "w_agg_pl", "w_agg_out", "w_agg_dur", "w_agg_6m"} {
		w.exec(`CREATE INDEX ` + tab + `_key ON ` + tab + ` (m, g, pid)`)
	}
	w.exec(`CREATE INDEX w_coop_key ON w_coop (m, pid)`)
	w.exec(`CREATE INDEX w_pop_key ON w_pop (m, year)`)
	if w.err != nil {
		return nil, w.err
	}
	return w.rows(periods)
}

// cells makes the periods (w_per), the groups (w_grp), the four roll-ups (w_roll) and
// the output cells (w_cell): every municipality named in any table and `all`, × every
// group and `all`, × every period — also where nothing happened (DOMAIN.md §8 "Cells").
func (w *witness) cells(periods []figures.Period) {
	w.tables = append(w.tables, "w_per", "w_grp", "w_roll")
	w.drop("w_per")
	w.exec(`CREATE TEMP TABLE w_per (pid INTEGER PRIMARY KEY, first INTEGER NOT NULL, last INTEGER NOT NULL,
		days INTEGER NOT NULL, year INTEGER NOT NULL)`)
	for i, p := range periods {
		w.exec(`INSERT INTO w_per VALUES (?, ?, ?, ?, ?)`, i, int64(p.First), int64(p.Last),
			int64(p.Last)-int64(p.First)+1, p.First.Year())
	}
	w.drop("w_grp")
	w.exec(`CREATE TEMP TABLE w_grp (g TEXT PRIMARY KEY)`)
	for _, g := range pejling.BenefitGroups {
		w.exec(`INSERT INTO w_grp VALUES (?)`, string(g))
	}
	w.drop("w_roll")
	w.exec(`CREATE TEMP TABLE w_roll (km INTEGER, kg INTEGER)`)
	w.exec(`INSERT INTO w_roll VALUES (1, 1), (1, 0), (0, 1), (0, 0)`)
	w.create("w_muni", `
		SELECT municipality AS m FROM benefit_spells UNION SELECT municipality FROM activation_spells
		UNION SELECT municipality FROM companies UNION SELECT municipality FROM municipality_facts
		UNION SELECT municipality FROM expenditure UNION SELECT 0`)
	w.create("w_cell", `
		SELECT mu.m, gr.g, p.pid FROM w_muni mu
		CROSS JOIN (SELECT g FROM w_grp UNION SELECT '') gr CROSS JOIN w_per p`)
}

// benefitSums: full_time_persons = Σ days in P × fraction / D; persons_affected =
// distinct persons with a benefit day in P. Days of a spell inside P =
// min(end, P.last) − max(start, P.first) + 1; a running spell ends at forever. Spells of
// an unknown group count nowhere.
func (w *witness) benefitSums() {
	w.create("w_bp", fmt.Sprintf(`
		SELECT b.person_id, b.municipality, b.benefit_group, p.pid, p.days AS pdays, b.fraction,
			%s - %s + 1 AS days
		FROM benefit_spells b JOIN w_per p ON b.start_day <= p.last AND coalesce(b.end_day, %d) >= p.first
		WHERE b.benefit_group IN (SELECT g FROM w_grp)`,
		w.d.least(fmt.Sprintf("coalesce(b.end_day, %d)", forever), "p.last"), w.d.greatest("b.start_day", "p.first"), forever))
	// Distinct persons need every person of every roll-up cell; sums roll up from the
	// sums of the (municipality, group, period) cells.
	w.tables = append(w.tables, "w_pb")
	w.drop("w_pb")
	w.exec(w.d.schema(`CREATE TEMP TABLE w_pb (m INTEGER, g TEXT, pid INTEGER, person_id TEXT,
		PRIMARY KEY (m, g, pid, person_id)) {{WITHOUT_ROWID}}`))
	w.exec(`INSERT INTO w_pb SELECT ` + cellOf + `, x.pid, x.person_id FROM w_bp x CROSS JOIN w_roll r
		WHERE true ON CONFLICT DO NOTHING`)
	w.create("w_agg_b", `
		WITH f AS (SELECT m, g, pid, sum(ftp) AS ftp FROM (SELECT x.ftp, x.pid, `+cellOf+`
			FROM (SELECT municipality, benefit_group, pid, sum(days * fraction / pdays) AS ftp
				FROM w_bp GROUP BY municipality, benefit_group, pid) x CROSS JOIN w_roll r) AS y
			GROUP BY m, g, pid),
		n AS (SELECT m, g, pid, count(*) AS persons FROM w_pb GROUP BY m, g, pid)
		SELECT f.m, f.g, f.pid, f.ftp, n.persons FROM f JOIN n USING (m, g, pid)`)
}

// activationSums: full_time_activated = Σ activation days in P × hours_per_week / 37 / D,
// and the part of it in company placements (placement_share_of_activation). Coverage:
// persons of the cell's persons_affected with an activation day of the same cell in P
// (for municipality `all`: anywhere).
func (w *witness) activationSums() {
	w.create("w_ap", `
		SELECT a.person_id, a.municipality, a.benefit_group, a.activation_type, p.pid, p.days AS pdays, a.hours_per_week,
			`+w.d.least("a.end_day", "p.last")+` - `+w.d.greatest("a.start_day", "p.first")+` + 1 AS days
		FROM activation_spells a JOIN w_per p ON a.start_day <= p.last AND a.end_day >= p.first
		WHERE a.benefit_group IN (SELECT g FROM w_grp)`)
	w.tables = append(w.tables, "w_pa")
	w.drop("w_pa")
	w.exec(w.d.schema(`CREATE TEMP TABLE w_pa (m INTEGER, g TEXT, pid INTEGER, person_id TEXT,
		PRIMARY KEY (m, g, pid, person_id)) {{WITHOUT_ROWID}}`))
	w.exec(`INSERT INTO w_pa SELECT ` + cellOf + `, x.pid, x.person_id FROM w_ap x CROSS JOIN w_roll r
		WHERE true ON CONFLICT DO NOTHING`)
	w.create("w_agg_a", `
		SELECT m, g, pid, sum(days * hours_per_week / 37.0 / pdays) AS fta,
			coalesce(sum(CASE WHEN activation_type IN ('praktik', 'lts_privat', 'lts_offentlig')
				THEN days * hours_per_week / 37.0 / pdays END), 0) AS fta_place
		FROM (SELECT x.*, `+cellOf+` FROM w_ap x CROSS JOIN w_roll r) AS y GROUP BY m, g, pid`)
	w.create("w_agg_cov", `
		SELECT a.m, a.g, a.pid, count(*) AS covered
		FROM w_pa a JOIN w_pb b ON b.m = a.m AND b.g = a.g AND b.pid = a.pid AND b.person_id = a.person_id
		GROUP BY a.m, a.g, a.pid`)
}

// placements: activation spells of type praktik, lts_privat or lts_offentlig of (m, g)
// whose start lies in P, in all and by type.
func (w *witness) placements() {
	w.create("w_agg_pl", `
		SELECT m, g, pid, count(*) AS placed,
			`+countIf("activation_type = 'praktik'")+` AS praktik, `+countIf("activation_type = 'lts_privat'")+` AS lts_privat,
			`+countIf("activation_type = 'lts_offentlig'")+` AS lts_offentlig
		FROM (SELECT x.activation_type, p.pid, `+cellOf+`
			FROM activation_spells x JOIN w_per p ON x.start_day BETWEEN p.first AND p.last CROSS JOIN w_roll r
			WHERE x.activation_type IN ('praktik', 'lts_privat', 'lts_offentlig')
				AND x.benefit_group IN (SELECT g FROM w_grp)) AS y
		GROUP BY m, g, pid`)
}

// outflow: a benefit spell of (m, g) whose end lies in P is pending when end + 28 >
// as_of (always), otherwise outflow when no benefit spell of the person (any group, any
// municipality) has a day in end+1 … end+28. Running spells are neither.
func (w *witness) outflow(asOf int64) {
	// as_of goes into the text: PostgreSQL takes no parameters in CREATE TABLE AS.
	w.create("w_ended", fmt.Sprintf(`
		SELECT b.municipality, b.benefit_group, b.end_day,
			CASE WHEN b.end_day + 28 > %[2]d THEN 1 ELSE 0 END AS pending,
			CASE WHEN b.end_day + 28 <= %[2]d AND NOT EXISTS (SELECT 1 FROM benefit_spells o
				WHERE o.person_id = b.person_id AND o.benefit_group IN (SELECT g FROM w_grp)
				AND o.start_day <= b.end_day + 28 AND coalesce(o.end_day, %[1]d) >= b.end_day + 1) THEN 1 ELSE 0 END AS outflow
		FROM benefit_spells b
		WHERE b.end_day IS NOT NULL AND b.benefit_group IN (SELECT g FROM w_grp)
			AND b.end_day BETWEEN (SELECT min(first) FROM w_per) AND (SELECT max(last) FROM w_per)`, forever, asOf))
	w.create("w_agg_out", `
		SELECT m, g, pid, sum(outflow) AS outflow, sum(pending) AS pending
		FROM (SELECT x.outflow, x.pending, p.pid, `+cellOf+`
			FROM w_ended x JOIN w_per p ON x.end_day BETWEEN p.first AND p.last CROSS JOIN w_roll r) AS y
		GROUP BY m, g, pid`)
}

// durations: avg_duration_days over continuous periods on public support (DOMAIN.md §8).
//
// A person's benefit spells sorted by start form periods: a spell joins the current
// period when start − (latest end reached so far in the period) − 1 ≤ 7; a running spell
// (end forever) joins everything after it. "Latest end so far in the period" equals the
// latest end of all the person's earlier spells: every earlier period ended more than 7
// days before the current one began, so its ends are below every end of the current
// period. That makes the split a gaps-and-islands query: a spell opens a period when the
// running max of the ends before it is more than 8 days before its start, and the running
// count of openings numbers the periods.
//
// Spells with the same start are ordered by (municipality, group), the primary key, but
// any order gives the same periods: after the first of them, the latest end so far is at
// least its end ≥ its start = their start, so every later one has start − latest − 1 < 0
// and joins; and the latest end after them is their max, whatever the order.
//
// The last spell of a period is the one with the latest end (running = latest), ties the
// latest start, then the largest (municipality, group). A period is completed when none
// of its spells runs and its last end < as_of; it counts, with length last end − first
// start + 1, at the cells of its last spell in the periods P holding its last end.
func (w *witness) durations(asOf int64) {
	w.create("w_done", fmt.Sprintf(`
		WITH s AS (
			SELECT person_id, municipality, benefit_group, start_day, end_day,
				coalesce(end_day, %d) AS end_or_forever
			FROM benefit_spells WHERE benefit_group IN (SELECT g FROM w_grp)),
		opened AS (
			SELECT *, max(end_or_forever) OVER (by_start ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_before
			FROM s WINDOW by_start AS (PARTITION BY person_id ORDER BY start_day, municipality, benefit_group)),
		numbered AS (
			SELECT *, sum(CASE WHEN latest_before IS NULL OR start_day - latest_before - 1 > 7 THEN 1 ELSE 0 END)
				OVER (by_start ROWS UNBOUNDED PRECEDING) AS period_no
			FROM opened WINDOW by_start AS (PARTITION BY person_id ORDER BY start_day, municipality, benefit_group)),
		ranked AS (
			SELECT *,
				row_number() OVER (by_period ORDER BY end_or_forever DESC, start_day DESC,
					municipality DESC, benefit_group DESC) AS last_rank,
				min(start_day) OVER by_period AS first_start,
				max(CASE WHEN end_day IS NULL THEN 1 ELSE 0 END) OVER by_period AS running
			FROM numbered WINDOW by_period AS (PARTITION BY person_id, period_no))
		SELECT municipality, benefit_group, end_day, end_day - first_start + 1 AS length
		FROM ranked WHERE last_rank = 1 AND running = 0 AND end_day < %d`, forever, asOf))
	w.create("w_agg_dur", `
		SELECT m, g, pid, count(*) AS periods, sum(length) AS days
		FROM (SELECT x.length, p.pid, `+cellOf+`
			FROM w_done x JOIN w_per p ON x.end_day BETWEEN p.first AND p.last CROSS JOIN w_roll r) AS y
		GROUP BY m, g, pid`)
}

// sixMonths: activation spells of (m, g) whose end lies in P and end + 182 ≤ as_of are
// the denominator; self-supported those on whose day end+182 the person has no benefit
// spell, employed those on whose day end+182 an employment spell runs.
func (w *witness) sixMonths(asOf int64) {
	w.create("w_after", fmt.Sprintf(`
		SELECT a.municipality, a.benefit_group, a.end_day,
			CASE WHEN NOT EXISTS (SELECT 1 FROM benefit_spells o
				WHERE o.person_id = a.person_id AND o.benefit_group IN (SELECT g FROM w_grp)
				AND o.start_day <= a.end_day + 182 AND coalesce(o.end_day, %[1]d) >= a.end_day + 182) THEN 1 ELSE 0 END AS self,
			CASE WHEN EXISTS (SELECT 1 FROM employment_spells e
				WHERE e.person_id = a.person_id
				AND e.start_day <= a.end_day + 182 AND coalesce(e.end_day, %[1]d) >= a.end_day + 182) THEN 1 ELSE 0 END AS employed
		FROM activation_spells a
		WHERE a.benefit_group IN (SELECT g FROM w_grp) AND a.end_day + 182 <= %[2]d
			AND a.end_day BETWEEN (SELECT min(first) FROM w_per) AND (SELECT max(last) FROM w_per)`, forever, asOf))
	w.create("w_agg_6m", `
		SELECT m, g, pid, count(*) AS den, sum(self) AS self, sum(employed) AS employed
		FROM (SELECT x.self, x.employed, p.pid, `+cellOf+`
			FROM w_after x JOIN w_per p ON x.end_day BETWEEN p.first AND p.last CROSS JOIN w_roll r) AS y
		GROUP BY m, g, pid`)
}

// cooperation: companies located in m (`all`: every company) whose cvr hosts a company
// placement of any job centre and group with a day in P, over the companies in m.
func (w *witness) cooperation() {
	w.create("w_hosted", `
		SELECT DISTINCT a.cvr, p.pid FROM activation_spells a JOIN w_per p ON a.start_day <= p.last AND a.end_day >= p.first
		WHERE a.activation_type IN ('praktik', 'lts_privat', 'lts_offentlig')`)
	w.create("w_coop", `
		WITH c AS (SELECT cvr, municipality AS m FROM companies UNION ALL SELECT cvr, 0 FROM companies)
		SELECT c.m, p.pid, count(*) AS companies, count(h.cvr) AS hosts
		FROM c CROSS JOIN w_per p LEFT JOIN w_hosted h ON h.cvr = c.cvr AND h.pid = p.pid
		GROUP BY c.m, p.pid`)
}

// population: population_16_66 of m for the year of P's first day; for `all` the sum
// over the municipalities that have one for that year.
func (w *witness) population() {
	w.create("w_pop", `
		WITH f AS (SELECT municipality AS m, year, value FROM municipality_facts WHERE variable = 'population_16_66')
		SELECT m, year, value FROM f UNION ALL SELECT 0, year, sum(value) FROM f GROUP BY year`)
}

// countIf counts the rows where cond holds: sum(cond) on SQLite, where a comparison is
// 0 or 1, but PostgreSQL does not add booleans. Over no rows it is NULL, as sum is.
func countIf(cond string) string { return "sum(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }

// ratio is num / den, empty exactly when den is 0 or missing (DOMAIN.md §8 "Empty, not
// zero"); a missing num over a non-zero den is 0.
func ratio(num, den string) string {
	return fmt.Sprintf("CASE WHEN coalesce(%[2]s, 0) = 0 THEN NULL ELSE CAST(coalesce(%[1]s, 0) AS DOUBLE PRECISION) / (%[2]s) END", num, den)
}

// rows joins the aggregates onto every cell and returns the long form.
func (w *witness) rows(periods []figures.Period) ([]figures.Row, error) {
	var nEmployment int
	if err := w.conn.QueryRowContext(w.ctx, `SELECT count(*) FROM employment_spells`).Scan(&nEmployment); err != nil {
		return nil, err
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
		{figures.AvgDurationDays, ratio("d.days", "d.periods")},
		{figures.SelfSupportRate6m, ratio("s.self", "s.den")},
		{figures.EmploymentRate6m, employment},
		// Group `all` only: the other groups' values are skipped below.
		{figures.CooperationRate, ratio("co.hosts", "co.companies")},
		{figures.PublicSupportRate, ratio("b.ftp", "pop.value")},
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
		LEFT JOIN w_agg_dur d ON d.m = c.m AND d.g = c.g AND d.pid = c.pid
		LEFT JOIN w_agg_6m s ON s.m = c.m AND s.g = c.g AND s.pid = c.pid
		LEFT JOIN w_coop co ON co.m = c.m AND co.pid = c.pid
		LEFT JOIN w_pop pop ON pop.m = c.m AND pop.year = p.year`
	rs, err := w.conn.QueryContext(w.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("%w\n%s", err, q)
	}
	defer rs.Close()
	var out []figures.Row
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
			return nil, err
		}
		for i, col := range cols {
			if g != "" && (col.fig == figures.CooperationRate || col.fig == figures.PublicSupportRate) {
				continue
			}
			r := figures.Row{Municipality: m, Group: pejling.BenefitGroup(g), Period: periods[pid], Figure: col.fig}
			switch x := vals[i].(type) {
			case int64:
				r.Value, r.Valid = float64(x), true
			case float64:
				r.Value, r.Valid = x, true
			case nil:
			default:
				return nil, fmt.Errorf("%s: value of type %T", col.fig, x)
			}
			out = append(out, r)
		}
	}
	if err := rs.Err(); err != nil {
		return nil, err
	}
	sortRows(out)
	return out, nil
}

// sortRows sorts rows by the five key fields of DOMAIN.md §9 as text, as figures.Compute
// returns them. Dates compare as text as they compare as days (YYYY-MM-DD).
func sortRows(rows []figures.Row) {
	codes := map[int]string{0: "all"}
	for _, r := range rows {
		if _, ok := codes[r.Municipality]; !ok {
			codes[r.Municipality] = strconv.Itoa(r.Municipality)
		}
	}
	group := func(r figures.Row) string {
		if r.Group == "" {
			return "all"
		}
		return string(r.Group)
	}
	slices.SortFunc(rows, func(a, b figures.Row) int {
		return cmp.Or(cmp.Compare(codes[a.Municipality], codes[b.Municipality]), cmp.Compare(group(a), group(b)),
			cmp.Compare(a.Period.First, b.Period.First), cmp.Compare(a.Period.Last, b.Period.Last),
			cmp.Compare(a.Figure, b.Figure))
	})
}
