-- The legal holds in force, for the web page's compliance panel: not released, and held_until (a
-- date, included) not before today (the application's clock, not the database's). Counts only.
-- Parameter: today (DATE).
SELECT count(*)
FROM legal_holds
WHERE released_at IS NULL
  AND (held_until IS NULL OR held_until >= CAST(? AS DATE))
