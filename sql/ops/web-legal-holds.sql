-- The legal holds in force, for the web page's compliance panel: not released, and held_until (a
-- date, included) not passed. Counts only. No parameters.
SELECT count(*)
FROM legal_holds
WHERE released_at IS NULL
  AND (held_until IS NULL OR held_until >= CURRENT_DATE)
