package web

// The messages shared by the pages of the employer service (issue 8): the sub-menu
// every page of the part shows (see the pages' templates).
func init() {
	addMessages(map[string][2]string{
		"emp.nav.companies": {"Virksomheder", "Companies"},
		"emp.nav.orders":    {"Jobordrer", "Job orders"},
		"emp.nav.slots":     {"Jobbørs", "Placement bank"},
		"emp.nav.profiles":  {"Profiler og match", "Profiles and matching"},
		"emp.nav.progress":  {"Progression", "Progression"},
	})
}
