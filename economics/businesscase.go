package economics

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/pejling/pejling"
)

// BusinessCaseWeeksPerYear is the week-year convention of business cases: a yearly
// benefit cost is 52 weekly rates, and weeks saved become full-time persons by ÷ 52.
// It reproduces the published Hillerød case better than 365.25/7 = 52.18 weeks
// (docs/economics.md): the published durations are rounded, and ÷ 52 lands closest.
const BusinessCaseWeeksPerYear = 52.0

// BusinessCaseVersion is the version of the business case document this code writes
// and reads.
const BusinessCaseVersion = 1

// BusinessCaseMaxHorizon is the longest horizon a business case may have, in years.
const BusinessCaseMaxHorizon = 30

// BusinessCase is the saved and shared input of an investment business case (DOMAIN.md
// §5). Amounts are kroner, rates and shares fractions (0.5, not 50), durations weeks.
type BusinessCase struct {
	Version     int                   `json:"version"`
	TargetGroup BusinessCaseTarget    `json:"target_group"`
	FirstYear   int                   `json:"first_year,omitempty"`  // calendar year of year 1; needed by the follow-up
	Inflow      float64               `json:"yearly_inflow"`         // persons a year entering the target group
	WeeksBefore float64               `json:"duration_before_weeks"` // mean duration without the intervention
	WeeksAfter  float64               `json:"duration_after_weeks"`  // mean duration with it, at full effect
	BenefitCost float64               `json:"yearly_benefit_cost"`   // gross benefit cost of one full-time person a year
	Share       *float64              `json:"municipal_share,omitempty"`
	Staircase   *Staircase            `json:"staircase,omitempty"` // used when municipal_share is absent; nil: DefaultStaircase
	Operating   BusinessCaseOperating `json:"operating_costs"`
	RampUp      []float64             `json:"ramp_up"` // share of full effect in year 1, 2, …; later years 1
	Horizon     int                   `json:"horizon_years"`
	Discount    float64               `json:"discount_rate"`
	Notes       string                `json:"notes,omitempty"`
}

// BusinessCaseTarget names the target group: the benefit group, optionally a match
// group and an intervention id (activation spells carrying it), and a name to show.
type BusinessCaseTarget struct {
	Name           string               `json:"name"`
	BenefitGroup   pejling.BenefitGroup `json:"benefit_group"`
	MatchGroup     pejling.MatchGroup   `json:"match_group,omitempty"`
	InterventionID string               `json:"intervention_id,omitempty"`
}

// BusinessCaseOperating is the intervention's yearly operating cost and the share of
// each part the state reimburses.
type BusinessCaseOperating struct {
	Salary              float64 `json:"salary"`
	SalaryReimbursement float64 `json:"salary_reimbursement"`
	Other               float64 `json:"other"`
	OtherReimbursement  float64 `json:"other_reimbursement"`
}

// Net is the municipality's operating cost of a full year: salary × (1 − its
// reimbursement) + other × (1 − its reimbursement).
func (o BusinessCaseOperating) Net() float64 {
	return o.Salary*(1-o.SalaryReimbursement) + o.Other*(1-o.OtherReimbursement)
}

// businessCaseReimbursed is ∫ rate over the time on support (from, to] in weeks, with
// week w covering (w−1, w]: the reimbursed weeks of that stretch.
func businessCaseReimbursed(stairs Staircase, from, to float64) float64 {
	var sum float64
	for _, s := range stairs.Steps {
		lo, hi := float64(s.FromWeek-1), math.Inf(1)
		if s.ToWeek != 0 {
			hi = float64(s.ToWeek)
		}
		if a, b := math.Max(lo, from), math.Min(hi, to); b > a {
			sum += (b - a) * s.Rate
		}
	}
	return sum
}

