package economics_test

import (
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

// TestBudgetInvestmentsHand lays the Hillerød case (UDH, year 1 = 2024, half effect in
// year 1, horizon 4) over a base budget forecasting 2025–2027. By hand (52 weeks):
//
//	full-time persons saved, full year  459 × (17 − 4.8) / 52 = 107.688462
//	2024 (year 1, ½ effect)            outside the forecast: not shown
//	2025, 2026 (years 2, 3)            107.688462 each; 2027 (year 4) the same
//	gross benefit cost saved           107.688462 × 72,000 = 7,753,569.23
//	net operating cost                 500,000 + 167,000 × ½ = 583,500
//
// The base is 500 full-time persons at 100,000 kr. (50 mio.):
//
//	stock 500 − 107.688462 = 392.311538,  cost 50,000,000 − 7,753,569.23 + 583,500 = 42,829,930.77.
func TestBudgetInvestmentsHand(t *testing.T) {
	base := []economics.BudgetYear{{Year: 2024, Stock: 480, Cost: 48e6}}
	for y := 2025; y <= 2027; y++ {
		base = append(base, economics.BudgetYear{Year: y, Forecast: true, Stock: 500, Cost: 50e6})
	}
	c := businessCaseHilleroed(t)
	got, err := economics.BudgetInvestments(base, pejling.BenefitGroup("UDH"), []*economics.BusinessCase{c})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Year != 2025 || got[2].Year != 2027 {
		t.Fatalf("years %+v, want the forecast 2025–2027", got)
	}
	for _, y := range got {
		businessCaseNear(t, "stock saved", y.StockSaved, 107.688462, 1e-6)
		businessCaseNear(t, "stock", y.Stock, 392.311538, 1e-6)
		businessCaseNear(t, "cost saved", y.CostSaved, 7753569.23, 0.01)
		businessCaseNear(t, "operating", y.OperatingCost, 583500, 1e-6)
		businessCaseNear(t, "cost", y.Cost, 42829930.77, 0.01)
		if y.BaseStock != 500 || y.BaseCost != 50e6 {
			t.Errorf("%d: base %v %v", y.Year, y.BaseStock, y.BaseCost)
		}
	}
	// Two cases add up; a case starting in 2026 counts from 2026, at half effect.
	c2 := *c
	c2.FirstYear = 2026
	got, err = economics.BudgetInvestments(base, "UDH", []*economics.BusinessCase{c, &c2})
	if err != nil {
		t.Fatal(err)
	}
	businessCaseNear(t, "2025 two cases", got[0].StockSaved, 107.688462, 1e-6)
	businessCaseNear(t, "2026 two cases", got[1].StockSaved, 1.5*107.688462, 1e-6)
	businessCaseNear(t, "2026 operating", got[1].OperatingCost, 2*583500, 1e-6)
	// A case saving more than the base floors the stock at 0 (the cost is not floored:
	// it says what the assumptions add up to).
	small := []economics.BudgetYear{{Year: 2025, Forecast: true, Stock: 50, Cost: 5e6}}
	got, _ = economics.BudgetInvestments(small, "UDH", []*economics.BusinessCase{c})
	if got[0].Stock != 0 {
		t.Errorf("stock %v, want 0", got[0].Stock)
	}
}

func TestBudgetInvestmentsRefuses(t *testing.T) {
	base := []economics.BudgetYear{{Year: 2025, Forecast: true, Stock: 500, Cost: 50e6}}
	c := businessCaseHilleroed(t)
	noYear := *c
	noYear.FirstYear = 0
	bad := *c
	bad.Inflow = -1
	many := make([]*economics.BusinessCase, economics.BudgetMaxInvestments+1)
	for i := range many {
		many[i] = c
	}
	for _, tc := range []struct {
		name  string
		group pejling.BenefitGroup
		cases []*economics.BusinessCase
		want  string
	}{
		{"other group", "KTH", []*economics.BusinessCase{c}, "its target group is UDH, the budget's is KTH"},
		{"no first year", "UDH", []*economics.BusinessCase{c, &noYear}, "business case 2 (Hillerød: straksaktivering af unge): first_year is missing"},
		{"invalid case", "UDH", []*economics.BusinessCase{&bad}, "yearly_inflow"},
		{"too many", "UDH", many, "at most 10"},
	} {
		_, err := economics.BudgetInvestments(base, tc.group, tc.cases)
		if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), tc.want) {
			t.Errorf("%s: %v, want EINVALID with %q", tc.name, err, tc.want)
		}
	}
}
