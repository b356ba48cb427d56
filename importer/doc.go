// Package importer turns the CSV files of a data set (DOMAIN.md §9) into validated
// domain records. Each Scan function streams one file: it reads it record by record with
// memory bounded by MaxLineBytes, hands every valid record to its caller in file order
// and reports every bad row as a Problem naming file, line, column, value and reason, so
// an analyst can fix a whole file in one pass.
//
// The CSV reader is written for this package rather than taken from encoding/csv: it
// bounds the length of a line before buffering it, counts physical lines exactly (a
// quoted field may span several) and splits the common unquoted line without copying.
// Checks that need more than one row (duplicate keys, references between files) belong
// to the store, which sees every row.
package importer
