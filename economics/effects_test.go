package economics_test

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

// Reference values: R. G. Newcombe, Statistics in Medicine 17 (1998) 857–872, Table II,
// method 3 (score interval without continuity correction), to the 4 decimals printed
// there; 8 of 10 from R prop.test(8, 10, correct = FALSE)$conf.int (0.4901625,
// 0.9433178).
func TestWilsonInterval(t *testing.T) {
	for _, c := range []struct {
		k, n         int
		lower, upper float64
		tol          float64
	}{
		{8, 10, 0.4901625, 0.9433178, 1e-7},
		{81, 263, 0.2553, 0.3662, 5e-5},
		{15, 148, 0.0624, 0.1605, 5e-5},
		{0, 20, 0, 0.1611, 5e-5},
		{1, 29, 0.0061, 0.1718, 5e-5},
		{10, 10, 0.7224672, 1, 1e-7},
	} {
		t.Run(fmt.Sprintf("%dOf%d", c.k, c.n), func(t *testing.T) {
			lo, hi := economics.WilsonInterval(c.k, c.n, economics.WilsonZ95)
			if math.Abs(lo-c.lower) > c.tol || math.Abs(hi-c.upper) > c.tol {
				t.Errorf("got [%.7f, %.7f], want [%.7f, %.7f] ± %g", lo, hi, c.lower, c.upper, c.tol)
			}
		})
	}
}

func TestWilsonIntervalPanicsOnMisuse(t *testing.T) {
	for _, c := range []struct {
		name string
		k, n int
		z    float64
	}{{"NoTrials", 0, 0, 1.96}, {"MoreSuccessesThanTrials", 3, 2, 1.96}, {"NegativeK", -1, 2, 1.96}, {"ZeroZ", 1, 2, 0}} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			economics.WilsonInterval(c.k, c.n, c.z)
		})
	}
}

func ExampleWilsonInterval() {
	lo, hi := economics.WilsonInterval(8, 10, economics.WilsonZ95)
	fmt.Printf("8 of 10: %.3f [%.3f, %.3f]\n", 0.8, lo, hi)
	// Output: 8 of 10: 0.800 [0.490, 0.943]
}

var (
	effectAsOf  = pejling.MustParseDate("2024-12-31")
	effectFirst = pejling.MustParseDate("2023-01-01")
	effectLast  = pejling.MustParseDate("2024-12-31")
)

// effectPersons makes n persons of the intervention id (municipality 101), each with one
// activation spell ending 2023-06-30; the first k are in self-support on end + 182,
// the others on a running benefit spell.
func effectPersons(id string, n, k int) []pejling.Person {
	var ps []pejling.Person
	end := pejling.MustParseDate("2023-06-30")
	for i := range n {
		p := pejling.Person{ID: fmt.Sprintf("%s-%03d", id, i)}
		p.Activation = []pejling.ActivationSpell{{PersonID: p.ID, Municipality: 101, Group: "KTH", Type: "vejledning",
			Start: end - 60, End: end, HoursPerWeek: 37, InterventionID: id}}
		p.Benefit = []pejling.BenefitSpell{{PersonID: p.ID, Municipality: 101, Group: "KTH", Start: end - 100, End: end + 10, Fraction: 1}}
		if i >= k {
			p.Benefit[0].End = pejling.Forever
		}
		ps = append(ps, p)
	}
	return ps
}

