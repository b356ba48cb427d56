package economics_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

var d = pejling.MustParseDate

// flatRates prices every group at 365,000 DKK a year: 1,000 DKK a full day, so that the
// hand-worked sums below are round.
func flatRates(t *testing.T) *economics.Rates {
	t.Helper()
	r, err := economics.LoadRates(strings.NewReader(ratesJSON("365000", []string{"2024"})))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func spell(m int, g pejling.BenefitGroup, start, end string, f float64) pejling.BenefitSpell {
	e := pejling.Forever
	if end != "" {
		e = d(end)
	}
	return pejling.BenefitSpell{PersonID: "p", Municipality: m, Group: g, Start: d(start), End: e, Fraction: f}
}

func refusionRows(t *testing.T, asOf string, rates *economics.Rates, spells ...pejling.BenefitSpell) map[economics.RefusionKey]economics.RefusionCell {
	t.Helper()
	r := economics.NewRefusion(d(asOf), economics.DefaultStaircase(), rates)
	r.Add(&pejling.Person{ID: "p", Benefit: spells})
	out := map[economics.RefusionKey]economics.RefusionCell{}
	for _, row := range r.Rows() {
		out[row.RefusionKey] = row.RefusionCell
		if math.Abs(row.Net-(row.Gross-row.Reimbursement)) > 1e-9 {
			t.Errorf("%v: net %v ≠ gross %v − reimbursement %v", row.RefusionKey, row.Net, row.Gross, row.Reimbursement)
		}
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func checkCell(t *testing.T, got map[economics.RefusionKey]economics.RefusionCell, k economics.RefusionKey, gross, reimb float64) {
	t.Helper()
	c, ok := got[k]
	if !ok {
		t.Fatalf("no cell %v in %v", k, got)
	}
	if !near(c.Gross, gross) || !near(c.Reimbursement, reimb) {
		t.Errorf("%v: gross %v reimbursement %v, want %v and %v", k, c.Gross, c.Reimbursement, gross, reimb)
	}
}

func TestRefusion(t *testing.T) {
	rates := flatRates(t)
	kth := func(y int) economics.RefusionKey {
		return economics.RefusionKey{Municipality: 101, Group: pejling.KTH, Year: y}
	}

	t.Run("TenWeeks", func(t *testing.T) {
		// One spell of 10 weeks (70 days, 2024-01-01 … 2024-03-10), full time, R = 365,000:
		// a day costs 1,000. Weeks 1–4: 28 days × 1,000 × 0.8 = 22,400; weeks 5–10:
		// 42 days × 1,000 × 0.4 = 16,800. Gross 70,000, reimbursement 39,200, net 30,800.
		got := refusionRows(t, "2024-12-31", rates, spell(101, pejling.KTH, "2024-01-01", "2024-03-10", 1))
		checkCell(t, got, kth(2024), 70000, 39200)
		c := got[kth(2024)]
		if !near(c.Net, 30800) || c.Persons != 1 || !near(c.FullTimePersons, 70.0/366) {
			t.Errorf("net %v persons %d full-time %v, want 30800, 1, 70/366", c.Net, c.Persons, c.FullTimePersons)
		}
		if v, ok := c.NetPerFullTimePerson(); !ok || !near(v, 30800*366/70.0) {
			t.Errorf("net per full-time person %v %v", v, ok)
		}
	})
	t.Run("FractionHalf", func(t *testing.T) {
		// As TenWeeks at fraction 0.5: the weeks count whole, the costs half.
		got := refusionRows(t, "2024-12-31", rates, spell(101, pejling.KTH, "2024-01-01", "2024-03-10", 0.5))
		checkCell(t, got, kth(2024), 35000, 19600)
	})
	t.Run("ShortGapAccumulates", func(t *testing.T) {
		// 3 weeks, 10 days off, 3 weeks: the second spell is in weeks 4–6 — 7 days at 0.8
		// and 14 at 0.4 = 5,600 + 5,600. The first: 21 days × 800 = 16,800.
		got := refusionRows(t, "2024-12-31", rates,
			spell(101, pejling.KTH, "2024-01-01", "2024-01-21", 1), spell(101, pejling.KTH, "2024-02-01", "2024-02-21", 1))
		checkCell(t, got, kth(2024), 42000, 16800+11200)
	})
	// Reset: 4 weeks (2023-01-01 … 2023-01-28), a gap, then 1 week. After 364 days
	// without support the week counts from 1 again (7 × 800 = 5,600); after 363 or 357
	// (51 weeks) it goes on at week 5 (7 × 400 = 2,800).
	for _, c := range []struct {
		gap   int
		reimb float64
	}{{364, 5600}, {365, 5600}, {363, 2800}, {357, 2800}} {
		t.Run(fmt.Sprintf("Gap%dDays", c.gap), func(t *testing.T) {
			start := d("2023-01-28") + pejling.Date(c.gap) + 1
			second := pejling.BenefitSpell{Municipality: 101, Group: pejling.KTH, Start: start, End: start + 6, Fraction: 1}
			got := refusionRows(t, "2025-12-31", rates, spell(101, pejling.KTH, "2023-01-01", "2023-01-28", 1), second)
			checkCell(t, got, kth(2023), 28000, 22400)
			checkCell(t, got, kth(2024), 7000, c.reimb)
		})
	}
	t.Run("YearBoundary", func(t *testing.T) {
		// 2023-12-18 … 2024-01-14: 14 days in each year, all in weeks 1–4; 2023 costs
		// 1,000 a day and 2024 2,000 a day.
		r, err := economics.LoadRates(strings.NewReader(yearRates(map[int]float64{2023: 365000, 2024: 730000})))
		if err != nil {
			t.Fatal(err)
		}
		got := refusionRows(t, "2024-12-31", r, spell(101, pejling.KTH, "2023-12-18", "2024-01-14", 1))
		checkCell(t, got, kth(2023), 14000, 11200)
		checkCell(t, got, kth(2024), 28000, 22400)
	})
	t.Run("GroupChangeKeepsCounting", func(t *testing.T) {
		// 4 weeks KTH in 101, then 4 weeks SDP in 147: the SDP weeks are weeks 5–8.
		got := refusionRows(t, "2024-12-31", rates,
			spell(101, pejling.KTH, "2024-01-01", "2024-01-28", 1), spell(147, pejling.SDP, "2024-01-29", "2024-02-25", 1))
		checkCell(t, got, kth(2024), 28000, 22400)
		checkCell(t, got, economics.RefusionKey{Municipality: 147, Group: pejling.SDP, Year: 2024}, 28000, 11200)
	})
	t.Run("RunningToAsOf", func(t *testing.T) {
		// A running spell counts to as_of: 14 days; as_of's year has 14 days so far.
		got := refusionRows(t, "2024-01-14", rates, spell(101, pejling.KTH, "2024-01-01", "", 1),
			spell(101, pejling.KTH, "2024-02-01", "", 1)) // starts after as_of: nothing
		checkCell(t, got, kth(2024), 14000, 11200)
		if c := got[kth(2024)]; !near(c.FullTimePersons, 1) || c.Persons != 1 {
			t.Errorf("full-time %v persons %d, want 1 and 1", c.FullTimePersons, c.Persons)
		}
	})
	t.Run("Overlap", func(t *testing.T) {
		// Two spells on the same 7 days: both costed, both in week 1; one person.
		got := refusionRows(t, "2024-12-31", rates,
			spell(101, pejling.KTH, "2024-01-01", "2024-01-07", 1), spell(101, pejling.KTH, "2024-01-01", "2024-01-07", 0.5))
		checkCell(t, got, kth(2024), 10500, 8400)
		if got[kth(2024)].Persons != 1 {
			t.Errorf("persons %d, want 1", got[kth(2024)].Persons)
		}
	})
}

// yearRates returns a rates file with every group at the given rate per year.
func yearRates(byYear map[int]float64) string {
	var e []string
	for y, v := range byYear {
		for _, g := range pejling.BenefitGroups {
			e = append(e, fmt.Sprintf(`{"year":%d,"group":"%s","dkk_per_year":%v}`, y, g, v))
		}
	}
	return `{"rates":[` + strings.Join(e, ",") + `]}`
}

// TestRefusionDayByDay checks the calculator, which works in stretches of days, against
// a plain day-by-day reading of the rules on random persons.
func TestRefusionDayByDay(t *testing.T) {
	rates, err := economics.LoadRates(strings.NewReader(yearRates(map[int]float64{2021: 150000, 2023: 250000})))
	if err != nil {
		t.Fatal(err)
	}
	stairs := economics.DefaultStaircase()
	asOf := d("2025-06-30")
	rng := rand.New(rand.NewPCG(1, 2))
	calc := economics.NewRefusion(asOf, stairs, rates)
	want := map[economics.RefusionKey]*economics.RefusionCell{}
	groups := []pejling.BenefitGroup{pejling.KTH, pejling.DGP, pejling.SDP}
	for i := range 300 {
		var p pejling.Person
		day := d("2020-01-01") + pejling.Date(rng.IntN(400))
		for range 1 + rng.IntN(6) {
			s := pejling.BenefitSpell{Municipality: 101 + rng.IntN(2), Group: groups[rng.IntN(3)], Start: day,
				Fraction: []float64{1, 0.5, 0.25}[rng.IntN(3)]}
			s.End = day + pejling.Date(rng.IntN(300))
			if rng.IntN(8) == 0 {
				s.End = pejling.Forever
			}
			p.Benefit = append(p.Benefit, s)
			day += pejling.Date(rng.IntN(500)) // overlaps, short and long gaps
		}
		p.ID = fmt.Sprint(i)
		calc.Add(&p)

		// The rules, one day at a time.
		onSupport := map[pejling.Date]bool{}
		lo, hi := pejling.Forever, pejling.Date(0)
		for _, s := range p.Benefit {
			for x := s.Start; x <= min(s.End, asOf); x++ {
				onSupport[x] = true
				lo, hi = min(lo, x), max(hi, x)
			}
		}
		week := map[pejling.Date]int{}
		acc, off := 0, 0
		for x := lo; x <= hi; x++ {
			if !onSupport[x] {
				off++
				continue
			}
			if off >= 364 {
				acc = 0
			}
			off = 0
			acc++
			week[x] = (acc + 6) / 7
		}
		seen := map[economics.RefusionKey]bool{}
		for _, s := range p.Benefit {
			for x := s.Start; x <= min(s.End, asOf); x++ {
				k := economics.RefusionKey{Municipality: s.Municipality, Group: s.Group, Year: x.Year()}
				if want[k] == nil {
					want[k] = &economics.RefusionCell{}
				}
				cost := rates.Rate(s.Group, k.Year) / 365 * s.Fraction
				want[k].Gross += cost
				want[k].Reimbursement += cost * stairs.RateOfWeek(week[x])
				if !seen[k] {
					seen[k] = true
					want[k].Persons++
				}
			}
		}
	}
	rows := calc.Rows()
	if len(rows) != len(want) {
		t.Fatalf("%d cells, want %d", len(rows), len(want))
	}
	for _, r := range rows {
		w := want[r.RefusionKey]
		if w == nil || !near(r.Gross, w.Gross) || !near(r.Reimbursement, w.Reimbursement) || r.Persons != w.Persons {
			t.Errorf("%v: got %+v, want %+v", r.RefusionKey, r.RefusionCell, w)
		}
	}
}

func TestStaircase(t *testing.T) {
	s := economics.DefaultStaircase()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	for w, want := range map[int]float64{1: 0.8, 4: 0.8, 5: 0.4, 26: 0.4, 27: 0.3, 52: 0.3, 53: 0.2, 500: 0.2} {
		if got := s.RateOfWeek(w); got != want {
			t.Errorf("week %d: %v, want %v", w, got, want)
		}
	}
	ok, err := economics.ParseStaircase([]byte(`{"steps":[{"from_week":1,"to_week":10,"rate":1},{"from_week":11,"to_week":0,"rate":0}]}`))
	if err != nil || ok.RateOfWeek(10) != 1 || ok.RateOfWeek(11) != 0 {
		t.Fatalf("%v %v", ok, err)
	}
}

func TestParseStaircaseBad(t *testing.T) {
	for _, c := range []struct{ name, file, want string }{
		{"Gap", `{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":6,"to_week":0,"rate":0.4}]}`, "step 2 (weeks 6–…): gap, weeks 5–5 have no step"},
		{"Overlap", `{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":4,"to_week":0,"rate":0.4}]}`, "step 2 (weeks 4–…): overlaps the step before"},
		{"NotFromWeek1", `{"steps":[{"from_week":2,"to_week":0,"rate":0.8}]}`, "step 1 (weeks 2–…): the first step must start at week 1"},
		{"Rate150", `{"steps":[{"from_week":1,"to_week":4,"rate":1.5},{"from_week":5,"to_week":0,"rate":0.4}]}`, "step 1 (weeks 1–4): rate 1.5 is outside 0–1"},
		{"NegativeRate", `{"steps":[{"from_week":1,"to_week":0,"rate":-0.1}]}`, "rate -0.1 is outside 0–1"},
		{"LastClosed", `{"steps":[{"from_week":1,"to_week":4,"rate":0.8}]}`, "the last step must be open"},
		{"OpenInMiddle", `{"steps":[{"from_week":1,"to_week":0,"rate":0.8},{"from_week":5,"to_week":0,"rate":0.4}]}`, "step 1 (weeks 1–…): only the last step may be open"},
		{"Backwards", `{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":5,"to_week":3,"rate":0.4}]}`, "step 2 (weeks 5–3): ends before it starts"},
		{"Empty", `{"steps":[]}`, "no steps"},
		{"Malformed", `{"steps":[{"from_week":1,`, "not valid JSON"},
		{"UnknownField", `{"steps":[{"from":1,"to_week":0,"rate":0.8}]}`, "not valid JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := economics.ParseStaircase([]byte(c.file))
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), c.want) {
				t.Fatalf("err = %v, want EINVALID with %q", err, c.want)
			}
		})
	}
}

