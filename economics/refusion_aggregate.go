package economics

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"

	"github.com/pejling/pejling"
)

// RefusionDuration is one entry of a duration distribution: the share (of the periods
// on public support that start) lasting Weeks weeks.
type RefusionDuration struct {
	Weeks int     `json:"weeks"`
	Share float64 `json:"share"`
}

// DefaultRefusionDurations is an illustrative distribution of the lengths of periods on
// public support, for users without data of their own: 30 % last 13 weeks, 25 % 26,
// 20 % 52, 15 % 104 and 10 % 156 weeks. It is an assumption, not an estimate; the
// survival curves of pejling survival give a municipality's own.
func DefaultRefusionDurations() []RefusionDuration {
	return []RefusionDuration{{13, 0.30}, {26, 0.25}, {52, 0.20}, {104, 0.15}, {156, 0.10}}
}

// ParseRefusionDurations reads a duration distribution from JSON, {"durations":
// [{"weeks": 13, "share": 0.3}, …]}, and validates it (ValidateRefusionDurations).
func ParseRefusionDurations(b []byte) ([]RefusionDuration, error) {
	var f struct {
		Durations []RefusionDuration `json:"durations"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, pejling.Errorf(pejling.EINVALID, "durations file: not valid JSON of the durations format: %s", pejling.Clip(err.Error()))
	}
	return f.Durations, ValidateRefusionDurations(f.Durations)
}

// ValidateRefusionDurations checks that there is at least one entry, every entry has
// weeks ≥ 1 and a share ≥ 0, and the shares sum to 1 (within 1e-6); it fails with
// EINVALID naming the entry.
func ValidateRefusionDurations(ds []RefusionDuration) error {
	if len(ds) == 0 {
		return pejling.Errorf(pejling.EINVALID, "durations: no entries")
	}
	sum := 0.0
	for i, d := range ds {
		if d.Weeks < 1 {
			return pejling.Errorf(pejling.EINVALID, "durations entry %d: weeks %d must be at least 1", i+1, d.Weeks)
		}
		if math.IsNaN(d.Share) || d.Share < 0 || d.Share > 1 {
			return pejling.Errorf(pejling.EINVALID, "durations entry %d: share %v is outside 0–1", i+1, d.Share)
		}
		sum += d.Share
	}
	if math.Abs(sum-1) > 1e-6 {
		return pejling.Errorf(pejling.EINVALID, "durations: the shares sum to %v, not 1", sum)
	}
	return nil
}

// RefusionAggregate is the aggregate estimate of AggregateRefusion, in DKK per year.
type RefusionAggregate struct {
	FullTimePersons   float64
	RateDKK           float64 // gross cost per full-time person per year
	Gross             float64 // FullTimePersons × RateDKK
	ReimbursementRate float64 // the average staircase rate over the weeks on support
	Reimbursement     float64 // Gross × ReimbursementRate
	Net               float64 // Gross − Reimbursement
	// StepShares[i] is the share of the weeks on support that fall in staircase step i.
	StepShares []float64
}

// AggregateRefusion estimates the yearly reimbursement of a stock of fullTimePersons
// on a benefit of rate DKK per full-time person per year, when the periods on support
// last as durations says. In a steady state the weeks on support are those of the
// periods, so week w of a period weighs share × (number of periods reaching w):
//
//	ReimbursementRate = Σ_i share_i Σ_{w=1..weeks_i} stair(w) / Σ_i share_i × weeks_i
//
// and Net = fullTimePersons × rate × (1 − ReimbursementRate). It assumes every period
// starts the count afresh (no earlier support within 52 weeks). It fails with EINVALID
// on a negative or non-finite fullTimePersons or rate, an invalid staircase or invalid
// durations.
func AggregateRefusion(fullTimePersons, rate float64, durations []RefusionDuration, stairs Staircase) (RefusionAggregate, error) {
	var out RefusionAggregate
	if math.IsNaN(fullTimePersons) || math.IsInf(fullTimePersons, 0) || fullTimePersons < 0 {
		return out, pejling.Errorf(pejling.EINVALID, "full-time persons %v: give a number ≥ 0", fullTimePersons)
	}
	if math.IsNaN(rate) || math.IsInf(rate, 0) || rate < 0 {
		return out, pejling.Errorf(pejling.EINVALID, "rate %v: give DKK per full-time person per year ≥ 0", rate)
	}
	if err := stairs.Validate(); err != nil {
		return out, err
	}
	if err := ValidateRefusionDurations(durations); err != nil {
		return out, err
	}
	weeks := make([]float64, len(stairs.Steps)) // weighted weeks per step
	total := 0.0
	for _, d := range durations {
		for i, st := range stairs.Steps {
			hi := d.Weeks
			if st.ToWeek != 0 {
				hi = min(hi, st.ToWeek)
			}
			if n := hi - st.FromWeek + 1; n > 0 {
				weeks[i] += d.Share * float64(n)
			}
		}
		total += d.Share * float64(d.Weeks)
	}
	if total == 0 {
		return out, pejling.Errorf(pejling.EINVALID, "durations: every share is 0")
	}
	out.StepShares = make([]float64, len(weeks))
	for i, w := range weeks {
		out.StepShares[i] = w / total
		out.ReimbursementRate += out.StepShares[i] * stairs.Steps[i].Rate
	}
	out.FullTimePersons, out.RateDKK = fullTimePersons, rate
	out.Gross = fullTimePersons * rate
	out.Reimbursement = out.Gross * out.ReimbursementRate
	out.Net = out.Gross - out.Reimbursement
	return out, nil
}

// String gives the step as "weeks 5–26 at 40 %" for messages and tables.
func (st StaircaseStep) String() string {
	return fmt.Sprintf("weeks %d–%s at %g %%", st.FromWeek, staircaseStepEnd(st), st.Rate*100)
}
