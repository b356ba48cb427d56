package web

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/chart"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/locale"
)

// BenchmarkStore is what the municipality pages read (sqldb.DB implements it).
type BenchmarkStore interface {
	benchmark.Store
	// FigureSetID changes with every new figure set: the key of the page cache.
	FigureSetID(ctx context.Context) (int64, error)
	// FigureSeries is one figure of one group for some municipalities and periods.
	FigureSeries(ctx context.Context, munis []int, g pejling.BenefitGroup, figure string, periods []figures.Period) ([]figures.Row, error)
}

// benchCache keeps the benchmark of a period of the current figure set: loading it and
// forming the peers is the costly part of a page, and it is the same for every
// municipality and every user until the next import.
type benchCache struct {
	loading sync.Mutex // one load at a time: the requests that miss together wait for it
	mu      sync.Mutex
	setID   int64
	entries map[figures.Period]*benchEntry
}

type benchEntry struct {
	data  *benchmark.Data
	peers *benchmark.Peers
}

// benchmarkOf returns the data and peers of period p (the zero Period: the default).
func (s *Server) benchmarkOf(ctx context.Context, p figures.Period) (*benchEntry, error) {
	id, err := s.Bench.FigureSetID(ctx)
	if err != nil {
		if pejling.ErrorCode(err) == pejling.ENOTFOUND {
			return nil, pejling.Errorf(pejling.ENOTFOUND, "no key figures are loaded yet")
		}
		return nil, err
	}
	c := &s.cache
	c.mu.Lock()
	if c.setID != id {
		c.setID, c.entries = id, map[figures.Period]*benchEntry{}
	}
	e := c.entries[p]
	c.mu.Unlock()
	if e != nil {
		return e, nil
	}
	c.loading.Lock()
	defer c.loading.Unlock()
	c.mu.Lock()
	if c.setID == id {
		e = c.entries[p]
	}
	c.mu.Unlock()
	if e != nil {
		return e, nil // loaded by the request this one waited for
	}
	d, err := benchmark.Load(ctx, s.Bench, p)
	if err != nil {
		return nil, err
	}
	o := benchmark.PeerOptions{Year: d.Period.First.Year(), TargetName: figures.PublicSupportRate, Target: map[int]float64{}}
	for _, m := range d.Municipalities {
		if v, ok := d.Current.Get(m, "", figures.PublicSupportRate); ok {
			o.Target[m] = v
		}
	}
	peers, err := benchmark.NewPeers(d.Framework, d.Municipalities, o)
	if err != nil {
		return nil, err
	}
	e = &benchEntry{data: d, peers: peers}
	c.mu.Lock()
	if c.setID == id {
		c.entries[p] = e
		c.entries[d.Period] = e
	}
	c.mu.Unlock()
	return e, nil
}

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// dashRow is one figure of the dashboard table.
type dashRow struct {
	ID, Name                       string
	Value, Peers, Cluster, Country string
	Rank, Of, Change               int
	Verdict                        string // better, worse or "" against the peers
	Direction                      string
	// Formula, Numerator and Denominator explain the figure (dashboard_explain.go).
	Formula, Numerator, Denominator string
	// The values as numbers, for the downloads (NaN: empty).
	v, peers, cluster, country float64
}

type dashboardPage struct {
	page
	Municipality   pejling.Municipality
	PeriodLabel    string
	Periods        []option
	Groups         []option
	Group          string
	Rows           []dashRow
	PeerNames      []string
	ClusterLabel   string
	Explanation    string
	Overall        int
	OverallOf      int
	OverallChange  int
	OverallFigures string
	Trend          template.HTML
	TrendName      string
	Query          template.URL // period and group, for the download links
}

// dashboardTable is the dashboard's table for download: the figure ids and the values
// as numbers (shares as shares), ranks as integers.
func dashboardTable(pg dashboardPage) export.Table {
	t := export.Table{Title: pg.Municipality.Name + " " + pg.PeriodLabel, Columns: []export.Column{
		{Name: "figure"}, {Name: "name"}, {Name: "municipality", Kind: export.Number, Decimals: 4}, {Name: "peers", Kind: export.Number, Decimals: 4},
		{Name: "cluster", Kind: export.Number, Decimals: 4}, {Name: "country", Kind: export.Number, Decimals: 4},
		{Name: "rank", Kind: export.Integer}, {Name: "of", Kind: export.Integer}, {Name: "rank_change", Kind: export.Integer}}}
	for _, r := range pg.Rows {
		var rank, of, change any
		if r.Rank > 0 {
			rank, of, change = r.Rank, r.Of, r.Change
		}
		t.Rows = append(t.Rows, []any{r.ID, r.Name, r.v, r.peers, r.cluster, r.country, rank, of, change})
	}
	return t
}

func (s *Server) handleMunicipalities(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "muni.title")
	type region struct {
		Name  string
		Items []pejling.Municipality
	}
	var regions []region
	for _, m := range dk.Municipalities() {
		if len(regions) == 0 || regions[len(regions)-1].Name != m.Region {
			regions = append(regions, region{Name: m.Region})
		}
		regions[len(regions)-1].Items = append(regions[len(regions)-1].Items, m)
	}
	s.render(w, r, "municipalities", struct {
		page
		Regions []region
	}{p, regions})
}

