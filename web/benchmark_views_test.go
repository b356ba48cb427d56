package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

var benchPages = []string{"sammenlignelige", "forventet", "placering", "laering", "sammenligning"}

// TestBenchViews serves the demo store once and checks the benchmark views: the API
// against the CLI, the pages, their downloads, bad input and the pages in a browser.
func TestBenchViews(t *testing.T) {
	ts, dsn := newPagesServer(t)

	t.Run("APIMatchesCLI", func(t *testing.T) {
		for _, c := range []struct{ api, cli []string }{
			{[]string{"peers", "municipality=779&period=2024"}, []string{"peers", "--municipality", "779", "--period", "2024"}},
			{[]string{"peers", "municipality=Skive&period=2024&design=kmeans&lang=da"}, []string{"peers", "--municipality", "779", "--period", "2024", "--method", "kmeans", "--lang", "da"}},
			{[]string{"peers", "municipality=779&period=2024&design=official"}, []string{"peers", "--municipality", "779", "--period", "2024", "--method", "official"}},
			{[]string{"peers", "municipality=779&period=2024&design=ward"}, []string{"peers", "--municipality", "779", "--period", "2024", "--method", "ward"}},
			{[]string{"expected", "period=2024&figure=activation_rate&group=KTH"}, []string{"expected", "--period", "2024", "--figure", "activation_rate", "--group", "KTH"}},
			{[]string{"expected", "municipality=779&period=2024&figure=public_support_rate"}, []string{"expected", "--municipality", "779", "--period", "2024", "--figure", "public_support_rate"}},
			{[]string{"rank", "period=2024"}, []string{"rank", "--period", "2024"}},
			{[]string{"rank", "period=2024&group=DGP&figure=turnover_speed&municipality=779"}, []string{"rank", "--period", "2024", "--group", "DGP", "--figures", "turnover_speed", "--municipality", "779"}},
			{[]string{"learn", "municipality=779&period=2024"}, []string{"learn", "--municipality", "779", "--period", "2024"}},
			{[]string{"learn", "municipality=779&period=2024&lang=da"}, []string{"learn", "--municipality", "779", "--period", "2024", "--lang", "da"}},
			{[]string{"compare", "municipality=779&period=2024&reference=peers"}, []string{"compare", "--municipality", "779", "--period", "2024"}},
			{[]string{"compare", "municipality=779&period=2024&reference=Herning"}, []string{"compare", "--municipality", "779", "--period", "2024", "--reference", "Herning"}},
			{[]string{"compare", "municipality=779&period=2024&reference=country"}, []string{"compare", "--municipality", "779", "--period", "2024", "--reference", "country"}},
		} {
			code, body := getWith(t, ts.URL+"/api/v1/benchmark/"+c.api[0]+"?"+c.api[1], nil)
			if code != 200 {
				t.Errorf("%v: %d %s", c.api, code, body)
				continue
			}
			cli := pejlingCLI(t, append(append([]string{"benchmark"}, c.cli...), "--db", dsn, "--format", "json")...)
			if a, b := decodeJSON(t, body), decodeJSON(t, cli); !reflect.DeepEqual(a, b) {
				t.Errorf("%v: the API answers\n%.600s\nthe CLI\n%.600s", c.api, body, cli)
			}
		}
	})

	t.Run("Pages", func(t *testing.T) {
		peers := decodeJSON(t, pejlingCLI(t, "benchmark", "peers", "--db", dsn, "--municipality", "779", "--period", "2024", "--format", "json"))
		peer := peers.(map[string]any)["municipalities"].([]any)[0].(map[string]any)["peers"].([]any)[0].(map[string]any)["name"].(string)
		for _, p := range benchPages {
			code, body := getWith(t, ts.URL+"/kommuner/779/"+p+"?period=2024", nil)
			if code != 200 {
				t.Fatalf("%s: %d %.300s", p, code, body)
			}
			for _, want := range []string{`<html lang="da">`, "Skive", peer, "format=csv-da", "format=xlsx", `class="self"`} {
				if p != "forventet" && p != "placering" && want == `class="self"` || (p == "laering" || p == "sammenligning") && want == "Skive" {
					continue
				}
				if !strings.Contains(body, want) {
					t.Errorf("%s lacks %q", p, want)
				}
			}
			if p != "laering" && p != "sammenligning" && !strings.Contains(body, "<svg") {
				t.Errorf("%s has no chart", p)
			}
			if _, en := getWith(t, ts.URL+"/kommuner/779/"+p, map[string]string{"Accept-Language": "en"}); !strings.Contains(en, `lang="en"`) {
				t.Errorf("%s: no English for Accept-Language en", p)
			}
		}
		// Danish numbers and the verdict in words.
		_, body := getWith(t, ts.URL+"/kommuner/779/forventet?period=2024&figure=activation_rate", nil)
		if !strings.Contains(body, `id="verdict"`) || !strings.Contains(body, " forventet") || !strings.Contains(body, ",") {
			t.Error("no verdict on the expected page")
		}
		_, en := getWith(t, ts.URL+"/kommuner/779/forventet?period=2024", map[string]string{"Accept-Language": "en"})
		if !strings.Contains(en, "than expected") && !strings.Contains(en, "as expected") {
			t.Error("no English verdict")
		}
		// The dashboard links to the views.
		if _, dash := getWith(t, ts.URL+"/kommuner/779?period=2024", nil); !strings.Contains(dash, `/kommuner/779/placering?period=2024`) {
			t.Error("the dashboard does not link to the views")
		}
		// The compare page defaults to the nearest peer.
		if _, body := getWith(t, ts.URL+"/kommuner/779/sammenligning?period=2024", nil); !strings.Contains(body, "Skive – "+peer) {
			t.Errorf("the comparison is not with the nearest peer %s", peer)
		}
	})

	t.Run("Downloads", func(t *testing.T) {
		for _, c := range []struct{ page, table string }{
			{"sammenlignelige", "peers"}, {"sammenlignelige", "variables"}, {"forventet", "expected"}, {"placering", "national"},
			{"placering", "cluster"}, {"laering", "groups"}, {"laering", "own"}, {"sammenligning", "comparison"},
		} {
			for _, f := range []string{"csv", "csv-da", "xlsx"} {
				req, _ := http.NewRequest("GET", ts.URL+"/kommuner/779/"+c.page+"?period=2024&table="+c.table+"&format="+f, nil)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				var b bytes.Buffer
				b.ReadFrom(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || b.Len() < 20 {
					t.Errorf("%s %s %s: %d %s %.200s", c.page, c.table, f, resp.StatusCode, resp.Header.Get("Content-Disposition"), b.String())
					continue
				}
				switch f {
				case "csv":
					if c.table == "expected" && !strings.Contains(b.String(), "Skive,") {
						t.Errorf("csv lacks Skive: %.300s", b.String())
					}
				case "csv-da":
					if !strings.Contains(b.String(), ";") {
						t.Errorf("csv-da is not semicolon-separated: %.200s", b.String())
					}
				case "xlsx":
					if !bytes.HasPrefix(b.Bytes(), []byte("PK")) {
						t.Error("xlsx is not a zip")
					}
				}
			}
		}
	})

	t.Run("BadInput", func(t *testing.T) {
		before, _ := os.ReadFile(dsn)
		long := strings.Repeat("x", 1001)
		for _, c := range []struct {
			path, param string
		}{
			{"/kommuner/9999/forventet", "municipality"},
			{"/kommuner/abc/placering", "municipality"},
			{"/kommuner/" + strings.Repeat("1", 2000) + "/laering", "municipality"},
			{"/kommuner/%3Cscript%3E/sammenligning", "municipality"},
			{"/kommuner/779/forventet?period=2024Q5", "period"},
			{"/kommuner/779/forventet?period=1990", "period"},
			{"/kommuner/779/placering?period=" + long, "period"},
			{"/kommuner/779/placering?group=XYZ", "group"},
			{"/kommuner/779/placering?group=%3Cscript%3Ealert(1)%3C/script%3E", "group"},
			{"/kommuner/779/forventet?figure=full_time_persons", "figure"},
			{"/kommuner/779/forventet?figure=..%2F..%2Fetc%2Fpasswd", "figure"},
			{"/kommuner/779/forventet?figure=public_support_rate&group=KTH", "figure"},
			{"/kommuner/779/sammenlignelige?design=nope", "design"},
			{"/kommuner/779/sammenlignelige?design=iab%00", "design"},
			{"/kommuner/779/sammenligning?reference=Atlantis", "reference"},
			{"/kommuner/779/sammenligning?reference=" + long, "reference"},
			{"/kommuner/779/sammenligning?format=pdf", "format"},
			{"/kommuner/779/sammenligning?format=csv&table=nope", "table"},
			{"/kommuner/779/laering?figure=activation_rate", "figure"},
			{"/kommuner/779/laering?period=2024&period=2023", "period"},
			{"/api/v1/benchmark/peers?municipality=9999", "municipality"},
			{"/api/v1/benchmark/peers?municipality=" + long, "municipality"},
			{"/api/v1/benchmark/peers?municipality=779&design=%3Cscript%3E", "design"},
			{"/api/v1/benchmark/peers?municipality=779&lang=fr", "lang"},
			{"/api/v1/benchmark/expected?figure=outflow", "figure"},
			{"/api/v1/benchmark/expected?group=..%2F", "group"},
			{"/api/v1/benchmark/rank?period=abc", "period"},
			{"/api/v1/benchmark/rank?period=2024%00", "period"},
			{"/api/v1/benchmark/rank?evil=1", "evil"},
			{"/api/v1/benchmark/learn", "municipality"},
			{"/api/v1/benchmark/learn?municipality=Skive&period=" + url.QueryEscape("' OR 1=1 --"), "period"},
			{"/api/v1/benchmark/compare?municipality=779&reference=%00", "reference"},
			{"/api/v1/benchmark/compare?municipality=779&reference=../../x", "reference"},
			{"/api/v1/benchmark/compare?reference=peers", "municipality"},
		} {
			code, body := getWith(t, ts.URL+c.path, nil)
			var e struct{ Error string }
			if code != 400 || json.Unmarshal([]byte(body), &e) != nil || !strings.Contains(e.Error, c.param) {
				t.Errorf("%.80s: %d %.200s, want 400 naming %s", c.path, code, body, c.param)
			}
			if strings.Contains(body, "<script>") || len(body) > 2000 {
				t.Errorf("%.80s: the answer echoes the input: %.200s", c.path, body)
			}
		}
		after, _ := os.ReadFile(dsn)
		if !bytes.Equal(before, after) {
			t.Error("a bad request changed the store")
		}
	})

	t.Run("InBrowser", func(t *testing.T) {
		chromium(t)
		dir := "/tmp/pejling-shots"
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, p := range benchPages {
			dom := browse(t, ts.URL+"/kommuner/779/"+p+"?period=2024", filepath.Join(dir, "bench-"+p+".png"))
			for _, want := range []string{"Skive", "<table"} {
				if !strings.Contains(dom, want) {
					t.Errorf("%s: the rendered page lacks %q", p, want)
				}
			}
			if p != "laering" && p != "sammenligning" && !strings.Contains(dom, "<svg") {
				t.Errorf("%s: no chart in the rendered page", p)
			}
		}
	})
}

func decodeJSON(t *testing.T, s string) any {
	t.Helper()
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, s)
	}
	return v
}
