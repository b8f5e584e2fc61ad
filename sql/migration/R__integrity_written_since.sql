-- lifecycle_written_between(row_xmin, since, until): whether a row version was written by a
-- transaction in [since, until), the 64-bit transaction ids verify-integrity records for a night
-- (pg_snapshot_xmin of the last verified point, pg_snapshot_xmax of tonight's plan). Nobody
-- chooses the xmin of what they write: an UPDATE, an INSERT or a DELETE and re-INSERT by anyone
-- gives the row tonight's xid, whatever else it changes (triggers off, replication role, any
-- column). xmin is 32 bits and wraps around; the comparison is modulo 2^32 within the night's
-- range, exact for every xid less than 2^31 old (no unfrozen xid is older: PostgreSQL's
-- anti-wraparound freezing), and the caller verifies everything (mode full) when since is
-- 2^31 or more behind until. A frozen row keeps its original xmin (PostgreSQL 9.4 and later): one
-- written 2^32 or more xids ago matches by chance when its old xid falls in tonight's range
-- modulo 2^32, and is verified once more for nothing (never the reverse). The special xids
-- below 3 (bootstrap, frozen before 9.4) never match.
-- Parameters: the row's xmin, since and until as BIGINT (xid8::TEXT::BIGINT, so that a chunk's
-- statement passes constants and nothing is converted per row but the xmin).
CREATE OR REPLACE FUNCTION lifecycle_written_between(row_xmin XID, since BIGINT, until BIGINT)
RETURNS BOOLEAN LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT row_xmin::TEXT::BIGINT >= 3
     AND (row_xmin::TEXT::BIGINT - since % 4294967296 + 4294967296) % 4294967296 < until - since
$$;
