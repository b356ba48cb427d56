package demodata

// The word lists company names are built from. Surnames and given names are common in
// Denmark (Statistics Denmark's name statistics list them among the most frequent);
// the industries are DB07 codes (Danmarks Branchekode 2007, six digits).

var surnames = []string{
	"Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
	"Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
	"Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen",
	"Laursen", "Østergaard", "Lund", "Holm", "Schmidt", "Bech", "Dahl", "Kjær", "Bak", "Vestergaard",
	"Nørgaard", "Lauridsen", "Iversen", "Søndergaard", "Bruun", "Friis", "Ahmed", "Yilmaz", "Nowak",
	"Thygesen", "Fischer", "Bonde", "Skov", "Brandt", "Krogh", "Thorsen", "Lindholm", "Aagaard",
}

var givenNames = []string{
	"Lars", "Søren", "Mads", "Jens", "Anders", "Niels", "Henrik", "Thomas", "Peter", "Morten",
	"Mette", "Anne", "Hanne", "Susanne", "Lene", "Camilla", "Louise", "Ida", "Karen", "Birgitte",
	"Ali", "Mehmet", "Fatima", "Piotr", "Agnieszka", "Ole", "Bjørn", "Jørgen", "Rasmus", "Kasper",
	"Frederik", "Sofie", "Maja", "Jonas", "Klaus", "Hans", "Ulla", "Tove", "Rune", "Brian",
}

// trades are the private industries: the word used in a name, a noun for the business
// and the DB07 code.
var trades = []struct {
	word, noun string
	industry   int32
}{
	{"Tømrer", "Tømrerforretning", 433200},
	{"VVS", "VVS-service", 432200},
	{"El", "El-installation", 432100},
	{"Maler", "Malerfirma", 433400},
	{"Murer", "Murerforretning", 439900},
	{"Byg", "Byggefirma", 412000},
	{"Entreprenør", "Entreprenørforretning", 429900},
	{"Auto", "Autoværksted", 452010},
	{"Transport", "Vognmandsforretning", 494100},
	{"Logistik", "Lager", 522900},
	{"Bageri", "Bageri", 107120},
	{"Slagter", "Slagterforretning", 472200},
	{"Købmand", "Købmandsgård", 471130},
	{"Supermarked", "Dagligvarer", 471110},
	{"Rengøring", "Rengøringsservice", 812100},
	{"Ejendomsservice", "Ejendomsservice", 811000},
	{"Anlægsgartner", "Havecenter", 813000},
	{"Landbrug", "Landbrug", 14100},
	{"Gartneri", "Gartneri", 11300},
	{"Maskinfabrik", "Maskinfabrik", 289900},
	{"Smedie", "Smedie", 251100},
	{"Møbelsnedkeri", "Møbelsnedkeri", 310900},
	{"Trælast", "Trælast", 467300},
	{"Revision", "Revisionskontor", 692000},
	{"IT", "IT-rådgivning", 620100},
	{"Rådgivning", "Konsulentfirma", 702200},
	{"Restaurant", "Restaurant", 561010},
	{"Pizza", "Pizzeria", 561020},
	{"Café", "Café", 561010},
	{"Hotel", "Kro", 551000},
	{"Frisør", "Frisørsalon", 960210},
	{"Blomster", "Blomsterhandel", 477610},
	{"Tandklinik", "Tandklinik", 862300},
	{"Fysioterapi", "Fysioterapi", 869000},
	{"Dyreklinik", "Dyreklinik", 750000},
	{"Cykler", "Cykelforretning", 476400},
	{"Tøj", "Tøjbutik", 477100},
	{"Plast", "Plastfabrik", 222900},
}

// publicUnits are public workplaces (løntilskud offentlig hosts) with their DB07 code;
// a name is the municipality's name, the unit and a place name.
var publicUnits = []struct {
	name     string
	industry int32
}{
	{"Plejecenter", 871000},
	{"Hjemmeplejen", 881000},
	{"Børnehuset", 889100},
	{"Dagtilbud", 889100},
	{"Skolen ved", 852010},
	{"Vej og Park", 841100},
	{"Materielgården", 841100},
	{"Biblioteket", 910110},
	{"Genbrugspladsen", 381100},
	{"Idrætscenter", 931100},
	{"Bostedet", 873000},
	{"Tandplejen", 862300},
	{"Hospital", 861000},
}

var placeNames = []string{
	"Solgården", "Egely", "Søndervang", "Bakkehuset", "Lindely", "Æblehaven", "Møllen", "Skovbrynet",
	"Fjordblik", "Engen", "Åparken", "Kastanjen", "Hjørnet", "Strandvejen", "Bøgely", "Nordlyset",
}

// regionAdjectives are the regional adjectives firms name themselves by, per region code.
var regionAdjectives = map[int][]string{
	1081: {"Nordjysk", "Vendsyssel", "Himmerlands"},
	1082: {"Midtjysk", "Østjysk", "Vestjysk"},
	1083: {"Fynsk", "Sønderjysk", "Sydjysk", "Vestjysk"},
	1084: {"Nordsjællands", "Københavns", "Storkøbenhavns"},
	1085: {"Sjællands", "Midtsjællands", "Sydsjællands"},
}
