-- How many history rows the check goes through, for progress and ETA.
SELECT count(*) FROM booking_history;
