package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/sqldb"
)

func runPeers(b *bench, args []string) error {
	b.flags("Forms peer groups of municipalities with the same framework conditions (DOMAIN.md §4):\n" +
		"clusters with a measure of fit for every k, and each municipality's nearest neighbours with the\n" +
		"variables that drive each distance, explained in words. The default method (iab) weighs the\n" +
		"variables by a regression of --target on them, as Germany's IAB comparison types do.")
	if err := b.load(args); err != nil {
		return err
	}
	p, err := b.peers()
	if err != nil {
		return err
	}
	type jdriver struct {
		Variable string `json:"variable"`
		Share    jnum   `json:"share"`
		Own      jnum   `json:"own"`
		Peer     jnum   `json:"peer"`
	}
	type jpeer struct {
		Municipality int       `json:"municipality"`
		Name         string    `json:"name"`
		Distance     jnum      `json:"distance"`
		Drivers      []jdriver `json:"drivers"`
	}
	type jmuni struct {
		Municipality int     `json:"municipality"`
		Name         string  `json:"name"`
		Cluster      string  `json:"cluster"`
		Peers        []jpeer `json:"peers"`
		Explanation  string  `json:"explanation"`
	}
	type jvar struct {
		Name   string `json:"name"`
		Label  string `json:"label"`
		Weight jnum   `json:"weight"`
		Coef   jnum   `json:"standardised_coefficient"`
		T      jnum   `json:"t"`
		Years  []int  `json:"years"`
	}
	type jfit struct {
		K        int  `json:"k"`
		WithinSS jnum `json:"within_ss"`
		TotalSS  jnum `json:"total_ss"`
		R2       jnum `json:"r2"`
		CH       jnum `json:"calinski_harabasz"`
	}
	out := struct {
		Method         string   `json:"method"`
		Period         string   `json:"period"`
		Year           int      `json:"framework_year"`
		Target         string   `json:"target,omitempty"`
		TargetR2       jnum     `json:"target_r2,omitempty"`
		Variables      []jvar   `json:"variables"`
		Dropped        []jvar   `json:"dropped_variables"`
		K              int      `json:"k"`
		Fit            []jfit   `json:"fit"`
		Municipalities []jmuni  `json:"municipalities"`
		LeftOut        []string `json:"left_out"`
	}{Method: p.Method, Period: b.p.Label(), Year: p.Year, Target: p.TargetName, TargetR2: jnum(p.TargetR2), K: p.K,
		Fit: []jfit{}, Dropped: []jvar{}, LeftOut: []string{}}
	vars := func(vs []benchmark.Variable) []jvar {
		o := []jvar{}
		for _, v := range vs {
			o = append(o, jvar{v.Name, benchmark.VariableLabel(v.Name, *b.lang), jnum(v.Weight), jnum(v.Coef), jnum(v.T), v.Years})
		}
		return o
	}
	out.Variables, out.Dropped = vars(p.Variables), vars(p.Dropped)
	for _, f := range p.Fit {
		out.Fit = append(out.Fit, jfit{f.K, jnum(f.WithinSS), jnum(f.TotalSS), jnum(f.R2), jnum(f.CalinskiHarabasz)})
	}
	for _, l := range p.LeftOut {
		out.LeftOut = append(out.LeftOut, name(l.Municipality)+": "+l.Reason)
	}
	var rows [][]string
	for i, m := range p.Municipalities {
		if b.municipality != 0 && m != b.municipality {
			continue
		}
		text, err := p.Explain(m, name, *b.lang)
		if err != nil {
			return err
		}
		jm := jmuni{Municipality: m, Name: name(m), Cluster: p.Labels[p.Cluster[i]], Explanation: text}
		for r, n := range p.Neighbours[i] {
			jp := jpeer{Municipality: n.Municipality, Name: name(n.Municipality), Distance: jnum(n.Distance)}
			for _, d := range n.Drivers {
				jp.Drivers = append(jp.Drivers, jdriver{d.Variable, jnum(d.Share), jnum(d.Own), jnum(d.Peer)})
			}
			jm.Peers = append(jm.Peers, jp)
			main, share := "", ""
			if len(n.Drivers) > 0 {
				main, share = n.Drivers[0].Variable, fnum(n.Drivers[0].Share)
			}
			rows = append(rows, []string{strconv.Itoa(m), name(m), jm.Cluster, strconv.Itoa(r + 1),
				strconv.Itoa(n.Municipality), name(n.Municipality), fnum(n.Distance), main, share})
		}
		out.Municipalities = append(out.Municipalities, jm)
	}
	header := []string{"municipality", "name", "cluster", "peer_rank", "peer", "peer_name", "distance", "main_difference", "main_difference_share"}
	return b.out(header, rows, out, func(w io.Writer) {
		da := *b.lang == "da"
		if da {
			fmt.Fprintf(w, "Sammenlignelige kommuner efter metoden %s, rammevilkår %d (nøgletal %s)\n\n", p.Method, p.Year, b.p.Label())
		} else {
			fmt.Fprintf(w, "Peers by %s, framework conditions of %d (figures of %s)\n\n", p.Method, p.Year, b.p.Label())
		}
		if b.municipality != 0 {
			fmt.Fprintln(w, out.Municipalities[0].Explanation)
			fmt.Fprintln(w)
			var t [][]string
			for _, r := range rows {
				t = append(t, []string{r[3], r[5], fshort(atof(r[6])), benchmark.VariableLabel(r[7], *b.lang)})
			}
			if da {
				table(w, []string{"#", "kommune", "afstand", "største forskel"}, t)
			} else {
				table(w, []string{"#", "peer", "distance", "differs most in"}, t)
			}
			return
		}
		var t [][]string
		for _, v := range out.Variables {
			t = append(t, []string{v.Name, fshort(float64(v.Weight)), fshort(float64(v.Coef)), fshort(float64(v.T))})
		}
		for _, v := range out.Dropped {
			t = append(t, []string{v.Name, "dropped", fshort(float64(v.Coef)), fshort(float64(v.T))})
		}
		table(w, []string{"variable", "weight", "std. coef", "t"}, t)
		if p.TargetName != "" {
			fmt.Fprintf(w, "\nweights from the regression of %s on the variables (R² %.2f after dropping |t| < 2)\n", p.TargetName, p.TargetR2)
		}
		if len(p.Fit) > 0 {
			fmt.Fprintln(w, "\nFit of the clustering by k (R² = share of the spread explained; Calinski–Harabasz: higher is better separated):")
			t = nil
			for _, f := range p.Fit {
				mark := ""
				if f.K == p.K {
					mark = "← chosen"
				}
				t = append(t, []string{strconv.Itoa(f.K), fmt.Sprintf("%.3f", f.R2), fmt.Sprintf("%.1f", f.CalinskiHarabasz), mark})
			}
			table(w, []string{"k", "R²", "CH", ""}, t)
		}
		fmt.Fprintln(w, "\nClusters:")
		for c, label := range p.Labels {
			var ms []string
			for i, m := range p.Municipalities {
				if p.Cluster[i] == c {
					ms = append(ms, name(m))
				}
			}
			fmt.Fprintf(w, "%s (%d)\t%s\n", label, len(ms), strings.Join(ms, ", "))
		}
	})
}

