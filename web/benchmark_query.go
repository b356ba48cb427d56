package web

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/dk"
	"github.com/pejling/pejling/figures"
)

// benchQuery is what a benchmark page or API request asks for. Every parameter is
// checked before anything is computed; a problem is an EINVALID error naming it.
type benchQuery struct {
	municipality int            // 0 when not given
	period       figures.Period // the zero Period: the default period
	group        pejling.BenefitGroup
	figure       string // "" when not given
	design       string // a peer method; benchmark.MethodIAB when not given
	reference    string // "" when not given: the nearest peer
	refMuni      int    // the reference when it is a municipality
	lang         string // of the API's texts: "en" (as the CLI) or "da"
	format       string // a page's download format; "" is the page
	table        string // which table of a page to download
}

// The peer methods a request may choose, as pejling benchmark --method offers them.
var benchDesigns = []string{benchmark.MethodIAB, benchmark.MethodKMeans, benchmark.MethodWard, benchmark.MethodOfficial}

// parseBenchQuery reads the query parameters of a benchmark request: only those in
// allowed, each at most once and at most maxParamBytes long, without control
// characters.
func parseBenchQuery(rawQuery string, allowed []string) (benchQuery, error) {
	q := benchQuery{design: benchmark.MethodIAB, lang: "en"}
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return q, pejling.Errorf(pejling.EINVALID, "query string: %s", pejling.Clip(err.Error()))
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(allowed, name) {
			return q, pejling.Errorf(pejling.EINVALID, "unknown parameter %q (known: %s)", pejling.Clip(name), strings.Join(allowed, ", "))
		}
		if len(values[name]) > 1 {
			return q, pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once", name, len(values[name]))
		}
		v := values[name][0]
		if len(v) > maxParamBytes {
			return q, pejling.Errorf(pejling.EINVALID, "%s: %d bytes long; at most %d are allowed", name, len(v), maxParamBytes)
		}
		if strings.ContainsFunc(v, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return q, pejling.Errorf(pejling.EINVALID, "%s: contains a control character", name)
		}
	}
	get := values.Get
	if v := get("municipality"); v != "" {
		if q.municipality, err = lookupMunicipality("municipality", v); err != nil {
			return q, err
		}
	}
	if v := get("period"); v != "" {
		if q.period, err = figures.ParsePeriod(v); err != nil {
			return q, pejling.Errorf(pejling.EINVALID, "period: %s", pejling.ErrorMessage(err))
		}
	}
	if v := get("group"); v != "" && !strings.EqualFold(v, "all") {
		q.group = pejling.BenefitGroup(strings.ToUpper(v))
		if !q.group.Valid() {
			return q, pejling.Errorf(pejling.EINVALID, "group %q: unknown benefit group (give all or one of %s)", pejling.Clip(v), groupList())
		}
	}
	if v := get("figure"); v != "" {
		f, err := benchmark.Figure(v)
		if err != nil {
			return q, pejling.Errorf(pejling.EINVALID, "figure %q: not a comparable figure (give one of %s)", pejling.Clip(v), strings.Join(benchmark.ComparableFigures(), ", "))
		}
		if f.AllGroupsOnly && q.group != "" {
			return q, pejling.Errorf(pejling.EINVALID, "figure %s exists for group all only, not for %s", v, q.group)
		}
		q.figure = v
	}
	if v := get("design"); v != "" {
		if !slices.Contains(benchDesigns, v) {
			return q, pejling.Errorf(pejling.EINVALID, "design %q: give %s", pejling.Clip(v), strings.Join(benchDesigns, ", "))
		}
		q.design = v
	}
	if v := get("reference"); v != "" {
		switch k := strings.ToLower(v); k {
		case benchmark.RefPeers, benchmark.RefCluster, benchmark.RefCountry:
			q.reference = k
		default:
			if q.refMuni, err = lookupMunicipality("reference", v); err != nil {
				return q, pejling.Errorf(pejling.EINVALID, "reference %q: give peers, cluster, country or a municipality", pejling.Clip(v))
			}
			q.reference = benchmark.RefMunicipality
		}
	}
	if v := get("lang"); v != "" {
		if v != "en" && v != "da" {
			return q, pejling.Errorf(pejling.EINVALID, "lang %q: give en or da", pejling.Clip(v))
		}
		q.lang = v
	}
	if v := get("table"); v != "" {
		q.table = v // checked against the page's tables
	}
	if slices.Contains(allowed, "format") {
		switch f := get("format"); f {
		case "", "html":
		case formatCSV, formatCSVDa, formatXLSX:
			q.format = f
		default:
			return q, pejling.Errorf(pejling.EINVALID, "format %q: use csv, csv-da or xlsx", pejling.Clip(f))
		}
	}
	return q, nil
}

