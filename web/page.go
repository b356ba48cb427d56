package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/locale"
)

//go:embed static
var staticFS embed.FS

// langCookie holds the language a user chose; without it the browser's
// Accept-Language decides, and Danish is the default.
const langCookie = "pejling_lang"

// page is what every page template gets: the language, the title and the path.
type page struct {
	Lang  locale.Lang
	Title string
	Path  string        // of the request, for the language switch to come back to
	User  *pejling.User // signed in; nil on the public pages
}

// CanPersons reports whether the menu shows the citizen pages.
func (p page) CanPersons() bool {
	return p.User != nil && !p.User.National() && p.User.CanReadPerson(p.User.Municipality)
}

// CanImport reports whether the menu shows the import page.
func (p page) CanImport() bool { return p.User != nil && p.User.CanImport() }

// IsAdmin reports whether the menu shows the audit log.
func (p page) IsAdmin() bool { return p.User != nil && p.User.CanManageUsers() }

// T is the text of a message key in the page's language.
func (p page) T(key string) string { return message(p.Lang, key) }

// OtherLang is the language the switch offers.
func (p page) OtherLang() locale.Lang {
	if p.Lang == locale.English {
		return locale.Danish
	}
	return locale.English
}

// newPage starts the page data of a request.
func newPage(r *http.Request, title string) page {
	choice := ""
	if c, err := r.Cookie(langCookie); err == nil {
		choice = c.Value
	}
	p := page{Lang: locale.Negotiate(choice, r.Header.Get("Accept-Language")), Path: r.URL.RequestURI()}
	p.Title = p.T(title)
	if id := who(r); id != nil {
		p.User = id.User
	}
	return p
}

// partials are the templates every page is parsed with: the layout and the sub-menus.
var partials = []string{"templates/layout.html", "templates/employer_nav.html"}

// pageTemplates parses each page template of templates/ together with the partials, so
// that every page can define its own "content"; parsed once at start (STYLE.md).
func pageTemplates(funcs template.FuncMap, names ...string) (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, n := range names {
		t, err := template.New(n).Funcs(funcs).ParseFS(templateFS, append(partials, "templates/"+n+".html")...)
		if err != nil {
			return nil, err
		}
		out[n] = t
	}
	return out, nil
}

// render writes a page; a template error is an internal error, and nothing half-written
// reaches the browser.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, data any) {
	s.renderStatus(w, r, name, data, http.StatusOK)
}

// renderStatus writes a page with the status code (a form shown again with a problem).
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, name string, data any, status int) {
	var b bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&b, "layout", data); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// handleStatic serves the embedded stylesheet and images.
func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	return http.StripPrefix("/static/", http.FileServerFS(sub))
}

// handleLanguage stores the chosen language in a cookie and goes back to the page it
// came from — only to a path of this site, never to another host.
func (s *Server) handleLanguage(w http.ResponseWriter, r *http.Request) {
	l, ok := locale.Parse(r.FormValue("lang"))
	if !ok {
		http.Error(w, "unknown language", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil})
	next := r.FormValue("next")
	if u, err := url.Parse(next); err != nil || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || u.Host != "" || u.Scheme != "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// pageRoutes is the route table of the pages: the core pages here, and each larger
// part of the app in a table of its own file (benchmarkPageRoutes, …), joined in
// routes.go.
var corePageRoutes = []route{
	{Route{Pattern: "GET /static/", Access: Public}, func(*Server) http.HandlerFunc { return staticHandler().ServeHTTP }},
	{Route{Pattern: "POST /sprog", Access: Public}, func(s *Server) http.HandlerFunc { return s.handleLanguage }},
	{Route{Pattern: "GET /logind", Access: Public}, func(s *Server) http.HandlerFunc { return s.handleSigninForm }},
	{Route{Pattern: "POST /logind", Access: Public}, func(s *Server) http.HandlerFunc { return s.handleSignin }},
	{Route{Pattern: "GET /logind/kode", Access: Public}, func(s *Server) http.HandlerFunc { return s.handleCodeForm }},
	{Route{Pattern: "POST /logind/kode", Access: Public}, func(s *Server) http.HandlerFunc { return s.handleCode }},
	{Route{Pattern: "POST /logud", Access: Public}, func(s *Server) http.HandlerFunc { return s.handleSignout }},
	{Route{Pattern: "GET /{$}", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.handleHome }},
	{Route{Pattern: "GET /kommuner", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.handleMunicipalities }},
	{Route{Pattern: "GET /kommuner/{code}", Access: SignedIn}, func(s *Server) http.HandlerFunc { return s.needsBench(s.handleDashboard) }},
	{Route{Pattern: "GET /borgere", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handlePersonSearch }},
	{Route{Pattern: "GET /borgere/{id}", Access: PersonData}, func(s *Server) http.HandlerFunc { return s.handlePerson }},
	{Route{Pattern: "GET /admin/log", Access: Admin}, func(s *Server) http.HandlerFunc { return s.handleAuditLog }},
	{Route{Pattern: "GET /admin/log/borger", Access: Admin}, func(s *Server) http.HandlerFunc { return s.handleCitizenLog }},
}

// routePages parses the page templates and adds the pages to the mux.
func (s *Server) routePages() error {
	// Every template but the layout (and the status page, which stands alone) is a page.
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	var pageNames []string
	for _, n := range names {
		n = strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if n != "layout" && n != "home" && !slices.Contains(partials, "templates/"+n+".html") {
			pageNames = append(pageNames, n)
		}
	}
	pages, err := pageTemplates(funcs, pageNames...)
	if err != nil {
		return err
	}
	s.pages = pages
	s.handle(pageRoutes)
	return nil
}

// needsBench answers 404 on a page that needs key figures when the server has no store
// of them.
func (s *Server) needsBench(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Bench == nil {
			s.writeError(w, r, pejling.Errorf(pejling.ENOTFOUND, "no key figures are served here"))
			return
		}
		h(w, r)
	}
}
