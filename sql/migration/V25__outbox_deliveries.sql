-- The outbox relay (jobs/notifications.yml): one row per (event, channel) the routing sent an
-- event to, so that a channel that fails is retried alone and never makes another channel, which
-- already has the event, get it again. An event is published (lifecycle_outbox.published_at) once
-- none of its deliveries is pending: each was sent or dead-lettered. Deleted with its event (the
-- purge of delivered outbox events).
CREATE TABLE lifecycle_outbox_deliveries (
  event_id        BIGINT       NOT NULL REFERENCES lifecycle_outbox (id) ON DELETE CASCADE,
  channel         VARCHAR(63)  NOT NULL,
  -- pending: due at next_attempt_at; sent: the channel took it; dead: attempts exhausted
  status          VARCHAR(10)  NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts        INTEGER      NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
  -- what the channel answered the last failed attempt: a status code or an exception class and
  -- message, addresses and tokens removed; never a message body
  last_error      VARCHAR(300),
  created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
  sent_at         TIMESTAMPTZ,
  PRIMARY KEY (event_id, channel)
);

-- The relay's claim: the due pending deliveries, oldest first.
CREATE INDEX idx_lifecycle_outbox_deliveries_due ON lifecycle_outbox_deliveries (next_attempt_at)
  WHERE status = 'pending';