func atof(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0
	}
	return v
}

func runExpected(b *bench, args []string) error {
	b.flags("Regresses a key figure on framework variables across the municipalities (OLS by QR) and gives\n" +
		"each municipality its expected level, 95 % prediction interval, residual (actual − expected)\n" +
		"and rank by residual. Without --figure: every comparable figure of the group.")
	figure := b.fs.String("figure", "", "figure id (default: every comparable figure)")
	level := b.fs.Float64("level", 0.95, "level of the prediction interval")
	if err := b.load(args); err != nil {
		return err
	}
	ids := []string{*figure}
	if *figure == "" {
		ids = nil
		for _, id := range benchmark.ComparableFigures() {
			if f, _ := benchmark.Figure(id); !f.AllGroupsOnly || b.g == "" {
				ids = append(ids, id)
			}
		}
	}
	var levels []*benchmark.ExpectedLevel
	for _, id := range ids {
		e, err := benchmark.Expected(b.cur, b.fw, b.munis, id, b.g, benchmark.ExpectedOptions{
			Variables: splitList(*b.variables), Year: b.p.First.Year(), Level: *level})
		if err != nil && *figure == "" && pejling.ErrorCode(err) == pejling.EINVALID {
			b.notes = append(b.notes, id+": "+pejling.ErrorMessage(err))
			continue
		}
		if err != nil {
			return err
		}
		levels = append(levels, e)
	}
	type jrow struct {
		Municipality int    `json:"municipality"`
		Name         string `json:"name"`
		Actual       jnum   `json:"actual"`
		Expected     jnum   `json:"expected"`
		Lower        jnum   `json:"lower"`
		Upper        jnum   `json:"upper"`
		Residual     jnum   `json:"residual"`
		Rank         int    `json:"rank"`
	}
	type jcoef struct {
		Name     string `json:"name"`
		Estimate jnum   `json:"estimate"`
		StdErr   jnum   `json:"std_error"`
		T        jnum   `json:"t"`
	}
	type jlevel struct {
		Figure       string   `json:"figure"`
		Group        string   `json:"benefit_group"`
		Period       string   `json:"period"`
		Year         int      `json:"framework_year"`
		Coefficients []jcoef  `json:"coefficients"`
		R2           jnum     `json:"r2"`
		AdjustedR2   jnum     `json:"adjusted_r2"`
		Sigma        jnum     `json:"sigma"`
		N            int      `json:"n"`
		Level        jnum     `json:"level"`
		Rows         []jrow   `json:"rows"`
		LeftOut      []string `json:"left_out"`
	}
	var js []jlevel
	var rows [][]string
	single := *figure != ""
	for _, e := range levels {
		j := jlevel{Figure: e.Figure.ID, Group: groupName(e.Group), Period: b.p.Label(), Year: e.Year, R2: jnum(e.R2),
			AdjustedR2: jnum(e.AdjustedR2), Sigma: jnum(e.Sigma), N: e.N, Level: jnum(e.Level), LeftOut: []string{}}
		for _, c := range e.Coefficients {
			j.Coefficients = append(j.Coefficients, jcoef{c.Name, jnum(c.Estimate), jnum(c.StdErr), jnum(c.T)})
		}
		for _, l := range e.LeftOut {
			j.LeftOut = append(j.LeftOut, name(l.Municipality)+": "+l.Reason)
			if single {
				b.notes = append(b.notes, name(l.Municipality)+" left out: "+l.Reason)
			}
		}
		for _, r := range e.Rows {
			if b.municipality != 0 && r.Municipality != b.municipality {
				continue
			}
			j.Rows = append(j.Rows, jrow{r.Municipality, name(r.Municipality), jnum(r.Actual), jnum(r.Expected), jnum(r.Lower), jnum(r.Upper), jnum(r.Residual), r.Rank})
			row := []string{strconv.Itoa(r.Municipality), fnum(r.Actual), fnum(r.Expected), fnum(r.Lower), fnum(r.Upper), fnum(r.Residual), strconv.Itoa(r.Rank)}
			if !single {
				row = append([]string{e.Figure.ID, groupName(e.Group)}, row...)
			}
			rows = append(rows, row)
		}
		js = append(js, j)
	}
	header := []string{"municipality", "actual", "expected", "lower", "upper", "residual", "rank"}
	if !single {
		header = append([]string{"figure", "benefit_group"}, header...)
	}
	var jv any = js
	if single {
		jv = js[0]
	}
	return b.out(header, rows, jv, func(w io.Writer) {
		for _, e := range levels {
			dir := "higher is better"
			if !e.Figure.HigherIsBetter {
				dir = "lower is better"
			}
			fmt.Fprintf(w, "%s, group %s, %s (%s): R² %.3f, adjusted %.3f, σ %s, n %d\n", e.Figure.ID, groupName(e.Group), b.p.Label(), dir, e.R2, e.AdjustedR2, fshort(e.Sigma), e.N)
			var t [][]string
			for _, c := range e.Coefficients {
				t = append(t, []string{c.Name, fshort(c.Estimate), fshort(c.StdErr), fmt.Sprintf("%.2f", c.T)})
			}
			table(w, []string{"coefficient", "estimate", "std. error", "t"}, t)
			fmt.Fprintln(w)
			t = nil
			for _, r := range e.Rows {
				if b.municipality != 0 && r.Municipality != b.municipality {
					continue
				}
				t = append(t, []string{name(r.Municipality), fshort(r.Actual), fshort(r.Expected),
					fshort(r.Lower) + " – " + fshort(r.Upper), fshort(r.Residual), strconv.Itoa(r.Rank)})
			}
			table(w, []string{"municipality", "actual", "expected", fmt.Sprintf("%.0f %% interval", e.Level*100), "actual − expected", "rank"}, t)
			fmt.Fprintln(w)
		}
	})
}