// MunicipalShare is the municipality's share of the benefit on the weeks saved: the
// given municipal_share, or 1 − the mean reimbursement rate of the staircase over the
// saved weeks (after, before] of a spell — the weeks the intervention removes are the
// late ones, where reimbursement is lowest. With before = after it is the rate of the
// week just after. It is the simplification of the business case: the staircase counts
// from the start of the spell, not from accumulated time over the last year.
func (c *BusinessCase) MunicipalShare(before, after float64) float64 {
	if c.Share != nil {
		return *c.Share
	}
	steps := DefaultStaircase()
	if c.Staircase != nil {
		steps = c.Staircase.For(c.TargetGroup.BenefitGroup)
	}
	if before-after < 1e-9 {
		return 1 - businessCaseReimbursed(steps, after, after+1e-6)/1e-6
	}
	return 1 - businessCaseReimbursed(steps, after, before)/(before-after)
}

// ramp is the share of full effect in year k (1-based).
func (c *BusinessCase) ramp(k int) float64 {
	if k <= len(c.RampUp) {
		return c.RampUp[k-1]
	}
	return 1
}

// BusinessCaseYear is one year of a business case's result.
type BusinessCaseYear struct {
	Year                 int     `json:"year"` // 1 … horizon
	CalendarYear         int     `json:"calendar_year,omitempty"`
	RampUp               float64 `json:"ramp_up"`
	WeeksSaved           float64 `json:"weeks_saved"`
	FullTimePersonsSaved float64 `json:"full_time_persons_saved"`
	GrossSaving          float64 `json:"gross_saving"`
	NetSaving            float64 `json:"net_saving"`
	NetOperatingCost     float64 `json:"net_operating_cost"`
	NetResult            float64 `json:"net_result"`
	Discounted           float64 `json:"discounted_net_result"`
	Cumulative           float64 `json:"cumulative_net_result"`
}

// BusinessCaseResult is the outputs document of a business case.
type BusinessCaseResult struct {
	Version        int     `json:"version"`
	Name           string  `json:"name"`
	WeeksPerYear   float64 `json:"weeks_per_year"`
	MunicipalShare float64 `json:"municipal_share"`
	ShareSource    string  `json:"municipal_share_source"` // given or staircase
	// NetOperatingCost is that of a full year; every year of the horizon bears it.
	NetOperatingCost float64            `json:"net_operating_cost"`
	Years            []BusinessCaseYear `json:"years"`
	NPV              float64            `json:"net_present_value"`
	// PaybackYears is nil when the case does not pay back within the horizon.
	PaybackYears *float64 `json:"payback_years"`
	// BreakEvenWeeks is the smallest duration cut that pays in a full year; nil when even
	// cutting the whole duration does not.
	BreakEvenWeeks *float64                `json:"break_even_weeks"`
	Sensitivity    BusinessCaseSensitivity `json:"sensitivity"`
}

// BusinessCaseSensitivity is the NPV for the assumed duration cut scaled by each
// EffectFactors[i] and the operating cost scaled by each CostFactors[j]: NPV[i][j].
type BusinessCaseSensitivity struct {
	EffectFactors []float64   `json:"effect_factors"`
	CostFactors   []float64   `json:"cost_factors"`
	NPV           [][]float64 `json:"npv"`
}

// BusinessCaseFactors are the factors of the sensitivity table, 50 % … 150 %.
var BusinessCaseFactors = []float64{0.5, 0.75, 1, 1.25, 1.5}

