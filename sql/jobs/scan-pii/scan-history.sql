-- scan-pii over booking_history, one read-only statement: every text column (by the catalog, so a
-- column the platform adds is looked at too) of the history rows in scope, each value classified
-- by pg_temp.pii_kind (classify-function.sql); the columns a rule masks must hold NULL or a
-- masked form. Counts rows per column and kind; never returns a value.
-- Parameters: the masked forms (TEXT[]), the columns a rule masks (TEXT[]).
WITH p AS (
  SELECT CAST(? AS TEXT[]) AS forms, CAST(? AS TEXT[]) AS masked_columns
),
text_columns AS (
  SELECT column_name::text AS column_name
  FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'booking_history'
    AND data_type IN ('text', 'character varying', 'character')
)
SELECT 'booking_history' AS table_name, c.key AS column_name, '' AS json_path, k.kind, count(*) AS rows
FROM booking_history h
JOIN pii_scope s ON s.resource_type = 'BOOKING' AND s.resource_id = h.original_booking_id
CROSS JOIN p
CROSS JOIN LATERAL jsonb_each_text(to_jsonb(h)) c (key, value)
CROSS JOIN LATERAL (SELECT pg_temp.pii_kind(c.value, h.original_booking_id, p.forms, s.guest_values,
                                            c.key = ANY (p.masked_columns)) AS kind) k
WHERE c.key IN (SELECT column_name FROM text_columns)
  AND k.kind IS NOT NULL
GROUP BY c.key, k.kind
ORDER BY c.key, k.kind;
