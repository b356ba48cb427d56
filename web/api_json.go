package web

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// The JSON API of the employer service (issue 8) shares these helpers: reading a JSON
// body, answering JSON with a status, and the purpose of a read of a citizen.
//
// Authentication of its personal-data routes (Access PersonData, API true): a
// municipal user's signed-in session whose second factor has passed — the cookie the
// pages use — and never an API token (auth.go refuses a token with a JSON 403, no
// credentials with 401). So the API is exactly as strict as the pages: the same
// roles, the same municipality scope, the same audit records. State changes are
// protected from cross-site requests twice: http.CrossOriginProtection (server.go)
// refuses a cross-origin POST/PUT/PATCH/DELETE, and every body must be
// application/json, which a cross-site HTML form cannot send.

// maxAPIBody is the largest JSON body an employer-service API route reads.
const maxAPIBody = 64 << 10

// writeJSONStatus answers v as JSON with the status.
func writeJSONStatus(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// readJSONBody decodes the request's body into dst (decodeJSONBody) and reports
// whether it could; when not, it has answered with the error.
func (s *Server) readJSONBody(w http.ResponseWriter, r *http.Request, dst any) bool {
	if err := decodeJSONBody(w, r, dst); err != nil {
		s.writeError(w, r, err)
		return false
	}
	return true
}

// decodeJSONBody reads the request's JSON body into dst: at most maxAPIBody bytes,
// Content-Type application/json, one JSON object, no field dst does not have, each
// field of its type. A problem is an EINVALID error naming the field where it can.
func decodeJSONBody(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" {
			return pejling.Errorf(pejling.EINVALID, "body: send JSON with Content-Type application/json, not %q", pejling.Clip(ct))
		}
	} else {
		return pejling.Errorf(pejling.EINVALID, "body: send JSON with Content-Type application/json")
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAPIBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if err != nil && jsonTooLarge(err) {
			return jsonProblem(err)
		}
		return pejling.Errorf(pejling.EINVALID, "body: one JSON object, with nothing after it")
	}
	return nil
}

func jsonTooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// jsonProblem turns a decoding error into an EINVALID error naming the field.
func jsonProblem(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case jsonTooLarge(err):
		return pejling.Errorf(pejling.EINVALID, "body: larger than %d KB", maxAPIBody>>10)
	case errors.Is(err, io.EOF):
		return pejling.Errorf(pejling.EINVALID, "body: empty; send a JSON object")
	case errors.As(err, &syn):
		return pejling.Errorf(pejling.EINVALID, "body: malformed JSON at byte %d", syn.Offset)
	case errors.As(err, &typ):
		if typ.Field == "" {
			return pejling.Errorf(pejling.EINVALID, "body: a JSON object is expected, not %s", typ.Value)
		}
		return pejling.Errorf(pejling.EINVALID, "%s: %s is not of the type %s", typ.Field, typ.Value, jsonTypeName(typ.Type.String()))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return pejling.Errorf(pejling.EINVALID, "body: malformed JSON (it ends too early)")
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		f, _ = strconv.Unquote(f)
		return pejling.Errorf(pejling.EINVALID, "%s: not a field of this request", pejling.Clip(f))
	}
	return pejling.Errorf(pejling.EINVALID, "body: %s", pejling.Clip(msg))
}

func jsonTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "float"):
		return "number"
	case t == "string", strings.HasSuffix(t, "Type"), strings.HasSuffix(t, "Kind"), strings.HasSuffix(t, "Channel"), strings.HasSuffix(t, "Topic"), strings.HasSuffix(t, "Scheme"):
		return "string"
	case strings.HasPrefix(t, "[]"):
		return "array"
	case t == "bool":
		return "boolean"
	}
	return t
}

// apiPurpose is the purpose of a read of a citizen over the API: the query parameter
// purpose, required, as on the pages (person.go's purposeOf).
func apiPurpose(r *http.Request) (string, error) {
	if len(r.URL.Query()["purpose"]) > 1 {
		return "", pejling.Errorf(pejling.EINVALID, "purpose: given more than once")
	}
	p, problem := purposeOf(r)
	switch {
	case problem != "":
		return "", pejling.Errorf(pejling.EINVALID, "purpose: %d–%d characters without control characters", minPurpose, maxPurpose)
	case p == "":
		return "", pejling.Errorf(pejling.EINVALID, "purpose: required; say why the citizen's data is read")
	}
	return p, nil
}

// apiPersonID reads the path value name as a pseudonymous person id; a CPR-shaped id
// is refused without being echoed.
func apiPersonID(r *http.Request, name string) (string, error) {
	id := r.PathValue(name)
	if err := pejling.ValidPersonID(id); err != nil {
		if pejling.HasCPRNumber(id) {
			return "", pejling.Errorf(pejling.EINVALID, "%s: looks like a CPR number; use the pseudonymous person id", name)
		}
		return "", pejling.Errorf(pejling.EINVALID, "%s: %s", name, pejling.ErrorMessage(err))
	}
	return id, nil
}

// apiQuery checks that the query has only the parameters of the route, each once.
func apiQuery(r *http.Request, params ...string) error {
	q := r.URL.Query()
	for k, vs := range q {
		known := false
		for _, p := range params {
			known = known || p == k
		}
		if !known {
			return pejling.Errorf(pejling.EINVALID, "%s: not a parameter of this route", pejling.Clip(k))
		}
		if len(vs) > 1 {
			return pejling.Errorf(pejling.EINVALID, "%s: given more than once", k)
		}
		if !utf8.ValidString(vs[0]) || strings.ContainsFunc(vs[0], func(c rune) bool { return c < ' ' }) {
			return pejling.Errorf(pejling.EINVALID, "%s: holds control characters or is not UTF-8", k)
		}
	}
	return nil
}

// apiTime is a time in the API: RFC 3339 in UTC, or null when zero.
type apiTime time.Time

func (t apiTime) MarshalJSON() ([]byte, error) {
	if time.Time(t).IsZero() {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(time.Time(t).UTC().Format(time.RFC3339))), nil
}

// apiDate is a day in the API: "YYYY-MM-DD", or null for 0 and Forever.
type apiDate pejling.Date

func (d apiDate) MarshalJSON() ([]byte, error) {
	if d == 0 || pejling.Date(d) >= pejling.Forever {
		return []byte("null"), nil
	}
	return []byte(strconv.Quote(pejling.Date(d).String())), nil
}

// parseAPIDate reads a day "YYYY-MM-DD" of the field; "" is 0.
func parseAPIDate(field, s string) (pejling.Date, error) {
	if s == "" {
		return 0, nil
	}
	d, err := pejling.ParseDate(s)
	if err != nil {
		return 0, pejling.Errorf(pejling.EINVALID, "%s: %q is not a date YYYY-MM-DD", field, pejling.Clip(s))
	}
	return d, nil
}

// apiInt reads the query parameter as an integer in [lo, hi]; def when absent.
func apiInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, pejling.Errorf(pejling.EINVALID, "%s: %q is not a whole number %d–%d", name, pejling.Clip(v), lo, hi)
	}
	return n, nil
}

// apiPathID reads the path value name as a positive number.
func apiPathID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		if pejling.HasCPRNumber(s) {
			return 0, pejling.Errorf(pejling.EINVALID, "%s: looks like a CPR number; use the record's number", name)
		}
		return 0, pejling.Errorf(pejling.EINVALID, "%s: %q is not a positive number", name, pejling.Clip(s))
	}
	return id, nil
}

// itoa64 writes n in decimal.
func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
