// Package economics is DOMAIN.md §5 as pure computation (docs/economics.md): the
// reimbursement staircase applied to spells and to aggregates (refusion*.go), business
// cases with sensitivity, net present value and payback (businesscase*.go), the
// multi-year base budget tied to the national development and its back-test
// (budget*.go), and the effect per krone of interventions (effects*.go). It opens
// nothing itself: the CLI and the web give it spells and configuration, and the
// budget's history comes through the BudgetStore interface the store implements.
package economics
