-- erase-guest, with the resolution, before anything is masked: the fingerprints of the guest's own
-- values, for the request's residual check only (deleted once its receipt is signed). Each is the
-- keyed hash (lifecycle_hmac under the erasure key) of one form (lifecycle_erasure_forms) of a
-- value the guest's rows hold in guest_name, guest_email, guest_phone or special_requests, in
-- booking_history and bookings: the whole values, their email addresses and phone digits, the
-- words of the name ('name-token') and of the free text ('text-token'), the pseudonyms a
-- pseudonymized row holds, and, when the pseudonym key is given, the pseudonyms the nightly job
-- would make of the name, email and phone. Values already in a masked form (a rule's value, the
-- template with the booking's id, a partial email 'xxx@...') and the words of the masked forms are
-- not the guest's and are left out. Never a value in clear.
-- Parameters: job instance id, erasure inner pad, outer pad, pseudonym inner pad, outer pad (empty
-- without the pseudonym key), the masked forms (TEXT[], templates with {id}).
WITH p AS (
  SELECT CAST(? AS BIGINT) AS inst, CAST(? AS BYTEA) AS ikey, CAST(? AS BYTEA) AS okey,
         CAST(? AS BYTEA) AS pikey, CAST(? AS BYTEA) AS pokey, CAST(? AS TEXT[]) AS forms
),
masked_words AS (
  SELECT DISTINCT f.form
  FROM p, unnest(p.forms) m (form), lifecycle_erasure_forms(replace(m.form, '{id}', ''), TRUE) f
  WHERE f.kind = 'token'
),
rows_of_guest AS (
  SELECT h.original_booking_id AS booking_id, h.guest_name, h.guest_email, h.guest_phone, h.special_requests
  FROM booking_history h, p
  WHERE h.original_booking_id IN (SELECT booking_id FROM lifecycle_erasure_bookings WHERE job_instance_id = p.inst)
  UNION ALL
  SELECT b.id, b.guest_name, b.guest_email, b.guest_phone, b.special_requests
  FROM bookings b, p
  WHERE b.id IN (SELECT booking_id FROM lifecycle_erasure_bookings WHERE job_instance_id = p.inst)
),
guest_values AS (
  SELECT DISTINCT c.field, c.v
  FROM rows_of_guest r, p,
       LATERAL (VALUES ('name', r.guest_name), ('email', r.guest_email), ('phone', r.guest_phone),
                       ('text', r.special_requests)) c (field, v)
  WHERE c.v IS NOT NULL
    AND lower(btrim(c.v)) NOT IN (SELECT lower(replace(m.form, '{id}', r.booking_id::text)) FROM unnest(p.forms) m (form))
    AND lower(btrim(c.v)) NOT LIKE 'xxx@%'
),
forms AS (
  SELECT CASE WHEN f.kind <> 'token' THEN f.kind WHEN g.field = 'name' THEN 'name-token' ELSE 'text-token' END
           AS kind, f.form
  FROM guest_values g, lifecycle_erasure_forms(g.v, TRUE) f
  WHERE NOT (f.kind = 'token' AND (g.field NOT IN ('name', 'text') OR f.form IN (SELECT form FROM masked_words)))
  UNION
  SELECT 'pseudonym', lifecycle_mask_value(to_jsonb(g.v), '{"strategy": "pseudonym"}', 0, p.pikey, p.pokey) #>> '{}'
  FROM guest_values g, p
  WHERE length(p.pikey) > 0 AND g.field <> 'text' AND g.v NOT LIKE 'pseud-%'
)
INSERT INTO lifecycle_erasure_fingerprints (job_instance_id, kind, fingerprint)
SELECT DISTINCT p.inst, f.kind, lifecycle_hmac(f.form, p.ikey, p.okey)
FROM forms f, p
ON CONFLICT DO NOTHING;
