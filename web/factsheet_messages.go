package web

func init() { addMessages(factsheetMessages) }

var factsheetMessages = map[string][2]string{
	"fact.title":                     {"Faktaark", "Fact sheet"},
	"fact.reference":                 {"Referencekommune", "Reference municipality"},
	"fact.asof":                      {"data pr.", "data as of"},
	"fact.peers":                     {"Sammenlignelige kommuner", "Comparable municipalities"},
	"fact.conclusions":               {"Hovedkonklusioner", "Main conclusions"},
	"fact.headline":                  {"Hovedtal", "Headline figures"},
	"fact.rank":                      {"Placering blandt sammenlignelige", "Rank among peers"},
	"fact.peerrank":                  {"Samlet placering blandt kommunen og dens sammenlignelige", "Overall rank among the municipality and its peers"},
	"fact.bygroup":                   {"Virksomhedsplaceringer efter ydelsesgruppe", "Company placements by benefit group"},
	"fact.bytype":                    {"Virksomhedsplaceringer efter type", "Company placements by type"},
	"fact.count":                     {"Antal", "Number"},
	"fact.share":                     {"Andel", "Share"},
	"fact.groups":                    {"Aktivering pr. ydelsesgruppe", "Activation by benefit group"},
	"fact.fulltime":                  {"Fuldtidspersoner", "Full-time persons"},
	"fact.activation":                {"Aktiveringsgrad", "Activation rate"},
	"fact.coverage":                  {"Dækningsgrad", "Coverage rate"},
	"fact.placementshare":            {"Virksomhedsplaceringers andel af aktiveringen", "Placements' share of activation"},
	"fact.back":                      {"Tilbage til nøgletallene", "Back to the key figures"},
	"fact.table.headline":            {"Hovedtal", "Headline figures"},
	"fact.table.placements_by_group": {"Placeringer efter gruppe", "Placements by group"},
	"fact.table.placements_by_type":  {"Placeringer efter type", "Placements by type"},
	"fact.table.groups":              {"Aktivering pr. gruppe", "Activation by group"},
	"fact.foot":                      {"nøgletal beregnet efter DOMAIN.md §8; sammenlignelige kommuner efter rammevilkår", "key figures as DOMAIN.md §8 defines them; peers by framework conditions"},
}
