package web

import (
	"fmt"
	"math"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/benchmark"
	"github.com/pejling/pejling/figures"
	"github.com/pejling/pejling/locale"
)

// The explanation of a figure on the dashboard, shown on click (a <details>, no
// script): its formula in words and, where the figure set holds them, the actual
// numerator and denominator, so that the value can be checked by hand. The full
// derivation down to the spells behind each term is `pejling explain` (figures.Explain).

// formula is how a figure is computed: the words, and the figures of the set that are
// its numerator and denominator ("" where the set does not hold the term itself).
type formula struct {
	da, en   string
	num, den string
}

var formulas = map[string]formula{
	figures.ActivationRate: {"fuldtidsaktiverede / fuldtidspersoner", "full-time activated / full-time persons",
		figures.FullTimeActivated, figures.FullTimePersons},
	figures.CoverageRate: {"personer med en aktiveringsdag i perioden / berørte personer", "persons with an activation day in the period / persons affected",
		"", figures.PersonsAffected},
	figures.PlacementsPerPersonAffected: {"påbegyndte virksomhedsplaceringer / berørte personer", "company placements started / persons affected",
		figures.PlacementsStarted, figures.PersonsAffected},
	figures.PlacementShareOfActivation: {"fuldtidsaktiverede i virksomhedsplacering / alle fuldtidsaktiverede", "full-time activated in company placements / all full-time activated",
		"", figures.FullTimeActivated},
	figures.CooperationRate: {"virksomheder i kommunen med en virksomhedsplacering i perioden / alle virksomheder i kommunen", "companies in the municipality with a company placement in the period / all companies in the municipality",
		"", ""},
	figures.PublicSupportRate: {"fuldtidspersoner på offentlig forsørgelse / befolkningen 16–66 år", "full-time persons on public support / population aged 16–66",
		figures.FullTimePersons, ""},
	figures.TurnoverSpeed: {"afgang til selvforsørgelse / fuldtidspersoner", "outflow to self-support / full-time persons",
		figures.Outflow, figures.FullTimePersons},
	figures.AvgDurationDays: {"gennemsnitlig længde af afsluttede sammenhængende forløb på offentlig forsørgelse (huller ≤ 7 dage lukkes)", "mean length of completed continuous periods on public support (gaps ≤ 7 days joined)",
		"", ""},
	figures.SelfSupportRate6m: {"aktiveringsforløb afsluttet i perioden, hvor personen 182 dage efter er på ingen ydelse / alle sådanne forløb", "activation spells ended in the period whose person is on no benefit 182 days later / all such spells",
		"", ""},
	figures.EmploymentRate6m: {"aktiveringsforløb afsluttet i perioden, hvor personen 182 dage efter er i beskæftigelse / alle sådanne forløb", "activation spells ended in the period whose person is employed 182 days later / all such spells",
		"", ""},
	figures.FullTimePersons:   {"Σ (dage på ydelse i perioden × andel) / periodens dage", "Σ (days on benefit in the period × fraction) / days of the period", "", ""},
	figures.PersonsAffected:   {"forskellige personer med mindst én ydelsesdag i perioden", "distinct persons with at least one benefit day in the period", "", ""},
	figures.PlacementsStarted: {"virksomhedspraktik + løntilskud (privat og offentlig) med start i perioden", "work practice + wage subsidy (private and public) starting in the period", "", ""},
	figures.Outflow:           {"ydelsesforløb, der slutter i perioden uden ny ydelse de næste 4 uger", "benefit spells ending in the period with no benefit in the next 4 weeks", "", ""},
}

// explainRow fills the explanation of row r of figure id for municipality m and group g.
func explainRow(l locale.Lang, row *dashRow, v benchmark.Values, m int, g pejling.BenefitGroup, id string) {
	f, ok := formulas[id]
	if !ok {
		return
	}
	row.Formula = l.Pick(f.da, f.en)
	term := func(tid string) string {
		if tid == "" {
			return ""
		}
		val, ok := v.Get(m, g, tid)
		if !ok || math.IsNaN(val) {
			return ""
		}
		return fmt.Sprintf("%s %s", l.Figure(tid), l.FigureValue(tid, val))
	}
	// Both terms or neither: one term alone does not make the value.
	if n, d := term(f.num), term(f.den); n != "" && d != "" {
		row.Numerator, row.Denominator = n, d
	}
}
