-- purge-retention's lines on `status` (the seed's "data retention compliance"): per audit tier, the
-- age in days of its oldest row against the tier's period, and the same for booking_history by
-- check-out. A figure above its period means the purge has not run (or holds keep rows).
-- Parameters: exact (unused: each figure reads one end of an index).
SELECT 'audit_logs ' || p.tier || ': oldest row, days old (period ' || p.years || ' years = '
         || (CURRENT_DATE - (CURRENT_DATE - make_interval(years => p.years))::DATE) || ' days)' AS figure,
       COALESCE(CURRENT_DATE - (SELECT min(a.created_at) FROM audit_logs a
                                WHERE audit_retention_tier(a.action) = p.tier)::DATE, 0) AS row_count,
       FALSE AS estimated
FROM lifecycle_retention_periods p
WHERE CAST(? AS BOOLEAN) IS NOT NULL
UNION ALL
SELECT 'booking_history: oldest check-out, days ago', COALESCE(CURRENT_DATE - min(check_out_date), 0), FALSE
FROM booking_history
ORDER BY 1;
