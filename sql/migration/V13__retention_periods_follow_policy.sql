-- The retention periods in the database follow jobs/purge-retention.yml (the one source): they are
-- written by `migrate` and at the start of every job run. When a tier's period changes, the
-- expiries already stored for its rows were computed with the old one: the tier is marked stale
-- until `backfill-retention mode=realign` has re-dated its rows, and the purge must not act on a
-- stale tier.
ALTER TABLE lifecycle_retention_periods ADD COLUMN expiries_stale BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE lifecycle_retention_periods ADD COLUMN changed_at TIMESTAMPTZ;
