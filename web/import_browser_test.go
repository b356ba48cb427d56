package web_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// shotPath is where a screenshot goes: $PEJLING_SCREENSHOTS when set, else the test's
// temporary folder.
func shotPath(t *testing.T, name string) string {
	if dir := os.Getenv("PEJLING_SCREENSHOTS"); dir != "" {
		return filepath.Join(dir, name)
	}
	return filepath.Join(t.TempDir(), name)
}

// TestImportInBrowser renders the form, and the pages of a refused and a successful
// upload: those are POST answers, written to a file with the stylesheet of the test
// server and shown from there.
func TestImportInBrowser(t *testing.T) {
	dir := demoData(t)
	ts, _ := importServer(t, 64<<20, 256<<20)
	dom := browse(t, ts.URL+"/data/import", shotPath(t, "import-form.png"))
	if !strings.Contains(dom, `type="file"`) {
		t.Error("the form has no file input")
	}
	cpr := "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n010190-1234,101,SDP,,2018-01-01,2018-01-01,1\nP1,9999,SDP,,2018-01-01,2018-01-01,1\nP2,101,XXX,,2018-02-30,2018-01-01,2\n"
	dataset, _ := os.ReadFile(filepath.Join(dir, "dataset.json"))
	for _, c := range []struct {
		name  string
		files []upload
		want  string
	}{
		{"import-problems", []upload{{"dataset.json", dataset}, {"benefit_spells.csv", []byte(cpr)}}, "Fejl i datasættet"},
		{"import-refused", []upload{{"data.zip", makeZip(t, zipEntry{name: "../../etc/benefit_spells.csv", data: []byte("x")})}}, "Ugyldigt filnavn"},
		{"import-done", dataSetFiles(t, dir), "Datasættet er indlæst"},
	} {
		ctype, body := multipartBody(t, c.files...)
		_, page := post(t, ts.URL+"/data/import", ctype, body)
		page = strings.ReplaceAll(page, `href="/static/`, `href="`+ts.URL+`/static/`)
		file := filepath.Join(t.TempDir(), c.name+".html")
		if err := os.WriteFile(file, []byte(page), 0o600); err != nil {
			t.Fatal(err)
		}
		if dom := browse(t, "file://"+file, shotPath(t, c.name+".png")); !strings.Contains(dom, c.want) {
			t.Errorf("%s: the rendered page lacks %q", c.name, c.want)
		}
	}
}
