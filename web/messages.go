package web

import "github.com/pejling/pejling/locale"

// messages are the words of the pages in Danish and English, by key. A key missing in
// the table is shown as itself, and TestMessagesComplete finds it.
var messages = map[string][2]string{
	"app.tagline":         {"Styring og benchmarking af beskæftigelsesindsatsen", "Steering and benchmarking of the employment effort"},
	"nav.municipalities":  {"Kommuner", "Municipalities"},
	"nav.status":          {"Data", "Data"},
	"lang.switch":         {"English", "Dansk"},
	"muni.title":          {"Kommuner", "Municipalities"},
	"muni.choose":         {"Vælg en kommune for at se dens nøgletal mod sammenlignelige kommuner.", "Choose a municipality to see its key figures against comparable municipalities."},
	"dash.period":         {"Periode", "Period"},
	"dash.group":          {"Ydelsesgruppe", "Benefit group"},
	"dash.show":           {"Vis", "Show"},
	"dash.figures":        {"Nøgletal", "Key figures"},
	"dash.figure":         {"Nøgletal", "Figure"},
	"dash.value":          {"Kommunen", "Municipality"},
	"dash.peers":          {"Sammenlignelige", "Peers"},
	"dash.cluster":        {"Klynge", "Cluster"},
	"dash.country":        {"Hele landet", "Country"},
	"dash.rank":           {"Placering", "Rank"},
	"dash.change":         {"Ændring", "Change"},
	"dash.of":             {"af", "of"},
	"dash.trend":          {"Udvikling", "Trend"},
	"dash.whypeers":       {"Hvorfor disse kommuner?", "Why these municipalities?"},
	"dash.overall":        {"Samlet placering", "Overall rank"},
	"dash.overallnote":    {"gennemsnit af placeringerne på", "mean of the ranks on"},
	"dash.nodata":         {"Ingen nøgletal for denne periode.", "No key figures for this period."},
	"dash.better":         {"bedre end de sammenlignelige", "better than the peers"},
	"dash.worse":          {"dårligere end de sammenlignelige", "worse than the peers"},
	"dash.formula":        {"Sådan er tallet beregnet", "How the figure is computed"},
	"dash.empty":          {"tomt: ingen data eller nævner 0", "empty: no data or a zero denominator"},
	"dash.click":          {"klik på et nøgletal for at se, hvordan det er beregnet", "click a figure to see how it is computed"},
	"dash.higher":         {"højere er bedre", "higher is better"},
	"dash.lower":          {"lavere er bedre", "lower is better"},
	"nav.persons":         {"Borgere", "Citizens"},
	"nav.employer":        {"Virksomhedsservice", "Employer service"},
	"nav.audit":           {"Log", "Audit log"},
	"nav.survival":        {"Forløb", "Durations"},
	"nav.import":          {"Indlæs data", "Import data"},
	"nav.signout":         {"Log ud", "Sign out"},
	"signin.title":        {"Log ind", "Sign in"},
	"signin.name":         {"Brugernavn", "User name"},
	"signin.password":     {"Adgangskode", "Password"},
	"signin.submit":       {"Log ind", "Sign in"},
	"signin.hint":         {"Adgang gives af kommunens administrator. Brugere, der kan se personoplysninger, skal også bruge en kode fra en autentificeringsapp.", "Access is given by the municipality's administrator. Users who can see personal data also need a code from an authenticator app."},
	"signin.missing":      {"Skriv brugernavn og adgangskode.", "Enter your user name and password."},
	"signin.wrong":        {"Forkert brugernavn eller adgangskode.", "Wrong user name or password."},
	"signin.throttled":    {"For mange forsøg.", "Too many attempts."},
	"signin.waitfor":      {"Prøv igen om", "Try again in"},
	"code.title":          {"Kode fra autentificeringsapp", "Code from your authenticator app"},
	"code.ask":            {"Skriv den sekscifrede kode, som din autentificeringsapp viser nu.", "Enter the six-digit code your authenticator app shows now."},
	"code.enrol":          {"Din rolle kan se personoplysninger, så du skal bruge to-faktor-login. Tilføj denne nøgle i en autentificeringsapp (fx Microsoft Authenticator eller Google Authenticator, \"indtast nøgle\", tidsbaseret), og skriv derefter den kode, appen viser.", "Your role can see personal data, so you sign in with two factors. Add this key to an authenticator app (e.g. Microsoft or Google Authenticator, \"enter a setup key\", time-based), then enter the code the app shows."},
	"code.account":        {"Konto", "Account"},
	"code.link":           {"Åbn i app (på denne enhed)", "Open in an app (on this device)"},
	"code.code":           {"Kode", "Code"},
	"code.submit":         {"Bekræft", "Confirm"},
	"code.cancel":         {"Afbryd og log ud", "Cancel and sign out"},
	"code.wrong":          {"Koden passer ikke (eller er brugt før). Vent på den næste kode, og prøv igen.", "The code does not match (or was used before). Wait for the next code and try again."},
	"persons.title":       {"Borgere", "Citizens"},
	"persons.intro":       {"Søg blandt kommunens borgere på offentlig forsørgelse. Hver søgning og hvert opslag logges med formål.", "Search the municipality's citizens on public support. Every search and look-up is logged with its purpose."},
	"persons.id":          {"Person-id", "Person id"},
	"persons.on":          {"På ydelse den", "On benefit on"},
	"persons.search":      {"Søg", "Search"},
	"persons.hits":        {"Fundne borgere", "Citizens found"},
	"persons.none":        {"Ingen borgere matcher.", "No citizen matches."},
	"persons.logged":      {"Opslaget er logget.", "This look-up is logged."},
	"person.title":        {"Borger", "Citizen"},
	"person.purpose":      {"Formål", "Purpose"},
	"person.purposehint":  {"fx sagsnummer eller opgave", "e.g. case number or task"},
	"person.whyask":       {"Angiv formålet med opslaget. Det logges sammen med opslaget.", "Give the purpose of the look-up. It is logged with the look-up."},
	"person.show":         {"Vis", "Show"},
	"person.needpurpose":  {"Angiv et formål for at søge.", "Give a purpose to search."},
	"person.badpurpose":   {"Formålet skal være 3–200 tegn.", "The purpose must be 3–200 characters."},
	"person.benefit":      {"Ydelsesforløb i kommunen", "Benefit spells in the municipality"},
	"person.activation":   {"Tilbud i kommunen", "Activation in the municipality"},
	"person.employment":   {"Beskæftigelse", "Employment"},
	"person.start":        {"Start", "Start"},
	"person.end":          {"Slut", "End"},
	"person.fraction":     {"Andel", "Share"},
	"person.type":         {"Tilbudstype", "Type"},
	"audit.title":         {"Log over personopslag", "Audit log of personal data"},
	"audit.intro":         {"Hver læsning, søgning, ændring, eksport og sletning af personoplysninger, nyeste først. Posterne slettes automatisk efter opbevaringsperioden.", "Every read, search, change, export and deletion of personal data, newest first. Records are deleted automatically after the retention period."},
	"audit.user":          {"Bruger", "User"},
	"audit.person":        {"Person-id", "Person id"},
	"audit.action":        {"Handling", "Action"},
	"audit.anyaction":     {"Alle handlinger", "Every action"},
	"audit.from":          {"Fra", "From"},
	"audit.to":            {"Til og med", "To (inclusive)"},
	"audit.time":          {"Tid (UTC)", "Time (UTC)"},
	"audit.municipality":  {"Kommune", "Municipality"},
	"audit.criteria":      {"Søgekriterier", "Criteria"},
	"audit.page":          {"Side", "Page"},
	"audit.none":          {"Ingen poster.", "No records."},
	"audit.national":      {"Landsdækkende", "National"},
	"audit.truncated":     {"Kun de nyeste 10.000 poster vises. Indsnævr filteret.", "Only the newest 10,000 records are shown. Narrow the filter."},
	"audit.action.read":   {"læst", "read"},
	"audit.action.search": {"søgning", "search"},
	"audit.action.change": {"ændret", "change"},
	"audit.action.export": {"eksport", "export"},
	"audit.action.delete": {"slettet", "deletion"},
	"citizen.title":       {"Borgerens log", "A citizen's log"},
	"citizen.intro":       {"Til en borgers indsigtsanmodning: datoer og formål for opslag i borgerens oplysninger (uden medarbejdernavne).", "For a citizen's request of access: the dates and purposes of look-ups of the citizen's data (without staff names)."},
	"citizen.date":        {"Dato", "Date"},
	"citizen.action":      {"Handling", "Action"},
	"citizen.purpose":     {"Formål", "Purpose"},
	"export.download":     {"Hent", "Download"},
}

// addMessages adds the messages of one part of the app (kept in that part's file) to the
// table; a key defined twice is a programming error, found at start.
func addMessages(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("web: message key defined twice: " + k)
		}
		messages[k] = v
	}
}

// message returns the text of key in lang.
func message(l locale.Lang, key string) string {
	t, ok := messages[key]
	if !ok {
		return key
	}
	return l.Pick(t[0], t[1])
}