// Evaluate computes the business case (docs/economics.md, "Business case"). With
// cut = before − after, r_k the ramp-up of year k, s the municipal share, B the yearly
// benefit cost and O the net operating cost:
//
//	weeks saved_k = inflow · cut · r_k,  persons_k = weeks_k / 52,
//	gross_k = persons_k · B,  net saving_k = gross_k · s,  result_k = net saving_k − O,
//	NPV = Σ_{k=1}^{H} result_k / (1 + d)^k   (end-of-year discounting).
//
// Payback is the first time t (years) at which the undiscounted cumulative savings
// reach the cumulative costs, the operating cost of a year committed at its start and
// savings accruing evenly through it. The case must be valid (Validate).
func (c *BusinessCase) Evaluate() BusinessCaseResult {
	r := BusinessCaseResult{Version: BusinessCaseVersion, Name: c.TargetGroup.Name, WeeksPerYear: BusinessCaseWeeksPerYear,
		MunicipalShare: c.MunicipalShare(c.WeeksBefore, c.WeeksAfter), ShareSource: "staircase",
		NetOperatingCost: c.Operating.Net()}
	if c.Share != nil {
		r.ShareSource = "given"
	}
	var cum float64
	for k := 1; k <= c.Horizon; k++ {
		y := BusinessCaseYear{Year: k, RampUp: c.ramp(k), NetOperatingCost: r.NetOperatingCost}
		if c.FirstYear != 0 {
			y.CalendarYear = c.FirstYear + k - 1
		}
		y.WeeksSaved = c.Inflow * (c.WeeksBefore - c.WeeksAfter) * y.RampUp
		y.FullTimePersonsSaved = y.WeeksSaved / BusinessCaseWeeksPerYear
		y.GrossSaving = y.FullTimePersonsSaved * c.BenefitCost
		y.NetSaving = y.GrossSaving * r.MunicipalShare
		y.NetResult = y.NetSaving - y.NetOperatingCost
		y.Discounted = y.NetResult / math.Pow(1+c.Discount, float64(k))
		cum += y.NetResult
		y.Cumulative = cum
		r.NPV += y.Discounted
		r.Years = append(r.Years, y)
	}
	r.PaybackYears = businessCasePayback(r.Years)
	r.BreakEvenWeeks = c.breakEven()
	r.Sensitivity = c.sensitivity()
	return r
}

func businessCasePayback(years []BusinessCaseYear) *float64 {
	var saved, spent float64
	for i, y := range years {
		spent += y.NetOperatingCost
		if need := spent - saved; need <= 0 {
			t := float64(i)
			return &t
		} else if y.NetSaving >= need {
			t := float64(i) + need/y.NetSaving
			return &t
		}
		saved += y.NetSaving
	}
	return nil
}

// yearSaving is the net saving of a full year (ramp-up 1) when the duration is cut by
// cut weeks.
func (c *BusinessCase) yearSaving(cut float64) float64 {
	after := c.WeeksBefore - cut
	return c.Inflow * cut / BusinessCaseWeeksPerYear * c.BenefitCost * c.MunicipalShare(c.WeeksBefore, after)
}

// breakEven is the smallest cut in [0, before] with yearSaving(cut) = the net operating
// cost: closed form for a given share, bisection for a staircase share (the saving
// grows with the cut either way).
func (c *BusinessCase) breakEven() *float64 {
	o := c.Operating.Net()
	if o <= 0 {
		z := 0.0
		return &z
	}
	if c.yearSaving(c.WeeksBefore) < o {
		return nil
	}
	var cut float64
	if c.Share != nil {
		cut = o * BusinessCaseWeeksPerYear / (c.Inflow * c.BenefitCost * *c.Share)
	} else {
		lo, hi := 0.0, c.WeeksBefore
		for range 200 {
			mid := (lo + hi) / 2
			if c.yearSaving(mid) < o {
				lo = mid
			} else {
				hi = mid
			}
		}
		cut = hi
	}
	return &cut
}

func (c *BusinessCase) sensitivity() BusinessCaseSensitivity {
	s := BusinessCaseSensitivity{EffectFactors: BusinessCaseFactors, CostFactors: BusinessCaseFactors}
	for _, e := range BusinessCaseFactors {
		row := make([]float64, len(BusinessCaseFactors))
		for j, f := range BusinessCaseFactors {
			v := *c
			// The cut cannot exceed the whole duration.
			v.WeeksAfter = math.Max(0, c.WeeksBefore-e*(c.WeeksBefore-c.WeeksAfter))
			v.Operating.Salary *= f
			v.Operating.Other *= f
			row[j] = v.npv()
		}
		s.NPV = append(s.NPV, row)
	}
	return s
}

func (c *BusinessCase) npv() float64 {
	share, o := c.MunicipalShare(c.WeeksBefore, c.WeeksAfter), c.Operating.Net()
	var npv float64
	for k := 1; k <= c.Horizon; k++ {
		saving := c.Inflow * (c.WeeksBefore - c.WeeksAfter) * c.ramp(k) / BusinessCaseWeeksPerYear * c.BenefitCost * share
		npv += (saving - o) / math.Pow(1+c.Discount, float64(k))
	}
	return npv
}