// TestEffectRecommendation checks the rule on six interventions of 40 judged spells
// each (E: 10), one person per spell. Reference = (36+4+6+14+10+30)/210 = 100/210 =
// 0.476. Effects per 100,000 kr.: A 36/1 = 36, B 4/4 = 1, C 6/0.1 = 60, D 14/1 = 14
// (F has no cost, E too few): median of 1, 14, 36, 60 = 25.
//
//	A 36/40 = 0.900 [0.769, 0.960] above, 36 ≥ 25 → expand
//	B  4/40 = 0.100 [0.040, 0.231] below,  1 < 25 → close
//	C  6/40 = 0.150 [0.071, 0.291] below, 60 ≥ 25 → review
//	D 14/40 = 0.350 [0.221, 0.505] holds 0.476   → keep
//	E 10/10                                     → too few
//	F 30/40 = 0.750 [0.598, 0.858] above, no cost → keep
func TestEffectRecommendation(t *testing.T) {
	e := economics.NewEffectEstimator(economics.EffectOptions{AsOf: effectAsOf, First: effectFirst, Last: effectLast})
	for _, g := range []struct {
		id   string
		n, k int
	}{{"A", 40, 36}, {"B", 40, 4}, {"C", 40, 6}, {"D", 40, 14}, {"E", 10, 10}, {"F", 40, 30}} {
		for _, p := range effectPersons(g.id, g.n, g.k) {
			e.Add(&p)
		}
	}
	costs := []economics.InterventionCost{
		{InterventionID: "A", Year: 2023, CostDKK: 60_000}, {InterventionID: "A", Year: 2024, CostDKK: 40_000},
		{InterventionID: "A", Year: 2022, CostDKK: 1e9}, // outside the years: ignored
		{InterventionID: "B", Year: 2023, CostDKK: 400_000},
		{InterventionID: "C", Year: 2024, CostDKK: 10_000},
		{InterventionID: "D", Year: 2023, CostDKK: 100_000},
		{InterventionID: "E", Year: 2023, CostDKK: 100_000},
		{InterventionID: "G", Year: 2023, CostDKK: 5_000, Name: "no participants"},
	}
	r := e.Report(costs, 2023, 2024)
	if r.Reference.Judged != 210 || r.Reference.SelfSupported != 100 {
		t.Fatalf("reference %+v", r.Reference)
	}
	if !r.MedianValid || r.MedianEffect != 25 {
		t.Fatalf("median %v %v, want 25", r.MedianEffect, r.MedianValid)
	}
	want := map[string]struct {
		rec    string
		effect float64
		rank   int
	}{"A": {economics.EffectExpand, 36, 2}, "B": {economics.EffectClose, 1, 4}, "C": {economics.EffectReview, 60, 1},
		"D": {economics.EffectKeep, 14, 3}, "E": {economics.EffectTooFew, 10, 6}, "F": {economics.EffectKeep, 0, 5},
		"G": {economics.EffectTooFew, 0, 7}}
	if len(r.Interventions) != len(want) {
		t.Fatalf("%d rows, want %d", len(r.Interventions), len(want))
	}
	for _, x := range r.Interventions {
		w := want[x.InterventionID]
		t.Run(x.InterventionID, func(t *testing.T) {
			if x.Recommendation != w.rec || x.Rank != w.rank || math.Abs(x.EffectPer100k-w.effect) > 1e-9 {
				t.Errorf("got %s rank %d effect %v (%s), want %s rank %d effect %v", x.Recommendation, x.Rank, x.EffectPer100k, x.Note, w.rec, w.rank, w.effect)
			}
		})
	}
	f := effectRow(t, r, "F")
	if f.CostKnown || f.EffectValid || !strings.Contains(f.Note, "no cost in the cost file for 2023–2024") {
		t.Errorf("F without cost: %+v", f)
	}
	if g := effectRow(t, r, "G"); g.Participants != 0 || g.SelfSupport.Valid || g.CostDKK != 5000 || g.Name != "no participants" {
		t.Errorf("G (cost, no spell): %+v", g)
	}
	if a := effectRow(t, r, "A"); a.CostDKK != 100_000 {
		t.Errorf("A cost %v, want 100000 (2022 outside the years)", a.CostDKK)
	}
}

func effectRow(t *testing.T, r economics.EffectReport, id string) economics.InterventionEffect {
	t.Helper()
	for _, x := range r.Interventions {
		if x.InterventionID == id {
			return x
		}
	}
	t.Fatalf("no row %s", id)
	return economics.InterventionEffect{}
}

