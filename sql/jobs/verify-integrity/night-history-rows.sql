-- The history rows of one page of an incremental night, with the fields their data_hash covers
-- (the columns of BookingSnapshot, in the canonical form's order), in id order. The page is the
-- statement of the night's ids, put in place of the comment below by the job: night-ids.sql (a
-- real run) or night-rows.sql (a dry run); the parameters are that statement's.
SELECT h.id, h.data_hash, h.original_booking_id, h.booking_reference, h.guest_name, h.guest_email, h.guest_phone,
       h.hotel_id, h.room_type, h.check_in_date, h.check_out_date, h.booking_status, h.payment_status,
       h.total_amount, h.currency, h.special_requests, h.booking_created_at, h.cancelled_at, h.archived_at,
       h.archive_reason
FROM (/* page */) page
JOIN booking_history h ON h.id = page.id
ORDER BY h.id
