package web

import (
	"net/url"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
)

func init() { addMessages(economicsMessages) }

// economicsMessages are the words of the economics pages.
var economicsMessages = map[string][2]string{
	"nav.economics":            {"Økonomi", "Economics"},
	"econ.bc.title":            {"Business case", "Business case"},
	"econ.bc.intro":            {"Hvad sparer en investering i beskæftigelsesindsatsen? Udfyld antagelserne, eller hent en gemt business case. Beløb er kroner om året, varigheder uger, andele procent.", "What does an investment in the employment effort save? Fill in the assumptions or load a saved business case. Amounts are kroner a year, durations weeks, shares per cent."},
	"econ.bc.example":          {"Eksemplet er Hillerød Kommunes offentliggjorte business case om straksaktivering af unge.", "The example is Hillerød Municipality's published business case on immediate activation of young people."},
	"econ.bc.assumptions":      {"Antagelser", "Assumptions"},
	"econ.bc.compute":          {"Beregn", "Compute"},
	"econ.bc.upload":           {"Hent en gemt business case (JSON)", "Load a saved business case (JSON)"},
	"econ.bc.uploadbtn":        {"Indlæs", "Load"},
	"econ.bc.save":             {"Gem som JSON", "Save as JSON"},
	"econ.bc.link":             {"Link til denne business case", "Link to this business case"},
	"econ.bc.problem":          {"Business casen kan ikke beregnes", "The business case cannot be computed"},
	"econ.bc.result":           {"Resultat", "Result"},
	"econ.bc.npv":              {"Nutidsværdi (NPV)", "Net present value (NPV)"},
	"econ.bc.payback":          {"Tilbagebetalingstid", "Payback time"},
	"econ.bc.breakeven":        {"Break-even: mindste reduktion af varigheden", "Break-even: the smallest cut in duration"},
	"econ.bc.cut":              {"Antaget reduktion", "Assumed cut"},
	"econ.bc.share":            {"Kommunens andel efter refusion", "Municipal share after reimbursement"},
	"econ.bc.years":            {"Besparelse pr. år", "Savings per year"},
	"econ.bc.year":             {"År", "Year"},
	"econ.bc.rampup":           {"Indfasning", "Ramp-up"},
	"econ.bc.persons":          {"Helårspersoner sparet", "Full-time persons saved"},
	"econ.bc.gross":            {"Bruttobesparelse", "Gross saving"},
	"econ.bc.net":              {"Nettobesparelse", "Net saving"},
	"econ.bc.operating":        {"Nettodriftsudgift", "Net operating cost"},
	"econ.bc.netresult":        {"Nettoresultat", "Net result"},
	"econ.bc.cumulative":       {"Akkumuleret", "Cumulative"},
	"econ.bc.chart":            {"Besparelse over tid", "Savings over time"},
	"econ.bc.sensitivity":      {"Følsomhed: nutidsværdi ved ændret effekt og driftsudgift", "Sensitivity: net present value with changed effect and operating cost"},
	"econ.bc.sensnote":         {"Rækker: den antagne reduktion af varigheden ganget med 50–150 %. Kolonner: driftsudgiften ganget med 50–150 %. Rød er tab, grøn gevinst; den indrammede celle er de antagne værdier.", "Rows: the assumed cut in duration times 50–150 %. Columns: the operating cost times 50–150 %. Red is a loss, green a gain; the framed cell is the assumed values."},
	"econ.bc.chartnote":        {"Mio. kr. pr. år; den akkumulerede linje summerer nettoresultatet (besparelse minus drift).", "DKK million a year; the cumulative line adds up the net result (saving less operating cost)."},
	"econ.bc.tobudget":         {"Læg på budgettet", "Add to budget"},
	"econ.budget.title":        {"Flerårigt budget", "Multi-year budget"},
	"econ.budget.intro":        {"Grundbudget for en ydelsesgruppe: helårspersoner, tilgang, afgang og udgift for de afsluttede kalenderår i nøgletallene og en prognose for 1–4 år. Prognosen følger kommunens andel af landets niveau; båndet er 10.–90. percentil af fejlene i back-testen på Danmarks Statistiks AUK01 (se docs/economics.md). Udgiften er prissat med standardsatserne.", "Base budget of a benefit group: full-time persons, inflow, outflow and cost for the key figures' completed calendar years and a forecast of 1–4 years. The forecast follows the municipality's share of the national level; the band is the 10th–90th percentile of the errors in the back-test on Statistics Denmark's AUK01 (see docs/economics.md). Costs use the default rates."},
	"econ.budget.municipality": {"Kommune", "Municipality"},
	"econ.budget.years":        {"Prognoseår", "Forecast years"},
	"econ.budget.fan":          {"Udgift: historik og prognose", "Cost: history and forecast"},
	"econ.budget.fannote":      {"Mio. kr. pr. år. Det skraverede bånd er 10–90 %-intervallet for prognosen.", "DKK million a year. The shaded band is the forecast's 10–90 % interval."},
	"econ.budget.table":        {"Budget pr. år", "Budget per year"},
	"econ.budget.stock":        {"Helårspersoner", "Full-time persons"},
	"econ.budget.band":         {"10–90 %", "10–90 %"},
	"econ.budget.inflow":       {"Tilgang", "Inflow"},
	"econ.budget.outflow":      {"Afgang", "Outflow"},
	"econ.budget.cost":         {"Udgift, mio. kr.", "Cost, DKK million"},
	"econ.budget.costband":     {"Udgift 10–90 %", "Cost 10–90 %"},
	"econ.budget.bt":           {"Hvor godt rammer prognosen?", "How good is the forecast?"},
	"econ.budget.btintro":      {"Back-test på Danmarks Statistiks AUK01 (nettoledige kontanthjælpsmodtagere, 98 kommuner): for hvert år t i %s er hver kommune fremskrevet 1–4 år med data til og med t og sammenlignet med det faktiske niveau. Tallene er medianen over kommuner af den gennemsnitlige absolutte procentfejl (MAPE); lavest er bedst og står med fed. Metoden blev valgt på årene 2011–2017 efter en regel fastlagt på forhånd (docs/economics.md).", "Back-test on Statistics Denmark's AUK01 (net unemployed social assistance recipients, 98 municipalities): for every year t in %s each municipality was forecast 1–4 years ahead from data up to t and compared with the actual level. The figures are the median over municipalities of the mean absolute percentage error (MAPE); lowest is best and in bold. The method was chosen on the years 2011–2017 by a rule fixed in advance (docs/economics.md)."},
	"econ.budget.btmethod":     {"Metode", "Method"},
	"econ.budget.bth":          {"%d år frem", "%d years ahead"},
	"econ.budget.bth1":         {"1 år frem", "1 year ahead"},
	"econ.budget.btnote":       {"Median-MAPE i %. Båndet i figuren ovenfor er 10.–90. percentil af prognosens relative fejl i samme back-test (alle år 2011–2024).", "Median MAPE in %. The band in the chart above is the 10th–90th percentile of the forecast's relative errors in the same back-test (all years 2011–2024)."},
	"econ.budget.inv":          {"Investeringer oven på grundbudgettet", "Investments on top of the base budget"},
	"econ.budget.invintro":     {"Business cases for ydelsesgruppen lagt oven på prognosen med deres egne antagelser: sparede helårspersoner, sparet ydelsesudgift (brutto, casens årlige ydelse) og driftsudgiften efter refusion. Grundbudgettet ændres ikke.", "Business cases of the benefit group laid on the forecast with their own assumptions: full-time persons saved, benefit cost saved (gross, at the case's yearly benefit cost) and the operating cost net of reimbursement. The base budget is not changed."},
	"econ.budget.invnone":      {"Ingen business case lagt på. Læg en på fra business case-siden (»Læg på budgettet«).", "No business case laid on. Add one from the business case page (\"Add to budget\")."},
	"econ.budget.invcase":      {"Business case", "Business case"},
	"econ.budget.invfirst":     {"År 1", "Year 1"},
	"econ.budget.invopen":      {"Åbn", "Open"},
	"econ.budget.invremove":    {"Fjern", "Remove"},
	"econ.budget.invbase":      {"Grundbudget, helårspersoner", "Base budget, full-time persons"},
	"econ.budget.invsaved":     {"Sparede helårspersoner", "Full-time persons saved"},
	"econ.budget.invstock":     {"Med investeringer, helårspersoner", "With investments, full-time persons"},
	"econ.budget.invbasecost":  {"Grundbudget, mio. kr.", "Base budget, DKK million"},
	"econ.budget.invcostsaved": {"Sparet ydelse, mio. kr.", "Benefit saved, DKK million"},
	"econ.budget.invoper":      {"Drift efter refusion, mio. kr.", "Operating cost net, DKK million"},
	"econ.budget.invcost":      {"Med investeringer, mio. kr.", "With investments, DKK million"},
	"econ.budget.invexceed":    {"Business casene sparer flere helårspersoner, end prognosen har i gruppen: tjek casens årlige tilgang mod kommunens tal.", "The business cases save more full-time persons than the forecast holds in the group: check the case's yearly inflow against the municipality's figures."},
	"econ.bc.kr":               {"kr.", "DKK"},
	"econ.f.name":              {"Navn", "Name"},
	"econ.f.group":             {"Ydelsesgruppe", "Benefit group"},
	"econ.f.firstyear":         {"Første år", "First year"},
	"econ.f.inflow":            {"Tilgang pr. år", "Yearly inflow"},
	"econ.f.before":            {"Varighed før", "Duration before"},
	"econ.f.after":             {"Varighed efter", "Duration after"},
	"econ.f.cost":              {"Ydelse pr. helårsperson", "Benefit per full-time person"},
	"econ.f.share":             {"Kommunens andel", "Municipal share"},
	"econ.f.stairs":            {"Beregn andelen af refusionstrappen", "Compute the share from the staircase"},
	"econ.f.salary":            {"Løn", "Salary"},
	"econ.f.salaryre":          {"Refusion af løn", "Salary reimbursement"},
	"econ.f.other":             {"Andre udgifter", "Other costs"},
	"econ.f.otherre":           {"Refusion af andre udgifter", "Reimbursement of other costs"},
	"econ.f.rampup":            {"Indfasning år 1, 2, …", "Ramp-up year 1, 2, …"},
	"econ.f.rampuphint":        {"procent af fuld effekt, adskilt af komma; senere år 100", "per cent of full effect, separated by commas; later years 100"},
	"econ.f.horizon":           {"Horisont", "Horizon"},
	"econ.f.discount":          {"Diskonteringsrente", "Discount rate"},
	"econ.f.notes":             {"Noter", "Notes"},
	"econ.f.persons":           {"personer", "persons"},
	"econ.f.weeks":             {"uger", "weeks"},
	"econ.f.years":             {"år", "years"},
	"econ.f.krperyear":         {"kr./år", "DKK/year"},
	"econ.f.stairshint":        {"80 % uge 1–4, 40 % uge 5–26, 30 % uge 27–52, 20 % derefter", "80 % weeks 1–4, 40 % weeks 5–26, 30 % weeks 27–52, 20 % after"},
	"econ.bc.operatingsec":     {"Indsatsens driftsudgift pr. år", "The intervention's operating cost a year"},
}

