-- The dry run of the pruning of one of the suite's own tables: its rows whose age column is before
-- the cutoff, as delete-old-suite-rows.sql takes them. The table and its age column are put in by
-- the caller, from its fixed list.
-- Parameters: the cutoff (timestamptz). Returns the rows.
SELECT count(*) AS rows FROM %1$s WHERE %2$s < ?;
