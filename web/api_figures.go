package web

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// FigureService gives key figures in the long form of DOMAIN.md §9, the same rows in
// the same order as pejling figures (sqldb.DB.Figures is one).
type FigureService interface {
	Figures(ctx context.Context, q figures.Query) ([]figures.Row, error)
}

// Limits of GET /api/v1/figures: a request past them is refused with 400 before
// anything is read, so one request cannot hold the server for long or fill its memory.
const (
	maxFigurePeriods = 400
	maxFigureRows    = 2_000_000
	maxParamBytes    = 1000
)

// figureParams are the query parameters of GET /api/v1/figures, in the order they
// are documented in openapi.json.
var figureParams = []string{"municipality", "group", "figure", "from", "to", "every"}

// parseFigureQuery reads the parameters of GET /api/v1/figures. Every problem is an
// EINVALID error naming the parameter; values are quoted (%q), and the JSON encoding
// of the error escapes HTML, so nothing the client sent comes back unescaped.
func parseFigureQuery(rawQuery string) (figures.Query, error) {
	var q figures.Query
	values, err := url.ParseQuery(rawQuery)
	if err != nil {
		return q, pejling.Errorf(pejling.EINVALID, "query string: %s", pejling.Clip(err.Error()))
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if !slices.Contains(figureParams, name) {
			return q, pejling.Errorf(pejling.EINVALID, "unknown parameter %q (known: municipality, group, figure, from, to, every)", pejling.Clip(name))
		}
		if len(values[name]) > 1 {
			return q, pejling.Errorf(pejling.EINVALID, "%s: given %d times; give it once (a list is comma-separated)", name, len(values[name]))
		}
		if len(values[name][0]) > maxParamBytes {
			return q, pejling.Errorf(pejling.EINVALID, "%s: %d bytes long; at most %d are allowed", name, len(values[name][0]), maxParamBytes)
		}
	}
	get := values.Get
	for _, name := range []string{"from", "to"} {
		if get(name) == "" {
			return q, pejling.Errorf(pejling.EINVALID, "%s: missing; give the %s day as YYYY-MM-DD", name, map[string]string{"from": "first", "to": "last"}[name])
		}
	}
	first, last, err := figures.ParseRange("from", get("from"), "to", get("to"))
	if err != nil {
		return q, err
	}
	if q.Periods, err = figures.SplitPeriods(first, last, "every", get("every"), maxFigurePeriods); err != nil {
		if msg := pejling.ErrorMessage(err); !strings.HasPrefix(msg, "every") {
			return q, pejling.Errorf(pejling.EINVALID, "every: %s", msg)
		}
		return q, err
	}
	if q.Selection, err = figures.ParseSelection("municipality", get("municipality"), "group", get("group"), "figure", get("figure")); err != nil {
		return q, err
	}
	if n := q.MaxRows(len(q.Periods)); n > maxFigureRows {
		return q, pejling.Errorf(pejling.EINVALID, "the query asks for up to %d rows (%d periods); at most %d are allowed: "+
			"narrow municipality, group, figure, from/to or every", n, len(q.Periods), maxFigureRows)
	}
	return q, nil
}

// figureRow is a row of the answer, as pejling figures --format json writes it:
// municipality and group "all" for the totals, an empty value null.
type figureRow struct {
	Municipality string   `json:"municipality"`
	Group        string   `json:"benefit_group"`
	First        string   `json:"period_first"`
	Last         string   `json:"period_last"`
	Figure       string   `json:"figure"`
	Value        *float64 `json:"value"`
}

func (s *Server) handleAPIFigures(w http.ResponseWriter, r *http.Request) {
	q, err := parseFigureQuery(r.URL.RawQuery)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	rows, err := s.Figures.Figures(r.Context(), q)
	if err != nil {
		if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
			return // the client went away: nobody to answer
		}
		s.writeError(w, r, fmt.Errorf("api figures: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	// Written row by row: 2 million rows are never held twice, once as figures.Row
	// and once as JSON.
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString(`{"rows":[`)
	var buf []byte
	for i, row := range rows {
		if i > 0 {
			bw.WriteByte(',')
		}
		if buf, err = appendFigureRow(buf[:0], row); err != nil {
			s.Logger.Error("api figures: encode", "err", err)
			return
		}
		if _, err := bw.Write(buf); err != nil {
			return // the client went away
		}
	}
	bw.WriteString("]}\n")
	bw.Flush()
}

// appendFigureRow appends row as JSON, byte for byte as encoding/json writes a
// figureRow (and so as pejling figures --format json does), but without reflection:
// it is a quarter of the time of a 60-month answer otherwise.
func appendFigureRow(b []byte, row figures.Row) ([]byte, error) {
	out := figureRow{Municipality: "all", Group: "all", First: row.Period.First.String(), Last: row.Period.Last.String(), Figure: row.Figure}
	if row.Municipality != 0 {
		out.Municipality = strconv.Itoa(row.Municipality)
	}
	if row.Group != "" {
		out.Group = string(row.Group)
	}
	abs := math.Abs(row.Value)
	if !row.Valid || !plain(out.Municipality) || !plain(out.Group) || !plain(out.First) || !plain(out.Last) || !plain(out.Figure) ||
		math.IsNaN(row.Value) || (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
		// The rare case (a null, an exponent, a character to escape): encoding/json
		// itself. A null is rare too in a long answer, but cheap either way.
		if row.Valid {
			v := row.Value
			out.Value = &v
		}
		j, err := json.Marshal(out)
		return append(b, j...), err
	}
	b = append(b, `{"municipality":"`...)
	b = append(b, out.Municipality...)
	b = append(b, `","benefit_group":"`...)
	b = append(b, out.Group...)
	b = append(b, `","period_first":"`...)
	b = append(b, out.First...)
	b = append(b, `","period_last":"`...)
	b = append(b, out.Last...)
	b = append(b, `","figure":"`...)
	b = append(b, out.Figure...)
	b = append(b, `","value":`...)
	b = strconv.AppendFloat(b, row.Value, 'f', -1, 64) // as encoding/json for 1e-6 ≤ |v| < 1e21 and 0
	return append(b, '}'), nil
}

// plain reports whether s needs no escaping in a JSON string: letters, digits, '-', '_'.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// apiMethodNotAllowed answers a method a JSON API path does not serve, in JSON, naming
// the methods it does.
func apiMethodNotAllowed(methods []string) http.HandlerFunc {
	allow := strings.Join(methods, ", ")
	if slices.Contains(methods, "GET") {
		allow += ", HEAD"
	}
	use := strings.Join(methods, " or ")
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusMethodNotAllowed)
		json.NewEncoder(w).Encode(map[string]string{"error": "method " + pejling.Clip(r.Method) + " not allowed: use " + use})
	}
}
