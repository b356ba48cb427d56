package figures_test

import (
	"math"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// explainEngine runs the engine over in for January 2024 with spell counts.
func explainEngine(in figures.Input) *figures.Engine {
	e := figures.NewEngine(in, []figures.Period{jan})
	e.CountSpells()
	persons := map[string]*pejling.Person{}
	var order []string
	get := func(id string) *pejling.Person {
		if persons[id] == nil {
			persons[id] = &pejling.Person{ID: id}
			order = append(order, id)
		}
		return persons[id]
	}
	for _, s := range in.Benefit {
		p := get(s.PersonID)
		p.Benefit = append(p.Benefit, s)
	}
	for _, s := range in.Activation {
		p := get(s.PersonID)
		p.Activation = append(p.Activation, s)
	}
	for _, id := range order {
		e.Add(persons[id])
	}
	return e
}

func TestExplain(t *testing.T) {
	in := figures.Input{AsOf: date("2024-12-31"),
		Benefit: []pejling.BenefitSpell{
			// p1: 10 days at 1 and 21 at 0.5 → 20.5 full-time days; p2 runs all January
			// → 31; p3: 1–5 and 10–20 January, joined (gap 4 ≤ 7), completed: 20 days.
			benefit("p1", 101, KTH, "2024-01-01", "2024-01-10", 1),
			benefit("p1", 101, KTH, "2024-01-11", "2024-01-31", 0.5),
			benefit("p2", 101, KTH, "2024-01-01", "", 1),
			benefit("p3", 101, KTH, "2024-01-01", "2024-01-05", 1),
			benefit("p3", 101, KTH, "2024-01-10", "2024-01-20", 1),
		},
		Activation: []pejling.ActivationSpell{
			// 10 days at 30 hours: 10 × 30/37 full-time days.
			activation("p1", 101, KTH, pejling.Praktik, "2024-01-15", "2024-01-24", 30, "12345678"),
		},
	}
	e := explainEngine(in)

	x, err := e.Explain(101, KTH, 0, figures.ActivationRate)
	if err != nil {
		t.Fatal(err)
	}
	ftp := (20.5 + 31 + 5 + 11) / 31
	fta := 10 * 30.0 / 37 / 31
	if !x.Row.Valid || math.Abs(x.Row.Value-fta/ftp) > 1e-12 || len(x.Terms) != 2 {
		t.Fatalf("activation_rate %+v, want %v over two terms", x, fta/ftp)
	}
	num, den := x.Terms[0], x.Terms[1]
	if num.Name != figures.FullTimeActivated || math.Abs(num.Sum-300.0/37) > 1e-12 || num.Days != 31 || num.Fed != 1 {
		t.Errorf("numerator %+v, want Σ 300/37 over 31 days from 1 spell", num)
	}
	if den.Name != figures.FullTimePersons || math.Abs(den.Sum-67.5) > 1e-12 || den.Fed != 5 || math.Abs(den.Value-ftp) > 1e-12 {
		t.Errorf("denominator %+v, want Σ 67.5 from 5 spells", den)
	}

	// Four spells end in January (p2 runs): p1's of 10 January and p3's of 5 January
	// are followed by support within 28 days; p1's of 31 January and p3's of 20 January
	// are not (as_of is far): two outflows from four ended spells, none pending.
	x, err = e.Explain(101, KTH, 0, figures.Outflow)
	if err != nil {
		t.Fatal(err)
	}
	if x.Row.Value != 2 || x.Terms[0].Fed != 4 {
		t.Fatalf("outflow %+v", x)
	}

	x, err = e.Explain(0, "", 0, figures.AvgDurationDays)
	if err != nil {
		t.Fatal(err)
	}
	// Completed in January: p1 (1–31 Jan, 31 days, 2 spells) and p3 (1–20, 20 days, 2
	// spells); p2 runs.
	if x.Row.Value != 25.5 || x.Terms[0].Value != 51 || x.Terms[0].Fed != 4 || x.Terms[1].Value != 2 {
		t.Fatalf("avg_duration_days %+v", x)
	}

	x, err = e.Explain(101, "", 0, figures.PublicSupportRate)
	if err != nil || x.Row.Valid || !x.Terms[1].Absent {
		t.Fatalf("public_support_rate without population: %+v, %v; want empty with the population absent", x, err)
	}

	for _, bad := range []struct {
		name string
		m    int
		g    pejling.BenefitGroup
		fig  string
		code string
	}{
		{"UnknownMunicipality", 999, KTH, figures.ActivationRate, pejling.ENOTFOUND},
		{"GroupOnlyFigure", 101, KTH, figures.CooperationRate, pejling.EINVALID},
		{"UnknownFigure", 101, KTH, "happiness", pejling.EINVALID},
		{"UnknownGroup", 101, "XYZ", figures.ActivationRate, pejling.EINVALID},
	} {
		t.Run(bad.name, func(t *testing.T) {
			if _, err := e.Explain(bad.m, bad.g, 0, bad.fig); pejling.ErrorCode(err) != bad.code {
				t.Fatalf("err %v, want %s", err, bad.code)
			}
		})
	}
}

// TestExplainAgreesWithCompute checks that every figure's explanation carries the value
// Compute gives for the same cell.
func TestExplainAgreesWithCompute(t *testing.T) {
	in := figures.Input{AsOf: date("2024-03-15"),
		Benefit: []pejling.BenefitSpell{
			benefit("p1", 101, KTH, "2023-12-01", "2024-01-20", 0.8),
			benefit("p2", 147, SDP, "2024-01-05", "2024-01-12", 1),
			benefit("p2", 147, KTH, "2024-01-25", "", 1),
		},
		Activation: []pejling.ActivationSpell{
			activation("p1", 101, KTH, pejling.LtsPrivat, "2024-01-02", "2024-01-30", 37, "12345678"),
			activation("p2", 147, SDP, pejling.Vejledning, "2024-01-06", "2024-01-09", 20, ""),
		},
		Companies: []pejling.Company{{CVR: "12345678", Name: "A", Municipality: 147}},
		Population16to66: map[figures.MunicipalityYear]float64{
			{Municipality: 101, Year: 2024}: 1000, {Municipality: 147, Year: 2024}: 500},
	}
	e := explainEngine(in)
	for _, r := range figures.Compute(in, []figures.Period{jan}) {
		x, err := e.Explain(r.Municipality, r.Group, 0, r.Figure)
		if err != nil {
			t.Fatalf("%+v: %v", r, err)
		}
		if x.Row != r {
			t.Errorf("explain %+v, compute %+v", x.Row, r)
		}
		if x.Formula == "" || len(x.Terms) == 0 {
			t.Errorf("%+v: no formula or terms", r)
		}
	}
}
