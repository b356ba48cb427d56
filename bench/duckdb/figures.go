package main

import (
	"fmt"
	"strings"
	"time"
)

// period is a calendar period, both ends inclusive.
type period struct{ first, last time.Time }

// calendarPeriods splits [from, to] into the whole calendar months and then the whole
// calendar years inside it, as `pejling figures --every month,year` asks for.
func calendarPeriods(from, to time.Time) []period {
	var ps []period
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		if last := m.AddDate(0, 1, -1); !m.Before(from) && !last.After(to) {
			ps = append(ps, period{m, last})
		}
	}
	for y := from.Year(); y <= to.Year(); y++ {
		first, last := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
		if !first.Before(from) && !last.After(to) {
			ps = append(ps, period{first, last})
		}
	}
	return ps
}

// figureColumns are the columns of the wide result, in the order of figureSQL's final
// SELECT after (m, g, pf, pl); the last two exist for group `all` only.
var figureColumns = []string{
	"full_time_persons", "persons_affected", "full_time_activated", "activation_rate", "coverage_rate",
	"placements_started", "placements_started_praktik", "placements_started_lts_privat",
	"placements_started_lts_offentlig", "placements_per_person_affected", "placement_share_of_activation",
	"outflow", "outflow_pending", "turnover_speed", "avg_duration_days", "self_support_rate_6m",
	"employment_rate_6m", "cooperation_rate", "public_support_rate",
}

