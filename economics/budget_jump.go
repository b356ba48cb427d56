package economics

import "math"

// The jump-off quarter (docs/economics.md "Round 2: the jump-off quarter"). A yearly
// level is the mean of a year; the level in its last quarter says where the year
// ended. The second pre-declared family, Q1–Q5, starts its forecasts from that
// quarter; Q2 was chosen by the same rule as C7 before it (lowest mean of the
// median-municipality MAPE at h = 1 and h = 2 on AUK01 origins 2011–2017).

// BudgetHistory is what a forecast is made from, up to the origin year: the local
// and national levels per year (Local, National; equal lengths, national > 0) and
// the levels in the last quarter of each year (LocalJump, NationalJump). A jump-off
// that is unknown (the slices nil or shorter, NaN, or a national value not > 0) is
// stood in for by the year's level, so a history without quarters forecasts from the
// yearly levels alone.
type BudgetHistory struct {
	Local, National         []float64
	LocalJump, NationalJump []float64
}

// jump returns the local and national level in the last quarter of year i, or the
// year's own levels when either is unknown.
func (b BudgetHistory) jump(i int) (local, national float64) {
	if i < len(b.LocalJump) && i < len(b.NationalJump) {
		l, n := b.LocalJump[i], b.NationalJump[i]
		if !math.IsNaN(l) && n > 0 {
			return l, n
		}
	}
	return b.Local[i], b.National[i]
}

// last is the index of the origin year; it panics for series of different lengths
// (caller misuse).
func (b BudgetHistory) last() int {
	if len(b.Local) != len(b.National) || len(b.Local) == 0 {
		panic("economics: a budget forecast with series of different lengths or none")
	}
	return len(b.Local) - 1
}

// annual adapts a forecast of the yearly levels alone (the C family) to a history.
func annual(f func(local, national []float64, h int) []float64) func(BudgetHistory, int) []float64 {
	return func(b BudgetHistory, h int) []float64 { return f(b.Local, b.National, h) }
}

// budgetLongShare is the mean local/national ratio of the last BudgetLongShareYears
// years with a known local value, and whether there was one.
func budgetLongShare(local, national []float64) (float64, bool) {
	sum, n := 0.0, 0
	for i := len(local) - 1; i >= 0 && i >= len(local)-BudgetLongShareYears; i-- {
		if x := local[i] / national[i]; !math.IsNaN(x) {
			sum, n = sum+x, n+1
		}
	}
	if n == 0 {
		return 0, false
	}
	return sum / float64(n), true
}

// budgetJumpPulled = (w · jump-off share + (1 − w) · mean share of the last 8 years) ×
// national jump-off level, for every horizon.
func budgetJumpPulled(b BudgetHistory, h int, w float64) []float64 {
	if h < 1 {
		panic("economics: a budget forecast needs h ≥ 1")
	}
	l, n := b.jump(b.last())
	share := l / n
	if long, ok := budgetLongShare(b.Local, b.National); ok {
		share = w*share + (1-w)*long
	}
	return budgetRepeat(share*n, h)
}

// budgetQ1 = (½ s_J + ½ mean share of the last 8 years) × N_J.
func budgetQ1(b BudgetHistory, h int) []float64 { return budgetJumpPulled(b, h, 0.5) }

// budgetQ2 = (¾ s_J + ¼ mean share of the last 8 years) × N_J.
func budgetQ2(b BudgetHistory, h int) []float64 { return budgetJumpPulled(b, h, 0.75) }

// budgetQ3 = L_J × damped national growth from the jump-off quarters: d = ln N_J(t) −
// ln N_J(t−1), ln N̂_{t+h} = ln N_J(t) + d(φ + … + φ^h).
func budgetQ3(b BudgetHistory, h int) []float64 {
	t := b.last()
	l, n := b.jump(t)
	var national []float64
	if t > 0 {
		_, prev := b.jump(t - 1)
		national = []float64{prev, n}
	} else {
		national = []float64{n}
	}
	return budgetScale(BudgetNationalDamped(national, h), l/n)
}

// budgetQ4 = ½ L_J + ½ C7.
func budgetQ4(b BudgetHistory, h int) []float64 {
	l, _ := b.jump(b.last())
	out := budgetC7(b.Local, b.National, h)
	for i := range out {
		out[i] = 0.5*l + 0.5*out[i]
	}
	return out
}

// budgetQ5 = (½ s_J + ½ L_t/N_t) × N_J: the jump-off share with its noise halved.
func budgetQ5(b BudgetHistory, h int) []float64 {
	t := b.last()
	l, n := b.jump(t)
	return budgetRepeat((0.5*l/n+0.5*b.Local[t]/b.National[t])*n, h)
}

// budgetNaiveLastQuarter repeats the local jump-off level: the naive forecast that
// knows the last quarter (the yearly level when it is unknown).
func budgetNaiveLastQuarter(b BudgetHistory, h int) []float64 {
	l, _ := b.jump(b.last())
	return budgetRepeat(l, h)
}

func budgetRepeat(v float64, h int) []float64 {
	out := make([]float64, h)
	for i := range out {
		out[i] = v
	}
	return out
}