// BusinessCaseMaxBytes caps a business case document: 1 MiB is far beyond any real one.
const BusinessCaseMaxBytes = 1 << 20

// businessCaseSchema lists the keys each object of the document may hold, by JSON path;
// required keys are marked with a leading "!".
var businessCaseSchema = map[string][]string{
	"":                  {"!version", "!target_group", "first_year", "!yearly_inflow", "!duration_before_weeks", "!duration_after_weeks", "!yearly_benefit_cost", "municipal_share", "staircase", "!operating_costs", "!ramp_up", "!horizon_years", "!discount_rate", "notes"},
	"target_group":      {"!name", "!benefit_group", "match_group", "intervention_id"},
	"operating_costs":   {"!salary", "!salary_reimbursement", "!other", "!other_reimbursement"},
	"staircase":         {"!steps"},
	"staircase.steps[]": {"!from_week", "to_week", "!rate"},
}

// ParseBusinessCase reads a business case document: JSON, with lines whose first
// non-blank characters are // taken as comments (JSON strings cannot span lines, so
// such a line is never inside one), at most BusinessCaseMaxBytes. Every key must be
// known and every required key present; the values must pass Validate. Errors are
// EINVALID and name the JSON path of the field.
func ParseBusinessCase(r io.Reader) (*BusinessCase, error) {
	data, err := io.ReadAll(io.LimitReader(r, BusinessCaseMaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read business case: %w", err)
	}
	if len(data) > BusinessCaseMaxBytes {
		return nil, pejling.Errorf(pejling.EINVALID, "business case: the document is over %d bytes", BusinessCaseMaxBytes)
	}
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		if bytes.HasPrefix(bytes.TrimSpace(l), []byte("//")) {
			lines[i] = nil
		}
	}
	data = bytes.Join(lines, []byte("\n"))

	var generic any
	if err := json.Unmarshal(data, &generic); err != nil {
		return nil, businessCaseJSONError(data, err)
	}
	if _, ok := generic.(map[string]any); !ok {
		return nil, pejling.Errorf(pejling.EINVALID, "business case: the document must be a JSON object")
	}
	if err := businessCaseCheckKeys("", generic); err != nil {
		return nil, err
	}
	var c BusinessCase
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return nil, businessCaseJSONError(data, err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func businessCaseJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
		return pejling.Errorf(pejling.EINVALID, "business case: malformed JSON at line %d: %s", line, pejling.Clip(syn.Error()))
	case errors.As(err, &typ):
		return pejling.Errorf(pejling.EINVALID, "business case: %s: want a %s, not %s", cmpOr(typ.Field, "(document)"), typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return pejling.Errorf(pejling.EINVALID, "business case: malformed JSON: the document ends early")
	}
	return pejling.Errorf(pejling.EINVALID, "business case: %s", pejling.Clip(strings.TrimPrefix(err.Error(), "json: ")))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// businessCaseCheckKeys checks the objects of the decoded document v at path against
// businessCaseSchema: no unknown keys, no missing required ones.
func businessCaseCheckKeys(path string, v any) error {
	schema := path
	if i := strings.LastIndex(schema, "["); i >= 0 && strings.HasSuffix(schema, "]") {
		schema = schema[:i] + "[]"
	}
	switch v := v.(type) {
	case map[string]any:
		keys, ok := businessCaseSchema[schema]
		if !ok {
			return nil // a value where an object is not expected: the typed decoding says so
		}
		for k := range v {
			if !slices.Contains(keys, k) && !slices.Contains(keys, "!"+k) {
				return pejling.Errorf(pejling.EINVALID, "business case: %s: unknown field", businessCaseJoin(path, pejling.Clip(k)))
			}
		}
		for _, k := range keys {
			if name, req := strings.CutPrefix(k, "!"); req {
				if x, ok := v[name]; !ok || x == nil {
					return pejling.Errorf(pejling.EINVALID, "business case: %s: missing", businessCaseJoin(path, name))
				}
			}
		}
		for k, x := range v {
			if err := businessCaseCheckKeys(businessCaseJoin(path, k), x); err != nil {
				return err
			}
		}
	case []any:
		for i, x := range v {
			if err := businessCaseCheckKeys(fmt.Sprintf("%s[%d]", path, i), x); err != nil {
				return err
			}
		}
	}
	return nil
}

func businessCaseJoin(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Validate checks that the business case is possible; its errors are EINVALID and name
// the JSON path of the field.
func (c *BusinessCase) Validate() error {
	bad := func(path, format string, args ...any) error {
		return pejling.Errorf(pejling.EINVALID, "business case: %s: %s", path, fmt.Sprintf(format, args...))
	}
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	share := func(path string, v float64) error {
		if !finite(v) || v < 0 || v > 1 {
			return bad(path, "%g is not a share between 0 and 1", v)
		}
		return nil
	}
	nonNeg := func(path string, v float64) error {
		if !finite(v) || v < 0 {
			return bad(path, "%g is negative", v)
		}
		return nil
	}
	switch {
	case c.Version != BusinessCaseVersion:
		return bad("version", "%d is not a known version (this is version %d)", c.Version, BusinessCaseVersion)
	case strings.TrimSpace(c.TargetGroup.Name) == "":
		return bad("target_group.name", "empty")
	case !c.TargetGroup.BenefitGroup.Valid():
		return bad("target_group.benefit_group", "%q is not a benefit group", pejling.Clip(string(c.TargetGroup.BenefitGroup)))
	case !c.TargetGroup.MatchGroup.Valid():
		return bad("target_group.match_group", "%q is not a match group", pejling.Clip(string(c.TargetGroup.MatchGroup)))
	case c.FirstYear != 0 && (c.FirstYear < 1990 || c.FirstYear > 2100):
		return bad("first_year", "%d is not a plausible year", c.FirstYear)
	}
	for _, f := range []struct {
		path string
		v    float64
	}{{"yearly_inflow", c.Inflow}, {"duration_before_weeks", c.WeeksBefore}, {"duration_after_weeks", c.WeeksAfter},
		{"yearly_benefit_cost", c.BenefitCost}, {"operating_costs.salary", c.Operating.Salary}, {"operating_costs.other", c.Operating.Other}} {
		if err := nonNeg(f.path, f.v); err != nil {
			return err
		}
	}
	if c.WeeksAfter > c.WeeksBefore {
		return bad("duration_after_weeks", "%g is longer than duration_before_weeks %g", c.WeeksAfter, c.WeeksBefore)
	}
	if err := share("operating_costs.salary_reimbursement", c.Operating.SalaryReimbursement); err != nil {
		return err
	}
	if err := share("operating_costs.other_reimbursement", c.Operating.OtherReimbursement); err != nil {
		return err
	}
	if c.Share != nil {
		if err := share("municipal_share", *c.Share); err != nil {
			return err
		}
		if c.Staircase != nil {
			return bad("staircase", "give either municipal_share or a staircase, not both")
		}
	}
	if c.Staircase != nil {
		if err := c.Staircase.Validate(); err != nil {
			return bad("staircase.steps", "%s", pejling.ErrorMessage(err))
		}
	}
	if c.Horizon < 1 || c.Horizon > BusinessCaseMaxHorizon {
		return bad("horizon_years", "%d is not between 1 and %d years", c.Horizon, BusinessCaseMaxHorizon)
	}
	if len(c.RampUp) > c.Horizon {
		return bad("ramp_up", "%d years is longer than horizon_years %d", len(c.RampUp), c.Horizon)
	}
	for i, v := range c.RampUp {
		if err := share(fmt.Sprintf("ramp_up[%d]", i), v); err != nil {
			return err
		}
	}
	if !finite(c.Discount) || c.Discount < 0 || c.Discount >= 1 {
		return bad("discount_rate", "%g is not a rate in [0, 1) (0.04 is 4 %%)", c.Discount)
	}
	return nil
}
