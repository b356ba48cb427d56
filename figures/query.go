package figures

import (
	"slices"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/dk"
)

// Query asks for key figures in the long form of DOMAIN.md §9: the periods to give
// and which rows of them. It is what pejling figures and GET /api/v1/figures share;
// ParseRange, SplitPeriods and ParseSelection build it from their text.
type Query struct {
	Periods []Period
	Selection
	// Recompute computes from the spells even when the stored figure set holds
	// every period.
	Recompute bool
}

// Selection picks rows by municipality, benefit group and figure id; an empty list
// picks every one.
type Selection struct {
	Municipalities []int                  // 0 is `all`, the whole country
	Groups         []pejling.BenefitGroup // "" is `all`, the total over the groups
	Figures        []string
}

// Match reports whether s picks r.
func (s Selection) Match(r Row) bool {
	return (len(s.Municipalities) == 0 || slices.Contains(s.Municipalities, r.Municipality)) &&
		(len(s.Groups) == 0 || slices.Contains(s.Groups, r.Group)) &&
		(len(s.Figures) == 0 || slices.Contains(s.Figures, r.Figure))
}

// MaxRows is the most rows a query of s over periods periods can give: every
// municipality (98 and the country), every group (and the total) and every figure
// when a list is empty. Callers that must bound their answer check it before computing.
func (s Selection) MaxRows(periods int) int {
	n := func(l, all int) int {
		if l == 0 {
			return all
		}
		return l
	}
	return periods * n(len(s.Municipalities), len(dk.Municipalities())+1) *
		n(len(s.Groups), len(pejling.BenefitGroups)+1) * n(len(s.Figures), len(Figures))
}

// ParseRange reads the first and last day of a range from the parameters named
// fromName and toName (as the caller's user knows them: "--from", "from") and refuses
// a range that ends before it starts.
func ParseRange(fromName, from, toName, to string) (first, last pejling.Date, err error) {
	if first, err = pejling.ParseDate(from); err != nil {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "%s: %v", fromName, err)
	}
	if last, err = pejling.ParseDate(to); err != nil {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "%s: %v", toName, err)
	}
	if last < first {
		return 0, 0, pejling.Errorf(pejling.EINVALID, "%s %s is before %s %s", toName, last, fromName, first)
	}
	return first, last, nil
}

// SplitPeriods turns [first, last] and every — month, quarter, week (ISO), year or
// several comma-separated; empty for the one period [first, last] — into periods, in
// the order asked, each once. everyName names the parameter in errors. A max above 0
// refuses more than max periods before building them all.
func SplitPeriods(first, last pejling.Date, everyName, every string, max int) ([]Period, error) {
	if every == "" {
		return []Period{{First: first, Last: last}}, nil
	}
	var periods []Period
	seen := map[Period]bool{}
	for _, kind := range strings.Split(every, ",") {
		var ps []Period
		kind = strings.TrimSpace(kind)
		if max > 0 {
			// A rough count first, so that a range of centuries in weeks is refused
			// without listing them.
			if n, ok := roughCount[kind]; ok && int(last-first+1)/n > 2*max+2 {
				return nil, pejling.Errorf(pejling.EINVALID, "%s %q over %s … %s gives more than %d periods", everyName, kind, first, last, max)
			}
		}
		switch kind {
		case "month":
			ps = Months(first, last)
		case "quarter":
			ps = Quarters(first, last)
		case "week":
			ps = ISOWeeks(first, last)
		case "year":
			ps = Years(first, last)
		default:
			return nil, pejling.Errorf(pejling.EINVALID, "%s %q: give month, quarter, week or year", everyName, kind)
		}
		if len(ps) == 0 {
			return nil, pejling.Errorf(pejling.EINVALID, "no whole %s lies inside %s … %s", kind, first, last)
		}
		for _, p := range ps {
			if !seen[p] { // "month,month" asks once
				seen[p] = true
				periods = append(periods, p)
			}
		}
		if max > 0 && len(periods) > max {
			return nil, pejling.Errorf(pejling.EINVALID, "%s %q over %s … %s gives %d periods or more; at most %d are allowed", everyName, every, first, last, len(periods), max)
		}
	}
	return periods, nil
}

// roughCount is the fewest days of a period of each kind.
var roughCount = map[string]int{"month": 28, "quarter": 90, "week": 7, "year": 365}

// ParseSelection reads comma-separated lists of municipalities (codes or names, as
// dk.LookupMunicipality), benefit groups and figure ids, each also `all`; the names
// of the three parameters go into errors.
func ParseSelection(muniName, munis, groupName, groups, figureName, figs string) (Selection, error) {
	var s Selection
	split := func(s string) []string {
		var out []string
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	for _, m := range split(munis) {
		code := 0
		if !strings.EqualFold(m, "all") {
			var ok bool
			if code, ok = dk.LookupMunicipality(m); !ok {
				return s, pejling.Errorf(pejling.EINVALID, "%s %q: unknown municipality", muniName, m)
			}
		}
		if !slices.Contains(s.Municipalities, code) {
			s.Municipalities = append(s.Municipalities, code)
		}
	}
	for _, g := range split(groups) {
		var bg pejling.BenefitGroup
		if !strings.EqualFold(g, "all") {
			if bg = pejling.BenefitGroup(strings.ToUpper(g)); !bg.Valid() {
				return s, pejling.Errorf(pejling.EINVALID, "%s %q: unknown benefit group", groupName, g)
			}
		}
		if !slices.Contains(s.Groups, bg) {
			s.Groups = append(s.Groups, bg)
		}
	}
	for _, f := range split(figs) {
		if !slices.Contains(Figures, f) {
			return s, pejling.Errorf(pejling.EINVALID, "%s %q: unknown figure (known: %s)", figureName, f, strings.Join(Figures, ", "))
		}
		if !slices.Contains(s.Figures, f) {
			s.Figures = append(s.Figures, f)
		}
	}
	return s, nil
}
