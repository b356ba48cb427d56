package economics_test

import (
	"math"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

// ratesJSON returns a rates file with every group at dkk in each of years, and extra
// entries appended.
func ratesJSON(dkk string, years []string, extra ...string) string {
	var e []string
	for _, y := range years {
		for _, g := range pejling.BenefitGroups {
			e = append(e, `{"year":`+y+`,"group":"`+string(g)+`","dkk_per_year":`+dkk+`}`)
		}
	}
	e = append(e, extra...)
	return `{"comment":"test","rates":[` + strings.Join(e, ",") + `]}`
}

func TestDefaultRates(t *testing.T) {
	r := economics.DefaultRates()
	if got := r.Rate(pejling.DGP, 2024); got != 236736 {
		t.Errorf("DGP 2024 = %v, want 236736 (19,728 kr/month × 12)", got)
	}
	for _, g := range pejling.BenefitGroups {
		if v := r.Rate(g, 2019); v <= 0 || v != r.Rate(g, 2024) {
			t.Errorf("%s 2019 = %v: want the 2024 rate %v by the nearest-year rule", g, v, r.Rate(g, 2024))
		}
	}
	if r.Comment == "" {
		t.Error("the default rates have no comment")
	}
}

func TestRatesNearestYear(t *testing.T) {
	r, err := economics.LoadRates(strings.NewReader(ratesJSON("100", []string{"2020"},
		`{"year":2022,"group":"KTH","dkk_per_year":200}`, `{"year":2030,"group":"KTH","dkk_per_year":300}`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		year int
		want float64
	}{{2010, 100}, {2020, 100}, {2021, 100}, {2022, 200}, {2026, 200}, {2027, 300}, {2050, 300}} {
		if got := r.Rate(pejling.KTH, c.year); got != c.want {
			t.Errorf("KTH %d = %v, want %v (nearest year; ties: the earlier)", c.year, got, c.want)
		}
	}
	if got := r.Rate(pejling.DGP, 2030); got != 100 {
		t.Errorf("DGP 2030 = %v, want 100 (the only year of DGP)", got)
	}
}

// ratesIndexed is ratesJSON with an indexation list.
func ratesIndexed(file, indexation string) string {
	return strings.TrimSuffix(file, "}") + `,"indexation":[` + indexation + `]}`
}

// TestRatesIndexation works the price index by hand. KTH is 100 in 2020 and 200 in
// 2022; the rates rise 2 % into 2021, 10 % into 2023 and fall 5 % into 2019 (each
// entry is the change from the year before into its year):
//
//	2021 (nearest 2020) = 100 · 1.02 = 102
//	2023 (nearest 2022) = 200 · 1.10 = 220
//	2024 (no entry)     = 220 · 1    = 220
//	2019 (nearest 2020) = 100 / 1    = 100        (no change into 2020)
//	2018                = 100 / 1 / 0.95 = 105.263158   (the −5 % into 2019 means 2018 was higher)
func TestRatesIndexation(t *testing.T) {
	file := ratesIndexed(ratesJSON("100", []string{"2020"}, `{"year":2022,"group":"KTH","dkk_per_year":200}`),
		`{"year":2021,"percent":2,"source":"test"},{"year":2023,"percent":10},{"year":2019,"percent":-5}`)
	r, err := economics.LoadRates(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Indexed() || economics.DefaultRates().Indexed() {
		t.Error("Indexed: want true for the file, false for the defaults (fixed 2024 prices)")
	}
	for _, c := range []struct {
		year int
		want float64
	}{{2020, 100}, {2021, 102}, {2022, 200}, {2023, 220}, {2024, 220}, {2019, 100}, {2018, 100 / 0.95}} {
		if got := r.Rate(pejling.KTH, c.year); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("KTH %d = %v, want %v", c.year, got, c.want)
		}
	}
}

func TestLoadRatesBad(t *testing.T) {
	for _, c := range []struct{ name, file, want string }{
		{"Malformed", `{"rates": [`, "not valid JSON"},
		{"Negative", ratesJSON("-5", []string{"2024"}), "entry 1 (year 2024, group \"DGP\"): dkk_per_year -5 is negative"},
		{"UnknownGroup", ratesJSON("1", []string{"2024"}, `{"year":2024,"group":"XYZ","dkk_per_year":1}`), "group \"XYZ\"): unknown benefit group"},
		{"MissingGroup", `{"rates":[{"year":2024,"group":"KTH","dkk_per_year":1}]}`, "no rate for benefit group DGP"},
		{"Duplicate", ratesJSON("1", []string{"2024"}, `{"year":2024,"group":"KTH","dkk_per_year":1}`), "appear twice"},
		{"MissingAmount", `{"rates":[{"year":2024,"group":"KTH"}]}`, "dkk_per_year is missing"},
		{"Year", ratesJSON("1", []string{"24"}), "year outside 1990–2100"},
		{"UnknownField", `{"rates":[],"ratez":1}`, "not valid JSON"},
		{"Empty", `{"rates":[]}`, "empty or missing"},
		{"IndexMissingPercent", ratesIndexed(ratesJSON("1", []string{"2024"}), `{"year":2025}`), "indexation entry 1 (year 2025): percent is missing"},
		{"IndexTooLarge", ratesIndexed(ratesJSON("1", []string{"2024"}), `{"year":2025,"percent":80}`), "percent 80 outside ±50"},
		{"IndexDuplicate", ratesIndexed(ratesJSON("1", []string{"2024"}), `{"year":2025,"percent":1},{"year":2025,"percent":2}`), "indexation entry 2 (year 2025): the year appears twice"},
		{"IndexYear", ratesIndexed(ratesJSON("1", []string{"2024"}), `{"year":3000,"percent":1}`), "year outside 1990–2100"},
		{"IndexUnknownField", ratesIndexed(ratesJSON("1", []string{"2024"}), `{"year":2025,"pct":1}`), "not valid JSON"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := economics.LoadRates(strings.NewReader(c.file))
			if pejling.ErrorCode(err) != pejling.EINVALID || !strings.Contains(pejling.ErrorMessage(err), c.want) {
				t.Fatalf("err = %v, want EINVALID with %q", err, c.want)
			}
		})
	}
}
