-- lifecycle_trail_since(created_at): the earliest created_at an audit row of a booking created at
-- that instant is looked for at: 24 hours before it. The platform writes a booking's events from
-- its own servers, whose clocks may run behind the database's by seconds; a day covers any such
-- skew. Every statement that reads a chunk's audit trails (resource_id = ANY(...)) bounds them by
-- the smallest of these over the chunk, so that a partitioned audit_logs reads only the months
-- that can hold them (run-time partition pruning). Parameter: the booking's created_at (bookings.
-- created_at, booking_history.booking_created_at); NULL (unknown) reads every month.
CREATE OR REPLACE FUNCTION lifecycle_trail_since(created_at TIMESTAMPTZ)
RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(created_at - INTERVAL '24 hours', '-infinity')
$$;
