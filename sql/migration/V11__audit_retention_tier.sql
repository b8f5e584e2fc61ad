-- The one definition of the audit action -> retention tier mapping (DESIGN.md, data model).
-- critical (7 years): payments, refunds, cancellations, GDPR actions;
-- standard (3 years): booking changes, and any action not classified here;
-- system (1 year): logins, syncs, health checks and other technical events.
-- The tier periods live in jobs/purge-retention.yml (copied into lifecycle_retention_periods).
-- IMMUTABLE on purpose: it is the partition key expression of the partitioned audit_logs to come,
-- so a row's tier is fixed when it is written. Changing the mapping means a new migration that
-- replaces these functions, and a re-route of old rows.

-- The tier of a classified action, NULL for an action this mapping does not know.
CREATE FUNCTION audit_retention_class(action TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN action LIKE 'PAYMENT\_%' OR action LIKE 'REFUND\_%' OR action LIKE '%CANCEL%'
      OR action LIKE 'GDPR\_%' OR action LIKE 'CHARGEBACK%' OR action LIKE 'INVOICE\_%'
      THEN 'critical'
    WHEN action LIKE 'BOOKING\_%' OR action LIKE 'GUEST\_%'
      THEN 'standard'
    WHEN action LIKE '%LOGIN%' OR action LIKE '%LOGOUT%' OR action LIKE '%SYNC%'
      OR action LIKE 'HEALTH\_%' OR action LIKE 'SYSTEM\_%' OR action LIKE 'JOB\_%'
      THEN 'system'
  END;

-- The tier of any action: an unknown one is kept as long as a standard one (and reported by the
-- dry run of backfill-retention, so ops can classify it here).
CREATE FUNCTION audit_retention_tier(action TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN COALESCE(audit_retention_class(action), 'standard');

-- The tier periods in force, written from jobs/purge-retention.yml by backfill-retention (and the
-- purge job): the trigger below reads them, so rows the platform inserts get their expiry too.
CREATE TABLE lifecycle_retention_periods (
  tier       VARCHAR(10) PRIMARY KEY CHECK (tier IN ('critical', 'standard', 'system')),
  years      INTEGER     NOT NULL CHECK (years BETWEEN 1 AND 100),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- New audit rows get their tier and expiry as they are written, whoever writes them (the
-- platform's own INSERTs included). A BEFORE trigger may set these non-key columns; it could not
-- move a row to another partition, which is why the partition key is the expression itself.
CREATE FUNCTION audit_logs_set_retention() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  NEW.retention_tier := audit_retention_tier(NEW.action);
  IF NEW.data_retention_expires_at IS NULL THEN
    NEW.data_retention_expires_at := NEW.created_at
      + make_interval(years => (SELECT p.years FROM lifecycle_retention_periods p WHERE p.tier = NEW.retention_tier));
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER audit_logs_set_retention
  BEFORE INSERT ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION audit_logs_set_retention();

-- What the purge removed, so verify-integrity can tell an audit id purged by retention (expected)
-- from one that never existed (an integrity failure). Written by the purge job.
CREATE TABLE lifecycle_purged_audit_ranges (
  id         BIGSERIAL   PRIMARY KEY,
  tier       VARCHAR(10) NOT NULL,
  min_id     BIGINT      NOT NULL,
  max_id     BIGINT      NOT NULL,
  purged_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
  CHECK (min_id <= max_id)
);
