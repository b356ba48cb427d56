package benchmark

import (
	"math"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/stats"
)

// OutputExpected is the default output of the cost-efficiency frontier: expected over
// actual full-time persons on public support, i.e. the expected public_support_rate
// (from the framework conditions) divided by the actual one. Above 1 the municipality
// has fewer people on public support than its conditions lead one to expect.
const OutputExpected = "expected"

// EfficiencyOptions chooses the frontier.
type EfficiencyOptions struct {
	// Output is OutputExpected (the default) or a comparable figure of group `all`;
	// a figure where lower is better enters as its reciprocal, so that more output is
	// always better, as DEA needs.
	Output    string
	Variables []string // of the expected level; DefaultVariables when empty
	Year      int
	// VariableReturns chooses the BCC frontier (variable returns to scale) instead of
	// CCR (constant returns, the default: a centre twice as costly should achieve
	// twice as much).
	VariableReturns bool
}

// EfficiencyRow is one municipality on the frontier of a year.
type EfficiencyRow struct {
	Municipality int
	Cost         float64 // input: operating cost per full-time person, 1,000 kr.
	Output       float64
	Score        float64 // input-oriented efficiency θ: 1 on the frontier; 0.8 means the same output at 80 % of the cost
	Peers        []int   // the efficient municipalities its reference point is made of
	Rank         int     // by Score, 1 best; ties share
}

// CostEfficiency is a DEA frontier of one year (DOMAIN.md §4: as the national audit
// office's 2018 study of job-centre efficiency, but every period).
type CostEfficiency struct {
	Year    int
	Output  string
	Rows    []EfficiencyRow
	LeftOut []LeftOut
}

// OperatingCost returns each municipality's operating cost per full-time person on
// public support in 1,000 kr. (§3): account (jobcentre_operations by default) of kind
// (accounts, else budget) for year, over full_time_persons of group `all` in v, the
// figures of that calendar year.
func OperatingCost(exp []pejling.Expenditure, v Values, year int, account string) map[int]float64 {
	amount := map[int]float64{}
	budget := map[int]float64{}
	for _, e := range exp {
		if e.Year != year || e.Account != account {
			continue
		}
		switch e.Kind {
		case "accounts":
			amount[e.Municipality] += e.AmountDKK
		case "budget":
			budget[e.Municipality] += e.AmountDKK
		}
	}
	for m, b := range budget {
		if _, ok := amount[m]; !ok {
			amount[m] = b
		}
	}
	out := map[int]float64{}
	for m, a := range amount {
		if ftp, ok := v.Get(m, "", figures.FullTimePersons); ok && ftp > 0 {
			out[m] = a / ftp / 1000
		}
	}
	return out
}

// Efficiency scores the municipalities munis of one year (v its figures, cost from
// OperatingCost) by an input-oriented DEA frontier: input operating cost per full-time
// person, output o.Output. A municipality without cost or output is left out, said so.
func Efficiency(v Values, fw *Framework, munis []int, cost map[int]float64, o EfficiencyOptions) (*CostEfficiency, error) {
	if o.Output == "" {
		o.Output = OutputExpected
	}
	output := map[int]float64{}
	var left []LeftOut
	if o.Output == OutputExpected {
		e, err := Expected(v, fw, munis, figures.PublicSupportRate, "", ExpectedOptions{Variables: o.Variables, Year: o.Year})
		if err != nil {
			return nil, err
		}
		left = append(left, e.LeftOut...)
		for _, r := range e.Rows {
			if r.Actual > 0 && r.Expected > 0 {
				output[r.Municipality] = r.Expected / r.Actual
			} else {
				left = append(left, LeftOut{r.Municipality, "expected or actual public support rate not positive"})
			}
		}
	} else {
		infos, err := checkFigures([]string{o.Output}, "")
		if err != nil {
			return nil, err
		}
		for _, m := range munis {
			x, ok := v.Get(m, "", o.Output)
			switch {
			case !ok:
				left = append(left, LeftOut{m, "no value of " + o.Output})
			case x <= 0:
				left = append(left, LeftOut{m, o.Output + " is not positive"})
			case infos[0].HigherIsBetter:
				output[m] = x
			default:
				output[m] = 1 / x
			}
		}
	}
	c := &CostEfficiency{Year: o.Year, Output: o.Output}
	var ins, outs [][]float64
	for _, m := range munis {
		y, hasOut := output[m]
		x, hasCost := cost[m]
		switch {
		case !hasOut:
			continue // said above
		case !hasCost || !(x > 0) || math.IsInf(x, 0):
			left = append(left, LeftOut{m, "no operating cost per full-time person (expenditure jobcentre_operations or full_time_persons missing)"})
			continue
		}
		c.Rows = append(c.Rows, EfficiencyRow{Municipality: m, Cost: x, Output: y})
		ins, outs = append(ins, []float64{x}), append(outs, []float64{y})
	}
	c.LeftOut = left
	if len(c.Rows) < 2 {
		return nil, pejling.Errorf(pejling.EINVALID, "cost efficiency of %d: %d municipalities have both cost and output", o.Year, len(c.Rows))
	}
	rts := stats.ConstantReturns
	if o.VariableReturns {
		rts = stats.VariableReturns
	}
	eff, err := stats.DEA(ins, outs, rts)
	if err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "cost efficiency of %d: %v", o.Year, err)
	}
	scores := make([]float64, len(eff))
	for i, e := range eff {
		c.Rows[i].Score = e.Score
		scores[i] = e.Score
		for _, p := range e.Peers {
			c.Rows[i].Peers = append(c.Rows[i].Peers, c.Rows[p].Municipality)
		}
	}
	for i, r := range stats.Rank(scores, nil, true) {
		c.Rows[i].Rank = r
	}
	return c, nil
}
