package economics_test

import (
	"math"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
)

func followUpSpell(id string, muni int, g pejling.BenefitGroup, m pejling.MatchGroup, start, end string) pejling.BenefitSpell {
	e := pejling.Forever
	if end != "" {
		e = pejling.MustParseDate(end)
	}
	return pejling.BenefitSpell{PersonID: id, Municipality: muni, Group: g, Match: m, Start: pejling.MustParseDate(start), End: e, Fraction: 1}
}

// followUpPersons is the tiny register of the follow-up tests (as of 2024-12-31, the
// target group KTH in 101). 2023: P1 6 weeks (42 days) and P2 61 days (two spells 5
// days apart form one period) — P3 starts on DGP, P4 is in 147, P5 started in 2022.
// 2024: P6 4 weeks, P8 2 weeks completed, P7 running since 2024-02-01 (335 days: 48
// weeks, censored); Kaplan–Meier S(2) = 2/3, S(4) = 1/3, so the median is 4 weeks.
func followUpPersons() []pejling.Person {
	s := followUpSpell
	return []pejling.Person{
		{ID: "P1", Benefit: []pejling.BenefitSpell{s("P1", 101, pejling.KTH, "", "2023-01-02", "2023-02-12")},
			Activation: []pejling.ActivationSpell{{PersonID: "P1", Municipality: 101, Group: pejling.KTH, Type: pejling.Mentor,
				Start: pejling.MustParseDate("2023-01-10"), End: pejling.MustParseDate("2023-01-20"), HoursPerWeek: 5, InterventionID: "INT-9"}}},
		{ID: "P2", Benefit: []pejling.BenefitSpell{s("P2", 101, pejling.KTH, pejling.Jobparat, "2023-03-01", "2023-03-28"),
			s("P2", 101, pejling.KTH, pejling.Jobparat, "2023-04-03", "2023-04-30")}},
		{ID: "P3", Benefit: []pejling.BenefitSpell{s("P3", 101, pejling.DGP, "", "2023-05-01", "2023-05-31"),
			s("P3", 101, pejling.KTH, "", "2023-06-01", "2023-06-30")}},
		{ID: "P4", Benefit: []pejling.BenefitSpell{s("P4", 147, pejling.KTH, "", "2023-01-01", "2023-01-31")}},
		{ID: "P5", Benefit: []pejling.BenefitSpell{s("P5", 101, pejling.KTH, "", "2022-12-01", "2023-01-31")}},
		{ID: "P6", Benefit: []pejling.BenefitSpell{s("P6", 101, pejling.KTH, "", "2024-01-01", "2024-01-28")}},
		{ID: "P7", Benefit: []pejling.BenefitSpell{s("P7", 101, pejling.KTH, "", "2024-02-01", "")}},
		{ID: "P8", Benefit: []pejling.BenefitSpell{s("P8", 101, pejling.KTH, "", "2024-03-01", "2024-03-14")}},
	}
}

func followUpCase() *economics.BusinessCase {
	share := 0.5
	return &economics.BusinessCase{Version: 1, TargetGroup: economics.BusinessCaseTarget{Name: "tiny", BenefitGroup: pejling.KTH},
		FirstYear: 2023, Inflow: 2, WeeksBefore: 10, WeeksAfter: 5, BenefitCost: 52000, Share: &share,
		Operating: economics.BusinessCaseOperating{Salary: 10000}, RampUp: []float64{0.5}, Horizon: 2}
}

func followUpRun(c *economics.BusinessCase) []economics.FollowUpYear {
	e := economics.NewFollowUpEstimator(c, 101, pejling.MustParseDate("2024-12-31"))
	for _, p := range followUpPersons() {
		e.Add(&p)
	}
	return e.Years()
}

func TestFollowUpTiny(t *testing.T) {
	ys := followUpRun(followUpCase())
	if len(ys) != 2 {
		t.Fatalf("%d years, want 2", len(ys))
	}
	y := ys[0]
	if y.Year != 2023 || y.RealisedInflow != 2 || y.Completed != 2 || y.Censored != 0 || y.DurationBasis != "mean" || y.Partial {
		t.Errorf("2023: %+v", y)
	}
	// (42 + 61) / 2 / 7 weeks; saving (10 − 103/14) × 2 × 52,000/52 × 0.5.
	businessCaseNear(t, "2023 weeks", *y.RealisedWeeks, 103.0/14, 1e-12)
	businessCaseNear(t, "2023 saving", *y.RealisedNetSaving, (10-103.0/14)*2*500, 1e-9)
	businessCaseNear(t, "2023 result", *y.RealisedNetResult, (10-103.0/14)*2*500-10000, 1e-9)
	businessCaseNear(t, "2023 assumed weeks", y.AssumedWeeks, 7.5, 1e-12)
	businessCaseNear(t, "2023 assumed saving", y.AssumedNetSaving, 2*2.5*500, 1e-9)

	y = ys[1]
	if y.RealisedInflow != 3 || y.Completed != 2 || y.Censored != 1 || y.DurationBasis != "km_median" {
		t.Errorf("2024: %+v", y)
	}
	businessCaseNear(t, "2024 mean of completed", *y.MeanWeeksCompleted, 3, 1e-12)
	businessCaseNear(t, "2024 KM median", *y.MedianWeeksKM, 4, 0)
	businessCaseNear(t, "2024 saving", *y.RealisedNetSaving, 6*3*500, 1e-9)
}

func TestFollowUpFilters(t *testing.T) {
	t.Run("Intervention", func(t *testing.T) {
		c := followUpCase()
		c.TargetGroup.InterventionID = "INT-9"
		y := followUpRun(c)[0]
		if y.RealisedInflow != 1 || math.Abs(*y.RealisedWeeks-6) > 1e-12 {
			t.Errorf("%+v", y)
		}
	})
	t.Run("MatchGroup", func(t *testing.T) {
		c := followUpCase()
		c.TargetGroup.MatchGroup = pejling.Jobparat
		ys := followUpRun(c)
		if ys[0].RealisedInflow != 1 || math.Abs(*ys[0].RealisedWeeks-61.0/7) > 1e-12 || ys[1].RealisedInflow != 0 || ys[1].RealisedWeeks != nil {
			t.Errorf("%+v", ys)
		}
	})
	t.Run("YearsUpToAsOf", func(t *testing.T) {
		c := followUpCase()
		c.FirstYear, c.Horizon = 2024, 5
		ys := followUpRun(c)
		if len(ys) != 1 || ys[0].Year != 2024 {
			t.Errorf("%+v", ys)
		}
	})
}
