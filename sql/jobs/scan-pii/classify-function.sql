-- The one definition of what scan-pii counts as personal data in a string, created for the
-- scan's session (pg_temp, replaced at every scan, so its current text is always this file's):
-- NULL when the value is NULL or in a masked form, else the kind of personal data it holds.
-- Masked forms: a value of a rule of jobs/anonymize-guests.yml (a constant, or a template with
-- {id} standing for the row's subject: the booking id, or the user id of a login row), a keyed
-- pseudonym (pseud- and 20 hex digits), a partial email (xxx@domain), a partial phone (x's and
-- separators, then at most two digits), an IPv4 address truncated to /24 (x.y.z.0), an IPv6 one
-- truncated to /48 (a:b:c::). Kinds, first match wins: email; phone (+ and 7 to 15 digits with
-- separators, 3-3-4 digits, or a trunk prefix 0 and a separated number); ip address (IPv4 whose
-- last byte is not 0, or IPv6 with three colons or more); not masked (any other value of a
-- column a rule masks); guest value (equal, case and spaces aside, to a value the booking's
-- history row still holds in a masked column).
-- Function parameters: the value, its subject, the masked forms (TEXT[]), the booking's guest
-- values (TEXT[], lower-cased), whether the value is in a column a rule masks.
CREATE OR REPLACE FUNCTION pg_temp.pii_kind(v TEXT, subject BIGINT, forms TEXT[], guest_values TEXT[],
                                             rule_column BOOLEAN)
RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN v IS NULL OR v = ANY (forms) OR replace(v, subject::text, '{id}') = ANY (forms)
         OR v ~ '^pseud-[0-9a-f]{20}$' OR v ~ '^xxx@[^@[:space:]]+$' OR v ~ '^[x +().-]*[0-9]{0,2}$'
         OR v ~ '^[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{1,4}){0,2}::$'
      THEN NULL
    WHEN v ~ '[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}'
         AND v !~ '^xxx@' THEN 'email'
    WHEN v ~ '(^|[^0-9A-Za-z])(\+[0-9]{1,3}([ ().-]{0,2}[0-9]){6,14}|\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-][0-9]{4}|0[0-9]{1,4}[ /-][0-9]{5,10})($|[^0-9A-Za-z])'
      THEN 'phone'
    WHEN v ~ '(^|[^0-9.])([0-9]{1,3}\.){3}0*[1-9][0-9]{0,2}($|[^0-9.])'
         OR v ~ '(^|[^0-9A-Fa-f:])[0-9A-Fa-f]{1,4}(:[0-9A-Fa-f]{0,4}){3,7}($|[^0-9A-Fa-f:])'
      THEN 'ip address'
    WHEN rule_column THEN 'not masked'
    WHEN lower(btrim(v)) = ANY (guest_values) THEN 'guest value'
  END
$$;
