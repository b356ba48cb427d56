package web

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/economics"
	"github.com/pejling/pejling/locale"
)

// The business case form. Its fields are named by the JSON path of the document's
// field they fill, so an error of Validate ("business case: yearly_inflow: …") is shown
// next to its field. Amounts are kroner and durations weeks, as in the document; shares
// and rates are percentages (50, not 0.5), as people write them; a decimal comma or
// point is accepted.
const (
	bcName        = "target_group.name"
	bcGroup       = "target_group.benefit_group"
	bcMatchGroup  = "target_group.match_group"
	bcAction      = "target_group.intervention_id"
	bcFirstYear   = "first_year"
	bcInflow      = "yearly_inflow"
	bcBefore      = "duration_before_weeks"
	bcAfter       = "duration_after_weeks"
	bcCost        = "yearly_benefit_cost"
	bcShare       = "municipal_share"
	bcStairs      = "use_staircase" // checkbox: compute the share from the staircase
	bcStaircase   = "staircase"     // a custom staircase as JSON (carried from an upload)
	bcSalary      = "operating_costs.salary"
	bcSalaryRe    = "operating_costs.salary_reimbursement"
	bcOther       = "operating_costs.other"
	bcOtherRe     = "operating_costs.other_reimbursement"
	bcRampUp      = "ramp_up"
	bcHorizon     = "horizon_years"
	bcDiscount    = "discount_rate"
	bcNotes       = "notes"
	bcMaxAmount   = 1e12 // kroner, persons or weeks: beyond any municipality
	bcMaxTextRune = 2000
)

// bcFields are the form's fields, in the order of the form.
var bcFields = []string{bcName, bcGroup, bcMatchGroup, bcAction, bcFirstYear, bcInflow, bcBefore, bcAfter, bcCost, bcShare, bcStairs,
	bcStaircase, bcSalary, bcSalaryRe, bcOther, bcOtherRe, bcRampUp, bcHorizon, bcDiscount, bcNotes}

// bcPercent are the fields written as percentages.
var bcPercent = map[string]bool{bcShare: true, bcSalaryRe: true, bcOtherRe: true, bcDiscount: true, bcRampUp: true}

// HilleroedExample is the published Hillerød business case (immediate activation of
// young people; economics/testdata/hilleroed.json): the form's example when it is
// empty.
func HilleroedExample() economics.BusinessCase {
	share := 0.5
	return economics.BusinessCase{
		Version:     economics.BusinessCaseVersion,
		TargetGroup: economics.BusinessCaseTarget{Name: "Hillerød: straksaktivering af unge", BenefitGroup: pejling.BenefitGroup("UDH")},
		FirstYear:   2024, Inflow: 459, WeeksBefore: 17, WeeksAfter: 4.8, BenefitCost: 72000, Share: &share,
		Operating: economics.BusinessCaseOperating{Salary: 500000, SalaryReimbursement: 0, Other: 167000, OtherReimbursement: 0.5},
		RampUp:    []float64{0.5, 1, 1, 1}, Horizon: 4, Discount: 0.04,
	}
}

// bcSubmitted reports whether the query holds a case (any field of the form).
func bcSubmitted(q url.Values) bool {
	for _, k := range bcFields {
		if _, ok := q[k]; ok {
			return true
		}
	}
	return false
}

// bcFieldError is an EINVALID error naming a form field.
func bcFieldError(field, format string, args ...any) error {
	return pejling.Errorf(pejling.EINVALID, "business case: %s: %s", field, fmt.Sprintf(format, args...))
}

// bcErrorField is the form field an error of ParseBusinessCase, Validate or the form
// names ("business case: ramp_up[2]: …" → ramp_up), or "" when it names none.
func bcErrorField(err error) string {
	msg := strings.TrimPrefix(pejling.ErrorMessage(err), "business case: ")
	path, _, ok := strings.Cut(msg, ": ")
	if !ok {
		return ""
	}
	if i := strings.IndexByte(path, '['); i >= 0 {
		path = path[:i]
	}
	if path == "staircase.steps" || path == "staircase" {
		return bcStaircase
	}
	for _, f := range bcFields {
		if f == path {
			return f
		}
	}
	return ""
}

