package web

// The messages of an order's requirements and candidates (issue 8), Danish and English.
func init() {
	addMessages(map[string][2]string{
		"ord.event.edited":   {"Krav ændret", "Requirements changed"},
		"ord.req.title":      {"Hvad ordren kræver", "What the order asks"},
		"ord.req.hint":       {"Bruges til matchning mod borgernes jobprofiler. En ordre matches, når den har en stillingsbetegnelse (DISCO-08) og et sted.", "Used to match the order against citizens' job profiles. An order is matched when it has an occupation (DISCO-08) and a place."},
		"ord.req.occupation": {"Stilling (DISCO-08)", "Occupation (DISCO-08)"},
		"ord.req.skills":     {"Kompetencer", "Skills"},
		"ord.req.education":  {"Mindste uddannelse", "Minimum education"},
		"ord.req.licence":    {"Kørekort påkrævet", "Driving licence required"},
		"ord.req.address":    {"Adresse", "Address"},
		"ord.req.place":      {"Sted (bredde, længde)", "Place (latitude, longitude)"},
		"ord.req.hours_min":  {"Timer pr. uge, mindst", "Hours per week, least"},
		"ord.req.hours_max":  {"Timer pr. uge, højst", "Hours per week, most"},
		"ord.req.hours":      {"Timer pr. uge", "Hours per week"},
		"ord.req.note":       {"Bemærkning til historikken", "Note for the history"},
		"ord.req.edit":       {"Ret kravene", "Edit the requirements"},
		"ord.req.save":       {"Gem kravene", "Save the requirements"},
		"ord.req.skillshint": {"Adskil med komma.", "Separate with commas."},
		"ord.req.notmatch":   {"Ordren matches ikke endnu: angiv stilling og sted.", "The order is not matched yet: give an occupation and a place."},
		"ord.cand.title":     {"Kandidater til ordren", "Candidates for the order"},
		"ord.cand.link":      {"Find de bedste kandidater", "Find the best candidates"},
		"ord.cand.hint":      {"De borgere, hvis jobprofiler passer bedst til ordren, blandt", "The citizens whose job profiles fit the order best, among"},
		"ord.cand.back":      {"Tilbage til ordren", "Back to the order"},
	})
}
