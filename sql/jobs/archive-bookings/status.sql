-- What archive-bookings adds to the status dashboard, in display order: the bookings still
-- active and the rows moved to history. Parameter: exact (BOOLEAN; false: catalog estimates).
SELECT f.figure, c.row_count, c.estimated
FROM (VALUES (1, 'active bookings', 'bookings'::REGCLASS, 'TRUE'),
             (2, 'history rows', 'booking_history'::REGCLASS, 'TRUE')) AS f (position, figure, tbl, predicate)
CROSS JOIN LATERAL lifecycle_row_count(f.tbl, f.predicate, CAST(? AS BOOLEAN)) c
ORDER BY f.position;
