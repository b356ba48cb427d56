package benchmark

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// fact is shorthand for a framework value.
func fact(m, year int, v string, x float64) pejling.MunicipalityFact {
	return pejling.MunicipalityFact{Municipality: m, Year: year, Variable: v, Value: x}
}

func TestFrameworkNearestYear(t *testing.T) {
	fw := NewFramework([]pejling.MunicipalityFact{
		fact(101, 2011, "u", 5), fact(101, 2015, "u", 7), fact(101, 2019, "u", 9),
		fact(101, 2015, "u", 8), // a later source replaces the earlier value
	})
	for _, c := range []struct{ year, from int }{{2000, 2011}, {2011, 2011}, {2012, 2011}, {2013, 2015}, {2017, 2019}, {2030, 2019}} {
		_, from, ok := fw.Value(101, "u", c.year)
		if !ok || from != c.from {
			t.Errorf("year %d: value from %d (%v), want %d (nearest, later on a tie)", c.year, from, ok, c.from)
		}
	}
	if x, _, _ := fw.Value(101, "u", 2015); x != 8 {
		t.Errorf("replaced value = %g, want 8", x)
	}
	if _, _, ok := fw.Value(147, "u", 2015); ok {
		t.Error("a value for a municipality without any")
	}
}

func TestDesign(t *testing.T) {
	fw := NewFramework([]pejling.MunicipalityFact{
		fact(1, 2020, "a", 1), fact(2, 2020, "a", 2), fact(3, 2020, "a", 3), fact(4, 2020, "a", 4),
		fact(1, 2020, "population_density", math.E), fact(2, 2020, "population_density", 1),
		fact(3, 2020, "population_density", math.E*math.E), fact(4, 2020, "population_density", 1),
		fact(1, 2020, "c", 5), fact(2, 2020, "c", 5), fact(3, 2020, "c", 5), fact(4, 2020, "c", 5),
	})
	d, err := fw.Design([]int{1, 2, 3, 4, 5}, []string{"a", "population_density"}, 2020)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Municipalities, []int{1, 2, 3, 4}) || len(d.LeftOut) != 1 || d.LeftOut[0].Municipality != 5 {
		t.Fatalf("municipalities %v, left out %v", d.Municipalities, d.LeftOut)
	}
	// a = 1..4: mean 2.5, sd √(5/3); z of 1 = −1.5/1.291.
	if z := d.Z[0][0]; math.Abs(z-(-1.5/math.Sqrt(5.0/3))) > 1e-12 {
		t.Errorf("z(a, 1) = %g", z)
	}
	// density is logged: 1, 0, 2, 0 → mean 0.75.
	if math.Abs(d.Mean[1]-0.75) > 1e-12 || d.Raw[0][1] != math.E {
		t.Errorf("log mean %g, raw %g", d.Mean[1], d.Raw[0][1])
	}
	// Reading a z-score back gives the transformed value.
	if x := d.Mean[0] + d.SD[0]*d.Z[3][0]; math.Abs(x-4) > 1e-12 {
		t.Errorf("z read back = %g, want 4", x)
	}
	for _, bad := range [][]string{{"nope"}, {"a", "a"}, {"c"}, {}} {
		if _, err := fw.Design([]int{1, 2, 3, 4}, bad, 2020); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("%v: err %v, want EINVALID", bad, err)
		}
	}
}

// blobs is a framework with three well-separated groups of municipalities on x and y,
// a noise variable n, and a target that depends on x only.
func blobs(t *testing.T) (*Framework, []int, map[int]float64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	var facts []pejling.MunicipalityFact
	var munis []int
	target := map[int]float64{}
	centers := [][2]float64{{0, 0}, {10, 0}, {0, 10}}
	for g, c := range centers {
		for i := range 10 {
			m := 100*(g+1) + i
			x, y := c[0]+rng.NormFloat64()*0.3, c[1]+rng.NormFloat64()*0.3
			facts = append(facts, fact(m, 2024, "x", x), fact(m, 2024, "y", y), fact(m, 2024, "n", rng.NormFloat64()))
			munis = append(munis, m)
			target[m] = 0.1 + 0.02*x + rng.NormFloat64()*0.001
		}
	}
	return NewFramework(facts), munis, target
}

