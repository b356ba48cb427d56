package web

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/export"
)

// fillPeers: the municipality's peers under the chosen design, why they are peers (in
// words), the distance to each and the framework variables side by side.
func fillPeers(_ *Server, pg *benchPage, q benchQuery, e *benchEntry) error {
	l, m := pg.Lang, q.municipality
	p, err := peersBy(e, q.design)
	if err != nil {
		return err
	}
	ns, ok := p.Of(m)
	if !ok {
		return pejling.Errorf(pejling.ENOTFOUND, "%s is not in the peer grouping (no framework variables for it)", muniName(m))
	}
	text, err := p.Explain(m, muniName, string(l))
	if err != nil {
		return err
	}
	pg.Words = append(pg.Words, text)
	cluster, _ := p.ClusterOf(m)
	t := pg.table("peers", pg.T("bench.peerlist"), benchCol{Name: "#", Kind: export.Integer}, benchCol{Name: pg.T("bench.municipality")},
		benchCol{Name: pg.T("dash.cluster")}, benchCol{Name: pg.T("bench.distance"), Kind: export.Number, Decimals: 3},
		benchCol{Name: pg.T("bench.differs")}, benchCol{Name: pg.T("bench.share"), Kind: export.Percent, Decimals: 0})
	var codes []int
	for i, n := range ns {
		codes = append(codes, n.Municipality)
		c, _ := p.ClusterOf(n.Municipality)
		main, share := txt(""), benchCell{}
		if len(n.Drivers) > 0 {
			main = txt(benchmark.VariableLabel(n.Drivers[0].Variable, string(l)))
			share = benchCell{Text: l.Percent(n.Drivers[0].Share, 0), Value: n.Drivers[0].Share}
		}
		t.add("peer", whole(i+1), txt(muniName(n.Municipality)), txt(c), number(l, n.Distance, 2), main, share)
	}
	// The framework variables: the municipality, each peer, the peers' mean and the
	// mean of every municipality of the grouping.
	cols := []benchCol{{Name: pg.T("bench.variable")}, {Name: pg.T("bench.weight"), Kind: export.Percent, Decimals: 0},
		{Name: pg.Municipality.Name, Kind: export.Number, Decimals: 2}}
	for _, c := range codes {
		cols = append(cols, benchCol{Name: muniName(c), Kind: export.Number, Decimals: 2})
	}
	cols = append(cols, benchCol{Name: pg.T("bench.peersmean"), Kind: export.Number, Decimals: 2}, benchCol{Name: pg.T("bench.allmean"), Kind: export.Number, Decimals: 2})
	vt := pg.table("variables", pg.T("bench.variables"), cols...)
	value := func(v string, x float64) benchCell {
		return benchCell{Text: benchmark.FormatVariable(v, x, string(l)), Value: x}
	}
	for _, v := range p.Variables {
		own, _ := p.Raw(m, v.Name)
		row := []benchCell{txt(benchmark.VariableLabel(v.Name, string(l))), {Text: l.Percent(v.Weight, 0), Value: v.Weight}, value(v.Name, own)}
		for _, c := range codes {
			x, ok := p.Raw(c, v.Name)
			if !ok {
				x = math.NaN()
			}
			row = append(row, value(v.Name, x))
		}
		row = append(row, value(v.Name, p.Average(codes, v.Name)), value(v.Name, p.Average(p.Municipalities, v.Name)))
		vt.add("", row...)
	}
	vt.Note = fmt.Sprintf(l.Pick("Rammevilkår fra %d; vægt: variablens andel af afstanden. %s er i klyngen %s.",
		"Framework conditions of %d; weight: the variable's share of the distance. %s is in cluster %s."), p.Year, pg.Municipality.Name, cluster)
	// The distances as bars: the nearest first.
	var bars []chart.Bar
	for _, n := range ns {
		bars = append(bars, chart.Bar{Label: muniName(n.Municipality), Value: n.Distance})
	}
	pg.Chart = template.HTML(chart.Bars{Title: pg.T("bench.distance"), Bars: bars, Format: func(x float64) string { return l.Number(x, 2) }}.SVG())
	return nil
}

