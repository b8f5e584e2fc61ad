-- The trigger function partition-audit-logs puts on the plain audit_logs while it copies the table
-- into audit_logs_new (and removes in the swap's transaction): every row the platform inserts,
-- updates or deletes meanwhile is mirrored into the new table in the same transaction, so the copy
-- can never miss a row however ids commit out of order (a catch-up "by id greater than the last
-- copied" would: a transaction holding a smaller id can commit after a larger one was copied).
-- The copy and the mirror meet on the new table's unique (id, created_at) index: whichever comes
-- second does nothing (ON CONFLICT DO NOTHING), and an update deletes the mirrored row first.
-- The new table's own audit_logs_set_retention trigger sees the row as the old table's trigger
-- left it, so tiers and expiries are kept as written.

CREATE OR REPLACE FUNCTION audit_logs_conversion_mirror() RETURNS trigger
  LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM audit_logs_new WHERE id = OLD.id AND created_at = OLD.created_at;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO audit_logs_new SELECT NEW.* ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
