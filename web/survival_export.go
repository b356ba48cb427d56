package web

import (
	"encoding/json"
	"io"

	"github.com/pejling/pejling/export"
	"github.com/pejling/pejling/figures"
)

// survivalPointJSON and survivalCurveJSON are the shape pejling survival --format json
// writes; the API answers the same bytes.
type survivalPointJSON struct {
	Week            int     `json:"week"`
	AtRisk          int     `json:"at_risk"`
	Events          int     `json:"events"`
	Censored        int     `json:"censored"`
	Survival        float64 `json:"survival"`
	Lower           float64 `json:"lower"`
	Upper           float64 `json:"upper"`
	CIFSelfSupport  float64 `json:"cif_self_support"`
	CIFOtherBenefit float64 `json:"cif_other_benefit"`
}

type survivalCurveJSON struct {
	First   string              `json:"cohort_first"`
	Last    string              `json:"cohort_last"`
	By      string              `json:"by"`
	Stratum string              `json:"stratum"`
	Periods int                 `json:"periods"`
	Events  int                 `json:"events"`
	Points  []survivalPointJSON `json:"points"`
}

func writeSurvivalJSON(w io.Writer, curves []figures.Curve) error {
	out := struct {
		Curves []survivalCurveJSON `json:"curves"`
	}{Curves: make([]survivalCurveJSON, len(curves))}
	for i, c := range curves {
		out.Curves[i] = survivalCurveJSON{First: c.Cohort.First.String(), Last: c.Cohort.Last.String(), By: string(c.By),
			Stratum: c.Stratum, Periods: c.Periods, Events: c.Events, Points: make([]survivalPointJSON, len(c.Points))}
		for j, p := range c.Points {
			out.Curves[i].Points[j] = survivalPointJSON{p.Week, p.AtRisk, p.Events, p.Censored, p.Survival, p.Lower, p.Upper,
				p.CIFSelfSupport, p.CIFOtherBenefit}
		}
	}
	return json.NewEncoder(w).Encode(out)
}

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
