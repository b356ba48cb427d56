package figures_test

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

// The periods of every case: January 2024 (31 days) and February 2024 (29 days).
var (
	jan     = period("2024-01-01", "2024-01-31")
	feb     = period("2024-02-01", "2024-02-29")
	janFeb  = []figures.Period{jan, feb}
	forever = pejling.Forever
)

const all = 0 // municipality `all` in a Row

func benefit(person string, m int, g pejling.BenefitGroup, start, end string, fraction float64) pejling.BenefitSpell {
	e := forever
	if end != "" {
		e = date(end)
	}
	return pejling.BenefitSpell{PersonID: person, Municipality: m, Group: g, Start: date(start), End: e, Fraction: fraction}
}

func activation(person string, m int, g pejling.BenefitGroup, typ pejling.ActivationType, start, end string, hours float64, cvr string) pejling.ActivationSpell {
	return pejling.ActivationSpell{PersonID: person, Municipality: m, Group: g, Type: typ,
		Start: date(start), End: date(end), HoursPerWeek: hours, CVR: cvr}
}

// want is one expected value; valid false expects an empty value.
type want struct {
	m      int
	g      pejling.BenefitGroup
	p      figures.Period
	figure string
	value  float64
	valid  bool
}

// v is a non-empty expected value, empty an empty one.
func v(m int, g pejling.BenefitGroup, p figures.Period, figure string, value float64) want {
	return want{m, g, p, figure, value, true}
}

func empty(m int, g pejling.BenefitGroup, p figures.Period, figure string) want {
	return want{m, g, p, figure, 0, false}
}

type rowKey struct {
	m      int
	g      pejling.BenefitGroup
	p      figures.Period
	figure string
}

func checkRows(t *testing.T, rows []figures.Row, wants []want) {
	t.Helper()
	byKey := make(map[rowKey]figures.Row, len(rows))
	for _, r := range rows {
		byKey[rowKey{r.Municipality, r.Group, r.Period, r.Figure}] = r
	}
	for _, w := range wants {
		r, ok := byKey[rowKey{w.m, w.g, w.p, w.figure}]
		switch {
		case !ok:
			t.Errorf("%d %q %v %s: no row", w.m, w.g, w.p, w.figure)
		case r.Valid != w.valid:
			t.Errorf("%d %q %v %s: valid = %v (value %v), want %v", w.m, w.g, w.p, w.figure, r.Valid, r.Value, w.valid)
		case w.valid && math.Abs(r.Value-w.value) > 1e-12:
			t.Errorf("%d %q %v %s = %v, want %v", w.m, w.g, w.p, w.figure, r.Value, w.value)
		}
	}
}

const (
	KTH = pejling.KTH
	SDP = pejling.SDP
)

