-- The next page of booking_history rows with the fields their data_hash covers, by keyset over id
-- (the columns of BookingSnapshot, in the canonical form's order). Parameters: last id, page size.
SELECT id, data_hash, original_booking_id, booking_reference, guest_name, guest_email, guest_phone, hotel_id,
       room_type, check_in_date, check_out_date, booking_status, payment_status, total_amount, currency,
       special_requests, booking_created_at, cancelled_at, archived_at, archive_reason
FROM booking_history
WHERE id > ?
ORDER BY id
LIMIT ?;
