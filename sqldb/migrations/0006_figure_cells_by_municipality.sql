-- The pages and the API read one municipality's (and its peers') figures over many
-- periods: a trend line, 60 months of /api/v1/figures. The primary key leads with the
-- period, so such a read walked every municipality of every period in the range; this
-- index leads with the municipality and group (docs/performance.md, issue 6). The
-- planner picks it for a range of periods only with statistics, hence ANALYZE here and
-- after every new figure set (SaveFigureSet).
CREATE INDEX figure_cells_by_municipality ON figure_cells (set_id, municipality, benefit_group, period_first, period_last);
ANALYZE figure_cells;
