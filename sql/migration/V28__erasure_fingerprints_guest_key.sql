-- erase-guest's residual check (issue 20). lifecycle_erasure_fingerprints: keyed hashes
-- (HMAC-SHA256 under the erasure key) of the guest's own values, taken with the resolution, before
-- anything is masked: whole values, email addresses, phone digits, words of the name and of the
-- free text, pseudonyms. Never a value in clear. They serve the request's residual check only and
-- are deleted when its receipt is signed. lifecycle_erasure_users: the guest's user accounts (the
-- user of each of the guest's bookings' BOOKING_CREATED event), resolved once with the bookings.
CREATE TABLE lifecycle_erasure_fingerprints (
  job_instance_id BIGINT      NOT NULL,
  kind            VARCHAR(20) NOT NULL
    CHECK (kind IN ('value', 'email', 'phone', 'name-token', 'text-token', 'pseudonym')),
  fingerprint     BYTEA       NOT NULL,
  PRIMARY KEY (job_instance_id, kind, fingerprint)
);
CREATE TABLE lifecycle_erasure_users (
  job_instance_id BIGINT NOT NULL,
  user_id         BIGINT NOT NULL,
  PRIMARY KEY (job_instance_id, user_id)
);

-- A pseudonymized history row keeps the guest's key (the HMAC of the trimmed lower-case email
-- under the erasure key, 'hmac-sha256:<hex>', the form of erase-guest's guestEmail parameter), so
-- that a later erasure finds the stay although its email is now a pseudonym. Set by
-- anonymize-guests when it pseudonymizes, cleared whenever a row is anonymized irreversibly (an
-- anonymized row must not stay linkable to its guest). NULL everywhere else.
ALTER TABLE booking_history ADD COLUMN guest_key TEXT;
