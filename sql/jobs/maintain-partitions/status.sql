-- maintain-partitions' lines on `status`, per configured partitioned table and tier: its monthly
-- partitions, the months premade ahead of the calendar (UTC), and the rows in its default
-- partition (which the next run rescues; lifecycle_row_count estimates them unless exact).
-- Parameters: the table's name, the table's name again, exact (boolean).
SELECT concat_ws(' ', CAST(? AS TEXT), l.tier) AS section_name,
       count(*) FILTER (WHERE NOT l.is_default) AS partitions,
       count(*) FILTER (WHERE l.range_from >= (date_trunc('month', now() AT TIME ZONE 'UTC') + INTERVAL '1 month')
                                              AT TIME ZONE 'UTC') AS months_ahead,
       COALESCE(sum(d.row_count) FILTER (WHERE l.is_default), 0) AS default_rows,
       COALESCE(bool_or(d.estimated) FILTER (WHERE l.is_default), FALSE) AS default_estimated
FROM lifecycle_partition_leaves(CAST(? AS REGCLASS)) l
LEFT JOIN LATERAL lifecycle_row_count(l.leaf, 'TRUE', ?) d ON l.is_default
GROUP BY l.tier
ORDER BY l.tier;
