package web

// The messages of an order's requirements and candidates (issue 8), Danish and English.
func init() {
	addMessages(map[string][2]string{
		"ord.event.edited":      {"Krav ændret", "Requirements changed"},
		"ord.req.title":         {"Hvad ordren kræver", "What the order asks"},
		"ord.req.hint":          {"Bruges til matchning mod borgernes jobprofiler. En ordre matches, når den har en stillingsbetegnelse (DISCO-08) og et sted.", "Used to match the order against citizens' job profiles. An order is matched when it has an occupation (DISCO-08) and a place."},
		"ord.req.occupation":    {"Stilling (DISCO-08)", "Occupation (DISCO-08)"},
		"ord.req.skills":        {"Kompetencer", "Skills"},
		"ord.req.education":     {"Mindste uddannelse", "Minimum education"},
		"ord.req.licence":       {"Kørekort påkrævet", "Driving licence required"},
		"ord.req.address":       {"Adresse", "Address"},
		"ord.req.place":         {"Sted (bredde, længde)", "Place (latitude, longitude)"},
		"ord.req.hours_min":     {"Timer pr. uge, mindst", "Hours per week, least"},
		"ord.req.hours_max":     {"Timer pr. uge, højst", "Hours per week, most"},
		"ord.req.hours":         {"Timer pr. uge", "Hours per week"},
		"ord.req.note":          {"Bemærkning til historikken", "Note for the history"},
		"ord.req.edit":          {"Ret kravene", "Edit the requirements"},
		"ord.req.save":          {"Gem kravene", "Save the requirements"},
		"ord.req.skillshint":    {"Adskil med komma.", "Separate with commas."},
		"ord.req.notmatch":      {"Ordren matches ikke endnu: angiv stilling og sted.", "The order is not matched yet: give an occupation and a place."},
		"ord.cand.title":        {"Kandidater til ordren", "Candidates for the order"},
		"ord.cand.link":         {"Find de bedste kandidater", "Find the best candidates"},
		"ord.cand.hint":         {"De borgere, hvis jobprofiler passer bedst til ordren, blandt", "The citizens whose job profiles fit the order best, among"},
		"ord.cand.back":         {"Tilbage til ordren", "Back to the order"},
		"prof.ordermatches":     {"Jobordrer der passer bedst", "Job orders that fit best"},
		"prof.ordermatcheshint": {"Kommunens åbne jobordrer med stilling og sted, rangeret efter profilen; i alt", "The municipality's open job orders with an occupation and a place, ranked for the profile; in all"},
		"prof.ordersranked":     {"ordrer vurderet", "orders ranked"},
		"prof.order":            {"Ordre", "Order"},
		"prof.noordermatches":   {"Ingen åben ordre passer til profilen.", "No open order fits the profile."},
	})
}

func init() {
	addMessages(map[string][2]string{
		"ord.soon":             {"Frister der nærmer sig", "Deadlines coming soon"},
		"ord.soon.none":        {"Ingen åben ordre har en frist, der nærmer sig.", "No open order has a deadline coming soon."},
		"ord.soon.what":        {"Frist", "Deadline of"},
		"ord.soon.left":        {"Tilbage", "Left"},
		"ord.soon.untouched":   {"lukning eller fornyelse (%d urørte dage)", "closing or renewal (%d untouched days)"},
		"ord.soon.hint":        {"Et servicemål varsles, når der er en fjerdedel af dets tid tilbage (mindst 30 minutter åbningstid); lukkereglen et døgn før.", "A service level warns when a quarter of its span is left (at least 30 opening minutes); the closing rule a day before."},
		"ord.mine.alerts":      {"Dine ordrer: %d med overskredet frist og %d med en frist, der nærmer sig.", "Your orders: %d past a deadline and %d with a deadline coming soon."},
		"ord.policy.title":     {"Servicepolitik for jobordrer", "Service-level policy of job orders"},
		"ord.policy.link":      {"Servicepolitik", "Service-level policy"},
		"ord.policy.custom":    {"Kommunens egen politik, gemt af", "The municipality's own policy, saved by"},
		"ord.policy.default":   {"Standardpolitikken (DOMAIN.md §6): svar inden 24 åbningstimer, en konkret kandidat inden 3 på hotline, lukning eller fornyelse efter 14 urørte dage.", "The default policy (DOMAIN.md §6): an answer within 24 opening hours, a concrete candidate within 3 on the hotline, closed or renewed after 14 untouched days."},
		"ord.policy.levels":    {"Servicemål", "Service levels"},
		"ord.policy.untouched": {"Urørt i dage før lukning eller fornyelse", "Untouched days before closing or renewal"},
		"ord.policy.tz":        {"Tidszone", "Time zone"},
		"ord.policy.recount":   {"Politikken gælder alle kommunens ordrer, også de lukkede: en ændret politik tæller servicemålene om, også bagudrettet.", "The policy counts every order of the municipality, the closed ones too: a changed policy recounts the service levels, also of the past."},
		"ord.policy.edit":      {"Ret politikken", "Edit the policy"},
		"ord.policy.edithint":  {"Politikfilen er JSON (docs/employer.md: åbningstider, lukkedage, servicemål, urørte dage). Den kontrolleres, før den gemmes; en afvist fil ændrer intet. Højst", "The policy file is JSON (docs/employer.md: opening hours, closed days, service levels, untouched days). It is checked before it is saved; a refused file changes nothing. At most"},
		"ord.policy.save":      {"Gem politikken", "Save the policy"},
		"ord.policy.reset":     {"Brug standardpolitikken", "Use the default policy"},
		"ord.policy.saved":     {"Politikken er gemt og gælder nu.", "The policy is saved and now in force."},
		"ord.policy.wasreset":  {"Standardpolitikken gælder igen.", "The default policy is in force again."},
		"ord.policy.file":      {"Politikfilen", "The policy file"},
	})
}
