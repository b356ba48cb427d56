package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
)

// tableNames are the Danish names of the data tables on the start page.
var tableNames = map[string]string{
	"benefit_spells":     "Ydelsesforløb",
	"activation_spells":  "Aktiveringsforløb (tilbud)",
	"employment_spells":  "Beskæftigelsesforløb",
	"companies":          "Virksomheder",
	"municipality_facts": "Kommunale nøgletal og rammevilkår",
	"expenditure":        "Udgifter (budget og regnskab)",
}

var funcs = template.FuncMap{
	"tableName": func(s string) string {
		if n, ok := tableNames[s]; ok {
			return n
		}
		return s
	},
	"number":      formatNumberDA,
	"navEmployer": navEmployer,
	"dateDA": func(d pejling.Date) string {
		if d == 0 {
			return "–"
		}
		return d.Time().Format("02-01-2006")
	},
}

// formatNumberDA writes an integer the Danish way: 1.234.567.
func formatNumberDA(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	st, err := s.Status.Status(r.Context())
	if err != nil {
		s.writeError(w, r, fmt.Errorf("home: %w", err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := s.tmpl.ExecuteTemplate(w, "home.html", st); err != nil {
		s.Logger.Error("render home", "err", err)
	}
}

func (s *Server) handleAPIStatus(w http.ResponseWriter, r *http.Request) {
	st, err := s.Status.Status(r.Context())
	if err != nil {
		s.writeError(w, r, fmt.Errorf("api status: %w", err))
		return
	}
	type table struct {
		Table string `json:"table"`
		Rows  int64  `json:"rows"`
	}
	out := struct {
		AsOf    *string `json:"as_of"`
		Name    string  `json:"name"`
		Tables  []table `json:"tables"`
		Imports int     `json:"imports"`
	}{Name: st.Name, Imports: len(st.Imports)}
	if st.AsOf != 0 {
		a := st.AsOf.String()
		out.AsOf = &a
	}
	for _, t := range st.Tables {
		out.Tables = append(out.Tables, table{t.Table, t.Rows})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(out)
}
