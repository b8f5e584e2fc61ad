-- The next page of archive candidates, ids only, by keyset over the primary key (never OFFSET).
-- Parameters: rules (JSON), the last id read, page size.
SELECT b.id
FROM bookings b
CROSS JOIN LATERAL archive_rule_match(b, CAST(? AS JSONB)) m
WHERE b.id > ?
ORDER BY b.id
LIMIT ?;
