package sqldb_test

import (
	"fmt"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/sqldb"
)

// BenchmarkWriteBenefitSpells writes 100,000 spells in one import, side by side with one
// row per INSERT and with the multi-row statements the import uses, so the ratio of the
// two is measured in one run (docs/performance.md).
func BenchmarkWriteBenefitSpells(b *testing.B) {
	const n = 100000
	rows := make([]pejling.BenefitSpell, n)
	ln := make([]int, n)
	for i := range rows {
		rows[i] = pejling.BenefitSpell{PersonID: fmt.Sprintf("P%08d", i/3), Municipality: 101, Group: pejling.BenefitGroups[i%3],
			Start: pejling.MustParseDate("2020-01-01") + pejling.Date(i%3*40), End: pejling.Forever, Fraction: 1}
		ln[i] = i + 2
	}
	for _, per := range []int{1, 100} {
		b.Run(fmt.Sprintf("RowsPerStatement=%d", per), func(b *testing.B) {
			defer sqldb.SetRowsPerStatement(per)()
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := MustOpenDB(b)
				b.StartTimer()
				tx, err := db.BeginImport(ctx, ds("2024-12-31"), "bench")
				if err != nil {
					b.Fatal(err)
				}
				for s := 0; s < n; s += 4096 {
					e := min(s+4096, n)
					if _, err := tx.WriteBenefitSpells(ctx, rows[s:e], ln[s:e]); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := tx.Commit(ctx, pejling.ImportSummary{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