func runRank(b *bench, args []string) error {
	b.flags("Ranks the municipalities per figure and overall (the mean of the ranks over the figures),\n" +
		"nationally and within their cluster, with the change of the overall rank against the\n" +
		"previous period. Ties share the best rank (1, 2, 2, 4). A municipality with an empty figure\n" +
		"gets no rank for it and no overall rank; it is never ranked as if it were 0.")
	figs := b.fs.String("figures", "", "figures to rank on, comma-separated (default: "+strings.Join(benchmark.DefaultRankFigures, ",")+")")
	if err := b.load(args); err != nil {
		return err
	}
	ids := splitList(*figs)
	if len(ids) == 0 {
		for _, id := range benchmark.DefaultRankFigures {
			if f, _ := benchmark.Figure(id); !f.AllGroupsOnly || b.g == "" {
				ids = append(ids, id)
			}
		}
	}
	p, err := b.peers()
	if err != nil {
		return err
	}
	r, err := benchmark.Rank(b.cur, b.before, b.munis, ids, b.g, p)
	if err != nil {
		return err
	}
	if !b.hasPrev {
		b.notes = append(b.notes, "the figure set does not hold the period before "+b.p.Label()+": no rank change")
	}
	header := []string{"municipality", "name", "cluster"}
	for _, f := range r.Figures {
		header = append(header, f.ID, f.ID+"_rank", f.ID+"_cluster_rank")
	}
	header = append(header, "overall", "overall_rank", "cluster_overall_rank", "previous_overall_rank", "change", "missing")
	type jrow struct {
		Municipality  int            `json:"municipality"`
		Name          string         `json:"name"`
		Cluster       string         `json:"cluster"`
		Values        map[string]any `json:"values"`
		Ranks         map[string]int `json:"ranks"`
		ClusterRanks  map[string]int `json:"cluster_ranks"`
		Overall       jnum           `json:"overall"`
		OverallRank   int            `json:"overall_rank"`
		ClusterRank   int            `json:"cluster_overall_rank"`
		PreviousRank  int            `json:"previous_overall_rank"`
		Change        int            `json:"change"`
		MissingFigure []string       `json:"missing"`
	}
	var rows [][]string
	js := []jrow{}
	for _, x := range r.Rows {
		if b.municipality != 0 && x.Municipality != b.municipality {
			continue
		}
		row := []string{strconv.Itoa(x.Municipality), name(x.Municipality), x.Cluster}
		j := jrow{Municipality: x.Municipality, Name: name(x.Municipality), Cluster: x.Cluster, Values: map[string]any{},
			Ranks: map[string]int{}, ClusterRanks: map[string]int{}, MissingFigure: append([]string{}, x.Missing...)}
		for i, f := range r.Figures {
			row = append(row, fnum(x.Values[i]), rankText(x.Ranks[i]), rankText(x.ClusterRanks[i]))
			j.Values[f.ID], j.Ranks[f.ID], j.ClusterRanks[f.ID] = jnum(x.Values[i]), x.Ranks[i], x.ClusterRanks[i]
		}
		overall := ""
		if x.OverallRank > 0 {
			overall = fnum(x.Overall)
			j.Overall = jnum(x.Overall)
		} else {
			j.Overall = jnum(math.NaN())
		}
		j.OverallRank, j.ClusterRank, j.PreviousRank, j.Change = x.OverallRank, x.ClusterOverallRank, x.PreviousOverallRank, x.Change
		row = append(row, overall, rankText(x.OverallRank), rankText(x.ClusterOverallRank), rankText(x.PreviousOverallRank),
			changeText(x), strings.Join(x.Missing, " "))
		rows = append(rows, row)
		js = append(js, j)
	}
	return b.out(header, rows, struct {
		Period  string   `json:"period"`
		Group   string   `json:"benefit_group"`
		Figures []string `json:"figures"`
		Rows    []jrow   `json:"rows"`
	}{b.p.Label(), groupName(b.g), ids, js}, func(w io.Writer) {
		fmt.Fprintf(w, "Ranks of %s, group %s, on %s (1 is best; overall = mean rank)\n\n", b.p.Label(), groupName(b.g), strings.Join(ids, ", "))
		sorted := slices.Clone(r.Rows)
		slices.SortStableFunc(sorted, func(a, c benchmark.RankRow) int { return rankOrder(a.OverallRank) - rankOrder(c.OverallRank) })
		var t [][]string
		for _, x := range sorted {
			if b.municipality != 0 && x.Municipality != b.municipality {
				continue
			}
			row := []string{rankText(x.OverallRank), name(x.Municipality), x.Cluster, rankText(x.ClusterOverallRank)}
			for i := range r.Figures {
				row = append(row, rankText(x.Ranks[i]))
			}
			missing := ""
			if len(x.Missing) > 0 {
				missing = "no " + strings.Join(x.Missing, ", ")
			}
			rows = append(rows, row)
			t = append(t, append(row, changeText(x), missing))
		}
		h := []string{"rank", "municipality", "cluster", "in cluster"}
		for _, f := range r.Figures {
			h = append(h, f.ID)
		}
		table(w, append(h, "change", ""), t)
	})
}