// fillExpected: actual against expected with the prediction interval, for the
// municipality and its peers as a chart and for every municipality as a table.
func fillExpected(_ *Server, pg *benchPage, q benchQuery, e *benchEntry) error {
	l, m := pg.Lang, q.municipality
	lv, err := expectedOf(e, q)
	if err != nil {
		return err
	}
	id := lv.Figure.ID
	peers := map[int]bool{}
	if ns, ok := e.peers.Of(m); ok {
		for _, n := range ns {
			peers[n.Municipality] = true
		}
	}
	rows := slices.Clone(lv.Rows)
	slices.SortStableFunc(rows, func(a, b benchmark.ExpectedRow) int { return a.Rank - b.Rank })
	verdict := func(r benchmark.ExpectedRow) (string, string) {
		above, below := r.Actual > r.Upper, r.Actual < r.Lower
		switch {
		case above == lv.Figure.HigherIsBetter && (above || below):
			return pg.T("bench.better"), "better"
		case above || below:
			return pg.T("bench.worse"), "worse"
		}
		return pg.T("bench.within"), ""
	}
	var iv []chart.Interval
	t := pg.table("expected", pg.T("bench.expected")+": "+l.Figure(id), benchCol{Name: pg.T("dash.rank"), Kind: export.Integer},
		benchCol{Name: pg.T("bench.municipality")}, benchCol{Name: pg.T("bench.actual"), Kind: export.Number, Decimals: 4},
		benchCol{Name: pg.T("bench.expectedcol"), Kind: export.Number, Decimals: 4}, benchCol{Name: pg.T("bench.lower"), Kind: export.Number, Decimals: 4},
		benchCol{Name: pg.T("bench.upper"), Kind: export.Number, Decimals: 4}, benchCol{Name: pg.T("bench.residual"), Kind: export.Number, Decimals: 4},
		benchCol{Name: pg.T("bench.verdict")})
	found := false
	for _, r := range rows {
		class := ""
		switch {
		case r.Municipality == m:
			class = "self"
			found = true
			text, vc := verdict(r)
			pg.Verdict, pg.VerdictClass = pg.Municipality.Name+": "+text, vc
			pg.Words = append(pg.Words, fmt.Sprintf(l.Pick(
				"%s har %s %s, hvor kommunens rammevilkår lader forvente %s (95 %%-interval %s til %s). Forskellen, %s, er kommunens egen indsats ud over rammevilkårene: nr. %d af %d.",
				"%s has %s %s, where its framework conditions lead one to expect %s (95 %% interval %s to %s). The difference, %s, is the municipality's own performance beyond its conditions: number %d of %d."),
				pg.Municipality.Name, l.Figure(id), l.FigureValue(id, r.Actual), l.FigureValue(id, r.Expected), l.FigureValue(id, r.Lower),
				l.FigureValue(id, r.Upper), signed(l.FigureValue(id, r.Residual), r.Residual), r.Rank, lv.N))
		case peers[r.Municipality]:
			class = "peer"
		}
		if class != "" {
			iv = append(iv, chart.Interval{Label: muniName(r.Municipality), Actual: r.Actual, Expected: r.Expected, Lower: r.Lower, Upper: r.Upper, Highlight: r.Municipality == m})
		}
		text, vc := verdict(r)
		t.add(class, whole(r.Rank), txt(muniName(r.Municipality)), figValue(l, id, r.Actual), figValue(l, id, r.Expected),
			figValue(l, id, r.Lower), figValue(l, id, r.Upper), figValue(l, id, r.Residual), benchCell{Text: text, Value: text, Class: vc})
	}
	if !found {
		pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("%s har ingen værdi for %s og indgår ikke i beregningen.", "%s has no value of %s and is left out of the regression."),
			pg.Municipality.Name, l.Figure(id)))
	}
	dir := pg.T("dash.higher")
	if !lv.Figure.HigherIsBetter {
		dir = pg.T("dash.lower")
	}
	pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("Regression på rammevilkårene over %d kommuner: R² %s (justeret %s); %s.",
		"Regression on the framework conditions over %d municipalities: R² %s (adjusted %s); %s."), lv.N, l.Number(lv.R2, 2), l.Number(lv.AdjustedR2, 2), dir))
	if len(lv.LeftOut) > 0 {
		var names []string
		for _, x := range lv.LeftOut {
			names = append(names, muniName(x.Municipality))
		}
		t.Note = pg.T("bench.leftout") + ": " + strings.Join(names, ", ") + "."
	}
	pg.Chart = template.HTML(chart.Intervals{Title: l.Figure(id) + ": " + pg.T("bench.charttitle"), Rows: iv,
		Format: func(x float64) string { return l.FigureValue(id, x) }}.SVG())
	return nil
}

