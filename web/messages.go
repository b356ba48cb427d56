package web

import "github.com/pejling/pejling/locale"

// messages are the words of the pages in Danish and English, by key. A key missing in
// the table is shown as itself, and TestMessagesComplete finds it.
var messages = map[string][2]string{
	"app.tagline":        {"Styring og benchmarking af beskæftigelsesindsatsen", "Steering and benchmarking of the employment effort"},
	"nav.municipalities": {"Kommuner", "Municipalities"},
	"nav.status":         {"Data", "Data"},
	"lang.switch":        {"English", "Dansk"},
	"muni.title":         {"Kommuner", "Municipalities"},
	"muni.choose":        {"Vælg en kommune for at se dens nøgletal mod sammenlignelige kommuner.", "Choose a municipality to see its key figures against comparable municipalities."},
	"dash.period":        {"Periode", "Period"},
	"dash.group":         {"Ydelsesgruppe", "Benefit group"},
	"dash.show":          {"Vis", "Show"},
	"dash.figures":       {"Nøgletal", "Key figures"},
	"dash.figure":        {"Nøgletal", "Figure"},
	"dash.value":         {"Kommunen", "Municipality"},
	"dash.peers":         {"Sammenlignelige", "Peers"},
	"dash.cluster":       {"Klynge", "Cluster"},
	"dash.country":       {"Hele landet", "Country"},
	"dash.rank":          {"Placering", "Rank"},
	"dash.change":        {"Ændring", "Change"},
	"dash.of":            {"af", "of"},
	"dash.trend":         {"Udvikling", "Trend"},
	"dash.whypeers":      {"Hvorfor disse kommuner?", "Why these municipalities?"},
	"dash.overall":       {"Samlet placering", "Overall rank"},
	"dash.overallnote":   {"gennemsnit af placeringerne på", "mean of the ranks on"},
	"dash.nodata":        {"Ingen nøgletal for denne periode.", "No key figures for this period."},
	"dash.better":        {"bedre end de sammenlignelige", "better than the peers"},
	"dash.worse":         {"dårligere end de sammenlignelige", "worse than the peers"},
	"dash.formula":       {"Sådan er tallet beregnet", "How the figure is computed"},
	"dash.empty":         {"tomt: ingen data eller nævner 0", "empty: no data or a zero denominator"},
	"dash.higher":        {"højere er bedre", "higher is better"},
	"dash.lower":         {"lavere er bedre", "lower is better"},
}

// message returns the text of key in lang.
func message(l locale.Lang, key string) string {
	t, ok := messages[key]
	if !ok {
		return key
	}
	return l.Pick(t[0], t[1])
}