func rankText(r int) string {
	if r == 0 {
		return ""
	}
	return strconv.Itoa(r)
}

func rankOrder(r int) int {
	if r == 0 {
		return 1 << 30
	}
	return r
}

func changeText(x benchmark.RankRow) string {
	switch {
	case x.PreviousOverallRank == 0:
		return ""
	case x.Change > 0:
		return "+" + strconv.Itoa(x.Change)
	}
	return strconv.Itoa(x.Change)
}

func runLearn(b *bench, args []string) error {
	b.flags("Shows where a municipality is strong and weak by benefit group against its peers (score: the\n" +
		"difference from the peers' mean in national standard deviations, positive is better; strong\n" +
		"from +0.5, weak from −0.5; a group with fewer than --min-persons persons affected is too_few\n" +
		"to judge), which of its own groups to learn from, and which peers excel where it lags.\n" +
		"--municipality is required.")
	figs := b.fs.String("figures", "", "figures, comma-separated (default: "+strings.Join(benchmark.DefaultLearnFigures, ",")+")")
	minPersons := b.fs.Int("min-persons", benchmark.MinPersons, "persons affected a group needs in the period to be judged (fewer: too_few)")
	if err := b.load(args); err != nil {
		return err
	}
	if b.municipality == 0 {
		return pejling.Errorf(pejling.EINVALID, "give --municipality")
	}
	if *minPersons < 0 {
		return pejling.Errorf(pejling.EINVALID, "--min-persons must be 0 or more, not %d", *minPersons)
	}
	ids := splitList(*figs)
	if len(ids) == 0 {
		ids = benchmark.DefaultLearnFigures
	}
	p, err := b.peers()
	if err != nil {
		return err
	}
	l, err := benchmark.Learn(b.cur, p, b.municipality, ids, float64(*minPersons))
	if err != nil {
		return err
	}
	names := func(ms []int) []string {
		out := []string{}
		for _, m := range ms {
			out = append(out, name(m))
		}
		return out
	}
	type jcell struct {
		Group    string   `json:"benefit_group"`
		Figure   string   `json:"figure"`
		Value    jnum     `json:"value"`
		Persons  jnum     `json:"persons_affected"`
		PeerMean jnum     `json:"peer_mean"`
		Country  jnum     `json:"country"`
		Score    jnum     `json:"score"`
		Verdict  string   `json:"verdict"`
		Excel    []string `json:"learn_from"`
	}
	type jmodel struct {
		Figure string   `json:"figure"`
		From   string   `json:"from_group"`
		For    []string `json:"for_groups"`
	}
	var rows [][]string
	js := struct {
		Municipality int      `json:"municipality"`
		Name         string   `json:"name"`
		Period       string   `json:"period"`
		Peers        []string `json:"peers"`
		Cells        []jcell  `json:"cells"`
		OwnModels    []jmodel `json:"own_models"`
		Summary      string   `json:"summary"`
	}{Municipality: l.Municipality, Name: name(l.Municipality), Period: b.p.Label(), Peers: names(l.Peers), OwnModels: []jmodel{}}
	for _, c := range l.Cells {
		js.Cells = append(js.Cells, jcell{string(c.Group), c.Figure, jnum(c.Value), jnum(c.Persons), jnum(c.PeerMean), jnum(c.Country), jnum(c.Score), c.Verdict, names(c.Excel)})
		rows = append(rows, []string{string(c.Group), c.Figure, fnum(c.Value), fnum(c.Persons), fnum(c.PeerMean), fnum(c.Country), fnum(c.Score), c.Verdict, strings.Join(names(c.Excel), " ")})
	}
	for _, o := range l.OwnModels {
		var gs []string
		for _, g := range o.For {
			gs = append(gs, string(g))
		}
		js.OwnModels = append(js.OwnModels, jmodel{o.Figure, string(o.From), gs})
	}
	js.Summary = l.Summary(*b.lang, name)
	header := []string{"benefit_group", "figure", "value", "persons_affected", "peer_mean", "country", "score", "verdict", "learn_from"}
	return b.out(header, rows, js, func(w io.Writer) {
		fmt.Fprintf(w, "%s, %s, against its peers %s\n\n%s\n\n", name(l.Municipality), b.p.Label(), strings.Join(js.Peers, ", "), js.Summary)
		var t [][]string
		for _, c := range l.Cells {
			t = append(t, []string{string(c.Group), c.Figure, fshort(c.Value), fshort(c.PeerMean), fmt.Sprintf("%+.2f", c.Score), c.Verdict, strings.Join(names(c.Excel), ", ")})
		}
		table(w, []string{"group", "figure", "value", "peers", "score", "verdict", "learn from"}, t)
	})
}

