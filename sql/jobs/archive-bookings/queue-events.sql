-- Step 4: a booking.archived event per archived cancellation, for the notifier (ids and codes,
-- no personal data). Parameters: the cancelled bookings' ids.
INSERT INTO lifecycle_outbox (event_type, aggregate_id, payload)
SELECT 'booking.archived', c.id,
       jsonb_build_object('bookingId', c.id, 'archiveReason', 'CANCELLED', 'archivedAt', now())
FROM unnest(CAST(? AS BIGINT[])) AS c (id);
