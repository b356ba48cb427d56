package economics

import (
	"context"

	"github.com/pejling/pejling"
)

// RegisterStream is the register read person by person, as sqldb.DB.StreamRegister
// gives it: start is called with the extract's as_of and returns the function that
// takes each person; an import that commits meanwhile makes it call start again.
type RegisterStream interface {
	StreamRegister(ctx context.Context, start func(asOf pejling.Date) (func(*pejling.Person), error)) (pejling.Date, error)
}

// RefusionOfRegister streams every person of src through a Refusion and returns its
// rows and the as_of read. It is the computation of `pejling economics refusion` and
// of the reimbursement page, so that both give the same numbers.
func RefusionOfRegister(ctx context.Context, src RegisterStream, stairs Staircase, rates *Rates) ([]RefusionRow, pejling.Date, error) {
	var calc *Refusion
	asOf, err := src.StreamRegister(ctx, func(asOf pejling.Date) (func(*pejling.Person), error) {
		calc = NewRefusion(asOf, stairs, rates)
		return calc.Add, nil
	})
	if err != nil {
		return nil, 0, err
	}
	return calc.Rows(), asOf, nil
}

// EffectsOfRegister streams every person of src through an EffectEstimator whose
// options options gives for the extract's as_of, and returns the estimator, ready for
// Report. It is the computation of `pejling economics effects` and of the effects page.
func EffectsOfRegister(ctx context.Context, src RegisterStream, options func(asOf pejling.Date) EffectOptions) (*EffectEstimator, error) {
	var e *EffectEstimator
	_, err := src.StreamRegister(ctx, func(asOf pejling.Date) (func(*pejling.Person), error) {
		e = NewEffectEstimator(options(asOf))
		return e.Add, nil
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// Options returns the options the estimator counts by.
func (e *EffectEstimator) Options() EffectOptions { return e.opt }
