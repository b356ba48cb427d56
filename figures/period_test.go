package figures_test

import (
	"slices"
	"testing"

	"github.com/pejling/pejling"
	"github.com/pejling/pejling/figures"
)

func date(s string) pejling.Date { return pejling.MustParseDate(s) }

func period(first, last string) figures.Period {
	return figures.Period{First: date(first), Last: date(last)}
}

func TestCalendarPeriods(t *testing.T) {
	tests := []struct {
		name     string
		split    func(from, to pejling.Date) []figures.Period
		from, to string
		want     []figures.Period
	}{
		{"MonthsWhole", figures.Months, "2024-01-01", "2024-03-31", []figures.Period{
			period("2024-01-01", "2024-01-31"), period("2024-02-01", "2024-02-29"),
			period("2024-03-01", "2024-03-31")}},
		{"MonthsCutEndsLeftOut", figures.Months, "2024-01-02", "2024-03-30", []figures.Period{
			period("2024-02-01", "2024-02-29")}},
		{"MonthsAcrossYear", figures.Months, "2023-12-01", "2024-01-31", []figures.Period{
			period("2023-12-01", "2023-12-31"), period("2024-01-01", "2024-01-31")}},
		{"MonthsNone", figures.Months, "2024-01-05", "2024-01-31", nil},
		{"Quarters", figures.Quarters, "2024-02-01", "2025-03-31", []figures.Period{
			period("2024-04-01", "2024-06-30"), period("2024-07-01", "2024-09-30"),
			period("2024-10-01", "2024-12-31"), period("2025-01-01", "2025-03-31")}},
		{"Years", figures.Years, "2023-01-01", "2025-12-30", []figures.Period{
			period("2023-01-01", "2023-12-31"), period("2024-01-01", "2024-12-31")}},
		// 2024-01-01 was a Monday; 2024-12-30 too (week 1 of 2025).
		{"ISOWeeks", figures.ISOWeeks, "2023-12-31", "2024-01-14", []figures.Period{
			period("2024-01-01", "2024-01-07"), period("2024-01-08", "2024-01-14")}},
		{"ISOWeeksFromMonday", figures.ISOWeeks, "2024-12-30", "2025-01-06", []figures.Period{
			period("2024-12-30", "2025-01-05")}},
		{"ISOWeeksBefore1970", figures.ISOWeeks, "1969-12-29", "1970-01-04", []figures.Period{
			period("1969-12-29", "1970-01-04")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.split(date(tt.from), date(tt.to))
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPeriodDays(t *testing.T) {
	if got := period("2024-02-01", "2024-02-29").Days(); got != 29 {
		t.Errorf("February 2024 has %d days, want 29", got)
	}
	if got := period("2024-02-01", "2024-02-01").Days(); got != 1 {
		t.Errorf("one-day period has %d days, want 1", got)
	}
}
