-- What anonymize-guests adds to the status dashboard (the seed's "anonymization status"): history
-- rows anonymized, pseudonymized, and due (check-out before today minus anonymize.after, the limit
-- the job uses), and bookings never archived whose stay ended before that limit. Today is the
-- caller's (the application's clock), not the database's.
-- The compliance figures (pseudonymized, not yet anonymized, never archived) are always counted
-- exactly, through the partial indexes idx_booking_history_pseudonymized (V32) and
-- idx_booking_history_anonymize_due (V22), and bookings (the small active table); only the size
-- of the anonymized history is an estimate unless exact is asked.
-- Parameters: anonymize.after (an ISO-8601 period such as P2Y: the figure's name), today (DATE),
-- anonymize.after again (the limit), exact (BOOLEAN; false: catalog and planner estimates).
WITH limit_day AS (
  SELECT CAST(? AS TEXT) AS period, quote_literal((CAST(? AS DATE) - CAST(? AS INTERVAL))::date) AS day
)
SELECT f.figure, c.row_count, c.estimated
FROM limit_day l
CROSS JOIN LATERAL (VALUES
             (1, 'history anonymized', 'booking_history'::REGCLASS, 'anonymization = ''anonymized''', FALSE),
             (2, 'history pseudonymized', 'booking_history'::REGCLASS, 'anonymization = ''pseudonymized''', TRUE),
             (3, 'history not yet anonymized, stay ended over ' || l.period || ' ago', 'booking_history'::REGCLASS,
              'anonymization IS NULL AND check_out_date < ' || l.day, TRUE),
             (4, 'bookings never archived, stay ended over ' || l.period || ' ago', 'bookings'::REGCLASS,
              'check_out_date < ' || l.day, TRUE))
       AS f (ord, figure, tbl, condition, compliance)
CROSS JOIN LATERAL lifecycle_row_count(f.tbl, f.condition, f.compliance OR CAST(? AS BOOLEAN)) c
ORDER BY f.ord;