// TestEffectEstimatorRules checks the §8 self_support_rate_6m rule applied per
// intervention at its edges.
func TestEffectEstimatorRules(t *testing.T) {
	d := pejling.MustParseDate
	act := func(id string, muni int, start, end string) pejling.ActivationSpell {
		return pejling.ActivationSpell{Municipality: muni, Group: "KTH", Type: "mentor", Start: d(start), End: d(end), HoursPerWeek: 5, InterventionID: id}
	}
	ben := func(muni int, start string, end pejling.Date) pejling.BenefitSpell {
		return pejling.BenefitSpell{Municipality: muni, Group: "DGP", Start: d(start), End: end, Fraction: 1}
	}
	persons := []pejling.Person{
		// end + 182 = as_of exactly: judged; the benefit ends the day before → self-support.
		{ID: "p1", Activation: []pejling.ActivationSpell{act("X", 101, "2024-04-01", "2024-07-02")},
			Benefit: []pejling.BenefitSpell{ben(101, "2024-01-01", d("2024-12-30"))}},
		// end + 182 one day past as_of: a participant, not judged.
		{ID: "p2", Activation: []pejling.ActivationSpell{act("X", 101, "2024-04-01", "2024-07-03")}},
		// two spells of X, the benefit on end + 182 of the second is in another
		// municipality and starts that day: one self-supported spell, one person.
		{ID: "p3", Activation: []pejling.ActivationSpell{act("X", 101, "2023-01-01", "2023-01-31"), act("X", 101, "2023-03-01", "2023-03-31")},
			Benefit: []pejling.BenefitSpell{ben(851, "2023-09-29", pejling.Forever)}},
		// ended before the period: not counted at all; a spell of municipality 851.
		{ID: "p4", Activation: []pejling.ActivationSpell{act("X", 101, "2022-01-01", "2022-12-31"), act("X", 851, "2023-05-01", "2023-05-31")}},
		// no intervention id: the reference only.
		{ID: "p5", Activation: []pejling.ActivationSpell{act("", 101, "2023-05-01", "2023-05-31")}},
	}
	for _, c := range []struct {
		name                                       string
		muni                                       int
		persons, spells, judged, self, selfPersons int
		refPersons, refSpells, refJudged, refSelf  int
	}{
		{"AllMunicipalities", 0, 4, 5, 4, 3, 3, 5, 6, 5, 4},
		{"Municipality101", 101, 3, 4, 3, 2, 2, 4, 5, 4, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := economics.NewEffectEstimator(economics.EffectOptions{AsOf: effectAsOf, Municipality: c.muni, First: effectFirst, Last: effectLast})
			for i := range persons {
				e.Add(&persons[i])
			}
			r := e.Report(nil, 2023, 2024)
			x := effectRow(t, r, "X")
			got := []int{x.Participants, x.Spells, x.SelfSupport.Judged, x.SelfSupport.SelfSupported, x.SelfSupportedPersons,
				r.RefPersons, r.RefSpells, r.Reference.Judged, r.Reference.SelfSupported}
			want := []int{c.persons, c.spells, c.judged, c.self, c.selfPersons, c.refPersons, c.refSpells, c.refJudged, c.refSelf}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("persons, spells, judged, self, self persons, ref persons, spells, judged, self = %v, want %v", got, want)
			}
		})
	}
}

func TestInterventionCostsRead(t *testing.T) {
	t.Run("Example", func(t *testing.T) {
		f, err := os.Open("testdata/effects_costs.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := economics.ReadInterventionCosts("effects_costs.csv", f)
		if err != nil || len(rows) != 49 {
			t.Fatalf("%d rows, %v", len(rows), err)
		}
	})
	t.Run("SemicolonDecimalCommaAnyOrder", func(t *testing.T) {
		rows, err := economics.ReadInterventionCosts("c.csv", strings.NewReader("\ufeffYear;cost_dkk;intervention_id\n2024;1234,5;SUP-7\n\n2023;0;SUP-7\n"))
		if err != nil {
			t.Fatal(err)
		}
		want := []economics.InterventionCost{{InterventionID: "SUP-7", Year: 2024, CostDKK: 1234.5, Line: 2}, {InterventionID: "SUP-7", Year: 2023, Line: 4}}
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("got %+v, want %+v", rows, want)
		}
	})
}

