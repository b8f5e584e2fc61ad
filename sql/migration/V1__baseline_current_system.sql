-- The platform as it stands before booking-lifecycle: what an existing database already has.
-- An existing database is taken over at this version with `migrate --baseline` (see README).

CREATE TABLE bookings (
  id                BIGSERIAL PRIMARY KEY,
  booking_reference VARCHAR(20)   NOT NULL UNIQUE,
  guest_name        VARCHAR(200),
  guest_email       VARCHAR(320),
  guest_phone       VARCHAR(50),
  hotel_id          INTEGER       NOT NULL,
  room_type         VARCHAR(50)   NOT NULL,
  check_in_date     DATE          NOT NULL,
  check_out_date    DATE          NOT NULL,
  booking_status    VARCHAR(20)   NOT NULL,
  payment_status    VARCHAR(20)   NOT NULL,
  total_amount      NUMERIC(12,2) NOT NULL,
  currency          CHAR(3)       NOT NULL,
  special_requests  TEXT,
  created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
  updated_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
  cancelled_at      TIMESTAMPTZ
);

CREATE TABLE audit_logs (
  id            BIGSERIAL PRIMARY KEY,
  user_id       BIGINT,
  action        VARCHAR(50)  NOT NULL,
  resource_type VARCHAR(50)  NOT NULL,
  resource_id   BIGINT,
  old_values    JSONB,
  new_values    JSONB,
  metadata      JSONB,
  ip_address    VARCHAR(45),
  created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX idx_audit_logs_created_at ON audit_logs (created_at);

CREATE TABLE booking_history (
  id                  BIGSERIAL PRIMARY KEY,
  original_booking_id BIGINT        NOT NULL UNIQUE,
  booking_reference   VARCHAR(20)   NOT NULL,
  guest_name          VARCHAR(200),
  guest_email         VARCHAR(320),
  guest_phone         VARCHAR(50),
  hotel_id            INTEGER       NOT NULL,
  room_type           VARCHAR(50)   NOT NULL,
  check_in_date       DATE          NOT NULL,
  check_out_date      DATE          NOT NULL,
  booking_status      VARCHAR(20)   NOT NULL,
  payment_status      VARCHAR(20)   NOT NULL,
  total_amount        NUMERIC(12,2) NOT NULL,
  currency            CHAR(3)       NOT NULL,
  special_requests    TEXT,
  booking_created_at  TIMESTAMPTZ   NOT NULL,
  cancelled_at        TIMESTAMPTZ,
  archived_at         TIMESTAMPTZ   NOT NULL DEFAULT now(),
  archive_reason      VARCHAR(30)   NOT NULL
);