func signed(text string, v float64) string {
	if v > 0 && !strings.HasPrefix(text, "+") {
		return "+" + text
	}
	return text
}

// fillRank: the national ranking on a figure, and the ranking within the cluster.
func fillRank(_ *Server, pg *benchPage, q benchQuery, e *benchEntry) error {
	l, m := pg.Lang, q.municipality
	id := q.figure
	if id == "" {
		id = defaultFigure(q.group)
	}
	rk, err := benchmark.Rank(e.data.Current, e.data.Before, e.data.Municipalities, []string{id}, q.group, e.peers)
	if err != nil {
		return err
	}
	rows := slices.Clone(rk.Rows)
	slices.SortStableFunc(rows, func(a, b benchmark.RankRow) int { return rankOrder(a.Ranks[0]) - rankOrder(b.Ranks[0]) })
	cols := func() []benchCol {
		return []benchCol{{Name: pg.T("dash.rank"), Kind: export.Integer}, {Name: pg.T("bench.municipality")}, {Name: pg.T("dash.cluster")},
			{Name: l.Figure(id), Kind: export.Number, Decimals: 4}, {Name: pg.T("bench.clusterrank"), Kind: export.Integer},
			{Name: pg.T("bench.previous"), Kind: export.Integer}, {Name: pg.T("dash.change"), Kind: export.Integer}}
	}
	nat := pg.table("national", pg.T("bench.national")+": "+l.Figure(id)+", "+l.Group(q.group), cols()...)
	self, _ := e.peers.ClusterOf(m)
	clu := pg.table("cluster", pg.T("bench.incluster")+" "+self, cols()...)
	ranked := 0
	var bars []chart.Bar
	peers := map[int]bool{}
	if ns, ok := e.peers.Of(m); ok {
		for _, n := range ns {
			peers[n.Municipality] = true
		}
	}
	for _, x := range rows {
		if x.Ranks[0] > 0 {
			ranked++
		}
		class := ""
		if x.Municipality == m {
			class = "self"
		} else if peers[x.Municipality] {
			class = "peer"
		}
		change := benchCell{}
		if x.PreviousOverallRank > 0 && x.OverallRank > 0 {
			change = benchCell{Text: signed(fmt.Sprint(x.Change), float64(x.Change)), Value: x.Change}
			if x.Change > 0 {
				change.Class = "better"
			} else if x.Change < 0 {
				change.Class = "worse"
			}
		}
		cells := []benchCell{whole(x.Ranks[0]), txt(muniName(x.Municipality)), txt(x.Cluster), figValue(l, id, x.Values[0]),
			whole(x.ClusterRanks[0]), whole(x.PreviousOverallRank), change}
		nat.add(class, cells...)
		if x.Cluster == self {
			clu.add(class, cells...)
			bars = append(bars, chart.Bar{Label: muniName(x.Municipality), Value: x.Values[0], Highlight: x.Municipality == m})
		}
	}
	slices.SortStableFunc(clu.Rows, func(a, b benchRow) int {
		ra, _ := a.Cells[4].Value.(int)
		rb, _ := b.Cells[4].Value.(int)
		return rankOrder(ra) - rankOrder(rb)
	})
	i := slices.IndexFunc(rk.Rows, func(x benchmark.RankRow) bool { return x.Municipality == m })
	x := rk.Rows[i]
	if x.Ranks[0] == 0 {
		pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("%s har ingen værdi for %s i %s og får ingen placering.", "%s has no value of %s in %s and gets no rank."),
			pg.Municipality.Name, l.Figure(id), pg.PeriodLabel))
	} else {
		s := fmt.Sprintf(l.Pick("%s er nr. %d af %d på %s (%s) og nr. %d i sin klynge (%s).", "%s is number %d of %d on %s (%s), and number %d in its cluster (%s)."),
			pg.Municipality.Name, x.Ranks[0], ranked, l.Figure(id), l.FigureValue(id, x.Values[0]), x.ClusterRanks[0], self)
		switch {
		case x.PreviousOverallRank == 0:
			s += " " + l.Pick("Ingen placering i perioden før.", "No rank in the period before.")
		case x.Change > 0:
			s += " " + fmt.Sprintf(l.Pick("Op %d pladser siden perioden før (nr. %d).", "Up %d places since the period before (number %d)."), x.Change, x.PreviousOverallRank)
		case x.Change < 0:
			s += " " + fmt.Sprintf(l.Pick("Ned %d pladser siden perioden før (nr. %d).", "Down %d places since the period before (number %d)."), -x.Change, x.PreviousOverallRank)
		default:
			s += " " + l.Pick("Samme placering som i perioden før.", "The same rank as in the period before.")
		}
		pg.Words = append(pg.Words, s)
	}
	if !e.data.HasPrevious {
		nat.Note = pg.T("bench.noprevious")
	}
	pg.Chart = template.HTML(chart.Bars{Title: l.Figure(id) + ": " + pg.T("bench.incluster") + " " + self, Bars: bars,
		Format: func(v float64) string { return l.FigureValue(id, v) }}.SVG())
	return nil
}