func group(m int) int { return m / 100 }

func TestPeersKnownStructure(t *testing.T) {
	fw, munis, _ := blobs(t)
	for _, method := range []string{MethodKMeans, MethodWard, MethodIAB} {
		p, err := NewPeers(fw, munis, PeerOptions{Method: method, Variables: []string{"x", "y"}, Year: 2024, K: 3, Neighbours: 4})
		if err != nil {
			t.Fatalf("%s: %v", method, err)
		}
		for i, m := range p.Municipalities {
			for j, o := range p.Municipalities {
				if (group(m) == group(o)) != (p.Cluster[i] == p.Cluster[j]) {
					t.Fatalf("%s: %d and %d clustered wrongly", method, m, o)
				}
			}
			for _, n := range p.Neighbours[i] {
				if group(n.Municipality) != group(m) {
					t.Errorf("%s: %d has the peer %d from another group", method, m, n.Municipality)
				}
			}
		}
		if len(p.Fit) != 11 || p.Fit[1].K != 3 || p.Fit[1].R2 < 0.99 {
			t.Errorf("%s: fit %+v", method, p.Fit[:2])
		}
		// Determinism.
		q, _ := NewPeers(fw, munis, PeerOptions{Method: method, Variables: []string{"x", "y"}, Year: 2024, K: 3, Neighbours: 4})
		if !slices.Equal(p.Cluster, q.Cluster) {
			t.Errorf("%s: not deterministic", method)
		}
	}
}

func TestPeersIABWeights(t *testing.T) {
	fw, munis, target := blobs(t)
	p, err := NewPeers(fw, munis, PeerOptions{Variables: []string{"x", "y", "n"}, Year: 2024, K: 3, Target: target, TargetName: "public_support_rate"})
	if err != nil {
		t.Fatal(err)
	}
	// The target depends on x only: y and n are dropped (|t| < 2) down to the minimum
	// of two variables, and x carries nearly all the weight.
	if len(p.Variables) != 2 || p.Variables[0].Name != "x" || p.Variables[0].Weight < 0.9 {
		t.Fatalf("variables %+v, dropped %+v", p.Variables, p.Dropped)
	}
	if len(p.Dropped) != 1 || p.TargetR2 < 0.99 {
		t.Errorf("dropped %+v, R² %g", p.Dropped, p.TargetR2)
	}
	var sum float64
	for _, v := range p.Variables {
		sum += v.Weight
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("weights sum to %g", sum)
	}
	// With x deciding, groups 1 and 3 (x ≈ 0) are alike and group 2 (x ≈ 10) apart.
	for i, m := range p.Municipalities {
		for _, n := range p.Neighbours[i] {
			if (group(m) == 2) != (group(n.Municipality) == 2) {
				t.Errorf("%d has peer %d across x", m, n.Municipality)
			}
			if n.Drivers[0].Variable != "x" && n.Drivers[0].Share > 0.5 && n.Drivers[0].Variable == "n" {
				t.Errorf("a dropped variable drives a distance: %+v", n.Drivers)
			}
		}
	}
	text, err := p.Explain(100, func(m int) string { return "M" + string(rune('0'+m%10)) }, "en")
	if err != nil || !strings.Contains(text, "because") || !strings.Contains(text, "the public support rate") {
		t.Errorf("explanation %q, %v", text, err)
	}
	da, _ := p.Explain(100, func(m int) string { return "K" }, "da")
	if !strings.Contains(da, "ligner mest") || !strings.Contains(da, "fordi") {
		t.Errorf("Danish explanation %q", da)
	}
}

