// Package employer is the employer service and the citizen's progression (DOMAIN.md §6)
// as pure computation: no database and no web, which build on it. The job orders'
// opening-hours calendar with the Danish public holidays (calendar.go), the
// service-level policy and its clocks (sla.go, default_policy.json) and the orders'
// state machine, overdue list and service-level shares (order.go) are here, beside the
// matching of citizens to orders, the progression measurement and the weekly team
// board (board.go), whose caseload figures come from the figures engine.
package employer