func rankOrder(r int) int {
	if r == 0 {
		return 1 << 30
	}
	return r
}

// fillLearn: where the municipality is strong and weak by benefit group against its
// peers, whom to learn from, in words and as tables.
func fillLearn(_ *Server, pg *benchPage, q benchQuery, e *benchEntry) error {
	l, m := pg.Lang, q.municipality
	lr, err := benchmark.Learn(e.data.Current, e.peers, m, benchmark.DefaultLearnFigures, benchmark.MinPersons)
	if err != nil {
		return err
	}
	pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("Sammenlignet med %s.", "Compared with %s."), strings.Join(muniNames(lr.Peers), ", ")))
	for _, o := range lr.OwnModels {
		var gs []string
		for _, g := range o.For {
			gs = append(gs, l.Group(g))
		}
		pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("Lær af jeres eget %s-team: på %s gør det det bedre end naboerne, hvor %s halter.",
			"Learn from your own %s team: on %s it does better than the peers, where %s lag."), l.Group(o.From), l.Figure(o.Figure), strings.Join(gs, ", ")))
	}
	var weak []benchmark.LearnCell
	for _, c := range lr.Cells {
		if c.Verdict == benchmark.Weak && len(c.Excel) > 0 {
			weak = append(weak, c)
		}
	}
	slices.SortStableFunc(weak, func(a, b benchmark.LearnCell) int {
		if a.Score < b.Score {
			return -1
		}
		if a.Score > b.Score {
			return 1
		}
		return 0
	})
	for _, c := range weak[:min(3, len(weak))] {
		pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("Lær af %s for %s: %s er %s mod naboernes %s.", "Learn from %s for %s: %s is %s against the peers' %s."),
			muniName(c.Excel[0]), l.Group(c.Group), l.Figure(c.Figure), l.FigureValue(c.Figure, c.Value), l.FigureValue(c.Figure, c.PeerMean)))
	}
	if len(lr.OwnModels) == 0 && len(weak) == 0 {
		pg.Words = append(pg.Words, l.Pick("Ingen gruppe skiller sig ud fra naboerne med mere end en halv standardafvigelse.", "No group differs from the peers by more than half a standard deviation."))
	}
	verdicts := map[string][2]string{benchmark.Strong: {"stærk", "strong"}, benchmark.Weak: {"svag", "weak"},
		benchmark.Average: {"som naboerne", "as the peers"}, benchmark.TooFew: {"for få personer", "too few persons"}}
	t := pg.table("groups", pg.T("bench.bygroup"), benchCol{Name: pg.T("dash.group")}, benchCol{Name: pg.T("dash.figure")},
		benchCol{Name: pg.Municipality.Name, Kind: export.Number, Decimals: 4}, benchCol{Name: pg.T("bench.persons"), Kind: export.Number, Decimals: 0},
		benchCol{Name: pg.T("bench.peersmean"), Kind: export.Number, Decimals: 4}, benchCol{Name: pg.T("dash.country"), Kind: export.Number, Decimals: 4},
		benchCol{Name: pg.T("bench.score"), Kind: export.Number, Decimals: 2}, benchCol{Name: pg.T("bench.verdict")}, benchCol{Name: pg.T("bench.learnfrom")})
	for _, c := range lr.Cells {
		v := verdicts[c.Verdict]
		vc := benchCell{Text: l.Pick(v[0], v[1]), Value: c.Verdict}
		switch c.Verdict {
		case benchmark.Strong:
			vc.Class = "better"
		case benchmark.Weak:
			vc.Class = "worse"
		}
		t.add("", txt(l.Group(c.Group)), txt(l.Figure(c.Figure)), figValue(l, c.Figure, c.Value), number(l, c.Persons, 0),
			figValue(l, c.Figure, c.PeerMean), figValue(l, c.Figure, c.Country), benchCell{Text: signed(l.Number(c.Score, 2), c.Score), Value: c.Score},
			vc, txt(strings.Join(muniNames(c.Excel), ", ")))
	}
	t.Note = pg.T("bench.scorenote")
	ot := pg.table("own", pg.T("bench.own"), benchCol{Name: pg.T("dash.figure")}, benchCol{Name: pg.T("bench.fromgroup")}, benchCol{Name: pg.T("bench.forgroups")})
	for _, o := range lr.OwnModels {
		var gs []string
		for _, g := range o.For {
			gs = append(gs, l.Group(g))
		}
		ot.add("", txt(l.Figure(o.Figure)), txt(l.Group(o.From)), txt(strings.Join(gs, ", ")))
	}
	return nil
}

