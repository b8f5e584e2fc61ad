-- The trigger function partition-audit-logs puts on the plain audit_logs while it copies the table
-- into audit_logs_new (and removes in the swap's transaction), so that no row written meanwhile is
-- lost, however ids commit out of order (a catch-up "by id greater than the last copied" would lose
-- a row whose smaller id commits late):
-- * an INSERT is copied into the new table in the platform's own transaction. The copy and the
--   mirror meet on the tiers' unique (id, created_at): whichever comes second does nothing (ON
--   CONFLICT DO NOTHING); both write the same committed row, so either way the copy is exact.
-- * an UPDATE or DELETE only notes the row's id in lifecycle_conversion_changes: a copy chunk may
--   hold an older version of that row uncommitted, which no statement here could see. The job redoes
--   the noted rows from the plain table after the copy, and the last ones in the swap's transaction,
--   when the plain table is locked and quiet.
-- SECURITY DEFINER (owned by the role that migrates, like the tables it writes), with a fixed
-- search_path: the platform's role needs no right on the suite's tables.
-- The new table's own audit_logs_set_retention trigger sees the row as the old table's trigger
-- left it, so tiers and expiries are kept as written.

CREATE OR REPLACE FUNCTION audit_logs_conversion_mirror() RETURNS trigger
  LANGUAGE plpgsql
  SECURITY DEFINER
  SET search_path FROM CURRENT
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO audit_logs_new SELECT NEW.* ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO lifecycle_conversion_changes (id) VALUES (OLD.id);
    IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN
      INSERT INTO lifecycle_conversion_changes (id) VALUES (NEW.id);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
