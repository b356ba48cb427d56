package importer_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func TestReadDataset(t *testing.T) {
	asOf := pejling.MustParseDate("2024-12-31")
	tests := []struct {
		name  string
		files map[string]string
		want  pejling.Dataset
		err   string // part of the message; "" for success
	}{
		{"TOML", map[string]string{"dataset.toml": "# the 2024 extract\nas_of = 2024-12-31\nname = \"Nationalt udtræk\" # a comment\n\ndescription = 'Alle 98 kommuner'\n"},
			pejling.Dataset{AsOf: asOf, Name: "Nationalt udtræk", Description: "Alle 98 kommuner"}, ""},
		{"TOMLQuotedDate", map[string]string{"dataset.toml": "\xef\xbb\xbfas_of = \"2024-12-31\"\r\n"}, pejling.Dataset{AsOf: asOf}, ""},
		{"TOMLEscapes", map[string]string{"dataset.toml": "as_of = 2024-12-31\ndescription = \"Linje 1\\nLinje \\\"2\\\" \\u00e6\"\n"},
			pejling.Dataset{AsOf: asOf, Description: "Linje 1\nLinje \"2\" æ"}, ""},
		{"JSON", map[string]string{"dataset.json": `{"as_of": "2024-12-31", "name": "Udtræk", "description": "Test"}`},
			pejling.Dataset{AsOf: asOf, Name: "Udtræk", Description: "Test"}, ""},
		{"JSONDanishDate", map[string]string{"dataset.json": `{"as_of": "31-12-2024"}`}, pejling.Dataset{AsOf: asOf}, ""},

		{"Neither", map[string]string{}, pejling.Dataset{}, "no dataset.toml or dataset.json"},
		{"Both", map[string]string{"dataset.toml": "as_of = 2024-12-31\n", "dataset.json": `{"as_of": "2024-12-31"}`}, pejling.Dataset{}, "keep only one"},
		{"TOMLAsOfMissing", map[string]string{"dataset.toml": "name = \"x\"\n"}, pejling.Dataset{}, "dataset.toml: as_of: required"},
		{"TOMLUnknownKey", map[string]string{"dataset.toml": "as_of = 2024-12-31\n\nasof = 2024-12-31\n"}, pejling.Dataset{}, `dataset.toml:3: unknown key "asof" (known: as_of, name, description)`},
		{"TOMLBadDate", map[string]string{"dataset.toml": "as_of = 2024-02-30\n"}, pejling.Dataset{}, `dataset.toml:1: as_of "2024-02-30": not a date`},
		{"TOMLBareDanishDate", map[string]string{"dataset.toml": "as_of = 31-12-2024\n"}, pejling.Dataset{}, "dataset.toml:1: as_of"},
		{"TOMLDuplicate", map[string]string{"dataset.toml": "as_of = 2024-12-31\nas_of = 2024-12-30\n"}, pejling.Dataset{}, "dataset.toml:2: as_of given twice (first on line 1)"},
		{"TOMLTable", map[string]string{"dataset.toml": "as_of = 2024-12-31\n[extra]\n"}, pejling.Dataset{}, "dataset.toml:2: tables"},
		{"TOMLNoEquals", map[string]string{"dataset.toml": "as_of 2024-12-31\n"}, pejling.Dataset{}, "dataset.toml:1: expected key = value"},
		{"TOMLUnclosedString", map[string]string{"dataset.toml": "as_of = 2024-12-31\nname = \"abc\n"}, pejling.Dataset{}, "dataset.toml:2: name: the string is not closed"},
		{"TOMLTextAfterValue", map[string]string{"dataset.toml": "as_of = 2024-12-31 x\n"}, pejling.Dataset{}, "dataset.toml:1: as_of: text after the value"},
		{"TOMLMultiLine", map[string]string{"dataset.toml": "as_of = 2024-12-31\ndescription = \"\"\"\nabc\"\"\"\n"}, pejling.Dataset{}, "dataset.toml:2: description: multi-line strings are not supported"},
		{"TOMLBareName", map[string]string{"dataset.toml": "as_of = 2024-12-31\nname = Udtræk\n"}, pejling.Dataset{}, "dataset.toml:2: name: write the text in quotes"},
		{"TOMLLatin1", map[string]string{"dataset.toml": "as_of = 2024-12-31\nname = \"Udtr\xe6k\"\n"}, pejling.Dataset{}, "dataset.toml:2: not valid UTF-8"},
		{"TOMLNameLineBreak", map[string]string{"dataset.toml": "as_of = 2024-12-31\nname = \"a\\nb\"\n"}, pejling.Dataset{}, "name: control characters"},
		{"JSONUnknownKey", map[string]string{"dataset.json": "{\n  \"as_of\": \"2024-12-31\",\n  \"asOf\": \"x\"\n}"}, pejling.Dataset{}, `dataset.json:3: unknown key "asOf"`},
		{"JSONAsOfMissing", map[string]string{"dataset.json": `{"name": "x"}`}, pejling.Dataset{}, "dataset.json: as_of: required"},
		{"JSONNotString", map[string]string{"dataset.json": "{\"as_of\": 20241231}"}, pejling.Dataset{}, "dataset.json:1: as_of: must be a string"},
		{"JSONNested", map[string]string{"dataset.json": "{\"as_of\": \"2024-12-31\",\n\"name\": {\"da\": \"x\"}}"}, pejling.Dataset{}, "dataset.json:2: name: must be a string"},
		{"JSONSyntax", map[string]string{"dataset.json": "{\n\"as_of\": \"2024-12-31\",\n}"}, pejling.Dataset{}, "dataset.json:3: not valid JSON"},
		{"JSONArray", map[string]string{"dataset.json": `["2024-12-31"]`}, pejling.Dataset{}, "must be one JSON object"},
		{"JSONTrailing", map[string]string{"dataset.json": "{\"as_of\": \"2024-12-31\"}\n{}"}, pejling.Dataset{}, "dataset.json:2: text after the JSON object"},
		{"JSONTruncated", map[string]string{"dataset.json": "{\"as_of\": \"2024-12-31\""}, pejling.Dataset{}, "not valid JSON"},
		{"JSONDuplicate", map[string]string{"dataset.json": `{"as_of": "2024-12-31", "as_of": "2024-12-30"}`}, pejling.Dataset{}, "as_of given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, content := range tt.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got, err := importer.ReadDataset(dir)
			if tt.err == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.want {
					t.Errorf("got %+v, want %+v", got, tt.want)
				}
				return
			}
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), tt.err) {
				t.Errorf("got error %v, want EINVALID containing %q", err, tt.err)
			}
		})
	}
}
