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