// figureSQL is written from DOMAIN.md §8 alone. Every spell counts in four cells:
// (m, g), (m, all), (all, g) and (all, all); GROUPING SETS give all four at once, and
// count(DISTINCT p) makes a person in two municipalities count once in `all`.
// Running spells (empty end) get the end 9999-12-31, past every period and as_of.
const figureSQL = `
CREATE TEMP TABLE per AS SELECT pid, pf, pl, (pl - pf + 1)::DOUBLE AS d FROM (VALUES {periods}) t(pid, pf, pl);
CREATE TEMP TABLE grp AS SELECT g FROM (VALUES {groups}) t(g);
CREATE TEMP TABLE cells AS
  SELECT mm, gg, pid FROM (SELECT m AS mm FROM munis UNION ALL SELECT 'all') CROSS JOIN
  (SELECT g AS gg FROM grp UNION ALL SELECT 'all') CROSS JOIN (SELECT pid FROM per);

-- benefit spell days inside each period
CREATE TEMP TABLE bov AS
  SELECT b.p, b.m, b.g, per.pid, (least(coalesce(b.e, DATE '9999-12-31'), per.pl) - greatest(b.s, per.pf) + 1) AS days, b.f
  FROM b JOIN per ON b.s <= per.pl AND coalesce(b.e, DATE '9999-12-31') >= per.pf;
CREATE TEMP TABLE fb AS
  SELECT CASE WHEN grouping(m) = 1 THEN 'all' ELSE m END AS mm, CASE WHEN grouping(g) = 1 THEN 'all' ELSE g END AS gg, pid,
    sum(days * f) AS ftp_days
  FROM bov GROUP BY GROUPING SETS ((m, g, pid), (m, pid), (g, pid), (pid));
-- the distinct persons of each cell: the groups of (p, pid) and a cell's m and g
CREATE TEMP TABLE bx AS
  SELECT p, pid, CASE WHEN grouping(m) = 1 THEN 'all' ELSE m END AS mm, CASE WHEN grouping(g) = 1 THEN 'all' ELSE g END AS gg
  FROM bov GROUP BY GROUPING SETS ((p, pid, m, g), (p, pid, m), (p, pid, g), (p, pid));
CREATE TEMP TABLE bp AS SELECT mm, gg, pid, count(*) AS persons FROM bx GROUP BY mm, gg, pid;

-- activation spell days inside each period
CREATE TEMP TABLE aov AS
  SELECT a.p, a.m, a.g, a.t, a.cvr, per.pid, (least(coalesce(a.e, DATE '9999-12-31'), per.pl) - greatest(a.s, per.pf) + 1) AS days, a.h
  FROM a JOIN per ON a.s <= per.pl AND coalesce(a.e, DATE '9999-12-31') >= per.pf;
CREATE TEMP TABLE fa AS
  SELECT CASE WHEN grouping(m) = 1 THEN 'all' ELSE m END AS mm, CASE WHEN grouping(g) = 1 THEN 'all' ELSE g END AS gg, pid,
    sum(days * h / 37.0) AS fta_days,
    coalesce(sum(days * h / 37.0) FILTER (WHERE t IN ('praktik', 'lts_privat', 'lts_offentlig')), 0) AS place_days
  FROM aov GROUP BY GROUPING SETS ((m, g, pid), (m, pid), (g, pid), (pid));

-- coverage: persons with a benefit day and an activation day in P, both of the cell
CREATE TEMP TABLE cov AS
  WITH ax AS (
    SELECT p, pid, CASE WHEN grouping(m) = 1 THEN 'all' ELSE m END AS mm, CASE WHEN grouping(g) = 1 THEN 'all' ELSE g END AS gg
    FROM aov GROUP BY GROUPING SETS ((p, pid, m, g), (p, pid, m), (p, pid, g), (p, pid)))
  SELECT mm, gg, pid, count(*) AS covered FROM bx JOIN ax USING (p, pid, mm, gg) GROUP BY mm, gg, pid;

-- company placements started in P
CREATE TEMP TABLE ps AS
  SELECT CASE WHEN grouping(a.m) = 1 THEN 'all' ELSE a.m END AS mm, CASE WHEN grouping(a.g) = 1 THEN 'all' ELSE a.g END AS gg, per.pid,
    count(*) AS started,
    count(*) FILTER (WHERE a.t = 'praktik') AS praktik,
    count(*) FILTER (WHERE a.t = 'lts_privat') AS lts_privat,
    count(*) FILTER (WHERE a.t = 'lts_offentlig') AS lts_offentlig
  FROM a JOIN per ON a.s BETWEEN per.pf AND per.pl
  WHERE a.t IN ('praktik', 'lts_privat', 'lts_offentlig')
  GROUP BY GROUPING SETS ((a.m, a.g, per.pid), (a.m, per.pid), (a.g, per.pid), (per.pid));

-- cooperation rate: companies of m hosting a company placement with a day in P
CREATE TEMP TABLE coop AS
  WITH c AS (SELECT DISTINCT cvr, m FROM co WHERE cvr IS NOT NULL),
  den AS (SELECT CASE WHEN grouping(m) = 1 THEN 'all' ELSE m END AS mm, count(DISTINCT cvr) AS n FROM c GROUP BY GROUPING SETS ((m), ())),
  hosts AS (SELECT DISTINCT cvr, pid FROM aov WHERE t IN ('praktik', 'lts_privat', 'lts_offentlig') AND cvr IS NOT NULL),
  num AS (SELECT CASE WHEN grouping(c.m) = 1 THEN 'all' ELSE c.m END AS mm, hosts.pid, count(DISTINCT c.cvr) AS n
    FROM c JOIN hosts USING (cvr) GROUP BY GROUPING SETS ((c.m, hosts.pid), (hosts.pid)))
  SELECT den.mm, per.pid, coalesce(num.n, 0)::DOUBLE / den.n AS rate
  FROM den CROSS JOIN per LEFT JOIN num ON num.mm = den.mm AND num.pid = per.pid WHERE den.n > 0;

-- population 16-66 of the year of P's first day; for all the sum over those that have one
CREATE TEMP TABLE pop AS
  WITH p AS (SELECT m, y, sum(val) AS val FROM facts WHERE v = 'population_16_66' AND val IS NOT NULL GROUP BY m, y)
  SELECT CASE WHEN grouping(p.m) = 1 THEN 'all' ELSE p.m END AS mm, per.pid, sum(p.val) AS pop
  FROM p JOIN per ON p.y = year(per.pf) GROUP BY GROUPING SETS ((p.m, per.pid), (per.pid));

-- outflow: spells ending in P; pending when end + 28 > as_of, else outflow when the person
-- has no benefit day in end+1 ... end+28
CREATE TEMP TABLE ends AS
  SELECT x.id, x.p, x.m, x.g, x.e, x.e + 28 > DATE '{asof}' AS pending,
    x.e + 28 <= DATE '{asof}' AND NOT EXISTS (
      SELECT 1 FROM b y WHERE y.p = x.p AND y.s <= x.e + 28 AND coalesce(y.e, DATE '9999-12-31') >= x.e + 1) AS outflow
  FROM b x WHERE x.e BETWEEN (SELECT min(pf) FROM per) AND (SELECT max(pl) FROM per);
CREATE TEMP TABLE fo AS
  SELECT CASE WHEN grouping(ends.m) = 1 THEN 'all' ELSE ends.m END AS mm, CASE WHEN grouping(ends.g) = 1 THEN 'all' ELSE ends.g END AS gg, per.pid,
    count(*) FILTER (WHERE outflow) AS outflow, count(*) FILTER (WHERE pending) AS pending
  FROM ends JOIN per ON ends.e BETWEEN per.pf AND per.pl
  GROUP BY GROUPING SETS ((ends.m, ends.g, per.pid), (ends.m, per.pid), (ends.g, per.pid), (per.pid));

-- continuous periods on public support: a spell starts a new period when
-- start - (latest end so far) - 1 > 7; running spells end at 9999-12-31
CREATE TEMP TABLE brk AS
  SELECT id, p, m, g, s, coalesce(e, DATE '9999-12-31') AS e2, e IS NULL AS run,
    coalesce(s - max(coalesce(e, DATE '9999-12-31')) OVER (PARTITION BY p ORDER BY s, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) - 1 > 7, true) AS starts
  FROM b;
CREATE TEMP TABLE cp AS
  WITH k AS (SELECT *, sum(starts::INTEGER) OVER (PARTITION BY p ORDER BY s, id ROWS UNBOUNDED PRECEDING) AS k FROM brk),
  agg AS (SELECT p, k, min(s) AS fs, max(e2) AS le, bool_or(run) AS anyrun FROM k GROUP BY p, k),
  lst AS (SELECT p, k, m, g FROM k QUALIFY row_number() OVER (PARTITION BY p, k ORDER BY e2 DESC, s DESC, m DESC, g DESC) = 1)
  SELECT agg.p, lst.m, lst.g, agg.le, (agg.le - agg.fs + 1)::DOUBLE AS dur
  FROM agg JOIN lst USING (p, k) WHERE NOT agg.anyrun AND agg.le < DATE '{asof}';
CREATE TEMP TABLE fd AS
  SELECT CASE WHEN grouping(cp.m) = 1 THEN 'all' ELSE cp.m END AS mm, CASE WHEN grouping(cp.g) = 1 THEN 'all' ELSE cp.g END AS gg, per.pid,
    avg(cp.dur) AS avgdur
  FROM cp JOIN per ON cp.le BETWEEN per.pf AND per.pl
  GROUP BY GROUPING SETS ((cp.m, cp.g, per.pid), (cp.m, per.pid), (cp.g, per.pid), (per.pid));

-- 6 months after activation: activation spells ending in P with end + 182 <= as_of
CREATE TEMP TABLE six AS
  SELECT x.p, x.m, x.g, x.e,
    NOT EXISTS (SELECT 1 FROM b y WHERE y.p = x.p AND y.s <= x.e + 182 AND coalesce(y.e, DATE '9999-12-31') >= x.e + 182) AS selfs,
    EXISTS (SELECT 1 FROM emp y WHERE y.p = x.p AND y.s <= x.e + 182 AND coalesce(y.e, DATE '9999-12-31') >= x.e + 182) AS job
  FROM a x WHERE x.e BETWEEN (SELECT min(pf) FROM per) AND (SELECT max(pl) FROM per) AND x.e + 182 <= DATE '{asof}';
CREATE TEMP TABLE fs AS
  SELECT CASE WHEN grouping(six.m) = 1 THEN 'all' ELSE six.m END AS mm, CASE WHEN grouping(six.g) = 1 THEN 'all' ELSE six.g END AS gg, per.pid,
    count(*) AS n, count(*) FILTER (WHERE selfs) AS selfs, count(*) FILTER (WHERE job) AS job
  FROM six JOIN per ON six.e BETWEEN per.pf AND per.pl
  GROUP BY GROUPING SETS ((six.m, six.g, per.pid), (six.m, per.pid), (six.g, per.pid), (per.pid));

SELECT c.mm, c.gg, strftime(per.pf, '%Y-%m-%d'), strftime(per.pl, '%Y-%m-%d'),
  coalesce(fb.ftp_days, 0) / per.d,
  coalesce(bp.persons, 0)::DOUBLE,
  coalesce(fa.fta_days, 0) / per.d,
  coalesce(fa.fta_days, 0) / nullif(fb.ftp_days, 0),
  coalesce(cov.covered, 0)::DOUBLE / nullif(bp.persons, 0),
  coalesce(ps.started, 0)::DOUBLE,
  coalesce(ps.praktik, 0)::DOUBLE,
  coalesce(ps.lts_privat, 0)::DOUBLE,
  coalesce(ps.lts_offentlig, 0)::DOUBLE,
  coalesce(ps.started, 0)::DOUBLE / nullif(bp.persons, 0),
  fa.place_days / nullif(fa.fta_days, 0),
  coalesce(fo.outflow, 0)::DOUBLE,
  coalesce(fo.pending, 0)::DOUBLE,
  coalesce(fo.outflow, 0)::DOUBLE / nullif(fb.ftp_days / per.d, 0),
  fd.avgdur,
  fs.selfs::DOUBLE / nullif(fs.n, 0),
  CASE WHEN (SELECT count(*) FROM emp) > 0 THEN fs.job::DOUBLE / nullif(fs.n, 0) END,
  coop.rate,
  (coalesce(fb.ftp_days, 0) / per.d) / nullif(pop.pop, 0)
FROM cells c JOIN per USING (pid)
  LEFT JOIN fb ON fb.mm = c.mm AND fb.gg = c.gg AND fb.pid = c.pid
  LEFT JOIN bp ON bp.mm = c.mm AND bp.gg = c.gg AND bp.pid = c.pid
  LEFT JOIN fa ON fa.mm = c.mm AND fa.gg = c.gg AND fa.pid = c.pid
  LEFT JOIN cov ON cov.mm = c.mm AND cov.gg = c.gg AND cov.pid = c.pid
  LEFT JOIN ps ON ps.mm = c.mm AND ps.gg = c.gg AND ps.pid = c.pid
  LEFT JOIN fo ON fo.mm = c.mm AND fo.gg = c.gg AND fo.pid = c.pid
  LEFT JOIN fd ON fd.mm = c.mm AND fd.gg = c.gg AND fd.pid = c.pid
  LEFT JOIN fs ON fs.mm = c.mm AND fs.gg = c.gg AND fs.pid = c.pid
  LEFT JOIN coop ON coop.mm = c.mm AND coop.pid = c.pid
  LEFT JOIN pop ON pop.mm = c.mm AND pop.pid = c.pid
ORDER BY c.mm, c.gg, per.pf, per.pl
`

// figureStatements fills figureSQL's placeholders and splits it into statements; the
// last statement is the query of the wide result.
func figureStatements(ps []period, asOf time.Time) []string {
	var pv, gv []string
	for i, p := range ps {
		pv = append(pv, fmt.Sprintf("(%d, DATE '%s', DATE '%s')", i, p.first.Format(time.DateOnly), p.last.Format(time.DateOnly)))
	}
	for _, g := range benefitGroups {
		gv = append(gv, "('"+g+"')")
	}
	script := strings.NewReplacer("{periods}", strings.Join(pv, ", "), "{groups}", strings.Join(gv, ", "),
		"{asof}", asOf.Format(time.DateOnly)).Replace(figureSQL)
	var out []string
	for _, s := range splitSQL(script) {
		// drop whole-line comments so statements read cleanly in errors
		var lines []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.HasPrefix(strings.TrimSpace(l), "--") {
				lines = append(lines, l)
			}
		}
		out = append(out, strings.Join(lines, "\n"))
	}
	return out
}