func TestAggregateRefusion(t *testing.T) {
	stairs := economics.DefaultStaircase()
	t.Run("TenWeeks", func(t *testing.T) {
		// Every period lasts 10 weeks: (4 × 0.8 + 6 × 0.4) / 10 = 0.56.
		a, err := economics.AggregateRefusion(100, 180000, []economics.RefusionDuration{{Weeks: 10, Share: 1}}, stairs)
		if err != nil {
			t.Fatal(err)
		}
		if !near(a.ReimbursementRate, 0.56) || !near(a.Gross, 18e6) || !near(a.Net, 18e6*0.44) {
			t.Errorf("%+v", a)
		}
	})
	t.Run("TwoLengths", func(t *testing.T) {
		// Half last 4 weeks, half 60: weighted weeks 0.5×4 + 0.5×60 = 32, of which
		// 4 in step 1, 11 in step 2, 13 in step 3, 4 in step 4:
		// (4×0.8 + 11×0.4 + 13×0.3 + 4×0.2)/32 = 12.3/32 = 0.384375.
		a, err := economics.AggregateRefusion(1, 1, []economics.RefusionDuration{{4, 0.5}, {60, 0.5}}, stairs)
		if err != nil {
			t.Fatal(err)
		}
		if !near(a.ReimbursementRate, 0.384375) || !near(a.StepShares[1], 11.0/32) {
			t.Errorf("%+v", a)
		}
	})
	t.Run("Bad", func(t *testing.T) {
		for _, c := range []struct {
			name string
			ftp  float64
			ds   []economics.RefusionDuration
			want string
		}{
			{"NegativeFTP", -1, economics.DefaultRefusionDurations(), "full-time persons"},
			{"SharesNotOne", 1, []economics.RefusionDuration{{4, 0.5}}, "sum to 0.5"},
			{"ZeroWeeks", 1, []economics.RefusionDuration{{0, 1}}, "weeks 0"},
		} {
			_, err := economics.AggregateRefusion(c.ftp, 1, c.ds, stairs)
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), c.want) {
				t.Errorf("%s: err = %v, want %q", c.name, err, c.want)
			}
		}
	})
}

