package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/pejling/pejling"
)

// Names of the file describing a data set; a folder holds exactly one of them.
const (
	datasetTOML = "dataset.toml"
	datasetJSON = "dataset.json"
)

// maxDatasetBytes bounds the description file: it holds three short values.
const maxDatasetBytes = 1 << 20

// Keys of the description file.
const (
	keyAsOf        = "as_of"
	keyName        = "name"
	keyDescription = "description"
)

// maxDatasetNameRunes bounds a data set's name, which titles pages and reports.
const maxDatasetNameRunes = 200

// datasetError is a problem at a line of the description file (line 0: the whole file).
type datasetError struct {
	line   int
	reason string
}

// ReadDataset reads dir/dataset.toml or dir/dataset.json (exactly one of them must
// exist) and returns its as_of (required), name and description (optional). Unknown keys
// are an error. Errors are *pejling.Error with code EINVALID naming the file, the line
// where there is one, and the reason.
//
// dataset.toml may use a small part of TOML: `key = "string"` (or 'literal'), a bare
// date `as_of = 2024-12-31`, comments and blank lines. dataset.json is one object with
// string values.
func ReadDataset(dir string) (pejling.Dataset, error) {
	var found []string
	for _, name := range []string{datasetTOML, datasetJSON} {
		path := filepath.Join(dir, name)
		switch _, err := os.Stat(path); {
		case err == nil:
			found = append(found, path)
		case !errors.Is(err, fs.ErrNotExist):
			return pejling.Dataset{}, pejling.Errorf(pejling.EINVALID, "%s: %v", path, err)
		}
	}
	switch len(found) {
	case 0:
		return pejling.Dataset{}, pejling.Errorf(pejling.EINVALID,
			"%s: no %s or %s: a data set needs one, giving its as_of date (the day the extract was taken)",
			dir, datasetTOML, datasetJSON)
	case 2:
		return pejling.Dataset{}, pejling.Errorf(pejling.EINVALID,
			"%s: both %s and %s: keep only one", dir, datasetTOML, datasetJSON)
	}
	path := found[0]
	data, err := readSmallFile(path)
	if err != nil {
		return pejling.Dataset{}, pejling.Errorf(pejling.EINVALID, "%s: %v", path, err)
	}
	var ds pejling.Dataset
	var derr *datasetError
	switch {
	case !utf8.Valid(data):
		derr = &datasetError{lineAt(data, invalidUTF8At(data)), reasonNotUTF8}
	case strings.HasSuffix(path, datasetTOML):
		derr = parseDatasetTOML(data, &ds)
	default:
		derr = parseDatasetJSON(data, &ds)
	}
	if derr == nil {
		derr = checkDataset(&ds)
	}
	if derr != nil {
		if derr.line > 0 {
			return pejling.Dataset{}, pejling.Errorf(pejling.EINVALID, "%s:%d: %s", path, derr.line, derr.reason)
		}
		return pejling.Dataset{}, pejling.Errorf(pejling.EINVALID, "%s: %s", path, derr.reason)
	}
	return ds, nil
}

func readSmallFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxDatasetBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxDatasetBytes {
		return nil, errors.New("larger than 1 MiB: it should hold as_of, name and description only")
	}
	return bytes.TrimPrefix(data, bom), nil
}

// setDatasetKey stores one value, refusing unknown and repeated keys. A string as_of is
// parsed as a date; the value of a bare TOML date arrives as a string too.
func setDatasetKey(ds *pejling.Dataset, seen map[string]int, line int, key, value string) *datasetError {
	if first, ok := seen[key]; ok {
		return &datasetError{line, fmt.Sprintf("%s given twice (first on line %d)", key, first)}
	}
	seen[key] = line
	switch key {
	case keyAsOf:
		d, ok := ParseDate(value)
		if !ok {
			return &datasetError{line, fmt.Sprintf("as_of %q: not a date (write YYYY-MM-DD, years 1900–2199)", value)}
		}
		ds.AsOf = d
	case keyName:
		ds.Name = value
	case keyDescription:
		ds.Description = value
	default:
		return unknownDatasetKey(line, key)
	}
	return nil
}

func knownDatasetKey(key string) bool {
	return key == keyAsOf || key == keyName || key == keyDescription
}

func unknownDatasetKey(line int, key string) *datasetError {
	return &datasetError{line, fmt.Sprintf("unknown key %q (known: %s, %s, %s)", key, keyAsOf, keyName, keyDescription)}
}

// checkDataset checks the values whatever the syntax: the name is one line of text.
func checkDataset(ds *pejling.Dataset) *datasetError {
	for _, r := range ds.Name {
		if isControl(r) {
			return &datasetError{0, "name: control characters (line breaks, tabs) are not allowed"}
		}
	}
	if utf8.RuneCountInString(ds.Name) > maxDatasetNameRunes {
		return &datasetError{0, "name: longer than 200 characters"}
	}
	return nil
}

// parseDatasetJSON reads one JSON object of string values, keeping the line of each key.
func parseDatasetJSON(data []byte, ds *pejling.Dataset) *datasetError {
	dec := json.NewDecoder(bytes.NewReader(data))
	jsonErr := func(err error) *datasetError {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return &datasetError{lineAt(data, int(se.Offset)), "not valid JSON: " + se.Error()}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return &datasetError{lineAt(data, len(data)), "not valid JSON: unexpected end of the file"}
		}
		return &datasetError{0, "not valid JSON: " + err.Error()}
	}
	tok, err := dec.Token()
	if err != nil {
		return jsonErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return &datasetError{lineAt(data, int(dec.InputOffset())), "must be one JSON object, e.g. {\"as_of\": \"2024-12-31\"}"}
	}
	seen := map[string]int{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return jsonErr(err)
		}
		key, _ := tok.(string)
		line := lineAt(data, int(dec.InputOffset()))
		tok, err = dec.Token()
		if err != nil {
			return jsonErr(err)
		}
		value, ok := tok.(string)
		if !ok {
			return &datasetError{line, fmt.Sprintf("%s: must be a string", key)}
		}
		if derr := setDatasetKey(ds, seen, line, key, value); derr != nil {
			return derr
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return jsonErr(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return &datasetError{lineAt(data, int(dec.InputOffset())), "text after the JSON object"}
	}
	if _, ok := seen[keyAsOf]; !ok {
		return &datasetError{0, "as_of: required (the day the extract was taken, e.g. \"as_of\": \"2024-12-31\")"}
	}
	return nil
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, offset int) int {
	offset = min(max(offset, 0), len(data))
	return bytes.Count(data[:offset], []byte("\n")) + 1
}

func invalidUTF8At(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}
