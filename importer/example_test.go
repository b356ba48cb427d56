package importer_test

import (
	"fmt"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/importer"
)

func ExampleScanBenefitSpells() {
	input := "person_id;municipality;benefit_group;start_date;end_date;fraction\n" +
		"p1;København;kth;05-01-2023;31-03-2023;0,5\n" +
		"p2;999;KTH;2023-01-05;;\n" +
		"p3;0751;DGP;2023-02-01;;\n"
	err := importer.ScanBenefitSpells(strings.NewReader(input), "benefit_spells.csv",
		func(line int, s *pejling.BenefitSpell) {
			fmt.Printf("line %d: %s in %d on %s from %s to %q, fraction %g\n",
				line, s.PersonID, s.Municipality, s.Group, s.Start, s.End, s.Fraction)
		},
		func(p importer.Problem) bool {
			fmt.Println(p)
			return true
		})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// line 2: p1 in 101 on KTH from 2023-01-05 to "2023-03-31", fraction 0.5
	// benefit_spells.csv:3: municipality 999: unknown municipality (give the code, e.g. 101, or the Danish name)
	// line 4: p3 in 751 on DGP from 2023-02-01 to "", fraction 1
}

func ExampleParseDecimal() {
	for _, s := range []string{"0,5", "-12.25", "1.234,5", "1e3"} {
		v, ok := importer.ParseDecimal(s)
		fmt.Println(s, v, ok)
	}
	// Output:
	// 0,5 0.5 true
	// -12.25 -12.25 true
	// 1.234,5 0 false
	// 1e3 0 false
}
