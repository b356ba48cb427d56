package importer

import (
	"io"

	"github.com/pejling/pejling"
)

// Columns of expenditure.csv.
const (
	exMunicipality = iota
	exYear
	exAccount
	exKind
	exAmountDKK
)

var expenditureColumns = []column{
	exMunicipality: {"municipality", true},
	exYear:         {"year", true},
	exAccount:      {"account", true},
	exKind:         {"kind", true},
	exAmountDKK:    {"amount_dkk", true},
}

// accountBenefitPrefix starts the account of benefits paid in a group, "benefit:KTH".
const accountBenefitPrefix = "benefit:"

var (
	reasonAccount = "unknown account (" + accountBenefitPrefix + "<benefit group> such as benefit:KTH, " +
		pejling.AccountJobcentreOperations + " or " + pejling.AccountGuidanceUpskilling + ")"
	reasonAccountGroup = "unknown benefit group in account (" + joinCodes(pejling.BenefitGroups) + ")"
	reasonKind         = "unknown kind (" + pejling.KindBudget + " or " + pejling.KindAccounts + ")"
)

// benefitAccounts holds "benefit:<group>" for each group, so rows share the strings.
var benefitAccounts = func() map[pejling.BenefitGroup]string {
	m := map[pejling.BenefitGroup]string{}
	for _, g := range pejling.BenefitGroups {
		m[g] = accountBenefitPrefix + string(g)
	}
	return m
}()

// ScanExpenditure reads expenditure.csv from r, streaming: it calls emit for each valid
// record in file order and problem for each problem found. When problem returns false
// the scan stops at once and returns nil. The returned error is only for I/O errors of
// r. The pointer passed to emit is reused: emit copies.
//
// account and kind are matched in any letter case and stored as "benefit:KTH",
// "jobcentre_operations", "budget"; amount_dkk may be negative (corrections).
func ScanExpenditure(r io.Reader, file string, emit func(line int, e *pejling.Expenditure), problem func(Problem) bool) error {
	s := newScanner(r, file, expenditureColumns, problem)
	var rec pejling.Expenditure
	return s.run(func() {
		var ok bool
		if rec.Municipality, ok = s.municipality(exMunicipality); !ok {
			return
		}
		if rec.Year, ok = s.year(exYear); !ok {
			return
		}
		if rec.Account, ok = s.account(); !ok {
			return
		}
		if rec.Kind, ok = s.expenditureKind(); !ok {
			return
		}
		if rec.AmountDKK, ok = s.decimal(exAmountDKK); !ok {
			return
		}
		emit(s.line, &rec)
	})
}

func (s *scanner) account() (string, bool) {
	f, ok := s.required(exAccount)
	if !ok {
		return "", false
	}
	switch {
	case equalFold(f, pejling.AccountJobcentreOperations):
		return pejling.AccountJobcentreOperations, true
	case equalFold(f, pejling.AccountGuidanceUpskilling):
		return pejling.AccountGuidanceUpskilling, true
	case len(f) > len(accountBenefitPrefix) && equalFold(f[:len(accountBenefitPrefix)], accountBenefitPrefix):
		if g, ok := lookupFold(f[len(accountBenefitPrefix):], pejling.BenefitGroups); ok {
			return benefitAccounts[g], true
		}
		return "", s.report(exAccount, f, reasonAccountGroup)
	}
	return "", s.report(exAccount, f, reasonAccount)
}

func (s *scanner) expenditureKind() (string, bool) {
	f, ok := s.required(exKind)
	if !ok {
		return "", false
	}
	for _, k := range []string{pejling.KindBudget, pejling.KindAccounts} {
		if equalFold(f, k) {
			return k, true
		}
	}
	return "", s.report(exKind, f, reasonKind)
}
