// Package benchmark answers the question of DOMAIN.md §4 — how is a municipality doing
// compared with municipalities that have the same conditions, and whom should it learn
// from — from key figures (figures.Row, computed or imported as aggregates) and the
// framework variables (rammevilkår) of each municipality.
//
//   - Framework holds the framework variables per municipality and year and builds the
//     standardised design matrix of a year (framework.go).
//   - Peers forms peer groups: clusters and nearest neighbours, by default the way
//     Germany's IAB builds its comparison types (peers.go), and says in words why
//     (explain.go).
//   - Expected regresses a figure on framework variables and ranks municipalities on
//     actual − expected (expected.go).
//   - Rank ranks per figure and overall, nationally and within clusters, with the
//     change against the previous period (rank.go).
//   - Learn finds a municipality's strong and weak groups against its peers and whom to
//     learn from (learn.go); Compare sets it beside a reference (compare.go).
//
// Everything here is pure computation on values in memory (STYLE.md): the numerical
// methods are in package stats, reading the store is the caller's business.
package benchmark
