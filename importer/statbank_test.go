package importer_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

// statBankFile is the real AUK01 export of shared/data/dk, copied so the test runs on
// a clean checkout.
const statBankFile = "../dk/AUK01_net_unemployed_social_assistance.csv"

func TestScanStatBankAUK01(t *testing.T) {
	data, err := os.ReadFile(statBankFile)
	if err != nil {
		t.Fatal(err)
	}
	got := scanString(importer.ScanStatBank, "AUK01.csv", string(data))
	noProblems(t, got)
	kinds := map[importer.StatBankArea]map[string]bool{}
	periods := map[string]bool{}
	for _, r := range got.Records {
		if kinds[r.AreaKind] == nil {
			kinds[r.AreaKind] = map[string]bool{}
		}
		kinds[r.AreaKind][r.Area] = true
		periods[r.Period] = true
		if r.First > r.Last || r.Missing {
			t.Errorf("row %+v", r)
		}
	}
	want := map[importer.StatBankArea]int{importer.AreaMunicipality: 98, importer.AreaCountry: 1, importer.AreaRegion: 5,
		importer.AreaProvince: 11, importer.AreaAbroad: 1, importer.AreaNotStated: 1}
	for k, n := range want {
		if len(kinds[k]) != n {
			t.Errorf("%v: %d areas, want %d", k, len(kinds[k]), n)
		}
	}
	if len(got.Records) != 8892 || len(periods) != 76 {
		t.Errorf("%d rows, %d periods", len(got.Records), len(periods))
	}
}

func TestScanStatBank(t *testing.T) {
	d := pejling.MustParseDate
	input := "\xef\xbb\xbfOMRÅDE;KØN;TID;INDHOLD\r\n" +
		"Hele landet;I alt;2023K1;19206\r\n" +
		"København;Mænd;2023Q4;12,5\r\n" +
		"Region Hovedstaden;I alt;2024M02;..\r\n" +
		"Landsdel Byen København;I alt;2023;\r\n" +
		"Uoplyst kommune;I alt;2023H2;3.25\r\n" +
		"751 Aarhus;I alt;2023M12;7\r\n" +
		"Udlandet;I alt;2023m01;1\r\n"
	got := scanString(importer.ScanStatBank, "t.csv", input)
	noProblems(t, got)
	want := []struct {
		kind        importer.StatBankArea
		code        int
		period      string
		first, last string
		value       float64
		missing     bool
	}{
		{importer.AreaCountry, 0, "2023Q1", "2023-01-01", "2023-03-31", 19206, false},
		{importer.AreaMunicipality, 101, "2023Q4", "2023-10-01", "2023-12-31", 12.5, false},
		{importer.AreaRegion, 0, "2024M02", "2024-02-01", "2024-02-29", 0, true},
		{importer.AreaProvince, 0, "2023", "2023-01-01", "2023-12-31", 0, true},
		{importer.AreaNotStated, 0, "2023H2", "2023-07-01", "2023-12-31", 3.25, false},
		{importer.AreaMunicipality, 751, "2023M12", "2023-12-01", "2023-12-31", 7, false},
		{importer.AreaAbroad, 0, "2023M01", "2023-01-01", "2023-01-31", 1, false},
	}
	if len(got.Records) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got.Records), len(want))
	}
	for i, w := range want {
		r := got.Records[i]
		if r.AreaKind != w.kind || r.Municipality != w.code || r.Period != w.period || r.First != d(w.first) ||
			r.Last != d(w.last) || r.Missing != w.missing || (!w.missing && r.Value != w.value) || got.Lines[i] != i+2 {
			t.Errorf("row %d: got %+v, want %+v", i, r, w)
		}
	}
	if r := got.Records[1]; r.Area != "København" || len(r.Dims) != 1 || r.Dims[0] != "Mænd" || r.DimNames[0] != "KØN" {
		t.Errorf("labels: %+v", r)
	}
}

func TestScanStatBankProblems(t *testing.T) {
	tests := []struct {
		name, row, column, reason string
	}{
		{"UnknownArea", "Christiansø;2023Q1;1", "OMRÅDE", "unknown area"},
		{"CodeNameMismatch", "101 Aarhus;2023Q1;1", "OMRÅDE", "different municipalities"},
		{"BadUnit", "Aarhus;2023X1;1", "TID", "not a StatBank time code"},
		{"Quarter5", "Aarhus;2023Q5;1", "TID", "no quarter 5"},
		{"Month13", "Aarhus;2023M13;1", "TID", "no month 13"},
		{"MonthOneDigit", "Aarhus;2023M4;1", "TID", "not a StatBank time code"},
		{"Year", "Aarhus;1899;1", "TID", "1900–2199"},
		{"Number", "Aarhus;2023;1.234,5", "INDHOLD", "not a number"},
		{"MissingColumn", "Aarhus;2023", "", "2 fields, the header has 3"},
		{"AreaRequired", ";2023;1", "OMRÅDE", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := scanString(importer.ScanStatBank, "t.csv", "OMRÅDE;TID;INDHOLD\n"+tt.row+"\nAarhus;2023;1\n")
			wantProblem(t, got.Problems, 2, tt.column, tt.reason)
			if len(got.Records) != 1 {
				t.Errorf("scan did not go on: %d rows", len(got.Records))
			}
		})
	}
	t.Run("NoTimeColumn", func(t *testing.T) {
		got := scanString(importer.ScanStatBank, "t.csv", "OMRÅDE,INDHOLD\nAarhus,1\n")
		wantProblem(t, got.Problems, 0, "", `missing the time column`)
	})
	t.Run("LongLine", func(t *testing.T) {
		got := scanString(importer.ScanStatBank, "t.csv", "OMRÅDE;TID;INDHOLD\nAarhus;2023;1\n"+strings.Repeat("x", importer.MaxLineBytes+1)+"\n")
		wantProblem(t, got.Problems, 3, "", "longer than 1 MiB")
	})
}

func FuzzScanStatBank(f *testing.F) {
	for _, s := range []string{
		"\xef\xbb\xbfOMRÅDE;KØN;TID;INDHOLD\r\nHele landet;I alt;2023K1;19206\r\nKøbenhavn;Mænd;2023Q4;12,5\r\n",
		"OMRÅDE;TID;INDHOLD\nRegion Hovedstaden;2024M02;..\n751 Aarhus;2023H2;\nChristiansø;2023Q5;1\n",
		"area,time,content\n\"Copenhagen\",2023,1.5\n", "TID;INDHOLD\n2023;1\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		err := importer.ScanStatBank(bytes.NewReader(data), "t.csv", func(line int, r *importer.StatBankRow) {
			if r.First > r.Last || r.AreaKind == 0 || (r.AreaKind == importer.AreaMunicipality) != (r.Municipality != 0) {
				t.Fatalf("bad row %+v", *r)
			}
		}, func(p importer.Problem) bool {
			if p.File != "t.csv" || p.Reason == "" {
				t.Fatalf("bad problem %+v", p)
			}
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
