package benchmark

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/pejling/pejling/locale"
)

// variableText is how a framework variable is named and its values written, in Danish
// and English.
type variableText struct {
	da, en   string
	decimals int
	unit     string // after the number: "%", "kr.", "km", …
}

var variableTexts = map[string]variableText{
	"unemployment_pct":           {"ledighed", "unemployment", 1, "%"},
	"employees_per_1000":         {"arbejdspladser pr. 1.000 indbyggere", "jobs per 1,000 residents", 0, ""},
	"higher_education_pct":       {"andel med videregående uddannelse", "share with a higher education", 1, "%"},
	"non_danish_origin_pct":      {"andel indvandrere og efterkommere", "share of immigrants and descendants", 1, "%"},
	"disposable_income_dkk":      {"disponibel indkomst pr. person", "disposable income per person", 0, "kr."},
	"age65plus_pct":              {"andel over 65 år", "share aged 65 or over", 1, "%"},
	"owner_occupied_pct":         {"andel ejerboliger", "share of owner-occupied homes", 1, "%"},
	"one_person_households_pct":  {"andel enlige husstande", "share of one-person households", 1, "%"},
	"detached_houses_pct":        {"andel parcelhuse", "share of detached houses", 1, "%"},
	"commute_distance_km":        {"pendlingsafstand", "commuting distance", 1, "km"},
	"population_density":         {"befolkningstæthed", "population density", 0, "pr. km²"},
	"population":                 {"indbyggertal", "population", 0, ""},
	"social_assistance_per_1000": {"kontanthjælpsmodtagere pr. 1.000 indbyggere", "social assistance recipients per 1,000 residents", 1, ""},
}

// figureTexts name the comparable figures in running text, Danish and English.
var figureTexts = map[string][2]string{
	"activation_rate":                {"aktiveringsgraden", "the activation rate"},
	"coverage_rate":                  {"dækningsgraden", "the coverage rate"},
	"placements_per_person_affected": {"virksomhedsplaceringer pr. berørt person", "company placements per person affected"},
	"placement_share_of_activation":  {"virksomhedsplaceringernes andel af aktiveringen", "company placements' share of activation"},
	"cooperation_rate":               {"samarbejdsgraden", "the cooperation rate"},
	"public_support_rate":            {"den offentlige forsørgelsesgrad", "the public support rate"},
	"turnover_speed":                 {"omsætningshastigheden", "the turnover speed"},
	"avg_duration_days":              {"den gennemsnitlige varighed", "the average duration"},
	"self_support_rate_6m":           {"selvforsørgelsesgraden 6 måneder efter", "the self-support rate 6 months after"},
	"employment_rate_6m":             {"beskæftigelsesgraden 6 måneder efter", "the employment rate 6 months after"},
}

// FigureLabel names a figure in running text in lang ("da" or "en"); the id when unknown.
func FigureLabel(id, lang string) string {
	t, ok := figureTexts[id]
	switch {
	case !ok:
		return id
	case lang == "da":
		return t[0]
	}
	return t[1]
}

// VariableLabel names a framework variable in lang ("da" or "en").
func VariableLabel(v, lang string) string {
	t, ok := variableTexts[v]
	if !ok {
		return v
	}
	if lang == "da" {
		return t.da
	}
	return t.en
}

// FormatVariable writes a value of variable v as its readers expect it in lang.
func FormatVariable(v string, x float64, lang string) string {
	t, ok := variableTexts[v]
	if !ok {
		t = variableText{decimals: 2}
	}
	s := FormatNumber(x, t.decimals, lang)
	switch {
	case t.unit == "":
		return s
	case t.unit == "pr. km²" && lang != "da":
		return s + " per km²"
	}
	return s + " " + t.unit
}

// FormatNumber writes x with the given decimals and the marks of lang (locale.Lang).
func FormatNumber(x float64, decimals int, lang string) string {
	return locale.Lang(lang).Number(x, decimals)
}

