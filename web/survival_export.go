package web

import (
	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/figures"
)

// survivalTable is the curves as pejling survival's CSV has them, one row per week.
func survivalTable(pg survivalPage, curves []figures.Curve) export.Table {
	t := export.Table{Title: pg.T("surv.title"), Columns: []export.Column{
		{Name: "cohort_first"}, {Name: "cohort_last"}, {Name: "by"}, {Name: "stratum"},
		{Name: "week", Kind: export.Integer}, {Name: "at_risk", Kind: export.Integer}, {Name: "events", Kind: export.Integer},
		{Name: "censored", Kind: export.Integer}, {Name: "survival", Kind: export.Number, Decimals: 6},
		{Name: "lower", Kind: export.Number, Decimals: 6}, {Name: "upper", Kind: export.Number, Decimals: 6},
		{Name: "cif_self_support", Kind: export.Number, Decimals: 6}, {Name: "cif_other_benefit", Kind: export.Number, Decimals: 6}}}
	for _, c := range curves {
		for _, p := range c.Points {
			t.Rows = append(t.Rows, []any{c.Cohort.First.String(), c.Cohort.Last.String(), string(c.By), c.Stratum,
				p.Week, p.AtRisk, p.Events, p.Censored, p.Survival, p.Lower, p.Upper, p.CIFSelfSupport, p.CIFOtherBenefit})
		}
	}
	return t
}