func TestPeersOfficialAndErrors(t *testing.T) {
	fw, munis, _ := blobs(t)
	official := map[int]string{}
	for _, m := range munis[:25] {
		official[m] = []string{"A", "B"}[m%2]
	}
	p, err := NewPeers(fw, munis, PeerOptions{Method: MethodOfficial, Variables: []string{"x", "y"}, Year: 2024, Official: official})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Municipalities) != 25 || len(p.LeftOut) != 5 || p.K != 2 || len(p.Fit) != 0 {
		t.Errorf("official: %d municipalities, %d left out, k %d", len(p.Municipalities), len(p.LeftOut), p.K)
	}
	for _, m := range munis[:25] {
		if l, _ := p.ClusterOf(m); l != official[m] {
			t.Errorf("%d in %s, want %s", m, l, official[m])
		}
	}
	for _, o := range []PeerOptions{
		{Method: "magic"}, {K: -1}, {K: 30}, {Neighbours: -1}, {Neighbours: 30}, {Variables: []string{"zzz"}},
	} {
		o.Year = 2024
		if o.Variables == nil {
			o.Variables = []string{"x", "y"}
		}
		if _, err := NewPeers(fw, munis, o); pejling.ErrorCode(err) != pejling.EINVALID {
			t.Errorf("%+v: err %v, want EINVALID", o, err)
		}
	}
}

