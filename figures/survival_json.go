package figures

import (
	"encoding/json"
	"io"
)

// WriteCurvesJSON writes survival curves as one JSON document {"curves": […]}: the
// form of `pejling survival --format json` and of /api/v1/survival, written here once so
// that the two cannot differ.
func WriteCurvesJSON(w io.Writer, curves []Curve) error {
	type point struct {
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
	type curve struct {
		First   string  `json:"cohort_first"`
		Last    string  `json:"cohort_last"`
		By      string  `json:"by"`
		Stratum string  `json:"stratum"`
		Periods int     `json:"periods"`
		Events  int     `json:"events"`
		Points  []point `json:"points"`
	}
	out := struct {
		Curves []curve `json:"curves"`
	}{Curves: make([]curve, len(curves))}
	for i, c := range curves {
		out.Curves[i] = curve{First: c.Cohort.First.String(), Last: c.Cohort.Last.String(), By: string(c.By),
			Stratum: c.Stratum, Periods: c.Periods, Events: c.Events, Points: make([]point, len(c.Points))}
		for j, p := range c.Points {
			out.Curves[i].Points[j] = point{p.Week, p.AtRisk, p.Events, p.Censored, p.Survival, p.Lower, p.Upper,
				p.CIFSelfSupport, p.CIFOtherBenefit}
		}
	}
	return json.NewEncoder(w).Encode(out)
}
