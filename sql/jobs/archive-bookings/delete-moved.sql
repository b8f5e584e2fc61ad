-- Step 5: delete the bookings whose history row was written in step 2 (still locked by step 1).
-- Parameters: their ids.
DELETE FROM bookings WHERE id = ANY (CAST(? AS BIGINT[]));