func TestInterventionCostsBadFiles(t *testing.T) {
	const head = "intervention_id,year,cost_dkk,name\n"
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"Empty", "", []string{"costs.csv: empty file"}},
		{"MissingColumn", "intervention_id,year\nA,2024\n", []string{"costs.csv:1: missing column cost_dkk"}},
		{"UnknownColumn", "intervention_id,year,cost_dkk,kommune\nA,2024,1,101\n", []string{`costs.csv:1: unknown column "kommune"`}},
		{"ColumnTwice", "intervention_id,year,cost_dkk,year\n", []string{"costs.csv:1: column year given twice"}},
		{"NegativeCost", head + "A,2024,-100,\n", []string{"costs.csv:2: cost_dkk -100: negative"}},
		{"NotANumber", head + "A,2024,100 kr,\nB,2024,1.234.567,\n", []string{"costs.csv:2: cost_dkk 100 kr: not a number", "costs.csv:3: cost_dkk 1.234.567: not a number"}},
		{"EmptyCost", head + "A,2024,,\n", []string{"costs.csv:2: cost_dkk: empty"}},
		{"Duplicate", head + "A,2023,1,\nA,2024,1,\nA,2024,2,\n", []string{"costs.csv:4: duplicate of line 3 (same intervention_id A and year 2024)"}},
		{"CPRLikeID", head + "010190-1234,2024,1,\n0101901234,2024,1,\n", []string{"costs.csv:2: intervention_id: looks like a CPR number", "costs.csv:3: intervention_id: looks like a CPR number"}},
		{"BadYear", head + "A,24,1,\nA,2201,1,\nA,twenty,1,\n", []string{"costs.csv:2: year 24: not a year", "costs.csv:3: year 2201: not a year", "costs.csv:4: year twenty: not a year"}},
		{"FieldCount", head + "A,2024,1\n", []string{"costs.csv:2: 3 field(s), the header has 4"}},
		{"EmptyID", head + ",2024,1,\n", []string{"costs.csv:2: intervention_id: empty"}},
		{"FormulaName", head + "A,2024,1,=HYPERLINK(1)\n", []string{"costs.csv:2: name =HYPERLINK(1): starts with =: looks like a spreadsheet formula"}},
		{"NameDiffers", head + "A,2023,1,Jobklub\nA,2024,1,Jobcafé\n", []string{`costs.csv:3: name Jobcafé: differs from the name "Jobklub" of A on line 2`}},
		{"BadQuote", head + "A,2024,\"1,\n", []string{"costs.csv:2: bad CSV"}},
		{"NotUTF8", head + "A,2024,1,K\xf8ge\n", []string{"costs.csv:2: not UTF-8"}},
		{"OversizedLine", head + "A,2024,1,Ok\nB,2024,1," + strings.Repeat("x", 1<<20+1) + "\n", []string{"costs.csv:3: line longer than 1048576 bytes"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rows, err := economics.ReadInterventionCosts("costs.csv", strings.NewReader(c.text))
			if err == nil {
				t.Fatalf("no error, rows %+v", rows)
			}
			if pejling.ErrorCode(err) != pejling.EINVALID {
				t.Errorf("code %q", pejling.ErrorCode(err))
			}
			msg := pejling.ErrorMessage(err)
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
			if strings.Contains(msg, "010190") || strings.Contains(msg, "0101901234") {
				t.Errorf("message repeats a CPR-like id:\n%s", msg)
			}
		})
	}
}
