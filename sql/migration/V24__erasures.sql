-- erase-guest (issue 9, GDPR art. 17). lifecycle_erasure_bookings: the bookings an erasure
-- request resolved to (by the HMAC of the guest's email, never the address), kept by job
-- instance so a restart after a crash needs no email. lifecycle_erasure_receipts: the receipt of
-- each completed erasure (booking ids and references, tables and rows touched, old and new hashes,
-- rules version, rows a legal hold kept, the residual check), signed with an HMAC under the
-- erasure key so a later edit shows. No personal data in either.
CREATE TABLE lifecycle_erasure_bookings (
  job_instance_id   BIGINT      NOT NULL,
  booking_id        BIGINT      NOT NULL,
  booking_reference VARCHAR(20) NOT NULL,
  source            VARCHAR(20) NOT NULL CHECK (source IN ('booking_history', 'bookings')),
  resolved_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (job_instance_id, booking_id)
);
CREATE TABLE lifecycle_erasure_receipts (
  job_execution_id BIGINT      PRIMARY KEY,
  job_instance_id  BIGINT      NOT NULL,
  receipt          JSONB       NOT NULL,
  signature        TEXT        NOT NULL,
  created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
