-- The user accounts whose logins a legal hold keeps on asOf (lifecycle_held_users, the one rule of
-- the GDPR jobs): left out of scan-pii's logins. Read once per step execution. Parameter: asOf.
SELECT user_id FROM lifecycle_held_users(CAST(? AS DATE)) WHERE user_id IS NOT NULL
