-- The history rows anonymize-guests has still to mask, by check-out (sql/jobs/anonymize-guests/
-- candidate-ids.sql): after the first night only the stays that crossed the limit since, so the
-- nightly run reads an index, not the table. CONCURRENTLY, outside a transaction (the .conf beside
-- it): the platform keeps writing while it builds.
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_booking_history_anonymize_due
  ON booking_history (check_out_date, id) WHERE anonymization IS NULL;
