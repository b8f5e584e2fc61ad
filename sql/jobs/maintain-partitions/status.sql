-- maintain-partitions' lines on `status`, per configured partitioned table and tier: its range
-- partitions (months, or wider spans), the months covered ahead of the calendar (UTC: the months
-- after this one that some partition covers, whatever their partitions' widths), and the rows in
-- its default partition (which the next run rescues; lifecycle_row_count estimates them unless
-- exact). Parameters: the table's name, the table's name again, exact (boolean).
WITH next_month AS (
  SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '1 month') AS start
)
SELECT concat_ws(' ', CAST(? AS TEXT), l.tier) AS section_name,
       count(*) FILTER (WHERE NOT l.is_default) AS partitions,
       COALESCE(sum((extract(YEAR FROM age(l.range_to AT TIME ZONE 'UTC',
                                           GREATEST(l.range_from AT TIME ZONE 'UTC', n.start))) * 12
                     + extract(MONTH FROM age(l.range_to AT TIME ZONE 'UTC',
                                              GREATEST(l.range_from AT TIME ZONE 'UTC', n.start))))::BIGINT)
                FILTER (WHERE l.range_to AT TIME ZONE 'UTC' > n.start), 0) AS months_ahead,
       COALESCE(sum(d.row_count) FILTER (WHERE l.is_default), 0) AS default_rows,
       COALESCE(bool_or(d.estimated) FILTER (WHERE l.is_default), FALSE) AS default_estimated
FROM lifecycle_partition_leaves(CAST(? AS REGCLASS)) l
CROSS JOIN next_month n
LEFT JOIN LATERAL lifecycle_row_count(l.leaf, 'TRUE', ?) d ON l.is_default
GROUP BY l.tier
ORDER BY l.tier;