func runCompare(b *bench, args []string) error {
	b.flags("Sets a municipality side by side with a reference on every comparable figure, for group\n" +
		"all and every benefit group. --municipality is required.")
	ref := b.fs.String("reference", benchmark.RefPeers, "peers (its nearest neighbours), cluster, country, or a municipality (code or name)")
	figs := b.fs.String("figures", "", "figures, comma-separated (default: every comparable figure)")
	if err := b.load(args); err != nil {
		return err
	}
	if b.municipality == 0 {
		return pejling.Errorf(pejling.EINVALID, "give --municipality")
	}
	r := benchmark.Reference{Kind: strings.ToLower(*ref)}
	switch r.Kind {
	case benchmark.RefPeers, benchmark.RefCluster, benchmark.RefCountry:
	default:
		code, ok := dk.LookupMunicipality(*ref)
		if !ok {
			return pejling.Errorf(pejling.EINVALID, "--reference %q: give peers, cluster, country or a municipality", pejling.Clip(*ref))
		}
		r = benchmark.Reference{Kind: benchmark.RefMunicipality, Municipality: code}
	}
	ids := splitList(*figs)
	if len(ids) == 0 {
		ids = benchmark.ComparableFigures()
	}
	var p *benchmark.Peers
	if r.Kind == benchmark.RefPeers || r.Kind == benchmark.RefCluster {
		var err error
		if p, err = b.peers(); err != nil {
			return err
		}
	}
	c, err := benchmark.Compare(b.cur, b.municipality, r, p, ids)
	if err != nil {
		return err
	}
	refName := r.Kind
	if r.Kind == benchmark.RefMunicipality {
		refName = name(r.Municipality)
	}
	type jrow struct {
		Group      string `json:"benefit_group"`
		Figure     string `json:"figure"`
		Value      jnum   `json:"value"`
		Reference  jnum   `json:"reference"`
		Difference jnum   `json:"difference"`
		Better     string `json:"better"`
	}
	var members []string
	for _, m := range c.Members {
		members = append(members, name(m))
	}
	js := struct {
		Municipality int      `json:"municipality"`
		Name         string   `json:"name"`
		Period       string   `json:"period"`
		Reference    string   `json:"reference"`
		Members      []string `json:"reference_members"`
		Rows         []jrow   `json:"rows"`
	}{c.Municipality, name(c.Municipality), b.p.Label(), refName, append([]string{}, members...), []jrow{}}
	var rows [][]string
	for _, x := range c.Rows {
		js.Rows = append(js.Rows, jrow{groupName(x.Group), x.Figure, jnum(x.Value), jnum(x.Reference), jnum(x.Difference), x.Better})
		rows = append(rows, []string{groupName(x.Group), x.Figure, fnum(x.Value), fnum(x.Reference), fnum(x.Difference), x.Better})
	}
	return b.out([]string{"benefit_group", "figure", "value", "reference", "difference", "better"}, rows, js, func(w io.Writer) {
		fmt.Fprintf(w, "%s against %s, %s", name(c.Municipality), refName, b.p.Label())
		if len(members) > 0 {
			fmt.Fprintf(w, " (%s)", strings.Join(members, ", "))
		}
		fmt.Fprint(w, "\n\n")
		var t [][]string
		for _, x := range c.Rows {
			t = append(t, []string{groupName(x.Group), x.Figure, fshort(x.Value), fshort(x.Reference), fshort(x.Difference), x.Better})
		}
		table(w, []string{"group", "figure", name(c.Municipality), refName, "difference", ""}, t)
	})
}

