package sqldb

import "github.com/pejling/pejling"

var municipalityFacts = table[pejling.MunicipalityFact]{
	name:   "municipality_facts",
	cols:   []string{"municipality", "year", "variable", "value"},
	keyLen: 3,
	values: func(dst []any, f *pejling.MunicipalityFact) []any {
		return append(dst, int64(f.Municipality), int64(f.Year), f.Variable, f.Value)
	},
}

var expenditure = table[pejling.Expenditure]{
	name:   "expenditure",
	cols:   []string{"municipality", "year", "account", "kind", "amount_dkk"},
	keyLen: 4,
	values: func(dst []any, e *pejling.Expenditure) []any {
		return append(dst, int64(e.Municipality), int64(e.Year), e.Account, e.Kind, e.AmountDKK)
	},
}
