package importer

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// parseDatasetTOML reads the part of TOML a data set description needs: lines of
// `key = value` where value is a basic string "…", a literal string '…' or a bare date,
// with comments and blank lines. Anything else is an error naming its line, rather than
// a half-understood file.
func parseDatasetTOML(data []byte, ds *pejling.Dataset) *datasetError {
	seen := map[string]int{}
	for n, raw := range bytes.Split(data, []byte("\n")) {
		line := n + 1
		text := strings.TrimSpace(strings.TrimSuffix(string(raw), "\r"))
		if text == "" || text[0] == '#' {
			continue
		}
		if text[0] == '[' {
			return &datasetError{line, "tables ([…]) are not supported: write key = value lines only"}
		}
		eq := strings.IndexByte(text, '=')
		if eq < 0 {
			return &datasetError{line, "expected key = value"}
		}
		key := strings.TrimSpace(text[:eq])
		if !isBareKey(key) {
			return &datasetError{line, fmt.Sprintf("%q is not a key (write as_of, name or description)", key)}
		}
		if !knownDatasetKey(key) {
			return unknownDatasetKey(line, key)
		}
		raw := strings.TrimSpace(text[eq+1:])
		if raw != "" && raw[0] != '"' && raw[0] != '\'' && key != keyAsOf {
			return &datasetError{line, key + ": write the text in quotes, e.g. " + key + ` = "…"`}
		}
		value, rest, reason := tomlValue(raw)
		if reason != "" {
			return &datasetError{line, key + ": " + reason}
		}
		if rest = strings.TrimSpace(rest); rest != "" && rest[0] != '#' {
			return &datasetError{line, key + ": text after the value"}
		}
		if derr := setDatasetKey(ds, seen, line, key, value); derr != nil {
			return derr
		}
	}
	if _, ok := seen[keyAsOf]; !ok {
		return &datasetError{0, "as_of: required (the day the extract was taken, e.g. as_of = 2024-12-31)"}
	}
	return nil
}

func isBareKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// tomlValue reads the value at the start of s and returns it with the rest of the line,
// or a reason why it cannot be read.
func tomlValue(s string) (value, rest, reason string) {
	switch {
	case s == "":
		return "", "", "no value"
	case strings.HasPrefix(s, `"""`), strings.HasPrefix(s, `'''`):
		return "", "", "multi-line strings are not supported"
	case s[0] == '\'':
		end := strings.IndexByte(s[1:], '\'')
		if end < 0 {
			return "", "", "the string is not closed (missing ')"
		}
		return s[1 : 1+end], s[2+end:], ""
	case s[0] == '"':
		return tomlBasicString(s)
	}
	// A bare value: the dates are the only ones of use here.
	end := strings.IndexAny(s, " \t#")
	if end < 0 {
		end = len(s)
	}
	if v := s[:end]; len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return "", "", fmt.Sprintf("%q is neither a date (YYYY-MM-DD) nor a quoted string", v)
	}
	return s[:end], s[end:], ""
}

// tomlBasicString reads a "…" string with TOML's escapes.
func tomlBasicString(s string) (value, rest, reason string) {
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			return b.String(), s[i+1:], ""
		case c == '\\' && i+1 < len(s):
			i += 2
			switch e := s[i-1]; e {
			case '"', '\\':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'u', 'U':
				n := 4
				if e == 'U' {
					n = 8
				}
				if i+n > len(s) {
					return "", "", "a \\" + string(e) + " escape needs " + strconv.Itoa(n) + " hex digits"
				}
				r, err := strconv.ParseUint(s[i:i+n], 16, 32)
				if err != nil || !utf8.ValidRune(rune(r)) {
					return "", "", "bad escape \\" + s[i-1:i+n]
				}
				b.WriteRune(rune(r))
				i += n
			default:
				return "", "", "bad escape \\" + string(e)
			}
		case c < 0x20 && c != '\t':
			return "", "", "control character in a string"
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", "", `the string is not closed (missing ")`
}
