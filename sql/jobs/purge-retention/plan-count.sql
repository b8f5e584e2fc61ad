-- purge-retention's dry run: one relation's rows (its name put in by the caller, from the catalog):
-- all, past their expiry, held, and past their expiry and not held (what a row-by-row purge
-- deletes). Parameters: the cutoff (timestamptz), the purge day (date) twice.
SELECT count(*) AS total,
       count(*) FILTER (WHERE data_retention_expires_at < CAST(? AS TIMESTAMPTZ)) AS expired,
       count(*) FILTER (WHERE lifecycle_held(resource_type, resource_id, CAST(? AS DATE))) AS held,
       count(*) FILTER (WHERE data_retention_expires_at < CAST(? AS TIMESTAMPTZ)
                          AND NOT lifecycle_held(resource_type, resource_id, CAST(? AS DATE))) AS deletable
FROM %s;
