-- The current text of the audit_logs trigger function (V11 created it and its trigger; never edit
-- V11, change this file). It dates every new audit row with its tier and expiry, except in a
-- session that sets lifecycle.legacy_import = 'on': rows written there stay as a legacy platform
-- wrote them, no retention_tier and no data_retention_expires_at. `seed` sets it with SET LOCAL in
-- its COPY transaction, so it needs no table ownership to keep its history legacy.
-- Any session may set it, on purpose: nothing is lost or kept shorter, rows so written are simply
-- taken by backfill-retention later (it fills every row without a tier).
CREATE OR REPLACE FUNCTION audit_logs_set_retention() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF current_setting('lifecycle.legacy_import', true) = 'on' THEN
    RETURN NEW;
  END IF;
  NEW.retention_tier := audit_retention_tier(NEW.action);
  IF NEW.data_retention_expires_at IS NULL THEN
    NEW.data_retention_expires_at := NEW.created_at
      + make_interval(years => (SELECT p.years FROM lifecycle_retention_periods p WHERE p.tier = NEW.retention_tier));
  END IF;
  RETURN NEW;
END
$$;
