package importer_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

const benchRows = 200_000

var benchCodes = []int{101, 147, 151, 153, 157, 159, 161, 163, 165, 167, 169, 173, 175, 183, 185, 187, 190, 201, 210, 217}

// benchFile writes a header and benchRows rows made by row, a few rows per person as in
// a register extract sorted by person.
func benchFile(header string, row func(b *bytes.Buffer, i int)) []byte {
	var b bytes.Buffer
	b.WriteString(header)
	for i := 0; i < benchRows; i++ {
		row(&b, i)
	}
	return b.Bytes()
}

// benchDate returns day i%5000 from 1 January 2010, plus days, as YYYY-MM-DD.
func benchDate(i, days int) string {
	return (pejling.MustParseDate("2010-01-01") + pejling.Date(i%5000+days)).String()
}

func benchScan[T any](b *testing.B, data []byte, scan scanFunc[T]) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n = 0
		err := scan(bytes.NewReader(data), "bench.csv", func(int, *T) { n++ },
			func(p importer.Problem) bool { b.Fatalf("problem: %v", p); return false })
		if err != nil {
			b.Fatal(err)
		}
	}
	if n != benchRows {
		b.Fatalf("scanned %d rows, want %d", n, benchRows)
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkScanBenefitSpells(b *testing.B) {
	groups := []string{"KTH", "DGP", "SDP", "UDH", "FLX", "JAF", "LED"}
	match := []string{"jobparat", "aktivitetsparat", ""}
	data := benchFile("person_id,municipality,benefit_group,match_group,start_date,end_date,fraction\n", func(b *bytes.Buffer, i int) {
		end, fraction := benchDate(i, 90), "1"
		if i%10 == 0 {
			end = ""
		}
		if i%7 == 0 {
			fraction = "0.5"
		}
		fmt.Fprintf(b, "p%07d,%d,%s,%s,%s,%s,%s\n", i/3, benchCodes[i/3%len(benchCodes)], groups[i%len(groups)], match[i%3],
			benchDate(i, 0), end, fraction)
	})
	benchScan(b, data, importer.ScanBenefitSpells)
}

// BenchmarkScanBenefitSpellsDanish reads the Danish spreadsheet style: ;, DD-MM-YYYY,
// municipality names, decimal commas, quotes and CRLF.
func BenchmarkScanBenefitSpellsDanish(b *testing.B) {
	names := []string{"København", "Frederiksberg", "Aarhus", "Odense", "Aalborg"}
	data := benchFile("\xef\xbb\xbfperson_id;municipality;benefit_group;match_group;start_date;end_date;fraction\r\n", func(b *bytes.Buffer, i int) {
		s := benchDate(i, 0)
		e := benchDate(i, 90)
		fmt.Fprintf(b, "\"p%07d\";%s;kth;Jobparat;%s-%s-%s;%s-%s-%s;0,5\r\n", i/3, names[i%len(names)],
			s[8:10], s[5:7], s[0:4], e[8:10], e[5:7], e[0:4])
	})
	benchScan(b, data, importer.ScanBenefitSpells)
}

func BenchmarkScanActivationSpells(b *testing.B) {
	types := []string{"praktik", "lts_privat", "vejledning", "nytte", "mentor"}
	data := benchFile("person_id,municipality,benefit_group,activation_type,start_date,end_date,hours_per_week,cvr,intervention_id\n", func(b *bytes.Buffer, i int) {
		t := types[i%len(types)]
		cvr := ""
		if pejling.ActivationType(t).IsCompanyPlacement() {
			cvr = fmt.Sprintf("%08d", 10000000+i%50000)
		}
		fmt.Fprintf(b, "p%07d,%d,KTH,%s,%s,%s,%d,%s,iv-%d\n", i/2, benchCodes[i/2%len(benchCodes)], t, benchDate(i, 0), benchDate(i, 60), 10+i%28, cvr, i%100)
	})
	benchScan(b, data, importer.ScanActivationSpells)
}

func BenchmarkScanEmploymentSpells(b *testing.B) {
	data := benchFile("person_id,start_date,end_date\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, "p%07d,%s,%s\n", i/2, benchDate(i, 0), benchDate(i, 365))
	})
	benchScan(b, data, importer.ScanEmploymentSpells)
}

func BenchmarkScanCompanies(b *testing.B) {
	data := benchFile("cvr,name,municipality,industry,employees\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, "%08d,\"Firma nr. %d, Jensen's ApS\",%d,%06d,%d\n", 10000000+i, i, benchCodes[i%len(benchCodes)], 100000+i%700*1000, i%500)
	})
	benchScan(b, data, importer.ScanCompanies)
}

func BenchmarkScanMunicipalityFacts(b *testing.B) {
	vars := []string{"population_16_66", "population", "labour_force", "unemployment_pct", "commute_distance_km"}
	data := benchFile("municipality;year;variable;value\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, "%d;%d;%s;%d,%d\n", benchCodes[i%len(benchCodes)], 1900+i%300, vars[i%len(vars)], i, i%10)
	})
	benchScan(b, data, importer.ScanMunicipalityFacts)
}

func BenchmarkScanExpenditure(b *testing.B) {
	accounts := []string{"benefit:KTH", "benefit:dgp", "jobcentre_operations", "guidance_upskilling"}
	data := benchFile("municipality,year,account,kind,amount_dkk\n", func(b *bytes.Buffer, i int) {
		fmt.Fprintf(b, "%d,%d,%s,%s,%d.%02d\n", benchCodes[i%len(benchCodes)], 1900+i%300, accounts[i%len(accounts)],
			[]string{"budget", "accounts"}[i%2], i*1000, i%100)
	})
	benchScan(b, data, importer.ScanExpenditure)
}
