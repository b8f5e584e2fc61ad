-- erase-guest's residual check (issue 20): what a string is compared by. lifecycle_hmac is the
-- keyed hash (HMAC-SHA256, RFC 2104 on the core sha256(); the caller passes the key's inner and
-- outer pads, never the key); lifecycle_erasure_forms gives the forms of one string. Both the
-- fingerprints (taken before the masking) and the search (after it) use these two, so a value is
-- always compared with itself in the same form.

-- lifecycle_hmac(text, inner pad, outer pad): the HMAC-SHA256 of the text's UTF-8 bytes.
CREATE OR REPLACE FUNCTION lifecycle_hmac(t TEXT, ikey BYTEA, okey BYTEA)
RETURNS BYTEA LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT sha256(okey || sha256(ikey || convert_to(t, 'UTF8')))
$$;

-- lifecycle_guest_key(email, inner pad, outer pad): the guest's key, 'hmac-sha256:' and the hex
-- HMAC of the trimmed lower-case email under the erasure key: what erase-guest's guestEmail
-- parameter holds, what it matches rows by, and what a pseudonymized row keeps (guest_key).
CREATE OR REPLACE FUNCTION lifecycle_guest_key(email TEXT, ikey BYTEA, okey BYTEA)
RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 'hmac-sha256:' || encode(lifecycle_hmac(lower(btrim(email)), ikey, okey), 'hex')
$$;

-- lifecycle_erasure_forms(s, everything): the forms of one string, each (kind, form); without
-- everything only the email and pseudonym forms (what the search looks for outside the guest's
-- own rows):
--   value      the whole string, trimmed and lower-cased (3 characters or more)
--   email      each email address in it, lower-cased
--   phone      its digits, when the string is shaped like a phone number (7 to 15 digits, and only
--              digits, spaces, +, -, ., ( and ))
--   token      each word of 3 characters or more (split at spaces and punctuation), lower-cased,
--              not digits only
--   pseudonym  each keyed pseudonym in it (pseud- and 20 hex digits), lower-cased
CREATE OR REPLACE FUNCTION lifecycle_erasure_forms(s TEXT, everything BOOLEAN)
RETURNS TABLE (kind TEXT, form TEXT) LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT 'value', lower(btrim(s)) WHERE everything AND length(btrim(s)) >= 3
  UNION
  SELECT 'email', lower(m[1])
  FROM regexp_matches(s, '([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)', 'g') m
  UNION
  SELECT 'phone', d
  FROM (SELECT regexp_replace(s, '[^0-9]', '', 'g') AS d) x
  WHERE everything AND s ~ '^\s*\+?[0-9 ().-]+\s*$' AND length(d) BETWEEN 7 AND 15
  UNION
  SELECT 'token', t
  FROM regexp_split_to_table(lower(s), '[[:space:][:punct:]]+') t
  WHERE everything AND length(t) >= 3 AND t !~ '^[0-9]+$'
  UNION
  SELECT 'pseudonym', lower(m[1]) FROM regexp_matches(s, '(pseud-[0-9A-Fa-f]{20})', 'g') m
$$;

-- lifecycle_erasure_stays(job instance, asOf): the bookings an erasure masks: every booking it
-- resolved (in booking_history or bookings) that no legal hold keeps on asOf.
CREATE OR REPLACE FUNCTION lifecycle_erasure_stays(inst BIGINT, as_of DATE)
RETURNS TABLE (booking_id BIGINT, source TEXT) LANGUAGE sql STABLE AS $$
  SELECT e.booking_id, CAST(e.source AS TEXT) FROM lifecycle_erasure_bookings e
  WHERE e.job_instance_id = inst AND NOT lifecycle_held('BOOKING', e.booking_id, as_of)
$$;

-- lifecycle_erasure_accounts(job instance, asOf): the guest's user accounts an erasure masks: those
-- it resolved (the users of the guest's bookings' BOOKING_CREATED events), unless a legal hold keeps
-- the guest's logins: a hold on the user (lifecycle_held_users) or on any of the guest's bookings.
CREATE OR REPLACE FUNCTION lifecycle_erasure_accounts(inst BIGINT, as_of DATE)
RETURNS TABLE (user_id BIGINT) LANGUAGE sql STABLE AS $$
  SELECT u.user_id FROM lifecycle_erasure_users u
  WHERE u.job_instance_id = inst
    AND NOT EXISTS (SELECT 1 FROM lifecycle_erasure_bookings e
                    WHERE e.job_instance_id = inst AND lifecycle_held('BOOKING', e.booking_id, as_of))
    AND u.user_id NOT IN (SELECT h.user_id FROM lifecycle_held_users(as_of) h)
$$;

-- lifecycle_erasure_hits(s, job instance, inner pad, outer pad, own): what of an erasure's guest
-- one string still holds, compared by keyed hash with the fingerprints the erasure took before
-- masking. In the guest's own rows (own): 'value' (the whole name, email, phone or free text),
-- 'email', 'phone', 'name' (a word of the name), 'free text' (two words or more of the free text),
-- 'pseudonym' (any keyed pseudonym: in the guest's rows it is the guest's). Elsewhere: 'email' and
-- 'pseudonym' (one of the guest's) only. Returns the kinds found, none when the string is clean.
CREATE OR REPLACE FUNCTION lifecycle_erasure_hits(s TEXT, inst BIGINT, ikey BYTEA, okey BYTEA, own BOOLEAN)
RETURNS TABLE (kind TEXT) LANGUAGE sql STABLE AS $$
  WITH f AS (
    SELECT f.kind, f.form, lifecycle_hmac(f.form, ikey, okey) AS h FROM lifecycle_erasure_forms(s, own) f
  ),
  m AS (
    SELECT f.form, g.kind AS fingerprint_kind
    FROM f JOIN lifecycle_erasure_fingerprints g
      ON g.job_instance_id = inst AND g.fingerprint = f.h
     AND (g.kind = f.kind OR (f.kind = 'token' AND g.kind IN ('name-token', 'text-token')))
  )
  SELECT DISTINCT CASE m.fingerprint_kind WHEN 'name-token' THEN 'name' ELSE m.fingerprint_kind END
  FROM m WHERE m.fingerprint_kind <> 'text-token'
  UNION
  SELECT 'free text' FROM m WHERE m.fingerprint_kind = 'text-token' HAVING count(DISTINCT m.form) >= 2
  UNION
  SELECT 'pseudonym' FROM f WHERE own AND f.kind = 'pseudonym'
$$;