func TestCompute(t *testing.T) {
	tests := []struct {
		name  string
		in    figures.Input
		wants []want
	}{
		{
			// p1 on KTH in 101: 1–10 Jan at fraction 1 and 11–31 Jan at 0.5:
			// (10×1 + 21×0.5)/31 = 20.5/31 full-time persons, one person affected.
			name: "FullTimePersonsFraction",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-10", 1),
				benefit("p1", 101, KTH, "2024-01-11", "2024-01-31", 0.5),
			}},
			wants: []want{
				v(101, KTH, jan, "full_time_persons", 20.5/31),
				v(101, "", jan, "full_time_persons", 20.5/31),
				v(all, KTH, jan, "full_time_persons", 20.5/31),
				v(all, "", jan, "full_time_persons", 20.5/31),
				v(101, KTH, jan, "persons_affected", 1),
				v(101, SDP, jan, "full_time_persons", 0),
				v(101, SDP, jan, "persons_affected", 0),
				v(101, KTH, feb, "full_time_persons", 0),
			},
		},
		{
			// 22 Jan–9 Feb: 10 days of 31 in January, 9 of 29 in February.
			name: "SpellCrossingPeriodEnd",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-22", "2024-02-09", 1),
			}},
			wants: []want{
				v(101, KTH, jan, "full_time_persons", 10.0/31),
				v(101, KTH, feb, "full_time_persons", 9.0/29),
				v(101, KTH, jan, "persons_affected", 1),
				v(101, KTH, feb, "persons_affected", 1),
				v(101, KTH, jan, "outflow", 0),
				v(101, KTH, feb, "outflow", 1), // nothing follows 9 Feb
			},
		},
		{
			// Running from 20 Feb: 10 of 29 February days; neither outflow nor pending,
			// no completed period, so avg_duration_days is empty.
			name: "RunningSpell",
			in: figures.Input{AsOf: date("2024-02-25"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-02-20", "", 1),
			}},
			wants: []want{
				v(101, KTH, feb, "full_time_persons", 10.0/29),
				v(101, KTH, feb, "outflow", 0),
				v(101, KTH, feb, "outflow_pending", 0),
				empty(101, KTH, feb, "avg_duration_days"),
				v(101, KTH, feb, "turnover_speed", 0),
			},
		},
		{
			// Two spells of p1 over all of January are summed (2 full-time persons) but
			// p1 is one person.
			name: "OverlappingSpells",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1),
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1),
			}},
			wants: []want{
				v(101, KTH, jan, "full_time_persons", 2),
				v(101, KTH, jan, "persons_affected", 1),
			},
		},
		{
			// p1 is in 101 for 1–15 Jan and in 147 on SDP for 16–31 Jan: one person in
			// each municipality, and one — not two — in `all`.
			name: "PersonInTwoMunicipalities",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-15", 1),
				benefit("p1", 147, SDP, "2024-01-16", "2024-01-31", 1),
			}},
			wants: []want{
				v(101, "", jan, "persons_affected", 1),
				v(147, "", jan, "persons_affected", 1),
				v(all, KTH, jan, "persons_affected", 1),
				v(all, SDP, jan, "persons_affected", 1),
				v(all, "", jan, "persons_affected", 1),
				v(all, "", jan, "full_time_persons", 1), // (15 + 16)/31
			},
		},
		{
			// p1 on KTH in 101 all January (1 full-time person) with a praktik at 18.5
			// hours (18.5/37 = 0.5) and a mentor at 37 hours (1) all January:
			// full_time_activated 1.5, activation_rate 1.5, placement share 0.5/1.5,
			// one placement started per one person affected, coverage 1/1.
			name: "ActivationHours",
			in: figures.Input{AsOf: date("2024-12-31"),
				Benefit: []pejling.BenefitSpell{benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1)},
				Activation: []pejling.ActivationSpell{
					activation("p1", 101, KTH, pejling.Praktik, "2024-01-01", "2024-01-31", 18.5, "11111111"),
					activation("p1", 101, KTH, pejling.Mentor, "2024-01-01", "2024-01-31", 37, ""),
				}},
			wants: []want{
				v(101, KTH, jan, "full_time_activated", 1.5),
				v(101, KTH, jan, "activation_rate", 1.5),
				v(101, KTH, jan, "placement_share_of_activation", 0.5/1.5),
				v(101, KTH, jan, "placements_started", 1),
				v(101, KTH, jan, "placements_started_praktik", 1),
				v(101, KTH, jan, "placements_started_lts_privat", 0),
				v(101, KTH, jan, "placements_per_person_affected", 1),
				v(101, KTH, jan, "coverage_rate", 1),
				v(all, "", jan, "coverage_rate", 1),
				// February: no benefit, no activation.
				empty(101, KTH, feb, "activation_rate"),
				empty(101, KTH, feb, "placement_share_of_activation"),
				empty(101, KTH, feb, "coverage_rate"),
				empty(101, KTH, feb, "placements_per_person_affected"),
			},
		},
		{
			// Placements count in the period of their start only: an lts_privat from
			// 20 Jan to 10 Feb and an lts_offentlig from 5 Feb. Activation without any
			// benefit: placements_per_person_affected is empty (no one affected).
			name: "PlacementsStarted",
			in: figures.Input{AsOf: date("2024-12-31"), Activation: []pejling.ActivationSpell{
				activation("p1", 101, KTH, pejling.LtsPrivat, "2024-01-20", "2024-02-10", 37, "11111111"),
				activation("p2", 101, KTH, pejling.LtsOffentlig, "2024-02-05", "2024-02-29", 37, "22222222"),
			}},
			wants: []want{
				v(101, KTH, jan, "placements_started", 1),
				v(101, KTH, jan, "placements_started_lts_privat", 1),
				v(101, KTH, feb, "placements_started", 1),
				v(101, KTH, feb, "placements_started_lts_privat", 0),
				v(101, KTH, feb, "placements_started_lts_offentlig", 1),
				v(all, "", feb, "placements_started", 1),
				empty(101, KTH, jan, "placements_per_person_affected"),
				empty(101, KTH, jan, "activation_rate"),
			},
		},
		{
			// p1: benefit on KTH in 101, activation of group SDP in 101 → covered in
			// (101, all) and (all, all) but not in (101, KTH): the group must match too.
			// p2: benefit on KTH in 101, activation of KTH in 147 → covered only in
			// municipality `all` (all, KTH) and (all, all).
			name: "CoverageCells",
			in: figures.Input{AsOf: date("2024-12-31"),
				Benefit: []pejling.BenefitSpell{
					benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1),
					benefit("p2", 101, KTH, "2024-01-01", "2024-01-31", 1),
				},
				Activation: []pejling.ActivationSpell{
					activation("p1", 101, SDP, pejling.Mentor, "2024-01-10", "2024-01-10", 37, ""),
					activation("p2", 147, KTH, pejling.Mentor, "2024-01-10", "2024-01-10", 37, ""),
				}},
			wants: []want{
				v(101, KTH, jan, "coverage_rate", 0),
				v(101, "", jan, "coverage_rate", 0.5),
				v(all, KTH, jan, "coverage_rate", 0.5),
				v(all, "", jan, "coverage_rate", 1),
				empty(147, KTH, jan, "coverage_rate"), // no one affected in 147
			},
		},
		{
			// as_of 2024-12-31, every end+28 is decided.
			// p1 ends 10 Jan, nothing after: outflow.
			// p2 ends 10 Jan, on SDP in 147 from 7 Feb (= end+28): no outflow.
			// p3 ends 10 Jan, back from 8 Feb (= end+29): outflow; the later spell is
			// running, so it is neither outflow nor pending.
			// January full_time_persons of (101, KTH) = 3×10/31, so turnover_speed =
			// 2 / (30/31).
			name: "Outflow28Days",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-10", 1),
				benefit("p2", 101, KTH, "2024-01-01", "2024-01-10", 1),
				benefit("p2", 147, SDP, "2024-02-07", "2024-02-07", 1),
				benefit("p3", 101, KTH, "2024-01-01", "2024-01-10", 1),
				benefit("p3", 101, KTH, "2024-02-08", "", 1),
			}},
			wants: []want{
				v(101, KTH, jan, "outflow", 2),
				v(101, KTH, jan, "outflow_pending", 0),
				v(101, KTH, jan, "turnover_speed", 2/(30.0/31)),
				v(101, KTH, feb, "outflow", 0),
				v(147, SDP, feb, "outflow", 1), // p2's one-day spell, nothing after
				v(all, "", jan, "outflow", 2),
				v(all, "", feb, "outflow", 1),
				empty(101, SDP, jan, "turnover_speed"),
			},
		},
		{
			// as_of 1 Mar. p1 ends 2 Feb: end+28 = 1 Mar = as_of, decided → outflow.
			// p2 ends 3 Feb: end+28 = 2 Mar > as_of → pending. p3 ends 3 Feb and is back
			// on 10 Feb: still pending, not "no outflow".
			name: "OutflowPendingNearAsOf",
			in: figures.Input{AsOf: date("2024-03-01"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-02-01", "2024-02-02", 1),
				benefit("p2", 101, KTH, "2024-02-01", "2024-02-03", 1),
				benefit("p3", 101, KTH, "2024-02-01", "2024-02-03", 1),
				benefit("p3", 101, KTH, "2024-02-10", "", 1),
			}},
			wants: []want{
				v(101, KTH, feb, "outflow", 1),
				v(101, KTH, feb, "outflow_pending", 2),
			},
		},
		{
			// p1: 1–10 Jan, then 18–20 Jan: 18 − 10 − 1 = 7 → one period, 20 days.
			// p2: 1–10 Jan, then 19–20 Jan: 19 − 10 − 1 = 8 → two periods, 10 and 2 days.
			// All three end in January: mean (20 + 10 + 2)/3.
			name: "DurationGapSevenJoinsEightSplits",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-10", 1),
				benefit("p1", 101, KTH, "2024-01-18", "2024-01-20", 1),
				benefit("p2", 101, KTH, "2024-01-01", "2024-01-10", 1),
				benefit("p2", 101, KTH, "2024-01-19", "2024-01-20", 1),
			}},
			wants: []want{
				v(101, KTH, jan, "avg_duration_days", 32.0/3),
				v(all, "", jan, "avg_duration_days", 32.0/3),
				empty(101, KTH, feb, "avg_duration_days"),
			},
		},
		{
			// One period of p1: KTH in 101 from 1 Jan to 5 Feb, SDP in 147 from 5 to
			// 15 Jan inside it. Its last spell (latest end) is KTH in 101; 36 days, last
			// end in February. The gap is measured from the latest end so far, so the
			// short SDP spell does not split it.
			name: "DurationLastSpellLatestEnd",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-02-05", 1),
				benefit("p1", 147, SDP, "2024-01-05", "2024-01-15", 1),
			}},
			wants: []want{
				v(101, KTH, feb, "avg_duration_days", 36),
				v(101, "", feb, "avg_duration_days", 36),
				v(all, KTH, feb, "avg_duration_days", 36),
				v(all, "", feb, "avg_duration_days", 36),
				empty(147, SDP, jan, "avg_duration_days"),
				empty(147, "", jan, "avg_duration_days"),
				empty(all, SDP, jan, "avg_duration_days"),
				empty(all, "", jan, "avg_duration_days"),
			},
		},
		{
			// Same end and start: the larger municipality, 147, wins over 101; within
			// 147 the larger group code, SDP over KTH. 20 days.
			name: "DurationLastSpellTies",
			in: figures.Input{AsOf: date("2024-12-31"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, SDP, "2024-01-01", "2024-01-20", 1),
				benefit("p1", 147, KTH, "2024-01-01", "2024-01-20", 1),
				benefit("p1", 147, SDP, "2024-01-01", "2024-01-20", 1),
			}},
			wants: []want{
				v(147, SDP, jan, "avg_duration_days", 20),
				empty(147, KTH, jan, "avg_duration_days"),
				empty(101, SDP, jan, "avg_duration_days"),
				empty(101, "", jan, "avg_duration_days"),
				v(all, "", jan, "avg_duration_days", 20),
			},
		},
		{
			// p1 ends 19 Jan < as_of 20 Jan: completed, 19 days. p2 ends on as_of:
			// not completed. p3's period holds a running spell that joins everything
			// after it (even 1 Feb, far past a 7-day gap): never completed.
			name: "DurationCompleted",
			in: figures.Input{AsOf: date("2024-01-20"), Benefit: []pejling.BenefitSpell{
				benefit("p1", 101, KTH, "2024-01-01", "2024-01-19", 1),
				benefit("p2", 101, KTH, "2024-01-01", "2024-01-20", 1),
				benefit("p3", 101, SDP, "2024-01-01", "", 1),
				benefit("p3", 101, SDP, "2024-01-02", "2024-01-03", 1),
			}},
			wants: []want{
				v(101, KTH, jan, "avg_duration_days", 19),
				empty(101, SDP, jan, "avg_duration_days"),
				v(101, "", jan, "avg_duration_days", 19),
			},
		},
		{
			// as_of 10 Jul 2024. Activations end 10 Jan (+182 = 10 Jul = as_of) for p1
			// and p2, 11 Jan (+182 = 11 Jul > as_of) for p3, which is left out.
			// p1: no benefit on 10 Jul, employed from 1 Jul → self-supported, employed.
			// p2: benefit running through 10 Jul → neither.
			name: "SixMonthRates",
			in: figures.Input{AsOf: date("2024-07-10"),
				Benefit: []pejling.BenefitSpell{
					benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1),
					benefit("p2", 101, KTH, "2024-01-01", "", 1),
				},
				Activation: []pejling.ActivationSpell{
					activation("p1", 101, KTH, pejling.Vejledning, "2024-01-02", "2024-01-10", 37, ""),
					activation("p2", 101, KTH, pejling.Vejledning, "2024-01-02", "2024-01-10", 37, ""),
					activation("p3", 101, KTH, pejling.Vejledning, "2024-01-02", "2024-01-11", 37, ""),
				},
				Employment: []pejling.EmploymentSpell{
					{PersonID: "p1", Start: date("2024-07-01"), End: forever},
					{PersonID: "p3", Start: date("2024-07-01"), End: forever},
				}},
			wants: []want{
				v(101, KTH, jan, "self_support_rate_6m", 0.5),
				v(101, KTH, jan, "employment_rate_6m", 0.5),
				v(all, "", jan, "self_support_rate_6m", 0.5),
				empty(101, KTH, feb, "self_support_rate_6m"),
				empty(101, KTH, feb, "employment_rate_6m"),
			},
		},
		{
			// As SixMonthRates with as_of one day earlier: no activation qualifies.
			name: "SixMonthRatesBeforeDecidable",
			in: figures.Input{AsOf: date("2024-07-09"),
				Activation: []pejling.ActivationSpell{
					activation("p1", 101, KTH, pejling.Vejledning, "2024-01-02", "2024-01-10", 37, ""),
				},
				Employment: []pejling.EmploymentSpell{{PersonID: "p1", Start: date("2024-07-01"), End: forever}}},
			wants: []want{
				empty(101, KTH, jan, "self_support_rate_6m"),
				empty(101, KTH, jan, "employment_rate_6m"),
			},
		},
		{
			// Without employment data employment_rate_6m is empty even where the
			// self-support rate has a denominator (p1 has no benefit on 10 Jul: 1/1).
			name: "NoEmploymentData",
			in: figures.Input{AsOf: date("2024-07-10"),
				Activation: []pejling.ActivationSpell{
					activation("p1", 101, KTH, pejling.Vejledning, "2024-01-02", "2024-01-10", 37, ""),
				}},
			wants: []want{
				v(101, KTH, jan, "self_support_rate_6m", 1),
				empty(101, KTH, jan, "employment_rate_6m"),
			},
		},
		{
			// Companies: A and B in 101, C in 147; 751 has none. Job centre 147 places
			// a person of group SDP at A (located in 101) in January. January:
			// 101 → 1/2, 147 → 0/1, all → 1/3, 751 → empty. February: nothing hosted.
			name: "CooperationRate",
			in: figures.Input{AsOf: date("2024-12-31"),
				Municipalities: []int{751},
				Companies: []pejling.Company{
					{CVR: "11111111", Name: "A", Municipality: 101},
					{CVR: "22222222", Name: "B", Municipality: 101},
					{CVR: "33333333", Name: "C", Municipality: 147},
				},
				Activation: []pejling.ActivationSpell{
					activation("p1", 147, SDP, pejling.Praktik, "2024-01-25", "2024-01-31", 37, "11111111"),
					// Not a company placement: does not count though it names C.
					activation("p2", 147, SDP, pejling.Mentor, "2024-01-25", "2024-01-31", 37, "33333333"),
				}},
			wants: []want{
				v(101, "", jan, "cooperation_rate", 0.5),
				v(147, "", jan, "cooperation_rate", 0),
				v(all, "", jan, "cooperation_rate", 1.0/3),
				empty(751, "", jan, "cooperation_rate"),
				v(101, "", feb, "cooperation_rate", 0),
			},
		},
		{
			// p1 in 101 and p2 in 147 all January: full_time_persons 1 each, 2 in all.
			// Population 16–66 for 2024 in 101 only (1000): 101 → 1/1000, 147 empty,
			// all → full_time_persons(all, all) / 1000 = 2/1000 (the literal rule).
			name: "PublicSupportRate",
			in: figures.Input{AsOf: date("2024-12-31"),
				Benefit: []pejling.BenefitSpell{
					benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1),
					benefit("p2", 147, KTH, "2024-01-01", "2024-01-31", 1),
				},
				Population16to66: map[figures.MunicipalityYear]float64{{Municipality: 101, Year: 2024}: 1000, {Municipality: 101, Year: 2023}: 7}},
			wants: []want{
				v(101, "", jan, "public_support_rate", 0.001),
				empty(147, "", jan, "public_support_rate"),
				v(all, "", jan, "public_support_rate", 0.002),
				v(101, "", feb, "public_support_rate", 0),
			},
		},
		{
			// A data set with only a named municipality: counts and sums 0, ratios empty.
			name: "NothingHappened",
			in:   figures.Input{AsOf: date("2024-12-31"), Municipalities: []int{101}},
			wants: []want{
				v(101, KTH, jan, "full_time_persons", 0),
				v(101, KTH, jan, "persons_affected", 0),
				v(101, KTH, jan, "placements_started", 0),
				v(101, KTH, jan, "outflow", 0),
				v(all, "", jan, "outflow_pending", 0),
				empty(101, KTH, jan, "activation_rate"),
				empty(101, KTH, jan, "coverage_rate"),
				empty(101, KTH, jan, "placements_per_person_affected"),
				empty(101, KTH, jan, "placement_share_of_activation"),
				empty(101, "", jan, "cooperation_rate"),
				empty(101, "", jan, "public_support_rate"),
				empty(all, "", jan, "public_support_rate"),
				empty(101, KTH, jan, "turnover_speed"),
				empty(101, KTH, jan, "avg_duration_days"),
				empty(101, KTH, jan, "self_support_rate_6m"),
				empty(101, KTH, jan, "employment_rate_6m"),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkRows(t, figures.Compute(tt.in, janFeb), tt.wants)
		})
	}
}

