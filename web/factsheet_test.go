package web_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pejling/pejling/browser"
)

// TestFactsheet: the fact sheet of Copenhagen against a chosen reference, in Danish and
// English, with its parts, and bad input refused.
func TestFactsheet(t *testing.T) {
	ts, dsn := newPagesServer(t)
	code, body := getWith(t, ts.URL+"/kommuner/101/faktaark?period=2024&reference=Aarhus", nil)
	if code != 200 {
		t.Fatalf("status %d\n%.500s", code, body)
	}
	for _, want := range []string{"Faktaark · København", "Referencekommune", "<strong>Aarhus</strong>", "Hovedkonklusioner",
		"offentlig forsørgelsesgrad", "Virksomhedsplaceringer efter ydelsesgruppe", "Virksomhedspraktik", "Aktiveringsgrad",
		"procentpoint", `id="fs-headline"`, `id="fs-groups"`, "<svg", "faktaark.pdf?period=2024&amp;reference=751"} {
		if !strings.Contains(body, want) {
			t.Errorf("the fact sheet lacks %q", want)
		}
	}
	// The default reference is the nearest peer, never the municipality itself.
	if code, body := getWith(t, ts.URL+"/kommuner/101/faktaark", nil); code != 200 || strings.Contains(body, "<strong>København</strong>") {
		t.Errorf("default reference: %d", code)
	}
	code, body = getWith(t, ts.URL+"/kommuner/101/faktaark?period=2024&reference=751", map[string]string{"Accept-Language": "en"})
	if code != 200 || !strings.Contains(body, "Fact sheet · København") || !strings.Contains(body, "Main conclusions") {
		t.Errorf("English: %d", code)
	}
	// The API answers the same content as numbers, the conclusions in the asked language.
	code, js := getWith(t, ts.URL+"/api/v1/factsheet?municipality=K%C3%B8benhavn&period=2024&reference=751&lang=da", nil)
	var fs struct {
		Municipality int    `json:"municipality"`
		Reference    int    `json:"reference"`
		Period       string `json:"period"`
		Headline     []struct {
			Figure string   `json:"figure"`
			Value  *float64 `json:"value"`
			Rank   int      `json:"rank_among_peers"`
		} `json:"headline"`
		Conclusions []string `json:"conclusions"`
	}
	if err := json.Unmarshal([]byte(js), &fs); code != 200 || err != nil || fs.Municipality != 101 || fs.Reference != 751 || fs.Period != "2024" {
		t.Fatalf("API: %d %v %.300s", code, err, js)
	}
	cli := pejlingCLI(t, "figures", "--db", dsn, "--from", "2024-01-01", "--to", "2024-12-31", "--municipality", "101", "--group", "all", "--figure", "public_support_rate", "--format", "json")
	var rows []struct {
		Value *float64 `json:"value"`
	}
	if err := json.Unmarshal([]byte(cli), &rows); err != nil || len(rows) != 1 {
		t.Fatalf("CLI: %v %s", err, cli)
	}
	if h := fs.Headline[0]; h.Figure != "public_support_rate" || h.Value == nil || *h.Value != *rows[0].Value || h.Rank < 1 {
		t.Errorf("API headline %+v, CLI %v", h, *rows[0].Value)
	}
	_, da := getWith(t, ts.URL+"/kommuner/101/faktaark?period=2024&reference=751", nil)
	for _, c := range fs.Conclusions {
		if !strings.Contains(html.UnescapeString(da), c) {
			t.Errorf("the page lacks the API's conclusion %q", c)
		}
	}
	for _, q := range []string{"", "municipality=Atlantis", "municipality=101&reference=peers", "municipality=101&reference=101",
		"municipality=101&period=1899", "municipality=101&lang=fr", "municipality=101&x=1", "municipality=101&municipality=147"} {
		if code, _ := getWith(t, ts.URL+"/api/v1/factsheet?"+q, nil); code != 400 {
			t.Errorf("API %q: %d", q, code)
		}
	}
	// Each table downloads; an unknown one is refused.
	for _, table := range []string{"headline", "placements_by_group", "placements_by_type", "groups"} {
		code, csvText := getWith(t, ts.URL+"/kommuner/101/faktaark?period=2024&reference=751&format=csv&table="+table, nil)
		if code != 200 || strings.Count(csvText, "\n") < 2 {
			t.Errorf("table %s: %d\n%.200s", table, code, csvText)
		}
		if table == "headline" && !strings.HasPrefix(csvText, "figure,value,reference,peers_mean,country,rank_among_peers,rank_of") {
			t.Errorf("headline CSV: %.200s", csvText)
		}
	}
	for _, bad := range []struct{ path, want string }{
		{"/kommuner/101/faktaark?format=csv&table=secret", "table"},
		{"/kommuner/101/faktaark?format=exe&table=groups", "format"},
		{"/kommuner/9999/faktaark", "no municipality"},
		{"/kommuner/abc/faktaark", "no municipality"},
		{"/kommuner/101/faktaark?period=1899", "period"},
		{"/kommuner/101/faktaark?period=%3Cscript%3E", "period"},
		{"/kommuner/101/faktaark?reference=Atlantis", "reference"},
		{"/kommuner/101/faktaark?reference=101", "reference"},
		{"/kommuner/101/faktaark?reference=" + strings.Repeat("x", 2000), "reference"},
		{"/kommuner/101/faktaark.pdf?reference=Atlantis", "reference"},
	} {
		code, body := getWith(t, ts.URL+bad.path, nil)
		if code < 400 || code >= 500 || !strings.Contains(body, bad.want) || strings.Contains(body, "<script>") {
			t.Errorf("%s: %d %.200s", bad.path, code, body)
		}
	}
}