// list joins names as "a, b and c" (Danish "a, b og c").
func list(names []string, lang string) string {
	and := " and "
	if lang == "da" {
		and = " og "
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + and + names[len(names)-1]
}

func percent(share float64) string { return strconv.Itoa(int(math.Round(share*100))) + " %" }

// Explain says in words a politician understands why municipality m's peers are its
// peers: who they are, which conditions weigh most and why, how m and its peers stand
// on them, what the nearest peer differs in, and which cluster m belongs to. name gives
// a municipality's name; lang is "da" or "en".
func (p *Peers) Explain(m int, name func(int) string, lang string) (string, error) {
	i, ok := p.Index(m)
	if !ok {
		return "", fmt.Errorf("municipality %d is not in the peer grouping", m)
	}
	near := p.Neighbours[i]
	var names []string
	var codes []int
	for _, n := range near {
		names, codes = append(names, name(n.Municipality)), append(codes, n.Municipality)
	}
	top := p.topVariables(3)
	var b strings.Builder
	me := name(m)
	if lang == "da" {
		fmt.Fprintf(&b, "%s ligner mest %s. Blandt de %d kommuner har de de rammevilkår – de forhold jobcentret ikke selv styrer – der ligger tættest på %s.",
			me, list(names, lang), len(p.Municipalities), genitive(me, lang))
	} else {
		fmt.Fprintf(&b, "%s peers are %s: of the %d municipalities, these have the framework conditions – the conditions the job centre does not control – most like %s.",
			genitive(me, lang), list(names, lang), len(p.Municipalities), genitive(me, lang))
	}
	var weights []string
	for _, v := range top {
		weights = append(weights, VariableLabel(v.Name, lang)+" ("+percent(v.Weight)+")")
	}
	switch {
	case p.TargetName != "" && lang == "da":
		fmt.Fprintf(&b, " Vægtigst er %s, fordi de bedst forklarer forskellene i %s mellem kommunerne (forklaret andel %s).", list(weights, lang), FigureLabel(p.TargetName, lang), percent(p.TargetR2))
	case p.TargetName != "":
		fmt.Fprintf(&b, " The conditions that weigh most are %s, because they explain most of the differences in %s between municipalities (%s of it).", list(weights, lang), FigureLabel(p.TargetName, lang), percent(p.TargetR2))
	case lang == "da":
		fmt.Fprintf(&b, " Alle %d forhold vægter lige meget.", len(p.Variables))
	default:
		fmt.Fprintf(&b, " All %d conditions weigh the same.", len(p.Variables))
	}
	var stand []string
	for _, v := range top {
		own, _ := p.Raw(m, v.Name)
		peer, all := p.Average(codes, v.Name), p.Average(p.Municipalities, v.Name)
		if lang == "da" {
			stand = append(stand, fmt.Sprintf("%s %s (naboerne %s, gennemsnitskommunen %s)", VariableLabel(v.Name, lang),
				FormatVariable(v.Name, own, lang), FormatVariable(v.Name, peer, lang), FormatVariable(v.Name, all, lang)))
		} else {
			stand = append(stand, fmt.Sprintf("%s %s (peers %s, the average municipality %s)", VariableLabel(v.Name, lang),
				FormatVariable(v.Name, own, lang), FormatVariable(v.Name, peer, lang), FormatVariable(v.Name, all, lang)))
		}
	}
	fmt.Fprintf(&b, " %s: %s.", me, strings.Join(stand, "; "))
	if len(near) > 0 && len(near[0].Drivers) > 0 && near[0].Distance > 0 {
		d := near[0].Drivers[0]
		if lang == "da" {
			fmt.Fprintf(&b, " Tættest er %s; den største forskel er %s (%s %s, %s %s).", names[0], VariableLabel(d.Variable, lang),
				me, FormatVariable(d.Variable, d.Own, lang), names[0], FormatVariable(d.Variable, d.Peer, lang))
		} else {
			fmt.Fprintf(&b, " The closest is %s; the largest difference to it is in %s (%s %s, %s %s).", names[0], VariableLabel(d.Variable, lang),
				me, FormatVariable(d.Variable, d.Own, lang), names[0], FormatVariable(d.Variable, d.Peer, lang))
		}
	}
	members := p.ClusterMembers(m)
	var others []string
	for _, x := range members {
		if x != m && len(others) < 5 {
			others = append(others, name(x))
		}
	}
	label, _ := p.ClusterOf(m)
	if len(others) > 0 {
		if len(members)-1 > len(others) {
			if lang == "da" {
				others[len(others)-1] += " m.fl."
			} else {
				others[len(others)-1] += " and others"
			}
		}
		if lang == "da" {
			fmt.Fprintf(&b, " %s er i gruppe %s af %d med %d kommuner, bl.a. %s", me, label, len(p.Labels), len(members), strings.Join(others, ", "))
		} else {
			fmt.Fprintf(&b, " %s is in group %s of %d, with %d municipalities, among them %s", me, label, len(p.Labels), len(members), strings.Join(others, ", "))
		}
	}
	if s := b.String(); !strings.HasSuffix(s, ".") {
		b.WriteString(".")
	}
	return b.String(), nil
}

// genitive is "Skives" in Danish, "Skive's" in English ("Ishøj's", "Aarhus'", "Brøndbys").
func genitive(name, lang string) string {
	last := strings.ToLower(name[len(name)-1:])
	switch {
	case last == "s" || last == "x" || last == "z":
		return name + "'"
	case lang == "da":
		return name + "s"
	}
	return name + "'s"
}

// topVariables returns up to n variables of the grouping with the highest weight.
func (p *Peers) topVariables(n int) []Variable {
	vs := append([]Variable(nil), p.Variables...)
	for i := 1; i < len(vs); i++ {
		for j := i; j > 0 && vs[j].Weight > vs[j-1].Weight; j-- {
			vs[j], vs[j-1] = vs[j-1], vs[j]
		}
	}
	return vs[:min(n, len(vs))]
}
