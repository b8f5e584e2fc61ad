-- What anonymize-guests adds to the status dashboard (the seed's "anonymization status"): history
-- rows anonymized, pseudonymized, and due (check-out more than two years ago by default: the
-- limit is the job's setting, here the figure uses the stored rows only), bookings never archived
-- past two years. Parameter: exact (BOOLEAN; false: catalog and planner estimates).
SELECT f.figure, c.row_count, c.estimated
FROM (VALUES (1, 'history anonymized', 'booking_history'::REGCLASS, 'anonymization = ''anonymized'''),
             (2, 'history pseudonymized', 'booking_history'::REGCLASS, 'anonymization = ''pseudonymized'''),
             (3, 'history not yet anonymized, stay over 2 years ago', 'booking_history'::REGCLASS,
              'anonymization IS NULL AND check_out_date < (current_date - interval ''2 years'')::date'),
             (4, 'bookings never archived, stay over 2 years ago', 'bookings'::REGCLASS,
              'check_out_date < (current_date - interval ''2 years'')::date'))
       AS f (ord, figure, tbl, condition)
CROSS JOIN LATERAL lifecycle_row_count(f.tbl, f.condition, CAST(? AS BOOLEAN)) c
ORDER BY f.ord;
