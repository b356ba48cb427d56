package locale

import "github.com/pejling/pejling"

// text is a name in Danish and English.
type text struct{ da, en string }

func (t text) in(l Lang) string { return l.Pick(t.da, t.en) }

// figureNames are the figures of DOMAIN.md §9 by their Danish and English names (§3).
var figureNames = map[string]text{
	"full_time_persons":                {"fuldtidspersoner", "full-time persons"},
	"persons_affected":                 {"berørte personer", "persons affected"},
	"full_time_activated":              {"fuldtidsaktiverede", "full-time activated"},
	"activation_rate":                  {"aktiveringsgrad", "activation rate"},
	"coverage_rate":                    {"dækningsgrad", "coverage rate"},
	"placements_started":               {"påbegyndte virksomhedsplaceringer", "company placements started"},
	"placements_started_praktik":       {"påbegyndte virksomhedspraktikker", "work trials (praktik) started"},
	"placements_started_lts_privat":    {"påbegyndte private løntilskud", "private wage subsidies started"},
	"placements_started_lts_offentlig": {"påbegyndte offentlige løntilskud", "public wage subsidies started"},
	"placements_per_person_affected":   {"virksomhedsplaceringer pr. berørt person", "company placements per person affected"},
	"placement_share_of_activation":    {"virksomhedsplaceringers andel af aktiveringen", "company placements' share of activation"},
	"cooperation_rate":                 {"samarbejdsgrad", "cooperation rate"},
	"public_support_rate":              {"offentlig forsørgelsesgrad", "public support rate"},
	"outflow":                          {"afgang til selvforsørgelse", "outflow to self-support"},
	"outflow_pending":                  {"afgang endnu uafklaret", "outflow not yet known"},
	"turnover_speed":                   {"omsætningshastighed", "turnover speed"},
	"avg_duration_days":                {"gennemsnitlig varighed (dage)", "average duration (days)"},
	"self_support_rate_6m":             {"selvforsørgelsesgrad 6 mdr. efter aktivering", "self-support rate 6 months after activation"},
	"employment_rate_6m":               {"beskæftigelsesgrad 6 mdr. efter aktivering", "employment rate 6 months after activation"},
}

// Figure names a figure id; the id itself when unknown.
func (l Lang) Figure(id string) string {
	if t, ok := figureNames[id]; ok {
		return t.in(l)
	}
	return id
}

// groupNames are the benefit groups of DOMAIN.md §2.
var groupNames = map[pejling.BenefitGroup]text{
	pejling.DGP:   {"a-dagpenge", "unemployment insurance (a-dagpenge)"},
	pejling.AMY:   {"arbejdsmarkedsydelse", "labour market benefit"},
	pejling.KTH:   {"kontanthjælp", "social assistance (kontanthjælp)"},
	pejling.UDH:   {"uddannelseshjælp", "education assistance"},
	pejling.IYD:   {"integrationsydelse", "integration benefit"},
	pejling.SDP:   {"sygedagpenge", "sickness benefit"},
	pejling.JAF:   {"jobafklaringsforløb", "job clarification"},
	pejling.RES:   {"ressourceforløb", "resource programme"},
	pejling.LED:   {"ledighedsydelse", "flex-job waiting benefit"},
	pejling.FLX:   {"fleksjob", "flex job"},
	pejling.REVA:  {"revalidering", "rehabilitation"},
	pejling.FREVA: {"forrevalidering", "pre-rehabilitation"},
	pejling.FTP:   {"førtidspension", "disability pension"},
	pejling.SUY:   {"SU-relateret forsørgelse", "SU-related support"},
}

// Group names a benefit group; "" is every group.
func (l Lang) Group(g pejling.BenefitGroup) string {
	if g == "" {
		return l.Pick("alle ydelsesgrupper", "all benefit groups")
	}
	if t, ok := groupNames[g]; ok {
		return t.in(l)
	}
	return string(g)
}

// percentFigures are the figures that are fractions, shown as percentages.
var percentFigures = map[string]bool{
	"activation_rate": true, "coverage_rate": true, "placement_share_of_activation": true,
	"cooperation_rate": true, "public_support_rate": true, "self_support_rate_6m": true,
	"employment_rate_6m": true,
}

// FigureValue writes a value of a figure for people: fractions as percentages with one
// decimal, full-time persons with one decimal, rates per person with two, days and
// other counts whole; "–" for an empty value (NaN).
func (l Lang) FigureValue(id string, v float64) string {
	switch {
	case percentFigures[id]:
		return l.Percent(v, 1)
	case id == "turnover_speed" || id == "placements_per_person_affected":
		return l.Number(v, 2)
	case id == "full_time_persons" || id == "full_time_activated":
		return l.Number(v, 1)
	}
	return l.Number(v, 0)
}