func runEfficiency(b *bench, args []string) error {
	b.flags("Scores the job centres' cost efficiency on a DEA frontier (input-oriented), every year:\n" +
		"input the operating cost per full-time person on public support (expenditure account\n" +
		"jobcentre_operations, accounts, else budget, over full_time_persons, in 1,000 kr.), output\n" +
		"expected / actual public support rate (or --output FIGURE). Score 1 is on the frontier; 0.8\n" +
		"means the same output was reached elsewhere at 80 % of the cost. Without --period: every\n" +
		"whole year of the figure set.")
	output := b.fs.String("output", benchmark.OutputExpected, "expected (expected / actual public support rate) or a comparable figure of group all")
	vrs := b.fs.Bool("vrs", false, "variable returns to scale (BCC) instead of constant (CCR)")
	account := b.fs.String("account", "jobcentre_operations", "expenditure account of the input")
	explicit := slices.Contains(args, "-period") || slices.Contains(args, "--period") || slices.ContainsFunc(args, func(a string) bool {
		return strings.HasPrefix(a, "-period=") || strings.HasPrefix(a, "--period=")
	})
	if err := b.load(args); err != nil {
		return err
	}
	if explicit && b.p.Label() != strconv.Itoa(b.p.First.Year()) {
		return pejling.Errorf(pejling.EINVALID, "--period %s: cost efficiency is yearly (expenditure is per year); give a year", b.p.Label())
	}
	years := []figures.Period{b.p}
	if !explicit {
		years = nil
		for _, p := range b.held {
			if p.Label() == strconv.Itoa(p.First.Year()) {
				years = append(years, p)
			}
		}
	}
	exp, err := b.db.ReadExpenditure(b.ctx)
	if err != nil {
		return err
	}
	rows, _, err := b.db.FindFigures(b.ctx, sqldb.FigureFilter{Periods: years,
		Figures: []string{figures.FullTimePersons, figures.PublicSupportRate, *output}})
	if err != nil {
		return err
	}
	type jrow struct {
		Year         int      `json:"year"`
		Municipality int      `json:"municipality"`
		Name         string   `json:"name"`
		Cost         jnum     `json:"cost_per_full_time_person_tkr"`
		Output       jnum     `json:"output"`
		Score        jnum     `json:"score"`
		Rank         int      `json:"rank"`
		Peers        []string `json:"efficient_peers"`
	}
	js := []jrow{}
	var out [][]string
	var results []*benchmark.CostEfficiency
	for _, p := range years {
		v := benchmark.NewValues(rows, p)
		cost := benchmark.OperatingCost(exp, v, p.First.Year(), *account)
		if len(cost) == 0 {
			b.notes = append(b.notes, fmt.Sprintf("%d: no expenditure on %s", p.First.Year(), *account))
			continue
		}
		e, err := benchmark.Efficiency(v, b.fw, b.munis, cost, benchmark.EfficiencyOptions{Output: *output,
			Variables: splitList(*b.variables), Year: p.First.Year(), VariableReturns: *vrs})
		if err != nil {
			if pejling.ErrorCode(err) == pejling.EINVALID && !explicit {
				b.notes = append(b.notes, fmt.Sprintf("%d: %s", p.First.Year(), pejling.ErrorMessage(err)))
				continue
			}
			return err
		}
		results = append(results, e)
		for _, r := range e.Rows {
			if b.municipality != 0 && r.Municipality != b.municipality {
				continue
			}
			var peers []string
			var codes []string
			for _, m := range r.Peers {
				peers, codes = append(peers, name(m)), append(codes, strconv.Itoa(m))
			}
			js = append(js, jrow{e.Year, r.Municipality, name(r.Municipality), jnum(r.Cost), jnum(r.Output), jnum(r.Score), r.Rank, append([]string{}, peers...)})
			out = append(out, []string{strconv.Itoa(e.Year), strconv.Itoa(r.Municipality), fnum(r.Cost), fnum(r.Output), fnum(r.Score), strconv.Itoa(r.Rank), strings.Join(codes, " ")})
		}
	}
	if len(results) == 0 {
		return pejling.Errorf(pejling.EINVALID, "no year has both expenditure and figures for a cost-efficiency frontier")
	}
	header := []string{"year", "municipality", "cost_per_full_time_person_tkr", "output", "score", "rank", "efficient_peers"}
	return b.out(header, out, js, func(w io.Writer) {
		for _, e := range results {
			fmt.Fprintf(w, "%d: cost efficiency, input operating cost per full-time person (1,000 kr.), output %s\n", e.Year, e.Output)
			var t [][]string
			for _, r := range e.Rows {
				if b.municipality != 0 && r.Municipality != b.municipality {
					continue
				}
				var peers []string
				for _, m := range r.Peers {
					peers = append(peers, name(m))
				}
				t = append(t, []string{strconv.Itoa(r.Rank), name(r.Municipality), fmt.Sprintf("%.1f", r.Cost), fshort(r.Output), fmt.Sprintf("%.3f", r.Score), strings.Join(peers, ", ")})
			}
			table(w, []string{"rank", "municipality", "cost", "output", "score", "efficient peers"}, t)
			fmt.Fprintln(w)
		}
	})
}