// bcFormFields are the form's inputs filled with the values v; the field named
// problemField carries the problem.
func bcFormFields(l locale.Lang, v url.Values, problemField, problem string) []bcField {
	field := func(name, label, unit, kind string) bcField {
		f := bcField{Name: name, Label: message(l, label), Unit: unit, Kind: kind, Value: v.Get(name)}
		if name == problemField {
			f.Problem = strings.TrimPrefix(problem, "business case: ")
		}
		return f
	}
	unit := func(key string) string { return message(l, key) }
	group := field(bcGroup, "econ.f.group", "", "select")
	for _, g := range pejling.BenefitGroups {
		group.Options = append(group.Options, option{string(g), string(g) + " · " + l.Group(g), string(g) == group.Value})
	}
	stairs := field(bcStairs, "econ.f.stairs", "", "checkbox")
	stairs.Checked, stairs.Hint = v.Get(bcStairs) != "", unit("econ.f.stairshint")
	ramp := field(bcRampUp, "econ.f.rampup", "%", "text")
	ramp.Hint = unit("econ.f.rampuphint")
	out := []bcField{
		field(bcName, "econ.f.name", "", "text"), group,
		field(bcFirstYear, "econ.f.firstyear", "", "number"),
		field(bcInflow, "econ.f.inflow", unit("econ.f.persons"), "number"),
		field(bcBefore, "econ.f.before", unit("econ.f.weeks"), "number"),
		field(bcAfter, "econ.f.after", unit("econ.f.weeks"), "number"),
		field(bcCost, "econ.f.cost", unit("econ.f.krperyear"), "number"),
		field(bcShare, "econ.f.share", "%", "number"), stairs,
		field(bcSalary, "econ.f.salary", unit("econ.f.krperyear"), "number"),
		field(bcSalaryRe, "econ.f.salaryre", "%", "number"),
		field(bcOther, "econ.f.other", unit("econ.f.krperyear"), "number"),
		field(bcOtherRe, "econ.f.otherre", "%", "number"),
		ramp,
		field(bcHorizon, "econ.f.horizon", unit("econ.f.years"), "number"),
		field(bcDiscount, "econ.f.discount", "%", "number"),
		field(bcNotes, "econ.f.notes", "", "textarea"),
	}
	// Carried from an uploaded document; the form has no inputs of its own for them.
	for _, k := range []string{bcMatchGroup, bcAction, bcStaircase} {
		if v.Get(k) != "" || k == problemField {
			out = append(out, field(k, "", "", "hidden"))
		}
	}
	return out
}
