-- Audit ids held by more than one row. A partitioned audit_logs (LIST by an expression) can have no
-- primary key: ids are unique within a tier by its unique (id, created_at) index and across tiers
-- by the sequence alone, so this checks it (a scan of the table; on a plain table the primary key
-- makes it pointless and verify-integrity skips it). Returns up to 10 such ids and their total.
-- Parameters: none.
SELECT id, count(*) OVER () AS duplicated
FROM audit_logs
GROUP BY id
HAVING count(*) > 1
ORDER BY id
LIMIT 10;
