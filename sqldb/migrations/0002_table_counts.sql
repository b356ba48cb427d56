-- Rows per data table as of the last import, so that pages show what is loaded without
-- counting millions of rows per request.
CREATE TABLE table_counts (
    table_name TEXT NOT NULL PRIMARY KEY,
    row_count  BIGINT NOT NULL
);