// lookupMunicipality resolves a municipality by code or name, as the CLI does.
func lookupMunicipality(param, v string) (int, error) {
	code, ok := dk.LookupMunicipality(v)
	if !ok {
		return 0, pejling.Errorf(pejling.EINVALID, "%s %q: unknown municipality (give its code or name)", param, pejling.Clip(v))
	}
	return code, nil
}

func groupList() string {
	var gs []string
	for _, g := range pejling.BenefitGroups {
		gs = append(gs, string(g))
	}
	return strings.Join(gs, ", ")
}

// muniName is a municipality's Danish name, "all" for 0 and the code when unknown: as
// pejling benchmark names them.
func muniName(m int) string {
	if m == 0 {
		return "all"
	}
	if mu, ok := dk.MunicipalityByCode(m); ok {
		return mu.Name
	}
	return strconv.Itoa(m)
}

// benchLoad returns the cached benchmark of the query's period, and checks that the
// municipality (when given) has key figures in it.
func (s *Server) benchLoad(ctx context.Context, q benchQuery) (*benchEntry, error) {
	e, err := s.benchmarkOf(ctx, q.period)
	if err != nil {
		if pejling.ErrorCode(err) == pejling.EINVALID {
			return nil, pejling.Errorf(pejling.EINVALID, "period: %s", pejling.ErrorMessage(err))
		}
		return nil, err
	}
	if q.municipality != 0 && !slices.Contains(e.data.Municipalities, q.municipality) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "municipality %s: no key figures for it in %s", muniName(q.municipality), e.data.Period.Label())
	}
	if q.refMuni != 0 && !slices.Contains(e.data.Municipalities, q.refMuni) {
		return nil, pejling.Errorf(pejling.ENOTFOUND, "reference %s: no key figures for it in %s", muniName(q.refMuni), e.data.Period.Label())
	}
	return e, nil
}

// peersBy forms the peer grouping of a design over the entry's data: the cached one for
// the default (iab), and with the CLI's defaults for the others.
func peersBy(e *benchEntry, design string) (*benchmark.Peers, error) {
	if design == "" || design == benchmark.MethodIAB {
		return e.peers, nil
	}
	o := benchmark.PeerOptions{Method: design, Year: e.data.Period.First.Year(), Seed: benchmark.DefaultSeed}
	if design == benchmark.MethodOfficial {
		o.Official = map[int]string{}
		for _, m := range dk.Municipalities() {
			o.Official[m.Code] = m.Group
		}
	}
	return benchmark.NewPeers(e.data.Framework, e.data.Municipalities, o)
}

// nearestPeer is the municipality's nearest peer, 0 without one.
func nearestPeer(p *benchmark.Peers, m int) int {
	if ns, ok := p.Of(m); ok && len(ns) > 0 {
		return ns[0].Municipality
	}
	return 0
}

// defaultFigure is the figure a view shows when none is chosen: the headline figure of
// group all, the activation rate of a benefit group (as the dashboard's trend).
func defaultFigure(g pejling.BenefitGroup) string {
	if g == "" {
		return figures.PublicSupportRate
	}
	return figures.ActivationRate
}
