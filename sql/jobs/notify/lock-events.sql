-- Before publishing (same transaction as the claim): lock the batch's events in id order, so that
-- two relays that each sent one channel of the same event decide one after the other, the second
-- seeing the first's commit (else each would see the other's delivery still pending and neither
-- would publish the event).
-- Parameters: the events' ids.
SELECT o.id
FROM lifecycle_outbox o
WHERE o.id = ANY (CAST(? AS BIGINT[]))
ORDER BY o.id
FOR UPDATE