// parseNumber reads a number as people write it, in either language: "1.234,5",
// "1234,5", "1234.5", "4,8", "1 234". A comma is the decimal mark when there is one
// (the dots are then thousands marks); without a comma, dots grouping exactly three
// digits ("72.000", "1.234.567") are thousands marks — this is a Danish app, and the
// form and its links write decimals with a comma — and any other dot is a decimal point.
func parseNumber(field, raw string) (float64, error) {
	s := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '_' {
			return -1
		}
		return r
	}, strings.TrimSpace(raw))
	if s == "" {
		return 0, bcFieldError(field, "missing")
	}
	if strings.Contains(s, ",") || thousands.MatchString(s) {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	}
	return bcNumber(field, raw, s)
}

// thousands matches an integer written with dots between groups of three digits.
var thousands = regexp.MustCompile(`^[-+]?[0-9]{1,3}(\.[0-9]{3})+$`)

// bcNumber checks the number s (Go syntax) of a field given as raw.
func bcNumber(field, raw, s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, bcFieldError(field, "%q is not a number", pejling.Clip(raw))
	}
	if math.Abs(v) > bcMaxAmount {
		return 0, bcFieldError(field, "%s is too large", pejling.Clip(raw))
	}
	if bcPercent[field] {
		v /= 100
	}
	return v, nil
}