// textKey is the five key fields of a row as §9 writes them.
func textKey(r figures.Row) [5]string {
	m, g := "all", "all"
	if r.Municipality != all {
		m = strconv.Itoa(r.Municipality)
	}
	if r.Group != "" {
		g = string(r.Group)
	}
	return [5]string{m, g, r.Period.First.String(), r.Period.Last.String(), r.Figure}
}

func TestComputeRowsCompleteAndSorted(t *testing.T) {
	// Municipalities 99 and 101 (101 only from a spell) and `all`, two periods given
	// out of order. Per (municipality, period): 14 groups × 17 figures + group `all` ×
	// 19 figures = 257 rows; 3 × 2 × 257 = 1542.
	in := figures.Input{AsOf: date("2024-12-31"), Municipalities: []int{99},
		Benefit: []pejling.BenefitSpell{benefit("p1", 101, KTH, "2024-01-01", "2024-01-31", 1)}}
	rows := figures.Compute(in, []figures.Period{feb, jan})
	if got, want := len(rows), 3*2*(14*17+19); got != want {
		t.Fatalf("got %d rows, want %d", got, want)
	}
	for i := 1; i < len(rows); i++ {
		a, b := textKey(rows[i-1]), textKey(rows[i])
		if slices.Compare(a[:], b[:]) >= 0 {
			t.Fatalf("row %d %v is not after row %d %v", i, b, i-1, a)
		}
	}
	if got := textKey(rows[0]); got != [5]string{"101", "AMY", "2024-01-01", "2024-01-31", "activation_rate"} {
		t.Errorf("first row %v", got)
	}
	if got := textKey(rows[len(rows)-1]); got != [5]string{"all", "all", "2024-02-01", "2024-02-29", "turnover_speed"} {
		t.Errorf("last row %v", got)
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.Figure]++
		if (r.Figure == "cooperation_rate" || r.Figure == "public_support_rate") && r.Group != "" {
			t.Errorf("%v exists for a group", textKey(r))
		}
	}
	for _, f := range figures.Figures {
		n := 3 * 2 * 15
		if f == "cooperation_rate" || f == "public_support_rate" {
			n = 3 * 2
		}
		if seen[f] != n {
			t.Errorf("%s: %d rows, want %d", f, seen[f], n)
		}
	}
	if len(seen) != len(figures.Figures) {
		t.Errorf("%d figure ids in the rows, want %d", len(seen), len(figures.Figures))
	}
}

func TestComputePanics(t *testing.T) {
	tests := []struct {
		name    string
		in      figures.Input
		periods []figures.Period
	}{
		{"PeriodEndsBeforeStart", figures.Input{}, []figures.Period{{First: date("2024-02-01"), Last: date("2024-01-31")}}},
		{"MunicipalityZero", figures.Input{Benefit: []pejling.BenefitSpell{benefit("p1", 0, KTH, "2024-01-01", "", 1)}}, janFeb},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			figures.Compute(tt.in, tt.periods)
		})
	}
}
