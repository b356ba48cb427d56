package web

import (
	"math"

	"github.com/pejling/pejling/benchmark"
)

// The JSON answers of the benchmark API: the shapes of pejling benchmark … --format json
// (cmd/pejling/benchmark_commands.go), kept equal by TestBenchAPIMatchesCLI.

type peersOut struct {
	Method         string     `json:"method"`
	Period         string     `json:"period"`
	Year           int        `json:"framework_year"`
	Target         string     `json:"target,omitempty"`
	TargetR2       jnum       `json:"target_r2,omitempty"`
	Variables      []jvar     `json:"variables"`
	Dropped        []jvar     `json:"dropped_variables"`
	K              int        `json:"k"`
	Fit            []jfit     `json:"fit"`
	Municipalities []jpeerMun `json:"municipalities"`
	LeftOut        []string   `json:"left_out"`
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

type jpeerMun struct {
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

// peersJSON is the peer grouping of every municipality, or of m alone when m is not 0.
func peersJSON(p *benchmark.Peers, period string, m int, lang string) (peersOut, error) {
	out := peersOut{Method: p.Method, Period: period, Year: p.Year, Target: p.TargetName, TargetR2: jnum(p.TargetR2), K: p.K,
		Fit: []jfit{}, Dropped: []jvar{}, LeftOut: []string{}}
	vars := func(vs []benchmark.Variable) []jvar {
		o := []jvar{}
		for _, v := range vs {
			o = append(o, jvar{v.Name, benchmark.VariableLabel(v.Name, lang), jnum(v.Weight), jnum(v.Coef), jnum(v.T), v.Years})
		}
		return o
	}
	out.Variables, out.Dropped = vars(p.Variables), vars(p.Dropped)
	for _, f := range p.Fit {
		out.Fit = append(out.Fit, jfit{f.K, jnum(f.WithinSS), jnum(f.TotalSS), jnum(f.R2), jnum(f.CalinskiHarabasz)})
	}
	for _, l := range p.LeftOut {
		out.LeftOut = append(out.LeftOut, muniName(l.Municipality)+": "+l.Reason)
	}
	for i, x := range p.Municipalities {
		if m != 0 && x != m {
			continue
		}
		text, err := p.Explain(x, muniName, lang)
		if err != nil {
			return out, err
		}
		jm := jpeerMun{Municipality: x, Name: muniName(x), Cluster: p.Labels[p.Cluster[i]], Explanation: text}
		for _, n := range p.Neighbours[i] {
			jp := jpeer{Municipality: n.Municipality, Name: muniName(n.Municipality), Distance: jnum(n.Distance)}
			for _, d := range n.Drivers {
				jp.Drivers = append(jp.Drivers, jdriver{d.Variable, jnum(d.Share), jnum(d.Own), jnum(d.Peer)})
			}
			jm.Peers = append(jm.Peers, jp)
		}
		out.Municipalities = append(out.Municipalities, jm)
	}
	return out, nil
}

type jexpRow struct {
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

type expectedOut struct {
	Figure       string    `json:"figure"`
	Group        string    `json:"benefit_group"`
	Period       string    `json:"period"`
	Year         int       `json:"framework_year"`
	Coefficients []jcoef   `json:"coefficients"`
	R2           jnum      `json:"r2"`
	AdjustedR2   jnum      `json:"adjusted_r2"`
	Sigma        jnum      `json:"sigma"`
	N            int       `json:"n"`
	Level        jnum      `json:"level"`
	Rows         []jexpRow `json:"rows"`
	LeftOut      []string  `json:"left_out"`
}

// expectedJSON is an expected level, with every municipality's row or m's alone.
func expectedJSON(e *benchmark.ExpectedLevel, period string, m int) expectedOut {
	j := expectedOut{Figure: e.Figure.ID, Group: groupJSON(e.Group), Period: period, Year: e.Year, R2: jnum(e.R2),
		AdjustedR2: jnum(e.AdjustedR2), Sigma: jnum(e.Sigma), N: e.N, Level: jnum(e.Level), LeftOut: []string{}}
	for _, c := range e.Coefficients {
		j.Coefficients = append(j.Coefficients, jcoef{c.Name, jnum(c.Estimate), jnum(c.StdErr), jnum(c.T)})
	}
	for _, l := range e.LeftOut {
		j.LeftOut = append(j.LeftOut, muniName(l.Municipality)+": "+l.Reason)
	}
	for _, r := range e.Rows {
		if m != 0 && r.Municipality != m {
			continue
		}
		j.Rows = append(j.Rows, jexpRow{r.Municipality, muniName(r.Municipality), jnum(r.Actual), jnum(r.Expected), jnum(r.Lower), jnum(r.Upper), jnum(r.Residual), r.Rank})
	}
	return j
}

type jrankRow struct {
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

type rankOut struct {
	Period  string     `json:"period"`
	Group   string     `json:"benefit_group"`
	Figures []string   `json:"figures"`
	Rows    []jrankRow `json:"rows"`
}

// rankJSON is a ranking, every municipality or m alone.
func rankJSON(r *benchmark.Ranking, ids []string, period string, m int) rankOut {
	out := rankOut{Period: period, Group: groupJSON(r.Group), Figures: ids, Rows: []jrankRow{}}
	for _, x := range r.Rows {
		if m != 0 && x.Municipality != m {
			continue
		}
		j := jrankRow{Municipality: x.Municipality, Name: muniName(x.Municipality), Cluster: x.Cluster, Values: map[string]any{},
			Ranks: map[string]int{}, ClusterRanks: map[string]int{}, MissingFigure: append([]string{}, x.Missing...)}
		for i, f := range r.Figures {
			j.Values[f.ID], j.Ranks[f.ID], j.ClusterRanks[f.ID] = jnum(x.Values[i]), x.Ranks[i], x.ClusterRanks[i]
		}
		j.Overall = jnum(math.NaN())
		if x.OverallRank > 0 {
			j.Overall = jnum(x.Overall)
		}
		j.OverallRank, j.ClusterRank, j.PreviousRank, j.Change = x.OverallRank, x.ClusterOverallRank, x.PreviousOverallRank, x.Change
		out.Rows = append(out.Rows, j)
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

type learnOut struct {
	Municipality int      `json:"municipality"`
	Name         string   `json:"name"`
	Period       string   `json:"period"`
	Peers        []string `json:"peers"`
	Cells        []jcell  `json:"cells"`
	OwnModels    []jmodel `json:"own_models"`
	Summary      string   `json:"summary"`
}

func muniNames(ms []int) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, muniName(m))
	}
	return out
}

// learnJSON is a cross-group learning.
func learnJSON(l *benchmark.Learning, period, lang string) learnOut {
	js := learnOut{Municipality: l.Municipality, Name: muniName(l.Municipality), Period: period, Peers: muniNames(l.Peers), OwnModels: []jmodel{}}
	for _, c := range l.Cells {
		js.Cells = append(js.Cells, jcell{string(c.Group), c.Figure, jnum(c.Value), jnum(c.Persons), jnum(c.PeerMean), jnum(c.Country), jnum(c.Score), c.Verdict, muniNames(c.Excel)})
	}
	for _, o := range l.OwnModels {
		var gs []string
		for _, g := range o.For {
			gs = append(gs, string(g))
		}
		js.OwnModels = append(js.OwnModels, jmodel{o.Figure, string(o.From), gs})
	}
	js.Summary = l.Summary(lang, muniName)
	return js
}

type jcmpRow struct {
	Group      string `json:"benefit_group"`
	Figure     string `json:"figure"`
	Value      jnum   `json:"value"`
	Reference  jnum   `json:"reference"`
	Difference jnum   `json:"difference"`
	Better     string `json:"better"`
}

type compareOut struct {
	Municipality int       `json:"municipality"`
	Name         string    `json:"name"`
	Period       string    `json:"period"`
	Reference    string    `json:"reference"`
	Members      []string  `json:"reference_members"`
	Rows         []jcmpRow `json:"rows"`
}

// refName is how a comparison names its reference: the municipality, or peers,
// cluster, country.
func refName(r benchmark.Reference) string {
	if r.Kind == benchmark.RefMunicipality {
		return muniName(r.Municipality)
	}
	return r.Kind
}

// compareJSON is a comparison with a reference.
func compareJSON(c *benchmark.Comparison, period string) compareOut {
	var members []string
	for _, m := range c.Members {
		members = append(members, muniName(m))
	}
	js := compareOut{c.Municipality, muniName(c.Municipality), period, refName(c.Reference), append([]string{}, members...), []jcmpRow{}}
	for _, x := range c.Rows {
		js.Rows = append(js.Rows, jcmpRow{groupJSON(x.Group), x.Figure, jnum(x.Value), jnum(x.Reference), jnum(x.Difference), x.Better})
	}
	return js
}