func ExampleAggregateRefusion() {
	a, _ := economics.AggregateRefusion(100, 180000, []economics.RefusionDuration{{Weeks: 10, Share: 1}}, economics.DefaultStaircase())
	fmt.Printf("gross %.0f, reimbursed %.0f %% = %.0f, net %.0f\n", a.Gross, a.ReimbursementRate*100, a.Reimbursement, a.Net)
	// Output: gross 18000000, reimbursed 56 % = 10080000, net 7920000
}

// TestRefusionGroupScheme gives SUY a scheme of its own (the state pays all: one open
// step at 100 %) and FTP a fixed 35 %. A person has KTH for 4 weeks (2024-01-01 …
// 01-28), then SUY for 2 weeks (weeks 5–6 of the same accumulated count, 01-29 …
// 02-11), then FTP for 1 week (week 7, 02-12 … 02-18), at 1,000 DKK a day:
//
//	KTH  28 days × 1,000 × 0.8  = 22,400
//	SUY  14 days × 1,000 × 1.0  = 14,000   (the default staircase: × 0.4 = 5,600)
//	FTP   7 days × 1,000 × 0.35 =  2,450   (the default staircase: × 0.4 = 2,800)
func TestRefusionGroupScheme(t *testing.T) {
	stairs, err := economics.ParseStaircase([]byte(`{"steps":[{"from_week":1,"to_week":4,"rate":0.8},{"from_week":5,"to_week":26,"rate":0.4},
		{"from_week":27,"to_week":52,"rate":0.3},{"from_week":53,"to_week":0,"rate":0.2}],
		"groups":{"SUY":{"steps":[{"from_week":1,"to_week":0,"rate":1}]},"FTP":{"steps":[{"from_week":1,"to_week":0,"rate":0.35}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := stairs.For(pejling.KTH); len(got.Steps) != 4 || got.Groups != nil {
		t.Errorf("For(KTH) = %+v, want the common steps", got)
	}
	r := economics.NewRefusion(d("2024-12-31"), stairs, flatRates(t))
	r.Add(&pejling.Person{ID: "p", Benefit: []pejling.BenefitSpell{
		spell(101, pejling.KTH, "2024-01-01", "2024-01-28", 1),
		spell(101, pejling.SUY, "2024-01-29", "2024-02-11", 1),
		spell(101, pejling.FTP, "2024-02-12", "2024-02-18", 1),
	}})
	got := map[pejling.BenefitGroup]float64{}
	for _, row := range r.Rows() {
		got[row.Group] = row.Reimbursement
	}
	for g, want := range map[pejling.BenefitGroup]float64{pejling.KTH: 22400, pejling.SUY: 14000, pejling.FTP: 2450} {
		if !near(got[g], want) {
			t.Errorf("%s: reimbursement %v, want %v", g, got[g], want)
		}
	}
	// A business case of the group follows the group's scheme: SUY's share is 0.
	c := economics.BusinessCase{TargetGroup: economics.BusinessCaseTarget{BenefitGroup: pejling.SUY}, Staircase: &stairs}
	if share := c.MunicipalShare(17, 4.8); !near(share, 0) {
		t.Errorf("SUY business case share %v, want 0", share)
	}
}

func TestParseStaircaseGroupsBad(t *testing.T) {
	common := `"steps":[{"from_week":1,"to_week":0,"rate":0.5}]`
	for _, c := range []struct{ name, file, want string }{
		{"UnknownGroup", `{` + common + `,"groups":{"XYZ":{"steps":[{"from_week":1,"to_week":0,"rate":1}]}}}`, `groups: "XYZ" is not a benefit group`},
		{"GroupGap", `{` + common + `,"groups":{"FTP":{"steps":[{"from_week":2,"to_week":0,"rate":1}]}}}`, "staircase of group FTP: step 1 (weeks 2–…): the first step must start at week 1"},
		{"GroupRate", `{` + common + `,"groups":{"FTP":{"steps":[{"from_week":1,"to_week":0,"rate":35}]}}}`, "staircase of group FTP: step 1 (weeks 1–…): rate 35 is outside 0–1"},
		{"Nested", `{` + common + `,"groups":{"FTP":{"steps":[{"from_week":1,"to_week":0,"rate":1}],"groups":{"SUY":{"steps":[]}}}}}`, "FTP: a group's scheme has no groups of its own"},
		{"GroupNoSteps", `{` + common + `,"groups":{"FTP":{}}}`, "staircase of group FTP: no steps"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := economics.ParseStaircase([]byte(c.file))
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), c.want) {
				t.Fatalf("err = %v, want EINVALID with %q", err, c.want)
			}
		})
	}
}
