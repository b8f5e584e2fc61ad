-- scan-pii's rotating share, as a temporary table of the plan's transaction: every block of 10,000
-- booking ids (booking id / 10000) holding a booking in scope (not held), and whether tonight scans
-- it whole: on a full scan every block; otherwise the blocks scanned longest ago (pii_scan_blocks;
-- never scanned first, then by asOf and block), as many as one night's share of going round in the
-- set number of nights (the count of blocks divided by it, rounded up), and besides every block
-- never scanned or scanned that many nights ago or more. So no block waits longer than that, even
-- after a night without a scan.
-- Parameters: asOf, the number of nights (scan-pii.rescan-within-nights), whether the scan is full.
CREATE TEMPORARY TABLE pii_share ON COMMIT DROP AS
WITH p AS (
  SELECT CAST(? AS DATE) AS as_of, CAST(? AS INTEGER) AS nights, CAST(? AS BOOLEAN) AS full_scan
),
blocks AS (
  SELECT DISTINCT s.booking_id / 10000 AS block FROM pii_in_scope s WHERE NOT s.held
),
ranked AS (
  SELECT b.block, m.scanned_as_of,
         row_number() OVER (ORDER BY m.scanned_as_of NULLS FIRST, b.block) AS rank, count(*) OVER () AS blocks
  FROM blocks b
  LEFT JOIN pii_scan_blocks m ON m.block = b.block
)
SELECT r.block, r.scanned_as_of,
       p.full_scan OR r.rank <= ceil(r.blocks / CAST(p.nights AS NUMERIC)) OR r.scanned_as_of IS NULL
         OR r.scanned_as_of <= p.as_of - p.nights AS in_share
FROM ranked r, p