// line is a framework where y = 2 + 3x exactly, apart from known deviations.
func TestExpectedHandWorked(t *testing.T) {
	var facts []pejling.MunicipalityFact
	v := Values{}
	dev := []float64{0.5, -0.5, 0, 0.25, -0.25, 0}
	for i := range 6 {
		m := i + 1
		facts = append(facts, fact(m, 2024, "x", float64(i)))
		v[Key{m, "", figures.ActivationRate}] = 2 + 3*float64(i) + dev[i]
	}
	facts = append(facts, fact(7, 2024, "x", 99)) // a municipality without the figure
	fw := NewFramework(facts)
	e, err := Expected(v, fw, []int{1, 2, 3, 4, 5, 6, 7}, figures.ActivationRate, "", ExpectedOptions{Variables: []string{"x"}, Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	// By hand: x̄ = 2.5, Sxx = 17.5, Sxy = Σ(x−x̄)(y−ȳ) = 3·17.5 + Σ(x−x̄)dev
	// = 52.5 + (−2.5·0.5 −1.5·−0.5 + 0.5·0.25 + 1.5·−0.25) = 52.5 − 0.75 = 51.75,
	// slope 51.75/17.5 = 2.957142857…, ȳ = 2 + 7.5 + 0 = 9.5, intercept 9.5 − 2.5·slope.
	slope := 51.75 / 17.5
	if math.Abs(e.Coefficients[1].Estimate-slope) > 1e-12 || math.Abs(e.Coefficients[0].Estimate-(9.5-2.5*slope)) > 1e-12 {
		t.Errorf("coefficients %+v, want slope %g", e.Coefficients, slope)
	}
	if e.N != 6 || len(e.LeftOut) != 1 || e.LeftOut[0].Municipality != 7 || !strings.Contains(e.LeftOut[0].Reason, "no value") {
		t.Errorf("n %d, left out %+v", e.N, e.LeftOut)
	}
	for _, r := range e.Rows {
		if math.Abs(r.Actual-r.Expected-r.Residual) > 1e-12 || !(r.Lower < r.Expected && r.Expected < r.Upper) {
			t.Errorf("row %+v", r)
		}
	}
	// Higher activation is better: the largest residual ranks first.
	best := slices.MaxFunc(e.Rows, func(a, b ExpectedRow) int { return cmpF(a.Residual, b.Residual) })
	if best.Rank != 1 {
		t.Errorf("largest residual has rank %d", best.Rank)
	}
	// For a lower-is-better figure the order turns.
	for i := range 6 {
		v[Key{i + 1, "", figures.AvgDurationDays}] = v[Key{i + 1, "", figures.ActivationRate}]
	}
	e2, _ := Expected(v, fw, []int{1, 2, 3, 4, 5, 6}, figures.AvgDurationDays, "", ExpectedOptions{Variables: []string{"x"}, Year: 2024})
	for i := range e2.Rows {
		if e2.Rows[i].Rank+e.Rows[i].Rank != 7 && e.Rows[i].Residual != 0 {
			t.Errorf("ranks %d and %d do not mirror", e.Rows[i].Rank, e2.Rows[i].Rank)
		}
	}
	if _, err := Expected(v, fw, []int{1, 2, 3, 4, 5, 6}, figures.FullTimePersons, "", ExpectedOptions{Variables: []string{"x"}, Year: 2024}); err == nil || !strings.Contains(err.Error(), "count") {
		t.Errorf("a count was accepted: %v", err)
	}
	if _, err := Expected(v, fw, []int{1, 2, 3, 4, 5, 6}, figures.PublicSupportRate, pejling.KTH, ExpectedOptions{Variables: []string{"x"}, Year: 2024}); err == nil {
		t.Error("public_support_rate for a group was accepted")
	}
	if _, err := Expected(v, fw, []int{1, 2}, figures.ActivationRate, "", ExpectedOptions{Variables: []string{"x"}, Year: 2024}); err == nil {
		t.Error("2 municipalities for 2 coefficients were accepted")
	}
	if _, err := Expected(v, fw, []int{1, 2, 3, 4, 5, 6}, figures.ActivationRate, "", ExpectedOptions{Variables: []string{"x"}, Year: 2024, Level: 1.5}); err == nil {
		t.Error("level 1.5 was accepted")
	}
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestRankTiesEmptyAndChange(t *testing.T) {
	cur, prev := Values{}, Values{}
	set := func(v Values, m int, f string, x float64) { v[Key{m, "", f}] = x }
	// activation_rate (higher better): 1: .5, 2: .3, 3: .3, 4: .1, 5 empty.
	// avg_duration_days (lower better): 1: 100, 2: 50, 3: 200, 4: 50, 5: 10.
	for m, x := range map[int]float64{1: .5, 2: .3, 3: .3, 4: .1} {
		set(cur, m, figures.ActivationRate, x)
	}
	for m, x := range map[int]float64{1: 100, 2: 50, 3: 200, 4: 50, 5: 10} {
		set(cur, m, figures.AvgDurationDays, x)
	}
	// The previous period: municipality 4 was best.
	for m, x := range map[int]float64{1: .1, 2: .2, 3: .3, 4: .9} {
		set(prev, m, figures.ActivationRate, x)
		set(prev, m, figures.AvgDurationDays, 100)
	}
	r, err := Rank(cur, prev, []int{5, 4, 3, 2, 1, 1}, []string{figures.ActivationRate, figures.AvgDurationDays}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		ranks   []int
		overall float64
		rank    int
		prev    int
	}{
		{[]int{1, 4}, 2.5, 2, 4}, // 1
		{[]int{2, 2}, 2, 1, 3},   // 2
		{[]int{2, 5}, 3.5, 4, 2}, // 3
		{[]int{4, 2}, 3, 3, 1},   // 4
		{[]int{0, 1}, 0, 0, 0},   // 5: no activation rate, no overall rank
	}
	if len(r.Rows) != 5 {
		t.Fatalf("%d rows", len(r.Rows))
	}
	for i, w := range want {
		x := r.Rows[i]
		if !slices.Equal(x.Ranks, w.ranks) || x.Overall != w.overall || x.OverallRank != w.rank || x.PreviousOverallRank != w.prev {
			t.Errorf("municipality %d: %+v, want %+v", x.Municipality, x, w)
		}
		if w.prev != 0 && x.Change != w.prev-w.rank {
			t.Errorf("municipality %d: change %d", x.Municipality, x.Change)
		}
	}
	if !slices.Equal(r.Rows[4].Missing, []string{figures.ActivationRate}) || !math.IsNaN(r.Rows[4].Values[0]) {
		t.Errorf("empty value: %+v", r.Rows[4])
	}
	if _, err := Rank(cur, nil, []int{1}, []string{figures.PublicSupportRate}, pejling.KTH, nil); err == nil {
		t.Error("public_support_rate for a group was accepted")
	}
	if _, err := Rank(cur, nil, []int{1}, []string{figures.ActivationRate, figures.ActivationRate}, "", nil); err == nil {
		t.Error("a figure twice was accepted")
	}
}

func TestRankWithinClusters(t *testing.T) {
	fw, munis, _ := blobs(t)
	p, err := NewPeers(fw, munis, PeerOptions{Method: MethodWard, Variables: []string{"x", "y"}, Year: 2024, K: 3})
	if err != nil {
		t.Fatal(err)
	}
	v := Values{}
	for i, m := range munis {
		v[Key{m, "", figures.TurnoverSpeed}] = float64(i)
	}
	r, err := Rank(v, nil, munis, []string{figures.TurnoverSpeed}, "", p)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range r.Rows {
		// Ten per group, values rising with the code: the last of each group is first in it.
		if want := 10 - x.Municipality%100; x.ClusterRanks[0] != want || x.ClusterOverallRank != want {
			t.Errorf("%d: cluster rank %d/%d, want %d", x.Municipality, x.ClusterRanks[0], x.ClusterOverallRank, want)
		}
		if x.Ranks[0] != 30-slices.Index(munis, x.Municipality) {
			t.Errorf("%d: national rank %d", x.Municipality, x.Ranks[0])
		}
	}
}

func TestLearnAndCompare(t *testing.T) {
	fw, munis, _ := blobs(t)
	p, err := NewPeers(fw, munis, PeerOptions{Method: MethodWard, Variables: []string{"x", "y"}, Year: 2024, K: 3, Neighbours: 3})
	if err != nil {
		t.Fatal(err)
	}
	v := Values{}
	const me = 100
	for _, m := range munis {
		v[Key{m, pejling.KTH, figures.ActivationRate}] = 0.30 + float64(m%100)*0.001
		v[Key{m, pejling.SDP, figures.ActivationRate}] = 0.30 + float64(m%100)*0.001
		v[Key{m, pejling.DGP, figures.ActivationRate}] = 0.30
	}
	v[Key{me, pejling.KTH, figures.ActivationRate}] = 0.10 // far below its peers: weak
	v[Key{me, pejling.SDP, figures.ActivationRate}] = 0.60 // far above: strong
	delete(v, Key{me, pejling.DGP, figures.ActivationRate})
	v[Key{0, pejling.KTH, figures.ActivationRate}] = 0.31
	l, err := Learn(v, p, me, []string{figures.ActivationRate}, MinPersons)
	if err != nil {
		t.Fatal(err)
	}
	verdict := map[pejling.BenefitGroup]LearnCell{}
	for _, c := range l.Cells {
		verdict[c.Group] = c
	}
	if verdict[pejling.KTH].Verdict != Weak || verdict[pejling.SDP].Verdict != Strong || verdict[pejling.KTH].Country != 0.31 {
		t.Fatalf("cells %+v", l.Cells)
	}
	if _, ok := verdict[pejling.DGP]; ok || !slices.Contains(l.Missing, "DGP activation_rate") {
		t.Errorf("an empty cell was judged: %+v", l.Missing)
	}
	if len(l.OwnModels) != 1 || l.OwnModels[0].From != pejling.SDP || !slices.Equal(l.OwnModels[0].For, []pejling.BenefitGroup{pejling.KTH}) {
		t.Errorf("own models %+v", l.OwnModels)
	}
	excel := verdict[pejling.KTH].Excel
	if len(excel) != 3 || excel[0] != 109 { // the best of its group (cluster) on KTH
		t.Errorf("learn from %v", excel)
	}
	for _, m := range excel {
		if group(m) != group(me) {
			t.Errorf("learn from %d outside the peers and cluster", m)
		}
	}

	c, err := Compare(v, me, Reference{Kind: RefPeers}, p, []string{figures.ActivationRate})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range c.Rows {
		var want float64
		for _, o := range c.Members {
			want += v[Key{o, row.Group, figures.ActivationRate}] / float64(len(c.Members))
		}
		if row.Group != "" && math.Abs(row.Reference-want) > 1e-12 {
			t.Errorf("%s: reference %g, want %g", row.Group, row.Reference, want)
		}
		if row.Group == pejling.KTH && row.Better != "worse" || row.Group == pejling.SDP && row.Better != "better" {
			t.Errorf("%s: %s", row.Group, row.Better)
		}
	}
	c, _ = Compare(v, me, Reference{Kind: RefCountry}, nil, []string{figures.ActivationRate})
	if len(c.Rows) != 2 || c.Rows[0].Group != pejling.KTH || c.Rows[0].Reference != 0.31 || !math.IsNaN(c.Rows[1].Reference) {
		t.Errorf("country rows %+v", c.Rows)
	}
	c, _ = Compare(v, me, Reference{Kind: RefMunicipality, Municipality: 205}, nil, []string{figures.ActivationRate})
	for _, row := range c.Rows {
		if row.Reference != v[Key{205, row.Group, figures.ActivationRate}] {
			t.Errorf("%s: %g", row.Group, row.Reference)
		}
	}
	for _, bad := range []Reference{{Kind: "moon"}, {Kind: RefMunicipality, Municipality: me}} {
		if _, err := Compare(v, me, bad, p, []string{figures.ActivationRate}); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := Compare(v, me, Reference{Kind: RefCluster}, nil, []string{figures.ActivationRate}); err == nil {
		t.Error("a cluster reference without peers was accepted")
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		x        float64
		d        int
		lang, is string
	}{
		{1234.5, 1, "da", "1.234,5"}, {1234.5, 1, "en", "1,234.5"}, {-1234567, 0, "da", "-1.234.567"},
		{0.04, 1, "en", "0.0"}, {-0.04, 1, "en", "0.0"}, {999, 0, "en", "999"}, {math.NaN(), 1, "en", "–"},
	} {
		if got := FormatNumber(c.x, c.d, c.lang); got != c.is {
			t.Errorf("FormatNumber(%g, %d, %s) = %q, want %q", c.x, c.d, c.lang, got, c.is)
		}
	}
	if got := FormatVariable("disposable_income_dkk", 215000, "da"); got != "215.000 kr." {
		t.Errorf("income %q", got)
	}
	if got := FormatVariable("population_density", 73.2, "en"); got != "73 per km²" {
		t.Errorf("density %q", got)
	}
}

func TestEfficiency(t *testing.T) {
	// One input, one output, constant returns: θ = (y/x) / max(y/x). By hand:
	// municipality 1: cost 10, turnover .5 → .05; 2: 20, .5 → .025; 3: 5, .4 → .08 (best);
	// 4: 8, .2 → .025; 5: no cost.
	v := Values{}
	exp := []pejling.Expenditure{}
	for m, c := range map[int][2]float64{1: {10, .5}, 2: {20, .5}, 3: {5, .4}, 4: {8, .2}, 5: {0, .3}} {
		v[Key{m, "", figures.TurnoverSpeed}] = c[1]
		v[Key{m, "", figures.FullTimePersons}] = 100
		if c[0] > 0 {
			exp = append(exp, pejling.Expenditure{Municipality: m, Year: 2024, Account: "jobcentre_operations", Kind: "accounts", AmountDKK: c[0] * 100 * 1000},
				pejling.Expenditure{Municipality: m, Year: 2024, Account: "jobcentre_operations", Kind: "budget", AmountDKK: 1})
		}
	}
	exp = append(exp, pejling.Expenditure{Municipality: 4, Year: 2023, Account: "jobcentre_operations", Kind: "accounts", AmountDKK: 1})
	cost := OperatingCost(exp, v, 2024, "jobcentre_operations")
	if cost[1] != 10 || cost[3] != 5 || len(cost) != 4 {
		t.Fatalf("cost %v", cost)
	}
	e, err := Efficiency(v, nil, []int{1, 2, 3, 4, 5}, cost, EfficiencyOptions{Output: figures.TurnoverSpeed, Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]float64{1: 0.625, 2: 0.3125, 3: 1, 4: 0.3125}
	rank := map[int]int{1: 2, 2: 3, 3: 1, 4: 3}
	for _, r := range e.Rows {
		if math.Abs(r.Score-want[r.Municipality]) > 1e-9 || r.Rank != rank[r.Municipality] || !slices.Equal(r.Peers, []int{3}) {
			t.Errorf("%+v, want score %g rank %d", r, want[r.Municipality], rank[r.Municipality])
		}
	}
	if len(e.LeftOut) != 1 || e.LeftOut[0].Municipality != 5 {
		t.Errorf("left out %+v", e.LeftOut)
	}
	// A lower-is-better figure enters as its reciprocal.
	for m := range 4 {
		v[Key{m + 1, "", figures.AvgDurationDays}] = 1 / v[Key{m + 1, "", figures.TurnoverSpeed}]
	}
	e2, err := Efficiency(v, nil, []int{1, 2, 3, 4}, cost, EfficiencyOptions{Output: figures.AvgDurationDays, Year: 2024})
	if err != nil {
		t.Fatal(err)
	}
	for i := range e2.Rows {
		if math.Abs(e2.Rows[i].Score-e.Rows[i].Score) > 1e-9 {
			t.Errorf("reciprocal output: %+v vs %+v", e2.Rows[i], e.Rows[i])
		}
	}
	if _, err := Efficiency(v, nil, []int{1, 2}, cost, EfficiencyOptions{Output: figures.Outflow, Year: 2024}); err == nil {
		t.Error("a count as output was accepted")
	}
}

// TestRankOverallTiesExactly: mean ranks that are equal as fractions tie, although
// 229/5 summed as fifths in floating point differs in the last bit.
func TestRankOverallTiesExactly(t *testing.T) {
	ids := []string{figures.ActivationRate, figures.CoverageRate, figures.TurnoverSpeed}
	v := Values{}
	// Ranks (1,2,3), (3,1,2), (2,3,1): every sum is 6, every mean 2.
	for m, xs := range map[int][3]float64{1: {.9, .5, .1}, 2: {.1, .9, .5}, 3: {.5, .1, .9}} {
		for i, id := range ids {
			v[Key{m, "", id}] = xs[i]
		}
	}
	r, err := Rank(v, nil, []int{1, 2, 3}, ids, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range r.Rows {
		if x.OverallRank != 1 || x.Overall != 2 {
			t.Errorf("%d: overall %g rank %d, want 2 and a shared 1", x.Municipality, x.Overall, x.OverallRank)
		}
	}
}

func TestLearnTooFewPersons(t *testing.T) {
	fw, munis, _ := blobs(t)
	p, err := NewPeers(fw, munis, PeerOptions{Method: MethodWard, Variables: []string{"x", "y"}, Year: 2024, K: 3, Neighbours: 3})
	if err != nil {
		t.Fatal(err)
	}
	v := Values{}
	for _, m := range munis {
		v[Key{m, pejling.KTH, figures.ActivationRate}] = 0.30 + float64(m%100)*0.001
	}
	v[Key{100, pejling.KTH, figures.ActivationRate}] = 0.90
	for persons, want := range map[float64]string{MinPersons - 1: TooFew, MinPersons: Strong} {
		v[Key{100, pejling.KTH, figures.PersonsAffected}] = persons
		l, err := Learn(v, p, 100, []string{figures.ActivationRate}, MinPersons)
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Cells) != 1 || l.Cells[0].Verdict != want || l.Cells[0].Persons != persons {
			t.Errorf("%g persons: %+v, want %s", persons, l.Cells, want)
		}
	}
}
