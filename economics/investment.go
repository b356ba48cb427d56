package economics

import (
	"github.com/pejling/pejling"
)

// Investment budgets on top of the base budget (DOMAIN.md §5: "investment budgets are
// shown on top"). Each business case of the budget's benefit group lays its own
// assumptions over the forecast years: the full-time persons it saves, the benefit cost
// they would have cost at the case's own yearly benefit cost, and its operating cost
// net of reimbursement. The base budget is not changed; the layer is shown beside it.

// BudgetMaxInvestments bounds the business cases laid on one budget.
const BudgetMaxInvestments = 10

// InvestmentYear is one forecast year of a budget with its investments.
type InvestmentYear struct {
	Year          int
	BaseStock     float64 // full-time persons of the base budget
	StockSaved    float64 // Σ the cases' full-time persons saved in the year
	Stock         float64 // BaseStock − StockSaved, floored at 0
	BaseCost      float64 // the base budget's cost (gross benefit cost)
	CostSaved     float64 // Σ the cases' gross benefit cost saved
	OperatingCost float64 // Σ the cases' operating cost net of reimbursement
	Cost          float64 // BaseCost − CostSaved + OperatingCost
}

// BudgetInvestments lays cases over the forecast years of base (a budget of one benefit
// group, as Budget returns it). A case counts in calendar year FirstYear + k − 1 for its
// year k ≤ its horizon; years outside the forecast are not shown. Every case must
// target the budget's group and have a first year: else an EINVALID error names the
// case (by its position, 1 …, and name).
func BudgetInvestments(base []BudgetYear, group pejling.BenefitGroup, cases []*BusinessCase) ([]InvestmentYear, error) {
	if len(cases) > BudgetMaxInvestments {
		return nil, pejling.Errorf(pejling.EINVALID, "%d business cases: at most %d can be laid on a budget", len(cases), BudgetMaxInvestments)
	}
	var out []InvestmentYear
	index := map[int]int{}
	for _, y := range base {
		if y.Forecast {
			index[y.Year] = len(out)
			out = append(out, InvestmentYear{Year: y.Year, BaseStock: y.Stock, BaseCost: y.Cost})
		}
	}
	for i, c := range cases {
		if err := c.Validate(); err != nil {
			return nil, pejling.Errorf(pejling.EINVALID, "business case %d (%s): %s", i+1, pejling.Clip(c.TargetGroup.Name), pejling.ErrorMessage(err))
		}
		if c.TargetGroup.BenefitGroup != group {
			return nil, pejling.Errorf(pejling.EINVALID, "business case %d (%s): its target group is %s, the budget's is %s",
				i+1, pejling.Clip(c.TargetGroup.Name), c.TargetGroup.BenefitGroup, budgetGroupLabel(group))
		}
		if c.FirstYear == 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "business case %d (%s): first_year is missing: the budget needs the calendar year of the case's year 1",
				i+1, pejling.Clip(c.TargetGroup.Name))
		}
		for _, y := range c.Evaluate().Years {
			j, ok := index[c.FirstYear+y.Year-1]
			if !ok {
				continue
			}
			out[j].StockSaved += y.FullTimePersonsSaved
			out[j].CostSaved += y.GrossSaving
			out[j].OperatingCost += y.NetOperatingCost
		}
	}
	for i := range out {
		y := &out[i]
		y.Stock = max(0, y.BaseStock-y.StockSaved)
		y.Cost = y.BaseCost - y.CostSaved + y.OperatingCost
	}
	return out, nil
}