// parseBusinessCaseForm reads a business case from the form's query and validates it;
// errors are EINVALID and name the field. A field given twice is refused rather than
// one of the values silently chosen.
func parseBusinessCaseForm(q url.Values) (*economics.BusinessCase, error) {
	for _, k := range bcFields {
		if len(q[k]) > 1 {
			return nil, bcFieldError(k, "given %d times", len(q[k]))
		}
	}
	text := func(k string) (string, error) {
		v := strings.TrimSpace(q.Get(k))
		if len([]rune(v)) > bcMaxTextRune {
			return "", bcFieldError(k, "longer than %d characters", bcMaxTextRune)
		}
		return v, nil
	}
	c := economics.BusinessCase{Version: economics.BusinessCaseVersion, RampUp: []float64{}}
	var err error
	if c.TargetGroup.Name, err = text(bcName); err != nil {
		return nil, err
	}
	if c.Notes, err = text(bcNotes); err != nil {
		return nil, err
	}
	for k, dst := range map[string]*string{bcGroup: (*string)(&c.TargetGroup.BenefitGroup), bcMatchGroup: (*string)(&c.TargetGroup.MatchGroup), bcAction: &c.TargetGroup.InterventionID} {
		if *dst, err = text(k); err != nil {
			return nil, err
		}
	}
	if c.TargetGroup.BenefitGroup == "" {
		return nil, bcFieldError(bcGroup, "missing")
	}
	for _, f := range []struct {
		k   string
		dst *float64
	}{{bcInflow, &c.Inflow}, {bcBefore, &c.WeeksBefore}, {bcAfter, &c.WeeksAfter}, {bcCost, &c.BenefitCost},
		{bcSalary, &c.Operating.Salary}, {bcSalaryRe, &c.Operating.SalaryReimbursement}, {bcOther, &c.Operating.Other},
		{bcOtherRe, &c.Operating.OtherReimbursement}, {bcDiscount, &c.Discount}} {
		if *f.dst, err = parseNumber(f.k, q.Get(f.k)); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		k   string
		dst *int
	}{{bcHorizon, &c.Horizon}, {bcFirstYear, &c.FirstYear}} {
		raw := strings.TrimSpace(q.Get(f.k))
		if raw == "" && f.k == bcFirstYear {
			continue
		}
		v, err := parseNumber(f.k, raw)
		if err != nil {
			return nil, err
		}
		if v != math.Trunc(v) || math.Abs(v) > 1e6 {
			return nil, bcFieldError(f.k, "%q is not a whole number", pejling.Clip(raw))
		}
		*f.dst = int(v)
	}
	switch stairs := q.Get(bcStairs); stairs {
	case "":
		v, err := parseNumber(bcShare, q.Get(bcShare))
		if err != nil {
			return nil, err
		}
		c.Share = &v
	case "on", "1", "true":
		if raw := strings.TrimSpace(q.Get(bcStaircase)); raw != "" {
			var st economics.Staircase
			dec := json.NewDecoder(strings.NewReader(raw))
			dec.DisallowUnknownFields()
			if len(raw) > 1<<14 || dec.Decode(&st) != nil {
				return nil, bcFieldError(bcStaircase, "not a staircase ({\"steps\": [{\"from_week\", \"to_week\", \"rate\"}, …]})")
			}
			c.Staircase = &st
		}
	default:
		return nil, bcFieldError(bcStairs, "%q is not on or empty", pejling.Clip(stairs))
	}
	for i, part := range strings.FieldsFunc(q.Get(bcRampUp), func(r rune) bool { return r == ';' || r == ' ' || r == '/' || r == ',' }) {
		if i >= economics.BusinessCaseMaxHorizon {
			return nil, bcFieldError(bcRampUp, "more than %d years", economics.BusinessCaseMaxHorizon)
		}
		v, err := bcNumber(bcRampUp, part, part) // a point: the comma separates the years
		if err != nil {
			return nil, bcFieldError(fmt.Sprintf("ramp_up[%d]", i), "%q is not a number", pejling.Clip(part))
		}
		c.RampUp = append(c.RampUp, v)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// businessCaseValues writes a case as the form's values, numbers in the page's
// language (a decimal comma in Danish); with l "" plain, for links.
func businessCaseValues(c *economics.BusinessCase, l locale.Lang) url.Values {
	num := func(v float64, percent bool) string {
		if percent {
			v *= 100
		}
		// Twelve significant digits: 0.04 × 100 is 4, not 4.000000000000001.
		v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
		s := strconv.FormatFloat(v, 'f', -1, 64)
		// A decimal comma, except in English where the point cannot be read as a
		// thousands mark (not exactly three decimals).
		if _, frac, ok := strings.Cut(s, "."); ok && (l != locale.English || len(frac) == 3) {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set(bcName, c.TargetGroup.Name)
	set(bcGroup, string(c.TargetGroup.BenefitGroup))
	set(bcMatchGroup, string(c.TargetGroup.MatchGroup))
	set(bcAction, c.TargetGroup.InterventionID)
	if c.FirstYear != 0 {
		set(bcFirstYear, strconv.Itoa(c.FirstYear))
	}
	set(bcInflow, num(c.Inflow, false))
	set(bcBefore, num(c.WeeksBefore, false))
	set(bcAfter, num(c.WeeksAfter, false))
	set(bcCost, num(c.BenefitCost, false))
	if c.Share != nil {
		set(bcShare, num(*c.Share, true))
	} else {
		set(bcStairs, "on")
		if c.Staircase != nil {
			b, _ := json.Marshal(c.Staircase)
			set(bcStaircase, string(b))
		}
	}
	set(bcSalary, num(c.Operating.Salary, false))
	set(bcSalaryRe, num(c.Operating.SalaryReimbursement, true))
	set(bcOther, num(c.Operating.Other, false))
	set(bcOtherRe, num(c.Operating.OtherReimbursement, true))
	ramp := make([]string, len(c.RampUp))
	for i, v := range c.RampUp {
		ramp[i] = strconv.FormatFloat(v*100, 'g', 12, 64) // a point: the comma separates years
	}
	q.Set(bcRampUp, strings.Join(ramp, ", "))
	set(bcHorizon, strconv.Itoa(c.Horizon))
	set(bcDiscount, num(c.Discount, true))
	set(bcNotes, c.Notes)
	return q
}