// fillCompare: the municipality side by side with a reference, by default its nearest
// peer.
func fillCompare(_ *Server, pg *benchPage, q benchQuery, e *benchEntry) error {
	l, m := pg.Lang, q.municipality
	c, err := compareOf(e, q)
	if err != nil {
		return err
	}
	refLabel := map[string][2]string{benchmark.RefPeers: {"de sammenlignelige kommuner (gns.)", "the peers (mean)"},
		benchmark.RefCluster: {"klyngen (gns.)", "the cluster (mean)"}, benchmark.RefCountry: {"hele landet", "the whole country"}}
	name := muniName(c.Reference.Municipality)
	if c.Reference.Kind != benchmark.RefMunicipality {
		name = l.Pick(refLabel[c.Reference.Kind][0], refLabel[c.Reference.Kind][1])
	}
	sel := q.reference
	if sel == benchmark.RefMunicipality {
		sel = fmt.Sprint(q.refMuni)
	}
	near := nearestPeer(e.peers, m)
	pg.References = append(pg.References, option{"", l.Pick("Nærmeste sammenlignelige: ", "Nearest peer: ") + muniName(near), sel == ""})
	for _, k := range []string{benchmark.RefPeers, benchmark.RefCluster, benchmark.RefCountry} {
		pg.References = append(pg.References, option{k, l.Pick(refLabel[k][0], refLabel[k][1]), sel == k})
	}
	for _, x := range dk.Municipalities() {
		if x.Code != m && slices.Contains(e.data.Municipalities, x.Code) {
			pg.References = append(pg.References, option{fmt.Sprint(x.Code), x.Name, sel == fmt.Sprint(x.Code)})
		}
	}
	better, worse := 0, 0
	t := pg.table("comparison", pg.Municipality.Name+" – "+name, benchCol{Name: pg.T("dash.group")}, benchCol{Name: pg.T("dash.figure")},
		benchCol{Name: pg.Municipality.Name, Kind: export.Number, Decimals: 4}, benchCol{Name: name, Kind: export.Number, Decimals: 4},
		benchCol{Name: pg.T("bench.difference"), Kind: export.Number, Decimals: 4}, benchCol{Name: pg.T("bench.verdict")})
	for _, x := range c.Rows {
		vc := benchCell{Value: x.Better, Class: x.Better}
		switch x.Better {
		case "better":
			better++
			vc.Text = l.Pick("bedre", "better")
		case "worse":
			worse++
			vc.Text = l.Pick("dårligere", "worse")
		case "same":
			vc.Text = l.Pick("samme", "same")
		}
		t.add("", txt(l.Group(x.Group)), txt(l.Figure(x.Figure)), figValue(l, x.Figure, x.Value), figValue(l, x.Figure, x.Reference),
			benchCell{Text: signed(l.FigureValue(x.Figure, x.Difference), x.Difference), Value: x.Difference}, vc)
	}
	pg.Words = append(pg.Words, fmt.Sprintf(l.Pick("%s mod %s i %s: bedre på %d og dårligere på %d af %d sammenligninger (nøgletal × ydelsesgruppe med værdi for begge).",
		"%s against %s in %s: better on %d and worse on %d of %d comparisons (figure × benefit group with a value for both)."),
		pg.Municipality.Name, name, pg.PeriodLabel, better, worse, better+worse+countSame(c)))
	if len(c.Members) > 0 {
		pg.Words = append(pg.Words, l.Pick("Referencen består af ", "The reference is made of ")+strings.Join(muniNames(c.Members), ", ")+".")
	}
	return nil
}

func countSame(c *benchmark.Comparison) int {
	n := 0
	for _, x := range c.Rows {
		if x.Better == "same" {
			n++
		}
	}
	return n
}
