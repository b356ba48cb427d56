package web

import "github.com/pejling/pejling/locale"

// employerNavItem is one entry of the employer service's sub-menu.
type employerNavItem struct {
	Key   string // what a page names as its section
	Href  string
	Label string
}

// employerNavItems are the sections of the employer service, in menu order; a new
// section of issue 8's operational side gets its line here.
var employerNavItems = []employerNavItem{
	{"companies", "/virksomheder", "emp.nav.companies"},
	{"orders", "/ordrer", "emp.nav.orders"},
	{"slots", "/jobboers", "emp.nav.slots"},
	{"profiles", "/profiler", "emp.nav.profiles"},
	{"progression", "/progression", "emp.nav.progress"},
	{"placements", "/placeringer", "emp.nav.placements"},
	{"teams", "/teamtavler", "emp.nav.teams"},
}

// employerNav is the sub-menu the "employernav" template (templates/employer_nav.html)
// draws: every section, in the page's language, with current the one the page is in.
type employerNav struct {
	Lang    locale.Lang
	Current string
	Items   []employerNavItem
}

// T is the text of a message key in the menu's language.
func (n employerNav) T(key string) string { return message(n.Lang, key) }

// navEmployer is the template function that starts the sub-menu of a page.
func navEmployer(lang locale.Lang, current string) employerNav {
	return employerNav{Lang: lang, Current: current, Items: employerNavItems}
}
