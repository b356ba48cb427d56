package figures_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

var day = pejling.MustParseDate

func spell(id string, muni int, g pejling.BenefitGroup, start, end string) pejling.BenefitSpell {
	e := pejling.Forever
	if end != "" {
		e = day(end)
	}
	return pejling.BenefitSpell{PersonID: id, Municipality: muni, Group: g, Start: day(start), End: e, Fraction: 1}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// checkCurve compares a curve's weeks with the hand-worked (at risk, events, censored,
// S, CIF_1, CIF_2) and checks the invariants every point must satisfy.
func checkCurve(t *testing.T, c figures.Curve, want [][6]float64) {
	t.Helper()
	if len(c.Points) != len(want) {
		t.Fatalf("%s: %d points, want %d: %+v", c.Stratum, len(c.Points), len(want), c.Points)
	}
	for i, p := range c.Points {
		w := want[i]
		if p.Week != i+1 || p.AtRisk != int(w[0]) || p.Events != int(w[1]) || p.Censored != int(w[2]) ||
			!near(p.Survival, w[3], 1e-12) || !near(p.CIFSelfSupport, w[4], 1e-12) || !near(p.CIFOtherBenefit, w[5], 1e-12) {
			t.Errorf("%s week %d: got %+v, want %v", c.Stratum, i+1, p, w)
		}
	}
	checkInvariants(t, c)
}

func checkInvariants(t *testing.T, c figures.Curve) {
	t.Helper()
	prev := figures.Point{AtRisk: c.Periods, Survival: 1, InGroup: 1}
	for _, p := range c.Points {
		if p.AtRisk != prev.AtRisk-prev.Events-prev.Censored || p.Survival > prev.Survival ||
			!(p.Lower <= p.Survival && p.Survival <= p.Upper) || p.Lower < 0 || p.Upper > 1 ||
			!near(p.CIFSelfSupport+p.CIFOtherBenefit, 1-p.InGroup, 1e-12) || p.InGroup > prev.InGroup ||
			p.CIFSelfSupport < prev.CIFSelfSupport || p.CIFOtherBenefit < prev.CIFOtherBenefit {
			t.Fatalf("%v %s week %d: %+v after %+v", c.Cohort, c.Stratum, p.Week, p, prev)
		}
		prev = p
	}
}

// TestSurvivalHandWorked: as of 2024-02-05, January 2024 cohort, one curve.
//
//	P1  KTH 01-01…01-14            14 d → exit w2; all KTH → cause 1 w2
//	P2  KTH 01-01…01-03, 01-11…01-20: gap 11−3−1 = 7 joins → 20 d → exit w3, cause 1 w3
//	P3  KTH 01-01…01-03, 01-12…01-20: gap 8 splits → exit w1 (3 d) and exit w2 (9 d)
//	P4  KTH 01-25 running           censored at as_of: 12 d → w2
//	P5  KTH 01-01…01-10, SDP 01-08…01-31: 31 d → exit w5; SDP starts 7 d in → cause 2 w1
//	P6  DGP 01-05…02-10             ends after as_of: censored 32 d → w5
//	P7  KTH 2023-12-20…2024-01-05   inflow in December: not in the cohort
//	P8  KTH 02-01…02-03             inflow in February: not in the cohort
//	P9  KTH 01-31…02-02             last day of the cohort: exit w1, cause 1 w1
//	P10 ZZZ 01-01…01-31             not a benefit group: left out
//
// Time on support, N = 8:
//
//	w1 n=8 d=2 (P3a, P9)       S = 6/8 = 0.75       G = 2/(8·6) = 1/24
//	w2 n=6 d=2 (P1, P3b) c=1   S = 0.75·4/6 = 0.5   G = 1/24 + 2/(6·4) = 1/8
//	w3 n=3 d=1 (P2)            S = 1/3              G = 1/8 + 1/(3·2) = 7/24
//	w4 n=2                     S = 1/3
//	w5 n=2 d=1 (P5) c=1 (P6)   S = 1/6              G = 7/24 + 1/(2·1) = 19/24
//	w6 n=0: the curve stops.
//
// Greenwood SE(w2) = 0.5·√(1/8) = 0.176777; band at w2: h = 1.96·√(1/8)/ln 2 = 0.999737,
// lower = 0.5^e^h = 0.5^2.71757 = 0.152031, upper = 0.5^e^−h = 0.5^0.367976 = 0.774869.
//
// Time in the inflow group (causes 1, 2, censored): w1 d1=2 (P3a, P9) d2=1 (P5):
// CIF1 = 2/8, CIF2 = 1/8, S_any = 5/8; w2 n=5 d1=2 (P1, P3b) c=1 (P4): CIF1 += 5/8·2/5
// → 1/2, S_any = 3/8; w3 n=2 d1=1 (P2): CIF1 += 3/8·1/2 → 11/16, S_any = 3/16; w5 n=1
// c=1 (P6). CIF1 + CIF2 = 13/16 = 1 − S_any.
func TestSurvivalHandWorked(t *testing.T) {
	in := figures.Input{AsOf: day("2024-02-05"), Benefit: []pejling.BenefitSpell{
		spell("P1", 101, pejling.KTH, "2024-01-01", "2024-01-14"),
		spell("P2", 101, pejling.KTH, "2024-01-11", "2024-01-20"),
		spell("P2", 101, pejling.KTH, "2024-01-01", "2024-01-03"),
		spell("P3", 101, pejling.KTH, "2024-01-01", "2024-01-03"),
		spell("P3", 101, pejling.KTH, "2024-01-12", "2024-01-20"),
		spell("P4", 101, pejling.KTH, "2024-01-25", ""),
		spell("P5", 101, pejling.SDP, "2024-01-08", "2024-01-31"),
		spell("P5", 101, pejling.KTH, "2024-01-01", "2024-01-10"),
		spell("P6", 147, pejling.DGP, "2024-01-05", "2024-02-10"),
		spell("P7", 101, pejling.KTH, "2023-12-20", "2024-01-05"),
		spell("P8", 101, pejling.KTH, "2024-02-01", "2024-02-03"),
		spell("P9", 101, pejling.KTH, "2024-01-31", "2024-02-02"),
		spell("P10", 101, "ZZZ", "2024-01-01", "2024-01-31"),
	}}
	jan := figures.Period{First: day("2024-01-01"), Last: day("2024-01-31")}
	curves := figures.Survival(in, []figures.Period{jan}, figures.ByNone)
	if len(curves) != 1 {
		t.Fatalf("%d curves: %+v", len(curves), curves)
	}
	c := curves[0]
	if c.Cohort != jan || c.By != figures.ByNone || c.Stratum != "all" || c.Periods != 8 || c.Events != 6 {
		t.Fatalf("curve %+v", c)
	}
	checkCurve(t, c, [][6]float64{
		{8, 2, 0, 0.75, 2. / 8, 1. / 8},
		{6, 2, 1, 0.5, 1. / 2, 1. / 8},
		{3, 1, 0, 1. / 3, 11. / 16, 1. / 8},
		{2, 0, 0, 1. / 3, 11. / 16, 1. / 8},
		{2, 1, 1, 1. / 6, 11. / 16, 1. / 8},
	})
	p := c.Points[1]
	if !near(p.StdErr, 0.176777, 5e-7) || !near(p.Lower, 0.152031, 5e-7) || !near(p.Upper, 0.774869, 5e-7) {
		t.Errorf("week 2 band: %+v", p)
	}
	if !near(c.Points[4].InGroup, 3./16, 1e-12) {
		t.Errorf("S_any(5) = %v, want 3/16", c.Points[4].InGroup)
	}

	// By group: DGP holds P6 alone, censored at w5: S = 1 throughout, band degenerate.
	curves = figures.Survival(in, []figures.Period{jan}, figures.ByGroup)
	if len(curves) != 2 || curves[0].Stratum != "DGP" || curves[1].Stratum != "KTH" || curves[1].Periods != 7 {
		t.Fatalf("by group: %+v", curves)
	}
	checkCurve(t, curves[0], [][6]float64{{1, 0, 0, 1, 0, 0}, {1, 0, 0, 1, 0, 0}, {1, 0, 0, 1, 0, 0}, {1, 0, 0, 1, 0, 0}, {1, 0, 1, 1, 0, 0}})
	if p := curves[0].Points[4]; p.Lower != 1 || p.Upper != 1 || p.StdErr != 0 {
		t.Errorf("S = 1 must have the degenerate band: %+v", p)
	}

	// Cohorts: months January and February, and the two months as one. February holds P8
	// (3 d, exit w1); P7 stays out of all of them.
	feb := figures.Period{First: day("2024-02-01"), Last: day("2024-02-29")}
	both := figures.Period{First: jan.First, Last: feb.Last}
	curves = figures.Survival(in, []figures.Period{feb, both, jan}, figures.ByNone)
	if len(curves) != 3 || curves[0].Cohort != jan || curves[1].Cohort != both || curves[2].Cohort != feb ||
		curves[0].Periods != 8 || curves[1].Periods != 9 || curves[2].Periods != 1 {
		t.Fatalf("cohorts: %+v", curves)
	}
	checkCurve(t, curves[2], [][6]float64{{1, 1, 0, 0, 1, 0}})
	if p := curves[2].Points[0]; p.Lower != 0 || p.Upper != 0 || p.StdErr != 0 {
		t.Errorf("S = 0 must have the degenerate band: %+v", p)
	}
}

// TestSurvivalStrata: the inflow's tie rule and strata; a running spell joins what
// follows it.
func TestSurvivalStrata(t *testing.T) {
	in := figures.Input{AsOf: day("2024-06-30"), Benefit: []pejling.BenefitSpell{
		// Same start: the inflow is the smallest (municipality, group) = (101, SDP), though
		// DGP sorts first; the other spell is of another group from day 0 → cause 2 at w1.
		spell("T", 147, pejling.DGP, "2024-01-01", "2024-01-31"),
		spell("T", 101, pejling.SDP, "2024-01-01", "2024-01-10"),
		// Same start and municipality: the smaller group code, KTH, is the inflow.
		spell("U", 101, pejling.SDP, "2024-03-01", "2024-03-10"),
		spell("U", 101, pejling.KTH, "2024-03-01", "2024-03-05"),
		// Running KTH from 01-01 and SDP 05-01…05-10 four months later: one period, since
		// the running spell joins everything after. Censored at as_of: 182 d → w26; SDP
		// starts 121 d in → cause 2 at ⌈121/7⌉ = w18.
		spell("R", 101, pejling.KTH, "2024-01-01", ""),
		spell("R", 101, pejling.SDP, "2024-05-01", "2024-05-10"),
		// Not running: the same shape is two periods, the second inflow in May.
		spell("S", 101, pejling.KTH, "2024-01-01", "2024-01-31"),
		spell("S", 101, pejling.SDP, "2024-05-01", "2024-05-10"),
	}}
	in.Benefit[0].Match, in.Benefit[1].Match, in.Benefit[4].Match = "jobparat", "aktivitetsparat", "jobparat"
	h1 := figures.Period{First: day("2024-01-01"), Last: day("2024-06-30")}
	jan := figures.Period{First: day("2024-01-01"), Last: day("2024-01-31")}
	for _, tc := range []struct {
		by     figures.By
		cohort figures.Period
		want   string
	}{
		{figures.ByGroup, h1, "map[KTH:3 SDP:2]"},
		{figures.ByGroup, jan, "map[KTH:2 SDP:1]"},
		{figures.ByMunicipality, h1, "map[101:5]"},
		{figures.ByMatchGroup, jan, "map[aktivitetsparat:1 jobparat:1 unknown:1]"},
		{figures.ByNone, jan, "map[all:3]"},
	} {
		m := map[string]int{}
		for _, c := range figures.Survival(in, []figures.Period{tc.cohort}, tc.by) {
			m[c.Stratum] = c.Periods
			checkInvariants(t, c)
		}
		if got := fmt.Sprint(m); got != tc.want {
			t.Errorf("%s %v: %s, want %s", tc.by, tc.cohort, got, tc.want)
		}
	}

	// R alone: censored at w26, in the group until w18.
	r := figures.Input{AsOf: in.AsOf, Benefit: in.Benefit[4:6]}
	c := figures.Survival(r, []figures.Period{jan}, figures.ByNone)[0]
	if len(c.Points) != 26 || c.Points[25].Censored != 1 || c.Points[25].Survival != 1 ||
		c.Points[16].CIFOtherBenefit != 0 || c.Points[17].CIFOtherBenefit != 1 || c.Points[17].InGroup != 0 {
		t.Errorf("running spell: %+v", c)
	}
	// T alone: cause 2 at week 1, though the period runs to 01-31 (w5).
	tt := figures.Input{AsOf: in.AsOf, Benefit: in.Benefit[:2]}
	c = figures.Survival(tt, []figures.Period{jan}, figures.ByGroup)[0]
	if c.Stratum != "SDP" || len(c.Points) != 5 || c.Points[4].Events != 1 || c.Points[0].CIFOtherBenefit != 1 {
		t.Errorf("tie: %+v", c)
	}

	// Censoring at as_of (2024-06-30): E ends on as_of itself, so it is not completed:
	// censored, 06-01…06-30 = 30 d → w5; W runs from 06-23: 8 d → w2; X runs from 06-01
	// (w5) and its SDP spell starts after as_of, so it is still in KTH at as_of: censored
	// in the group too; Y's inflow lies after as_of: left out, though in the cohort.
	edge := figures.Input{AsOf: in.AsOf, Benefit: []pejling.BenefitSpell{
		spell("E", 101, pejling.KTH, "2024-06-01", "2024-06-30"),
		spell("W", 101, pejling.KTH, "2024-06-23", ""),
		spell("X", 101, pejling.KTH, "2024-06-01", ""),
		spell("X", 101, pejling.SDP, "2024-07-05", "2024-07-10"),
		spell("Y", 101, pejling.KTH, "2024-07-01", "2024-07-10"),
	}}
	summer := figures.Period{First: day("2024-06-01"), Last: day("2024-07-31")}
	c = figures.Survival(edge, []figures.Period{summer}, figures.ByNone)[0]
	if c.Periods != 3 {
		t.Errorf("periods %d, want 3 (E, W, X)", c.Periods)
	}
	checkCurve(t, c, [][6]float64{{3, 0, 0, 1, 0, 0}, {3, 0, 1, 1, 0, 0}, {2, 0, 0, 1, 0, 0}, {2, 0, 0, 1, 0, 0}, {2, 0, 2, 1, 0, 0}})
}

// TestSurvivalEarlyPlacement: the landmark rule at week 13, as of 2024-12-31, KTH
// periods from 2024-01-01 (f + 91 = 2024-04-01).
//
//	Q1 …02-15  46 d → w7 exit, praktik 01-10: within 13 weeks → left out (immortal time)
//	Q5 …03-31  91 d → w13 exit: not over 13 weeks → left out
//	Q2 …06-30  182 d → w26 exit, praktik from 01-15          → with
//	Q4 …04-14  105 d → w15 exit, lts_privat from 03-31 = f+90 → with
//	Q7 running        censored 366 d → w53, praktik from 01-01 = f → with
//	Q3 …04-14  w15 exit, lts_privat from 04-01 = f+91       → without
//	Q6 …04-01  92 d → w14 exit, no activation                → without
//	Q8 …05-31  152 d → w22 exit, mentor from 01-10 (no placement); praktik 2023-12-31
//	           before the inflow                              → without
//
// with: n=3 through w15; w15 d=1 S=2/3; w26 n=2 d=1 S=1/3; w53 n=1 c=1; stops at 53.
// without: w14 n=3 d=1 S=2/3; w15 n=2 d=1 S=1/3; w22 n=1 d=1 S=0; stops at 22.
func TestSurvivalEarlyPlacement(t *testing.T) {
	var in figures.Input
	in.AsOf = day("2024-12-31")
	for _, p := range []struct{ id, end, typ, start string }{
		{"Q1", "2024-02-15", "praktik", "2024-01-10"},
		{"Q5", "2024-03-31", "", ""},
		{"Q2", "2024-06-30", "praktik", "2024-01-15"},
		{"Q4", "2024-04-14", "lts_privat", "2024-03-31"},
		{"Q7", "", "praktik", "2024-01-01"},
		{"Q3", "2024-04-14", "lts_privat", "2024-04-01"},
		{"Q6", "2024-04-01", "", ""},
		{"Q8", "2024-05-31", "mentor", "2024-01-10"},
		{"Q8", "2024-05-31", "praktik", "2023-12-31"},
	} {
		if p.id != "Q8" || p.typ == "mentor" {
			in.Benefit = append(in.Benefit, spell(p.id, 101, pejling.KTH, "2024-01-01", p.end))
		}
		if p.typ != "" {
			in.Activation = append(in.Activation, pejling.ActivationSpell{PersonID: p.id, Municipality: 101,
				Group: pejling.KTH, Type: pejling.ActivationType(p.typ), Start: day(p.start), End: day(p.start) + 30})
		}
	}
	curves := figures.Survival(in, []figures.Period{{First: day("2024-01-01"), Last: day("2024-01-31")}}, figures.ByEarlyPlacement)
	if len(curves) != 2 || curves[0].Stratum != "with" || curves[1].Stratum != "without" ||
		curves[0].Periods != 3 || curves[1].Periods != 3 || curves[0].Events != 2 || curves[1].Events != 3 {
		t.Fatalf("%+v", curves)
	}
	want := func(last int, rows map[int][6]float64) [][6]float64 {
		var ws [][6]float64
		cur := [6]float64{3, 0, 0, 1, 0, 0}
		for w := 1; w <= last; w++ {
			if r, ok := rows[w]; ok {
				ws = append(ws, r)
				cur = [6]float64{r[0] - r[1] - r[2], 0, 0, r[3], r[4], r[5]}
				continue
			}
			ws = append(ws, cur)
		}
		return ws
	}
	checkCurve(t, curves[0], want(53, map[int][6]float64{
		15: {3, 1, 0, 2. / 3, 1. / 3, 0},
		26: {2, 1, 0, 1. / 3, 2. / 3, 0},
		53: {1, 0, 1, 1. / 3, 2. / 3, 0},
	}))
	checkCurve(t, curves[1], want(22, map[int][6]float64{
		14: {3, 1, 0, 2. / 3, 1. / 3, 0},
		15: {2, 1, 0, 1. / 3, 2. / 3, 0},
		22: {1, 1, 0, 0, 1, 0},
	}))
}

// TestSurvivalRandom checks the invariants on random persons for every By, and that the
// order of the spells does not matter.
func TestSurvivalRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	groups := []pejling.BenefitGroup{pejling.KTH, pejling.SDP, pejling.DGP, pejling.JAF}
	var in figures.Input
	in.AsOf = day("2024-12-31")
	for i := range 3000 {
		id := fmt.Sprintf("P%05d", i)
		start := day("2022-01-01") + pejling.Date(rng.IntN(1000))
		for range 1 + rng.IntN(4) {
			end := start + pejling.Date(rng.IntN(400))
			s := pejling.BenefitSpell{PersonID: id, Municipality: 101 + rng.IntN(3), Group: groups[rng.IntN(len(groups))],
				Start: start, End: end, Fraction: 1}
			if end > in.AsOf+100 {
				s.End = pejling.Forever
			}
			in.Benefit = append(in.Benefit, s)
			if rng.IntN(3) == 0 {
				in.Activation = append(in.Activation, pejling.ActivationSpell{PersonID: id, Municipality: 101,
					Group: s.Group, Type: pejling.Praktik, Start: start + pejling.Date(rng.IntN(120)), End: start + 200})
			}
			start = end + 1 + pejling.Date(rng.IntN(14))
		}
	}
	cohorts := figures.Quarters(day("2022-01-01"), day("2024-12-31"))
	for _, by := range figures.Bys {
		curves := figures.Survival(in, cohorts, by)
		if len(curves) == 0 {
			t.Fatalf("%s: no curves", by)
		}
		events := 0
		for _, c := range curves {
			checkInvariants(t, c)
			events += c.Events
			if by == figures.ByEarlyPlacement && c.Points[12].Survival != 1 {
				t.Errorf("%v %s: S(13) = %v under the landmark", c.Cohort, c.Stratum, c.Points[12].Survival)
			}
		}
		if events == 0 {
			t.Errorf("%s: no events", by)
		}
		rev := in
		rev.Benefit = append([]pejling.BenefitSpell(nil), in.Benefit...)
		for i, j := 0, len(rev.Benefit)-1; i < j; i, j = i+1, j-1 {
			rev.Benefit[i], rev.Benefit[j] = rev.Benefit[j], rev.Benefit[i]
		}
		if fmt.Sprint(figures.Survival(rev, cohorts, by)) != fmt.Sprint(curves) {
			t.Errorf("%s: the order of the spells changes the curves", by)
		}
	}
}
