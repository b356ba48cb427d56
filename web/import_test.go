package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
	"github.com/pejling/pejling/sqldb"
	"github.com/pejling/pejling/web"
)

// upload is one file of a multipart upload.
type upload struct {
	name string
	data []byte
}

// multipartBody builds a multipart/form-data body with the files under "files".
func multipartBody(t testing.TB, files ...upload) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	mw.WriteField("note", "a form field is skipped")
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), b.Bytes()
}

// zipEntry is one entry of a test zip: raw entries carry their header as given
// (sizes, mode) and deflated bytes, to lie about what they hold.
type zipEntry struct {
	name string
	data []byte
	mode fs.FileMode
	raw  *zip.FileHeader
}

func makeZip(t testing.TB, entries ...zipEntry) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		var w io.Writer
		var err error
		switch {
		case e.raw != nil:
			w, err = zw.CreateRaw(e.raw)
		default:
			h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
			if e.mode != 0 {
				h.SetMode(e.mode)
			}
			w, err = zw.CreateHeader(h)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// deflated is data compressed as a zip entry's body.
func deflated(t testing.TB, data []byte) []byte {
	t.Helper()
	z := makeZip(t, zipEntry{name: "x", data: data})
	zr, err := zip.NewReader(bytes.NewReader(z), int64(len(z)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.File[0].OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(rc)
	return out
}

// dataSetEntries are the demo data set's files as zip entries under prefix.
func dataSetEntries(t testing.TB, dir, prefix string) []zipEntry {
	t.Helper()
	var out []zipEntry
	if prefix != "" {
		out = append(out, zipEntry{name: prefix, mode: fs.ModeDir | 0o755})
	}
	for _, f := range dataSetFiles(t, dir) {
		out = append(out, zipEntry{name: prefix + f.name, data: f.data})
	}
	return out
}

func dataSetFiles(t testing.TB, dir string) []upload {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []upload
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, upload{e.Name(), b})
	}
	return out
}

// importServer serves a fresh store as pejling serve does, with the upload limits
// given, to requests signed in as an analyst (by API token).
func importServer(t testing.TB, maxUpload, maxUnpacked int64) (*httptest.Server, *sqldb.DB) {
	t.Helper()
	db := usersDB(t)
	srv, err := web.NewServer(db, db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv.Users, srv.Imports = db, db
	tok := tokenFor(t, db, newUser(t, db, "analyst-import", pejling.RoleAnalyst, pejling.NationalMunicipality))
	h := web.ImportWithLimits(srv, maxUpload, maxUnpacked, 100)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts, db
}

func post(t testing.TB, url, ctype string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Accept-Language", "da")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// fingerprint is what an import changes: the rows of every table, the imports and
// the figure set.
func fingerprint(t testing.TB, db *sqldb.DB) string {
	t.Helper()
	st, err := db.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	set, err := db.FindFigureSet(context.Background())
	if err != nil && pejling.ErrorCode(err) != pejling.ENOTFOUND {
		t.Fatal(err)
	}
	return fmt.Sprintf("%v %d %d %d", st.Tables, len(st.Imports), st.AsOf, set.ID)
}

// TestImportUpload imports the demo data set as a zip with one top folder (and
// Finder's __MACOSX junk): the rows per file are shown, the figure set is computed and
// the import is audited.
func TestImportUpload(t *testing.T) {
	dir := demoData(t) // before TMPDIR is set: the demo data outlive the test
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ts, db := importServer(t, 64<<20, 256<<20)
	entries := append(dataSetEntries(t, dir, "demo/"), zipEntry{name: "__MACOSX/demo/._dataset.json", data: []byte("x")})
	ctype, body := multipartBody(t, upload{"demo.zip", makeZip(t, entries...)})
	status, page := post(t, ts.URL+"/data/import", ctype, body)
	if status != 200 {
		t.Fatalf("status %d: %s", status, page)
	}
	for _, want := range []string{"Datasættet er indlæst", "benefit_spells.csv", "activation_spells.csv", "Nøgletal for"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	if _, err := db.FindFigureSet(context.Background()); err != nil {
		t.Errorf("no figure set after the import: %v", err)
	}
	es, err := db.ListAudit(context.Background(), pejling.AuditFilter{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Action != pejling.AuditChange || !strings.HasPrefix(es[0].Criteria, "import demo: ") || es[0].Purpose != "data import" {
		t.Errorf("audit records %+v, want one change \"import demo: N rows\"", es)
	}
	uploadsLeft(t, tmp)
}

// TestImportUploadFiles imports the data set as several files of one upload.
func TestImportUploadFiles(t *testing.T) {
	ts, db := importServer(t, 64<<20, 256<<20)
	ctype, body := multipartBody(t, dataSetFiles(t, demoData(t))...)
	status, page := post(t, ts.URL+"/data/import", ctype, body)
	if status != 200 || !strings.Contains(page, "employment_spells.csv") {
		t.Fatalf("status %d: %s", status, page)
	}
	if st, _ := db.Status(context.Background()); len(st.Imports) != 1 {
		t.Errorf("%d imports, want 1", len(st.Imports))
	}
}

// TestImportRefused sends bad and hostile uploads to a store that holds the demo
// data: each is refused with its reason on the page, and the store is unchanged.
func TestImportRefused(t *testing.T) {
	dir := demoData(t) // before TMPDIR is set: the demo data outlive the test
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	const maxUpload, maxUnpacked = 256 << 10, 4 << 20
	ts, db := importServer(t, maxUpload, maxUnpacked)
	ctx := context.Background()
	if _, _, err := importer.Load(ctx, dir, db, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.RefreshFigureSet(ctx); err != nil {
		t.Fatal(err)
	}
	before := fingerprint(t, db)
	dataset, _ := os.ReadFile(filepath.Join(dir, "dataset.json"))
	ds := zipEntry{name: "dataset.json", data: dataset}
	csvHead := "person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n"
	zeros := make([]byte, 8<<20)
	zipUpload := func(entries ...zipEntry) []upload { return []upload{{"data.zip", makeZip(t, entries...)}} }
	many := []zipEntry{ds}
	for i := range 101 {
		many = append(many, zipEntry{name: fmt.Sprintf("f%03d.csv", i), data: []byte("x")})
	}
	cpr := csvHead + "P00000001,101,SDP,,2018-01-01,2018-01-01,1\n010190-1234,101,SDP,,2018-01-01,2018-01-01,1\n"
	cases := []struct {
		name   string
		files  []upload
		ctype  string // instead of multipart
		body   string
		status int
		want   []string
	}{
		{name: "NoFile", status: 400, want: []string{"Vælg en .zip"}},
		{name: "EmptyFile", files: []upload{{"dataset.json", dataset}, {"benefit_spells.csv", nil}}, status: 400, want: []string{"Tom fil", "benefit_spells.csv"}},
		{name: "EmptyEntry", files: zipUpload(ds, zipEntry{name: "benefit_spells.csv"}), status: 400, want: []string{"Tom fil"}},
		{name: "TooLarge", files: []upload{{"dataset.json", dataset}, {"benefit_spells.csv", bytes.Repeat([]byte(csvHead), maxUpload/len(csvHead)+10)}}, status: 413, want: []string{"større end grænsen", "256 KiB"}},
		{name: "ZipSlipParent", files: zipUpload(ds, zipEntry{name: "../benefit_spells.csv", data: []byte(csvHead)}), status: 400, want: []string{"Ugyldigt filnavn", "../benefit_spells.csv"}},
		{name: "ZipSlipAbsolute", files: zipUpload(ds, zipEntry{name: "/tmp/benefit_spells.csv", data: []byte(csvHead)}), status: 400, want: []string{"Ugyldigt filnavn"}},
		{name: "ZipSlipInside", files: zipUpload(ds, zipEntry{name: "a/../../benefit_spells.csv", data: []byte(csvHead)}), status: 400, want: []string{"Ugyldigt filnavn"}},
		{name: "ZipSlipBackslash", files: zipUpload(ds, zipEntry{name: `..\benefit_spells.csv`, data: []byte(csvHead)}), status: 400, want: []string{"Ugyldigt filnavn"}},
		// mime/multipart keeps only the base name of a part's file name; the handler checks it again.
		{name: "FileNameWithPath", files: []upload{{"../dataset.json", dataset}}, status: 400, want: []string{"none of the data files"}},
		{name: "BombDeclared", files: zipUpload(ds, zipEntry{name: "benefit_spells.csv", data: zeros}), status: 400, want: []string{"zip-bombe"}},
		{name: "BombRatio", files: zipUpload(ds, zipEntry{name: "benefit_spells.csv", data: zeros[:3<<20]}), status: 400, want: []string{"zip-bombe"}},
		// archive/zip stops reading an entry at the size its header declares: the lie is a broken zip.
		{name: "BombLyingHeader", files: zipUpload(ds, zipEntry{raw: &zip.FileHeader{Name: "benefit_spells.csv", Method: zip.Deflate,
			CompressedSize64: uint64(len(deflated(t, zeros))), UncompressedSize64: 100}, data: deflated(t, zeros)}), status: 400, want: []string{"Ikke en gyldig .zip"}},
		{name: "TooManyEntries", files: zipUpload(many...), status: 400, want: []string{"For mange filer", "100"}},
		{name: "UnknownEntry", files: zipUpload(ds, zipEntry{name: "persons.csv", data: []byte("x")}), status: 400, want: []string{"Ukendt fil", "persons.csv"}},
		{name: "UnknownFile", files: []upload{{"dataset.json", dataset}, {"notes.txt", []byte("x")}}, status: 400, want: []string{"Ukendt fil", "notes.txt"}},
		{name: "DuplicateEntry", files: zipUpload(ds, zipEntry{name: "dataset.json", data: dataset}), status: 400, want: []string{"to gange", "dataset.json"}},
		{name: "DuplicateFile", files: []upload{{"dataset.json", dataset}, {"dataset.json", dataset}}, status: 400, want: []string{"to gange"}},
		{name: "Nested", files: zipUpload(zipEntry{name: "a/b/dataset.json", data: dataset}), status: 400, want: []string{"Mapper i mapper"}},
		{name: "TwoTopFolders", files: zipUpload(zipEntry{name: "a/dataset.json", data: dataset}, zipEntry{name: "b/benefit_spells.csv", data: []byte(csvHead)}), status: 400, want: []string{"Mapper i mapper"}},
		{name: "TopAndFolder", files: zipUpload(ds, zipEntry{name: "b/benefit_spells.csv", data: []byte(csvHead)}), status: 400, want: []string{"Mapper i mapper"}},
		{name: "Symlink", files: zipUpload(ds, zipEntry{name: "benefit_spells.csv", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777}), status: 400, want: []string{"Symbolske links"}},
		{name: "NotZip", files: []upload{{"data.zip", []byte("this is not a zip file at all")}}, status: 400, want: []string{"Ikke en gyldig .zip"}},
		{name: "ZipAndFiles", files: []upload{{"dataset.json", dataset}, {"data.zip", makeZip(t, ds)}}, status: 400, want: []string{"ikke begge"}},
		{name: "CPR", files: zipUpload(ds, zipEntry{name: "benefit_spells.csv", data: []byte(cpr)}), status: 400,
			want: []string{"Fejl i datasættet", "benefit_spells.csv", "<td class=\"num\">3</td>", "looks like a CPR number", "Intet blev ændret"}},
		{name: "OlderExtract", files: zipUpload(zipEntry{name: "dataset.json", data: []byte(`{"as_of": "2020-01-01", "name": "old"}`)}, zipEntry{name: "benefit_spells.csv", data: []byte(csvHead)}), status: 409, want: []string{"older", "Intet blev ændret"}},
		{name: "NoDataFiles", files: []upload{{"dataset.json", dataset}}, status: 400, want: []string{"none of the data files"}},
		{name: "NotMultipart", ctype: "application/x-www-form-urlencoded", body: "files=x", status: 400, want: []string{"multipart"}},
		{name: "BrokenMultipart", ctype: "multipart/form-data; boundary=XYZ", body: "--XYZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"dataset.json\"\r\n\r\n{\"as_of\"", status: 400, want: []string{"multipart"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctype, body := c.ctype, []byte(c.body)
			if ctype == "" {
				ctype, body = multipartBody(t, c.files...)
			}
			status, page := post(t, ts.URL+"/data/import", ctype, body)
			if status != c.status {
				t.Errorf("status %d, want %d", status, c.status)
			}
			for _, w := range append(c.want, "Intet blev ændret") {
				if !strings.Contains(page, w) {
					t.Errorf("the page does not say %q:\n%s", w, pageMain(page))
				}
			}
			if after := fingerprint(t, db); after != before {
				t.Errorf("the store changed:\n%s\n%s", before, after)
			}
		})
	}
	if es, _ := db.ListAudit(ctx, pejling.AuditFilter{Limit: 10}); len(es) != 0 {
		t.Errorf("refused uploads were audited: %+v", es)
	}
	uploadsLeft(t, tmp)
}

// pageMain is the main part of a page, for messages.
func pageMain(page string) string {
	if i := strings.Index(page, "<main>"); i >= 0 {
		page = page[i:]
	}
	return page[:min(len(page), 3000)]
}

// TestImportForm shows the form in Danish and English, and only to importers.
func TestImportForm(t *testing.T) {
	ts, db := importServer(t, 1<<20, 4<<20)
	req, _ := http.NewRequest("GET", ts.URL+"/data/import", nil)
	req.Header.Set("Accept-Language", "en")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(b), "Import data") || !strings.Contains(string(b), `enctype="multipart/form-data"`) {
		t.Errorf("status %d: %s", res.StatusCode, pageMain(string(b)))
	}
	viewer := tokenFor(t, db, newUser(t, db, "politician-import", pejling.RolePolitician, 101))
	req, _ = http.NewRequest("GET", ts.URL+"/data/import", nil)
	req.Header.Set("Authorization", "Bearer "+viewer)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 403 {
		t.Errorf("a viewer gets %d, want 403", res.StatusCode)
	}
}

// uploadsLeft fails t when an upload's temporary folder is left in tmp.
func uploadsLeft(t *testing.T, tmp string) {
	t.Helper()
	if left, _ := filepath.Glob(filepath.Join(tmp, "pejling-upload-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}