// TestFactsheetPDF prints the fact sheet to PDF through headless Chromium and checks
// that it is one A4 page titled with the municipality's name.
func TestFactsheetPDF(t *testing.T) {
	if _, err := browser.Find(); err != nil {
		chromium(t) // skips, or fails where the browser is required
	}
	ts, _ := newPagesServer(t)
	code, body := getWith(t, ts.URL+"/kommuner/751/faktaark.pdf?period=2024&reference=101", nil)
	if code != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("status %d: %.200s", code, body)
	}
	pdf := []byte(body)
	if n := bytes.Count(pdf, []byte("/Type /Page")) - bytes.Count(pdf, []byte("/Type /Pages")); n != 1 {
		t.Errorf("%d pages, want the one page of a fact sheet", n)
	}
	if !pdfHasTitle(pdf, "Faktaark · Aarhus") {
		t.Errorf("the PDF's title is not the fact sheet's: %q", pdfTitle(pdf))
	}
	if !bytes.Contains(pdf, []byte("/MediaBox [0 0 59")) {
		t.Error("not A4")
	}
	dir := filepath.Join(os.TempDir(), "pejling-shots")
	os.MkdirAll(dir, 0o755)
	os.WriteFile(filepath.Join(dir, "factsheet.pdf"), pdf, 0o644)
}

// pdfTitle returns the raw /Title entry of the PDF's document information.
func pdfTitle(pdf []byte) string {
	i := bytes.Index(pdf, []byte("/Title"))
	if i < 0 {
		return ""
	}
	end := min(len(pdf), i+400)
	return string(pdf[i:end])
}

// pdfHasTitle reports whether the PDF's /Title is title, written as a literal or as
// UTF-16BE hex with a byte-order mark (as Chromium writes non-ASCII titles).
func pdfHasTitle(pdf []byte, title string) bool {
	raw := pdfTitle(pdf)
	if strings.Contains(raw, "("+title+")") {
		return true
	}
	u := utf16.Encode([]rune(title))
	b := []byte{0xFE, 0xFF}
	for _, c := range u {
		b = append(b, byte(c>>8), byte(c))
	}
	return strings.Contains(strings.ToUpper(raw), strings.ToUpper(hex.EncodeToString(b)))
}