func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	code, err := strconv.Atoi(r.PathValue("code"))
	mu, ok := dk.MunicipalityByCode(code)
	if err != nil || !ok {
		s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no municipality with code %q", pejling.Clip(r.PathValue("code"))))
		return
	}
	q := r.URL.Query()
	var want figures.Period
	if v := q.Get("period"); v != "" {
		if want, err = figures.ParsePeriod(v); err != nil {
			s.writeError(w, r, err)
			return
		}
	}
	var g pejling.BenefitGroup
	if v := q.Get("group"); v != "" && !strings.EqualFold(v, "all") {
		g = pejling.BenefitGroup(strings.ToUpper(v))
		if !g.Valid() {
			s.writeError(w, r, pejling.Errorf(pejling.EINVALID, "group %q: unknown benefit group", pejling.Clip(v)))
			return
		}
	}
	e, err := s.benchmarkOf(r.Context(), want)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	pg := dashboardPage{page: newPage(r, "dash.figures"), Municipality: mu, PeriodLabel: e.data.Period.Label(), Group: groupValue(g)}
	pg.Title = mu.Name
	l := pg.Lang
	for i := len(e.data.Held) - 1; i >= 0; i-- {
		h := e.data.Held[i]
		if h.Last <= e.data.AsOf {
			pg.Periods = append(pg.Periods, option{h.Label(), h.Label(), h == e.data.Period})
		}
	}
	pg.Groups = append(pg.Groups, option{"all", l.Group(""), g == ""})
	for _, bg := range pejling.BenefitGroups {
		pg.Groups = append(pg.Groups, option{string(bg), l.Group(bg), bg == g})
	}
	format, err := wantsDownload(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.fillDashboard(r.Context(), &pg, e, code, g); err != nil {
		s.writeError(w, r, err)
		return
	}
	if format != "" {
		s.writeTable(w, r, dashboardTable(pg), "pejling-"+mu.Name+"-"+pg.PeriodLabel+"-"+pg.Group, format)
		return
	}
	pg.Query = template.URL(url.Values{"period": {pg.PeriodLabel}, "group": {pg.Group}}.Encode())
	s.render(w, r, "dashboard", pg)
}

func groupValue(g pejling.BenefitGroup) string {
	if g == "" {
		return "all"
	}
	return string(g)
}

// fillDashboard computes the table, the peers, the overall rank and the trend.
func (s *Server) fillDashboard(ctx context.Context, pg *dashboardPage, e *benchEntry, m int, g pejling.BenefitGroup) error {
	l, d, peers := pg.Lang, e.data, e.peers
	name := func(c int) string {
		if x, ok := dk.MunicipalityByCode(c); ok {
			return x.Name
		}
		return strconv.Itoa(c)
	}
	var near, cluster []int
	if ns, ok := peers.Of(m); ok {
		for _, n := range ns {
			near = append(near, n.Municipality)
			pg.PeerNames = append(pg.PeerNames, name(n.Municipality))
		}
		cluster = slices.DeleteFunc(peers.ClusterMembers(m), func(x int) bool { return x == m })
		pg.ClusterLabel, _ = peers.ClusterOf(m)
		pg.Explanation, _ = peers.Explain(m, name, string(l))
	}
	mean := func(ms []int, id string) float64 {
		var s float64
		var n int
		for _, x := range ms {
			if v, ok := d.Current.Get(x, g, id); ok {
				s, n = s+v, n+1
			}
		}
		if n == 0 {
			return math.NaN()
		}
		return s / float64(n)
	}
	get := func(v benchmark.Values, x int, id string) float64 {
		if val, ok := v.Get(x, g, id); ok {
			return val
		}
		return math.NaN()
	}
	var ids []string
	for _, id := range benchmark.ComparableFigures() {
		if f, _ := benchmark.Figure(id); g == "" || !f.AllGroupsOnly {
			ids = append(ids, id)
		}
	}
	ranks, err := benchmark.Rank(d.Current, d.Before, d.Municipalities, ids, g, peers)
	if err != nil {
		return err
	}
	var prevRanks *benchmark.Ranking
	if d.Before != nil {
		prevRanks, _ = benchmark.Rank(d.Before, nil, d.Municipalities, ids, g, nil)
	}
	ri := slices.IndexFunc(ranks.Rows, func(x benchmark.RankRow) bool { return x.Municipality == m })
	for i, f := range ranks.Figures {
		v := get(d.Current, m, f.ID)
		row := dashRow{ID: f.ID, Name: l.Figure(f.ID), Value: l.FigureValue(f.ID, v), Peers: l.FigureValue(f.ID, mean(near, f.ID)),
			Cluster: l.FigureValue(f.ID, mean(cluster, f.ID)), Country: l.FigureValue(f.ID, get(d.Current, 0, f.ID)),
			Direction: l.Pick("lavere er bedre", "lower is better")}
		if f.HigherIsBetter {
			row.Direction = l.Pick("højere er bedre", "higher is better")
		}
		if ri >= 0 {
			row.Rank = ranks.Rows[ri].Ranks[i]
			for _, x := range ranks.Rows {
				if x.Ranks[i] > 0 {
					row.Of++
				}
			}
			if prevRanks != nil && row.Rank > 0 && prevRanks.Rows[ri].Ranks[i] > 0 {
				row.Change = prevRanks.Rows[ri].Ranks[i] - row.Rank
			}
		}
		row.v, row.peers, row.cluster, row.country = v, mean(near, f.ID), mean(cluster, f.ID), get(d.Current, 0, f.ID)
		explainRow(l, &row, d.Current, m, g, f.ID)
		if pm := mean(near, f.ID); !math.IsNaN(v) && !math.IsNaN(pm) && v != pm {
			row.Verdict = "worse"
			if (v > pm) == f.HigherIsBetter {
				row.Verdict = "better"
			}
		}
		pg.Rows = append(pg.Rows, row)
	}
	for _, id := range []string{figures.FullTimePersons, figures.PersonsAffected, figures.PlacementsStarted, figures.Outflow} {
		row := dashRow{ID: id, Name: l.Figure(id), Value: l.FigureValue(id, get(d.Current, m, id)),
			Peers: "", Cluster: "", Country: l.FigureValue(id, get(d.Current, 0, id)),
			v: get(d.Current, m, id), peers: math.NaN(), cluster: math.NaN(), country: get(d.Current, 0, id)}
		explainRow(l, &row, d.Current, m, g, id)
		pg.Rows = append(pg.Rows, row)
	}
	if g == "" {
		overall, err := benchmark.Rank(d.Current, d.Before, d.Municipalities, benchmark.DefaultRankFigures, "", peers)
		if err != nil {
			return err
		}
		var names []string
		for _, id := range benchmark.DefaultRankFigures {
			names = append(names, l.Figure(id))
		}
		pg.OverallFigures = strings.Join(names, ", ")
		for _, x := range overall.Rows {
			if x.OverallRank > 0 {
				pg.OverallOf++
			}
			if x.Municipality == m {
				pg.Overall, pg.OverallChange = x.OverallRank, x.Change
			}
		}
	}
	return s.fillTrend(ctx, pg, d, m, g, near)
}

