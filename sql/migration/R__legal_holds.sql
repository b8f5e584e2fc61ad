-- lifecycle_held(resource_type, resource_id, as_of): whether an active legal hold covers a resource
-- on a date (not released, and held_until, when set, not before as_of). The one definition the
-- purge's statements use. Parameters, in order: the resource type, its id, the date.
CREATE OR REPLACE FUNCTION lifecycle_held(resource_type TEXT, resource_id BIGINT, as_of DATE)
  RETURNS BOOLEAN
  LANGUAGE sql STABLE
AS $$
  SELECT EXISTS (
    SELECT 1 FROM legal_holds h
    WHERE h.resource_type = lifecycle_held.resource_type AND h.resource_id = lifecycle_held.resource_id
      AND h.released_at IS NULL AND (h.held_until IS NULL OR h.held_until >= as_of))
$$;

-- lifecycle_held_users(as_of): the user accounts whose rows no GDPR job may mask on a date: those an
-- active hold names (USER, user id), and the user of each booking an active hold names (the user of
-- its BOOKING_CREATED event: a hold on any of a guest's bookings keeps the guest's logins too). The
-- one definition anonymize-guests, erase-guest and scan-pii apply to logins. Parameter: the date.
CREATE OR REPLACE FUNCTION lifecycle_held_users(as_of DATE)
  RETURNS TABLE (user_id BIGINT)
  LANGUAGE sql STABLE
AS $$
  SELECT h.resource_id FROM legal_holds h
  WHERE h.resource_type = 'USER' AND lifecycle_held('USER', h.resource_id, as_of)
  UNION
  SELECT a.user_id FROM audit_logs a
  WHERE a.resource_type = 'BOOKING' AND a.action = 'BOOKING_CREATED' AND a.user_id IS NOT NULL
    AND a.resource_id = ANY (ARRAY(SELECT h.resource_id FROM legal_holds h
                                   WHERE h.resource_type = 'BOOKING'
                                     AND lifecycle_held('BOOKING', h.resource_id, as_of)))
$$;
