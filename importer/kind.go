package importer

import "strconv"

// Kind names one of the CSV files of a data set (DOMAIN.md §9).
type Kind int

// The kinds of file, in the order a data set is loaded: companies and municipality facts
// first, since spells refer to them.
const (
	Companies Kind = iota
	MunicipalityFacts
	Expenditure
	BenefitSpells
	ActivationSpells
	EmploymentSpells
)

// Kinds lists every kind of file in load order.
var Kinds = []Kind{Companies, MunicipalityFacts, Expenditure, BenefitSpells, ActivationSpells, EmploymentSpells}

var kindNames = [...]string{
	Companies:         "companies",
	MunicipalityFacts: "municipality_facts",
	Expenditure:       "expenditure",
	BenefitSpells:     "benefit_spells",
	ActivationSpells:  "activation_spells",
	EmploymentSpells:  "employment_spells",
}

// FileName returns the base name of the kind's file in a data set folder, e.g.
// "benefit_spells.csv".
func (k Kind) FileName() string { return k.String() + ".csv" }

// String returns the kind's name without the extension, e.g. "benefit_spells".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "kind(" + strconv.Itoa(int(k)) + ")"
	}
	return kindNames[k]
}
