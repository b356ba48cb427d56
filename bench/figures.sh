#!/bin/sh
# Whole-program timing of the figures engine (docs/performance.md):
#   bench/figures.sh PEJLING_BINARY STORE...
# For each store: `pejling figures --recompute` for the 12 months and the year 2024
# (computed from the spells, not read from the stored figure set), then the standard
# periods of the stored figure set (127 periods) — wall time, CPU time and peak RSS
# from /usr/bin/time (Debian package `time`). Run on an otherwise idle machine.
set -eu
bin=$1
shift
printf '| store | benefit spells | 13 periods: wall s | CPU s | peak RSS MB | 127 periods: wall s | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|\n'
for db in "$@"; do
	spells=$("$bin" status --db "$db" | awk '$1 == "benefit_spells" {print $2}')
	t13=$( { /usr/bin/time -f '%e %U %S %M' "$bin" figures --recompute --db "$db" \
		--from 2024-01-01 --to 2024-12-31 --every month,year >/dev/null; } 2>&1 | tail -1)
	t127=$( { /usr/bin/time -f '%e %M' "$bin" figures --recompute --db "$db" \
		--from 2018-01-01 --to 2025-06-30 --every month,quarter,year >/dev/null; } 2>&1 | tail -1)
	echo "$t13 $t127" | awk -v db="$db" -v n="$spells" \
		'{printf "| %s | %s | %.2f | %.1f | %.0f | %.2f | %.0f |\n", db, n, $1, $2 + $3, $4 / 1024, $5, $6 / 1024}'
done