// fillTrend draws the main figure of the group by month over the two years up to the
// period: the municipality, the mean of its peers and the country.
func (s *Server) fillTrend(ctx context.Context, pg *dashboardPage, d *benchmark.Data, m int, g pejling.BenefitGroup, near []int) error {
	id := figures.PublicSupportRate
	if g != "" {
		id = figures.ActivationRate
	}
	var months []figures.Period
	for _, h := range d.Held {
		if h.Last <= d.Period.Last && h.Last <= d.AsOf && h.First.Time().AddDate(0, 1, -1).Equal(h.Last.Time()) {
			months = append(months, h)
		}
	}
	months = months[max(0, len(months)-24):]
	l := pg.Lang
	pg.TrendName = l.Figure(id)
	if len(months) == 0 {
		return nil
	}
	rows, err := s.Bench.FigureSeries(ctx, append([]int{m, 0}, near...), g, id, months)
	if err != nil {
		return err
	}
	idx := map[figures.Period]int{}
	labels := make([]string, len(months))
	for i, p := range months {
		idx[p] = i
		labels[i] = shortMonth(l, p)
	}
	own, country, sum, cnt := nanSlice(len(months)), nanSlice(len(months)), make([]float64, len(months)), make([]int, len(months))
	for _, r := range rows {
		i, ok := idx[r.Period]
		if !ok || !r.Valid {
			continue
		}
		switch {
		case r.Municipality == m:
			own[i] = r.Value
		case r.Municipality == 0:
			country[i] = r.Value
		default:
			sum[i] += r.Value
			cnt[i]++
		}
	}
	peersMean := nanSlice(len(months))
	for i := range sum {
		if cnt[i] > 0 {
			peersMean[i] = sum[i] / float64(cnt[i])
		}
	}
	format := func(v float64) string { return l.FigureValue(id, v) }
	svg := chart.Line{Title: pg.TrendName, Labels: labels, ZeroBased: true, Format: format, Series: []chart.Series{
		{Name: pg.Municipality.Name, Values: own},
		{Name: l.Pick("Sammenlignelige kommuner (gns.)", "Peers (mean)"), Values: peersMean, Dashed: true},
		{Name: l.Pick("Hele landet", "Country"), Values: country, Dashed: true},
	}}.SVG()
	pg.Trend = template.HTML(svg) // chart escapes every text it writes
	return nil
}

func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}

var monthsDA = []string{"jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"}
var monthsEN = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func shortMonth(l locale.Lang, p figures.Period) string {
	t := p.First.Time()
	names := monthsEN
	if l == locale.Danish {
		names = monthsDA
	}
	return names[t.Month()-1] + " " + strconv.Itoa(t.Year()%100 + 100)[1:]
}
